// The agency page's years: which report counts for each year, each measure's value or why there
// is none (too few to rate, not stated, not in the 2019 template), and the change from the
// previous reported year. Pure functions of the rows agencySeries (src/db/agencies.ts) returns.
import { ACROSS_TEMPLATES, AGENCY_MEASURES, type SeriesRow } from '../db/agencies.ts';
import { measureOf, type Measure } from '../db/distribution.ts';
import type { Label } from '../format/schema.ts';
import { WAN_YUAN_DIGITS } from '../charts/numbers.ts';

/**
 * Decimals a measure of the agency's years is shown with, on its page and in the compare view:
 * counts whole, a fee in 元 to the fen, a fee in 万元 to the yuan (WAN_YUAN_DIGITS: 344.0982, not
 * 344.1), shares and rates to one decimal.
 */
export function measureDigits(key: string): number {
  return key === 'new_applications' || key === 'handled' ? 0 : key === 'processing_fee_yuan' ? 2 : key === 'fees_10k_yuan' ? WAN_YUAN_DIGITS : 1;
}

export type CellState = 'value' | 'too_few' | 'not_stated' | 'not_comparable';

export interface YearCell {
  state: CellState;
  value: number | null;
  /** Change from the previous reported year's value, when both are values; shares in percentage points. */
  change: number | null;
  /** The year the change is from (may not be the year before: a year can be missing). */
  from: number | null;
}

export interface MeasureLine {
  key: string;
  label: Label;
  unit: Label;
  /** Shares: changes are in percentage points. */
  share: boolean;
  cells: YearCell[];
}

export interface AgencyYear {
  year: number;
  /** The report that counts for the year. */
  report: SeriesRow;
  /** Other copies of the same year, in no total. */
  superseded: SeriesRow[];
  oldTemplate: boolean;
}

/** One entry per year (oldest first): the charted report and the superseded copies. Rows without a year are left out. */
export function agencyYears(rows: readonly SeriesRow[]): AgencyYear[] {
  const out: AgencyYear[] = [];
  for (const r of rows) {
    if (r.year === null) continue;
    const last = out[out.length - 1];
    if (last && last.year === r.year) {
      last.superseded.push(r);
      continue;
    }
    out.push({ year: r.year, report: r, superseded: [], oldTemplate: r.template === '2019' });
  }
  return out;
}

const COUNT_UNIT: Label = { zh: '件', en: 'applications' };

/**
 * One report's state on a measure: its value when rated; else too few to rate when its sample is
 * stated but below the minimum — also when the value is null, since a sample of 0 (no application
 * handled, no case concluded) divides by zero in SQL though the report stated it — else not stated.
 * The agency page's tables (years, peers) and the compare view say the same by this rule, the
 * distribution's counts and bins too (ratedSql and tooFewSql in src/db/distribution.ts).
 */
export function measureState(m: Measure, value: number | null, rated: boolean, sample: number | null): Exclude<CellState, 'not_comparable'> {
  if (rated && value !== null) return 'value';
  if (value !== null || (m.base !== null && sample !== null && sample < m.min)) return 'too_few';
  return 'not_stated';
}

/** The lines of the year-over-year table: applications, then AGENCY_MEASURES. */
export function measureLines(years: readonly AgencyYear[]): MeasureLine[] {
  const counts: MeasureLine[] = [
    { key: 'new_applications', label: { zh: '本年新收申请', en: 'New applications' }, unit: COUNT_UNIT, share: false, cells: [] },
    { key: 'handled', label: { zh: '办理申请总计', en: 'Applications handled' }, unit: COUNT_UNIT, share: false, cells: [] },
  ];
  for (const line of counts) {
    line.cells = cellsOf(years, line.key, (y) => {
      const v = y.report[line.key] as number | null;
      return v === null ? { state: 'not_stated', value: null } : { state: 'value', value: v };
    });
  }
  const measures = AGENCY_MEASURES.map((key): MeasureLine => {
    const m = measureOf(key);
    return {
      key, label: m.label, unit: m.unit, share: m.bounded,
      cells: cellsOf(years, key, (y) => {
        const v = y.report[`v_${key}`] as number | null;
        const state = measureState(m, v, Boolean(y.report[`r_${key}`]), y.report[`n_${key}`] as number | null);
        return { state, value: state === 'value' ? v : null };
      }),
    };
  });
  return [...counts, ...measures];
}

function cellsOf(years: readonly AgencyYear[], key: string, read: (y: AgencyYear) => { state: CellState; value: number | null }): YearCell[] {
  const cells: YearCell[] = [];
  let previous: { year: number; value: number } | null = null;
  for (const y of years) {
    const got = y.oldTemplate && !ACROSS_TEMPLATES.has(key) ? { state: 'not_comparable' as const, value: null } : read(y);
    const cell: YearCell = { ...got, change: null, from: null };
    if (got.state === 'value' && got.value !== null && previous) {
      cell.change = got.value - previous.value;
      cell.from = previous.year;
    }
    // A year with no value breaks the chain: the next change is from the last year that had one.
    if (got.state === 'value' && got.value !== null) previous = { year: y.year, value: got.value };
    cells.push(cell);
  }
  return cells;
}
