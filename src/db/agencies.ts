// An agency over the years (agency_id, set by the build: src/build/agencies.ts): its reports
// year by year with the key measures, and where it stands among its peers. SQL over `facts`,
// user values bound as `?`; the measures are those of the distribution view (distribution.ts),
// so a value here is the value there.
import { OUTCOME_GROUPS, T3, T3_TOTAL_COLUMN, table3Column } from '../format/schema.ts';
import { measureOf, ratedSql, type Measure, type MeasureKey } from './distribution.ts';
import { FACT_SQL, enoughReportsSql, outcomeSql, overEnoughReportsSql, type Query } from './queries.ts';

/** The measures of the agency page, in the order shown. */
export const AGENCY_MEASURES: readonly MeasureKey[] = [
  'share_granted', 'share_refused', 'disputes_per_100', 'corrected_share', 'fees_10k_yuan', 'processing_fee_yuan',
];

/**
 * Measures whose definition is the same in the 2019 and 2021 templates: table 3's outcome
 * groups (其他处理 as one group), table 4, section 六's fee. Table 2's 行政事业性收费 is not in
 * the 2019 template: for those years it is not compared.
 */
export const ACROSS_TEMPLATES: ReadonlySet<string> = new Set<string>([
  'new_applications', 'handled', 'share_granted', 'share_partly_granted', 'share_refused', 'share_unable', 'share_not_handled', 'share_other',
  'reconsiderations_per_100', 'lawsuits_per_100', 'disputes_per_100', 'corrected_share', 'processing_fee_yuan',
]);

const NEW = table3Column(T3.NEW, T3_TOTAL_COLUMN);

export interface SeriesRow {
  report_id: string;
  file: string | null;
  agency: string | null;
  year: number | null;
  template: string | null;
  status: string;
  superseded_by: string | null;
  new_applications: number | null;
  handled: number | null;
  /** Per outcome group: its count (o_<group>); per measure key: the value (v_), its sample (n_) and whether it meets the minimum (r_). */
  [key: string]: string | number | boolean | null;
}

const column = (m: Measure) => m.key;

/** The series columns of every readable report matching `condition` (SQL without user values), in `order`. */
function seriesSql(condition: string, order: string): string {
  const measures = AGENCY_MEASURES.map((k) => measureOf(k));
  const cols = measures.map((m) => `(${m.value})::DOUBLE AS "v_${column(m)}", (${m.base ?? 'NULL'})::DOUBLE AS "n_${column(m)}", ${ratedSql(m)} AS "r_${column(m)}"`);
  return `SELECT agency_id, report_id, file, agency, year, template, status, superseded_by,
      ${NEW}::INTEGER AS new_applications, ${FACT_SQL.handled}::INTEGER AS handled,
      ${OUTCOME_GROUPS.map((g) => `${outcomeSql(g.key)}::INTEGER AS "o_${g.key}"`).join(', ')}, ${cols.join(', ')}
    FROM facts WHERE ${condition} AND status <> 'failed'
    ORDER BY ${order}`;
}

/** Every readable report of the agency, oldest first; within a year the charted one first, then superseded copies. */
export function agencySeries(agencyId: string): Query {
  return { sql: seriesSql('agency_id = ?', 'year NULLS LAST, superseded_by IS NOT NULL, file, report_id'), params: [agencyId] };
}

/** The agency's files that could not be read (status failed; none of them is in its series): how many, and its name as they give it. */
export function agencyFailedFiles(agencyId: string): Query {
  return { sql: `SELECT count(*)::INTEGER AS n, max(agency) AS name FROM facts WHERE agency_id = ? AND status = 'failed'`, params: [agencyId] };
}

/** The report the agency page shows for an agency and a year: the charted one of that year, else of its latest year. */
export function agencyReport(agencyId: string, year: number | null): Query {
  return {
    sql: `SELECT report_id, year FROM facts WHERE agency_id = ? AND status <> 'failed' AND superseded_by IS NULL
      ORDER BY COALESCE(year = ?, false) DESC, year DESC NULLS LAST, report_id LIMIT 1`,
    params: [agencyId, year],
  };
}

/**
 * agencyReport's choice, made on the agency's series (agencySeries: its readable reports) instead
 * of another query: the charted report (not superseded) of `year`, else of its latest year (a
 * report without a year last), ties by report_id. Null when the agency has no charted report.
 */
