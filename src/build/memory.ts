// DuckDB running out of memory part-way through a long build: retry the statement with more room
// instead of losing the build.
//
// The build runs DuckDB under a memory limit (build.ts, 512MB by default) so that its peak RSS
// stays flat as the number of reports grows. Most operators spill to disk under that limit, but
// not all of them do, and a build of a million reports parses for half an hour before it gets to
// them: an out-of-memory error there would throw all of that away. So a statement that fails with
// one is run again, first on one thread (each thread holds its own buffers), then with the limit
// doubled, up to a ceiling; each step is logged, so the build's log says what it took. A failed
// statement changes nothing (DuckDB rolls it back; a COPY rewrites its file), so running it again
// is safe. The room given is for that statement only: once it has run (or failed for good) the
// thread count and the limit are set back to what they were, and that is logged too. (Left raised,
// one retry at 1M reports took the limit from 488 to 976 MiB and a second to 1,952 MiB for the rest
// of the build: its peak RSS went from about 1.4 to 2.8 GiB.)
import { totalmem } from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';

export const isOutOfMemory = (error: unknown): boolean => /Out of Memory Error/i.test(String((error as Error)?.message ?? error));

/** The highest limit a retry raises DuckDB's to: a quarter of the machine's memory, at most 4 GiB. */
export const memoryCeiling = (): number => Math.min(4 * 2 ** 30, Math.floor(totalmem() / 4));

const BYTES = /^\s*([\d.]+)\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB)?\s*$/i;
const UNIT: Record<string, number> = { B: 1, KB: 1e3, KIB: 2 ** 10, MB: 1e6, MIB: 2 ** 20, GB: 1e9, GIB: 2 ** 30, TB: 1e12, TIB: 2 ** 40 };

/** A memory limit as DuckDB writes it ('512MB', '488.2 MiB') in bytes; null when unreadable. */
export function parseBytes(text: string): number | null {
  const m = BYTES.exec(text);
  return m ? Math.round(Number(m[1]) * UNIT[(m[2] ?? 'B').toUpperCase()]) : null;
}

/** A limit as DuckDB shows it, cut to its last digit ('488.2 MiB'), as the bytes in the middle of what it may have been. */
export function shownBytes(text: string): number | null {
  const m = BYTES.exec(text);
  if (!m) return null;
  const decimals = m[1].split('.')[1]?.length ?? 0;
  return decimals ? Math.round((Number(m[1]) + 0.5 * 10 ** -decimals) * UNIT[(m[2] ?? 'B').toUpperCase()]) : parseBytes(text);
}

/**
 * Makes `db.run` and `db.runAndReadAll` retry a statement that ran out of memory: on one thread,
 * then with DuckDB's memory limit doubled until `ceiling` bytes; then sets both back to what they
 * were before that statement. Returns the connection.
 */
export function retryOutOfMemory(db: DuckDBConnection, log: (line: string) => void, ceiling = memoryCeiling()): DuckDBConnection {
  const run = db.run.bind(db);
  const read = db.runAndReadAll.bind(db);
  const setting = async (name: string) => String((await read(`SELECT current_setting('${name}')`)).getRows()[0][0]);
  /** One step more room; false when there is none left to give. */
  const relax = async (sql: string, error: unknown): Promise<boolean> => {
    const statement = sql.replace(/\s+/g, ' ').trim().slice(0, 80);
    const threads = Number(await setting('threads'));
    if (threads > 1) {
      log(`DuckDB ran out of memory (${String((error as Error).message).split('\n')[0]}) in "${statement}…": running it again on one thread`);
      await run('SET threads = 1');
      return true;
    }
    const limit = parseBytes(await setting('memory_limit'));
    if (limit === null || limit >= ceiling) return false;
    const next = Math.min(ceiling, limit * 2);
    log(`DuckDB ran out of memory in "${statement}…" on one thread: running it again with memory_limit ${Math.round(next / 2 ** 20)}MiB (was ${Math.round(limit / 2 ** 20)}MiB)`);
    await run(`SET memory_limit = '${Math.round(next / 2 ** 20)}MiB'`);
    return true;
  };
  /** The settings a retry changes, as DuckDB wrote them before the first retry. */
  const restore = async (threads: string, limit: string) => {
    const now = { threads: await setting('threads'), limit: await setting('memory_limit') };
    if (now.threads === threads && now.limit === limit) return;
    await run(`SET threads = ${Number(threads)}`);
    // DuckDB shows a limit cut to 0.1 of its unit ('488.2 MiB' for 512MB), and set as shown it
    // reads back lower (488.1): the middle of what was shown is within 0.05 of it and reads back the same.
    const bytes = shownBytes(limit);
    await run(`SET memory_limit = '${bytes === null ? limit.replace(/'/g, '') : `${bytes}B`}'`);
    log(`DuckDB back to ${threads} thread${threads === '1' ? '' : 's'} and memory_limit ${limit} after that statement`);
  };
  const retrying = <A extends unknown[], R>(call: (sql: string, ...rest: A) => Promise<R>) =>
    async (sql: string, ...rest: A): Promise<R> => {
      try {
        return await call(sql, ...rest);
      } catch (error) {
        if (!isOutOfMemory(error)) throw error;
        const before = { threads: await setting('threads'), limit: await setting('memory_limit') };
        try {
          for (let last = error; ;) {
            if (!(await relax(sql, last))) throw last;
            try {
              return await call(sql, ...rest);
            } catch (again) {
              if (!isOutOfMemory(again)) throw again;
              last = again;
            }
          }
        } finally {
          await restore(before.threads, before.limit);
        }
      }
    };
  db.run = retrying(run) as DuckDBConnection['run'];
  db.runAndReadAll = retrying(read) as DuckDBConnection['runAndReadAll'];
  return db;
}

/**
 * `work` with DuckDB on one thread. The wide sorts are written so: each thread holds its own sort
 * buffers, and on two threads the copy of reports.parquet at 100,000 reports peaked at 667 MB of
 * RSS against 475 MB on one, in the same time.
 */
export async function oneThread<T>(db: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  const threads = Number((await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
  await db.run('SET threads = 1');
  try {
    return await work();
  } finally {
    await db.run(`SET threads = ${threads}`);
  }
}

/**
 * `work` with DuckDB's memory limit at `fraction` of what it is, then set back (as memory.ts's
 * retry does: the middle of the limit as shown). For a step whose RSS passes DuckDB's limit by
 * more than the others' (memory DuckDB does not count, kept by the process as it goes): at 1M
 * staged reports, reports.parquet's sorted copy (sorted-copy.ts) peaked at 960 MiB of RSS under
 * 512MB and 811 under 384MB, in the same CPU (bench/build/copy-peaks.ts).
 */
export async function lowerMemoryLimit<T>(db: DuckDBConnection, fraction: number, work: () => Promise<T>): Promise<T> {
  const shown = String((await db.runAndReadAll("SELECT current_setting('memory_limit')")).getRows()[0][0]);
  const bytes = shownBytes(shown);
  if (bytes === null || !(fraction > 0 && fraction < 1)) return work();
  await db.run(`SET memory_limit = '${Math.floor(bytes * fraction)}B'`);
  try {
    return await work();
  } finally {
    await db.run(`SET memory_limit = '${bytes}B'`);
  }
}
