// The filtered set as a whole on the litigation rankings: each measure's counts added up over
// every filtered report that states both the count and its base, divided once ("pooled"), with
// the same minimum sample as a single report's rate. The database sums (litigationCounts, or the
// build's cube/ before it is ready: the same FILTER clauses, src/build/cube.ts); this module only
// names the sums and divides.
import { FACT_SQL, MIN_APPLICATIONS_FOR_RATE, MIN_CASES_FOR_SHARE } from './queries.ts';
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

const both = (a: string, b: string) => `${a} IS NOT NULL AND ${b} IS NOT NULL`;

/**
 * Each pooled sum as SQL over rows with handled, reconsiderations, lawsuits, corrected and
 * concluded columns: the one definition the litigation view (POOLED_SQL), the Groups view
 * (groups.ts) and the build's cube/ (src/build/cube.ts) share.
 */
export const POOLED_SUMS: Readonly<Record<keyof LitigationSums, string>> = {
  reconsiderations: `SUM(reconsiderations) FILTER (WHERE ${both('handled', 'reconsiderations')})`,
  reconsiderations_base: `SUM(handled) FILTER (WHERE ${both('handled', 'reconsiderations')})`,
  lawsuits: `SUM(lawsuits) FILTER (WHERE ${both('handled', 'lawsuits')})`,
  lawsuits_base: `SUM(handled) FILTER (WHERE ${both('handled', 'lawsuits')})`,
  corrected: `SUM(corrected) FILTER (WHERE ${both('corrected', 'concluded')})`,
  concluded: `SUM(concluded) FILTER (WHERE ${both('corrected', 'concluded')})`,
};

/** POOLED_SUMS as SELECT items, each a DOUBLE named as its sum. */
export const POOLED_SQL = Object.entries(POOLED_SUMS).map(([k, sql]) => `${sql}::DOUBLE AS ${k}`).join(',\n        ');

/**
 * Reconsiderations and lawsuits together (the province map's 复议与诉讼合计 per 100): a measure of
 * both counts, so over the reports stating both and their applications handled; each alone is
 * POOLED_SUMS' (over the reports stating that one), as the group views rate it. The map and the
 * build's cube/ share these.
 */
const all3 = `${both('handled', 'reconsiderations')} AND lawsuits IS NOT NULL`;
export const DISPUTE_SUMS = {
  disputes_reconsiderations: `SUM(reconsiderations) FILTER (WHERE ${all3})`,
  disputes_lawsuits: `SUM(lawsuits) FILTER (WHERE ${all3})`,
  disputes_base: `SUM(handled) FILTER (WHERE ${all3})`,
} as const;

/**
 * The per-report columns POOLED_SUMS and DISPUTE_SUMS read, as SELECT items over facts (the
 * `base` of a query that pools them).
 */
export const POOLED_COLUMNS = `${FACT_SQL.handled} AS handled, ${FACT_SQL.reconsiderations} AS reconsiderations, ${FACT_SQL.lawsuits} AS lawsuits,
          ${FACT_SQL.corrected} AS corrected, ${FACT_SQL.concluded} AS concluded`;

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
