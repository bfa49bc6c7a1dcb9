// Distributions of one agency-level measure across the filtered reports: which reports count
// (the minimum sample), the quartiles, a histogram binned in SQL, and where one report stands.
// Every measure is a per-report value over `facts`; the bins are planned from the quartiles so a
// heavy tail does not squash the picture, and the last bin is open ("≥ x") so no report is lost.
import { OUTCOME_GROUPS, type Label, type OutcomeGroup } from '../format/schema.ts';
import {
  FACT_SQL, MIN_APPLICATIONS_FOR_RATE, MIN_CASES_FOR_SHARE, enoughReportsSql, outcomeSql, overEnoughReportsSql, where, type Filters, type Query,
} from './queries.ts';

export type MeasureKey =
  | `share_${OutcomeGroup}`
  | 'reconsiderations_per_100' | 'lawsuits_per_100' | 'disputes_per_100'
  | 'corrected_share' | 'fees_10k_yuan' | 'processing_fee_yuan';

export interface Measure {
  key: MeasureKey;
  label: Label;
  unit: Label;
  /** The per-report value (DOUBLE), NULL when not stated. */
  value: string;
  /** The sample a rate rests on (applications or concluded cases); null for amounts. */
  base: string | null;
  /** The smallest sample that is rated (MIN_APPLICATIONS_FOR_RATE / MIN_CASES_FOR_SHARE). */
  min: number;
  /** Shares are bounded 0–100 and binned in fives. */
  bounded: boolean;
  baseLabel: Label | null;
}

const APPLICATIONS: Label = { zh: '申请', en: 'applications' };
const CASES: Label = { zh: '已审结案件', en: 'concluded cases' };
/** An outcome share's sample is the six outcome groups summed (FACT_SQL.outcomeSum), as the outcomes view says it. */
const OUTCOMES: Label = { zh: '办理结果合计', en: 'outcomes in all' };
const PER_100: Label = { zh: '每百件申请', en: 'per 100 applications' };
const PERCENT: Label = { zh: '%', en: '%' };

const per100 = (count: string) => `(${count}) * 100.0 / NULLIF(${FACT_SQL.handled}, 0)`;

export const MEASURES: readonly Measure[] = [
  ...OUTCOME_GROUPS.map((g): Measure => ({
    key: `share_${g.key}`,
    label: { zh: `${g.zh}比例`, en: `Share ${g.en.toLowerCase()}` },
    unit: PERCENT,
    value: `${outcomeSql(g.key)} * 100.0 / NULLIF(${FACT_SQL.outcomeSum}, 0)`,
    base: FACT_SQL.outcomeSum,
    min: MIN_APPLICATIONS_FOR_RATE,
    bounded: true,
    baseLabel: OUTCOMES,
  })),
  { key: 'reconsiderations_per_100', label: { zh: '行政复议（每百件申请）', en: 'Reconsiderations per 100 applications' }, unit: PER_100, value: per100(FACT_SQL.reconsiderations), base: FACT_SQL.handled, min: MIN_APPLICATIONS_FOR_RATE, bounded: false, baseLabel: APPLICATIONS },
  { key: 'lawsuits_per_100', label: { zh: '行政诉讼（每百件申请）', en: 'Lawsuits per 100 applications' }, unit: PER_100, value: per100(FACT_SQL.lawsuits), base: FACT_SQL.handled, min: MIN_APPLICATIONS_FOR_RATE, bounded: false, baseLabel: APPLICATIONS },
  { key: 'disputes_per_100', label: { zh: '复议与诉讼合计（每百件申请）', en: 'Reconsiderations and lawsuits per 100 applications' }, unit: PER_100, value: per100(FACT_SQL.disputes), base: FACT_SQL.handled, min: MIN_APPLICATIONS_FOR_RATE, bounded: false, baseLabel: APPLICATIONS },
  { key: 'corrected_share', label: { zh: '结果纠正比例（已审结复议与诉讼）', en: 'Share corrected (concluded cases)' }, unit: PERCENT, value: `${FACT_SQL.corrected} * 100.0 / NULLIF(${FACT_SQL.concluded}, 0)`, base: FACT_SQL.concluded, min: MIN_CASES_FOR_SHARE, bounded: true, baseLabel: CASES },
  { key: 'fees_10k_yuan', label: { zh: '行政事业性收费（每份年报）', en: 'Administrative fees per report' }, unit: { zh: '万元', en: '10,000 yuan' }, value: 't2_fees_10k_yuan', base: null, min: 0, bounded: false, baseLabel: null },
  { key: 'processing_fee_yuan', label: { zh: '信息处理费（每份年报）', en: 'Information-processing fee per report' }, unit: { zh: '元', en: 'yuan' }, value: 'processing_fee_yuan', base: null, min: 0, bounded: false, baseLabel: null },
];

