// Groups of reports compared: one row per province, city, county, level, kind or year, with a
// total row. All aggregation is SQL over `facts`. A group's share or rate is the group's counts
// summed and divided once (total granted / total outcomes), never an average of agency shares;
// each numerator and its denominator are summed over the same reports (those that state both),
// and the minimum-sample rule of queries.ts applies to the group's summed denominator.
import { OUTCOME_GROUPS, type OutcomeGroup } from '../format/schema.ts';
import { NO_FILTERS, where, type Filters, type Query } from './predicates.ts';
import { FACT_SQL, MIN_APPLICATIONS_FOR_RATE, MIN_CASES_FOR_SHARE, enoughReportsSql, outcomeSql, overEnoughReportsSql } from './queries.ts';
import { POOLED_SQL } from './pooled.ts';

export const GROUPINGS = ['province', 'city', 'county', 'level', 'kind', 'year'] as const;
export type Grouping = (typeof GROUPINGS)[number];
/** Small multiples of the years view. */
export const FACETS = ['level', 'province'] as const;
export type Facet = (typeof FACETS)[number];

const OUTCOME_KEYS = OUTCOME_GROUPS.map((g) => g.key);

/** The columns a group is keyed by: a city is a city of its province, a county of its city. */
export function groupColumns(group: Grouping): string[] {
  return group === 'city' ? ['province', 'city'] : group === 'county' ? ['province', 'city', 'county'] : [group];
}

export interface GroupRow {
  /** The grouping these rows answer (a view shows a stale answer by its own grouping). */
  grouping: Grouping;
  /** True for the row of the whole filtered set. */
  is_total: boolean;
  /** The value of the grouping column (as text; the year too), null for reports without one. */
  value: string | null;
  /** The facet's value (small multiples), else null. */
  facet: string | null;
  province: string | null;
  city: string | null;
  reports: number;
  /** Sum of 办理总计 over the reports that state it. */
  handled: number | null;
  /** Sum of the six outcome groups over reports that state all six: the shares' denominator. */
  outcome_base: number | null;
  /** Each outcome group summed over the same reports as outcome_base (those stating all six), so
   *  the six shares add up to 100%: a report stating only some groups counts in none of them. */
  granted: number | null;
  partly_granted: number | null;
  refused: number | null;
  unable: number | null;
  not_handled: number | null;
  other: number | null;
  /** Outcome shares (0–1); null when outcome_base < MIN_APPLICATIONS_FOR_RATE or nothing stated. */
  granted_share: number | null;
  partly_granted_share: number | null;
  refused_share: number | null;
  unable_share: number | null;
  not_handled_share: number | null;
  other_share: number | null;
  too_few_outcomes: boolean;
  reconsiderations: number | null;
  /** Applications handled by the reports that state their reconsiderations. */
  reconsiderations_base: number | null;
  reconsiderations_per_100: number | null;
  lawsuits: number | null;
  lawsuits_base: number | null;
  lawsuits_per_100: number | null;
  /** The applications under a rate are fewer than MIN_APPLICATIONS_FOR_RATE. */
  too_few_reconsiderations: boolean;
  too_few_lawsuits: boolean;
  corrected: number | null;
  concluded: number | null;
  corrected_share: number | null;
  too_few_cases: boolean;
  /**
   * 行政事业性收费 (万元): sum and median per report over the reports that state it, and their
   * number; the median only over at least MIN_REPORTS_FOR_DISTRIBUTION of them (else null and
   * too_few_fees_reports, false on a row from the summaries, whose medians are pending).
   */
  fees_10k_yuan_sum: number | null;
  fees_10k_yuan_median: number | null;
  fees_reports: number;
  too_few_fees_reports: boolean;
  /** 信息处理费 (元): the same. */
  processing_fee_yuan_sum: number | null;
  processing_fee_yuan_median: number | null;
  processing_fee_reports: number;
  too_few_processing_fee_reports: boolean;
  /** Reports of the group in the 2019 template (no 行政事业性收费 amount). */
  old_template: number;
}

