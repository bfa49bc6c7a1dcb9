// The six sections of a report, found by their numbered headings. The introduction often
// lists the section names without numbers ("全文包括总体情况、主动公开政府信息情况…"), so a
// heading needs its numeral. A heading is a hint, not a gate: one misspelt or with a stray
// character ("行政复仪", "行政复x议") is still found when most of its words are there, and
// table 4 is found by its own header words when its heading is not found at all (table4Start).
import type { Line, Token } from './lines.ts';
import { normalizeLabel } from './labels.ts';

export type SectionKey = 'overview' | 'table2' | 'table3' | 'table4' | 'problems' | 'other';

/** "三、", "三.", "（三）", "3." … then the heading words. */
const numbered = (numeral: string, words: string) => new RegExp(`^(第)?[（(]?[${numeral}][)）]?(部分)?[、.．,，:：\\s]*${words}`);
const HEADINGS: [SectionKey, RegExp][] = [
  ['overview', numbered('一1', '总体情况')],
  ['table2', numbered('二2', '主动公开政府信息')],
  ['table3', numbered('三3', '(收到和处理|依申请公开).{0,12}申请')],
  ['table4', numbered('四4', '.{0,16}行政复议')],
  ['problems', numbered('五5', '.{0,12}(问题|改进)')],
  ['other', numbered('六6', '其他.{0,6}事项')],
];

/** The template's heading words after the numeral, for headings printed with a typo or a stray character. */
const HEADING_WORDS: [SectionKey, string, string[]][] = [
  ['overview', '一1', ['总体情况']],
  ['table2', '二2', ['主动公开政府信息情况']],
  ['table3', '三3', ['收到和处理政府信息公开申请情况']],
  ['table4', '四4', ['政府信息公开行政复议行政诉讼情况', '因政府信息公开申请行政复议行政诉讼情况']],
  ['problems', '五5', ['存在的主要问题及改进情况', '政府信息公开工作存在的主要问题及改进情况']],
  ['other', '六6', ['其他需要报告的事项']],
];
const NUMERAL = /^(第)?[（(]?([一二三四五六1-6])[)）]?(部分)?[、.．,，:：\s]*/;

/** The numerals a section's heading is numbered with ("二2"): nearHeading is false for any other. */
export function headingNumerals(key: SectionKey): string {
  return HEADING_WORDS.find(([k]) => k === key)![1];
}

/** Length of the longest common subsequence of two short strings. */
function lcs(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * A numbered heading that is the template's, give or take a typo: its numeral, then text whose
 * characters cover most of the heading words in order, with little else.
 */
export function nearHeading(text: string, key: SectionKey): boolean {
  const m = NUMERAL.exec(text);
  const entry = HEADING_WORDS.find(([k]) => k === key)!;
  if (!m || !entry[1].includes(m[2])) return false;
  const rest = normalizeLabel(text.slice(m[0].length));
  return entry[2].some((words) => {
    if (rest.length > words.length + 4 || rest.length < words.length - 4) return false;
    const common = lcs(rest, words);
    return common >= words.length * 0.8 && common >= rest.length * 0.75;
  });
}

/**
 * False when no heading near `key`'s words (nearHeading) can start in `window` or any prefix of it:
 * too few of the words' characters occur in it at all. The longest common subsequence of the
 * heading words and a text is at most the count of the words' characters found in the text, and
 * the words are Han, which normalizeLabel keeps as they are. A bound to test before nearHeading's
 * subsequence, for the many numerals of a glued line ("二、上年结转…") that start no heading.
 */
export function mayHoldNearHeading(window: string, key: SectionKey): boolean {
  const words = HEADING_WORDS.find(([k]) => k === key)![2];
  return words.some((w) => {
    let present = 0;
    for (let j = 0; j < w.length; j++) if (window.includes(w[j])) present++;
    return present >= w.length * 0.8;
  });
}

/** A glued line (heading and table on one line) that starts with a heading near the template's. */
function startsNearHeading(text: string, key: SectionKey): boolean {
  const words = HEADING_WORDS.find(([k]) => k === key)![2];
  const m = NUMERAL.exec(text);
  if (!m) return false;
  return words.some((w) => {
    for (let l = w.length - 4; l <= w.length + 4; l++) if (nearHeading(text.slice(0, m[0].length + l), key)) return true;
    return false;
  });
}

export interface Sections {
  /** Line index where each section starts; undefined when its heading was not found. */
  start: Partial<Record<SectionKey, number>>;
  /** [from, to) lines of a section: up to the next heading found, or the end. */
  range(key: SectionKey): [number, number] | null;
}

/** White space as /\s/ matches it (one UTF-16 code unit). */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The line's cells joined, without white space; the replace only where a cell holds some (a scan of short cells costs less than the pattern). */
function lineText(line: Line): string {
  const cells = line.cells;
  const joined = cells.length === 1 ? cells[0] : cells.join('');
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    // isSpace asked only in the ranges that hold white space (not of a Han character): the parsing
    // thread does not inline it, and this was a call per character of every candidate line.
    if (c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : ((c >= 0xa0 && c <= 0x3000) || c === 0xfeff) && isSpace(c)) return joined.replace(/\s+/g, '');
  }
  return joined;
}

