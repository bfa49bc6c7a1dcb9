// Who published the report, for which year, governing which area. Read from the title
// first, then the body; every field records where it came from.
import { compactText } from './compact.ts';
import type { Line } from './lines.ts';
import type { FieldSource } from './report.ts';
import { canonicalAgencyName, classifyAgency, isNationalBody, resolveRegion } from './region.ts';
import { toHalfWidth } from './numbers.ts';

export interface TitleInfo {
  agency: string | null;
  year: number | null;
  line: number;
}

/**
 * Labels of a scraped page's metadata box ("标题：", "名称：", "单位：", "来源：", "发布机构：" …),
 * which lose their colon when cells are joined: never part of an agency name.
 */
export const META_LABEL = /^(?:标\s*题|题\s*名|文件名称|名\s*称|发布单位|发文单位|公开单位|责任单位|主办单位|单\s*位|信息来源|文章来源|来\s*源|发布机构|发文机关|所属机构|发\s*布\s*者|作\s*者|索\s*引\s*号|主题分类|分\s*类)\s*[:：]?\s*/;

/** Every leading metadata label off a string ("名称 单位：X" → "X"). */
export function stripLabels(s: string): string {
  let out = s;
  for (let m = META_LABEL.exec(out); m && m[0].length; m = META_LABEL.exec(out)) out = out.slice(m[0].length);
  return out;
}

