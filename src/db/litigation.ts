// Rankings of reconsideration and litigation that can be trusted, and a scatter that shows every
// report. Each rate is ranked only over the reports that meet its minimum sample
// (MIN_APPLICATIONS_FOR_RATE applications handled for the per-100 rates, MIN_CASES_FOR_SHARE
// concluded cases for the corrected share); the reports below it are listed apart, never on top.
// Each chart sorts by its own measure. The scatter is every placeable report, or — above
// SCATTER_POINTS_MAX — a 2-D density of log-spaced bins counted in SQL.
import { FACT_SQL, MIN_APPLICATIONS_FOR_RATE, MIN_CASES_FOR_SHARE, where, type Filters, type Query } from './queries.ts';
import { POOLED_SQL, type LitigationSums } from './pooled.ts';

export type RankedMeasure = 'reconsiderations_per_100' | 'lawsuits_per_100' | 'corrected_share';
export const RANKED_MEASURES: readonly RankedMeasure[] = ['reconsiderations_per_100', 'lawsuits_per_100', 'corrected_share'];
export type Direction = 'desc' | 'asc';

/** Beyond this many placeable reports the scatter is drawn as binned density. */
export const SCATTER_POINTS_MAX = 3000;
/** Bins per power of ten on each axis of the density (log10(1 + value) × this, floored). */
export const BINS_PER_DECADE = 6;

/** The sample a measure rests on, and its minimum. */
export function sampleOf(measure: RankedMeasure): { column: 'handled' | 'concluded'; min: number } {
  return measure === 'corrected_share' ? { column: 'concluded', min: MIN_CASES_FOR_SHARE } : { column: 'handled', min: MIN_APPLICATIONS_FOR_RATE };
}

/** Every filtered report with its counts and rates (rates only where the sample meets the minimum). */
function base(filters: Filters): Query {
  const w = where(filters);
  return {
    sql: `SELECT report_id, agency, year, ${FACT_SQL.handled}::INTEGER AS handled, ${FACT_SQL.reconsiderations}::INTEGER AS reconsiderations,
        ${FACT_SQL.lawsuits}::INTEGER AS lawsuits, ${FACT_SQL.disputes}::INTEGER AS disputes,
        ${FACT_SQL.corrected}::INTEGER AS corrected, ${FACT_SQL.concluded}::INTEGER AS concluded
      FROM facts ${w.sql}`,
    params: w.params,
  };
}

const RATES = `
  CASE WHEN handled >= ${MIN_APPLICATIONS_FOR_RATE} THEN reconsiderations * 100.0 / handled END AS reconsiderations_per_100,
  CASE WHEN handled >= ${MIN_APPLICATIONS_FOR_RATE} THEN lawsuits * 100.0 / handled END AS lawsuits_per_100,
  CASE WHEN handled >= ${MIN_APPLICATIONS_FOR_RATE} THEN disputes * 100.0 / handled END AS disputes_per_100,
  CASE WHEN concluded >= ${MIN_CASES_FOR_SHARE} THEN corrected * 100.0 / concluded END AS corrected_share`;

export interface RankedRow {
  report_id: string;
  agency: string | null;
  year: number | null;
  handled: number | null;
  reconsiderations: number | null;
  lawsuits: number | null;
  disputes: number | null;
  corrected: number | null;
  concluded: number | null;
  reconsiderations_per_100: number | null;
  lawsuits_per_100: number | null;
  disputes_per_100: number | null;
  /** In percent. */
  corrected_share: number | null;
}

/**
 * One measure's ranking over the reports that meet its minimum (and state the figure), by the
 * measure (ties: the larger sample first, then name); `limit` null = every rated report.
 */
export function ranking(filters: Filters, measure: RankedMeasure, direction: Direction, limit: number | null = 50, offset = 0): Query {
  const b = base(filters);
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  const { column } = sampleOf(measure);
  return {
    sql: `WITH b AS (${b.sql}), r AS (SELECT *, ${RATES} FROM b)
      SELECT * FROM r WHERE ${measure} IS NOT NULL
      ORDER BY ${measure} ${dir}, ${column} DESC, agency, report_id
      ${limit === null ? '' : 'LIMIT ? OFFSET ?'}`,
    params: limit === null ? b.params : [...b.params, limit, offset],
  };
}

