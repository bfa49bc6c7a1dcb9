// The by-year layout as an analyst on a cluster reads it: one glob over reports/, hive
// partitioning (the year comes from the folder names), nothing else known about the files.
// The rows must be exactly those of reports.parquet, the report without a year included.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../src/build/build.ts';
import { REPORT_FIELDS } from '../src/format/fields.ts';

let dir: string;
let out: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hive-test-'));
  const reports = join(dir, 'reports');
  out = join(dir, 'out');
  mkdirSync(reports);
  for (const name of readdirSync('data/reports')) if (name.endsWith('.txt')) copyFileSync(join('data/reports', name), join(reports, name));
  // A file that states no year: its row goes to the null partition.
  writeFileSync(join(reports, 'no-year.txt'), '这不是一份年度报告。\n');
  await buildData({ reportsDir: reports, outDir: out, partitionAbove: 0 });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hive-partitioned reports', () => {
  it('reads back, by glob and hive partitioning, exactly the rows of reports.parquet', async () => {
    const folders = readdirSync(join(out, 'reports')).sort();
    expect(folders.every((f) => /^year=(\d{4}|__HIVE_DEFAULT_PARTITION__)$/.test(f))).toBe(true);
    expect(folders).toContain('year=__HIVE_DEFAULT_PARTITION__');
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const columns = REPORT_FIELDS.map((f) => `"${f.name}"`).join(', ');
      const glob = join(out, 'reports', '*', '*.parquet').replace(/'/g, "''");
      const parted = `(SELECT ${columns} FROM read_parquet('${glob}', hive_partitioning = true, hive_types = {'year': INTEGER}))`;
      const single = `(SELECT ${columns} FROM read_parquet('${join(out, 'reports.parquet').replace(/'/g, "''")}'))`;
      const count = async (sql: string) => Number((await db.runAndReadAll(sql)).getRows()[0][0]);
      const n = await count(`SELECT COUNT(*) FROM ${single}`);
      expect(n).toBe(6);
      expect(await count(`SELECT COUNT(*) FROM ${parted}`)).toBe(n);
      expect(await count(`SELECT COUNT(*) FROM (${single} EXCEPT ALL ${parted})`)).toBe(0);
      expect(await count(`SELECT COUNT(*) FROM (${parted} EXCEPT ALL ${single})`)).toBe(0);
      // the year is typed and the unknown year is NULL, not a string
      expect(await count(`SELECT COUNT(*) FROM ${parted} WHERE year IS NULL`)).toBe(1);
      const type = (await db.runAndReadAll(`SELECT typeof(year) FROM ${parted} WHERE year IS NOT NULL LIMIT 1`)).getRows()[0][0];
      expect(type).toBe('INTEGER');
      // each year's rows, filtered on the partition column
      const years = (await db.runAndReadAll(`SELECT DISTINCT year FROM ${single} WHERE year IS NOT NULL ORDER BY year`)).getRows().map((r) => Number(r[0]));
      for (const year of years) {
        expect(await count(`SELECT COUNT(*) FROM ${parted} WHERE year = ${year}`)).toBe(await count(`SELECT COUNT(*) FROM ${single} WHERE year = ${year}`));
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
