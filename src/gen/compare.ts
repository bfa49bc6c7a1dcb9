// A parsed report against its generated truth: every cell, the fee and the metadata, each judged
//   right           the value of the truth (or null where the truth says no reader can tell)
//   wrong           a value other than the truth's, or a guess where the truth says null; `flagged`
//                   when a check of the report (warning or error) names the cell
//   null            no value where the truth has one; `flagged` when a check names the cell
// Wrong without a flag is the worst case: a number nobody is warned about.
import type { Check, Report } from '../format/report.ts';
import { TABLE2_FIELDS } from '../format/schema.ts';
import type { Truth } from './index.ts';

export type Outcome = 'right' | 'wrong_unflagged' | 'wrong_flagged' | 'null_flagged' | 'null_unflagged';
export const OUTCOMES: readonly Outcome[] = ['right', 'wrong_unflagged', 'wrong_flagged', 'null_flagged', 'null_unflagged'];

export interface Mismatch {
  field: string;
  expected: unknown;
  got: unknown;
  outcome: Exclude<Outcome, 'right'>;
}

const T2_KEYS = TABLE2_FIELDS.map((f) => [f.row, f.index] as const);

function t2Value(t: Truth['table2'] | Report['table2'], i: number): number | null {
  const [row, index] = T2_KEYS[i];
  const v = t[row as keyof typeof t];
  return Array.isArray(v) ? (v[index] as number | null) : (v as number | null);
}

/** Cells named by the report's checks: any check (for a null), warnings and errors only (for a wrong value). */
function flags(checks: Check[]) {
  const any = new Set<string>();
  const serious = new Set<string>();
  const tables = new Set<string>();
  let meta = false;
  for (const c of checks) {
    const m = /^parse\.(table\d)\.missing$/.exec(c.code);
    if (m) tables.add(m[1]);
    if (c.code.startsWith('meta.') && c.severity !== 'info') meta = true;
    for (const ref of c.cells) {
      const k = `${ref.table},${ref.row},${ref.col}`;
      any.add(k);
      if (c.severity !== 'info') serious.add(k);
    }
  }
  return { any, serious, tables, meta };
}

/** Every judged field that is not right, with its outcome; `cells` counts every field judged. */
export function compareReport(report: Report, truth: Truth): Mismatch[] {
  const out: Mismatch[] = [];
  const f = flags(report.checks);
  const mustBeNull = new Set(truth.ambiguous_cells.map((c) => c.join(',')));
  const cell = (field: string, key: string | null, table: string, expected: number | string | null, got: number | string | null) => {
    const ambiguous = key !== null && mustBeNull.has(key);
    const want = ambiguous ? null : expected;
    if (want === got) return;
    const named = (set: Set<string>) => (key !== null && set.has(key)) || f.tables.has(table) || (table === 'meta' && f.meta);
    const outcome = got === null ? (named(f.any) ? 'null_flagged' : 'null_unflagged') : named(f.serious) ? 'wrong_flagged' : 'wrong_unflagged';
    out.push({ field: ambiguous ? `${field} (ambiguous)` : field, expected: want, got, outcome });
  };
  cell('agency', null, 'meta', truth.agency, report.agency);
  cell('year', null, 'meta', truth.year, report.year);
  cell('region_code', null, 'meta', truth.region_code, report.region_code);
  cell('kind', null, 'meta', truth.kind, report.kind);
  for (let i = 0; i < T2_KEYS.length; i++) cell(`table2.${TABLE2_FIELDS[i].key}`, `table2,${i},0`, 'table2', t2Value(truth.table2, i), t2Value(report.table2, i));
  for (let r = 0; r < truth.table3.length; r++) {
    for (let c = 0; c < 7; c++) cell(`table3[${r}][${c}]`, `table3,${r},${c}`, 'table3', truth.table3[r][c], report.table3[r]?.[c] ?? null);
  }
  for (let i = 0; i < 15; i++) cell(`table4[${i}]`, `table4,${i},0`, 'table4', truth.table4[i], report.table4[i] ?? null);
  cell('processing_fee_yuan', null, 'fee', truth.processing_fee_yuan, report.processing_fee_yuan);
  return out;
}

/** Fields judged per report: 11 (table 2) + 175 (table 3) + 15 (table 4) + fee + agency, year, region, kind. */
export const CELLS_PER_REPORT = 11 + 175 + 15 + 1 + 4;

/** Per-shape tallies: reports fully right, and fields by outcome. */
export interface Tally {
  reports: number;
  exact: number;
  cells: number;
  outcomes: Record<Outcome, number>;
  /** Reports with a wrong field, by field group (table3, table4, agency …), counted once per report. */
  byField: Record<string, number>;
}

export function emptyTally(): Tally {
  return { reports: 0, exact: 0, cells: 0, outcomes: { right: 0, wrong_unflagged: 0, wrong_flagged: 0, null_flagged: 0, null_unflagged: 0 }, byField: {} };
}

export function tallyInto(tallies: Record<string, Tally>, shape: string, mismatches: Mismatch[]): void {
  const t = (tallies[shape] ??= emptyTally());
  t.reports++;
  if (mismatches.length === 0) t.exact++;
  t.cells += CELLS_PER_REPORT;
  t.outcomes.right += CELLS_PER_REPORT - mismatches.length;
  for (const m of mismatches) t.outcomes[m.outcome]++;
  const wrong = mismatches.filter((m) => m.outcome.startsWith('wrong'));
  for (const group of new Set(wrong.map((m) => m.field.replace(/[.[ ].*$/, '')))) t.byField[group] = (t.byField[group] ?? 0) + 1;
}

export function mergeTally(into: Tally, t: Tally): void {
  into.reports += t.reports;
  into.exact += t.exact;
  into.cells += t.cells;
  for (const o of OUTCOMES) into.outcomes[o] += t.outcomes[o];
  for (const [k, v] of Object.entries(t.byField)) into.byField[k] = (into.byField[k] ?? 0) + v;
}

/** The tallies with an `all` row, and each outcome as a share of the fields judged. */
export function summarize(tallies: Record<string, Tally>) {
  const total = emptyTally();
  for (const t of Object.values(tallies)) mergeTally(total, t);
  const rows = [...Object.entries(tallies).sort(([a], [b]) => a.localeCompare(b)), ['all', total] as const];
  return Object.fromEntries(rows.map(([name, t]) => [name, {
    reports: t.reports, exact_reports: t.exact, cells: t.cells, ...t.outcomes,
    share: Object.fromEntries(OUTCOMES.map((o) => [o, t.cells ? t.outcomes[o] / t.cells : 0])) as Record<Outcome, number>,
    wrong_reports_by_field: t.byField,
  }]));
}

export function formatTallies(tallies: Record<string, Tally>): string {
  const lines = ['shape           reports  exact%     right%   wrong(no flag)  wrong(flagged)  null(flagged)  null(no flag)   wrong reports by field'];
  const pct = (n: number, d: number) => `${(100 * n / d).toFixed(3)}%`;
  for (const [name, s] of Object.entries(summarize(tallies))) {
    lines.push(`${name.padEnd(15)} ${String(s.reports).padStart(7)} ${pct(s.exact_reports, s.reports).padStart(8)} ${pct(s.right, s.cells).padStart(10)}`
      + ` ${String(s.wrong_unflagged).padStart(15)} ${String(s.wrong_flagged).padStart(15)} ${String(s.null_flagged).padStart(14)} ${String(s.null_unflagged).padStart(14)}   `
      + Object.entries(s.wrong_reports_by_field).map(([k, v]) => `${k}:${v}`).join(' '));
  }
  return lines.join('\n');
}
