// Every question the dashboard asks, as SQL with bound parameters. The database does the
// filtering, grouping and arithmetic; the browser draws only the rows it gets back.
// Column names come from the schema, never from the user; user-chosen values are always `?`.
import {
  OUTCOME_GROUPS, OUTCOME_ROWS, T3, T3_OTHER_TOTAL_ROW, T3_TOTAL_COLUMN, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_FIELDS, table3Column, table4Column,
  type OutcomeGroup,
} from '../format/schema.ts';
import { REPORT_FIELDS } from '../format/fields.ts';

export type { Param, Query, Filters, FilterKey } from './predicates.ts';
export { NO_FILTERS, where } from './predicates.ts';
import { NO_FILTERS, where, type FilterKey, type Filters, type Query } from './predicates.ts';

/**
 * The narrow table every chart and filter reads (`facts.parquet`, loaded into memory in the
 * browser): the report's identity and place, the 总计 column of table 3, table 4's totals,
 * corrections and pending cases, and the two fees — under their names in reports.parquet, so
 * the same SQL runs on either. The full 300-column `reports` serves the extract, the agency page
 * and data quality.
 */
export const FACT_COLUMNS: readonly string[] = [
  'report_id', 'file', 'agency', 'agency_id', 'superseded_by', 'year', 'province', 'city', 'county', 'level', 'kind', 'status', 'template',
  ...TABLE3_ROWS.map((_, r) => table3Column(r, T3_TOTAL_COLUMN)),
  table3Column(T3_OTHER_TOTAL_ROW, T3_TOTAL_COLUMN),
  // New applications by applicant (自然人 and the five kinds of 法人或其他组织): the applicant-types chart.
  ...TABLE3_COLUMNS.slice(0, T3_TOTAL_COLUMN).map((_, c) => table3Column(T3.NEW, c)),
  ...TABLE4_FIELDS.filter((f) => f.outcome === 'total' || f.outcome === 'corrected' || f.outcome === 'pending').map(table4Column),
  't2_fees_10k_yuan', 'processing_fee_yuan',
];

/** Below these, a rate says more about chance than about the agency: shown as "too few to rate". */
export const MIN_APPLICATIONS_FOR_RATE = 10;
export const MIN_CASES_FOR_SHARE = 5;

/**
 * The fewest reports a statistic across reports rests on — a quartile, a median, a percentile
 * rank (the peers of the agency page, the distribution view, a group's or a province's median
 * fee). Below it the statistic is NULL, shown as "—" with the reason ("too few reports").
 * Why 5: with n values the quartiles by linear interpolation sit at positions (n−1)/4 and
 * 3(n−1)/4; below 5 values they are not order statistics of their own but blends of the two or
 * three values there are (with 1 value q1 = median = q3 = that value, with 2 the median is their
 * mean), and a percentile rank moves in steps of 100/n (of 25 points or more): 5 values give a
 * min, a max and three distinct inner points, the least from which "a quarter of the reports are
 * below this" reads as a statement about reports rather than about one or two of them.
 */
export const MIN_REPORTS_FOR_DISTRIBUTION = 5;

/** SQL, never NULL: the count (an SQL expression) reaches MIN_REPORTS_FOR_DISTRIBUTION. */
export const enoughReportsSql = (count: string) => `COALESCE((${count}) >= ${MIN_REPORTS_FOR_DISTRIBUTION}, false)`;

/** SQL: `statistic` when `count` reports reach MIN_REPORTS_FOR_DISTRIBUTION, else NULL (withheld). */
export const overEnoughReportsSql = (count: string, statistic: string) => `CASE WHEN ${enoughReportsSql(count)} THEN ${statistic} END`;

const total = (row: number) => table3Column(row, T3_TOTAL_COLUMN);

/** SQL for the count of one outcome group (null when any of its rows is not stated). For
 *  其他处理 a report may print only the total of its three rows: that total stands in. */
export function outcomeSql(group: OutcomeGroup): string {
  const rows = `(${OUTCOME_ROWS[group].map(total).join(' + ')})`;
  return group === 'other' ? `COALESCE(${rows}, ${table3Column(T3_OTHER_TOTAL_ROW, T3_TOTAL_COLUMN)})` : rows;
}