/** Strip site names and separators glued around a title ("X网站-标题_栏目"). */
function cleanAgency(s: string): string | null {
  const parts = s.split(/[-_|>»：:—]+/).map((p) => p.trim()).filter(Boolean);
  const name = stripLabels(parts[parts.length - 1] ?? '').replace(/^(关于|标题)/, '').replace(/关于$/, '').replace(/[《》“”"'\s]/g, '');
  return name.length >= 2 && name.length <= 40 && /[\u4e00-\u9fff]/.test(name) ? name : null;
}

/**
 * A year a report can be for (the bounds manifest.csv keeps), else null: a title or period
 * printing 9999 or 0202 gave the report that year, and the site a year axis to it (hos17).
 */
export function plausibleYear(year: number): number | null {
  return year >= 2000 && year <= 2100 ? year : null;
}

export function parseTitle(text: string): { agency: string | null; year: number | null; clean: boolean } | null {
  // 年, 公, 开 and 报 are needed below (公开, and 年度报告 or 年报), and the normalising only maps
  // to ASCII or drops characters: a line without them (most lines, and most sentences that
  // mention 年 and 公开) is passed over before it.
  if (!text.includes('年') || !text.includes('公') || !text.includes('报') || !text.includes('开')) return null;
  const s = stripLabels(toHalfWidth(text).replace(/\s+/g, '').replace(/^#+/, ''));
  if (!/年度报告|年报/.test(s) || !/公开/.test(s)) return null;
  // "嘉兴市人民政府办公室2024年度政府信息公开工作年度报告"
  let m = /^(.*?)(\d{4})年度?(政府信息公开|政务公开|信息公开)(工作)?(年度)?(报告|年报)(.*)$/.exec(s);
  if (m) return { agency: cleanAgency(m[1]), year: plausibleYear(Number(m[2])), clean: m[7] === '' && !/[-_|]/.test(m[1]) };
  // "2024年昌吉州发改委政府信息公开工作年度报告"
  m = /^(.*?)(\d{4})年度?(.*?)(政府信息公开|政务公开|信息公开)(工作)?(年度)?(报告|年报)(.*)$/.exec(s);
  if (m) return { agency: cleanAgency(m[3]) ?? cleanAgency(m[1]), year: plausibleYear(Number(m[2])), clean: m[1] === '' && m[8] === '' };
  return null;
}

/** The report's title: the first clean title line near the top, else a messy one. */
export function findTitle(lines: Line[], htmlTitle: string | null): TitleInfo | null {
  const candidates: (TitleInfo & { clean: boolean })[] = [];
  const head = lines.slice(0, 40);
  head.forEach((line, i) => {
    const t = parseTitle(line.cells.join(''));
    if (t && (t.agency || t.year)) candidates.push({ agency: t.agency, year: t.year, line: i, clean: t.clean });
  });
  if (htmlTitle) {
    const t = parseTitle(htmlTitle);
    if (t && (t.agency || t.year)) candidates.push({ agency: t.agency, year: t.year, line: -1, clean: t.clean });
  }
  const best = candidates.find((c) => c.clean && c.agency) ?? candidates.find((c) => c.agency) ?? candidates[0];
  return best ? { agency: best.agency, year: best.year, line: best.line } : null;
}

const STATISTICS_PERIOD = /统计(期限|时限|区间|期间|时间)[^\d。\n]{0,12}(\d{4})\s*年\s*1\s*月\s*1\s*日/;
/** The same, matched only where it starts (lastIndex 0). */
const STATISTICS_PERIOD_HERE = new RegExp(STATISTICS_PERIOD.source, 'y');
/** Characters after each 统 that are normalised and tried first (the match is 25 characters but for its white space). */
const STATISTICS_WINDOW = 200;

/** "本报告所列数据的统计期限为2024年1月1日至12月31日" → 2024. */
export function statisticsYear(text: string): number | null {
  // The match starts at a 统 (normalising neither makes nor drops one): each 统 in turn, the
  // characters after it normalised and matched there. A match is 25 characters but for the white
  // space its \s* take: a window with fewer white space characters than its length less 32 holds
  // every match that starts at its 统 (more: that 统 is tried on the whole rest of the text).
  for (let from = text.indexOf('统'); from >= 0; from = text.indexOf('统', from + 1)) {
    const to = Math.min(text.length, from + STATISTICS_WINDOW);
    const window = halfWidthWithoutSpaces(text, from, to);
    if (to < text.length && whiteSpaceCount(window) >= window.length - 32) {
      const m = STATISTICS_PERIOD.exec(halfWidthWithoutSpaces(text, from, text.length));
      return m ? plausibleYear(Number(m[2])) : null;
    }
    STATISTICS_PERIOD_HERE.lastIndex = 0;
    const m = STATISTICS_PERIOD_HERE.exec(window);
    if (m) return plausibleYear(Number(m[2]));
  }
  return null;
}

/** Characters \s matches (and other control characters: an over-count only sends the search to the whole text). */
function whiteSpaceCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) n++;
  }
  return n;
}

/**
 * toHalfWidth(text.slice(from, to)).replace(/[ \u3000]+/g, '') in one pass over the text: full-width
 * forms to ASCII, spaces (and ideographic spaces, which toHalfWidth makes spaces) dropped.
 */
function halfWidthWithoutSpaces(text: string, from: number, to: number): string {
  const units = new Uint16Array(to - from);
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x3000) continue;
    units[n++] = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
  }
  let out = '';
  for (let at = 0; at < n; at += 4096) out += String.fromCharCode.apply(null, units.subarray(at, Math.min(n, at + 4096)) as unknown as number[]);
  return out;
}

/** The most frequent plausible year in a text, for reports with no title. */
export function commonYear(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of toHalfWidth(text).matchAll(/(20[0-4]\d)\s*年/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  let best: number | null = null;
  for (const [y, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && y > best)) best = y;
  return best;
}

const AGENCY_END = /(人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|委员会|办公室|办公厅|局|厅|委|中心|院|署|办|所|站|队|会|馆|处|部)$/;
const DATE_LINE = /^(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$/;

/** The signature at the end of the report: an agency name on the line above a date. */
export function findSignature(lines: Line[]): string | null {
  // The last 12 non-empty lines among the last 40, read from the end.
  const tail: string[] = [];
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 40) && tail.length < 12; i--) {
    const text = toHalfWidth(lines[i].cells.join('')).replace(/[\s()（）]+/g, '');
    if (text) tail.unshift(text);
  }
  for (let i = tail.length - 1; i > 0; i--) {
    // The date first: most lines are none, and the name above is stripped only under one.
    if (!DATE_LINE.test(tail[i])) continue;
    const name = stripLabels(tail[i - 1]);
    if (name.length <= 30 && AGENCY_END.test(name) && !/[，。；、]/.test(name)) return name;
  }
  return null;
}

