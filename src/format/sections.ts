// The six sections of a report, found by their numbered headings. The introduction often
// lists the section names without numbers ("全文包括总体情况、主动公开政府信息情况…"), so a
// heading needs its numeral.
import type { Line } from './lines.ts';

export type SectionKey = 'overview' | 'table2' | 'table3' | 'table4' | 'problems' | 'other';

const SEP = '[、.．,，\\s]*';
const HEADINGS: [SectionKey, RegExp][] = [
  ['overview', new RegExp(`[一1]${SEP}总体情况`)],
  ['table2', new RegExp(`[二2]${SEP}主动公开政府信息(的)?情况`)],
  ['table3', new RegExp(`[三3]${SEP}收到和处理政府信息公开申请(的)?情况`)],
  ['table4', new RegExp(`[四4]${SEP}政府信息公开行政复议`)],
  ['problems', new RegExp(`[五5]${SEP}(政府信息公开工作)?存在的?主要问题`)],
  ['other', new RegExp(`[六6]${SEP}其他需要报告的事项`)],
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
  let from = 0;
  for (const [key, re] of HEADINGS) {
    for (let i = from; i < lines.length; i++) {
      // A heading is a short line of its own; a sentence that mentions it is not.
      const text = lineText(lines[i]);
      if (text.length <= 40 && re.test(text)) {
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
      return [s + 1, next.length ? Math.min(...next) : lines.length];
    },
  };
}