const OUTCOME_KEYS = OUTCOME_GROUPS.map((g) => g.key);
const OUTCOME_SUM = `(${OUTCOME_KEYS.map(outcomeSql).join(' + ')})`;
const HANDLED = total(T3.TOTAL_HANDLED);

export type OutcomeSort = OutcomeGroup | 'handled' | 'agency';

export interface OutcomeRow {
  report_id: string;
  agency: string;
  year: number | null;
  handled: number | null;
  granted: number | null;
  partly_granted: number | null;
  refused: number | null;
  unable: number | null;
  not_handled: number | null;
  other: number | null;
}

/**
 * The outcomes list's own narrow table, made once in the page when the database is ready: the
 * columns the list's filters read and its counts already summed, only the reports whose every
 * outcome group is stated. The list's query then scans ~20 narrow columns instead of summing
 * ~25 of facts for every report on each filter change. Made in slices of `slice` rows of facts
 * (by rowid), one statement each: DuckDB-wasm runs one statement at a time and cannot stop one,
 * so a filter change waits at most for one slice, not for the whole table.
 */
export const OUTCOME_LIST_TABLE = 'outcome_list';

export function outcomeListTable(factRows: number, slice = 20_000): string[] {
  const select = (from: number, to: number) => `SELECT report_id, agency, year, province, city, county, level, kind, status, superseded_by,
      ${HANDLED}::INTEGER AS handled,
      ${OUTCOME_KEYS.map((k) => `${outcomeSql(k)}::INTEGER AS ${k}`).join(', ')},
      ${OUTCOME_SUM}::INTEGER AS outcome_sum
    FROM facts WHERE ${OUTCOME_SUM} IS NOT NULL AND rowid >= ${from} AND rowid < ${to}`;
  const size = Math.max(1, Math.floor(slice));
  const statements = [`CREATE OR REPLACE TEMP TABLE ${OUTCOME_LIST_TABLE} AS ${select(0, size)}`];
  for (let from = size; from < factRows; from += size) statements.push(`INSERT INTO ${OUTCOME_LIST_TABLE} ${select(from, from + size)}`);
  return statements;
}

/**
 * Per agency: the count of each outcome group, sorted by the share of `sort` (or by size).
 * `fromList`: read the table outcomeListTable() made (the same rows and columns, summed once).
 */
/** outcomesByAgency's ORDER BY, over its columns (OUTCOME_LIST_COLUMNS). */
function outcomesOrder(sort: OutcomeSort): string {
  // report_id last: ties (the same numbers filed twice) keep one order from page to page.
  return sort === 'agency' ? 'agency ASC, report_id'
    : sort === 'handled' ? 'handled DESC NULLS LAST, agency, report_id'
      // A share ranks only reports with enough applications: those below the minimum come after
      // every rated one (the view lists them apart as "too few to rate"), never on top.
      : `(outcome_sum >= ${MIN_APPLICATIONS_FOR_RATE}) DESC, ${sort}::DOUBLE / NULLIF(outcome_sum, 0) DESC NULLS LAST, outcome_sum DESC, agency, report_id`;
}

/** outcomesByAgency's columns over facts. */
const OUTCOME_LIST_COLUMNS = `report_id, agency, year, ${HANDLED}::INTEGER AS handled,
      ${OUTCOME_KEYS.map((k) => `${outcomeSql(k)}::INTEGER AS ${k}`).join(', ')},
      ${OUTCOME_SUM}::INTEGER AS outcome_sum`;

export function outcomesByAgency(filters: Filters, sort: OutcomeSort = 'granted', limit = 50, offset = 0, fromList = false): Query {
  const order = outcomesOrder(sort);
  if (fromList) {
    const w = where(filters);
    return {
      sql: `SELECT report_id, agency, year, handled, ${OUTCOME_KEYS.join(', ')}, outcome_sum
        FROM ${OUTCOME_LIST_TABLE} ${w.sql}
        ORDER BY ${order} LIMIT ? OFFSET ?`,
      params: [...w.params, limit, offset],
    };
  }
  const w = where(filters, { and: [`${OUTCOME_SUM} IS NOT NULL`] });
  return {
    sql: `SELECT ${OUTCOME_LIST_COLUMNS}
      FROM facts ${w.sql}
      ORDER BY ${order} LIMIT ? OFFSET ?`,
    params: [...w.params, limit, offset],
  };
}

