// The incremental build's cache of staged rows (.cache/build), which checks itself.
//
// The rows of a build are written as one unit: reports.parquet (the staged reports' columns but
// the cells' JSON), texts.parquet (the cells' JSON columns by report_id and _key: another
// connection of the build writes them, build.ts) and checks.parquet in a folder of their own (`rows-XXXX/`), then
// `manifest.json`, written last and renamed into place, names
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
/** 3: the cells' JSON columns in texts.parquet (2 had them in reports.parquet). */
const FORMAT = 3;
/** The cache's files. */
export const CACHED_TABLES = ['reports', 'checks', 'texts'] as const;
export type CachedTable = typeof CACHED_TABLES[number];
/** Rows per row group of the cached reports and texts (wide rows: see writeCachedTable). */
export const CACHE_ROW_GROUP = 8_192;
/** Files of the cache format before the manifest: removed when met. */
const OLD_FILES = ['reports.parquet', 'checks.parquet', 'version.txt', '.reports.parquet.new', '.checks.parquet.new'];

export interface CachedFile {
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
  texts: CachedFile;
  written_at: string;
}

const DROP_VIEWS = ['cache_cells', 'cache_reports', 'cache_checks', 'cache_texts'].map((v) => `DROP VIEW IF EXISTS ${v}`).join('; ');

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
    await db.run(DROP_VIEWS);
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
    // An earlier format (of an earlier build, so of another parser version too): not ours to read, not a failure.
    if (Number.isInteger(manifest.format) && manifest.format < FORMAT) {
      clearRows(cacheDir, null);
      return null;
    }
    if (manifest.format !== FORMAT || typeof manifest.dir !== 'string' || !/^rows-[A-Za-z0-9]+$/.test(manifest.dir)) throw new Error('unknown format');
  } catch (error) {
    return discard(`its manifest cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Another parser: its rows are not ours to reuse (not a failure of the cache).
  if (manifest.parser_version !== version) {
    clearRows(cacheDir, null);
    return null;
  }
  const paths: Record<CachedTable, string> = { reports: '', checks: '', texts: '' };
  for (const table of CACHED_TABLES) {
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
    await db.run(`CREATE VIEW cache_texts AS SELECT * FROM read_parquet(${quote(paths.texts)})`);
    // The cached reports with their cells' JSON columns (for cells.parquet). Joined on report_id
    // too: a filter on it reaches both files, written in report_id order (each row group's range
    // of ids read, not every text for each group of buckets the build loads).
    await db.run('CREATE VIEW cache_cells AS SELECT r.*, t._raws, t._rules, t._spans FROM cache_reports r JOIN cache_texts t USING (report_id, _key)');
    for (const table of CACHED_TABLES) {
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

/**
 * This build's rows as the cache of the next build, written in three steps so that the two files
 * can be written by different connections as their tables are ready (build.ts): `cacheRows` makes
 * a new folder, `writeCachedTable` writes one file into it (every row of `table` that has a key,
 * with its staging columns), `commitCache` writes the manifest naming the folder and removes the old ones.
 */
export function cacheRows(cacheDir: string): string {
  mkdirSync(cacheDir, { recursive: true });
  return mkdtempSync(join(cacheDir, '.rows-'));
}

export async function writeCachedTable(db: DuckDBConnection, folder: string, file: CachedTable, table: string, columns = '*'): Promise<CachedFile> {
  const path = join(folder, `${file}.parquet`);
  // Fast to write and to read back: no sort, light compression. Small row groups for the reports
  // and texts: a report's row with its raw texts was ~8 KB, and the writer holds a whole row group
  // in memory (at the default 122,880 rows, 1 GB: past the memory limit, it spilled for minutes at
  // 100,000 reports). One thread: each thread holds a row group of wide rows in flight; on two,
  // this step was the build's peak in some runs (860-1,020 MiB at 100,000 reports, bench/build/runs/*stage-peaks*).
  await oneThread(db, () => db.run(`COPY (SELECT ${columns} FROM ${table} WHERE _key IS NOT NULL) TO ${quote(path)} (FORMAT parquet, COMPRESSION zstd${file === 'checks' ? '' : `, ROW_GROUP_SIZE ${CACHE_ROW_GROUP}`})`));
  return { name: basename(path), bytes: statSync(path).size, sha256: hashFile(path), rows: await count(db, `SELECT COUNT(*) FROM ${table} WHERE _key IS NOT NULL`) };
}

/** The manifest naming `folder` (cacheRows) with its two files (writeCachedTable), then the old folders go. */
export async function commitCache(db: DuckDBConnection, cacheDir: string, folder: string, version: string, files: Record<CachedTable, CachedFile>): Promise<void> {
  try {
    const dir = `rows-${basename(folder).slice('.rows-'.length)}`;
    const manifest: CacheManifest = { format: FORMAT, parser_version: version, dir, reports: files.reports, checks: files.checks, texts: files.texts, written_at: new Date().toISOString() };
    // The views read the old files until here; DuckDB has finished with them.
    await db.run(DROP_VIEWS);
    renameSync(folder, join(cacheDir, dir));
    const next = join(cacheDir, `.${CACHE_MANIFEST}.new`);
    writeFileSync(next, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(next, join(cacheDir, CACHE_MANIFEST));
    clearRows(cacheDir, dir);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Removes every rows folder but `keep` (and, with none kept, the manifest), and files of the old format. */
function clearRows(cacheDir: string, keep: string | null): void {
  if (!existsSync(cacheDir)) return;
  for (const name of readdirSync(cacheDir)) {
    if (name === keep) continue;
    if (/^\.?rows-/.test(name) || OLD_FILES.includes(name) || (keep === null && (name === CACHE_MANIFEST || name === `.${CACHE_MANIFEST}.new`))) {
      rmSync(join(cacheDir, name), { recursive: true, force: true });
    }
  }
}
