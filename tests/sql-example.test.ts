// The SQL view's first query (src/db/sql-example.ts) passes the guard and gives the filter panel's
// province counts (filterCounts) on a corpus with a duplicate filing (平潭 2024 filed twice): the
// superseded copy is in facts, and an example that counted it contradicted the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { NO_FILTERS, filterCounts, type Query } from '../src/db/queries.ts';
import { SQL_EXAMPLE } from '../src/db/sql-example.ts';
import { guardSql } from '../src/db/sql-guard.ts';

let root: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sql-example-'));
  const reports = join(root, 'reports');
  mkdirSync(reports);
  for (const f of readdirSync('data/reports')) copyFileSync(join('data/reports', f), join(reports, f));
  for (const f of ['pingtan-2024.html', 'pingtan-2024.txt']) copyFileSync(join('tests/fixtures/corpus', f), join(reports, f));
  await buildData({ reportsDir: reports, outDir: join(root, 'out'), threads: 0 });
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(root, 'out', 'facts.parquet')}')`);
}, 120_000);
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
  if (root) rmSync(root, { recursive: true, force: true });
});

const run = async (q: Query) => (await db.runAndReadAll(q.sql, q.params as string[])).getRowObjectsJS();

describe('the SQL view\'s example', () => {
  it('is allowed by the guard and counts the provinces as the filter panel does', async () => {
    const guard = guardSql(SQL_EXAMPLE);
    if (!guard.ok) throw new Error(guard.en);
    // As the view runs it: wrapped for paging (src/views/SqlView.svelte).
    const got = (await db.runAndReadAll(`SELECT * FROM (\n${guard.sql}\n) LIMIT 100 OFFSET 0`)).getRowObjectsJS().map((r) => [r.province ?? null, Number(r.reports)]);
    const panel = (await run(filterCounts(NO_FILTERS))).filter((r) => r.facet === 'province').map((r) => [r.value ?? null, Number(r.n)]);
    const [{ all }] = (await db.runAndReadAll('SELECT COUNT(*)::INTEGER AS all FROM facts')).getRowObjectsJS() as { all: number }[];
    const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    // The panel leaves out reports without a province; the example lists them as NULL.
    expect(sorted(got.filter((r) => r[0] !== null))).toEqual(sorted(panel));
    // The corpus has a superseded copy, so counting every row would differ.
    expect(got.reduce((a, r) => a + Number(r[1]), 0)).toBeLessThan(all);
  });
});
