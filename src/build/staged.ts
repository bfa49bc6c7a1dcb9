// The build's staged rows as CSV files written by the parsing threads themselves, loaded into
// DuckDB at once when the parse ends (multithreaded read_csv), instead of being sent to the
// main thread and appended there one report at a time.
//
// Each thread appends to its own files, one per bucket of report ids (the first two hex digits,
// 256 buckets): its reports' lines to `reports-<tag>-<bucket>.csv`, their checks' lines to
// `checks-<tag>-<bucket>.csv` (a report's checks are in its bucket). A report's lines are written
// with one write per file, and the thread tells the main thread, with the report's answer, where
// those two files end.
// Buckets let the build load the rows sorted by report_id a few thousand at a time (build.ts
// groups neighbouring buckets by their row counts), so that its tables are in report_id order
// without sorting every row at once, and the memory that takes does not grow with the number of
// reports (16 buckets of about 62,000 rows each ran DuckDB out of memory at 1M reports; one sort
// of every check row for checks.parquet peaked at 1,505 MiB of RSS at 1M after running out of
// memory once at 488 MiB).
// A bucket's files are opened for each write and closed after it, so a thread holds no file open
// between reports, not 512.
//
// A thread stopped mid-write (deadline, memory) leaves bytes past the last end the main thread
// heard of: `seal` cuts every file back to that end, so a report is staged exactly when its
// answer arrived (a file stopped before its answer gets the pool's failed row instead).
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
  /** The report's bucket, and where that bucket's reports file ends. */
  bucket: string;
  reports: number;
  /** Where that bucket's checks file ends. */
  checks: number;
}

const HEX = [...'0123456789abcdef'];
/** The buckets of report ids (hex), in order: their first two digits. */
export const BUCKETS: readonly string[] = HEX.flatMap((a) => HEX.map((b) => a + b));
/** The same, to look one up without scanning 256 names per report written. */
const BUCKET_SET: ReadonlySet<string> = new Set(BUCKETS);
const BUCKET = /^[0-9a-f]{2}/;
export const bucketOf = (reportId: string): string => {
  if (!BUCKET.test(reportId)) throw new Error(`report id ${reportId} is not lowercase hex`);
  return reportId.slice(0, 2);
};
const reportsFile = (tag: string, bucket: string) => `reports-${tag}-${bucket}.csv`;
const checksFile = (tag: string, bucket: string) => `checks-${tag}-${bucket}.csv`;
const FILE = /^(reports|checks)-([A-Za-z0-9]+)-([0-9a-f]{2})\.csv$/;

/** One CSV field. */
export function csvField(value: StagedValue): string {
  if (value === null || value === undefined) return '';
  // (Most strings hold no quote: no replacement made for them.)
  if (typeof value === 'string') return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
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
  /** Per file name: where it ends. */
  private readonly ends = new Map<string, number>();
  private made = false;

  constructor(private readonly dir: string) {}

  /** A report's line, in the bucket of its id, and its checks' lines (the same bucket); returns where the files end now. */
  write(bucket: string, report: string | Uint8Array, checks: string | Uint8Array): StagedEnd {
    if (!BUCKET_SET.has(bucket)) throw new Error(`no bucket ${bucket}`);
    if (!this.made) {
      mkdirSync(this.dir, { recursive: true });
      this.made = true;
    }
    // Checks first: a report whose line is whole has its checks whole too.
    const checksEnd = checks.length ? this.append(checksFile(this.tag, bucket), checks) : this.ends.get(checksFile(this.tag, bucket)) ?? 0;
    const reportsEnd = this.append(reportsFile(this.tag, bucket), report);
    return { tag: this.tag, bucket, reports: reportsEnd, checks: checksEnd };
  }

  private append(name: string, text: string | Uint8Array): number {
    const fd = openSync(join(this.dir, name), 'a');
    let end: number;
    try {
      end = (this.ends.get(name) ?? 0) + writeAll(fd, text);
    } finally {
      closeSync(fd);
    }
    this.ends.set(name, end);
    return end;
  }

  /** Nothing is held open between writes (kept for the callers: a thread closes its files when idle). */
  close(): void {}
}

/** All of `text` (or bytes) to `fd` (a write may take less than it is given). */
export function writeAll(fd: number, text: string | Uint8Array): number {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  return bytes.length;
}

/** The files that hold staged rows, after `seal`. */
export interface SealedFiles {
  /** Reports files by bucket, buckets in order. */
  reports: Map<string, string[]>;
  /** Reports staged per bucket (the answers heard of). */
  counts: Map<string, number>;
  /** Checks files by bucket, buckets in order. */
  checks: Map<string, string[]>;
}

/** The ends the main thread has heard of, per writer. */
export class StagedEnds {
  /** Per file (`reports-` or `checks-`, writer and bucket): where it ends. */
  private readonly ends = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  /** One report's answer. */
  record(end: StagedEnd): void {
    // Answers of one writer arrive in order; keep the furthest in any case.
    for (const [name, at] of [[reportsFile(end.tag, end.bucket), end.reports], [checksFile(end.tag, end.bucket), end.checks]] as const) {
      this.ends.set(name, Math.max(this.ends.get(name) ?? 0, at));
    }
    this.counts.set(end.bucket, (this.counts.get(end.bucket) ?? 0) + 1);
  }

  /**
   * Cuts every staged file back to the end last heard of (0: a writer never heard of); returns
   * the files that hold rows, by bucket, and the reports staged per bucket.
   */
  seal(dir: string): SealedFiles {
    const files: SealedFiles = { reports: new Map(), counts: new Map(), checks: new Map() };
    if (!existsSync(dir)) return files;
    const names = readdirSync(dir).sort();
    for (const name of names) {
      const m = FILE.exec(name);
      if (!m) continue;
      const end = this.ends.get(name) ?? 0;
      const path = join(dir, name);
      if (statSync(path).size !== end) {
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, end);
        } finally {
          closeSync(fd);
        }
      }
      if (end === 0) continue;
      const byBucket = m[1] === 'checks' ? files.checks : files.reports;
      byBucket.set(m[3], [...(byBucket.get(m[3]) ?? []), path]);
    }
    const inOrder = (byBucket: Map<string, string[]>) => new Map([...byBucket].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    files.reports = inOrder(files.reports);
    files.checks = inOrder(files.checks);
    for (const b of BUCKETS) if (this.counts.has(b)) files.counts.set(b, this.counts.get(b)!);
    return files;
  }
}

/**
 * Neighbouring buckets grouped so that each group holds about `budget` rows (a bucket over the
 * budget is a group of its own): the groups the build loads and sorts one at a time.
 */
export function loadGroups(rows: ReadonlyMap<string, number>, budget: number): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let inGroup = 0;
  for (const b of BUCKETS) {
    const n = rows.get(b) ?? 0;
    if (!n) continue;
    if (group.length && inGroup + n > budget) {
      groups.push(group);
      group = [];
      inGroup = 0;
    }
    group.push(b);
    inGroup += n;
  }
  if (group.length) groups.push(group);
  return groups;
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
