// A wide table written to one Parquet file in an order it is not stored in, without sorting all of
// its rows at once.
//
// `COPY (SELECT … ORDER BY …)` sorts every row with every column: at 1M reports the copy of
// reports.parquet (the wide reports table, in REPORTS_ORDER) ran out of memory on one thread under
// DuckDB's 488 MiB limit, and again under 976 MiB. Here only the sort keys are sorted, with each
// row's rowid, into a narrow table of positions; then the rows are read a chunk of positions at a
// time (a join on rowid: the chunk's positions are the small side), each chunk sorted and written
// to a Parquet file of its own, and the chunks are copied into the one file in order
// (read_parquet keeps the order of its list of files when insertion order is preserved, on one
// thread). No sort holds more than `chunkRows` wide rows at any N; each chunk scans the table once.
import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Wide rows sorted at once, at most: a multiple of the Parquet row group, so the row groups of the file stay those of one sort. */
export const SORTED_CHUNK_ROWS = 65_536;

/**
 * Rows per row group of the chunks' own files (read back once, not published; the file's row
 * groups are made by its last COPY, the same whatever these are). With the file's own 65,536 the
 * writer held a whole chunk of wide rows beside the chunk's sort: at 1M staged reports under 384MB
 * the chunks' COPYs peaked at 957 and 1,059 MiB of RSS, against 773 and 763 with 8,192 (the whole
 * copy's peak then 817 and 763), same rows, order and row groups, CPU 37.6 and 41.8 s against
 * 42.1 and 37.4 (bench/build/runs/2026-11-28-1m-session12-copy-steps.log).
 */
export const PART_ROW_GROUP = 8_192;

/**
 * Rows the build still sorts at once, in one COPY: at 100,000 reports one sort peaked at 814 MiB of
 * RSS in reports.parquet's step against 955 MiB in two chunks (bench/build/phases.ts
 * --reports-parquet, with and without --chunk), and the chunked build's whole peak was 1,100 MiB
 * against 931: the chunks' freed memory stays with the process. One sort ran out of memory at
 * 1,000,000.
 */
export const ONE_SORT_ROWS = 2 * SORTED_CHUNK_ROWS;

/**
 * The build's DuckDB memory limit for this copy, as a fraction of its own (memory.ts
 * lowerMemoryLimit): the copy's RSS passes DuckDB's limit by more than the other steps' do (memory
 * it does not count, and the chunks' freed memory kept by the process). At 1M staged reports
 * (bench/build/copy-peaks.ts, chunks of 65,536) it peaked at 960 MiB under 512MB and 811 MiB under
 * 384MB, in the same CPU; the 1M build's peak was this step's and the step across reports'.
 */
export const SORTED_COPY_LIMIT = 0.75;

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * `COPY (SELECT columns FROM table ORDER BY order) TO path` as Parquet (zstd, `rowGroup` rows per
 * row group), in chunks of `chunkRows` sorted rows. `order` must be a total order (ties would
 * leave the order of equal rows to the chunks). Run it on one DuckDB thread with insertion order
 * preserved.
 */
export async function copySorted(db: DuckDBConnection, table: string, columns: string, order: string, path: string,
  rowGroup: number, chunkRows = SORTED_CHUNK_ROWS, oneSortRows = chunkRows, partRowGroup = PART_ROW_GROUP): Promise<void> {
  const options = `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${Math.max(1, Math.floor(rowGroup))})`;
  // The chunks' files are read once, by the last COPY, which makes the file's row groups itself
  // (ROW_GROUP_SIZE rows each, whatever the row groups it reads): small row groups there, so that
  // writing a chunk does not hold a whole row group of wide rows in the writer beside the chunk's sort.
  const partOptions = `(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${Math.max(1, Math.min(Math.floor(rowGroup), partRowGroup))})`;
  const n = Number((await db.runAndReadAll(`SELECT COUNT(*) FROM ${table}`)).getRows()[0][0]);
  if (n <= Math.max(chunkRows, oneSortRows)) {
    await db.run(`COPY (SELECT ${columns} FROM ${table} ORDER BY ${order}) TO ${quote(path)} ${options}`);
    return;
  }
  const parts = `${path}.parts`;
  rmSync(parts, { recursive: true, force: true });
  mkdirSync(parts);
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE _sorted_positions AS
      SELECT rowid AS _rid, (row_number() OVER (ORDER BY ${order}) - 1)::BIGINT AS _pos FROM ${table}`);
    const files: string[] = [];
    for (let first = 0; first < n; first += chunkRows) {
      const file = join(parts, `${String(files.length).padStart(6, '0')}.parquet`);
      await db.run(`COPY (SELECT ${columns} FROM (SELECT t.*, p._pos FROM ${table} t
          JOIN (SELECT _rid, _pos FROM _sorted_positions WHERE _pos >= ${first} AND _pos < ${first + chunkRows}) p ON t.rowid = p._rid) ORDER BY _pos)
        TO ${quote(file)} ${partOptions}`);
      files.push(file);
    }
    await db.run(`COPY (SELECT * FROM read_parquet([${files.map(quote).join(', ')}])) TO ${quote(path)} ${options}`);
  } finally {
    await db.run('DROP TABLE IF EXISTS _sorted_positions');
    rmSync(parts, { recursive: true, force: true });
  }
}