export function reportOfSeries<R extends Pick<SeriesRow, 'report_id' | 'year' | 'status' | 'superseded_by'>>(rows: readonly R[], year: number | null): R | null {
  let best: R | null = null;
  const rank = (r: R) => [year !== null && r.year === year ? 0 : 1, r.year === null ? Infinity : -r.year] as const;
  for (const r of rows) {
    if (r.status === 'failed' || r.superseded_by !== null) continue;
    if (!best) {
      best = r;
      continue;
    }
    const [a0, a1] = rank(r);
    const [b0, b1] = rank(best);
    if (a0 < b0 || (a0 === b0 && (a1 < b1 || (a1 === b1 && r.report_id < best.report_id)))) best = r;
  }
  return best;
}

/**
 * The checks across reports (continuity.*) of the given reports (an agency's, from agencySeries).
 * One `report_id = ?` per report, so that DuckDB prunes checks.parquet's row groups by their
 * report_id statistics (the file is sorted by report_id) instead of reading the whole table over
 * HTTP ranges, as a join on the agency would (1.3 s at 100,000 reports before the split).
 */
export function agencyContinuity(reportIds: readonly string[]): Query {
  if (!reportIds.length) return { sql: 'SELECT NULL AS report_id WHERE false', params: [] };
  const each = reportIds.map(() => `SELECT report_id, check_index, code, severity, cell_refs, message_zh, message_en FROM checks WHERE report_id = ? AND code LIKE 'continuity.%'`);
  return {
    sql: `SELECT c.report_id, f.year, f.file, c.code, c.severity, c.cell_refs, c.message_zh, c.message_en
      FROM (${each.join('\n      UNION ALL ')}) c JOIN facts f USING (report_id)
      ORDER BY f.year NULLS LAST, f.file, c.check_index`,
    params: [...reportIds],
  };
}

export type PeerScope = 'national' | 'province';

/**
 * Where a report stands among its peers — the charted reports of the same year, level and kind,
 * nationally or in its province — on each of AGENCY_MEASURES: per measure `n_<key>` (peers rated:
 * value stated, sample at least the minimum), `q1_`, `median_`, `q3_` (linear interpolation, as
 * distribution.ts), the report's own value `v_`, whether it is rated `r_` and its own sample `b_`, and `le_` the rated
 * peers at or below it (its percentile is le / n, as distribution.ts `percentile`). The report
 * counts among its peers. With fewer than MIN_REPORTS_FOR_DISTRIBUTION rated peers the quartiles,
 * the median and `le_` are NULL and `few_<key>` is true (too few reports: withheld, not computed).
 * No row when the report is not charted (failed or superseded).
 */
export function agencyPeers(reportId: string, scope: PeerScope): Query {
  const measures = AGENCY_MEASURES.map((k) => measureOf(k));
  const values = measures.map((m) => `(${m.value})::DOUBLE AS "v_${m.key}", ${ratedSql(m)} AS "r_${m.key}", (${m.base ?? 'NULL'})::DOUBLE AS "b_${m.key}"`);
  const stats = measures.map((m) => {
    const v = `m."v_${m.key}"`;
    const r = `m."r_${m.key}"`;
    const n = `COUNT(*) FILTER (WHERE ${r})`;
    return `${n}::INTEGER AS "n_${m.key}", NOT ${enoughReportsSql(n)} AS "few_${m.key}",
      ${overEnoughReportsSql(n, `quantile_cont(${v}, 0.25) FILTER (WHERE ${r})`)} AS "q1_${m.key}",
      ${overEnoughReportsSql(n, `quantile_cont(${v}, 0.5) FILTER (WHERE ${r})`)} AS "median_${m.key}",
      ${overEnoughReportsSql(n, `quantile_cont(${v}, 0.75) FILTER (WHERE ${r})`)} AS "q3_${m.key}",
      any_value(me."v_${m.key}") AS "v_${m.key}", any_value(me."r_${m.key}") AS "r_${m.key}", any_value(me."b_${m.key}") AS "b_${m.key}",
      ${overEnoughReportsSql(n, `COUNT(*) FILTER (WHERE ${r} AND ${v} <= me."v_${m.key}")`)}::INTEGER AS "le_${m.key}"`;
  });
  const province = scope === 'province' ? 'AND f.province = me.province' : '';
  return {
    sql: `WITH me0 AS (SELECT year, level, kind, province FROM facts WHERE report_id = ? AND status <> 'failed' AND superseded_by IS NULL),
      peers AS (SELECT f.* FROM facts f, me0 me WHERE f.status <> 'failed' AND f.superseded_by IS NULL
        AND f.year = me.year AND f.level = me.level AND f.kind = me.kind ${province}),
      m AS (SELECT report_id, ${values.join(', ')} FROM peers),
      me AS (SELECT * FROM m WHERE report_id = ?)
      SELECT ${stats.join(',\n      ')} FROM m, me`,
    params: [reportId, reportId],
  };
}

