// The questions the page asks the database while nobody waits, once it is ready, so that the
// user's first filter change does not pay for compiling DuckDB's code.
//
// Measured (bench/site/profile.ts, 100,000 reports, chromium): the first query of a new shape
// — the outcome chart filtered by a province, by a year, an agency's series — took 1.2–4.5 s,
// the same query with another value 60–200 ms. The browser compiles DuckDB's WebAssembly one
// function at a time, when it first runs; the first filter on a text column, on a number column,
// the first top-N sort, each runs code never run before. So the page runs those shapes itself,
// with real values (the sort and the filters then do real work), at the lowest priority: a
// user's question waiting in the schedule goes first, and only the one warm-up query running
// at that moment delays it. The answers are thrown away; every number shown comes from the
// views' own queries.
import { agencySeries } from './agencies.ts';
import { groupMedians } from './groups.ts';
import { NO_FILTERS, listCount, outcomesByAgency, type Filters, type Query } from './queries.ts';

/** Below every view's priority (Extract's count is -1). */
export const WARM_UP_PRIORITY = -10;

/** One charted report's values: the warm-up filters by them. */
export const WARM_UP_SAMPLE: Query = {
  sql: `SELECT province, year, level, kind, agency_id FROM facts
    WHERE status <> 'failed' AND superseded_by IS NULL AND province IS NOT NULL AND year IS NOT NULL AND level IS NOT NULL AND agency_id IS NOT NULL
    LIMIT 1`,
  params: [],
};

export interface Sample {
  province: string;
  year: number;
  level: string;
  kind: string | null;
  agency_id: string;
}

/**
 * The queries to run with one sample report's values: the outcome chart (the home page) filtered
 * by each of the filters the page offers, the extract's count, the grouped views' medians and an
 * agency's series. The same builders as the views, so the same SQL (and prepared statements).
 */
export function warmUpQueries(s: Sample): Query[] {
  const one = (f: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...f });
  const filters: Filters[] = [one({ province: s.province }), one({ year: s.year }), one({ level: s.level as Filters['level'] })];
  if (s.kind !== null) filters.push(one({ kind: s.kind as Filters['kind'] }));
  return [
    ...filters.flatMap((f) => [outcomesByAgency(f), listCount(f)]),
    agencySeries(s.agency_id),
    groupMedians(NO_FILTERS, 'province'),
    groupMedians(one({ province: s.province }), 'city'),
  ];
}
