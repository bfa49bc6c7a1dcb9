// A wide table written to Parquet in another order a chunk of sorted rows at a time
// (src/build/sorted-copy.ts): the rows come out in the order asked for, whatever the chunk size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { copySorted } from '../src/build/sorted-copy.ts';

interface Row { id: number; year: number | null; place: string | null; file: string; value: number | null }

// 1,000 rows in a shuffled order (a fixed LCG), with null years and places, ties broken by file.
const ROWS: Row[] = [];
let seed = 7;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
for (let i = 0; i < 1000; i++) {
  const r = next();
  ROWS.push({ id: i, year: r % 7 === 0 ? null : 2020 + (r % 5), place: r % 11 === 0 ? null : `p${(r >> 4) % 6}`, file: `f${String(next() % 100000).padStart(6, '0')}-${i}`, value: r % 3 === 0 ? null : (r % 1000) / 10 });
}
// The order expected, by plain comparison: year then place, nulls last, then file.
const nullsLast = <T extends string | number>(a: T | null, b: T | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
const EXPECTED = [...ROWS].sort((a, b) => nullsLast(a.year, b.year) || nullsLast(a.place, b.place) || nullsLast(a.file, b.file)).map((r) => r.id);

let root: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sorted-copy-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'true' });
  db = await instance.connect();
  await db.run('CREATE TEMP TABLE t (id INTEGER, year INTEGER, place VARCHAR, file VARCHAR, value DOUBLE)');
  const a = await db.createAppender('t');
  for (const r of ROWS) {
    a.appendInteger(r.id);
    if (r.year === null) a.appendNull(); else a.appendInteger(r.year);
    if (r.place === null) a.appendNull(); else a.appendVarchar(r.place);
    a.appendVarchar(r.file);
    if (r.value === null) a.appendNull(); else a.appendDouble(r.value);
    a.endRow();
  }
  a.closeSync();
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('copySorted', () => {
  it.each([64, 333, 999, 1000, 5000])('writes every row once, in order, in chunks of %i', async (chunk) => {
    const path = join(root, `out-${chunk}.parquet`);
    await copySorted(db, 't', 'id, year, place, file, value', 'year NULLS LAST, place NULLS LAST, file', path, 100, chunk);
    expect(existsSync(`${path}.parts`)).toBe(false);
    const got = (await db.runAndReadAll(`SELECT id, year, place, value FROM read_parquet('${path}')`)).getRowObjectsJS();
    expect(got.map((r) => r.id)).toEqual(EXPECTED);
    const byId = new Map(ROWS.map((r) => [r.id, r]));
    expect(got.every((r) => { const w = byId.get(r.id as number)!; return w.year === r.year && w.place === r.place && w.value === r.value; })).toBe(true);
    // The column types are the table's (the chunks' Parquet read back).
    const types = (await db.runAndReadAll(`SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`)).getRows().map((r) => r[0]);
    expect(types).toEqual(['INTEGER', 'INTEGER', 'VARCHAR', 'VARCHAR', 'DOUBLE']);
  });

  it('sorts up to oneSortRows rows at once and chunks only beyond (the same rows, in order, either way)', async () => {
    const sql = (path: string) => `SELECT id FROM read_parquet('${path}')`;
    const one = join(root, 'one.parquet');
    const chunked = join(root, 'chunked.parquet');
    await copySorted(db, 't', 'id, year, place, file, value', 'year NULLS LAST, place NULLS LAST, file', one, 100, 64, 1000);
    await copySorted(db, 't', 'id, year, place, file, value', 'year NULLS LAST, place NULLS LAST, file', chunked, 100, 64, 999);
    expect((await db.runAndReadAll(sql(one))).getRowObjectsJS().map((r) => r.id)).toEqual(EXPECTED);
    expect((await db.runAndReadAll(sql(chunked))).getRowObjectsJS().map((r) => r.id)).toEqual(EXPECTED);
  });

  it("writes the same row groups whatever the row groups of the chunks' own files", async () => {
    const order = 'year NULLS LAST, place NULLS LAST, file';
    const groups = async (path: string) => (await db.runAndReadAll(`SELECT row_group_id, any_value(row_group_num_rows)::INTEGER AS n FROM parquet_metadata('${path}') GROUP BY row_group_id ORDER BY row_group_id`))
      .getRowObjectsJS().map((r) => Number(r.n));
    const small = join(root, 'small-parts.parquet');
    const same = join(root, 'same-parts.parquet');
    await copySorted(db, 't', 'id, year, place, file, value', order, small, 200, 400, 400, 64);
    await copySorted(db, 't', 'id, year, place, file, value', order, same, 200, 400, 400, 200);
    expect((await db.runAndReadAll(`SELECT id FROM read_parquet('${small}')`)).getRowObjectsJS().map((r) => r.id)).toEqual(EXPECTED);
    expect(await groups(small)).toEqual(await groups(same));
    expect((await groups(small)).reduce((a, b) => a + b, 0)).toBe(1000);
  });
});
