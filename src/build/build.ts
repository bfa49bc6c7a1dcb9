// The data build: the reports folder → reports.parquet, cells.parquet, checks.parquet,
// summary.json and sources/ (the texts in shards with an index, sources.ts) in the output folder.
//
// Streaming: the folder is listed lazily; worker threads (pool.ts, one per core) read, hash and
// parse each file (work.ts) and write its rows themselves to CSV files (staged.ts), answering this
// thread only where their files end (and warnings); once the parse ends DuckDB loads every file at
// once into an on-disk staging database (memory_limit bounds DuckDB; a bounded number of files is
// in flight). Parquet is then written by DuckDB from the staging tables, sorted for the views.
// Incremental: with a cache folder, a file whose key (parser version, path, manifest entry,
// content hash) was seen by the previous build is not parsed again: its rows come from the cache.
//
// One bad file never stops the build: every input file gets its row, with a status. The build is
// written complete into a folder of its own and published with one switch of a link (publish.ts),
// so a failed or killed build leaves the previous output whole.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance as perf } from 'node:perf_hooks';
import { BIGINT, DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, VARCHAR, type DuckDBAppender, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { parseManifest, type ManifestRead } from '../format/manifest.ts';
import { REPORT_FIELDS } from '../format/fields.ts';
import { OUTCOME_GROUPS, STATUSES, T3, T3_TOTAL_COLUMN, TABLE4_FIELDS, table3Column, table4Column, type OutcomeGroup, type Status } from '../format/schema.ts';
import { NO_FILTERS, countReports, facetCounts, outcomeSql, outcomesByAgency, outcomesOverall, regionCounts, type Query, FACT_COLUMNS } from '../db/queries.ts';
import { readInput, sha256, walkInputs } from './inputs.ts';
import { decodeTable } from '../format/decode.ts';
import { CELL_COLUMNS, CELL_SLOTS, CHECK_COLUMNS, REPORT_COLUMNS, type Column, type Overview, type Value } from './rows.ts';
import { defaultThreads, runPool, type Budget, type PoolStats } from './pool.ts';
import { acrossReports, FINDING_COLUMNS, findingsFiles } from './across.ts';
import { writeCells } from './cells.ts';
import { agenciesSql } from './agencies.ts';
import { reportId, type Parsed, type Task, type WorkConfig } from './work.ts';
import { PACK_HOLD_LINES, packSources, SHARD_BUDGET, SourceEnds } from './sources.ts';
import { writeCube } from './cube.ts';
import { writeFeeLists, writeOutcomeLists } from './outcome-lists.ts';
import { writeGroupMedians, writeOneFilterMedians } from './group-medians.ts';
import { writeAgencyIndex } from './agency-index.ts';
import { abandonCache, beginCache, CACHE_ROW_GROUP, cacheChecks, finishCache, openCache, type PendingCache } from './cache.ts';
import { BUCKETS, loadGroups, stagedSql, StagedEnds } from './staged.ts';
import { lowerMemoryLimit, oneThread, retryOutOfMemory } from './memory.ts';
import { copySorted, ONE_SORT_ROWS, SORTED_CHUNK_ROWS, SORTED_COPY_LIMIT } from './sorted-copy.ts';
import { defaultStore, newBuildFolder, prepareStore, publish, type PublishStage } from './publish.ts';
import { digestInputs, outputIntact, readStamp, writeStamp, type InputsDigest } from './unchanged.ts';
import { outputVersion } from './code-version.ts';

export { reportId };

export const OUTPUT_FILES = ['facts.parquet', 'reports.parquet', 'cells.parquet', 'checks.parquet', 'agencies.parquet'] as const;
export const SUMMARY_FILE = 'summary.json';
/** The readable reports' plain texts: shard files and their index (sources.ts). */
export const SOURCES_DIR = 'sources';
/** The hive-partitioned copy of reports.parquet: `reports/year=YYYY/part-0.parquet`. */
export const PARTITION_DIR = 'reports';
/** Hive's name for the partition of a null value (pyarrow, Spark and DuckDB read it as NULL). */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** Above this many reports, reports.parquet is also written partitioned by year. */
export const PARTITION_ABOVE = 50_000;
/** summary.json keeps one overview entry per report only up to this many reports. */
export const OVERVIEW_MAX = 5_000;
/** Rows per Parquet row group: reports (wide, ~260 columns) and the long cells/checks tables. */
export const REPORTS_ROW_GROUP = 65_536;
export const CELLS_ROW_GROUP = 122_880;
/** The order of checks.parquet: (report_id, check_index) is unique. */
export const CHECKS_ORDER = 'report_id, check_index';
/** summary.json lists at most this many failed files and warnings (the counts are complete). */
export const LIST_MAX = 50;
/**
 * Staged rows loaded into DuckDB and sorted by report_id in one statement, at most (whole buckets
 * of report ids: staged.ts). The load's memory depends on it, not on the number of reports.
 */
export const LOAD_GROUP_ROWS = 4_000;
/**
 * DuckDB's allocator (jemalloc) keeps the memory a task freed, up to 128 MiB by default, and the
 * process's RSS with it: each step of the build after the parse peaked 100-300 MiB above DuckDB's
 * memory limit, a different step in each run. Flushed past 8 MiB, with jemalloc's background
 * thread returning pages, the 100,000-report build's VmHWM was 806 and 902 MiB in two runs (flushed
 * without the thread: 870), against 1,093 MiB without either, and 837 and 979 MiB on main before
 * checks were loaded by group; the steps other than the cache's COPY peaked at 588-800 MiB flushed,
 * 717-908 not (runs on a shared machine: bench/build/runs/*bld8-stage-peaks*, bench/build/README.md).
 * Not confirmed at 10x the staged rows (phases.ts: load 899 against 853 MiB, checks 810 against 795,
 * one run each): weak evidence, kept because it costs no output and no measurable CPU.
 * Not allocator_bulk_deallocation_flush_threshold (it was 8MB here too): flushing after every bulk
 * free cost 2-4x the CPU of every step that reads or sorts (the staged rows' CSV read at 20,000
 * reports: 6.5 CPU s against 1.3-1.7, a third of it system time; their load 12.3 against 4.0 CPU s,
 * cells.parquet 7.2 against 4.4; machine shared, load 12-17), for a 100,000-report build's VmHWM of
 * 776 MiB without it (830-850 with it, a quieter machine): bench/build/runs/2026-11-29-aft20-*.
 */
const ALLOCATOR = { allocator_flush_threshold: '8MB', allocator_background_threads: 'true' };
/** The order of reports.parquet (and of each partition): what the views filter on first. */
export const REPORTS_ORDER = 'year NULLS LAST, province NULLS LAST, city NULLS LAST, county NULLS LAST, agency NULLS LAST, file';

export interface BuildOptions {
  reportsDir: string;
  outDir: string;
  /** Progress and warnings as they happen; the default prints nothing. */
  log?: (line: string) => void;
  /** Parsing threads; default one per core. 0 parses in this thread, without a time or memory budget per file. */
  threads?: number;
  /** Folders of fewer files than this are parsed by one thread (starting more costs more than they save). Default 32. */
  inThreadBelow?: number;
  /** Time and memory each file may cost (pool.ts DEFAULT_BUDGET). */
  budget?: Partial<Budget>;
  /**
   * Where complete builds are kept; `outDir` becomes a link to the current one (publish.ts).
   * Default `<outDir>.builds`. Keep it out of folders that are copied whole (Vite's public/).
   */
  storeDir?: string;
  /** Called as the build reaches each stage (tests stop the build there to check what is left). */
  onStage?: (stage: BuildStage) => void;
  /** Cache folder for incremental builds; default none (every file is parsed). */
  cacheDir?: string | null;
  /** Write the by-year partitioned copy above this many reports (default PARTITION_ABOVE). */
  partitionAbove?: number;
  /** Wide rows one sort holds at most: across.ts's chunks (ACROSS_CHUNK_ROWS) and reports.parquet's (SORTED_CHUNK_ROWS); small in tests. */
  sortChunkRows?: number;
  /**
   * DuckDB's memory limit for staging and writing (default '512MB'). With 1GB the peak RSS of a
   * 100,000-report build passed 1.4 GB; 512MB ran out of memory at 100,000 reports while
   * cells.parquet sorted every report's cells, which it no longer does (the table is loaded in
   * report_id order, a group of buckets at a time). A statement that still runs out of memory is
   * run again with more room, and the log says so (memory.ts).
   */
  memoryLimit?: string;
  /** Rows per row group of reports.parquet (default REPORTS_ROW_GROUP). */
  rowGroupSize?: number;
  /** Staged rows loaded and sorted at once, at most (a bucket of report ids is never split; default LOAD_GROUP_ROWS). */
  loadGroupRows?: number;
}

export type BuildStage = 'started' | 'parsed' | 'staged' | 'parquet' | 'summary' | 'cache' | 'closed' | PublishStage;

/** A file or folder of the reports folder not read because of its name (dotfiles, README…). */
export interface SkippedFile {
  file: string;
  reason_zh: string;
  reason_en: string;
}

export interface FailedFile {
  file: string;
  code: string;
  message_zh: string;
  message_en: string;
}

/** What was written, for readers that choose files (the browser, scripts). Paths are relative to the output folder. */
export interface Layout {
  /** 'single': reports.parquet only; 'by_year': reports.parquet and its hive-partitioned copy. */
  layout: 'single' | 'by_year';
  /** The reports files: ['reports.parquet'] or the partition files (reports.parquet holds the same rows). */
  /** The narrow table of chart and filter columns (FACT_COLUMNS in queries.ts). */
  facts: string[];
  reports: string[];
  cells: string[];
  checks: string[];
  /** One row per agency (agency_id) with its names and years. */
  agencies?: string[];
  /** The sort order of the reports files (each partition is sorted the same way). */
  reports_sorted_by: string;
  cells_sorted_by: string;
  row_group_size: { reports: number; cells: number; checks: number };
  /** For 'by_year': the partition column is not in the files; read with hive_partitioning. */
  partition?: { column: 'year'; type: 'INTEGER'; null_value: string; files: { year: number | null; path: string; rows: number; bytes: number }[] };
}

/** The unfiltered default view, computed with the dashboard's own queries (src/db/queries.ts) over the written Parquet. */
export interface FirstPaint {
  outcomes_overall: Record<string, number | null>;
  outcomes_top: Record<string, unknown>[];
  count: number;
  provinces: { value: string; n: number }[];
  years: { value: number; n: number }[];
  levels: { value: string; n: number }[];
  kinds: { value: string; n: number }[];
}

export interface Summary {
  built_at: string;
  duration_ms: number;
  reports: number;
  status_counts: Record<Status, number>;
  years: number[];
  /** The first LIST_MAX failed files, by file; failed_total counts them all. */
  failed: FailedFile[];
  failed_total: number;
  /** The first LIST_MAX files skipped by their name, with the reason; skipped_total counts them all. */
  skipped: SkippedFile[];
  skipped_total: number;
  files: { name: string; bytes: number }[];
  layout: Layout;
  rows: { reports: number; facts: number; cells: number; checks: number; agencies?: number };
  /** How the build went: files parsed, taken from the cache, threads. */
  parse: { parsed: number; cached: number; threads: number; parse_ms: number; busy_ms: number; peak_rss: number };
  /** Problems of manifest.csv and of the build itself (values that did not fit their column, duplicate files); the first LIST_MAX. */
  warnings: string[];
  warnings_total: number;
  first_paint: FirstPaint;
  /** The pre-aggregated summaries under cube/ (src/build/cube.ts): files, sizes, cells. */
  cube?: { files: { name: string; bytes: number }[]; region_rows: number; city_rows: number };
  /** One entry per report, in file order, for the dashboard's first paint: only up to OVERVIEW_MAX reports. */
  overview?: Overview[];
}

export interface BuildResult {
  summary: Summary;
  /** True when no input had changed since the last build into this output: nothing was parsed or written (unchanged.ts). */
  unchanged?: boolean;
}

/** Columns of the staging tables that are not in the output: the cache key, raw cell texts, rules. */
const STAGE_EXTRA: readonly Column[] = [
  { name: '_key', type: 'VARCHAR' },
  { name: '_kp', type: 'BIGINT' },
  { name: '_raws', type: 'VARCHAR' },
  { name: '_rules', type: 'VARCHAR' },
  { name: '_spans', type: 'VARCHAR' },
];
export const STAGE_REPORT_COLUMNS = [...STAGE_EXTRA, ...REPORT_COLUMNS];
export const STAGE_CHECK_COLUMNS: readonly Column[] = [{ name: '_key', type: 'VARCHAR' }, ...CHECK_COLUMNS];

/**
 * The staging tables, in an attached in-memory database (STAGE_CATALOG), made the connection's
 * default: no write-ahead log and no checkpoints (DuckDB keeps them in its buffer pool, under
 * memory_limit, and spills them to stage.duckdb.tmp/), as TEMP tables were, but seen by every
 * connection of the instance, so that cells.parquet is written on a second connection beside the
 * steps that follow the load (build.ts). Loading 100,000 staged reports into ordinary tables of the
 * database file took 65 CPU s and 1,074 MiB of peak RSS (each group's insert checkpointed the wide
 * table), into TEMP tables 38 CPU s and 711 MiB; 400,000: 122 CPU s and 783 MiB (bench/build/phases.ts,
 * DuckDB alone). The whole build's peak at 100,000 fell from 1,058 to 957 MiB. (The step across
 * reports then held the peak; it now reads narrow tables a page at a time: 809 / 828 / 828 MiB at
 * 1× / 2× / 4× the 100,000 staged rows, phases.ts.) Copying them into the database file afterwards
 * (CREATE TABLE AS, one thread) peaked at 1,036 MiB itself. The cost: the steps after the load read
 * uncompressed, partly spilled rows (cells.parquet took longer).
 */
export async function createStageTables(db: DuckDBConnection): Promise<void> {
  await db.run(`ATTACH IF NOT EXISTS ':memory:' AS ${STAGE_CATALOG}`);
  await useStage(db);
  await createTable(db, 'stage_reports', STAGE_REPORT_COLUMNS);
  await createTable(db, 'stage_checks', STAGE_CHECK_COLUMNS);
}

/** The in-memory database of the staging tables (createStageTables). */
export const STAGE_CATALOG = 'stage_mem';

/** Makes the staging database the default of `db` (another connection of the same instance). */
export async function useStage(db: DuckDBConnection): Promise<void> {
  await db.run(`USE ${STAGE_CATALOG}`);
}

/**
 * One group of neighbouring buckets (loadGroups) into stage_reports, sorted by report_id: the
 * staged CSV `files` of those buckets and, with `cached`, the cached rows still wanted there
 * (cache_reports, cached_ids). A cached row keeps its agency_id (a function of its row and its
 * manifest entry, both in its cache key, and of agencies.ts, in the parser version) but not a
 * superseded_by (the cache is written before the step across reports sets it; null here all the
 * same): which filing of a year is charted depends on the other reports of this build.
 */
export async function loadGroup(db: DuckDBConnection, group: readonly string[], files: string[], cached: boolean): Promise<void> {
  const range = groupRange(group);
  const parts = [
    ...(files.length ? [`SELECT * FROM ${stagedSql(STAGE_REPORT_COLUMNS, files)}`] : []),
    ...(cached ? [`SELECT * REPLACE (NULL::VARCHAR AS superseded_by) FROM cache_reports WHERE ${range} AND _key IN (SELECT _key FROM cached_ids WHERE ${range})`] : []),
  ];
  if (!parts.length) return;
  await db.run(`INSERT INTO stage_reports BY NAME SELECT * FROM (${parts.join(' UNION ALL BY NAME ')}) ORDER BY report_id`);
}

/** report_id within a group of neighbouring buckets (loadGroups), as SQL. */
function groupRange(group: readonly string[]): string {
  // Hex digits only (BUCKETS): safe to write into the statement.
  if (!group.length || !group.every((b) => BUCKETS.includes(b))) throw new Error(`not buckets: ${group.join(',')}`);
  const next = BUCKETS[BUCKETS.indexOf(group[group.length - 1]) + 1];
  return `report_id >= '${group[0]}'${next ? ` AND report_id < '${next}'` : ''}`;
}

/**
 * The checks of one group of buckets (the reports' groups, loaded after the step across reports)
 * into stage_checks in CHECKS_ORDER: the staged checks `files`, with `cached` the cached checks of
 * the cached reports still wanted there, and the continuity checks `findings` (across.ts, CSV of
 * FINDING_COLUMNS) numbered after each report's own. The groups in bucket order leave the table in
 * CHECKS_ORDER, so checks.parquet is written without sorting every check at once (at 1M reports
 * that sort peaked at 1,505 MiB of RSS, after running out of memory at 488 MiB) and no statement
 * holds more than a group's checks.
 */
export async function loadChecksGroup(db: DuckDBConnection, group: readonly string[], files: string[], findings: string[], cached: boolean): Promise<void> {
  const own = [
    ...(files.length ? [`SELECT * FROM ${stagedSql(STAGE_CHECK_COLUMNS, files)}`] : []),
    ...(cached ? [`SELECT * FROM cache_checks WHERE ${groupRange(group)} AND _key IN (SELECT _key FROM cached_ids WHERE ${groupRange(group)})`] : []),
  ];
  const sql = checksGroupSql(own, findings);
  if (sql) await db.run(sql);
}

/**
 * The INSERT of loadChecksGroup: `own`, queries of the group's own checks (STAGE_CHECK_COLUMNS),
 * and the group's findings files (by bucket: nothing else in them); null when there is nothing to insert.
 */
export function checksGroupSql(own: string[], findings: string[]): string | null {
  if (!own.length && !findings.length) return null;
  const ownSql = own.length ? own.join(' UNION ALL BY NAME ') : `SELECT ${STAGE_CHECK_COLUMNS.map((c) => `NULL::${c.type} AS "${c.name}"`).join(', ')} WHERE false`;
  // A report's continuity checks after its own, in the order they were made (k).
  const added = findings.length
    ? ` UNION ALL BY NAME SELECT f.report_id, f.file, (coalesce(l.last, -1) + row_number() OVER (PARTITION BY f.report_id ORDER BY f.k))::INTEGER AS check_index,
        f.code, f.severity, f.cells, f.cell_refs, f.message_zh, f.message_en
      FROM ${stagedSql(FINDING_COLUMNS, findings)} f LEFT JOIN (SELECT report_id, MAX(check_index) AS last FROM own GROUP BY report_id) l USING (report_id)`
    : '';
  return `INSERT INTO stage_checks BY NAME WITH own AS MATERIALIZED (${ownSql})
    SELECT * FROM (SELECT * FROM own${added}) ORDER BY ${CHECKS_ORDER}`;
}

export async function buildData(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const reportsDir = resolve(options.reportsDir);
  const outDir = resolve(options.outDir);
  const warnings: string[] = [];
  let warningsTotal = 0;
  const warn = (message: string) => {
    warningsTotal++;
    if (warnings.length < LIST_MAX) warnings.push(message);
    log(`warning: ${message}`);
  };

  const manifestCsv = readManifestText(reportsDir, warn);
  const manifest = manifestCsv === null ? undefined : checkManifest(manifestCsv, warn);
  const cacheDir = options.cacheDir ? resolve(options.cacheDir) : null;
  const version = parserVersion();
  // Nothing changed since the last build into this output: stat the inputs, write nothing.
  let digest: InputsDigest | null = null;
  if (cacheDir) {
    const stamp = readStamp(cacheDir);
    // outputVersion: the views' SQL and the summaries' formats the build imports (code-version.ts).
    const context = [version, outputVersion(), reportsDir, manifestCsv ?? '\u0002', String(options.partitionAbove ?? PARTITION_ABOVE), String(options.rowGroupSize ?? REPORTS_ROW_GROUP)];
    digest = digestInputs(reportsDir, context, stamp);
    const previous = stamp && digest.againstStamp === stamp.key ? previousSummary(stamp.build) : null;
    if (stamp && previous && outputIntact(stamp, outDir, [...previous.files, ...(previous.cube?.files ?? [])])) {
      const ms = performance.now() - started;
      log(`nothing changed since the build of ${previous.built_at}: ${digest.inputs} inputs, output kept as is (${Math.round(ms)} ms)`);
      const reused = previous.reports;
      return {
        summary: { ...previous, duration_ms: Math.round(ms), parse: { parsed: 0, cached: reused, threads: 0, parse_ms: Math.round(ms), busy_ms: 0, peak_rss: process.memoryUsage.rss() } },
        unchanged: true,
      };
    }
  }
  // Fails here, before anything is written, when the folder cannot be listed.
  const skipped: SkippedFile[] = [];
  let skippedTotal = 0;
  const inputs = walkInputs(reportsDir, (file, reason) => {
    skippedTotal++;
    if (skipped.length < LIST_MAX) skipped.push({ file, reason_zh: reason.zh, reason_en: reason.en });
  });
  const first = inputs.next();

  const store = resolve(options.storeDir ?? defaultStore(outDir));
  const stage = options.onStage ?? (() => {});
  prepareStore(outDir, store, log);
  const temp = newBuildFolder(store);
  // The staging database (and DuckDB's spill files beside it) is removed before publishing.
  const stageDir = join(temp, '.stage');
  mkdirSync(stageDir);
  stage('started');
  try {
    let summary: Summary;
    const instance = await DuckDBInstance.create(join(stageDir, 'stage.duckdb'), {
      memory_limit: options.memoryLimit ?? '512MB',
      preserve_insertion_order: 'true',
      // The staging database is in memory (createStageTables): no automatic checkpoints of it. With
      // them, its 100,000-report load took 27.9 CPU s against 14.6 for TEMP tables and 14.7 without
      // (the cache's rows inserted in 16 sorted groups, one thread, bld24); the database file holds nothing.
      checkpoint_threshold: '1TB',
      ...ALLOCATOR,
    });
    // A statement that runs out of memory is run again with more room rather than losing the build
    // (memory.ts); each step is a build warning.
    const db = retryOutOfMemory(await instance.connect(), warn);
    let pendingCache: PendingCache | null = null;
    /** cells.parquet and the cache's reports being written on a connection of their own (below). */
    let aside: Promise<Aside> | null = null;
    // The cache only speeds up the next build: failing to write it is a warning, not a failed build.
    const cacheFailed = (error: unknown) => warn(`the build cache for the next build could not be written in ${cacheDir} (${error instanceof Error ? error.message : String(error)}); the next build parses every file`);
    try {
      await createStageTables(db);
      await createTable(db, 'hits', [{ name: '_key', type: 'VARCHAR' }, { name: 'file', type: 'VARCHAR' }]);

      // The previous build's rows, if it ran the same parser version.
      const cache = cacheDir ? await openCache(db, cacheDir, version, warn) : null;
      const sourcesDir = join(temp, SOURCES_DIR);
      mkdirSync(sourcesDir);
      // Each parsing thread writes its rows there itself (staged.ts); they are loaded once the parse ends.
      const rowsDir = join(stageDir, 'rows');
      const config: WorkConfig = { manifestCsv, sourcesDir, parserVersion: version, cacheDir, cachedKeys: cache?.keys ?? null, rowsDir };

      const staging = await Stage.open(db);
      const staged = new StagedEnds();
      // The texts the threads wrote whose answers were heard: the ones packed (sources.ts).
      const heardSources = new SourceEnds();
      let parsed = 0;
      let cached = 0;
      let stagingMs = 0;
      const onResult = (r: Parsed) => {
        const t = performance.now();
        onParsed(r);
        stagingMs += performance.now() - t;
      };
      const onParsed = (r: Parsed) => {
        if (r.source) heardSources.record(r.source);
        if (r.hit) {
          cached++;
          staging.hit(r);
        } else {
          parsed++;
          if (!r.staged) throw new Error(`${r.file}: the parsing thread staged no rows`);
          staged.record(r.staged);
          for (const w of r.warnings ?? []) warn(w);
        }
      };
      // A small folder is parsed here: starting threads would cost more than they save.
      const head: Task[] = [];
      if (!first.done) head.push(first.value);
      const below = options.inThreadBelow ?? 32;
      while (head.length < below) {
        const next = inputs.next();
        if (next.done) break;
        head.push(next.value);
      }
      const small = head.length < below;
      // Always at least one thread when allowed: only a thread can be stopped when a file runs over its budget.
      const threads = options.threads === 0 ? 0 : small ? 1 : options.threads ?? defaultThreads();
      const parseStarted = performance.now();
      // How busy this thread is while the others parse (message decoding and staging included).
      const eluStarted = perf.eventLoopUtilization();
      const poolOptions = { budget: options.budget };
      let stats: PoolStats = await runPool(chain(head, small ? [] : inputs), config, threads, onResult, poolOptions);
      const elu = perf.eventLoopUtilization(eluStarted);
      log(`${parsed + cached} files: ${parsed} parsed, ${cached} from the cache (${threads} threads)`);
      log(`this thread during the parse: busy ${Math.round(elu.active)} ms of ${Math.round(elu.active + elu.idle)} (${Math.round(elu.utilization * 100)}%), staging rows ${Math.round(stagingMs)} ms`);

      // Keys whose 64-bit prefix was in the cache but whose rows are not (a prefix collision): parse them.
      if (cache && cached) {
        await staging.flush();
        const missing = (await db.runAndReadAll(
          'SELECT file FROM hits WHERE _key NOT IN (SELECT _key FROM cache_reports) ORDER BY file')).getRows().map((r) => String(r[0]));
        if (missing.length) {
          await db.run('DELETE FROM hits WHERE _key NOT IN (SELECT _key FROM cache_reports)');
          cached -= missing.length;
          const more = await runPool(missing.map((file): Task => ({ file, path: join(reportsDir, file), force: true })), config, Math.min(threads, 1), onResult, poolOptions);
          stats = { ...stats, busyMs: stats.busyMs + more.busyMs };
        }
      }
      await staging.close();
      // Where each text went, for the agency index (writeAgencyIndex); in the staging folder, not published.
      const sourceLocations = join(stageDir, 'source-locations.tsv');
      packSources(sourcesDir, sourceLocations, PACK_HOLD_LINES, SHARD_BUDGET, heardSources);
      const parseMs = performance.now() - parseStarted;
      stage('parsed');

      // Every report: the ones parsed now (staged by the threads) and the cached ones still there
      // (deleted files are gone), into the staging tables, which become the build's tables (renamed,
      // not copied). A group of neighbouring buckets of report ids at a time, each sorted: the
      // reports table is in report_id order (cells.parquet is written in that order without
      // sorting it again), and no sort holds more than about LOAD_GROUP_ROWS rows at any N.
      const loadStarted = performance.now();
      // DuckDB on one thread until the checks are loaded. At 100,000 reports two threads cost more
      // CPU for no time saved (load average 4-8, bench/build/runs/*bld9*): the load of the staged
      // rows 6.6 CPU s for 4.8 s on two, 4.4 for 4.4 on one (10.2-11.0 CPU s in whole builds on
      // two, 6.1-7.9 on one); the checks' load 5.3-6.7 against 3.6-4.0; the step across reports
      // about the same. Not past the checks: the summary's cube sums doubles, and on one thread
      // in another order (4371.639999999999 where two threads wrote 4371.64 at 100,000 reports).
      const threadsBefore = Number((await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
      await db.run('SET threads = 1');
      const stagedFiles = staged.seal(rowsDir);
      const rowsIn = new Map(stagedFiles.counts);
      if (cache) {
        // The cached rows still wanted, by bucket (report ids are lowercase hex: staged.ts bucketOf).
        await db.run(`CREATE TEMP TABLE cached_ids AS SELECT report_id, _key FROM cache_reports
          WHERE _key IN (SELECT _key FROM hits) ORDER BY report_id`);
        for (const r of (await db.runAndReadAll('SELECT left(report_id, 2) AS b, COUNT(*) AS n FROM cached_ids GROUP BY b')).getRowObjects()) {
          const b = String(r.b);
          rowsIn.set(b, (rowsIn.get(b) ?? 0) + Number(r.n));
        }
      }
      const groups = loadGroups(rowsIn, options.loadGroupRows ?? LOAD_GROUP_ROWS);
      for (const group of groups) await loadGroup(db, group, group.flatMap((b) => stagedFiles.reports.get(b) ?? []), cache !== null);
      log(`staged rows loaded from ${[...stagedFiles.reports.values()].flat().length} files in ${groups.length} groups (${Math.round(performance.now() - loadStarted)} ms)`);
      await db.run('ALTER TABLE stage_reports RENAME TO all_reports');

      const count = await scalar(db, 'SELECT COUNT(*) FROM all_reports');
      log(`staged ${count} reports (${Math.round(performance.now() - started)} ms)`);
      stage('staged');
      // cells.parquet and the cache's reports read nothing the steps below change but superseded_by,
      // which the cache does not keep (cache.ts beginCache): they are written on a second connection
      // of the instance while this one goes on (DuckDB runs each statement on the thread that asked
      // it, one thread each here; this thread only waits). What they come to is awaited below,
      // before the threads are set back or the memory limit lowered.
      aside = writeAside(instance, temp, cacheDir, warn, (line) => log(line === 'cache' ? `cache's reports written (${Math.round(performance.now() - started)} ms)` : line));
      await buildWarnings(db, manifest, options.reportsDir, warn);
      // Across reports: duplicates (superseded_by) and the continuity checks (written by bucket, loaded below).
      const findingsDir = join(stageDir, 'findings');
      const across = await acrossReports(db, 'all_reports', findingsDir, manifest, options.sortChunkRows);
      log(`${across.agencies} agencies, ${across.duplicateGroups} filed more than once for a year (${across.superseded} superseded), ${across.findings} continuity checks`);
      // The checks, the same groups, each with its continuity checks: the table in CHECKS_ORDER.
      const checksStarted = performance.now();
      for (const group of groups) {
        await loadChecksGroup(db, group, group.flatMap((b) => stagedFiles.checks.get(b) ?? []), findingsFiles(findingsDir, group), cache !== null);
      }
      rmSync(rowsDir, { recursive: true, force: true });
      rmSync(findingsDir, { recursive: true, force: true });
      await db.run('ALTER TABLE stage_checks RENAME TO all_checks');
      log(`checks loaded from ${[...stagedFiles.checks.values()].flat().length} files in ${groups.length} groups (${Math.round(performance.now() - checksStarted)} ms)`);

      // The Parquet files. checks.parquet first, on one thread beside cells.parquet's; the table is in
      // CHECKS_ORDER (loadChecksGroup): read on one thread, in order, nothing sorted.
      await oneThread(db, () => copy(db, `SELECT ${CHECK_COLUMNS.map((c) => `"${c.name}"`).join(', ')} FROM all_checks`,
        join(temp, 'checks.parquet'), CELLS_ROW_GROUP, log));
      // Then, once cells.parquet and the cache's reports are written: the cache's checks (cache.ts
      // cacheChecks says why now) and the steps that lower the memory limit or use more threads.
      const written = await aside;
      aside = null;
      pendingCache = written.cache;
      if (written.cacheError) cacheFailed(written.cacheError);
      if (written.cellsError) throw written.cellsError;
      if (pendingCache) {
        try {
          await cacheChecks(db, pendingCache);
          log(`cache's checks written (${Math.round(performance.now() - started)} ms)`);
        } catch (error) {
          cacheFailed(error);
          pendingCache = null;
        }
      }
      await db.run(`SET threads = ${threadsBefore}`);
      const rowGroup = options.rowGroupSize ?? REPORTS_ROW_GROUP;
      const fields = REPORT_FIELDS.map((f) => `"${f.name}"`).join(', ');
      // In chunks of sorted rows past ONE_SORT_ROWS (sorted-copy.ts): at 1M reports, one sort of every wide row ran out of memory.
      // Under a lower memory limit (SORTED_COPY_LIMIT): this step's RSS passes the limit by more than the others'.
      const reportsStarted = performance.now();
      await oneThread(db, () => lowerMemoryLimit(db, SORTED_COPY_LIMIT, () => copySorted(db, 'all_reports', fields, REPORTS_ORDER,
        join(temp, 'reports.parquet'), rowGroup, options.sortChunkRows ?? SORTED_CHUNK_ROWS, options.sortChunkRows ?? ONE_SORT_ROWS)));
      log(`reports.parquet written in ${Math.round(performance.now() - reportsStarted)} ms`);
      // The narrow table the charts and filters read, small enough to hold in the browser's memory:
      // read from reports.parquet, in its order (one thread keeps it), rather than sorting the staged
      // table's rows again (TEMP: uncompressed, partly spilled at 100,000 reports).
      const reportsFile = `read_parquet(${sqlString(join(temp, 'reports.parquet'))})`;
      await oneThread(db, () => copy(db, `SELECT ${FACT_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM ${reportsFile}`, join(temp, 'facts.parquet'), rowGroup, log));
      await copy(db, agenciesSql('all_reports'), join(temp, 'agencies.parquet'), CELLS_ROW_GROUP, log);
      log(`Parquet written (${Math.round(performance.now() - started)} ms)`);
      stage('parquet');
      const partitioned = count > (options.partitionAbove ?? PARTITION_ABOVE);
      const partitionsStarted = performance.now();
      const partitions = partitioned ? await oneThread(db, () => writePartitions(db, temp, reportsFile, rowGroup)) : null;
      if (partitions) log(`${partitions.length} partitions by year written in ${Math.round(performance.now() - partitionsStarted)} ms`);

      const files = [...OUTPUT_FILES, ...(partitions ?? []).map((p) => p.path)].map((name) => ({ name, bytes: statSync(join(temp, name)).size }));
      for (const p of partitions ?? []) p.bytes = statSync(join(temp, p.path)).size;
      const layout: Layout = {
        layout: partitioned ? 'by_year' : 'single',
        facts: ['facts.parquet'],
        reports: partitions ? partitions.map((p) => p.path) : ['reports.parquet'],
        cells: ['cells.parquet'],
        checks: ['checks.parquet'],
        agencies: ['agencies.parquet'],
        reports_sorted_by: REPORTS_ORDER,
        cells_sorted_by: 'report_id, then template order (cells) or check_index (checks)',
        row_group_size: { reports: rowGroup, cells: CELLS_ROW_GROUP, checks: CELLS_ROW_GROUP },
        ...(partitions ? { partition: { column: 'year' as const, type: 'INTEGER' as const, null_value: NULL_PARTITION, files: partitions } } : {}),
      };

      const indexStarted = performance.now();
      await writeAgencyIndex(db, temp, `read_parquet(${sqlString(join(temp, 'facts.parquet'))})`, sourceLocations);
      log(`agency index written in ${Math.round(performance.now() - indexStarted)} ms`);
      const statusRows = await rows(db, 'SELECT status, COUNT(*) AS n FROM all_reports GROUP BY status');
      const failedRows = await rows(db, `SELECT file, error_code, error, error_en FROM all_reports WHERE status = 'failed' ORDER BY file LIMIT ${LIST_MAX}`);
      summary = {
        built_at: new Date().toISOString(),
        duration_ms: 0,
        reports: count,
        status_counts: Object.fromEntries(STATUSES.map((s) => [s.key, Number(statusRows.find((r) => r.status === s.key)?.n ?? 0)])) as Record<Status, number>,
        years: (await rows(db, 'SELECT DISTINCT year FROM all_reports WHERE year IS NOT NULL ORDER BY year')).map((r) => Number(r.year)),
        failed: failedRows.map((r) => ({
          file: String(r.file),
          code: (r.error_code as string | null) ?? 'unknown',
          message_zh: (r.error as string | null) ?? '未知原因',
          message_en: (r.error_en as string | null) ?? 'unknown reason',
        })),
        failed_total: Number(statusRows.find((r) => r.status === 'failed')?.n ?? 0),
        skipped: [...skipped].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
        skipped_total: skippedTotal,
        files,
        layout,
        rows: {
          reports: count,
          facts: count,
          cells: count * CELL_SLOTS.length,
          checks: await scalar(db, 'SELECT COUNT(*) FROM all_checks'),
          agencies: await scalar(db, 'SELECT COUNT(DISTINCT agency_id) FROM all_reports'),
        },
        parse: { parsed, cached, threads, parse_ms: Math.round(parseMs), busy_ms: Math.round(stats.busyMs), peak_rss: stats.peakRss },
        warnings,
        warnings_total: 0,
        first_paint: await timed(log, 'first paint computed', () => firstPaint(db, join(temp, 'facts.parquet'))),
        cube: await cubeSummary(db, temp, log),
        ...(count <= OVERVIEW_MAX ? { overview: await overviews(db) } : {}),
      };
      summary.warnings_total = warningsTotal;
      summary.warnings = warnings;

      log(`summary computed (${Math.round(performance.now() - started)} ms)`);
      stage('summary');
      // The cache for the next build: its manifest (its files are written).
      if (pendingCache) {
        try {
          await finishCache(db, pendingCache, version);
        } catch (error) {
          cacheFailed(error);
        }
        pendingCache = null;
      }

      log(`cache written (${Math.round(performance.now() - started)} ms)`);
      stage('cache');
      summary.duration_ms = Math.round(performance.now() - started);
      writeFileSync(join(temp, SUMMARY_FILE), formatSummaryJson(summary));
    } finally {
      // A build stopped while the other connection writes: DuckDB is closed once it has finished.
      if (aside) abandonCache((await aside).cache);
      abandonCache(pendingCache);
      db.closeSync();
      instance.closeSync();
    }
    rmSync(stageDir, { recursive: true, force: true });
    stage('closed');
    // One switch: a reader sees the whole previous build or the whole new one.
    const published = publish(temp, outDir, store, stage);
    if (cacheDir && digest) writeStamp(cacheDir, { key: digest.key, racy: digest.racy, out: outDir, build: published });
    return { summary };
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** What writeAside came to: errors are returned, not thrown (the build decides when to throw). */
interface Aside {
  cellsError: unknown;
  /** The cache begun (beginCache), or null: no cache folder, or it failed (cacheError). */
  cache: PendingCache | null;
  cacheError: unknown;
}

/**
 * On a connection of its own (the staging database its default), on one thread (the build's DuckDB
 * is on one until this is awaited): cells.parquet from all_reports, in report_id order, then with
 * `cacheDir` the cache's reports (beginCache; `log('cache')` once written). Never rejects.
 */
async function writeAside(instance: DuckDBInstance, temp: string, cacheDir: string | null, warn: (m: string) => void, log: (line: string) => void): Promise<Aside> {
  const result: Aside = { cellsError: null, cache: null, cacheError: null };
  let conn: DuckDBConnection | null = null;
  try {
    conn = retryOutOfMemory(await instance.connect(), warn);
    await useStage(conn);
    const c = conn;
    await writeCells(c, 'all_reports', (select) => copy(c, select, join(temp, 'cells.parquet'), CELLS_ROW_GROUP, log));
  } catch (error) {
    result.cellsError = error ?? new Error('cells.parquet failed');
  }
  if (conn && cacheDir && !result.cellsError) {
    try {
      result.cache = await beginCache(conn, cacheDir, CACHE_ROW_GROUP, ['superseded_by']);
      log('cache');
    } catch (error) {
      result.cacheError = error ?? new Error('the cache failed');
    }
  }
  conn?.closeSync();
  return result;
}

/** The summary of a published build, or null when it cannot be read. */
function previousSummary(build: string): Summary | null {
  try {
    if (!existsSync(join(build, SOURCES_DIR))) return null;
    return JSON.parse(readFileSync(join(build, SUMMARY_FILE), 'utf8')) as Summary;
  } catch {
    return null;
  }
}

function* chain<T>(head: T[], rest: Iterable<T>): Generator<T> {
  yield* head;
  yield* rest;
}

// ---------------------------------------------------------------------------------------
// Staging: the cache hits appended as results arrive (the parsed rows are staged by the threads: staged.ts).

class Stage {
  private constructor(private readonly hits: ChunkTable) {}

  static async open(db: DuckDBConnection): Promise<Stage> {
    return new Stage(new ChunkTable(await db.createAppender('hits'), [{ name: '_key', type: 'VARCHAR' }, { name: 'file', type: 'VARCHAR' }]));
  }

  hit(r: Parsed): void {
    this.hits.add([r.key, r.file]);
  }

  /** Everything added so far into the table (for queries during the parse). */
  async flush(): Promise<void> {
    this.hits.flush(true);
  }

  async close(): Promise<void> {
    await this.flush();
    this.hits.close();
  }
}

type StageValue = Value | bigint | undefined;

const DUCKDB_TYPES: Record<Column['type'], DuckDBType> = { VARCHAR, INTEGER, BIGINT, DOUBLE };

/**
 * Rows appended a data chunk at a time: numbers are written into typed arrays and copied in one
 * call per column, where appending value by value cost one native call per cell (260 per report).
 */
class ChunkTable {
  private rows: StageValue[][] = [];
  private chunks = 0;
  private readonly types: DuckDBType[];
  constructor(private readonly appender: DuckDBAppender, private readonly columns: readonly Column[]) {
    this.types = columns.map((c) => DUCKDB_TYPES[c.type]);
  }

  add(row: StageValue[]): void {
    this.rows.push(row);
    if (this.rows.length >= CHUNK_ROWS) this.flush();
  }

  /** The rows held into a chunk for the appender; `commit`: and the appender's chunks into the table. */
  flush(commit = false): void {
    const rows = this.rows;
    if (!rows.length) {
      if (commit) this.appender.flushSync();
      return;
    }
    this.rows = [];
    const chunk = DuckDBDataChunk.create(this.types, rows.length);
    this.columns.forEach((column, c) => {
      const vector = chunk.getColumnVector(c);
      for (let i = 0; i < rows.length; i++) vector.setItem(i, stageValue(column.type, rows[i][c]));
      vector.flush();
    });
    this.appender.appendDataChunk(chunk);
    if (commit || ++this.chunks % FLUSH_CHUNKS === 0) this.appender.flushSync();
  }

  close(): void {
    this.flush(true);
    this.appender.closeSync();
  }
}

/** Rows per data chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;
/** Chunks given to the table at once: each flush is a transaction of DuckDB's in this thread (~64 MB of rows here). */
const FLUSH_CHUNKS = 4;

function stageValue(type: Column['type'], value: StageValue): DuckDBValue {
  if (value === null || value === undefined) return null;
  if (type === 'BIGINT') return typeof value === 'bigint' ? value : BigInt(value);
  return value as DuckDBValue;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

async function createTable(db: DuckDBConnection, table: string, columns: readonly Column[], temp = false): Promise<void> {
  for (const c of [{ name: table }, ...columns]) if (!IDENTIFIER.test(c.name)) throw new Error(`invalid name ${c.name}`);
  await db.run(`CREATE OR REPLACE ${temp ? 'TEMP ' : ''}TABLE ${table} (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
}

// ---------------------------------------------------------------------------------------
// SQL helpers

export function sqlString(text: string): string {
  if (text.includes('\u0000')) throw new Error('text holds a NUL byte');
  return `'${text.replace(/'/g, "''")}'`;
}

/** COPY takes no bound parameters; paths are ours (temp names), quoted as SQL strings. */
async function copy(db: DuckDBConnection, select: string, path: string, rowGroup: number, log?: (line: string) => void): Promise<void> {
  const started = performance.now();
  await db.run(`COPY (${select}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${Math.max(1, Math.floor(rowGroup))})`);
  log?.(`${basename(path)} written in ${Math.round(performance.now() - started)} ms`);
}

async function rows(db: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  const reader = await db.runAndReadAll(sql, params);
  return reader.getRowObjectsJS().map((r) => plainObject(r) as Record<string, unknown>);
}

async function scalar(db: DuckDBConnection, sql: string): Promise<number> {
  return Number((await db.runAndReadAll(sql)).getRows()[0][0]);
}

/** BigInts as plain numbers, recursively (JSON has no BigInt). */
function plainObject(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plainObject);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainObject(v)]));
  }
  return value ?? null;
}

