// Shares of a 100% bar are computed here, from counts, never taken from the report: reports
// print their own percentages inconsistently, and the counts are what the table shows.

import type { Category } from './types.ts';

export interface Segment {
  key: string;
  /** Index of the category in the spec, which fixes its colour. */
  index: number;
  count: number;
  /** Exact share 0–1, for drawing. */
  fraction: number;
  /** Where the segment starts, 0–1. */
  start: number;
  /** Share in percent rounded to one decimal: the number the tooltip and table show. */
  percent: number;
}

export type RowStatus =
  | 'ok'
  /** Some categories are not stated: shares are of the stated ones. */
  | 'partly'
  /** No category is stated: a gap. */
  | 'notStated'
  /** Everything stated is zero: nothing to divide, so no shares. */
  | 'empty';

export interface RowShares {
  status: RowStatus;
  /** Sum of the stated counts. */
  sum: number;
  /** Stated categories in spec order, including zeros (which draw nothing). */
  segments: Segment[];
  /** Keys of the categories the report did not state. */
  notStated: string[];
}

/** A usable count: finite and not negative. Anything else is treated as not stated, not as 0. */
export function statedCount(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Rounded to one decimal, as shown; exact halves round away from zero. */
export function roundPercent(fraction: number): number {
  return Math.round(fraction * 1000) / 10;
}

/** Shares of each category in a row: count / sum of the row's stated counts. */
export function rowShares(counts: Record<string, number | null>, categories: readonly Category[]): RowShares {
  const stated: { key: string; index: number; count: number }[] = [];
  const notStated: string[] = [];
  categories.forEach((category, index) => {
    const count = statedCount(counts[category.key]);
    if (count === null) notStated.push(category.key);
    else stated.push({ key: category.key, index, count });
  });
  const sum = stated.reduce((total, s) => total + s.count, 0);
  let start = 0;
  const segments = stated.map((s) => {
    const fraction = sum > 0 ? s.count / sum : 0;
    const segment: Segment = { ...s, fraction, start, percent: roundPercent(fraction) };
    start += fraction;
    return segment;
  });
  let status: RowStatus = 'ok';
  if (stated.length === 0) status = 'notStated';
  else if (sum === 0) status = 'empty';
  else if (notStated.length > 0) status = 'partly';
  return { status, sum, segments, notStated };
}
