// The browser database: DuckDB-wasm 1.28.0 (its `eh` bundle), which still has the Parquet reader
// linked in, so nothing is ever downloaded from outside the site (see docs/engine.md for why).
// Later DuckDB-wasm versions fetch the parquet extension from the internet at run time: do not
// upgrade @duckdb/duckdb-wasm without re-running bench/engine.
//
// Each table is one Parquet file or a list of them (a partitioned layout, e.g.
// reports/year=2024/part-0.parquet), read one of two ways, chosen per table by its size:
//   - small (≤ `memoryBelow` bytes in all): downloaded whole, checked, and loaded into a native
//     in-memory table (fastest for queries, one request per file);
//   - larger: registered by URL (`registerFileURL`, HTTP protocol) behind a VIEW over
//     `read_parquet([...])`; DuckDB then reads only the footers and the column chunks / row groups
//     each query needs, with HTTP range requests. Nothing is downloaded up front but a 4-byte
//     probe of each file's head and tail (so a missing or broken file still gets a clear error).
//
//   const db = await openDatabase({ parquet: { reports: { urls: [`${base}data/reports.parquet`], bytes: 53963 } } });
//   const rows = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM reports WHERE year = ?', [2023]);
//   await db.close();

import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import { ENGINE_FAILURE } from './engine-failure.ts';

/** One table's Parquet: its files (same origin, read as one table) and, if known, their total size. */
export interface TableSource {
  urls: string[];
  /** Total bytes of the files (summary.json `files`); unknown = read by range requests. */
  bytes?: number;
  /**
   * Hive-partitioned files (`…/year=2024/part-0.parquet`) whose partition column is not inside the
   * files: read with hive_partitioning and the column cast to its type through text (DuckDB 0.9
   * guesses a partition's type from its values, and a null partition's name is text), `nullValue` as NULL.
   */
  hive?: { column: string; type: 'INTEGER' | 'BIGINT' | 'VARCHAR'; nullValue: string };
  /** Held in memory whatever its size: the table every interaction queries. */
  alwaysMemory?: boolean;
}

export type TableMode = 'memory' | 'range';

export interface OpenOptions {
  /** Table name -> its Parquet file URL, list of URLs, or source with size. */
  parquet: Record<string, string | string[] | TableSource>;
  /**
   * Tables whose files add up to at most this many bytes are loaded into memory; larger ones (and
   * those of unknown size) are read with HTTP range requests. Default DEFAULT_MEMORY_BELOW.
   */
  memoryBelow?: number;
  /** Force one way for every table (benchmarks). */
  mode?: TableMode;
  /** Called with a short stage name: 'worker', 'wasm', 'fetch:<table>', 'load:<table>', 'probe:<table>', 'view:<table>', 'ready'. */
  onProgress?: (stage: string) => void;
}

/**
 * Below this a table is loaded into memory. Measured (docs/engine.md, "Range reads"): loading is
 * as fast as the first range-read query up to a few MB, and every later query on a native table is
 * faster; above it the download delays the database and grows with the corpus.
 */
/** Prepared statements kept per connection (the dashboard asks a few dozen distinct ones). */
const PREPARED_LIMIT = 64;

export const DEFAULT_MEMORY_BELOW = 4 * 1024 * 1024;

/**
 * Deadlines: the engine (worker and wasm) must start, and each data file arrive, within these; a
 * truncated wasm or a server that stops answering then fails with the name of what failed,
 * instead of leaving the page loading forever.
 */
export const ENGINE_DEADLINE_MS = 60_000;
export const FILE_DEADLINE_MS = 120_000;

/** `promise`, or `error()` when it has not settled after `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function engineLate(step: string): DbError {
  const s = ENGINE_DEADLINE_MS / 1000;
  return new DbError(`数据库引擎在 ${s} 秒内未能启动（${step}）：DuckDB 的 wasm 文件可能不完整或无法下载`,
    `The database engine did not start within ${s} s (${step}): DuckDB's wasm file may be incomplete or unreachable`);
}

/**
 * Rejects as soon as the engine's worker cannot start: its script failed to load or run (the
 * worker's `error`), or its wasm failed to compile or instantiate (engine-worker.ts relays that
 * rejection). `stop()` once the engine runs: a later rejection inside DuckDB's worker is its own
 * business and the query that caused it reports it.
 */