/**
 * The first `limit` rows of a query per value of `key`: `columns` of `facts` under `w`, ranked by
 * `order` (over the columns) within each value, as a column `_state` (the value, never null)
 * followed by `columns`, in order of the value then the rank. Page one of that query filtered on
 * each value, in one scan and one partitioned sort instead of a query per value (the build's lists).
 */
function firstRowsPer(key: FilterKey, columns: string, w: Query, order: string, limit: number): Query {
  const and = `${w.sql ? `${w.sql} AND` : 'WHERE'} ${key} IS NOT NULL`;
  return {
    sql: `SELECT * EXCLUDE (_rank) FROM (
        SELECT *, row_number() OVER (PARTITION BY _state ORDER BY ${order}) AS _rank
        FROM (SELECT ${key} AS _state, ${columns} FROM facts ${and}))
      WHERE _rank <= ? ORDER BY _state, _rank`,
    params: [...w.params, limit],
  };
}

/** outcomesByAgency(filters with `key` = v, sort, limit, 0) for every value v of `key` at once (see firstRowsPer). */
export function outcomesByAgencyPer(key: FilterKey, sort: OutcomeSort = 'granted', limit = 50): Query {
  return firstRowsPer(key, OUTCOME_LIST_COLUMNS, where(NO_FILTERS, { and: [`${OUTCOME_SUM} IS NOT NULL`] }), outcomesOrder(sort), limit);
}

/** The filtered set as a whole: outcome counts summed over reports whose outcomes are all stated. */
export function outcomesOverall(filters: Filters): Query {
  const w = where(filters, { and: [`${OUTCOME_SUM} IS NOT NULL`] });
  return {
    sql: `SELECT COUNT(*)::INTEGER AS reports, SUM(${HANDLED})::BIGINT::DOUBLE AS handled,
      ${OUTCOME_KEYS.map((k) => `SUM(${outcomeSql(k)})::DOUBLE AS ${k}`).join(', ')}
      FROM facts ${w.sql}`,
    params: w.params,
  };
}

/** Refusals (不予公开) by reason, over the filtered set or for one report. */
export function refusalReasons(filters: Filters, reportId: string | null = null): Query {
  const w = where(filters, { and: reportId ? [{ sql: 'report_id = ?', params: [reportId] }] : [] });
  const rows = OUTCOME_ROWS.refused;
  return {
    sql: rows.map((r) => `SELECT '${TABLE3_ROWS[r].key}' AS reason, ${r} AS row_index, SUM(${total(r)})::DOUBLE AS count, COUNT(${total(r)})::INTEGER AS stated FROM facts ${w.sql}`).join(' UNION ALL ') + ' ORDER BY row_index',
    params: rows.flatMap(() => w.params),
  };
}

const t4 = (group: string, outcome: string) => table4Column(TABLE4_FIELDS.find((f) => f.group === group && f.outcome === outcome)!);
const GROUPS = ['reconsideration', 'lawsuit_direct', 'lawsuit_after_reconsideration'] as const;
const RECONSIDERATIONS = t4('reconsideration', 'total');
const LAWSUITS = `(${t4('lawsuit_direct', 'total')} + ${t4('lawsuit_after_reconsideration', 'total')})`;
const CORRECTED = `(${GROUPS.map((g) => t4(g, 'corrected')).join(' + ')})`;
const PENDING = `(${GROUPS.map((g) => t4(g, 'pending')).join(' + ')})`;

/** Per-report SQL expressions over facts, for modules that build their own queries (distributions, maps). */
export const FACT_SQL = {
  handled: HANDLED,
  outcomeSum: OUTCOME_SUM,
  reconsiderations: RECONSIDERATIONS,
  lawsuits: LAWSUITS,
  disputes: `(${RECONSIDERATIONS} + ${LAWSUITS})`,
  corrected: CORRECTED,
  concluded: `(${RECONSIDERATIONS} + ${LAWSUITS} - ${PENDING})`,
} as const;