export interface RankingCounts {
  /** Rated: the sample meets the minimum and the figure is stated. */
  rated: number;
  /** The sample is stated and below the minimum (0 included), whatever the figure: the rule of tooFewSql in distribution.ts. */
  too_few: number;
}

/** How many reports a measure ranks and how many it leaves out as too few. */
export function rankingCounts(filters: Filters, measure: RankedMeasure): Query {
  const b = base(filters);
  const { column, min } = sampleOf(measure);
  return {
    sql: `WITH b AS (${b.sql}), r AS (SELECT *, ${RATES} FROM b)
      SELECT COUNT(*) FILTER (WHERE ${measure} IS NOT NULL)::INTEGER AS rated,
        COUNT(*) FILTER (WHERE ${column} < ${min})::INTEGER AS too_few
      FROM r`,
    params: b.params,
  };
}

/**
 * The reports below a minimum ("too few to rate"): the sample stated and below it, 0 included,
 * whatever the figures (the reports rankingCounts counts too few), largest sample first; `limit` null = all.
 */
export function tooFew(filters: Filters, sample: 'handled' | 'concluded', limit: number | null = 100, offset = 0): Query {
  const w = where(filters);
  const min = sample === 'handled' ? MIN_APPLICATIONS_FOR_RATE : MIN_CASES_FOR_SHARE;
  // The conditions on the facts' own expressions (not through a CTE): DuckDB-wasm 0.9 stalls on
  // the CTE form of this query.
  const size = sample === 'handled' ? FACT_SQL.handled : FACT_SQL.concluded;
  return {
    sql: `SELECT report_id, agency, year, ${FACT_SQL.handled}::INTEGER AS handled, ${FACT_SQL.reconsiderations}::INTEGER AS reconsiderations,
        ${FACT_SQL.lawsuits}::INTEGER AS lawsuits, ${FACT_SQL.disputes}::INTEGER AS disputes,
        ${FACT_SQL.corrected}::INTEGER AS corrected, ${FACT_SQL.concluded}::INTEGER AS concluded
      FROM facts ${w.sql} ${w.sql ? 'AND' : 'WHERE'} ${size} < ${min}
      ORDER BY ${size} DESC, agency, report_id ${limit === null ? '' : 'LIMIT ? OFFSET ?'}`,
    params: limit === null ? w.params : [...w.params, limit, offset],
  };
}

export interface LitigationCounts extends ScatterCounts, LitigationSums {
  reconsiderations_per_100_rated: number;
  reconsiderations_per_100_too_few: number;
  lawsuits_per_100_rated: number;
  lawsuits_per_100_too_few: number;
  corrected_share_rated: number;
  corrected_share_too_few: number;
}

/** rankingCounts of every measure, scatterCounts and the pooled sums (pooled.ts), in one query (one round trip per filter change). */
export function litigationCounts(filters: Filters): Query {
  const b = base(filters);
  const parts = RANKED_MEASURES.flatMap((m) => {
    const { column, min } = sampleOf(m);
    return [
      `COUNT(*) FILTER (WHERE ${m} IS NOT NULL)::INTEGER AS ${m}_rated`,
      `COUNT(*) FILTER (WHERE ${column} < ${min})::INTEGER AS ${m}_too_few`,
    ];
  });
  return {
    sql: `WITH b AS (${b.sql}), r AS (SELECT *, ${RATES} FROM b)
      SELECT ${parts.join(', ')},
        COUNT(*) FILTER (WHERE handled IS NOT NULL OR disputes IS NOT NULL)::INTEGER AS listed,
        COUNT(*) FILTER (WHERE handled IS NOT NULL AND disputes IS NOT NULL)::INTEGER AS placeable,
        ${POOLED_SQL}
      FROM r`,
    params: b.params,
  };
}

export interface ScatterCounts {
  /** Reports in the litigation list (handled or disputes stated). */
  listed: number;
  /** Reports that state both coordinates (drawable). */
  placeable: number;
}

