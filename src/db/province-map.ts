// Figures per province for the tile map: group-level numbers are sums of counts divided once (a
// province's refusal share is its refusals over its outcomes, not an average of agency shares),
// under the same minimum-sample rules as everywhere (MIN_APPLICATIONS_FOR_RATE on the
// applications a rate rests on, MIN_CASES_FOR_SHARE on concluded cases), each rate over its own
// reports exactly as the group views pool it (pooled.ts: one definition, so a province's figure
// reads the same on the map and in the group table). Fees: the median per
// report, in each measure's own unit, over at least MIN_REPORTS_FOR_DISTRIBUTION reports stating it.
import { OUTCOME_GROUPS, type Label, type OutcomeGroup } from '../format/schema.ts';
import {
  FACT_SQL, MIN_APPLICATIONS_FOR_RATE, enoughReportsSql, outcomeSql, overEnoughReportsSql, where, type Filters, type Query,
} from './queries.ts';
import { DISPUTE_SUMS, POOLED_COLUMNS, POOLED_SQL, pooled } from './pooled.ts';

export interface ProvinceFigures {
  /** Null: the reports that name no province (no tile; the view says how many, the CSV has their figures). */
  province: string | null;
  reports: number;
  handled: number | null;
  /** Reports whose six outcome groups are all stated, and the sums over them. */
  outcome_sum: number | null;
  granted: number | null;
  partly_granted: number | null;
  refused: number | null;
  unable: number | null;
  not_handled: number | null;
  other: number | null;
  /**
   * Each rate's count and base over its own reports, as the group views pool them (pooled.ts
   * POOLED_SUMS): reconsiderations and the applications handled of the reports stating them;
   * lawsuits likewise; both together over the reports stating both (DISPUTE_SUMS). A report stating
   * lawsuits but not reconsiderations counts for lawsuits.
   */
  reconsiderations: number | null;
  reconsiderations_base: number | null;
  lawsuits: number | null;
  lawsuits_base: number | null;
  disputes: number | null;
  disputes_base: number | null;
  /** Corrected and concluded cases of the reports stating both. */
  corrected: number | null;
  concluded: number | null;
  /** The median per report of those stating the fee; null with fewer than MIN_REPORTS_FOR_DISTRIBUTION of them (too_few_*: how many). */
  fees_10k_yuan_median: number | null;
  fees_10k_yuan_sum: number | null;
  processing_fee_yuan_median: number | null;
  processing_fee_yuan_sum: number | null;
  /** Reports stating the fee when they are too few for its median (1 to MIN_REPORTS_FOR_DISTRIBUTION − 1), else null. */
  too_few_fees_reports: number | null;
  too_few_processing_fee_reports: number | null;
}

/**
 * Every province of the filtered set (the region filters themselves left out: the map shows them
 * all), and last a row of the reports naming no province, so that the rows add up to the filter's count.
 */
export function provinceFigures(filters: Filters): Query {
  const w = where(filters, { except: ['province', 'city', 'county'] });
  const stated = 'outcome_sum IS NOT NULL';
  return {
    sql: `WITH base AS (
        SELECT province, ${FACT_SQL.outcomeSum} AS outcome_sum,
          ${OUTCOME_GROUPS.map((g) => `${outcomeSql(g.key)} AS ${g.key}`).join(', ')},
          ${POOLED_COLUMNS}, t2_fees_10k_yuan, processing_fee_yuan
        FROM facts ${w.sql})
      SELECT province, COUNT(*)::INTEGER AS reports, SUM(handled)::DOUBLE AS handled,
        SUM(outcome_sum) FILTER (WHERE ${stated})::DOUBLE AS outcome_sum,
        ${OUTCOME_GROUPS.map((g) => `SUM(${g.key}) FILTER (WHERE ${stated})::DOUBLE AS ${g.key}`).join(', ')},
        ${POOLED_SQL},
        (${DISPUTE_SUMS.disputes_reconsiderations} + ${DISPUTE_SUMS.disputes_lawsuits})::DOUBLE AS disputes,
        ${DISPUTE_SUMS.disputes_base}::DOUBLE AS disputes_base,
        ${overEnoughReportsSql('COUNT(t2_fees_10k_yuan)', 'median(t2_fees_10k_yuan)')}::DOUBLE AS fees_10k_yuan_median, SUM(t2_fees_10k_yuan)::DOUBLE AS fees_10k_yuan_sum,
        ${overEnoughReportsSql('COUNT(processing_fee_yuan)', 'median(processing_fee_yuan)')}::DOUBLE AS processing_fee_yuan_median, SUM(processing_fee_yuan)::DOUBLE AS processing_fee_yuan_sum,
        CASE WHEN COUNT(t2_fees_10k_yuan) > 0 AND NOT ${enoughReportsSql('COUNT(t2_fees_10k_yuan)')} THEN COUNT(t2_fees_10k_yuan) END::INTEGER AS too_few_fees_reports,
        CASE WHEN COUNT(processing_fee_yuan) > 0 AND NOT ${enoughReportsSql('COUNT(processing_fee_yuan)')} THEN COUNT(processing_fee_yuan) END::INTEGER AS too_few_processing_fee_reports
      FROM base
      GROUP BY province ORDER BY province NULLS LAST`,
    params: w.params,
  };
}