function engineFailure(worker: Worker): { promise: Promise<never>; stop: () => void } {
  let stop = () => {};
  const promise = new Promise<never>((_, reject) => {
    const fail = (detail: string) => reject(new DbError(
      `数据库引擎无法启动：DuckDB 的 wasm 文件可能不完整或已损坏（${detail}）`,
      `The database engine could not start: DuckDB's wasm file may be incomplete or corrupt (${detail})`,
      { url: wasmUrl },
    ));
    const onMessage = (event: MessageEvent) => {
      const data = (event.data as { type?: unknown; data?: Record<string, unknown> } | null)?.data;
      if (data && typeof data === 'object' && ENGINE_FAILURE in data) fail(String(data[ENGINE_FAILURE]));
    };
    const onError = (event: ErrorEvent) => fail(event.message || 'worker error');
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    stop = () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
  });
  promise.catch(() => {}); // raced above; unobserved once stopped
  return { promise, stop };
}

/** A value that may be bound to a `?` placeholder. */
export type Param = string | number | boolean | null;

export interface Db {
  /** Run one SQL statement; `?` placeholders are bound from `params` (never spliced into the SQL). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** How each table is read. */
  readonly modes: Record<string, TableMode>;
  /** Stop the worker and free the wasm memory. The Db cannot be used afterwards. */
  close(): Promise<void>;
}