/** At most this many agencies are compared at once. */
export const COMPARE_MAX = 4;

export interface AgencyHit {
  agency_id: string;
  agency: string | null;
  province: string | null;
  years: number[];
  /** How many agencies match in all (the hits are the first `limit` of them). */
  matches: number;
}

/**
 * Agencies whose name (in any year) contains the text, for the compare view's search: one row per
 * agency, the likeliest first: the text early in the name, then the shortest name (「成都市」 finds
 * 成都市人民政府 before 四川省成都市住房公积金管理中心), then by name. `matches` counts them all.
 */
export function agencySearch(text: string, limit = 20): Query {
  return {
    sql: `WITH m AS (SELECT agency_id, arg_max(agency, year) AS agency, arg_max(province, year) AS province, list(DISTINCT year ORDER BY year) AS years
        FROM facts WHERE agency_id IS NOT NULL AND status <> 'failed' AND superseded_by IS NULL AND year IS NOT NULL
          AND agency_id IN (SELECT agency_id FROM facts WHERE contains(lower(coalesce(agency, '')), lower(?)))
        GROUP BY agency_id)
      SELECT *, (COUNT(*) OVER ())::INTEGER AS matches FROM m
      ORDER BY coalesce(nullif(strpos(lower(coalesce(agency, '')), lower(?)), 0), 1000000), length(coalesce(agency, '')), agency, agency_id LIMIT ?`,
    params: [text, text, limit],
  };
}

/**
 * Agencies to start a comparison with, taken from the data (the compare view with none chosen):
 * those with the most years of charted reports, then the most applications handled over those
 * years (a body with much to compare), ties by id. AgencyHit's shape; `matches` counts every agency.
 */
export function compareSuggestions(limit = 6): Query {
  // Ranked first on (agency, year) groups alone (their count is the distinct years, the sum of
  // their sums the applications), the names and years then read for the `limit` agencies kept:
  // the names (arg_max) and year lists of every one of ~47,500 agencies at 100,000 reports made
  // this query 2.3–3.4 s in the page's worker; so, 0.9–1.5 s. The same rows.
  return {
    sql: `WITH ay AS (SELECT agency_id, year, sum(${FACT_SQL.handled}) AS handled FROM facts
          WHERE agency_id IS NOT NULL AND status <> 'failed' AND superseded_by IS NULL AND year IS NOT NULL GROUP BY agency_id, year),
        m AS (SELECT agency_id, count(*) AS n_years, coalesce(sum(handled), 0) AS handled, (COUNT(*) OVER ())::INTEGER AS matches
          FROM ay GROUP BY agency_id ORDER BY n_years DESC, handled DESC, agency_id LIMIT ?)
      SELECT m.agency_id, arg_max(f.agency, f.year) AS agency, arg_max(f.province, f.year) AS province, list(DISTINCT f.year ORDER BY f.year) AS years,
        any_value(m.matches) AS matches
      FROM m JOIN facts f ON f.agency_id = m.agency_id
      WHERE f.status <> 'failed' AND f.superseded_by IS NULL AND f.year IS NOT NULL
      GROUP BY m.agency_id, m.n_years, m.handled
      ORDER BY m.n_years DESC, m.handled DESC, m.agency_id`,
    params: [limit],
  };
}

/** The charted report of each year of each agency (at most COMPARE_MAX), with the agency page's measures. */
export function compareSeries(agencyIds: readonly string[]): Query {
  const ids = agencyIds.slice(0, COMPARE_MAX);
  if (!ids.length) return { sql: 'SELECT NULL AS agency_id WHERE false', params: [] };
  return {
    sql: seriesSql(`agency_id IN (${ids.map(() => '?').join(', ')}) AND superseded_by IS NULL AND year IS NOT NULL`, 'agency_id, year, report_id'),
    params: [...ids],
  };
}

/** Two filings of the same agency and year side by side: the cells whose values differ (blank in one included). */
export function filingDifferences(chosenId: string, copyId: string): Query {
  return {
    sql: `SELECT a.table_name, a.row_index, a.col_index, a.label_zh, a.label_en, a.value AS chosen, b.value AS copy
      FROM (SELECT * FROM cells WHERE report_id = ?) a JOIN (SELECT * FROM cells WHERE report_id = ?) b USING (table_name, row_index, col_index)
      WHERE a.value IS DISTINCT FROM b.value ORDER BY a.table_name, a.row_index, a.col_index`,
    params: [chosenId, copyId],
  };
}
