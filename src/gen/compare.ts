// A parsed report against its generated truth: every cell, the fee and the metadata.
import type { Report } from '../format/report.ts';
import { TABLE2_FIELDS } from '../format/schema.ts';
import type { Truth } from './index.ts';

export interface Mismatch {
  field: string;
  expected: unknown;
  got: unknown;
}

const T2_KEYS = TABLE2_FIELDS.map((f) => [f.row, f.index] as const);

function t2Value(t: Truth['table2'] | Report['table2'], i: number): number | null {
  const [row, index] = T2_KEYS[i];
  const v = t[row as keyof typeof t];
  return Array.isArray(v) ? (v[index] as number | null) : (v as number | null);
}

export function compareReport(report: Report, truth: Truth): Mismatch[] {
  const out: Mismatch[] = [];
  const eq = (field: string, expected: unknown, got: unknown) => {
    if (expected !== got) out.push({ field, expected, got });
  };
  eq('agency', truth.agency, report.agency);
  eq('year', truth.year, report.year);
  eq('region_code', truth.region_code, report.region_code);
  const ambiguous = new Set(truth.ambiguous_cells.filter(([t]) => t === 'table2').map(([, r]) => r));
  for (let i = 0; i < T2_KEYS.length; i++) {
    const expected = t2Value(truth.table2, i);
    const got = t2Value(report.table2, i);
    // A glued run that splits several ways must be left empty, never guessed.
    if (ambiguous.has(i)) {
      if (got !== null && got !== expected) out.push({ field: `table2.${TABLE2_FIELDS[i].key} (ambiguous)`, expected: null, got });
    } else eq(`table2.${TABLE2_FIELDS[i].key}`, expected, got);
  }
  const ambiguous3 = new Set(truth.ambiguous_cells.filter(([t]) => t === 'table3').map(([, r, c]) => `${r},${c}`));
  for (let r = 0; r < truth.table3.length; r++) {
    for (let c = 0; c < 7; c++) {
      const got = report.table3[r]?.[c] ?? null;
      if (ambiguous3.has(`${r},${c}`)) {
        if (got !== null && got !== truth.table3[r][c]) out.push({ field: `table3[${r}][${c}] (ambiguous)`, expected: null, got });
      } else eq(`table3[${r}][${c}]`, truth.table3[r][c], got);
    }
  }
  for (let i = 0; i < 15; i++) eq(`table4[${i}]`, truth.table4[i], report.table4[i] ?? null);
  eq('processing_fee_yuan', truth.processing_fee_yuan, report.processing_fee_yuan);
  return out;
}

/** Per-shape tallies: reports fully right, and cells right. */
export interface Tally {
  reports: number;
  exact: number;
  cells: number;
  cellsRight: number;
  /** Mismatches by field group (table3, table4, agency …), counted once per report. */
  byField: Record<string, number>;
}

/** Cells compared per report: 11 (table 2) + 175 (table 3) + 15 (table 4) + fee + agency, year, region. */
export const CELLS_PER_REPORT = 11 + 175 + 15 + 1 + 3;

export function tallyInto(tallies: Record<string, Tally>, shape: string, mismatches: Mismatch[]): void {
  const t = (tallies[shape] ??= { reports: 0, exact: 0, cells: 0, cellsRight: 0, byField: {} });
  t.reports++;
  if (mismatches.length === 0) t.exact++;
  t.cells += CELLS_PER_REPORT;
  t.cellsRight += CELLS_PER_REPORT - mismatches.length;
  for (const group of new Set(mismatches.map((m) => m.field.replace(/[.[].*$/, '')))) t.byField[group] = (t.byField[group] ?? 0) + 1;
}

export function formatTallies(tallies: Record<string, Tally>): string {
  const rows = Object.entries(tallies).sort(([a], [b]) => a.localeCompare(b));
  const total: Tally = { reports: 0, exact: 0, cells: 0, cellsRight: 0, byField: {} };
  const lines = ['shape           reports   exact     reports%  cells%     wrong reports by field'];
  const line = (name: string, t: Tally) => lines.push(
    `${name.padEnd(15)} ${String(t.reports).padStart(7)} ${String(t.exact).padStart(7)}   ${(100 * t.exact / t.reports).toFixed(2).padStart(7)}%  ${(100 * t.cellsRight / t.cells).toFixed(3).padStart(8)}%  ${Object.entries(t.byField).map(([k, v]) => `${k}:${v}`).join(' ')}`);
  for (const [name, t] of rows) {
    line(name, t);
    total.reports += t.reports;
    total.exact += t.exact;
    total.cells += t.cells;
    total.cellsRight += t.cellsRight;
    for (const [k, v] of Object.entries(t.byField)) total.byField[k] = (total.byField[k] ?? 0) + v;
  }
  line('all', total);
  return lines.join('\n');
}
