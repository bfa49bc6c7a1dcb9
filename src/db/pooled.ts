// The filtered set as a whole on the litigation rankings: each measure's counts added up over
// every filtered report that states both the count and its base, divided once ("pooled"), with
// the same minimum sample as a single report's rate. The database sums (litigationCounts, or the
// build's cube/ before it is ready: the same FILTER clauses, src/build/cube.ts); this module only
// names the sums and divides.
import { MIN_APPLICATIONS_FOR_RATE, MIN_CASES_FOR_SHARE } from './queries.ts';
import type { RankedMeasure } from './litigation.ts';

/** Sums over the filtered reports that state both figures of a pair (null: no report does). */
export interface LitigationSums {
  reconsiderations: number | null;
  /** Applications handled by the reports that state their reconsiderations. */
  reconsiderations_base: number | null;
  lawsuits: number | null;
  lawsuits_base: number | null;
  /** Corrected and concluded cases of the reports that state both. */
  corrected: number | null;
  concluded: number | null;
}

/** SELECT items over rows with handled, reconsiderations, lawsuits, corrected, concluded columns. */
export const POOLED_SQL = [
  'SUM(reconsiderations) FILTER (WHERE handled IS NOT NULL AND reconsiderations IS NOT NULL)::DOUBLE AS reconsiderations',
  'SUM(handled) FILTER (WHERE handled IS NOT NULL AND reconsiderations IS NOT NULL)::DOUBLE AS reconsiderations_base',
  'SUM(lawsuits) FILTER (WHERE handled IS NOT NULL AND lawsuits IS NOT NULL)::DOUBLE AS lawsuits',
  'SUM(handled) FILTER (WHERE handled IS NOT NULL AND lawsuits IS NOT NULL)::DOUBLE AS lawsuits_base',
  'SUM(corrected) FILTER (WHERE corrected IS NOT NULL AND concluded IS NOT NULL)::DOUBLE AS corrected',
  'SUM(concluded) FILTER (WHERE corrected IS NOT NULL AND concluded IS NOT NULL)::DOUBLE AS concluded',
].join(',\n        ');

export interface Pooled {
  /** Per 100 applications, or the corrected share in percent; null below the minimum. */
  value: number | null;
  /** What the rate rests on: applications handled, or concluded cases. */
  base: number;
  /** The base is below the measure's minimum: no rate (drawn hatched, as a single report's). */
  tooFew: boolean;
}

const PAIRS: Record<RankedMeasure, { count: keyof LitigationSums; base: keyof LitigationSums; min: number }> = {
  reconsiderations_per_100: { count: 'reconsiderations', base: 'reconsiderations_base', min: MIN_APPLICATIONS_FOR_RATE },
  lawsuits_per_100: { count: 'lawsuits', base: 'lawsuits_base', min: MIN_APPLICATIONS_FOR_RATE },
  corrected_share: { count: 'corrected', base: 'concluded', min: MIN_CASES_FOR_SHARE },
};

/** A measure's pooled rate, or null when no filtered report states both figures. */
export function pooled(sums: LitigationSums, measure: RankedMeasure): Pooled | null {
  const { count, base, min } = PAIRS[measure];
  const n = sums[count];
  const b = sums[base];
  if (n === null || b === null) return null;
  return b >= min ? { value: (n * 100) / b, base: b, tooFew: false } : { value: null, base: b, tooFew: true };
}