export type FeeSort = 'fees_10k_yuan' | 'processing_fee_yuan' | 'agency';

/** A row of feesByAgency. */
export interface FeeRow {
  report_id: string;
  agency: string | null;
  year: number | null;
  template: string | null;
  fees_10k_yuan: number | null;
  processing_fee_yuan: number | null;
}

/** Table 2's 行政事业性收费 (万元) and section 六's 信息处理费 (元): two measures, two units. */
const feesOrder = (sort: FeeSort) => (sort === 'agency' ? 'agency ASC, report_id' : `${sort} DESC NULLS LAST, agency, report_id`);
const FEE_LIST_COLUMNS = 'report_id, agency, year, template, t2_fees_10k_yuan AS fees_10k_yuan, processing_fee_yuan';

export function feesByAgency(filters: Filters, sort: FeeSort = 'fees_10k_yuan', limit = 50, offset = 0): Query {
  const w = where(filters);
  return {
    sql: `SELECT ${FEE_LIST_COLUMNS}
      FROM facts ${w.sql} ORDER BY ${feesOrder(sort)} LIMIT ? OFFSET ?`,
    params: [...w.params, limit, offset],
  };
}

/** feesByAgency(filters with `key` = v, sort, limit, 0) for every value v of `key` at once (see firstRowsPer). */
export function feesByAgencyPer(key: FilterKey, sort: FeeSort = 'fees_10k_yuan', limit = 50): Query {
  return firstRowsPer(key, FEE_LIST_COLUMNS, where(NO_FILTERS), feesOrder(sort), limit);
}

/**
 * How many filtered reports use the 2019 template and how many another, with the years of the
 * 2019 ones: views say so where a measure is defined differently (or missing) in that template.
 */
export function templateMix(filters: Filters): Query {
  const w = where(filters);
  return {
    sql: `SELECT COUNT(*) FILTER (WHERE template = '2019')::INTEGER AS old,
        COUNT(*) FILTER (WHERE template IS DISTINCT FROM '2019')::INTEGER AS other,
        MIN(year) FILTER (WHERE template = '2019')::INTEGER AS first_old,
        MAX(year) FILTER (WHERE template = '2019')::INTEGER AS last_old
      FROM facts ${w.sql}`,
    params: w.params,
  };
}

/** Counts behind the filter controls; each level of the cascade ignores its own choice. */
export function regionCounts(filters: Filters, level: 'province' | 'city' | 'county'): Query {
  const except: FilterKey[] = level === 'province' ? ['province', 'city', 'county'] : level === 'city' ? ['city', 'county'] : ['county'];
  const w = where(filters, { except, and: [`${level} IS NOT NULL`] });
  return {
    sql: `SELECT ${level} AS value, COUNT(*)::INTEGER AS n FROM facts ${w.sql}
      GROUP BY ${level} ORDER BY n DESC, value`,
    params: w.params,
  };
}

export function facetCounts(filters: Filters, facet: 'year' | 'level' | 'kind'): Query {
  const w = where(filters, { except: [facet], and: [`${facet} IS NOT NULL`] });
  return {
    sql: `SELECT ${facet} AS value, COUNT(*)::INTEGER AS n FROM facts ${w.sql}
      GROUP BY ${facet} ORDER BY ${facet === 'year' ? 'value DESC' : 'n DESC, value'}`,
    params: w.params,
  };
}

export type FilterFacet = 'province' | 'city' | 'county' | 'year' | 'level' | 'kind' | 'total';

/**
 * Every count the filter controls show, in one round trip: the region cascade (city only once a
 * province is chosen, county once a city is), year, level, kind, and the matching total. Rows
 * are (facet, value as text, n), in each facet's own order.
 */
