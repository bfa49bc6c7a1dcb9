// The first paint of the outcomes view, before DuckDB has started: the same rows that
// outcomesByAgency / outcomesOverall / countReports return, computed from summary.json's
// `overview` entries. Pure functions; tests/firstPaint.test.ts checks them against the SQL
// on the real build output, number for number and row for row.
//
// The SQL this mirrors (src/db/queries.ts):
//   WHERE <filters> AND status <> 'failed' AND <every outcome group stated>
//   ORDER BY outcome_sum >= MIN DESC, share(sort) DESC NULLS LAST, outcome_sum DESC, agency   (a category)
//            handled DESC NULLS LAST, agency                             ('handled')
//            agency ASC                                                  ('agency')
// DuckDB orders strings by their UTF-8 bytes (= code point order) and puts NULLs last.
import { nameTerms } from '../db/search.ts';
import { regionName } from '../app/region-names.ts';
import { KINDS, LEVELS, OUTCOME_GROUPS, type OutcomeGroup } from '../format/schema.ts';
import { MIN_APPLICATIONS_FOR_RATE, type Filters, type OutcomeRow, type OutcomeSort } from '../db/queries.ts';
import { countOf, isUnfiltered, overviewMatches, singleRow, type FirstPaintBlock, type OverviewEntry } from '../app/overview.ts';

/** A summary.json overview entry. */
export type OverviewLike = OverviewEntry;

/** outcomesOverall's row. */
export interface OutcomesTotal {
  reports: number;
  handled: number | null;
  granted: number | null;
  partly_granted: number | null;
  refused: number | null;
  unable: number | null;
  not_handled: number | null;
  other: number | null;
}

const OUTCOME_KEYS: OutcomeGroup[] = OUTCOME_GROUPS.map((g) => g.key);
export const OUTCOME_SORTS: readonly OutcomeSort[] = [...OUTCOME_KEYS, 'handled', 'agency'];

/** A valid outcome sort key from the URL's free-text `sort`, else the default. */
export function outcomeSort(sort: string | null | undefined, fallback: OutcomeSort = 'granted'): OutcomeSort {
  return (OUTCOME_SORTS as readonly string[]).includes(sort ?? '') ? (sort as OutcomeSort) : fallback;
}

/** The WHERE clause of queries.ts `where(filters)`: every filter, and no failed reports. */
export function matchesFilters(entry: OverviewLike, filters: Filters): boolean {
  return overviewMatches(entry, filters);
}

/** Sum of the six groups; null when any is not stated (SQL `a + b + …` is NULL if one is). */
function outcomeSum(entry: OverviewLike): number | null {
  let sum = 0;
  for (const key of OUTCOME_KEYS) {
    const v = entry.outcomes[key];
    if (v === null || v === undefined) return null;
    sum += v;
  }
  return sum;
}

