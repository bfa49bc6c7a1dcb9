// The narrative of section 一 often restates the number of applications. Reports differ in
// which number they mean (new, new + carried over, or handled), so a stated figure that
// matches none of them is worth a warning: one of the two is wrong.
import type { Cell, Check } from './report.ts';
import { T3, T3_TOTAL_COLUMN } from './schema.ts';
import { readNumber } from './numbers.ts';
import { compactText } from './compact.ts';

const STATED = /(收到|受理|接收|办理|收|接到|共收)[^。；;，,]{0,16}?(政府信息公开|依申请公开|信息公开)[^。；;]{0,12}?(申请|件)[^。；;\d]{0,6}?([\d,，０-９]+)\s*(件|条|个)/g;

export function statedApplications(text: string): { value: number; sentence: string }[] {
  const out: { value: number; sentence: string }[] = [];
  for (const m of compactText(text).matchAll(STATED)) {
    const value = readNumber(m[4].replace(/，/g, ','));
    if (value !== null) out.push({ value, sentence: m[0] });
  }
  return out;
}

export function narrativeCheck(overview: string, table3: Cell[][]): Check[] {
  const total = (row: number) => table3[row]?.[T3_TOTAL_COLUMN] ?? null;
  const fresh = total(T3.NEW);
  const carried = total(T3.CARRIED_OVER);
  const handled = total(T3.TOTAL_HANDLED);
  if (fresh === null && handled === null) return [];
  const plausible = new Set<number>();
  for (const v of [fresh, handled]) if (v !== null) plausible.add(v);
  if (fresh !== null && carried !== null) plausible.add(fresh + carried);
  const stated = statedApplications(overview);
  const first = stated.find((s) => !plausible.has(s.value));
  if (!first || stated.some((s) => plausible.has(s.value))) return [];
  return [{
    code: 'narrative.applications_mismatch',
    severity: 'warning',
    cells: [{ table: 'table3', row: T3.NEW, col: T3_TOTAL_COLUMN }, { table: 'table3', row: T3.TOTAL_HANDLED, col: T3_TOTAL_COLUMN }],
    message_zh: `正文称申请 ${first.value} 件（“${first.sentence}”），与表三不符（新收 ${fresh ?? '—'}，办理总计 ${handled ?? '—'}）。`,
    message_en: `The text states ${first.value} applications ("${first.sentence}"), which disagrees with table 3 (new ${fresh ?? '—'}, handled ${handled ?? '—'}).`,
  }];
}

// ---------------------------------------------------------------------------------------
// Table 2's document counts stated in the text ("本年度制发规范性文件12件，废止3件，现行有效行政
// 规范性文件145件"): a glued row of three numbers that no identity splits is read with them.

export interface StatedCount {
  /** 0 issued, 1 repealed, 2 in force (the columns of table 2's document rows). */
  index: 0 | 1 | 2;
  value: number;
  /** The sentence (clause) that states it, as printed. */
  sentence: string;
}

/** The clause of `text` around [from, to): up to the nearest 。；; on either side, at most 60 characters each way. */
function clauseAround(text: string, from: number, to: number): string {
  let a = from;
  while (a > 0 && from - a < 60 && !/[。；;!！?？]/.test(text[a - 1])) a--;
  let b = to;
  while (b < text.length && b - to < 60 && !/[。；;!！?？]/.test(text[b])) b++;
  return text.slice(a, b);
}

const DOC_NOUN = { regulations: '(?:政府)?规章', normative_documents: '(?:行政)?规范性文件' } as const;

/** Counts the text states for table 2's 规章 or 行政规范性文件 row; a count stated twice with different values is dropped. */
type DocPattern = [RegExp, (m: RegExpMatchArray) => [0 | 1 | 2, string][]];

function docPatterns(noun: string): DocPattern[] {
  const num = '(\\d[\\d,，]*)';
  // Issued (and a repealed count right after it: "制发规范性文件12件，废止3件"), repealed, in force.
  return [
    [new RegExp(`(?:制发|制定|出台|印发|发布)(?:了)?${noun}(?:共)?${num}件(?:[，,、](?:废止|清理废止)${num}件)?`, 'g'), (m) => [[0, m[1]], ...(m[2] ? [[1, m[2]] as [1, string]] : [])]],
    [new RegExp(`(?:废止|清理废止)(?:了)?${noun}(?:共)?${num}件`, 'g'), (m) => [[1, m[1]]]],
    [new RegExp(`现行有效(?:的)?${noun}(?:共)?${num}件`, 'g'), (m) => [[2, m[1]]]],
  ];
}

/** The patterns of each row, made once (matchAll copies a pattern: sharing one is safe). */
const DOC_PATTERNS = { regulations: docPatterns(DOC_NOUN.regulations), normative_documents: docPatterns(DOC_NOUN.normative_documents) };

export function statedDocumentCounts(text: string, row: keyof typeof DOC_NOUN): StatedCount[] {
  const compact = compactText(text);
  const found: StatedCount[] = [];
  const patterns = DOC_PATTERNS[row];
  for (const [re, read] of patterns) {
    for (const m of compact.matchAll(re)) {
      // Table 2's own header words ("本年制发件数") never match: the noun must follow the verb.
      for (const [index, digits] of read(m)) {
        const value = readNumber(digits.replace(/，/g, ','));
        if (value !== null && Number.isInteger(value)) found.push({ index, value, sentence: clauseAround(compact, m.index!, m.index! + m[0].length) });
      }
    }
  }
  return found.filter((f) => !found.some((g) => g.index === f.index && g.value !== f.value));
}
