// A generated series corpus (src/gen/series.ts: gaps, duplicate filings) built once for a test
// file, with DuckDB on one of its Parquet files as table `name`; removed after the file's tests.
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { writeSeries } from '../src/gen/series.ts';

export type Row = Record<string, unknown>;

export interface BuiltSeries {
  /** The corpus and its output (out/) once built. */
  readonly root: string;
  readonly out: string;
  /** Rows of `sql` with BIGINTs as numbers. */
  all(sql: string, params?: (string | number | boolean | null)[]): Promise<Row[]>;
}

export function builtSeries(options: { prefix: string; agencies: number; seed: number; table: string; parquet: string; addFiles?: (reportsDir: string) => void }): BuiltSeries {
  let root = '';
  let instance: DuckDBInstance | undefined;
  let db: DuckDBConnection | undefined;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), options.prefix));
    writeSeries({ out: root, agencies: options.agencies, seed: options.seed });
    options.addFiles?.(join(root, 'reports'));
    await buildData({ reportsDir: join(root, 'reports'), outDir: join(root, 'out'), threads: 0 });
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
    await db.run(`CREATE TABLE ${options.table} AS SELECT * FROM read_parquet('${join(root, 'out', options.parquet)}')`);
  }, 120_000);
  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return {
    get root() { return root; },
    get out() { return join(root, 'out'); },
    all: async (sql, params = []) => (await db!.runAndReadAll(sql, params as never)).getRowObjectsJS()
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))),
  };
}
