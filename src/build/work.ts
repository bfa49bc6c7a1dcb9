// One input file → the compact rows the build stores: the reports row (REPORT_FIELDS order, each
// value checked against its column type; agency_id set, superseded_by left to the step across
// reports), the raw text and derivation rule of every template
// cell, the check rows, and the report's plain text (appended to sources/ here, not sent back).
// Runs in the worker threads (worker.ts), or in the calling thread when the build has no pool.
// Never throws for one file: what goes wrong becomes that report's status.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, readDocument, reportText } from '../format/parse.ts';
// PDF and Word readers register themselves with parseDocument.
import '../format/readers.ts';
import { looksLikePdf } from '../format/pdf.ts';
import { looksLikeDocx, looksLikeOldDoc } from '../format/docx.ts';
import { parseManifest, manifestEntry, type ManifestRead } from '../format/manifest.ts';
import type { Position, Report } from '../format/report.ts';
import { readInput, reason, sha256, type Input, type Reason } from './inputs.ts';
import { dropSource, SourceWriter, type SourceEnd } from './sources.ts';
import { failedText, FAILED_TEXT_MAX_CHARS } from './failed-text.ts';
import { CELL_SLOTS, CHECK_COLUMNS, REPORT_COLUMNS, checkRows, reportRow, slotPositions, slotRaws, type Column, type Value } from './rows.ts';
import { bucketOf, StagedWriter, type StagedEnd } from './staged.ts';
import { reportAgencyId } from './agencies.ts';
import { CsvBytes } from './csv-bytes.ts';