/** What a heading's text starts with: 第, a bracket or its numeral (HEADINGS, NUMERAL), by char code. */
const HEADING_FIRST = new Set([...'第（(一二三四五六123456'].map((ch) => ch.charCodeAt(0)));
const KEPT = /[\p{Script=Han}\d（(]/u;

/**
 * The text's leading debris off: what precedes its first Han character, digit or bracket. Most
 * candidates start with one: the Unicode-script pattern runs only where the first character is
 * not one of them for certain (U+4E00–U+9FA5 are Han in every Unicode version).
 */
function withoutDebris(text: string): string {
  const c = text.charCodeAt(0);
  if ((c >= 0x4e00 && c <= 0x9fa5) || (c >= 0x30 && c <= 0x39) || c === 0xff08 || c === 0x28) return text;
  return text.replace(/^[^\p{Script=Han}\d（(]+/u, '');
}

/**
 * KEPT.test(String.fromCharCode(c)) for one code unit: below U+2E80 (where the Han script starts)
 * only digits and brackets are kept, U+4E00–U+9FA5 are Han; the pattern decides the rest.
 */
function isKept(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || c === 0x28 || c === 0xff08 || (c >= 0x4e00 && c <= 0x9fa5)) return true;
  if (c < 0x2e80) return false;
  return KEPT.test(String.fromCharCode(c));
}

/**
 * False when the line's heading text (lineText, less its leading debris) cannot start as a
 * heading does, found without building it: most lines are passed over so. The first character
 * kept decides; true whenever unsure. By char code: a one-character string per character, looked
 * up in a Set and tested by two patterns, was a fifth of findSections.
 */
function mayStartHeading(line: Line): boolean {
  for (const cell of line.cells) {
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (HEADING_FIRST.has(c)) return true;
      if (isSpace(c) || !isKept(c)) continue;
      return false;
    }
  }
  return true;
}

export function findSections(lines: Line[]): Sections {
  // Each heading's line by its place in HEADINGS (-1: not found): a plain array while searching.
  const at: number[] = HEADINGS.map(() => -1);
  // A heading is a short line of its own (a sentence that mentions it is not), or the start of
  // a line cut from glued text. Leading page debris ("???", "##") is not part of it.
  const candidates: (string | null)[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let length = 0;
    for (let c = 0; c < line.cells.length; c++) length += line.cells[c].length;
    if (!line.glued && length > 80) {
      candidates[i] = null;
      continue;
    }
    if (!mayStartHeading(line)) {
      candidates[i] = null;
      continue;
    }
    const text = withoutDebris(lineText(line));
    candidates[i] = text.length <= 40 || line.glued ? text : null;
  }
  let from = 0;
  for (let k = 0; k < HEADINGS.length; k++) {
    const re = HEADINGS[k][1];
    for (let i = from; i < lines.length; i++) {
      const text = candidates[i];
      if (text !== null && re.test(text)) {
        at[k] = i;
        from = i + 1;
        break;
      }
    }
  }
  // Headings printed with a typo: looked for between the neighbours that were found.
  for (let k = 0; k < HEADINGS.length; k++) {
    if (at[k] >= 0) continue;
    const key = HEADINGS[k][0];
    let a = 0;
    for (let j = 0; j < k; j++) if (at[j] >= 0) a = Math.max(a, at[j] + 1);
    let b = lines.length;
    let any = false;
    for (let j = k + 1; j < HEADINGS.length; j++) {
      if (at[j] < 0) continue;
      b = any ? Math.min(b, at[j]) : at[j];
      any = true;
    }
    for (let i = a; i < b; i++) {
      const text = candidates[i];
      if (text !== null && (lines[i].glued ? startsNearHeading(text, key) : nearHeading(text, key))) {
        at[k] = i;
        break;
      }
    }
  }
  // Every key present, in one order (undefined where not found): one hidden class for every
  // report, where keys added as found made a shape per combination and the readers of `start`
  // were compiled for one and thrown back at the next.
  const start: Partial<Record<SectionKey, number>> = { overview: undefined, table2: undefined, table3: undefined, table4: undefined, problems: undefined, other: undefined };
  for (let k = 0; k < HEADINGS.length; k++) if (at[k] >= 0) start[HEADINGS[k][0]] = at[k];
  const found = at.filter((i) => i >= 0);
  return {
    start,
    range(key) {
      const s = start[key];
      if (s === undefined) return null;
      let next = lines.length;
      for (const i of found) if (i > s && i < next) next = i;
      // A glued heading line carries its table on the same line.
      return [lines[s].glued ? s : s + 1, next];
    },
  };
}

/** Header words only table 4 prints (table 3 never does). */
const TABLE4_HEADER = /结果维持|结果纠正|尚未审结|未经复议直接起诉|复议后起诉/;

/**
 * Where table 4 starts among the tokens of the text after table 3's heading, found by its own
 * header words (for a report whose table 4 heading was not found): the first text token with one
 * of them, after table 3's last row label (结转下年度继续办理) if that is printed. -1 when none.
 */
export function table4Start(tokens: Token[]): number {
  let from = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t.kind === 'text' && /结转下年度/.test(normalizeLabel(t.text))) {
      from = i + 1;
      break;
    }
  }
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'text' && TABLE4_HEADER.test(normalizeLabel(t.text))) {
      // Start at the table's first header line: the tokens of this line and of the words just
      // before it (行政复议 / 行政诉讼) belong to the table too, but no number of table 3 does.
      let at = i;
      while (at > from && tokens[at - 1].kind !== 'value') at--;
      return at;
    }
  }
  return -1;
}

/** Header words and first row labels only table 3 prints. */
const TABLE3_HEADER = /申请人情况|本年新收|新收政府信息公开申请/;

/**
 * Where table 3 starts among the tokens of table 2's section, found by its own header words (for a
 * report whose table 3 heading was not found, so that table 2's section runs on into it). -1 when none.
 */
export function table3Start(tokens: Token[]): number {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'text' && TABLE3_HEADER.test(normalizeLabel(t.text))) {
      // The words just before it on the same row (the table's note) belong to the table, no number of table 2 does.
      let at = i;
      while (at > 0 && tokens[at - 1].kind === 'text') at--;
      return at;
    }
  }
  return -1;
}