export function filterCounts(filters: Filters): Query {
  const parts: [FilterFacet, Query][] = [
    ['province', regionCounts(filters, 'province')],
    ...(filters.province ? [['city', regionCounts(filters, 'city')] as [FilterFacet, Query]] : []),
    ...(filters.city ? [['county', regionCounts(filters, 'county')] as [FilterFacet, Query]] : []),
    ['year', facetCounts(filters, 'year')],
    ['level', facetCounts(filters, 'level')],
    ['kind', facetCounts(filters, 'kind')],
  ];
  const total = countReports(filters);
  return {
    sql: [
      ...parts.map(([facet, q], i) => `SELECT '${facet}' AS facet, ${i} AS part, ROW_NUMBER() OVER () AS rank, value::VARCHAR AS value, n FROM (${q.sql})`),
      `SELECT 'total' AS facet, ${parts.length} AS part, 1 AS rank, NULL AS value, n FROM (${total.sql})`,
    ].map((q) => `(${q})`).join(' UNION ALL ') + ' ORDER BY part, rank',
    params: [...parts.flatMap(([, q]) => q.params), ...total.params],
  };
}

export function countReports(filters: Filters): Query {
  const w = where(filters);
  return { sql: `SELECT COUNT(*)::INTEGER AS n FROM facts ${w.sql}`, params: w.params };
}

/**
 * Which rows the CSV extract holds: 'counted', the reports the page's counts and totals are made
 * of (so a column summed in a spreadsheet gives the page's total); 'all', every file (failed ones
 * and the filings superseded by another of the same agency and year too).
 */
export type ExtractRows = 'counted' | 'all';

/** Every field of the filtered reports, for the CSV extract. */
export function extract(filters: Filters, rows: ExtractRows = 'counted'): Query {
  const w = where(filters, { includeFailed: rows === 'all' });
  return { sql: `SELECT ${REPORT_FIELDS.map((f) => f.name).join(', ')} FROM reports ${w.sql} ORDER BY province, city, county, agency, year`, params: w.params };
}

/**
 * The columns of one report's page (the agency view): its metadata, quality and fee fields and
 * table 3's layout, not the table cells (those come from `cells`). reports.parquet is read by
 * HTTP range in the browser, one request per column chunk: ~30 columns instead of ~300.
 */
export const REPORT_PAGE_COLUMNS: readonly string[] = [
  ...REPORT_FIELDS.filter((f) => f.group !== 'table2' && f.group !== 'table3' && f.group !== 'table4').map((f) => f.name),
  't3_layout',
];

export function reportById(reportId: string): Query {
  return { sql: `SELECT ${REPORT_PAGE_COLUMNS.join(', ')} FROM reports WHERE report_id = ?`, params: [reportId] };
}
export function cellsOf(reportId: string): Query {
  return { sql: 'SELECT table_name, row_index, col_index, field, value, raw, flag, rule, line, char_start, char_end FROM cells WHERE report_id = ? ORDER BY table_name, row_index, col_index', params: [reportId] };
}
export function checksOf(reportId: string): Query {
  return { sql: 'SELECT code, severity, cells, cell_refs, message_zh, message_en FROM checks WHERE report_id = ? ORDER BY check_index', params: [reportId] };
}

// ---- lists paged in SQL (large corpora: never every row into the browser) --------------------

export interface AgencyListRow {
  report_id: string;
  agency: string | null;
  file: string | null;
  year: number | null;
  status: string;
}

/** One page of the agency list (failed files included): by name, newest year first. */
export function agencyList(filters: Filters, limit = 100, offset = 0): Query {
  const w = where(filters, { includeFailed: true });
  return {
    sql: `SELECT report_id, agency, file, year, status FROM facts ${w.sql}
      ORDER BY agency NULLS LAST, year DESC NULLS LAST, file, report_id LIMIT ? OFFSET ?`,
    params: [...w.params, limit, offset],
  };
}

/** How many rows the agency list has (the quality table counts with quality.ts). */
export function listCount(filters: Filters, status: string | null = null): Query {
  const w = where(filters, { includeFailed: true, and: status ? [{ sql: 'status = ?', params: [status] }] : [] });
  return { sql: `SELECT COUNT(*)::INTEGER AS n FROM facts ${w.sql}`, params: w.params };
}