/** Where the reports row holds what agency_id is made of, and agency_id itself. */
const column = (name: string) => {
  const i = REPORT_COLUMNS.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no report column ${name}`);
  return i;
};
const [FILE, AGENCY, REGION_CODE, AGENCY_ID] = ['file', 'agency', 'region_code', 'agency_id'].map(column);
/** Each CELL_SLOTS cell as `table[row,col]` (a derived cell's key), made once rather than per report. */
const SLOT_KEYS = CELL_SLOTS.map((s) => `${s.table}[${s.row},${s.col}]`);

export interface WorkConfig {
  /** manifest.csv as text (each thread parses it once), or null. */
  manifestCsv: string | null;
  /** Where the texts are appended (sources.ts packs them into shards at the end). */
  sourcesDir: string;
  /** The version of the parser and of these rows: part of every cache key. */
  parserVersion: string;
  /** Cache folder (texts of PDF/Word/HTML reports by key); null: no cache. */
  cacheDir: string | null;
  /** Sorted 64-bit prefixes of the cached keys (a SharedArrayBuffer of BigInt64), or null. */
  cachedKeys: SharedArrayBuffer | null;
  /** The parse command's job instead (cli-work.ts): each file's JSON line in `line`. */
  cli?: boolean;
  /**
   * Where each thread writes its reports' rows itself (staged.ts), answering only where its files
   * end; without it the rows are sent back in the answer (row, raws, rules, spans, checks).
   */
  rowsDir?: string;
}

export interface Task extends Input {
  /** Parse even when the key is cached (the cache turned out not to hold it). */
  force?: boolean;
}

export interface Parsed {
  file: string;
  /** Cache key (hex sha256 of parser version, file, manifest entry and content); null when the file could not be read. */
  key: string | null;
  /** First 64 bits of the key as a signed integer (what the cache index sorts by). */
  kp: bigint | null;
  /** True: the cache holds this key and nothing was parsed. */
  hit: boolean;
  row?: Value[];
  /** JSON array of the raw text of every CELL_SLOTS cell. */
  raws?: string;
  /** JSON array of the rule of every CELL_SLOTS cell, or null when no cell is derived. */
  rules?: string | null;
  /** JSON: [line, char_start, char_end] or null per CELL_SLOTS entry; null when the report has no positions. */
  spans?: string | null;
  checks?: Value[][];
  /** With WorkConfig.rowsDir: the rows were written by this thread; its staged files end here. */
  staged?: StagedEnd;
  /** Its text was written to sources/: where that writer's index ends (packSources takes it up to there). */
  source?: SourceEnd;
  warnings?: string[];
  /** The parse command's JSON line (WorkConfig.cli). */
  line?: string;
}

/** The id of a report: the first 16 hex digits of the SHA-256 of `file:<path>`. */
export function reportId(file: string): string {
  return sha256(`file:${file}`).slice(0, 16);
}

export class FileWorker {
  private readonly manifest: ManifestRead | undefined;
  private readonly cached: BigInt64Array | null;
  private sources: SourceWriter | null = null;
  private staged: StagedWriter | null = null;
  /** The staged lines of the report at hand (reused from report to report). */
  private readonly csv = new CsvBytes();

  constructor(private readonly config: WorkConfig) {
    this.manifest = config.manifestCsv === null ? undefined : safeManifest(config.manifestCsv);
    this.cached = config.cachedKeys ? new BigInt64Array(config.cachedKeys) : null;
    if (config.cacheDir) mkdirSync(join(config.cacheDir, 'text'), { recursive: true });
  }

  /** The file's rows. Never throws: what goes wrong (even writing its source text) is the file's status. */
  async run(task: Task): Promise<Parsed> {
    try {
      return await this.parse(task);
    } catch (error) {
      const why: Reason = reason(error);
      return this.failed(task, 'write_failed', `无法写入该文件的结果：${why.zh}`, `Cannot write this file's results: ${why.en}`);
    }
  }

  /**
   * The row of a file that could not be read or parsed (unreadable, stopped by the pool), with
   * no hash and no size rather than made-up ones, and no cache key (it is tried again next time).
   */
  failed(task: Task, code: string, zh: string, en: string): Parsed {
    const id = reportId(task.file);
    // A thread stopped while writing its text may have left it: no source for a failed file.
    dropSource(this.config.sourcesDir, id);
    // parseReport of no bytes gives the empty failed report (with what the manifest states).
    const report: Report = { ...parseReport(new Uint8Array(0), task.file, { manifest: this.manifest }), error: { code, message_zh: zh, message_en: en } };
    return this.rows(report, id, null, null, null, null);
  }

  private async parse(task: Task): Promise<Parsed> {
    const id = reportId(task.file);
    const read = readInput(task);
    if (!read.ok) {
      const { code, zh, en } = read.reason;
      return this.failed(task, code ?? 'unreadable', `无法读取文件：${zh}`, `Cannot read the file: ${en}`);
    }
    const bytes = read.bytes;
    const contentHash = sha256(bytes);
    const entry = manifestEntry(this.manifest, task.file);
    const key = sha256(`${this.config.parserVersion}\u0000${task.file}\u0000${JSON.stringify(entry ?? null)}\u0000${contentHash}`);
    const kp = BigInt.asIntN(64, BigInt(`0x${key.slice(0, 16)}`));
    // Plain text: the text is cheap to get again. HTML, PDF and Word: it is kept in the cache.
    // (Only asked when there is a cache: the test reads the whole file.)
    const plain = !this.config.cacheDir
      || !(/\.html?$/i.test(task.file) || looksLikePdf(bytes) || looksLikeDocx(bytes, task.file) || looksLikeOldDoc(bytes, task.file));

    if (!task.force && this.cached && this.config.cacheDir && has(this.cached, kp)) {
      // The report is in the cache: only its text is needed, for sources/.
      let text = plain ? reportText(bytes, task.file) : this.cachedText(key);
      // A plain text longer than a failed file's may be: if its file failed, the cache holds the
      // text as published (cut, or none for a text refused for too many cells, which reportText
      // does not count).
      if (plain && text && text.length > FAILED_TEXT_MAX_CHARS) {
        const cached = this.cachedText(key);
        if (cached !== undefined) text = cached;
      }
      if (text !== undefined) {
        const source = text !== null ? this.writeSource(id, text) : undefined;
        return { file: task.file, key, kp, hit: true, source };
      }
    }
    const doc = await readDocument(bytes, task.file, { manifest: this.manifest });
    const { report } = doc;
    // A failed file's text is published cut to what shows why it failed (failed-text.ts); the
    // cache keeps it so cut, for plain texts too, so that a later build publishes the same.
    const text = doc.text !== null && report.status === 'failed' ? failedText(doc.text) : doc.text;
    const cut = text !== doc.text;
    const source = text !== null ? this.writeSource(id, text, cut ? undefined : doc.textBytes) : undefined;
    if ((!plain || cut || (text === null && bytes.length > FAILED_TEXT_MAX_CHARS)) && this.config.cacheDir) writeFileSync(join(this.config.cacheDir, 'text', `${key}.json`), JSON.stringify(text));
    const parsed = this.rows(report, id, contentHash, bytes.length, key, kp);
    if (source) parsed.source = source;
    return parsed;
  }

  private rows(report: Report, id: string, hash: string | null, size: number | null, key: string | null, kp: bigint | null): Parsed {
    const warnings: string[] = [];
    const row = fit('reports', report.file, REPORT_COLUMNS, reportRow(report, { report_id: id, sha256: hash, bytes: size }), warnings);
    // Its agency_id from the row's own values (as DuckDB reads them back) and the manifest's entry
    // for its file (by base name, as the parse read it): the id is a function of the row alone.
    row[AGENCY_ID] = reportAgencyId(row[AGENCY] as string | null, row[REGION_CODE] as string | null, manifestEntry(this.manifest, row[FILE] as string)?.agency_id);
    let rules: string | null = null;
    if (report.derived.length) {
      const bySlot = new Map(report.derived.map((d) => [`${d.table}[${d.row},${d.col}]`, d.rule]));
      rules = JSON.stringify(SLOT_KEYS.map((k) => bySlot.get(k) ?? null));
    }
    const checks = checkRows(report, id).map((r) => fit('checks', report.file, CHECK_COLUMNS, r, warnings));
    if (this.config.rowsDir) {
      // The staging columns (build.ts STAGE_EXTRA) first, then the output's: the bytes of
      // csvLine([key, kp, raws, rules, spans, ...row]) and of csvLine([key, ...check]) per check.
      this.staged ??= new StagedWriter(this.config.rowsDir);
      const out = this.csv;
      out.reset();
      out.value(key);
      out.value(kp);
      out.raws(slotRaws(report));
      out.value(rules);
      const positions = report.positions ? slotPositions(report)! : null;
      if (positions) out.positions(positions, positionsJson);
      else out.value(null);
      for (let i = 0; i < row.length; i++) out.value(row[i]);
      out.end();
      const reportEnd = out.length;
      for (const check of checks) {
        out.value(key);
        for (let i = 0; i < check.length; i++) out.value(check[i]);
        out.end();
      }
      const end = this.staged.write(bucketOf(id), out.bytes().subarray(0, reportEnd), out.bytes(reportEnd));
      return { file: report.file, key, kp, hit: false, staged: end, warnings: warnings.length ? warnings : undefined };
    }
    const raws = JSON.stringify(slotRaws(report));
    // [line, char_start, char_end] per slot, where the cell was printed (rows.ts CELL_COLUMNS).
    const spans = report.positions ? this.csv.positionsText(slotPositions(report)!, positionsJson) : null;
    return { file: report.file, key, kp, hit: false, row, raws, spans, rules, checks, warnings: warnings.length ? warnings : undefined };
  }

  private cachedText(key: string): string | null | undefined {
    try {
      return JSON.parse(readFileSync(join(this.config.cacheDir!, 'text', `${key}.json`), 'utf8')) as string | null;
    } catch {
      return undefined;
    }
  }

  /** Between batches: the source text files are closed (a stopped thread leaves no open file behind). */
  idle(): void {
    try {
      this.sources?.close();
    } catch {
      // Written synchronously already; a failed close loses nothing, and the next write reopens.
    }
    try {
      this.staged?.close();
    } catch {
      // The same.
    }
  }

  /** `bytes`: the text's UTF-8 bytes, where known. */
  private writeSource(id: string, text: string, bytes?: Uint8Array): SourceEnd {
    if (!this.sources) {
      mkdirSync(this.config.sourcesDir, { recursive: true });
      this.sources = new SourceWriter(this.config.sourcesDir);
    }
    return this.sources.write(id, text, bytes);
  }

}