const COUNT = { zh: '件', en: 'count' };
const APPS = (zh: string, en: string): { label: Label; unit: Label } => ({ label: { zh, en }, unit: COUNT });
/**
 * The CSV's name of each figure of a province, with its unit (the headers were the field names:
 * `handled_for_rates`, `fees_10k_yuan_sum`, with no unit, in the Chinese file too).
 */
export const FIGURE_COLUMNS: Readonly<Record<Exclude<keyof ProvinceFigures, 'province'>, { label: Label; unit: Label }>> = {
  reports: { label: { zh: '年报数', en: 'Reports' }, unit: { zh: '份', en: 'count' } },
  handled: APPS('办理申请', 'Applications handled'),
  outcome_sum: APPS('办理结果合计（六组都填报的年报）', 'Outcomes in all (reports stating all six groups)'),
  ...(Object.fromEntries(OUTCOME_GROUPS.map((g) => [g.key, APPS(`${g.zh}（六组都填报的年报）`, `${g.en} (reports stating all six groups)`)])) as Record<OutcomeGroup, { label: Label; unit: Label }>),
  reconsiderations: APPS('行政复议（填报复议和办理申请的年报）', 'Reconsiderations (reports stating them and applications handled)'),
  reconsiderations_base: APPS('复议比率的分母：办理申请（同上）', 'Denominator of reconsiderations: applications handled (the same reports)'),
  lawsuits: APPS('行政诉讼（填报诉讼和办理申请的年报）', 'Lawsuits (reports stating them and applications handled)'),
  lawsuits_base: APPS('诉讼比率的分母：办理申请（同上）', 'Denominator of lawsuits: applications handled (the same reports)'),
  disputes: APPS('复议与诉讼合计（填报复议、诉讼和办理申请的年报）', 'Reconsiderations and lawsuits (reports stating both and applications handled)'),
  disputes_base: APPS('合计比率的分母：办理申请（同上）', 'Denominator of the two together: applications handled (the same reports)'),
  corrected: APPS('结果纠正（填报纠正和已审结的年报）', 'Corrected (reports stating them and concluded cases)'),
  concluded: APPS('已审结案件（同上）', 'Concluded cases (the same reports)'),
  fees_10k_yuan_median: { label: { zh: '行政事业性收费每份年报中位数', en: 'Administrative fees, median per report' }, unit: { zh: '万元', en: '10,000 yuan' } },
  fees_10k_yuan_sum: { label: { zh: '行政事业性收费合计', en: 'Administrative fees, total' }, unit: { zh: '万元', en: '10,000 yuan' } },
  processing_fee_yuan_median: { label: { zh: '信息处理费每份年报中位数', en: 'Information-processing fee, median per report' }, unit: { zh: '元', en: 'yuan' } },
  processing_fee_yuan_sum: { label: { zh: '信息处理费合计', en: 'Information-processing fee, total' }, unit: { zh: '元', en: 'yuan' } },
  too_few_fees_reports: { label: { zh: '填报行政事业性收费的年报（过少，不计算中位数）', en: 'Reports stating the administrative fees (too few for a median)' }, unit: { zh: '份', en: 'count' } },
  too_few_processing_fee_reports: { label: { zh: '填报信息处理费的年报（过少，不计算中位数）', en: 'Reports stating the information-processing fee (too few for a median)' }, unit: { zh: '份', en: 'count' } },
};

export type MapMeasureKey =
  | 'reports' | 'handled' | `share_${OutcomeGroup}`
  | 'reconsiderations_per_100' | 'lawsuits_per_100' | 'disputes_per_100' | 'corrected_share'
  | 'fees_10k_yuan' | 'processing_fee_yuan';

export interface MapMeasure {
  key: MapMeasureKey;
  label: Label;
  unit: Label;
}