export const MEASURE_KEYS: readonly MeasureKey[] = MEASURES.map((m) => m.key);

/**
 * A measure key that rests on a sample (a share or a rate: the minimum sample applies), not a
 * count, an amount or a key of no measure here: a chart of it states the minimum.
 */
export function restsOnSample(key: string): boolean {
  return MEASURES.some((m) => m.key === key && m.base !== null);
}

export function measureOf(key: string | null | undefined, fallback: MeasureKey = 'share_refused'): Measure {
  return MEASURES.find((m) => m.key === key) ?? MEASURES.find((m) => m.key === fallback)!;
}

/**
 * The per-report rows of a measure under the filters: `v` the value, `n` the sample, `rated`
 * whether it meets the minimum, `too_few` whether its sample is below it. Every report is kept
 * (not-stated ones too) so they can be counted.
 */
function measured(filters: Filters, m: Measure): Query {
  const w = where(filters);
  return { sql: `SELECT report_id, agency, year, ${measuredColumns(m)} FROM facts ${w.sql}`, params: w.params };
}

/**
 * SQL over `facts`, never NULL: the report is rated — its sample stated and at least the minimum,
 * and its value stated (an amount, which has no sample: its value stated).
 */
export function ratedSql(m: Measure): string {
  return m.base ? `COALESCE((${m.base}) >= ${m.min} AND (${m.value}) IS NOT NULL, false)` : `((${m.value}) IS NOT NULL)`;
}

/**
 * SQL over `facts`, never NULL: too few to rate — the sample is stated and below the minimum,
 * whatever the value. A stated 0 is among them: its value is NULL (0 / 0: NULLIF in MEASURES)
 * but the report did state its sample, so it is not "not stated". Amounts are never too few.
 */
export function tooFewSql(m: Measure): string {
  return m.base ? `COALESCE((${m.base}) < ${m.min}, false)` : 'false';
}

/**
 * A report's `v` (the value), `n` (its sample), `rated` (ratedSql) and `too_few` (tooFewSql) as
 * SELECT items over `facts`: the one definition the view's queries and the build's bins
 * (src/build/cube-bins.ts) share. A report neither rated nor too few is not stated: its sample
 * is not stated, or its sample is enough and its value is not stated.
 */
export function measuredColumns(m: Measure): string {
  return `(${m.value})::DOUBLE AS v, (${m.base ?? 'NULL'})::DOUBLE AS n, ${ratedSql(m)} AS rated, ${tooFewSql(m)} AS too_few`;
}

/** The bin of a rated value (SQL over `v`): bin i holds [i·width, (i+1)·width), the last one everything above. */
export function binSql(plan: BinPlan, width = String(plan.width), last = String(plan.count - 1)): string {
  return `LEAST(GREATEST(FLOOR(v / ${width}), 0), ${last})::INTEGER`;
}

export interface DistributionStats {
  /** Reports rated (value stated and sample at least the minimum). */
  n: number;
  /** The sample stated and below the minimum (0 included), whatever the value (tooFewSql). */
  too_few: number;
  /** Neither: the sample not stated, or the value not stated over a sample that is enough. */
  not_stated: number;
  /**
   * Fewer than MIN_REPORTS_FOR_DISTRIBUTION rated: the quartiles, the median and p95 are NULL
   * (withheld: too few reports). Null when not known yet (the first paint, from the summaries).
   */
  too_few_reports: boolean | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  p95: number | null;
  max: number | null;
}

/**
 * N, the excluded counts and the quartiles (linear interpolation, as numpy's default); the
 * quartiles, the median and p95 only over at least MIN_REPORTS_FOR_DISTRIBUTION rated reports
 * (else NULL, `too_few_reports` true: the bins are then planned from the maximum).
 */
export function distributionStats(filters: Filters, m: Measure): Query {
  const q = measured(filters, m);
  const n = 'COUNT(*) FILTER (WHERE rated)';
  const quantile = (p: number) => overEnoughReportsSql(n, `quantile_cont(v, ${p}) FILTER (WHERE rated)`);
  return {
    sql: `WITH m AS (${q.sql})
      SELECT ${n}::INTEGER AS n,
        COUNT(*) FILTER (WHERE too_few)::INTEGER AS too_few,
        COUNT(*) FILTER (WHERE NOT rated AND NOT too_few)::INTEGER AS not_stated,
        NOT ${enoughReportsSql(n)} AS too_few_reports,
        MIN(v) FILTER (WHERE rated) AS min,
        ${quantile(0.25)} AS q1,
        ${quantile(0.5)} AS median,
        ${quantile(0.75)} AS q3,
        ${quantile(0.95)} AS p95,
        MAX(v) FILTER (WHERE rated) AS max
      FROM m`,
    params: q.params,
  };
}

