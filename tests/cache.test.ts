// A cache that checks itself (issue 12): the manifest, written last, names each cache file with
// its size, SHA-256 and row count; a truncated or mismatched cache is discarded with a warning
// and the build comes out as a build without cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildData, type Summary } from '../src/build/build.ts';
import { beginCache, finishCache, writeCache } from '../src/build/cache.ts';
import { ROOT } from './helpers.ts';

const FILES = ['000_91b38fa976f5289e.txt', '001_0f68198b50857d74.txt', '002_54ed621f2e25daf5.txt'];
let root: string;
let reports: string;
let n = 0;

async function build(cacheDir: string | null, dir = reports): Promise<{ out: string; summary: Summary }> {
  const out = join(root, `out-${n++}`);
  const { summary } = await buildData({ reportsDir: dir, outDir: out, cacheDir, threads: 0 });
  return { out, summary };
}

async function sql(query: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll(query)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** Rows of one output table that are not in the other's (both ways), with SQL written here. */
async function differences(a: string, b: string, table: string): Promise<number> {
  const [r] = await sql(`SELECT (SELECT COUNT(*) FROM (SELECT * FROM read_parquet('${join(a, table)}') EXCEPT ALL SELECT * FROM read_parquet('${join(b, table)}')))
    + (SELECT COUNT(*) FROM (SELECT * FROM read_parquet('${join(b, table)}') EXCEPT ALL SELECT * FROM read_parquet('${join(a, table)}'))) AS n`);
  return Number(r.n);
}

interface Manifest { dir: string; reports: { name: string; bytes: number; sha256: string; rows: number }; checks: { name: string; bytes: number; sha256: string; rows: number } }
const manifestOf = (cache: string) => JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as Manifest;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let fresh: { out: string; summary: Summary };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cache-'));
  reports = join(root, 'reports');
  mkdirSync(reports);
  for (const f of FILES) copyFileSync(join(ROOT, 'data', 'reports', f), join(reports, f));
  writeFileSync(join(reports, 'README.md'), 'not a report');
  writeFileSync(join(reports, '.notes.txt'), 'hidden');
  fresh = await build(null);
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the build cache', () => {
  it('has a manifest naming each file with its size, SHA-256 and row count', async () => {
    const cache = join(root, 'cache-a');
    const first = await build(cache);
    const m = manifestOf(cache);
    for (const part of [m.reports, m.checks]) {
      const path = join(cache, m.dir, part.name);
      expect(statSync(path).size).toBe(part.bytes);
      expect(sha256(path)).toBe(part.sha256);
      expect(Number((await sql(`SELECT COUNT(*) AS n FROM read_parquet('${path}')`))[0].n)).toBe(part.rows);
    }
    expect(m.reports.rows).toBe(FILES.length);
    const again = await build(cache);
    expect(again.summary.parse.cached).toBe(FILES.length);
    expect(again.summary.warnings.join('\n')).not.toMatch(/cache/);
    expect(await differences(first.out, again.out, 'reports.parquet')).toBe(0);
  }, 120_000);

  it('a truncated cache Parquet is discarded with a warning; the output is that of a build without cache', async () => {
    const cache = join(root, 'cache-b');
    await build(cache);
    const m = manifestOf(cache);
    const path = join(cache, m.dir, m.reports.name);
    truncateSync(path, Math.floor(m.reports.bytes / 2));
    const after = await build(cache);
    expect(after.summary.warnings.join('\n')).toMatch(/cache .* failed its check/);
    expect(after.summary.parse.cached).toBe(0);
    for (const table of ['reports.parquet', 'checks.parquet', 'cells.parquet']) expect(await differences(fresh.out, after.out, table), table).toBe(0);
    // Rebuilt: the next build uses it again.
    expect((await build(cache)).summary.parse.cached).toBe(FILES.length);
  }, 120_000);

  it('a cache of format 2 (the spans as a [line, start, end] per cell) is discarded: the cells come out as without cache', async () => {
    const cache = join(root, 'cache-d');
    await build(cache);
    const path = join(cache, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { format: number };
    expect(manifest.format).toBe(3);
    writeFileSync(path, JSON.stringify({ ...manifest, format: 2 }));
    const after = await build(cache);
    expect(after.summary.warnings.join('\n')).toMatch(/unknown format/);
    expect(after.summary.parse.cached).toBe(0);
    expect(await differences(fresh.out, after.out, 'cells.parquet')).toBe(0);
    // The spans are there: a cell printed in the text has its line and characters.
    const [r] = await sql(`SELECT COUNT(*) AS n FROM read_parquet('${join(after.out, 'cells.parquet')}') WHERE line IS NOT NULL AND char_end > char_start`);
    expect(Number(r.n)).toBeGreaterThan(0);
  }, 120_000);

  it('checks of another build beside the reports are discarded, not mixed in', async () => {
    const cache = join(root, 'cache-c');
    await build(cache);
    // The checks rows of a build of other reports, put in place of this cache's checks.
    const other = join(root, 'other-reports');
    mkdirSync(other);
    copyFileSync(join(ROOT, 'data', 'reports', '003_837e2621b604486e.txt'), join(other, '003_837e2621b604486e.txt'));
    const otherCache = join(root, 'cache-other');
    await build(otherCache, other);
    const m = manifestOf(cache);
    const o = manifestOf(otherCache);
    copyFileSync(join(otherCache, o.dir, o.checks.name), join(cache, m.dir, m.checks.name));
    const after = await build(cache);
    expect(after.summary.warnings.join('\n')).toMatch(/failed its check/);
    for (const table of ['reports.parquet', 'checks.parquet']) expect(await differences(fresh.out, after.out, table), table).toBe(0);
  }, 120_000);
});