/** Strings in code point order, as DuckDB compares UTF-8 bytes; NULLs last. */
export function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** DESC NULLS LAST on numbers. */
function descNullsLast(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

interface Candidate {
  row: OutcomeRow;
  sum: number;
}

function toRow(entry: OverviewLike): Candidate | null {
  const sum = outcomeSum(entry);
  if (sum === null) return null;
  const o = entry.outcomes;
  return {
    sum,
    row: {
      report_id: entry.report_id,
      agency: entry.agency as string,
      year: entry.year,
      handled: entry.total_handled,
      granted: o.granted,
      partly_granted: o.partly_granted,
      refused: o.refused,
      unable: o.unable,
      not_handled: o.not_handled,
      other: o.other,
    },
  };
}

/**
 * The SQL's ORDER BY. Rows whose sort keys are all equal (the same agency filed twice with the
 * same numbers) are in no defined order in SQL; here they fall back on report_id, so the
 * first paint at least is stable.
 */
function comparator(sort: OutcomeSort): (a: Candidate, b: Candidate) => number {
  const byId = (a: Candidate, b: Candidate) => compareText(a.row.report_id, b.row.report_id);
  if (sort === 'agency') return (a, b) => compareText(a.row.agency, b.row.agency) || byId(a, b);
  if (sort === 'handled') return (a, b) => descNullsLast(a.row.handled, b.row.handled) || compareText(a.row.agency, b.row.agency) || byId(a, b);
  // `count::DOUBLE / NULLIF(outcome_sum, 0)`: the same IEEE division as here.
  const share = (c: Candidate) => (c.sum === 0 ? null : (c.row[sort] as number) / c.sum);
  // Reports below the minimum sample after every rated one (`(outcome_sum >= MIN) DESC`).
  const rated = (c: Candidate) => (c.sum >= MIN_APPLICATIONS_FOR_RATE ? 1 : 0);
  return (a, b) => rated(b) - rated(a) || descNullsLast(share(a), share(b)) || b.sum - a.sum || compareText(a.row.agency, b.row.agency) || byId(a, b);
}

/** outcomesByAgency(filters, sort, limit, offset), with `outcome_sum` as the SQL returns it. */
export function firstPaintOutcomes(
  overview: readonly OverviewLike[], filters: Filters, sort: OutcomeSort = 'granted', limit = 50, offset = 0,
): (OutcomeRow & { outcome_sum: number })[] {
  const candidates: Candidate[] = [];
  for (const entry of overview) {
    if (!matchesFilters(entry, filters)) continue;
    const c = toRow(entry);
    if (c) candidates.push(c);
  }
  candidates.sort(comparator(sort));
  return candidates.slice(offset, offset + limit).map((c) => ({ ...c.row, outcome_sum: c.sum }));
}

/** outcomesOverall(filters): sums over the reports whose outcomes are all stated. */
export function firstPaintOverall(overview: readonly OverviewLike[], filters: Filters): OutcomesTotal {
  const total: OutcomesTotal = { reports: 0, handled: null, granted: null, partly_granted: null, refused: null, unable: null, not_handled: null, other: null };
  // SQL SUM skips NULLs and is NULL when every value is NULL.
  const add = (a: number | null, b: number | null) => (b === null || b === undefined ? a : (a ?? 0) + b);
  for (const entry of overview) {
    if (!matchesFilters(entry, filters) || outcomeSum(entry) === null) continue;
    total.reports++;
    total.handled = add(total.handled, entry.total_handled);
    for (const key of OUTCOME_KEYS) total[key] = add(total[key], entry.outcomes[key]);
  }
  return total;
}

/** countReports(filters). */
export function firstPaintCount(overview: readonly OverviewLike[], filters: Filters): number {
  let n = 0;
  for (const entry of overview) if (matchesFilters(entry, filters)) n++;
  return n;
}

/** The outcome view's rows before the database: from `overview`, or for the default view from `first_paint`. */
export interface SummaryOutcomes {
  rows: (OutcomeRow & { outcome_sum?: number })[];
  overall: OutcomesTotal;
  count: number;
}

/** What `first_paint` was computed for: outcomesByAgency(NO_FILTERS, 'granted', 50, 0). */
export const FIRST_PAINT_SORT: OutcomeSort = 'granted';
export const FIRST_PAINT_LIMIT = 50;

/**
 * The outcomes view from summary.json: every filter from `overview` when there is one; otherwise
 * only the unfiltered first page sorted by 'granted' from `first_paint`, and null for anything
 * else (the view then says it is loading rather than showing numbers of another view).
 */
export function summaryOutcomes(
  summary: { overview?: readonly OverviewLike[]; first_paint?: FirstPaintBlock } | null,
  filters: Filters, sort: OutcomeSort, limit: number, offset: number,
): SummaryOutcomes | null {
  if (!summary) return null;
  if (summary.overview) {
    return {
      rows: firstPaintOutcomes(summary.overview, filters, sort, limit, offset),
      overall: firstPaintOverall(summary.overview, filters),
      count: firstPaintCount(summary.overview, filters),
    };
  }
  const fp = summary.first_paint;
  if (!fp || !isUnfiltered(filters) || sort !== FIRST_PAINT_SORT || offset !== 0 || limit > FIRST_PAINT_LIMIT) return null;
  const overall = singleRow<OutcomesTotal>(fp.outcomes_overall);
  const count = countOf(fp.count);
  if (!overall || count === null || !Array.isArray(fp.outcomes_top)) return null;
  return { rows: (fp.outcomes_top as OutcomeRow[]).slice(0, limit), overall, count };
}

// ---------------------------------------------------------------------------------------
// The filter in words, shared by the per-agency views: in chart descriptions and in the
// names of downloaded files (年报数据_浙江省_2024年_地市级.csv says what it holds).

type Lang = 'zh' | 'en';

/** The chosen filters as short phrases, in the order of the filter bar; empty when none. */
export function filterPhrases(lang: Lang, filters: Filters): string[] {
  const parts: string[] = [];
  for (const key of ['province', 'city', 'county'] as const) if (filters[key]) parts.push(regionName(lang, key, filters[key] as string));
  if (filters.year !== null) parts.push(lang === 'zh' ? `${filters.year}年` : String(filters.year));
  const level = LEVELS.find((l) => l.key === filters.level);
  if (level) parts.push(level[lang]);
  const kind = KINDS.find((k) => k.key === filters.kind);
  if (kind) parts.push(kind[lang]);
  const terms = nameTerms(filters.q);
  if (terms.length) parts.push(lang === 'zh' ? `名称含${terms.map((t) => `“${t}”`).join('或')}` : `name contains ${terms.map((t) => `“${t}”`).join(' or ')}`);
  return parts;
}

/** 「筛选：浙江省、2024年」 / "Filter: 浙江省, 2024", or 「全部报告」 / "All reports". */
export function describeFilters(lang: Lang, filters: Filters): string {
  const parts = filterPhrases(lang, filters);
  if (!parts.length) return lang === 'zh' ? '全部报告' : 'All reports';
  return lang === 'zh' ? `筛选：${parts.join('、')}` : `Filter: ${parts.join(', ')}`;
}

/** Base name of a download: what the chart is, then the filter (safeFileName cleans it). */
export function downloadName(lang: Lang, what: string, filters: Filters, extra: string[] = []): string {
  const parts = filterPhrases(lang, filters);
  return [what, ...(parts.length ? parts : [lang === 'zh' ? '全部' : 'all']), ...extra].join('_');
}
