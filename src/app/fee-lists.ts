// 收费's list (queries.ts feesByAgency) for the state of no filter and the states one filter makes
// (province, year, level, kind), answered by the build: cube/fee-lists.json holds the first page of
// the default sort, the rows of that very SQL on the same facts (src/build/outcome-lists.ts). A
// link to the view with one of these states draws its two charts without the database (the count
// and the template note summed from cube/); any other state is asked of the database.
import type { FeeRow, FeeSort, Filters } from '../db/queries.ts';
import { listedFilter, type ListedFilter } from './outcome-lists.ts';

export const FEE_LISTS_FILE = 'fee-lists.json';
/** The sort and page size the lists are made for (the view's default, Fees.svelte). */
export const FEE_LISTED_SORT: FeeSort = 'fees_10k_yuan';
export const FEE_LISTED_LIMIT = 50;

export interface FeeListsFile {
  version: 1;
  sort: FeeSort;
  limit: number;
  /** [filter, value, rows in the SQL's order]; [null, null, rows]: no filter. */
  lists: [ListedFilter | null, string | number | null, FeeRow[]][];
}

export type FeeLists = Map<string, FeeRow[]>;

const keyOf = (filter: ListedFilter | null, value: string | number | null) => (filter === null ? '' : `${filter}\u0000${value}`);

/** The file's lists by state, or null when it is not a lists file of this sort and size. */
export function indexFeeLists(file: unknown): FeeLists | null {
  const f = file as FeeListsFile | null;
  if (!f || f.version !== 1 || f.sort !== FEE_LISTED_SORT || f.limit !== FEE_LISTED_LIMIT || !Array.isArray(f.lists)) return null;
  return new Map(f.lists.map(([filter, value, rows]) => [keyOf(filter, value), rows]));
}

/** True when no filter is set (the name search blank). */
const unfiltered = (filters: Filters) =>
  filters.q.trim() === '' && (['province', 'city', 'county', 'year', 'level', 'kind'] as const).every((k) => filters[k] === null || filters[k] === '');

/** The file's key for the state, or null when the file has no list for it (another sort, page, or filters). */
function listKey(filters: Filters, sort: FeeSort, limit: number, offset: number): string | null {
  if (sort !== FEE_LISTED_SORT || offset !== 0 || limit > FEE_LISTED_LIMIT) return null;
  if (unfiltered(filters)) return '';
  const one = listedFilter(filters);
  return one ? keyOf(one[0], one[1]) : null;
}

/** True when the file is made for this state (whether it is here or not): worth fetching. */
export function feeListed(filters: Filters, sort: FeeSort, limit: number, offset: number): boolean {
  return listKey(filters, sort, limit, offset) !== null;
}

/** feesByAgency(filters, sort, limit, offset)'s rows when the file holds them, else null. */
export function feeListedRows(lists: FeeLists | null, filters: Filters, sort: FeeSort, limit: number, offset: number): FeeRow[] | null {
  const key = listKey(filters, sort, limit, offset);
  if (!lists || key === null) return null;
  const rows = lists.get(key);
  // A value with no list has no counted report (the build lists every value of facts): not answered here.
  return rows ? rows.slice(0, limit) : null;
}
