// summary.json's per-report overview, and the filter rules of queries.ts `where()` applied to
// it, for the moments before the database is ready (the first paint, the filter counts).
import type { Filters } from '../db/queries.ts';

export interface OverviewEntry {
  report_id: string;
  agency: string | null;
  year: number | null;
  province: string | null;
  city: string | null;
  county: string | null;
  level: string | null;
  kind: string | null;
  status: string;
  outcomes: Record<string, number | null>;
  total_handled: number | null;
}

export type FilterKey = keyof Filters;

/** Does an entry pass the filters (leaving out those in `except`)? The same rules as `where()`. */
export function overviewMatches(entry: OverviewEntry, filters: Filters, except: FilterKey[] = [], includeFailed = false): boolean {
  if (!includeFailed && entry.status === 'failed') return false;
  for (const key of ['province', 'city', 'county', 'year', 'level', 'kind'] as const) {
    const wanted = filters[key];
    if (except.includes(key) || wanted === null || wanted === '') continue;
    // SQL `column = ?` is never true for a NULL column.
    if (entry[key] === null || entry[key] !== wanted) return false;
  }
  const q = filters.q.trim();
  if (!except.includes('q') && q && !(entry.agency ?? '').toLowerCase().includes(q.toLowerCase())) return false;
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