const BODY_SUFFIXES = ['人民政府办公室', '人民政府办公厅', '人民政府', '行政公署办公室', '行政公署', '管理委员会'];

/**
 * With no title, the agency is the body that speaks of itself: the full names in the text
 * ("南昌市人民政府办公室") scored by how often they, and the short self-references the
 * text uses ("市政府办公室"), appear.
 */
export function agencyFromBody(text: string, resolves: (name: string) => string | null): string | null {
  const scores = new Map<string, number>();
  const compact = compactText(text);
  for (const suffix of BODY_SUFFIXES) {
    let from = 0;
    for (let at = compact.indexOf(suffix, from); at >= 0; at = compact.indexOf(suffix, from)) {
      from = at + suffix.length;
      // Longest suffix first: 人民政府 inside 人民政府办公室 is the office, not the government.
      if ((suffix === '人民政府' || suffix === '行政公署') && /^(办公室|办公厅)/.test(compact.slice(from))) continue;
      // Long enough for a prefecture and an autonomous county in front (红河哈尼族彝族自治州金平苗族瑶族傣族自治县).
      const before = compact.slice(Math.max(0, at - 32), at);
      for (let len = before.length; len >= 2; len--) {
        const place = before.slice(before.length - len);
        const region = resolves(place + suffix);
        if (region === place) {
          const name = place + suffix;
          scores.set(name, (scores.get(name) ?? 0) + 1);
          break;
        }
      }
    }
  }
  const selfOffice = (compact.match(/(省|市|县|区|州|地区|盟)(政府|行署|行政公署)(办公室|办公厅|（办公室）|\(办公室\))/g) ?? []).length;
  let best: string | null = null;
  let bestScore = 0;
  for (const [name, n] of scores) {
    const score = n + (/办公室|办公厅/.test(name) ? 2 * selfOffice : 0);
    if (score > bestScore) [best, bestScore] = [name, score];
  }
  return best;
}

export interface AgencyChoice {
  agency: string | null;
  source: FieldSource;
}

/**
 * How much a candidate looks like an agency name: `full` when it ends as a body does (classifyAgency)
 * and names a region (or is a national body), `suffix` when it only ends as a body does, null
 * otherwise (a label, a site name, a file number): such a candidate is never used.
 */
export function agencyShape(name: string, context?: string): 'full' | 'suffix' | null {
  if (META_LABEL.test(name) && stripLabels(name) !== name) return null;
  if (!classifyAgency(name)) return null;
  return resolveRegion(name, context) || isNationalBody(name) ? 'full' : 'suffix';
}

/**
 * Title first; a signature that spells out an abbreviated title wins (昌吉州发改委 → 昌吉州发展和改革委员会).
 * A candidate that does not look like an agency (agencyShape) is passed over; one that names no
 * region is used only when no candidate does.
 */
export function chooseAgency(title: string | null, signature: string | null, body: string | null, context?: string): AgencyChoice {
  const shape = (n: string | null) => (n ? agencyShape(canonicalAgencyName(n), context) : null);
  const t = shape(title) ? title : null;
  const sig = shape(signature) ? signature : null;
  if (t && sig && sig.length > t.length && sig.slice(0, 2) === t.slice(0, 2) && !sig.includes(t) && shape(sig) === 'full') {
    return { agency: sig, source: 'signature' };
  }
  const ranked: [string | null, FieldSource][] = [[t, 'title'], [sig, 'signature'], [shape(body) ? body : null, 'body']];
  const pick = ranked.find(([n]) => n && shape(n) === 'full') ?? ranked.find(([n]) => n);
  if (!pick) return { agency: null, source: 'none' };
  return { agency: pick[1] === 'body' ? pick[0] : canonicalAgencyName(pick[0]!), source: pick[1] };
}
