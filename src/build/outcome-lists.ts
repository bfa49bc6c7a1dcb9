// The lists a view shows first for the states of one filter (province, year, level or kind), run at
// build with the page's own SQL on the same facts, so the page shows the database's own answer for
// these states without asking it: cube/outcome-lists.json (src/app/outcome-lists.ts) and
// cube/fee-lists.json (src/app/fee-lists.ts, which also holds the state of no filter). The states of
// one filter come from one query per filter (queries.ts outcomesByAgencyPer, feesByAgencyPer: the
// page's columns and ORDER BY, ranked within each value): a query per state took 1.9 s at 100,000
// reports (42 states), 28 ms each (bench/build/runs/2026-11-29-bld12-lists.log).
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { NO_FILTERS, feesByAgency, feesByAgencyPer, outcomesByAgency, outcomesByAgencyPer, where, type Filters, type Query } from '../db/queries.ts';
import { CUBE_DIR } from '../app/cube.ts';
import { LISTED_FILTERS, LISTED_LIMIT, LISTED_SORT, OUTCOME_LISTS_FILE, type ListedFilter } from '../app/outcome-lists.ts';
import { FEE_LISTED_LIMIT, FEE_LISTED_SORT, FEE_LISTS_FILE } from '../app/fee-lists.ts';

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/**
 * Writes cube/<name>: `head` and, for every value of each listed filter among the counted reports
 * (and first the state of no filter, as [null, null, rows], when `whole`), the rows of `query`
 * filtered on that value, taken from `per` (the same rows for every value of one filter at once,
 * each row's value first as `_state`).
 */
async function writeLists(
  db: DuckDBConnection, outDir: string, name: string, head: Record<string, unknown>, query: (filters: Filters) => Query,
  per: (key: ListedFilter) => Query, whole: boolean,
): Promise<{ name: string; bytes: number }> {
  const all = async (sql: string, params: unknown[] = []) =>
    (await db.runAndReadAll(sql, params as DuckDBValue[])).getRowObjects().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
  const lists: [ListedFilter | null, string | number | null, unknown[]][] = [];
  if (whole) {
    const q = query(NO_FILTERS);
    lists.push([null, null, await all(q.sql, q.params)]);
  }
  const w = where(NO_FILTERS);
  for (const key of LISTED_FILTERS) {
    const values = (await all(`SELECT DISTINCT ${key} AS v FROM facts ${w.sql} ${w.sql ? 'AND' : 'WHERE'} ${key} IS NOT NULL ORDER BY v`, w.params)).map((r) => r.v as string | number);
    const q = per(key);
    const rows = new Map<unknown, unknown[]>(values.map((v) => [v, []]));
    for (const { _state, ...row } of await all(q.sql, q.params)) {
      // A value with no row (no report of it in the query's set) keeps its empty list.
      const list = rows.get(_state);
      if (!list) throw new Error(`${name}: ${key} ${String(_state)} is not among the values of ${key}`);
      list.push(row);
    }
    for (const value of values) lists.push([key, value, rows.get(value)!]);
  }
  mkdirSync(join(outDir, CUBE_DIR), { recursive: true });
  const path = join(outDir, CUBE_DIR, name);
  writeFileSync(path, JSON.stringify({ version: 1, ...head, lists }));
  return { name: `${CUBE_DIR}/${name}`, bytes: statSync(path).size };
}

/** cube/outcome-lists.json from `facts` (a table or view of `db`): the outcomes list's first page in the default sort. */
export function writeOutcomeLists(db: DuckDBConnection, outDir: string): Promise<{ name: string; bytes: number }> {
  return writeLists(db, outDir, OUTCOME_LISTS_FILE, { sort: LISTED_SORT, limit: LISTED_LIMIT }, (f) => outcomesByAgency(f, LISTED_SORT, LISTED_LIMIT, 0),
    (key) => outcomesByAgencyPer(key, LISTED_SORT, LISTED_LIMIT), false);
}

/** cube/fee-lists.json from `facts`: the fees view's first page in its default sort, no filter included. */
export function writeFeeLists(db: DuckDBConnection, outDir: string): Promise<{ name: string; bytes: number }> {
  return writeLists(db, outDir, FEE_LISTS_FILE, { sort: FEE_LISTED_SORT, limit: FEE_LISTED_LIMIT }, (f) => feesByAgency(f, FEE_LISTED_SORT, FEE_LISTED_LIMIT, 0),
    (key) => feesByAgencyPer(key, FEE_LISTED_SORT, FEE_LISTED_LIMIT), true);
}