const rate = (num: string, base: string, min: number, scale: string) =>
  `CASE WHEN ${base} >= ${min} THEN ${num} * ${scale} / ${base} END`;

/**
 * A group's median fees over the reports stating the fee, at least MIN_REPORTS_FOR_DISTRIBUTION of
 * them, and their flags, as SELECT items: too few when 1 to MIN − 1 reports state it (none: not stated).
 */
const MEDIANS_SQL = [['t2_fees_10k_yuan', 'fees_10k_yuan', 'fees'], ['processing_fee_yuan', 'processing_fee_yuan', 'processing_fee']]
  .map(([column, key, flag]) => `${overEnoughReportsSql(`COUNT(${column})`, `MEDIAN(${column})`)}::DOUBLE AS ${key}_median,
          (COUNT(${column}) > 0 AND NOT ${enoughReportsSql(`COUNT(${column})`)}) AS too_few_${flag}_reports`)
  .join(', ');

/**
 * One row per group of `group` under the filters, plus the total row first (is_total). With a
 * facet (small multiples), rows are per (facet, group), each facet with its own total row.
 */
export function groupStats(filters: Filters, group: Grouping, facet: Facet | null = null): Query {
  const w = where(filters);
  const keys = groupColumns(group);
  const facetCols = facet && !keys.includes(facet) ? [facet] : [];
  const all = [...facetCols, ...keys];
  const sets = facet ? `(${all.join(', ')}), (${facet})` : `(${all.join(', ')}), ()`;
  return {
    sql: `WITH base AS (
        SELECT province, city, county, level, kind, year, template,
          ${FACT_SQL.handled} AS handled, ${FACT_SQL.outcomeSum} AS outcome_sum,
          ${OUTCOME_KEYS.map((k) => `${outcomeSql(k as OutcomeGroup)} AS ${k}`).join(', ')},
          ${FACT_SQL.reconsiderations} AS reconsiderations, ${FACT_SQL.lawsuits} AS lawsuits,
          ${FACT_SQL.corrected} AS corrected, ${FACT_SQL.concluded} AS concluded,
          t2_fees_10k_yuan, processing_fee_yuan
        FROM facts ${w.sql}),
      g AS (
        SELECT ${all.join(', ')}, GROUPING(${keys[keys.length - 1]}) = 1 AS is_total,
          COUNT(*)::INTEGER AS reports,
          SUM(handled)::DOUBLE AS handled,
          SUM(outcome_sum)::DOUBLE AS outcome_base,
          ${OUTCOME_KEYS.map((k) => `(SUM(${k}) FILTER (WHERE outcome_sum IS NOT NULL))::DOUBLE AS ${k}`).join(', ')},
          ${POOLED_SQL},
          SUM(t2_fees_10k_yuan)::DOUBLE AS fees_10k_yuan_sum, COUNT(t2_fees_10k_yuan)::INTEGER AS fees_reports,
          SUM(processing_fee_yuan)::DOUBLE AS processing_fee_yuan_sum, COUNT(processing_fee_yuan)::INTEGER AS processing_fee_reports,
          ${MEDIANS_SQL},
          COUNT(*) FILTER (WHERE template = '2019')::INTEGER AS old_template
        FROM base GROUP BY GROUPING SETS (${sets}))
      SELECT '${group}' AS grouping, is_total, ${group}::VARCHAR AS value, ${facet ? `${facet}::VARCHAR` : 'NULL::VARCHAR'} AS facet,
        ${keys.includes('province') ? 'province' : 'NULL::VARCHAR'} AS province, ${keys.includes('city') ? 'city' : 'NULL::VARCHAR'} AS city,
        reports, handled, outcome_base, ${OUTCOME_KEYS.join(', ')},
        ${OUTCOME_KEYS.map((k) => `${rate(k, 'outcome_base', MIN_APPLICATIONS_FOR_RATE, '1.0')} AS ${k}_share`).join(', ')},
        COALESCE(outcome_base < ${MIN_APPLICATIONS_FOR_RATE}, false) AS too_few_outcomes,
        reconsiderations, reconsiderations_base, ${rate('reconsiderations', 'reconsiderations_base', MIN_APPLICATIONS_FOR_RATE, '100.0')} AS reconsiderations_per_100,
        lawsuits, lawsuits_base, ${rate('lawsuits', 'lawsuits_base', MIN_APPLICATIONS_FOR_RATE, '100.0')} AS lawsuits_per_100,
        COALESCE(reconsiderations_base < ${MIN_APPLICATIONS_FOR_RATE}, false) AS too_few_reconsiderations,
        COALESCE(lawsuits_base < ${MIN_APPLICATIONS_FOR_RATE}, false) AS too_few_lawsuits,
        corrected, concluded, ${rate('corrected', 'concluded', MIN_CASES_FOR_SHARE, '1.0')} AS corrected_share,
        COALESCE(concluded < ${MIN_CASES_FOR_SHARE}, false) AS too_few_cases,
        fees_10k_yuan_sum, fees_10k_yuan_median, fees_reports, too_few_fees_reports,
        processing_fee_yuan_sum, processing_fee_yuan_median, processing_fee_reports, too_few_processing_fee_reports,
        old_template
      FROM g
      ORDER BY ${facet ? 'facet NULLS LAST, ' : ''}is_total DESC, ${group === 'year' ? 'year NULLS LAST' : `reports DESC, ${all.map((c) => `${c} NULLS LAST`).join(', ')}`}`,
    params: w.params,
  };
}