export const MAP_MEASURES: readonly MapMeasure[] = [
  { key: 'reports', label: { zh: '年报数', en: 'Reports' }, unit: { zh: '份', en: 'count' } },
  { key: 'handled', label: { zh: '办理申请数', en: 'Applications handled' }, unit: { zh: '件', en: 'count' } },
  ...OUTCOME_GROUPS.map((g): MapMeasure => ({ key: `share_${g.key}`, label: { zh: `${g.zh}比例`, en: `Share ${g.en.toLowerCase()}` }, unit: { zh: '%', en: '%' } })),
  { key: 'reconsiderations_per_100', label: { zh: '行政复议（每百件申请）', en: 'Reconsiderations per 100 applications' }, unit: { zh: '每百件申请', en: 'per 100 applications' } },
  { key: 'lawsuits_per_100', label: { zh: '行政诉讼（每百件申请）', en: 'Lawsuits per 100 applications' }, unit: { zh: '每百件申请', en: 'per 100 applications' } },
  { key: 'disputes_per_100', label: { zh: '复议与诉讼合计（每百件申请）', en: 'Reconsiderations and lawsuits per 100 applications' }, unit: { zh: '每百件申请', en: 'per 100 applications' } },
  { key: 'corrected_share', label: { zh: '结果纠正比例（已审结复议与诉讼）', en: 'Share corrected (concluded cases)' }, unit: { zh: '%', en: '%' } },
  { key: 'fees_10k_yuan', label: { zh: '行政事业性收费（每份年报中位数）', en: 'Administrative fees (median per report)' }, unit: { zh: '万元', en: '10,000 yuan' } },
  { key: 'processing_fee_yuan', label: { zh: '信息处理费（每份年报中位数）', en: 'Information-processing fee (median per report)' }, unit: { zh: '元', en: 'yuan' } },
];

export function mapMeasureOf(key: string | null | undefined): MapMeasure {
  return MAP_MEASURES.find((m) => m.key === key) ?? MAP_MEASURES.find((m) => m.key === 'share_refused')!;
}

export type MapValue = { state: 'ok'; value: number } | { state: 'too_few'; base: number } | { state: 'no_data' };

const ok = (value: number): MapValue => ({ state: 'ok', value });

/**
 * A rate over a base; too few when the base is stated and below the minimum, 0 included (a
 * province whose reports state no application has a sample, too small to rate: the rule of
 * tooFewSql in distribution.ts); no data when nothing is stated.
 */
function rate(count: number | null, base: number | null, min: number, scale: number): MapValue {
  if (base === null) return { state: 'no_data' };
  if (base < min) return { state: 'too_few', base };
  if (count === null) return { state: 'no_data' };
  return ok((count * scale) / base);
}

/** pooled()'s answer as a map value: null when no report states both figures. */
function pooledValue(p: ReturnType<typeof pooled>): MapValue {
  if (p === null) return { state: 'no_data' };
  return p.tooFew ? { state: 'too_few', base: p.base } : ok(p.value!);
}

/** A median per report: too few (its base the reports stating the fee) when the query withheld it, no data when none states it. */
function median(value: number | null, tooFew: number | null): MapValue {
  if (value !== null) return ok(value);
  return tooFew === null ? { state: 'no_data' } : { state: 'too_few', base: tooFew };
}

/** The value a province shows for a measure (null-safe; a province absent from the data has no data). */
export function mapValue(row: ProvinceFigures | undefined, key: MapMeasureKey): MapValue {
  if (!row) return { state: 'no_data' };
  switch (key) {
    case 'reports': return ok(row.reports);
    case 'handled': return row.handled === null ? { state: 'no_data' } : ok(row.handled);
    // The litigation rates as the group views and the litigation view pool them (one rule: pooled.ts).
    case 'reconsiderations_per_100':
    case 'lawsuits_per_100':
    case 'corrected_share': return pooledValue(pooled(row, key));
    case 'disputes_per_100': return rate(row.disputes, row.disputes_base, MIN_APPLICATIONS_FOR_RATE, 100);
    case 'fees_10k_yuan': return median(row.fees_10k_yuan_median, row.too_few_fees_reports);
    case 'processing_fee_yuan': return median(row.processing_fee_yuan_median, row.too_few_processing_fee_reports);
    default: {
      const group = key.slice('share_'.length) as OutcomeGroup;
      return rate(row[group], row.outcome_sum, MIN_APPLICATIONS_FOR_RATE, 100);
    }
  }
}

/** ColorBrewer Blues, five classes (sequential, readable with colour-blindness). */
export const MAP_COLOURS = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;

/** Five equal-width classes from the smallest to the largest value shown; the class of a value. */
export function mapClasses(values: readonly number[]): { breaks: number[]; classOf(v: number): number } {
  if (values.length === 0) return { breaks: [], classOf: () => 0 };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const step = (hi - lo) / MAP_COLOURS.length;
  const breaks = MAP_COLOURS.map((_, i) => lo + step * i).concat(hi);
  return { breaks, classOf: (v) => (step === 0 ? MAP_COLOURS.length - 1 : Math.min(MAP_COLOURS.length - 1, Math.floor((v - lo) / step))) };
}
