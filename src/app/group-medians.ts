// The medians of the grouped views with no filter, answered by the build: cube/group-medians.json
// holds, for each grouping the summaries sum (province, city, level, kind, year), the rows of that
// very SQL (groups.ts groupMedians) on the same facts (src/build/group-medians.ts). Why: the sums
// of a group row come from the summaries (cube.ts), but a median does not add up, and asking the
// database for it took a scan of every report on each change of grouping (at 100,000 reports
// 85–300 ms in DuckDB-wasm under load, the last redraw of the change waiting for it). With a
// filter set, the view asks the database as before.
import type { Filters } from '../db/queries.ts';
import type { Grouping, MedianRow } from '../db/groups.ts';
import { isUnfiltered } from './overview.ts';

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
