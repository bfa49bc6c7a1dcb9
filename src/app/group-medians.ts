// The medians of the grouped views with no filter, answered by the build: cube/group-medians.json
// holds, for each grouping the summaries sum (province, city, level, kind, year), the rows of that
// very SQL (groups.ts groupMedians) on the same facts (src/build/group-medians.ts). Why: the sums
// of a group row come from the summaries (cube.ts), but a median does not add up, and asking the
// database for it took a scan of every report on each change of grouping (at 100,000 reports
// 85–300 ms in DuckDB-wasm under load, the last redraw of the change waiting for it).
// cube/group-medians-one.json does the same for the states of one filter (province, year, level
// or kind: the outcomes lists' states, outcome-lists.ts), fetched once a grouped view is drawn: a
// filter change in a grouped view waited for that query (160 ms median at 100k, session 22).
// Any other state asks the database as before.
import type { Filters } from '../db/queries.ts';
import type { Grouping, MedianRow } from '../db/groups.ts';
import { isUnfiltered } from './overview.ts';
import { listedFilter, type ListedFilter } from './outcome-lists.ts';

export const GROUP_MEDIANS_FILE = 'group-medians.json';
/** The groupings the file answers: those the summaries sum (cube.ts cubeNeed: not county). */
export const MEDIAN_GROUPINGS = ['province', 'city', 'level', 'kind', 'year'] as const satisfies readonly Grouping[];
/** A row's fields in the file, in this order (a row is an array: ~400 rows, the names once). */
export const MEDIAN_COLUMNS = [
  'is_total', 'value', 'facet', 'province', 'fees_10k_yuan_median', 'processing_fee_yuan_median', 'too_few_fees_reports', 'too_few_processing_fee_reports',
] as const satisfies readonly (keyof MedianRow)[];

export interface GroupMediansFile {
  version: 1;
  columns: readonly string[];
  /** Per grouping, groupMedians(NO_FILTERS, grouping)'s rows as arrays in `columns` order. */
  groupings: Partial<Record<Grouping, unknown[][]>>;
}

export type GroupMedians = Map<Grouping, MedianRow[]>;

/** A row of groupMedians as the file's array. */
export const medianRowArray = (r: MedianRow): unknown[] => MEDIAN_COLUMNS.map((c) => r[c]);

/** The file's rows by grouping, or null when it is not a medians file of these columns. */
export function indexGroupMedians(file: unknown): GroupMedians | null {
  const f = file as GroupMediansFile | null;
  if (!f || f.version !== 1 || !Array.isArray(f.columns) || f.columns.join() !== MEDIAN_COLUMNS.join() || !f.groupings || typeof f.groupings !== 'object') return null;
  const out: GroupMedians = new Map();
  for (const g of MEDIAN_GROUPINGS) {
    const rows = f.groupings[g];
    if (!Array.isArray(rows)) continue;
    out.set(g, rows.map((r) => Object.fromEntries(MEDIAN_COLUMNS.map((c, i) => [c, r[i]])) as unknown as MedianRow));
  }
  return out;
}

/** groupMedians(filters, group)'s rows when the file holds them (no filter at all, a grouping it has), else null. */
export function fileMedians(medians: GroupMedians | null, filters: Filters, group: Grouping): MedianRow[] | null {
  if (!medians || !isUnfiltered(filters)) return null;
  return medians.get(group) ?? null;
}

export const ONE_FILTER_MEDIANS_FILE = 'group-medians-one.json';

export interface OneFilterMediansFile {
  version: 1;
  columns: readonly string[];
  /** Per value of each listed filter among the counted reports: [filter, value, rows by grouping as in GroupMediansFile]. */
  states: [ListedFilter, string | number, Partial<Record<Grouping, unknown[][]>>][];
}

/** The medians by state ("filter\u0000value") and grouping. */
export type OneFilterMedians = Map<string, GroupMedians>;

const stateKey = (filter: ListedFilter, value: string | number) => `${filter}\u0000${value}`;

/** The file's rows by state and grouping, or null when it is not such a file of these columns. */
export function indexOneFilterMedians(file: unknown): OneFilterMedians | null {
  const f = file as OneFilterMediansFile | null;
  if (!f || f.version !== 1 || !Array.isArray(f.columns) || f.columns.join() !== MEDIAN_COLUMNS.join() || !Array.isArray(f.states)) return null;
  const out: OneFilterMedians = new Map();
  for (const [filter, value, groupings] of f.states) {
    const one = indexGroupMedians({ version: 1, columns: f.columns, groupings });
    if (one) out.set(stateKey(filter, value), one);
  }
  return out;
}

/** groupMedians(filters, group)'s rows when the one-filter file holds them (one listed filter set, a grouping it has), else null. */
export function oneFilterMedians(medians: OneFilterMedians | null, filters: Filters, group: Grouping): MedianRow[] | null {
  const one = listedFilter(filters);
  if (!medians || !one) return null;
  return medians.get(stateKey(one[0], one[1]))?.get(group) ?? null;
}
