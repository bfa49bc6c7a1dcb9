// The build's staged rows as CSV files written by the parsing threads themselves, loaded into
// DuckDB at once when the parse ends (one multithreaded read_csv), instead of being sent to the
// main thread and appended there one report at a time.
//
// Each thread appends to its own files, one pair per bucket of report ids (the first hex digit:
// `reports-<tag>-<bucket>.csv`, `checks-<tag>-<bucket>.csv`), a report's lines with one write
// each, and tells the main thread, with the report's answer, where that pair of files ends.
// Buckets let the build load the rows sorted by report_id a sixteenth at a time (build.ts), so
// that its table is in report_id order without sorting every row at once. A thread stopped mid-write (deadline, memory) leaves bytes past the last end the
// main thread heard of: `seal` cuts every file back to that end, so a report is staged exactly
// when its answer arrived (a file stopped before its answer gets the pool's failed row instead).
//
// The format is exact for our values: every string quoted ("" inside), null an empty unquoted
// field (allow_quoted_nulls=false keeps "" an empty string), numbers as JavaScript writes them
// (the shortest text that reads back as the same double; -0 kept), BIGINT as decimal text.
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Column, Value } from './rows.ts';

export type StagedValue = Value | bigint | undefined;

/** Where this thread's staged files end after a report: what the main thread records as staged. */
export interface StagedEnd {
  tag: string;
  bucket: string;
  reports: number;
  checks: number;
}

const TABLES = ['reports', 'checks'] as const;
type Table = (typeof TABLES)[number];
/** The buckets of report ids (hex): their first digit. */
export const BUCKETS = [...'0123456789abcdef'];
export const bucketOf = (reportId: string): string => {
  const b = reportId.charAt(0);
  if (!BUCKETS.includes(b)) throw new Error(`report id ${reportId} is not lowercase hex`);
  return b;
};
const fileName = (table: Table, tag: string, bucket: string) => `${table}-${tag}-${bucket}.csv`;
const FILE = /^(reports|checks)-([A-Za-z0-9]+)-([0-9a-f])\.csv$/;

/** One CSV field. */
export function csvField(value: StagedValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return `"${value.replaceAll('"', '""')}"`;
  if (typeof value === 'bigint') return value.toString();
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/** One CSV line (ending in \n). */
export function csvLine(row: readonly StagedValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(row[i]);
  return `${line}\n`;
}

let writers = 0;

/** This thread's staged files under `dir`: appended a report at a time. */
export class StagedWriter {
  readonly tag = `t${threadId}w${writers++}p${process.pid}`;
  private readonly fds = new Map<string, Record<Table, number>>();
  private readonly ends = new Map<string, Record<Table, number>>();

  constructor(private readonly dir: string) {}

  /** A report's line and its checks' lines, in the bucket of its id; returns where that bucket's files end now. */
  write(bucket: string, report: string, checks: string): StagedEnd {
    let fds = this.fds.get(bucket);
    if (!fds) {
      if (!BUCKETS.includes(bucket)) throw new Error(`no bucket ${bucket}`);
      mkdirSync(this.dir, { recursive: true });
      fds = { reports: openSync(join(this.dir, fileName('reports', this.tag, bucket)), 'a'), checks: openSync(join(this.dir, fileName('checks', this.tag, bucket)), 'a') };
      this.fds.set(bucket, fds);
    }
    let ends = this.ends.get(bucket);
    if (!ends) this.ends.set(bucket, ends = { reports: 0, checks: 0 });
    // Checks first: a report whose line is whole has its checks whole too.
    if (checks) ends.checks += writeAll(fds.checks, checks);
    ends.reports += writeAll(fds.reports, report);
    return { tag: this.tag, bucket, reports: ends.reports, checks: ends.checks };
  }

  close(): void {
    const all = [...this.fds.values()];
    this.fds.clear();
    for (const fds of all) for (const t of TABLES) closeSync(fds[t]);
  }
}

function writeAll(fd: number, text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  return bytes.length;
}

/** The ends the main thread has heard of, per writer. */
export class StagedEnds {
  private readonly ends = new Map<string, StagedEnd>();

  record(end: StagedEnd): void {
    const key = `${end.tag}-${end.bucket}`;
    const known = this.ends.get(key);
    // Answers of one writer arrive in order; keep the furthest in any case.
    if (!known || end.reports >= known.reports) this.ends.set(key, end);
  }

  /**
   * Cuts every staged file back to the end last heard of (0: a writer never heard of); returns
   * the files that hold rows, by table and bucket, sorted.
   */
  seal(dir: string): Record<Table, Map<string, string[]>> {
    const files: Record<Table, Map<string, string[]>> = { reports: new Map(), checks: new Map() };
    if (!existsSync(dir)) return files;
    for (const name of readdirSync(dir).sort()) {
      const m = FILE.exec(name);
      if (!m) continue;
      const table = m[1] as Table;
      const end = this.ends.get(`${m[2]}-${m[3]}`)?.[table] ?? 0;
      const path = join(dir, name);
      if (statSync(path).size !== end) {
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, end);
        } finally {
          closeSync(fd);
        }
      }
      if (end > 0) {
        const list = files[table].get(m[3]) ?? [];
        list.push(path);
        files[table].set(m[3], list);
      }
    }
    return files;
  }
}

const quote = (text: string) => {
  if (text.includes('\u0000')) throw new Error('path holds a NUL byte');
  return `'${text.replace(/'/g, "''")}'`;
};

/** The rows of `files` (CSV of `columns`, in order) as a table expression. */
export function stagedSql(columns: readonly Column[], files: string[]): string {
  if (!files.length) throw new Error('no staged files');
  const types = `{${columns.map((c) => `${quote(c.name)}: ${quote(c.type)}`).join(', ')}}`;
  return `read_csv([${files.map(quote).join(', ')}], header = false, auto_detect = false,
    delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, new_line = '\\n', columns = ${types})`;
}