/**
 * The spans column: JSON.stringify([lines, starts, ends]), each list one entry per slot (null
 * where a slot has no position), written out by hand: no array per slot (229 slots a report).
 * Three lists rather than a [line, start, end] per slot: DuckDB reads three lists of numbers
 * faster than 229 lists of three (cells.parquet's query, bench/build/README.md). Positions are
 * offsets and line numbers: whole numbers, which a template writes as JSON does (-0 as 0).
 */
export function positionsJson(positions: readonly (Position | null)[]): string {
  const part = (key: 'line' | 'start' | 'end') => {
    let out = '[';
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i];
      if (i) out += ',';
      out += p ? `${p[key]}` : 'null';
    }
    return `${out}]`;
  };
  // (Anything but a whole number, which no position is, goes the way of JSON.stringify.)
  if (positions.some((p) => p && !(Number.isInteger(p.line) && Number.isInteger(p.start) && Number.isInteger(p.end)))) {
    return JSON.stringify((['line', 'start', 'end'] as const).map((k) => positions.map((q) => (q ? q[k] : null))));
  }
  return `[${part('line')},${part('start')},${part('end')}]`;
}

function safeManifest(csv: string): ManifestRead | undefined {
  try {
    return parseManifest(csv);
  } catch {
    return undefined; // the main thread has said why
  }
}

function has(sorted: BigInt64Array, kp: bigint): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === kp) return true;
    if (v < kp) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const INT32 = 2 ** 31;

/**
 * A row whose every value fits its column: a fraction in an INTEGER column, a number too large
 * for it or a number given as text becomes null, and a warning says so.
 */
export function fit(table: string, file: string, columns: readonly Column[], row: Value[], warnings: string[]): Value[] {
  if (row.length !== columns.length) throw new Error(`${table}: row has ${row.length} values for ${columns.length} columns`);
  for (let i = 0; i < columns.length; i++) {
    const value = row[i];
    if (value === null || value === undefined) {
      row[i] = null;
      continue;
    }
    const type = columns[i].type;
    if (type === 'VARCHAR') {
      if (typeof value !== 'string') row[i] = String(value);
      continue;
    }
    let why: string | null = null;
    if (typeof value !== 'number' || !Number.isFinite(value)) why = `${JSON.stringify(value)} is not a number`;
    else if (type === 'INTEGER' && (!Number.isInteger(value) || value >= INT32 || value < -INT32)) why = `${value} is not a 32-bit integer`;
    else if (type === 'BIGINT' && !Number.isSafeInteger(value)) why = `${value} is not an integer`;
    if (why) {
      warnings.push(`${table} ${file}, ${columns[i].name}: ${why}; written as null`);
      row[i] = null;
    }
  }
  return row;
}
