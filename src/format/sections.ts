// The six sections of a report, found by their numbered headings. The introduction often
// lists the section names without numbers ("全文包括总体情况、主动公开政府信息情况…"), so a
// heading needs its numeral.
import type { Line } from './lines.ts';

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

export interface Sections {
  /** Line index where each section starts; absent when its heading was not found. */
  start: Partial<Record<SectionKey, number>>;
  /** [from, to) lines of a section: up to the next heading found, or the end. */
  range(key: SectionKey): [number, number] | null;
}

function lineText(line: Line): string {
  return line.cells.join('').replace(/\s+/g, '');
}

export function findSections(lines: Line[]): Sections {
  const start: Partial<Record<SectionKey, number>> = {};
  // A heading is a short line of its own (a sentence that mentions it is not), or the start of
  // a line cut from glued text. Leading page debris ("???", "##") is not part of it.
  const candidates = lines.map((line) => {
    if (!line.glued && line.cells.reduce((n, c) => n + c.length, 0) > 80) return null;
    const text = lineText(line).replace(/^[^\p{Script=Han}\d（(]+/u, '');
    return text.length <= 40 || line.glued ? text : null;
  });
  let from = 0;
  for (const [key, re] of HEADINGS) {
    for (let i = from; i < lines.length; i++) {
      const text = candidates[i];
      if (text !== null && re.test(text)) {
        start[key] = i;
        from = i + 1;
        break;
      }
    }
  }
  const found = HEADINGS.map(([k]) => k).filter((k) => start[k] !== undefined);
  return {
    start,
    range(key) {
      const s = start[key];
      if (s === undefined) return null;
      const next = found.map((k) => start[k]!).filter((i) => i > s);
      // A glued heading line carries its table on the same line.
      return [lines[s].glued ? s : s + 1, next.length ? Math.min(...next) : lines.length];
    },
  };
}
