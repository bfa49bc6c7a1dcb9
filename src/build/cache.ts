// The incremental build's cache of staged rows (.cache/build), which checks itself.
//
// The rows of a build are written as one unit: reports.parquet and checks.parquet in a folder
// of their own (`rows-XXXX/`), then `manifest.json`, written last and renamed into place, names
// that folder with the parser version and each file's size, SHA-256 and row count. A cache whose
// manifest is missing or unreadable, whose files are missing, of another size or hash, or whose
// row counts differ (a truncated Parquet, a checks file of another build beside the reports) is
// discarded with a warning, and every file is parsed again.
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { oneThread } from './memory.ts';

export const CACHE_MANIFEST = 'manifest.json';
/** 3: the staged spans as three lists (work.ts positionsJson); a cache of format 2 holds a [line, start, end] per cell. */
const FORMAT = 3;
/**
 * Rows per row group of the cached reports (wide rows: see writeCache). 4,096, not 8,192: while the
 * Parquet writer prepares a row group (buffered whole, then read column by column), DuckDB's buffer
 * pool sometimes evicted that buffer's own blocks to the spill file and read them back for each
 * column. At 100,000 reports, 5 of 45 runs of this step at 8,192 took 58-69 CPU s instead of ~4
 * (the "one build in six" slow cache step); at 4,096, 6 of 60 runs thrashed too but took 9.0-10.4
 * CPU s, none more (bench/build/cache-loop.ts, bench/build/runs/2026-11-29-bld12-cache-loop*.log).
 * Not a cure: a smaller buffer bounds what the thrash costs. The footer grows (twice the row groups).
 */
export const CACHE_ROW_GROUP = 4_096;
/** Files of the cache format before the manifest: removed when met. */
const OLD_FILES = ['reports.parquet', 'checks.parquet', 'version.txt', '.reports.parquet.new', '.checks.parquet.new'];

interface CachedFile {
  name: string;
  bytes: number;
  sha256: string;
  rows: number;
}

export interface CacheManifest {
  format: number;
  parser_version: string;
  /** The folder holding this build's rows. */
  dir: string;
  reports: CachedFile;
  checks: CachedFile;
  written_at: string;
}

const quote = (text: string) => {
  if (text.includes('\u0000')) throw new Error('path holds a NUL byte');
  return `'${text.replace(/'/g, "''")}'`;
};

async function count(db: DuckDBConnection, sql: string): Promise<number> {
  return Number((await db.runAndReadAll(sql)).getRows()[0][0]);
}