/**
 * reports/year=YYYY/part-0.parquet for each year (the null year in NULL_PARTITION), without the year
 * column (hive style), from `reports` (reports.parquet, read in its order: REPORTS_ORDER, year
 * first): each year's rows are a run of its row groups, read in order on one thread, not sorted again.
 */
async function writePartitions(db: DuckDBConnection, temp: string, reports: string, rowGroup: number): Promise<NonNullable<Layout['partition']>['files']> {
  const years = (await rows(db, `SELECT year, COUNT(*) AS n FROM ${reports} GROUP BY year ORDER BY year NULLS LAST`));
  const fields = REPORT_FIELDS.filter((f) => f.name !== 'year').map((f) => `"${f.name}"`).join(', ');
  const out: NonNullable<Layout['partition']>['files'] = [];
  for (const { year, n } of years) {
    const y = year === null ? null : Number(year);
    if (y !== null && !Number.isInteger(y)) throw new Error(`year ${String(year)} is not an integer`);
    const path = `${PARTITION_DIR}/year=${y ?? NULL_PARTITION}/part-0.parquet`;
    mkdirSync(dirname(join(temp, path)), { recursive: true });
    await copy(db, `SELECT ${fields} FROM ${reports} WHERE ${y === null ? 'year IS NULL' : `year = ${y}`}`, join(temp, path), rowGroup);
    out.push({ year: y, path, rows: Number(n), bytes: 0 });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// summary.json

/** `work`'s result, its time logged as "<what> in N ms" (the build's timeline: bench/build/timeline.ts). */
async function timed<T>(log: (line: string) => void, what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${what} in ${Math.round(performance.now() - started)} ms`);
  return result;
}

async function firstPaint(db: DuckDBConnection, factsPath: string): Promise<FirstPaint> {
  await db.run(`CREATE OR REPLACE VIEW facts AS SELECT * FROM read_parquet(${sqlString(factsPath)})`);
  const run = (q: Query) => rows(db, q.sql, q.params as DuckDBValue[]);
  const facet = async (f: 'year' | 'level' | 'kind') => (await run(facetCounts(NO_FILTERS, f))) as never;
  const result: FirstPaint = {
    outcomes_overall: (await run(outcomesOverall(NO_FILTERS)))[0] as Record<string, number | null>,
    outcomes_top: await run(outcomesByAgency(NO_FILTERS, 'granted', 50, 0)),
    count: Number((await run(countReports(NO_FILTERS)))[0].n),
    provinces: (await run(regionCounts(NO_FILTERS, 'province'))) as never,
    years: await facet('year'),
    levels: await facet('level'),
    kinds: await facet('kind'),
  };
  await db.run('DROP VIEW facts');
  return result;
}

/** Writes cube/ (the first paint of grouped and filtered views) from facts.parquet. */
async function cubeSummary(db: DuckDBConnection, temp: string, log: (line: string) => void): Promise<NonNullable<Summary['cube']>> {
  const written = await timed(log, 'cube/ sums and bins written', () => writeCube(db, temp, `read_parquet(${sqlString(join(temp, 'facts.parquet'))})`));
  // The outcomes and fees lists of the one-filter states and the unfiltered groups' medians: queries.ts's and groups.ts's SQL read `facts`.
  await db.run(`CREATE OR REPLACE VIEW facts AS SELECT * FROM read_parquet(${sqlString(join(temp, 'facts.parquet'))})`);
  const lists = await timed(log, 'cube/outcome-lists.json written', () => writeOutcomeLists(db, temp));
  const feeLists = await timed(log, 'cube/fee-lists.json written', () => writeFeeLists(db, temp));
  const medians = await timed(log, 'cube/group-medians.json written', () => writeGroupMedians(db, temp));
  const oneFilter = await timed(log, 'cube/group-medians-one.json written', () => writeOneFilterMedians(db, temp));
  await db.run('DROP VIEW facts');
  return { files: [...written.files, lists, feeLists, medians, oneFilter], region_rows: written.regionRows, city_rows: written.cityRows };
}

const t4 = (key: string) => `"${table4Column(TABLE4_FIELDS.find((f) => f.key === key)!)}"`;

/** The overview entries (rows.ts `overview`), computed in SQL from the staged rows, in file order. */
async function overviews(db: DuckDBConnection): Promise<Overview[]> {
  const groups = OUTCOME_GROUPS.map((g) => g.key);
  const result = await rows(db, `SELECT report_id, agency, year, province, city, county, level, kind, status, superseded_by,
      ${groups.map((g) => `(${outcomeSql(g)})::BIGINT AS "o_${g}"`).join(', ')},
      "${table3Column(T3.TOTAL_HANDLED, T3_TOTAL_COLUMN)}" AS total_handled,
      ${t4('reconsideration_total')} AS reconsideration_total,
      ${t4('reconsideration_corrected')} AS reconsideration_corrected,
      (${t4('lawsuit_direct_total')}::BIGINT + ${t4('lawsuit_after_reconsideration_total')}) AS lawsuit_total,
      (${t4('lawsuit_direct_corrected')}::BIGINT + ${t4('lawsuit_after_reconsideration_corrected')}) AS lawsuit_corrected,
      t2_fees_10k_yuan AS fees_10k_yuan, processing_fee_yuan
    FROM all_reports ORDER BY file`);
  return result.map((r) => ({
    report_id: r.report_id as string,
    agency: r.agency as string | null,
    year: r.year as number | null,
    province: r.province as string | null,
    city: r.city as string | null,
    county: r.county as string | null,
    level: r.level as string | null,
    kind: r.kind as string | null,
    status: r.status as string,
    ...(r.superseded_by ? { superseded_by: r.superseded_by as string } : {}),
    outcomes: Object.fromEntries(groups.map((g) => [g, r[`o_${g}`] as number | null])) as Record<OutcomeGroup, number | null>,
    total_handled: r.total_handled as number | null,
    reconsideration_total: r.reconsideration_total as number | null,
    reconsideration_corrected: r.reconsideration_corrected as number | null,
    lawsuit_total: r.lawsuit_total as number | null,
    lawsuit_corrected: r.lawsuit_corrected as number | null,
    fees_10k_yuan: r.fees_10k_yuan as number | null,
    processing_fee_yuan: r.processing_fee_yuan as number | null,
  }));
}

/** Warnings that need every report: manifest entries naming no file, files with the same content. */
async function buildWarnings(db: DuckDBConnection, manifest: ManifestRead | undefined, reportsDir: string, warn: (m: string) => void): Promise<void> {
  if (manifest && manifest.entries.size) {
    await createTable(db, 'manifest_names', [{ name: 'name', type: 'VARCHAR' }]);
    const a = await db.createAppender('manifest_names');
    for (const name of manifest.entries.keys()) {
      a.appendVarchar(name);
      a.endRow();
    }
    a.closeSync();
    const missing = await rows(db, `SELECT name FROM manifest_names WHERE name NOT IN (SELECT regexp_extract(file, '[^/]*$') FROM all_reports) ORDER BY name`);
    for (const { name } of missing) warn(`manifest.csv names ${String(name)}, which is not in ${reportsDir}`);
  }
  const dups = await rows(db, `SELECT COUNT(*) AS n, list(file ORDER BY file)[1:5] AS files FROM all_reports
    WHERE sha256 IS NOT NULL GROUP BY sha256 HAVING COUNT(*) > 1 ORDER BY min(file)`);
  for (const { n, files } of dups) {
    const list = (files as string[]).join(', ');
    warn(`${String(n)} files have the same content: ${list}${Number(n) > 5 ? `, … (${Number(n) - 5} more)` : ''}`);
  }
}

/** Readable JSON: nested objects indented, but each row of a list (overview entry, first-paint row) on one line. */
export function formatSummaryJson(summary: Summary): string {
  return `${formatJson(summary, '')}\n`;
}

function formatJson(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
    if (!value.length) return '[]';
    return `[\n${value.map((v) => `${inner}${JSON.stringify(v)}`).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (!entries.length) return '{}';
    if (entries.every(([, v]) => v === null || typeof v !== 'object') && JSON.stringify(value).length <= 100) return JSON.stringify(value);
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------
// Manifest, parser version, cache

/** Far above the manifest of a million reports (~100 bytes a row). */
const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

/**
 * manifest.csv as text, in the encoding it was saved in, or null (and a warning saying why, when
 * it is there but cannot be used). Read as the reports are (inputs.ts readInput): a FIFO of that
 * name cannot hang the build.
 */
function readManifestText(reportsDir: string, warn: (message: string) => void): string | null {
  const path = join(reportsDir, 'manifest.csv');
  try {
    lstatSync(path);
  } catch {
    return null;
  }
  const read = readInput({ file: 'manifest.csv', path }, MAX_MANIFEST_BYTES);
  if (!read.ok) {
    warn(`manifest.csv cannot be read (${read.reason.en}); building without it / 无法读取 manifest.csv（${read.reason.zh}），构建时未采用`);
    return null;
  }
  const text = decodeTable(read.bytes);
  if (text === null) warn('manifest.csv is neither UTF-8, UTF-16 nor GB18030/GBK text; building without it / manifest.csv 的编码无法识别（不是 UTF-8、UTF-16 或 GB18030/GBK），构建时未采用');
  return text;
}

function checkManifest(csv: string, warn: (message: string) => void): ManifestRead | undefined {
  let manifest: ManifestRead;
  try {
    manifest = parseManifest(csv);
  } catch (error) {
    warn(`manifest.csv cannot be read: ${error instanceof Error ? error.message : String(error)}; building without it`);
    return undefined;
  }
  for (const problem of manifest.problems) warn(problem);
  return manifest;
}

let version: string | null = null;
/** A hash of the parser's and the build's source files: a new parser version invalidates the cache. */
export function parserVersion(): string {
  if (version) return version;
  const here = dirname(fileURLToPath(import.meta.url));
  const parts: string[] = [];
  for (const dir of [join(here, '..', 'format'), here]) {
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(ts|js)$/.test(name)) continue;
      parts.push(`${relative(join(here, '..'), join(dir, name))}\u0000${readFileSync(join(dir, name), 'utf8')}`);
    }
  }
  version = sha256(parts.join('\u0001')).slice(0, 16);
  return version;
}
