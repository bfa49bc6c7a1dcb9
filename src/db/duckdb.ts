// The browser database: DuckDB-wasm 1.28.0 (its `eh` bundle), which still has the Parquet reader
// linked in, so nothing is ever downloaded from outside the site (see docs/engine.md for why).
// Later DuckDB-wasm versions fetch the parquet extension from the internet at run time: do not
// upgrade @duckdb/duckdb-wasm without re-running bench/engine.
//
//   const db = await openDatabase({ parquet: { reports: `${import.meta.env.BASE_URL}data/reports.parquet` } });
//   const rows = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM reports WHERE year = ?', [2023]);
//   await db.close();

import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

export interface OpenOptions {
  /** Table name -> URL of its Parquet file (same origin). Each becomes an in-memory table. */
  parquet: Record<string, string>;
  /** Called with a short stage name: 'worker', 'wasm', 'fetch:<table>', 'load:<table>', 'ready'. */
  onProgress?: (stage: string) => void;
}

/** A value that may be bound to a `?` placeholder. */
export type Param = string | number | boolean | null;

export interface Db {
  /** Run one SQL statement; `?` placeholders are bound from `params` (never spliced into the SQL). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly Param[]): Promise<T[]>;
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

export async function openDatabase(options: OpenOptions): Promise<Db> {
  const progress = options.onProgress ?? (() => {});
  for (const table of Object.keys(options.parquet)) {
    if (!IDENTIFIER.test(table)) {
      throw new DbError(`表名无效：${table}`, `Invalid table name: ${table}`, { table });
    }
  }

  progress('worker');
  const worker = new Worker(workerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    progress('wasm');
    await db.instantiate(wasmUrl);
    const conn = await db.connect();

    // Fetch all files in parallel, then load them one after another (one connection).
    const files = await Promise.all(
      Object.entries(options.parquet).map(async ([table, url]) => {
        progress(`fetch:${table}`);
        return { table, url, bytes: await fetchParquet(table, url) };
      }),
    );
    for (const { table, url, bytes } of files) {
      progress(`load:${table}`);
      const file = `${table}.parquet`;
      await db.registerFileBuffer(file, bytes);
      try {
        // Identifiers cannot be bound as parameters; `table` was checked against IDENTIFIER above.
        await conn.query(`CREATE TABLE "${table}" AS SELECT * FROM read_parquet('${file}')`);
      } catch (cause) {
        throw new DbError(
          `Parquet 文件已损坏，无法读取：${url}`,
          `The Parquet file is broken and cannot be read: ${url}`,
          { table, url, cause },
        );
      } finally {
        await db.dropFile(file);
      }
    }
    progress('ready');
    return makeDb(db, conn, worker);
  } catch (e) {
    await db.terminate().catch(() => {});
    worker.terminate();
    throw e;
  }
}

async function fetchParquet(table: string, url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (cause) {
    throw new DbError(`无法下载 Parquet 文件：${url}`, `Could not download the Parquet file: ${url}`, {
      table, url, cause,
    });
  }
  if (!res.ok) {
    throw new DbError(
      `找不到 Parquet 文件（HTTP ${res.status}）：${url}`,
      `Parquet file not found (HTTP ${res.status}): ${url}`,
      { table, url },
    );
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  // A dev server answers a missing file with index.html and status 200: check the magic bytes.
  const n = bytes.length;
  const magic = (at: number) => PARQUET_MAGIC.every((b, i) => bytes[at + i] === b);
  if (n < 12 || !magic(0) || !magic(n - 4)) {
    throw new DbError(
      `不是有效的 Parquet 文件（文件缺失或已损坏）：${url}`,
      `Not a valid Parquet file (missing or broken): ${url}`,
      { table, url },
    );
  }
  return bytes;
}

function makeDb(db: duckdb.AsyncDuckDB, conn: duckdb.AsyncDuckDBConnection, worker: Worker): Db {
  let closed = false;
  return {
    async query<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
      if (closed) throw new DbError('数据库已关闭', 'The database is closed');
      for (const p of params) {
        const t = typeof p;
        if (!(p === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(p)))) {
          throw new DbError(`不支持的查询参数：${String(p)}`, `Unsupported query parameter: ${String(p)}`);
        }
      }
      let table;
      if (params.length === 0) {
        table = await conn.query(sql);
      } else {
        const stmt = await conn.prepare(sql);
        try {
          table = await stmt.query(...params);
        } finally {
          await stmt.close();
        }
      }
      return toRows(table) as T[];
    },
    async close() {
      if (closed) return;
      closed = true;
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