export interface BinPlan {
  width: number;
  /** Number of bins; bin i is [i·width, (i+1)·width), the last one also holds everything above. */
  count: number;
  /** True when the last bin is open-ended (values beyond the 95th percentile gathered there). */
  open: boolean;
}

/** A round step (1, 2, 2.5 or 5 × 10^k) at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw - 1e-12) return m * power;
  return 10 * power;
}

/**
 * Bins for a measure's values. Shares: twenty bins of 5 points, 100% in the last. Unbounded
 * measures: about 20 equal bins up to the 95th percentile and one open bin for the rest (a
 * heavy tail otherwise puts nearly every report in the first bin).
 */
export function binPlan(m: Pick<Measure, 'bounded'>, stats: Pick<DistributionStats, 'max' | 'p95'>): BinPlan {
  if (m.bounded) return { width: 5, count: 20, open: false };
  const max = stats.max ?? 0;
  if (max <= 0) return { width: 1, count: 1, open: false };
  const top = stats.p95 !== null && stats.p95 > 0 && stats.p95 < max ? stats.p95 : max;
  const width = niceStep(top / 20);
  const closed = Math.floor(top / width) + 1; // bins up to and including the one holding `top`
  const needed = Math.floor(max / width) + 1;
  return needed > closed ? { width, count: closed + 1, open: true } : { width, count: needed, open: false };
}

export interface HistogramBin {
  bin: number;
  n: number;
}

/** Counts per bin of the rated reports (bins without reports are absent). Values are ≥ 0. */
export function histogram(filters: Filters, m: Measure, plan: BinPlan): Query {
  const q = measured(filters, m);
  return {
    sql: `WITH m AS (${q.sql})
      SELECT ${binSql(plan, '?', '?')} AS bin, COUNT(*)::INTEGER AS n
      FROM m WHERE rated GROUP BY 1 ORDER BY 1`,
    params: [...q.params, plan.width, plan.count - 1],
  };
}

export interface HighlightRow {
  report_id: string;
  agency: string | null;
  year: number | null;
  v: number | null;
  n: number | null;
  rated: boolean;
  /** Its sample is stated and below the minimum (tooFewSql). */
  too_few: boolean;
  /** Rated reports at or below its value; null with fewer than MIN_REPORTS_FOR_DISTRIBUTION rated (no rank). */
  at_or_below: number | null;
  /** Rated reports in all. */
  rated_total: number;
  /** Fewer than MIN_REPORTS_FOR_DISTRIBUTION rated reports: no percentile (too few reports). */
  too_few_reports: boolean;
}

/** One report's value and how many rated reports of the filter are at or below it (none below the minimum number of reports). */
export function highlightOf(filters: Filters, m: Measure, reportId: string): Query {
  const q = measured(filters, m);
  return {
    sql: `WITH m AS (${q.sql}), r AS (SELECT * FROM m WHERE report_id = ?), t AS (SELECT COUNT(*) AS total FROM m WHERE m.rated)
      SELECT r.report_id, r.agency, r.year, r.v, r.n, r.rated, r.too_few,
        ${overEnoughReportsSql('t.total', '(SELECT COUNT(*) FROM m WHERE m.rated AND m.v <= r.v)')}::INTEGER AS at_or_below,
        t.total::INTEGER AS rated_total, NOT ${enoughReportsSql('t.total')} AS too_few_reports
      FROM r, t`,
    params: [...q.params, reportId],
  };
}

/** Whether any file of the data has this report id (a highlight outside the filter, or no such report). */
export function reportKnown(reportId: string): Query {
  return { sql: 'SELECT COUNT(*)::INTEGER AS n FROM facts WHERE report_id = ?', params: [reportId] };
}

/** Percentile rank: the percent of rated reports at or below the value; null when the query withheld the count (too few reports). */
export function percentile(atOrBelow: number | null, total: number): number | null {
  return atOrBelow !== null && total > 0 ? (atOrBelow * 100) / total : null;
}

/** Agencies whose name contains the text (for the highlight search box), rated or not. */
export function findReports(filters: Filters, text: string, limit = 10): Query {
  const w = where(filters, { and: [{ sql: "contains(lower(coalesce(agency, '')), lower(?))", params: [text] }] });
  return {
    sql: `SELECT report_id, agency, year FROM facts ${w.sql}
      ORDER BY agency, year DESC, report_id LIMIT ?`,
    params: [...w.params, limit],
  };
}

/** Every report with its value, sample, and whether it is rated or too few: the CSV behind the histogram. */
export function measuredReports(filters: Filters, m: Measure): Query {
  const q = measured(filters, m);
  return { sql: `WITH m AS (${q.sql}) SELECT report_id, agency, year, v, n, rated, too_few FROM m ORDER BY rated DESC, v DESC NULLS LAST, agency, report_id`, params: q.params };
}