/** SHA-256 of a file, read in pieces (a cache of a large corpus is not read whole into memory). */
export function hashFile(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * The previous build's rows as the views cache_reports and cache_checks, after checking them
 * against the manifest; the sorted 64-bit key prefixes for the workers. Null: no usable cache
 * (`warn` says why when there was one that failed its check).
 */
export async function openCache(db: DuckDBConnection, cacheDir: string, version: string, warn: (message: string) => void): Promise<{ keys: SharedArrayBuffer | null } | null> {
  const discard = async (why: string) => {
    warn(`the build cache in ${cacheDir} failed its check (${why}); it was discarded and every file is parsed again`);
    await db.run('DROP VIEW IF EXISTS cache_reports; DROP VIEW IF EXISTS cache_checks');
    clearRows(cacheDir, null);
    return null;
  };
  const manifestPath = join(cacheDir, CACHE_MANIFEST);
  if (!existsSync(manifestPath)) {
    if (OLD_FILES.some((f) => existsSync(join(cacheDir, f)))) return discard('it has no manifest (an older format)');
    return null;
  }
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CacheManifest;
    if (manifest.format !== FORMAT || typeof manifest.dir !== 'string' || !/^rows-[A-Za-z0-9]+$/.test(manifest.dir)) throw new Error('unknown format');
  } catch (error) {
    return discard(`its manifest cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Another parser: its rows are not ours to reuse (not a failure of the cache).
  if (manifest.parser_version !== version) {
    clearRows(cacheDir, null);
    return null;
  }
  const paths: Record<'reports' | 'checks', string> = { reports: '', checks: '' };
  for (const table of ['reports', 'checks'] as const) {
    const entry = manifest[table];
    const path = join(cacheDir, manifest.dir, entry?.name ?? '');
    if (!entry || !existsSync(path)) return discard(`${table} rows are missing`);
    const bytes = statSync(path).size;
    if (bytes !== entry.bytes) return discard(`${basename(path)} has ${bytes} bytes, the manifest says ${entry.bytes}`);
    if (hashFile(path) !== entry.sha256) return discard(`${basename(path)} is not the file the manifest names (SHA-256 differs)`);
    paths[table] = path;
  }
  try {
    await db.run(`CREATE VIEW cache_reports AS SELECT * FROM read_parquet(${quote(paths.reports)})`);
    await db.run(`CREATE VIEW cache_checks AS SELECT * FROM read_parquet(${quote(paths.checks)})`);
    for (const table of ['reports', 'checks'] as const) {
      const rows = await count(db, `SELECT COUNT(*) FROM cache_${table}`);
      if (rows !== manifest[table].rows) return discard(`${table} has ${rows} rows, the manifest says ${manifest[table].rows}`);
    }
  } catch (error) {
    return discard(error instanceof Error ? error.message : String(error));
  }
  const n = await count(db, 'SELECT COUNT(_kp) FROM cache_reports');
  if (n === 0) return { keys: null };
  const keys = new SharedArrayBuffer(n * 8);
  const view = new BigInt64Array(keys);
  const result = await db.stream('SELECT _kp FROM cache_reports WHERE _kp IS NOT NULL ORDER BY _kp');
  let i = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0 && i < n; chunk = await result.fetchChunk()) {
    for (const v of chunk.getColumnValues(0)) view[i++] = v as bigint;
  }
  return { keys };
}

/** A cache being written: its folder (`.rows-XXXX` until finished) and its files. */
export interface PendingCache {
  cacheDir: string;
  temp: string;
  files: { reports: string; checks: string };
  /** True once cacheChecks has written the checks' file. */
  checks?: boolean;
}

/**
 * Starts the cache of the next build with this build's reports (every one that has a key, with its
 * staging columns) as they were staged: called once they are loaded, on a connection of its own
 * while the step across reports sets superseded_by, which the cache does not keep (null: the next
 * build sets it again for every report; agency_id is staged with each row, agencies.ts reportAgencyId):
 * the build names it in `nulled` (VARCHAR columns written as null).
 * Then, not at the end of the build: the Parquet writer's buffered row group was sometimes evicted
 * to the spill file and read back per column only after that step's UPDATEs (bench/build/cache-loop.ts
 * reproduced it only with them), and DuckDB holds less at this point (the 1M build's peak was this
 * step at the end, 984 MiB, on a process already at 839).
 */
export async function beginCache(db: DuckDBConnection, cacheDir: string, rowGroup = CACHE_ROW_GROUP, nulled: readonly string[] = []): Promise<PendingCache> {
  if (!nulled.every((c) => /^[a-z_][a-z0-9_]*$/.test(c))) throw new Error(`invalid column names ${nulled.join(', ')}`);
  mkdirSync(cacheDir, { recursive: true });
  // The process's id in the name: another build's clearRows leaves a folder alone while its writer runs.
  const temp = mkdtempSync(join(cacheDir, `.rows-${process.pid}x`));
  const files = { reports: join(temp, 'reports.parquet'), checks: join(temp, 'checks.parquet') };
  try {
    // Fast to write and to read back: no sort, light compression. Small row groups: a report's
    // row with its raw texts is ~8 KB, and the writer holds a whole row group in memory (at the
    // default 122,880 rows, 1 GB: past the memory limit, it spilled for minutes at 100,000 reports).
    // One thread: each thread holds a row group of wide rows in flight; on two, this step was the
    // build's peak in some runs (860-1,020 MiB at 100,000 reports, bench/build/runs/*stage-peaks*).
    await oneThread(db, () => db.run(`COPY (SELECT *${nulled.length ? ` REPLACE (${nulled.map((c) => `NULL::VARCHAR AS "${c}"`).join(', ')})` : ''} FROM all_reports WHERE _key IS NOT NULL) TO ${quote(files.reports)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroup})`));
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return { cacheDir, temp, files };
}

/**
 * The cache's checks: the reports' own (every check that has a key: not the ones across reports),
 * called once they are loaded. Then, not at the end: at the end of a 1M build this COPY's row group
 * came on top of what the summary step left (975 MiB, the build's peak; 856 before it).
 */
export async function cacheChecks(db: DuckDBConnection, pending: PendingCache): Promise<void> {
  try {
    await oneThread(db, () => db.run(`COPY (SELECT * FROM all_checks WHERE _key IS NOT NULL) TO ${quote(pending.files.checks)} (FORMAT parquet, COMPRESSION zstd)`));
    pending.checks = true;
  } catch (error) {
    rmSync(pending.temp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Finishes the cache begun by beginCache: its checks if cacheChecks has not written them, then the
 * manifest, then the old folders go. Removes the folder on failure.
 */
export async function finishCache(db: DuckDBConnection, pending: PendingCache, version: string): Promise<void> {
  const { cacheDir, temp, files } = pending;
  try {
    if (!pending.checks) await cacheChecks(db, pending);
    // Row counts from the files written (all_reports' keys are as they were when its file was written).
    const entry = async (table: 'reports' | 'checks'): Promise<CachedFile> => ({
      name: basename(files[table]),
      bytes: statSync(files[table]).size,
      sha256: hashFile(files[table]),
      rows: await count(db, `SELECT COUNT(*) FROM read_parquet(${quote(files[table])})`),
    });
    const dir = `rows-${basename(temp).slice('.rows-'.length)}`;
    const manifest: CacheManifest = { format: FORMAT, parser_version: version, dir, reports: await entry('reports'), checks: await entry('checks'), written_at: new Date().toISOString() };
    // The views read the old files until here; DuckDB has finished with them.
    await db.run('DROP VIEW IF EXISTS cache_reports; DROP VIEW IF EXISTS cache_checks');
    renameSync(temp, join(cacheDir, dir));
    const next = join(cacheDir, `.${CACHE_MANIFEST}.new`);
    writeFileSync(next, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(next, join(cacheDir, CACHE_MANIFEST));
    clearRows(cacheDir, dir);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The whole cache at once (beginCache then finishCache): for tools that write it outside a build. */
export async function writeCache(db: DuckDBConnection, cacheDir: string, version: string, rowGroup = CACHE_ROW_GROUP): Promise<void> {
  await finishCache(db, await beginCache(db, cacheDir, rowGroup), version);
}

/** Drops a cache begun and not finished (the build failed between the two). */
export function abandonCache(pending: PendingCache | null): void {
  if (pending) rmSync(pending.temp, { recursive: true, force: true });
}

/** Whether a process with this id runs (signal 0 only asks; EPERM: it runs, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes every rows folder but `keep` (and, with none kept, the manifest), and files of the old format. */
function clearRows(cacheDir: string, keep: string | null): void {
  if (!existsSync(cacheDir)) return;
  for (const name of readdirSync(cacheDir)) {
    if (name === keep) continue;
    // A cache another build is writing now (two builds on one cache folder: npm run dev beside a
    // build); one whose writer is gone (a build killed before it finished) goes.
    const writer = /^\.rows-(\d+)x/.exec(name);
    if (writer && running(Number(writer[1]))) continue;
    if (/^\.?rows-/.test(name) || OLD_FILES.includes(name) || (keep === null && (name === CACHE_MANIFEST || name === `.${CACHE_MANIFEST}.new`))) {
      rmSync(join(cacheDir, name), { recursive: true, force: true });
    }
  }
}
