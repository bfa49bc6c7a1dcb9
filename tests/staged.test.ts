// Staged rows (src/build/staged.ts): what a parsing thread writes reads back into DuckDB exactly,
// and bytes past the last end the main thread heard of (a thread stopped mid-write) are cut.
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BUCKETS, loadGroups, stagedSql, StagedEnds, StagedWriter, csvLine } from '../src/build/staged.ts';
import type { Column } from '../src/build/rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'staged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns: Column[] = [
  { name: 's', type: 'VARCHAR' }, { name: 'i', type: 'INTEGER' }, { name: 'b', type: 'BIGINT' }, { name: 'd', type: 'DOUBLE' },
];
// Every awkward value a report may hold: the row is its own expected value.
const rows: (string | number | bigint | null)[][] = [
  ['', 0, 0n, 0.1],
  [null, null, null, null],
  ['a"b,c\nd\r\ne""', -2147483648, -9223372036854775808n, 0.30000000000000004],
  ['nul\u0000byte', 2147483647, 9223372036854775807n, 1e21],
  ['\\N', 1, 1n, 5e-324],
  ['中文 “引号”\t，', 2, 2n, -0],
  ['NULL', 3, 3n, 1.7976931348623157e308],
];

describe('staged rows', () => {
  it('read back exactly: strings (quotes, newlines, NUL, empty vs null), integers, BIGINT, doubles', async () => {
    const rowsDir = join(dir, 'exact');
    const writer = new StagedWriter(rowsDir);
    const ends = new StagedEnds();
    for (const [k, r] of rows.entries()) ends.record(writer.write(['0a', '7f'][k % 2], csvLine(r), ''));
    writer.close();
    const files = ends.seal(rowsDir);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run('CREATE TABLE t (s VARCHAR, i INTEGER, b BIGINT, d DOUBLE)');
    await db.run(`INSERT INTO t SELECT * FROM ${stagedSql(columns, [...files.reports.values()].flat())}`);
    expect([...files.reports.keys()]).toEqual(['0a', '7f']);
    expect([...files.counts]).toEqual([['0a', 4], ['7f', 3]]);
    const got = (await db.runAndReadAll('SELECT s, i, b, d FROM t')).getRows();
    expect(got.length).toBe(rows.length);
    for (const [k, want] of rows.entries()) {
      const row = got.find((g) => g[3] === want[3] && g[1] === want[1])!;
      expect(row, `row ${k}`).toBeDefined();
      expect(row[0]).toBe(want[0]);
      expect(row[2]).toBe(want[2]);
      expect(Object.is(row[3], want[3])).toBe(true);
    }
  });

  it('cuts what a stopped thread wrote after its last answer, and drops a writer never heard of', async () => {
    const rowsDir = join(dir, 'cut');
    const heard = new StagedWriter(rowsDir);
    const ends = new StagedEnds();
    ends.record(heard.write('a0', csvLine(['kept', 1, 1n, 1]), csvLine(['check', 1, 1n, 1])));
    // Written, but the answer never arrived (stopped before sending it), then half a line.
    heard.write('a0', csvLine(['lost', 2, 2n, 2]), csvLine(['lost check', 2, 2n, 2]));
    heard.write('b1', csvLine(['lost too', 4, 4n, 4]), '');
    heard.close();
    appendFileSync(join(rowsDir, `reports-${heard.tag}-a0.csv`), '"half a li');
    const silent = new StagedWriter(rowsDir);
    silent.write('a0', csvLine(['never answered', 3, 3n, 3]), csvLine(['never answered', 3, 3n, 3]));
    silent.close();
    const files = ends.seal(rowsDir);
    expect([...files.reports]).toEqual([['a0', [join(rowsDir, `reports-${heard.tag}-a0.csv`)]]]);
    expect([...files.counts]).toEqual([['a0', 1]]);
    expect(readFileSync(files.reports.get('a0')![0], 'utf8')).toBe('"kept",1,1,1\n');
    expect([...files.checks]).toEqual([['a0', [join(rowsDir, `checks-${heard.tag}-a0.csv`)]]]);
    expect(readFileSync(files.checks.get('a0')![0], 'utf8')).toBe('"check",1,1,1\n');
    expect(readFileSync(join(rowsDir, `reports-${heard.tag}-b1.csv`), 'utf8')).toBe('');
    expect(readFileSync(join(rowsDir, `reports-${silent.tag}-a0.csv`), 'utf8')).toBe('');
    expect(readFileSync(join(rowsDir, `checks-${silent.tag}-a0.csv`), 'utf8')).toBe('');
  });

  it("writes a report's checks to its bucket's checks file, and a report without checks keeps that file's end", () => {
    const rowsDir = join(dir, 'checks');
    const writer = new StagedWriter(rowsDir);
    const ends = new StagedEnds();
    const first = writer.write('0a', csvLine(['r1']), csvLine(['c1']) + csvLine(['c2']));
    const second = writer.write('0a', csvLine(['r2']), '');
    const third = writer.write('7f', csvLine(['r3']), csvLine(['c3']));
    for (const e of [first, second, third]) ends.record(e);
    writer.close();
    expect(second.checks).toBe(first.checks);
    expect(first.checks).toBe('"c1"\n"c2"\n'.length);
    const files = ends.seal(rowsDir);
    expect([...files.checks.keys()]).toEqual(['0a', '7f']);
    expect(readFileSync(files.checks.get('0a')![0], 'utf8')).toBe('"c1"\n"c2"\n');
    expect(readFileSync(files.checks.get('7f')![0], 'utf8')).toBe('"c3"\n');
    expect([...files.counts]).toEqual([['0a', 2], ['7f', 1]]);
  });

  it('groups neighbouring buckets up to a budget of rows, never splitting one, every bucket once and in order', () => {
    const rows = new Map([['00', 3], ['01', 3], ['02', 5], ['7f', 9], ['80', 1], ['ff', 2]]);
    expect(loadGroups(rows, 6)).toEqual([['00', '01'], ['02'], ['7f'], ['80', 'ff']]);
    expect(loadGroups(rows, 100)).toEqual([['00', '01', '02', '7f', '80', 'ff']]);
    expect(loadGroups(new Map(), 6)).toEqual([]);
    expect(BUCKETS.length).toBe(256);
    expect([...BUCKETS].sort()).toEqual(BUCKETS);
  });
});
