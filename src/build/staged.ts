// The build's staged rows as CSV files written by the parsing threads themselves, loaded into
// DuckDB at once when the parse ends (one multithreaded read_csv), instead of being sent to the
// main thread and appended there one report at a time.
//
// Each thread appends to its own pair of files (`reports-<tag>.csv`, `checks-<tag>.csv`), a
// report's lines with one write each, and tells the main thread, with the report's answer, where
// its files end. A thread stopped mid-write (deadline, memory) leaves bytes past the last end the
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
  reports: number;
  checks: number;
}

const TABLES = ['reports', 'checks'] as const;
type Table = (typeof TABLES)[number];
const fileName = (table: Table, tag: string) => `${table}-${tag}.csv`;
const FILE = /^(reports|checks)-([A-Za-z0-9_]+)\.csv$/;

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
  private fds: Record<Table, number> | null = null;
  private ends: Record<Table, number> = { reports: 0, checks: 0 };

  constructor(private readonly dir: string) {}

  /** A report's line and its checks' lines; returns where the files end now. */
  write(report: string, checks: string): StagedEnd {
    if (!this.fds) {
      mkdirSync(this.dir, { recursive: true });
      this.fds = { reports: openSync(join(this.dir, fileName('reports', this.tag)), 'a'), checks: openSync(join(this.dir, fileName('checks', this.tag)), 'a') };
    }
    // Checks first: a report whose line is whole has its checks whole too.
    if (checks) this.ends.checks += writeAll(this.fds.checks, checks);
    this.ends.reports += writeAll(this.fds.reports, report);
    return { tag: this.tag, reports: this.ends.reports, checks: this.ends.checks };
  }

  close(): void {
    if (!this.fds) return;
    const fds = this.fds;
    this.fds = null;
    for (const t of TABLES) closeSync(fds[t]);
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
    const known = this.ends.get(end.tag);
    // Answers of one writer arrive in order; keep the furthest in any case.
    if (!known || end.reports >= known.reports) this.ends.set(end.tag, end);
  }

  /** Cuts every staged file back to the end last heard of (0: a writer never heard of); returns the files, sorted. */
  seal(dir: string): Record<Table, string[]> {
    const files: Record<Table, string[]> = { reports: [], checks: [] };
    if (!existsSync(dir)) return files;
    for (const name of readdirSync(dir).sort()) {
      const m = FILE.exec(name);
      if (!m) continue;
      const table = m[1] as Table;
      const end = this.ends.get(m[2])?.[table] ?? 0;
      const path = join(dir, name);
      if (statSync(path).size !== end) {
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, end);
        } finally {
          closeSync(fd);
        }
      }
      if (end > 0) files[table].push(path);
    }
    return files;
  }
}

const quote = (text: string) => {
  if (text.includes('\u0000')) throw new Error('path holds a NUL byte');
  return `'${text.replace(/'/g, "''")}'`;
};

/** Appends the rows of `files` (CSV of `columns`, in order) to `table`. */
export async function loadStaged(db: DuckDBConnection, table: string, columns: readonly Column[], files: string[]): Promise<void> {
  if (!files.length) return;
  const types = `{${columns.map((c) => `${quote(c.name)}: ${quote(c.type)}`).join(', ')}}`;
  await db.run(`INSERT INTO ${table} BY NAME SELECT * FROM read_csv([${files.map(quote).join(', ')}], header = false, auto_detect = false,
    delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, new_line = '\\n', columns = ${types})`);
}