/**
 * The medians of groupStats(filters, group, facet) alone — the only figures of a group row that
 * are not sums (src/app/cube.ts adds up the rest from the build's summaries): per group and per
 * total row, keyed as groupStats keys them (`value`, `facet`, and `province` for cities).
 */
export function groupMedians(filters: Filters, group: Grouping, facet: Facet | null = null): Query {
  const w = where(filters);
  const keys = groupColumns(group);
  const facetCols = facet && !keys.includes(facet) ? [facet] : [];
  const all = [...facetCols, ...keys];
  const sets = facet ? `(${all.join(', ')}), (${facet})` : `(${all.join(', ')}), ()`;
  return {
    sql: `SELECT GROUPING(${keys[keys.length - 1]}) = 1 AS is_total, ${group}::VARCHAR AS value, ${facet ? `${facet}::VARCHAR` : 'NULL::VARCHAR'} AS facet,
        ${keys.includes('province') ? 'province' : 'NULL::VARCHAR'} AS province,
        ${MEDIANS_SQL}
      FROM facts ${w.sql} GROUP BY GROUPING SETS (${sets})`,
    params: w.params,
  };
}

/**
 * groupMedians({ [key]: v }, group) for every value v of `key` at once (the build's
 * cube/group-medians-one.json, src/build/group-medians.ts): the same medians over the same
 * reports (the filter's equality as a grouping column), each row's value of `key` first as
 * `_state`, a total row per value (its province null, as the page's total row). When `key` is
 * the grouping itself, a value's one group row is also its total, and the build writes it twice.
 * `table`: facts, or a copy of the columns these read (the build's, read 20 times).
 */
export function groupMediansPer(key: 'province' | 'year' | 'level' | 'kind', group: Grouping, table = 'facts'): Query {
  const w = where(NO_FILTERS, { and: [`${key} IS NOT NULL`] });
  const keys = groupColumns(group);
  const last = keys[keys.length - 1];
  const all = keys.includes(key) ? keys : [key, ...keys];
  const sets = last === key ? `(${all.join(', ')})` : `(${all.join(', ')}), (${key})`;
  return {
    sql: `SELECT ${key} AS _state, GROUPING(${last}) = 1 AS is_total, ${group}::VARCHAR AS value, NULL::VARCHAR AS facet,
        ${keys.includes('province') ? `CASE WHEN GROUPING(${last}) = 1 THEN NULL ELSE province END` : 'NULL::VARCHAR'} AS province,
        ${MEDIANS_SQL}
      FROM ${table} ${w.sql} GROUP BY GROUPING SETS (${sets})`,
    params: w.params,
  };
}

