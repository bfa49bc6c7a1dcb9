// cube/outcome-lists.json (src/app/outcome-lists.ts): for every value of province, year, level and
// kind among the counted reports, the outcomes list's first page in the default sort — the rows of
// queries.ts outcomesByAgency on facts, the same SQL the page runs, so the page shows the
// database's own answer for these states without asking it.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { NO_FILTERS, outcomesByAgency, where } from '../db/queries.ts';
import { CUBE_DIR } from '../app/cube.ts';
import { LISTED_FILTERS, LISTED_LIMIT, LISTED_SORT, OUTCOME_LISTS_FILE, type OutcomeListsFile } from '../app/outcome-lists.ts';

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/** Writes cube/outcome-lists.json from `facts` (a table or view of `db`); returns its name and size. */
export async function writeOutcomeLists(db: DuckDBConnection, outDir: string): Promise<{ name: string; bytes: number }> {
  const all = async (sql: string, params: unknown[] = []) =>
    (await db.runAndReadAll(sql, params as DuckDBValue[])).getRowObjects().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
  const lists: OutcomeListsFile['lists'] = [];
  const w = where(NO_FILTERS);
  for (const key of LISTED_FILTERS) {
    const values = (await all(`SELECT DISTINCT ${key} AS v FROM facts ${w.sql} ${w.sql ? 'AND' : 'WHERE'} ${key} IS NOT NULL ORDER BY v`, w.params)).map((r) => r.v as string | number);
    for (const value of values) {
      const q = outcomesByAgency({ ...NO_FILTERS, [key]: value }, LISTED_SORT, LISTED_LIMIT, 0);
      lists.push([key, value, (await all(q.sql, q.params)) as never]);
    }
  }
  const body: OutcomeListsFile = { version: 1, sort: LISTED_SORT, limit: LISTED_LIMIT, lists };
  mkdirSync(join(outDir, CUBE_DIR), { recursive: true });
  const path = join(outDir, CUBE_DIR, OUTCOME_LISTS_FILE);
  writeFileSync(path, JSON.stringify(body));
  return { name: `${CUBE_DIR}/${OUTCOME_LISTS_FILE}`, bytes: statSync(path).size };
}
