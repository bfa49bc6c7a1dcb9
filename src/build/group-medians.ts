// cube/group-medians.json: the medians of the grouped views with no filter (src/app/group-medians.ts),
// the rows of the page's own SQL (groups.ts groupMedians) run here on `facts`, so that the page
// completes the group rows it sums from cube/ without asking its database.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { NO_FILTERS } from '../db/queries.ts';
import { groupMedians, groupMediansPer, type Grouping, type MedianRow } from '../db/groups.ts';
import { CUBE_DIR } from '../app/cube.ts';
import {
  GROUP_MEDIANS_FILE, MEDIAN_COLUMNS, MEDIAN_GROUPINGS, ONE_FILTER_MEDIANS_FILE, medianRowArray, type GroupMediansFile, type OneFilterMediansFile,
} from '../app/group-medians.ts';
import { LISTED_FILTERS } from '../app/outcome-lists.ts';

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

// The SQL has no order (GROUPING SETS): one of the build's own, so that a rebuild writes the same file.
const ordered = (rows: MedianRow[]) => rows.map(medianRowArray).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Writes cube/group-medians.json from `facts` (a table or view of `db`): one query per grouping. */
export async function writeGroupMedians(db: DuckDBConnection, outDir: string): Promise<{ name: string; bytes: number }> {
  const groupings: GroupMediansFile['groupings'] = {};
  for (const g of MEDIAN_GROUPINGS) {
    const q = groupMedians(NO_FILTERS, g);
    const rows = (await db.runAndReadAll(q.sql, q.params as DuckDBValue[])).getRowObjects()
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])) as unknown as MedianRow);
    groupings[g] = ordered(rows);
  }
  mkdirSync(join(outDir, CUBE_DIR), { recursive: true });
  const path = join(outDir, CUBE_DIR, GROUP_MEDIANS_FILE);
  writeFileSync(path, JSON.stringify({ version: 1, columns: MEDIAN_COLUMNS, groupings } satisfies GroupMediansFile));
  return { name: `${CUBE_DIR}/${GROUP_MEDIANS_FILE}`, bytes: statSync(path).size };
}

/**
 * Writes cube/group-medians-one.json from `facts`: for every value of each listed filter among the
 * counted reports, groupMedians({ [filter]: value }, grouping)'s rows for each grouping of the
 * unfiltered file, from one query per filter and grouping (groupMediansPer; a query per state
 * would be ~200 of them at 100,000 reports).
 */
export async function writeOneFilterMedians(db: DuckDBConnection, outDir: string): Promise<{ name: string; bytes: number }> {
  const byState = new Map<string, OneFilterMediansFile['states'][number]>();
  // The columns the 20 queries read, once in memory (from the Parquet each took 100–500 ms at 100,000 reports).
  await db.run(`CREATE OR REPLACE TEMP TABLE one_filter_facts AS
    SELECT province, city, county, level, kind, year, status, superseded_by, t2_fees_10k_yuan, processing_fee_yuan FROM facts`);
  for (const key of LISTED_FILTERS) {
    for (const g of MEDIAN_GROUPINGS) {
      const q = groupMediansPer(key, g, 'one_filter_facts');
      const rows = (await db.runAndReadAll(q.sql, q.params as DuckDBValue[])).getRowObjects()
        .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])) as unknown as MedianRow & { _state: string | number });
      const perValue = new Map<string | number, MedianRow[]>();
      for (const { _state, ...row } of rows) {
        const list = perValue.get(_state) ?? [];
        list.push(row);
        // The grouping is the filter: the value's one group is its whole set, so its total row has the same medians.
        if (g === key) list.push({ ...row, is_total: true, value: null, province: null });
        perValue.set(_state, list);
      }
      for (const [value, list] of perValue) {
        const id = `${key}\u0000${value}`;
        const state = byState.get(id) ?? [key, value, {}];
        (state[2] as Partial<Record<Grouping, unknown[][]>>)[g] = ordered(list);
        byState.set(id, state);
      }
    }
  }
  await db.run('DROP TABLE one_filter_facts');
  const states = [...byState.values()].sort((a, b) => (JSON.stringify([a[0], a[1]]) < JSON.stringify([b[0], b[1]]) ? -1 : 1));
  mkdirSync(join(outDir, CUBE_DIR), { recursive: true });
  const path = join(outDir, CUBE_DIR, ONE_FILTER_MEDIANS_FILE);
  writeFileSync(path, JSON.stringify({ version: 1, columns: MEDIAN_COLUMNS, states } satisfies OneFilterMediansFile));
  return { name: `${CUBE_DIR}/${ONE_FILTER_MEDIANS_FILE}`, bytes: statSync(path).size };
}