/** Errors raised by this module carry a Chinese and an English message, and the table/URL concerned. */
export class DbError extends Error {
  override name = 'DbError';
  constructor(
    readonly zh: string,
    readonly en: string,
    readonly detail: { table?: string; url?: string; cause?: unknown } = {},
  ) {
    super(`${zh} / ${en}`, { cause: detail.cause });
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1", at the start and at the end of every file

function sourceOf(value: string | string[] | TableSource): TableSource {
  if (typeof value === 'string') return { urls: [value] };
  if (Array.isArray(value)) return { urls: value };
  return value;
}

export async function openDatabase(options: OpenOptions): Promise<Db> {
  const progress = options.onProgress ?? (() => {});
  const memoryBelow = options.memoryBelow ?? DEFAULT_MEMORY_BELOW;
  const tables = Object.entries(options.parquet).map(([table, value]) => ({ table, ...sourceOf(value) }));
  for (const { table, urls } of tables) {
    if (!IDENTIFIER.test(table)) {
      throw new DbError(`表名无效：${table}`, `Invalid table name: ${table}`, { table });
    }
    if (urls.length === 0) throw new DbError(`没有 Parquet 文件：${table}`, `No Parquet file for table ${table}`, { table });
  }

  progress('worker');
  const worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  const failed = engineFailure(worker);
  try {
    progress('wasm');
    await withDeadline(Promise.race([db.instantiate(wasmUrl), failed.promise]), ENGINE_DEADLINE_MS, () => engineLate(wasmUrl));
    failed.stop();
    const conn = await withDeadline(db.connect(), ENGINE_DEADLINE_MS, () => engineLate('connect'));
    // Keep each Parquet footer once read: a range-read view otherwise re-reads it for every query.
    await conn.query('SET enable_object_cache = true');

    const modes: Record<string, TableMode> = {};
    for (const t of tables) {
      modes[t.table] = options.mode ?? (t.alwaysMemory || (t.bytes !== undefined && t.bytes <= memoryBelow) ? 'memory' : 'range');
    }

    // Download the in-memory files and probe the range-read ones, all in parallel.
    // Registered under their path (the hive partition key=value folders are part of it).
    const used = new Set<string>();
    const nameOf = (url: string, i: number) => {
      const path = new URL(url, location.href).pathname.replace(/^.*?\/data\//, '').replace(/^\/+/, '');
      const name = /^[A-Za-z0-9_\-./=]+\.parquet$/.test(path) && !path.includes('..') && !used.has(path) ? path : `file_${i}_${used.size}.parquet`;
      used.add(name);
      return name;
    };
    const prepared = await Promise.all(tables.map(async (t) => {
      const files = t.urls.map((url, i) => ({ url, name: nameOf(url, i) }));
      if (modes[t.table] === 'memory') {
        progress(`fetch:${t.table}`);
        return { ...t, files: await Promise.all(files.map(async (f) => ({ ...f, bytes: await fetchParquet(t.table, f.url) }))) };
      }
      progress(`probe:${t.table}`);
      const probed = await Promise.all(files.map(async (f) => ({ ...f, ranged: await probeParquet(t.table, f.url) })));
      // A host without Range support: fall back to downloading the whole file.
      return { ...t, files: await Promise.all(probed.map(async (f) => (f.ranged ? f : { ...f, bytes: await fetchParquet(t.table, f.url) }))) };
    }));

    for (const t of prepared) {
      const buffered = t.files.every((f) => 'bytes' in f && f.bytes);
      if (!buffered) modes[t.table] = 'range';
      progress(`${buffered ? 'load' : 'view'}:${t.table}`);
      for (const f of t.files) {
        if ('bytes' in f && f.bytes) await db.registerFileBuffer(f.name, f.bytes);
        else await db.registerFileURL(f.name, new URL(f.url, location.href).href, duckdb.DuckDBDataProtocol.HTTP, false);
      }
      const list = `[${t.files.map((f) => `'${f.name}'`).join(', ')}]`;
      // Identifiers cannot be bound as parameters; `table` and the hive column were checked against
      // IDENTIFIER, the file names are ours (checked above), the null value is quoted.
      const hive = t.hive && IDENTIFIER.test(t.hive.column) && t.files.every((f) => f.name.includes(`${t.hive!.column}=`)) ? t.hive : null;
      const select = hive
        ? `SELECT * EXCLUDE ("${hive.column}"), TRY_CAST(NULLIF(CAST("${hive.column}" AS VARCHAR), '${hive.nullValue.replace(/'/g, "''")}') AS ${hive.type}) AS "${hive.column}"
           FROM read_parquet(${list}, hive_partitioning = true)`
        : `SELECT * FROM read_parquet(${list})`;
      try {
        if (buffered) {
          await conn.query(`CREATE TABLE "${t.table}" AS ${select}`);
        } else {
          await conn.query(`CREATE VIEW "${t.table}" AS ${select}`);
          // Binding reads the first footer: a broken file fails here, not in the first chart.
          await conn.query(`SELECT * FROM "${t.table}" LIMIT 0`);
        }
      } catch (cause) {
        const url = t.files[0].url;
        if (/out of memory/i.test(String(cause))) {
          throw new DbError(
            `浏览器内存不足，无法载入数据：${t.urls.join(', ')}`,
            `Not enough memory in the browser to load the data: ${t.urls.join(', ')}`,
            { table: t.table, url, cause },
          );
        }
        throw new DbError(
          `Parquet 文件已损坏，无法读取：${t.urls.join(', ')}`,
          `The Parquet file is broken and cannot be read: ${t.urls.join(', ')}`,
          { table: t.table, url, cause },
        );
      } finally {
        if (buffered) for (const f of t.files) await db.dropFile(f.name);
      }
    }
    progress('ready');
    return makeDb(db, conn, worker, modes);
  } catch (e) {
    failed.stop();
    await db.terminate().catch(() => {});
    worker.terminate();
    throw e;
  }
}

function notFound(table: string, url: string, status: number): DbError {
  return new DbError(`找不到 Parquet 文件（HTTP ${status}）：${url}`, `Parquet file not found (HTTP ${status}): ${url}`, { table, url });
}
function notParquet(table: string, url: string): DbError {
  return new DbError(
    `不是有效的 Parquet 文件（文件缺失或已损坏）：${url}`,
    `Not a valid Parquet file (missing or broken): ${url}`,
    { table, url },
  );
}
function late(table: string, url: string): DbError {
  const s = FILE_DEADLINE_MS / 1000;
  return new DbError(`Parquet 文件在 ${s} 秒内未能下载完成：${url}`, `The Parquet file did not arrive within ${s} s: ${url}`, { table, url });
}
function unreachable(table: string, url: string, cause: unknown): DbError {
  return new DbError(`无法下载 Parquet 文件：${url}`, `Could not download the Parquet file: ${url}`, { table, url, cause });
}

const isMagic = (bytes: Uint8Array, at: number) => PARQUET_MAGIC.every((b, i) => bytes[at + i] === b);

/**
 * Check a file's first and last 4 bytes with two range requests. True when the host answers
 * ranges (206); false when it sends the whole file instead (200), which is then not read.
 */
async function probeParquet(table: string, url: string): Promise<boolean> {
  const part = async (range: string): Promise<{ ranged: boolean; bytes: Uint8Array }> => {
    let res: Response;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), FILE_DEADLINE_MS);
    try {
      res = await fetch(url, { headers: { Range: range }, signal: abort.signal, cache: 'no-store' });
    } catch (cause) {
      throw abort.signal.aborted ? late(table, url) : unreachable(table, url, cause);
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) throw notFound(table, url, res.status);
    if (res.status !== 206) {
      abort.abort();
      return { ranged: false, bytes: new Uint8Array() };
    }
    return { ranged: true, bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  const [head, tail] = await Promise.all([part('bytes=0-3'), part('bytes=-4')]);
  if (!head.ranged || !tail.ranged) return false;
  if (head.bytes.length !== 4 || tail.bytes.length !== 4 || !isMagic(head.bytes, 0) || !isMagic(tail.bytes, 0)) throw notParquet(table, url);
  return true;
}

async function fetchParquet(table: string, url: string): Promise<Uint8Array> {
  let res: Response;
  const abort = new AbortController();
  // The whole download (headers and body) within the deadline.
  const timer = setTimeout(() => abort.abort(), FILE_DEADLINE_MS);
  let bytes: Uint8Array;
  try {
    try {
      res = await fetch(url, { signal: abort.signal });
    } catch (cause) {
      throw abort.signal.aborted ? late(table, url) : unreachable(table, url, cause);
    }
    if (!res.ok) throw notFound(table, url, res.status);
    try {
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (cause) {
      throw abort.signal.aborted ? late(table, url) : unreachable(table, url, cause);
    }
  } finally {
    clearTimeout(timer);
  }
  // A dev server answers a missing file with index.html and status 200: check the magic bytes.
  const n = bytes.length;
  if (n < 12 || !isMagic(bytes, 0) || !isMagic(bytes, n - 4)) throw notParquet(table, url);
  return bytes;
}

function makeDb(db: duckdb.AsyncDuckDB, conn: duckdb.AsyncDuckDBConnection, worker: Worker, modes: Record<string, TableMode>): Db {
  const prepared = new Map<string, Promise<duckdb.AsyncPreparedStatement>>();
  let closed = false;
  return {
    modes,
    async query<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
      if (closed) throw new DbError('数据库已关闭', 'The database is closed');
      for (const p of params) {
        const t = typeof p;
        if (!(p === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(p)))) {
          throw new DbError(`不支持的查询参数：${String(p)}`, `Unsupported query parameter: ${String(p)}`);
        }
      }
      const trace = (globalThis as { __dbTrace?: { sql: string; params: readonly Param[]; sent: number; done?: number; rows?: number }[] }).__dbTrace;
      const entry = trace ? { sql, params, sent: performance.now() } as { sql: string; params: readonly Param[]; sent: number; done?: number; rows?: number } : null;
      if (entry) trace!.push(entry);
      let table;
      if (params.length === 0) {
        table = await conn.query(sql);
      } else {
        // The same few statements run on every filter change: prepare each once and keep it
        // (a prepare and a close are two more round trips to the worker per query).
        let stmt = prepared.get(sql);
        if (!stmt) {
          if (prepared.size >= PREPARED_LIMIT) {
            const [oldest, old] = prepared.entries().next().value!;
            prepared.delete(oldest);
            void old.then((s) => s.close()).catch(() => {});
          }
          stmt = conn.prepare(sql);
          prepared.set(sql, stmt);
          stmt.catch(() => prepared.delete(sql));
        }
        table = await (await stmt).query(...params);
      }
      const rows = toRows(table) as T[];
      if (entry) { entry.done = performance.now(); entry.rows = rows.length; }
      return rows;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const stmt of prepared.values()) await stmt.then((s) => s.close()).catch(() => {});
      prepared.clear();
      await conn.close().catch(() => {});
      await db.terminate().catch(() => {});
      worker.terminate();
    },
  };
}

// ---- Arrow -> plain objects ----------------------------------------------------------------
// Arrow type ids (from the Arrow format, identical in every apache-arrow version). We don't import
// apache-arrow here: duckdb-wasm 1.28 carries its own copy (v13), different from the project's.
const DECIMAL = 7;
const LIST = 12;
const STRUCT = 13;
const FIXED_SIZE_LIST = 16;
const MAP = 17;

interface ArrowType {
  typeId: number;
  scale?: number;
  children?: { name: string; type: ArrowType }[];
}
interface ArrowTable {
  schema: { fields: { name: string; type: ArrowType }[] };
  numRows: number;
  getChildAt(i: number): { get(i: number): unknown } | null;
}

function toRows(table: ArrowTable): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const columns = fields.map((_, i) => table.getChildAt(i)!);
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < fields.length; c++) {
      row[fields[c].name] = toJs(columns[c].get(r), fields[c].type, fields[c].name);
    }
    rows[r] = row;
  }
  return rows;
}

