// The outcomes list (queries.ts outcomesByAgency) for the states one filter makes, answered by the
// build: cube/outcome-lists.json holds, for every value of province, year, level and kind, the
// first page of the default sort, the rows of that very SQL on the same facts (src/build/outcome-lists.ts).
// Why: the list is a ranking of reports, which no sum of the summaries gives, and in the page its
// query is a top-N sort over the filtered reports. At 100,000 reports the first such sort of a
// page over a large set (a year: ~20,000 reports) took 0.5–1.3 s in DuckDB-wasm, later ones
// 0.1–0.7 s (the wasm code V8 compiles and optimises on first use; load 7, bench/site/runs/README).
// These states are what a visitor's first clicks make; any other state (two filters, another
// sort, another page, a city, a name search) is asked of the database as before.
import type { Filters, OutcomeRow, OutcomeSort } from '../db/queries.ts';

export const OUTCOME_LISTS_FILE = 'outcome-lists.json';
/** The sort and page size the lists are made for (the view's default, Outcomes.svelte). */
export const LISTED_SORT: OutcomeSort = 'granted';
export const LISTED_LIMIT = 50;
/** The filters a list stands for: one of these set, every other filter off. */
export const LISTED_FILTERS = ['province', 'year', 'level', 'kind'] as const;
export type ListedFilter = (typeof LISTED_FILTERS)[number];

export interface OutcomeListsFile {
  version: 1;
  sort: OutcomeSort;
  limit: number;
  /** One per filter value: [filter, value, rows in the SQL's order]. */
  lists: [ListedFilter, string | number, (OutcomeRow & { outcome_sum: number | null })[]][];
}

/** The file's lists by "filter\u0000value", or null when it is not a lists file of this sort and size. */
export function indexLists(file: unknown): Map<string, OutcomeListsFile['lists'][number][2]> | null {
  const f = file as OutcomeListsFile | null;
  if (!f || f.version !== 1 || f.sort !== LISTED_SORT || f.limit !== LISTED_LIMIT || !Array.isArray(f.lists)) return null;
  return new Map(f.lists.map(([key, value, rows]) => [`${key}\u0000${value}`, rows]));
}

/** The one listed filter `filters` set (every other one off, the name search blank), or null. */
export function listedFilter(filters: Filters): [ListedFilter, string | number] | null {
  if (filters.city !== null || filters.county !== null || filters.q.trim() !== '') return null;
  const set = LISTED_FILTERS.filter((k) => filters[k] !== null && filters[k] !== '');
  return set.length === 1 ? [set[0], filters[set[0]] as string | number] : null;
}

/** The list's rows for this state (outcomesByAgency(filters, sort, limit, offset)), or null when the file does not hold it. */
export function listedRows(
  lists: ReadonlyMap<string, OutcomeListsFile['lists'][number][2]> | null, filters: Filters, sort: OutcomeSort, limit: number, offset: number,
): OutcomeRow[] | null {
  if (!lists || sort !== LISTED_SORT || offset !== 0 || limit > LISTED_LIMIT) return null;
  const one = listedFilter(filters);
  if (!one) return null;
  const rows = lists.get(`${one[0]}\u0000${one[1]}`);
  // A value with no list has no report that is counted (the build lists every value of facts).
  return rows ? rows.slice(0, limit) : null;
}
