// The narrative of section 一 often restates the number of applications. Reports differ in
// which number they mean (new, new + carried over, or handled), so a stated figure that
// matches none of them is worth a warning: one of the two is wrong.
import type { Cell, Check } from './report.ts';
import { T3, T3_TOTAL_COLUMN } from './schema.ts';
import { readNumber } from './numbers.ts';

const STATED = /(收到|受理|接收|办理|收|接到|共收)[^。；;，,]{0,16}?(政府信息公开|依申请公开|信息公开)[^。；;]{0,12}?(申请|件)[^。；;\d]{0,6}?([\d,，０-９]+)\s*(件|条|个)/g;

export function statedApplications(text: string): { value: number; sentence: string }[] {
  const out: { value: number; sentence: string }[] = [];
  for (const m of text.replace(/\s+/g, '').matchAll(STATED)) {
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