/** A BigInt as a number, or an error if it cannot be represented exactly. */
export function safeNumber(v: bigint, what = 'value'): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DbError(
      `整数超出 JavaScript 安全范围：${what} = ${v}（请在 SQL 中转换为 DOUBLE）`,
      `Integer exceeds JavaScript's safe range: ${what} = ${v} (cast it to DOUBLE in SQL)`,
    );
  }
  return Number(v);
}

function toJs(v: unknown, type: ArrowType, name: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return safeNumber(v, name);
  switch (type.typeId) {
    case DECIMAL: // HUGEINT and DECIMAL arrive as 128-bit two's-complement words
      return decimalToNumber(v as Uint32Array, type.scale ?? 0, name);
    case LIST:
    case FIXED_SIZE_LIST: {
      const child = type.children![0].type;
      return Array.from(v as Iterable<unknown>, (x) => toJs(x, child, name));
    }
    case STRUCT: {
      const out: Record<string, unknown> = {};
      const obj = v as Record<string, unknown>;
      for (const f of type.children!) out[f.name] = toJs(obj[f.name], f.type, `${name}.${f.name}`);
      return out;
    }
    case MAP:
      return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? safeNumber(x, name) : x)));
    default:
      return v;
  }
}

function decimalToNumber(words: Uint32Array, scale: number, name: string): number {
  let big = 0n;
  for (let i = words.length - 1; i >= 0; i--) big = (big << 32n) | BigInt(words[i]);
  const bits = BigInt(words.length * 32);
  if (words[words.length - 1] & 0x80000000) big -= 1n << bits; // negative
  if (scale === 0) return safeNumber(big, name);
  // A fraction: exact integer and fractional parts, then one rounding to the nearest double.
  const p = 10n ** BigInt(scale);
  const sign = big < 0n ? '-' : '';
  const abs = big < 0n ? -big : big;
  return Number(`${sign}${abs / p}.${(abs % p).toString().padStart(scale, '0')}`);
}