export interface MedianRow {
  is_total: boolean;
  value: string | null;
  facet: string | null;
  province: string | null;
  fees_10k_yuan_median: number | null;
  processing_fee_yuan_median: number | null;
  too_few_fees_reports: boolean;
  too_few_processing_fee_reports: boolean;
}

/**
 * Group rows whose sums came from the summaries, completed with the database's medians
 * (groupMedians): the rows groupStats returns, in the order of `rows`. A row without its median
 * row (none: the sets differ) throws rather than show a wrong median.
 */
export function withMedians<R extends GroupRow>(rows: readonly R[], medians: readonly MedianRow[]): GroupRow[] {
  const key = (r: { is_total: boolean; value: string | null; facet: string | null; province: string | null }, group: Grouping) =>
    JSON.stringify([r.is_total, r.is_total ? null : r.value, r.facet, group === 'city' && !r.is_total ? r.province : null]);
  const group = rows[0]?.grouping;
  const byKey = new Map(medians.map((m) => [key(m, group ?? 'province'), m]));
  return rows.map((r) => {
    const m = byKey.get(key(r, r.grouping));
    if (!m) throw new Error(`no median row for ${r.is_total ? 'the total' : r.value}`);
    const { pending: _pending, ...rest } = r as R & { pending?: true };
    return {
      ...rest, fees_10k_yuan_median: m.fees_10k_yuan_median, processing_fee_yuan_median: m.processing_fee_yuan_median,
      too_few_fees_reports: m.too_few_fees_reports, too_few_processing_fee_reports: m.too_few_processing_fee_reports,
    };
  });
}

// ---- sorting the group table (every group is in the browser; a few thousand at most) --------

export const GROUP_SORTS = [
  'value', 'reports', 'handled', ...OUTCOME_KEYS.map((k) => `${k}_share`),
  'reconsiderations_per_100', 'lawsuits_per_100', 'corrected_share',
  'fees_10k_yuan_sum', 'fees_10k_yuan_median', 'processing_fee_yuan_sum', 'processing_fee_yuan_median',
] as const;
export type GroupSort = (typeof GROUP_SORTS)[number];

export function groupSort(value: string | null, fallback: GroupSort): GroupSort {
  return (GROUP_SORTS as readonly string[]).includes(value ?? '') ? (value as GroupSort) : fallback;
}

/**
 * Groups in the order of `sort`, largest first (by name or year: ascending); nulls — not stated
 * or too few to rate — last; ties by number of reports, then name. The total row is not here.
 */
export function sortGroups<R extends Pick<GroupRow, 'value' | 'reports'>>(rows: readonly R[], sort: GroupSort): R[] {
  const val = (r: R) => (r as unknown as Record<string, unknown>)[sort] as number | string | null;
  const name = (r: R) => r.value ?? '\uffff';
  return [...rows].sort((a, b) => {
    if (sort === 'value') return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
    const x = val(a) as number | null;
    const y = val(b) as number | null;
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    if (x !== null && y !== null && x !== y) return y - x;
    return b.reports - a.reports || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
  });
}

/** Where a click on a group leads: the region cascade drills down; the others set their filter. */
export function drillDown(group: Grouping, row: Pick<GroupRow, 'value' | 'province' | 'city'>): { filters: Partial<Filters>; group: Grouping | null } | null {
  if (row.value === null) return null;
  switch (group) {
    // A municipality's (北京市, 上海市, 天津市, 重庆市: the provinces named …市) districts have no city
    // (src/format/region.ts): its cities would be one 「无地市」 row, so its counties come next.
    case 'province': return { filters: { province: row.value, city: null, county: null }, group: row.value.endsWith('市') ? 'county' : 'city' };
    case 'city': return { filters: { province: row.province, city: row.value, county: null }, group: 'county' };
    case 'county': return { filters: { province: row.province, city: row.city, county: row.value }, group: null };
    case 'year': return { filters: { year: Number(row.value) }, group: null };
    case 'level': return { filters: { level: row.value as Filters['level'] }, group: null };
    case 'kind': return { filters: { kind: row.value as Filters['kind'] }, group: null };
  }
}