export function scatterCounts(filters: Filters): Query {
  const b = base(filters);
  return {
    sql: `WITH b AS (${b.sql})
      SELECT COUNT(*) FILTER (WHERE handled IS NOT NULL OR disputes IS NOT NULL)::INTEGER AS listed,
        COUNT(*) FILTER (WHERE handled IS NOT NULL AND disputes IS NOT NULL)::INTEGER AS placeable
      FROM b`,
    params: b.params,
  };
}

/** Every report of the litigation list, in report_id order (no truncation; the caller checks the count). */
export function scatterPoints(filters: Filters): Query {
  const b = base(filters);
  return {
    sql: `WITH b AS (${b.sql}), r AS (SELECT *, ${RATES} FROM b)
      SELECT * FROM r WHERE handled IS NOT NULL OR disputes IS NOT NULL ORDER BY report_id`,
    params: b.params,
  };
}

export interface DensityCell {
  bx: number;
  by: number;
  n: number;
  x_min: number;
  x_max: number;
  y_min: number;
  y_max: number;
}

/** The placeable reports counted in log-spaced bins (bin = floor(log10(1 + v) × BINS_PER_DECADE)). */
export function scatterDensity(filters: Filters): Query {
  const b = base(filters);
  return {
    sql: `WITH b AS (${b.sql})
      SELECT FLOOR(LOG10(1 + handled) * ${BINS_PER_DECADE})::INTEGER AS bx, FLOOR(LOG10(1 + disputes) * ${BINS_PER_DECADE})::INTEGER AS by,
        COUNT(*)::INTEGER AS n, MIN(handled)::DOUBLE AS x_min, MAX(handled)::DOUBLE AS x_max, MIN(disputes)::DOUBLE AS y_min, MAX(disputes)::DOUBLE AS y_max
      FROM b WHERE handled IS NOT NULL AND disputes IS NOT NULL AND handled >= 0 AND disputes >= 0
      GROUP BY 1, 2 ORDER BY 1, 2`,
    params: b.params,
  };
}

/** The value range a bin covers: [10^(i/k) − 1, 10^((i+1)/k) − 1). */
export function binRange(i: number): [number, number] {
  return [10 ** (i / BINS_PER_DECADE) - 1, 10 ** ((i + 1) / BINS_PER_DECADE) - 1];
}

/** Density classes (colour) by the number of reports in a cell. */
export const DENSITY_CLASSES: readonly { min: number; max: number | null }[] = [
  { min: 1, max: 1 }, { min: 2, max: 9 }, { min: 10, max: 99 }, { min: 100, max: 999 }, { min: 1000, max: null },
];
export function densityClass(n: number): number {
  return DENSITY_CLASSES.findIndex((c) => n >= c.min && (c.max === null || n <= c.max));
}

/** `sort` of the litigation view: each chart's direction, e.g. "lawsuits_per_100:asc,corrected_share:desc". */
export function parseDirections(sort: string | null | undefined): Record<RankedMeasure, Direction> {
  const out: Record<RankedMeasure, Direction> = { reconsiderations_per_100: 'desc', lawsuits_per_100: 'desc', corrected_share: 'desc' };
  for (const part of (sort ?? '').split(',')) {
    const [key, dir] = part.split(':');
    if ((RANKED_MEASURES as readonly string[]).includes(key) && (dir === 'asc' || dir === 'desc')) out[key as RankedMeasure] = dir;
  }
  return out;
}

/** Whether parseDirections reads every part of `sort` (none dropped): else the link's sort is said to be unknown. */
export function directionsKnown(sort: string | null | undefined): boolean {
  return (sort ?? '').split(',').filter(Boolean).every((part) => {
    const [key, dir, ...rest] = part.split(':');
    return rest.length === 0 && (RANKED_MEASURES as readonly string[]).includes(key) && (dir === 'asc' || dir === 'desc');
  });
}

export function formatDirections(directions: Record<RankedMeasure, Direction>): string | null {
  const parts = RANKED_MEASURES.filter((m) => directions[m] !== 'desc').map((m) => `${m}:${directions[m]}`);
  return parts.length ? parts.join(',') : null;
}
