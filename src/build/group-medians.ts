// cube/group-medians.json: the medians of the grouped views with no filter (src/app/group-medians.ts),
// the rows of the page's own SQL (groups.ts groupMedians) run here on `facts`, so that the page
// completes the group rows it sums from cube/ without asking its database.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { NO_FILTERS } from '../db/queries.ts';
import { groupMedians, type MedianRow } from '../db/groups.ts';
import { CUBE_DIR } from '../app/cube.ts';
import { GROUP_MEDIANS_FILE, MEDIAN_COLUMNS, MEDIAN_GROUPINGS, medianRowArray, type GroupMediansFile } from '../app/group-medians.ts';

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/** Writes cube/group-medians.json from `facts` (a table or view of `db`): one query per grouping. */
export async function writeGroupMedians(db: DuckDBConnection, outDir: string): Promise<{ name: string; bytes: number }> {
  const groupings: GroupMediansFile['groupings'] = {};
  for (const g of MEDIAN_GROUPINGS) {
    const q = groupMedians(NO_FILTERS, g);
    const rows = (await db.runAndReadAll(q.sql, q.params as DuckDBValue[])).getRowObjects()
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])) as unknown as MedianRow);
    // The SQL has no order (GROUPING SETS): one of the build's own, so that a rebuild writes the same file.
    groupings[g] = rows.map(medianRowArray).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  mkdirSync(join(outDir, CUBE_DIR), { recursive: true });
  const path = join(outDir, CUBE_DIR, GROUP_MEDIANS_FILE);
  writeFileSync(path, JSON.stringify({ version: 1, columns: MEDIAN_COLUMNS, groupings } satisfies GroupMediansFile));
  return { name: `${CUBE_DIR}/${GROUP_MEDIANS_FILE}`, bytes: statSync(path).size };
}
