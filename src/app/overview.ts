// summary.json's per-report overview, and the filter rules of queries.ts `where()` applied to
// it, for the moments before the database is ready (the first paint, the filter counts).
import type { Filters } from '../db/queries.ts';
import type { Overview } from '../build/rows.ts';
import { nameMatches, nameTerms } from '../db/search.ts';

/** What the browser reads of a summary.json overview entry: the build's own type (rows.ts). */
export type OverviewEntry = Pick<Overview, 'report_id' | 'agency' | 'year' | 'province' | 'city' | 'county' | 'level' | 'kind' | 'status' | 'outcomes' | 'total_handled' | 'superseded_by'>;

export type FilterKey = keyof Filters;

/** Does an entry pass the filters (leaving out those in `except`)? The same rules as `where()`. */
export function overviewMatches(entry: OverviewEntry, filters: Filters, except: FilterKey[] = [], includeFailed = false): boolean {
  if (!includeFailed && (entry.status === 'failed' || entry.superseded_by)) return false;
  for (const key of ['province', 'city', 'county', 'year', 'level', 'kind'] as const) {
    const wanted = filters[key];
    if (except.includes(key) || wanted === null || wanted === '') continue;
    // SQL `column = ?` is never true for a NULL column.
    if (entry[key] === null || entry[key] !== wanted) return false;
  }
  if (!except.includes('q') && !nameMatches(entry.agency, nameTerms(filters.q))) return false;
  return true;
}

export interface Count {
  value: string | number;
  n: number;
}

/** Counts of one facet, ordered like the SQL (by count, years newest first, ties by code point). */
export function overviewCounts(entries: readonly OverviewEntry[], filters: Filters, facet: 'province' | 'city' | 'county' | 'year' | 'level' | 'kind'): Count[] {
  const except: FilterKey[] = facet === 'province' ? ['province', 'city', 'county'] : facet === 'city' ? ['city', 'county'] : [facet];
  const counts = new Map<string | number, number>();
  for (const e of entries) {
    const v = e[facet];
    if (v === null || v === undefined || !overviewMatches(e, filters, except)) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const list = [...counts].map(([value, n]) => ({ value, n }));
  if (facet === 'year') return list.sort((a, b) => Number(b.value) - Number(a.value));
  return list.sort((a, b) => b.n - a.n || (String(a.value) < String(b.value) ? -1 : String(a.value) > String(b.value) ? 1 : 0));
}

// ---- summary.json `first_paint`: large corpora ------------------------------------------------
// Above ~5,000 reports summary.json has no per-report `overview`; instead the build runs the
// exact SQL of the unfiltered default view and stores its results in `first_paint`. They answer
// only that view (no filter, sorted by 'granted', page 0); anything else waits for the database.

/** The results of the default view's SQL, as summary.json `first_paint` carries them. */
export interface FirstPaintBlock {
  /** outcomesOverall(NO_FILTERS): one row (or a list of one). */
  outcomes_overall: unknown;
  /** outcomesByAgency(NO_FILTERS, 'granted', 50, 0). */
  outcomes_top: unknown[];
  /** countReports(NO_FILTERS): a number, or [{ n }]. */
  count: unknown;
  /** regionCounts(NO_FILTERS, 'province') and facetCounts(NO_FILTERS, 'year' | 'level' | 'kind'). */
  provinces: unknown[];
  years: unknown[];
  levels: unknown[];
  kinds: unknown[];
}

/** The row of a query that returns one row, whether stored as the row or as a list of one. */
export function singleRow<T>(value: unknown): T | null {
  if (Array.isArray(value)) return (value[0] as T) ?? null;
  return value && typeof value === 'object' ? (value as T) : null;
}

/** A count stored as a number, as [{ n }] or as { n }. */
export function countOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const row = singleRow<{ n?: unknown }>(value);
  return row && typeof row.n === 'number' ? row.n : null;
}

/** Facet counts as { value, n } (tolerating { province | year | … : v, n }). */
export function countsOf(value: unknown, key: string): Count[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((row) => {
    const r = row as Record<string, unknown>;
    const v = r.value ?? r[key];
    return (typeof v === 'string' || typeof v === 'number') && typeof r.n === 'number' ? [{ value: v, n: r.n }] : [];
  });
}

/** No filter chosen at all (the name search blank): the only state `first_paint` answers. */
export function isUnfiltered(filters: Filters): boolean {
  return filters.province === null && filters.city === null && filters.county === null && filters.year === null
    && filters.level === null && filters.kind === null && filters.q.trim() === '';
}