describe('two builds on one cache folder', () => {
  /** A DuckDB with the two tables a cache is written from (a report and its check, keyed). */
  async function tables(key: string) {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run(`CREATE TABLE all_reports AS SELECT '${key}' AS _key, 1 AS x; CREATE TABLE all_checks AS SELECT '${key}' AS _key, 2 AS y`);
    return db;
  }

  it('a build finishing its cache leaves alone the one another build is writing (rev13: it deleted it, and that build failed)', async () => {
    const cache = join(root, 'cache-race');
    const a = await tables('a');
    const pending = await beginCache(a, cache);
    // Another build writes its whole cache meanwhile (its clearRows runs).
    await writeCache(await tables('b'), cache, 'v');
    await finishCache(a, pending, 'v');
    const m = manifestOf(cache);
    expect(m.reports.rows).toBe(1);
    expect(Number((await sql(`SELECT COUNT(*) AS n FROM read_parquet('${join(cache, m.dir, m.reports.name)}') WHERE _key = 'a'`))[0].n)).toBe(1);
    // One rows folder left: the last manifest's.
    expect(readdirSync(cache).filter((n) => /rows-/.test(n))).toEqual([m.dir]);
  });

  it('a folder left by a build that is gone (killed before it finished) is removed by the next', async () => {
    const cache = join(root, 'cache-left');
    mkdirSync(cache, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(cache, `.rows-${gone}xLEFT`));
    mkdirSync(join(cache, `.rows-${process.pid}xBUSY`));
    await writeCache(await tables('c'), cache, 'v');
    const names = readdirSync(cache);
    expect(names).not.toContain(`.rows-${gone}xLEFT`);
    expect(names).toContain(`.rows-${process.pid}xBUSY`);
  });

  it('a cache that cannot be finished is a warning: the build is published, the next one parses again', async () => {
    const cache = join(root, 'cache-lost');
    const out = join(root, 'out-lost');
    // Its folder taken away while the Parquet files are written (between beginCache and finishCache).
    const { summary } = await buildData({ reportsDir: reports, outDir: out, cacheDir: cache, threads: 0, onStage: (stage) => {
      if (stage === 'parquet') for (const n of readdirSync(cache)) if (n.startsWith('.rows-')) rmSync(join(cache, n), { recursive: true, force: true });
    } });
    expect(summary.warnings.join('\n')).toMatch(/build cache for the next build could not be written/);
    expect(await differences(fresh.out, out, 'reports.parquet')).toBe(0);
    expect((await build(cache)).summary.parse.cached).toBe(0);
  }, 120_000);
});

describe('files skipped by name', () => {
  it('are listed in the summary with the reason', () => {
    expect(fresh.summary.skipped.map((s) => s.file)).toEqual(['.notes.txt', 'README.md']);
    expect(fresh.summary.skipped_total).toBe(2);
    expect(fresh.summary.skipped[0].reason_en).toMatch(/hidden/);
    expect(fresh.summary.skipped[1].reason_zh).toMatch(/README/);
  });
});
