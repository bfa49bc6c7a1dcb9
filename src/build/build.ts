// The data build: the reports folder → reports.parquet, cells.parquet, checks.parquet and
// summary.json in the output folder. One bad file never stops it: every input file gets its
// row, with a status. Everything is written under a temporary name and renamed at the end,
// so a failed build leaves the previous output as it was.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReport, readDocument } from '../format/parse.ts';
// PDF and Word readers register themselves with parseDocument.
import '../format/readers.ts';
import { parseManifest, type ManifestRead } from '../format/manifest.ts';
import type { Report } from '../format/report.ts';
import type { ReportExtras } from '../format/fields.ts';
import { STATUSES, type Status } from '../format/schema.ts';
import { listInputs, readInput, sha256, byCodePoint } from './inputs.ts';
import { CELL_COLUMNS, CHECK_COLUMNS, REPORT_COLUMNS, cellRows, checkRows, overview, reportRow, type Overview, type Value } from './rows.ts';
import { ParquetWriter } from './parquet.ts';

export const OUTPUT_FILES = ['reports.parquet', 'cells.parquet', 'checks.parquet'] as const;
export const SUMMARY_FILE = 'summary.json';
/** One plain-text file per readable report: `sources/<report_id>.txt`. */
export const SOURCES_DIR = 'sources';

export interface BuildOptions {
  reportsDir: string;
  outDir: string;
  /** Progress and warnings as they happen; the default prints nothing. */
  log?: (line: string) => void;
}

export interface FailedFile {
  file: string;
  code: string;
  message_zh: string;
  message_en: string;
}

export interface Summary {
  built_at: string;
  duration_ms: number;
  reports: number;
  status_counts: Record<Status, number>;
  years: number[];
  failed: FailedFile[];
  files: { name: string; bytes: number }[];
  rows: { reports: number; cells: number; checks: number };
  /** Problems of manifest.csv and of the build itself (values that did not fit their column, duplicate files). */
  warnings: string[];
  /** One entry per report, in file order, for the dashboard's first paint. */
  overview: Overview[];
}

export interface BuildResult {
  summary: Summary;
  /** The reports as parsed, in file order (the test compares them with the Parquet). */
  reports: { report: Report; extras: ReportExtras }[];
}

export async function buildData(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const reportsDir = resolve(options.reportsDir);
  const outDir = resolve(options.outDir);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    log(`warning: ${message}`);
  };

  const manifest = readManifest(reportsDir, warn);
  const inputs = listInputs(reportsDir);
  log(`${inputs.length} files under ${reportsDir}`);

  const reports: BuildResult['reports'] = [];
  /** The text of each readable report, served to the agency page as plain text. */
  const sources = new Map<string, string>();
  for (const input of inputs) {
    const read = readInput(input);
    if (read.ok) {
      const { report, text } = await readDocument(read.bytes, input.file, { manifest });
      if (text !== null) sources.set(reportId(input.file), text);
      reports.push({ report, extras: { report_id: reportId(input.file), sha256: sha256(read.bytes), bytes: read.bytes.length } });
    } else {
      // parseReport of no bytes gives the empty failed report; the reason is that of the disk.
      const report: Report = {
        ...parseReport(new Uint8Array(0), input.file, { manifest }),
        error: { code: 'unreadable', message_zh: `无法读取文件：${read.reason.zh}`, message_en: `Cannot read the file: ${read.reason.en}` },
      };
      // No bytes: no hash and no size, rather than made-up ones.
      reports.push({ report, extras: { report_id: reportId(input.file), sha256: null, bytes: null } });
    }
  }
  reports.sort((a, b) => byCodePoint(a.report.file, b.report.file));

  if (manifest) {
    const files = new Set(reports.map((r) => r.report.file.split('/').pop()));
    for (const name of manifest.entries.keys()) {
      if (!files.has(name)) warn(`manifest.csv names ${name}, which is not in ${options.reportsDir}`);
    }
  }
  const contents = new Map<string, string[]>();
  for (const { report, extras } of reports) {
    if (extras.sha256) contents.set(extras.sha256, [...(contents.get(extras.sha256) ?? []), report.file]);
  }
  for (const files of contents.values()) {
    if (files.length > 1) warn(`${files.length} files have the same content: ${files.join(', ')}`);
  }

  mkdirSync(outDir, { recursive: true });
  const temp = mkdtempSync(join(outDir, '.build-'));
  try {
    const writer = await ParquetWriter.open();
    const rows = { reports: 0, cells: 0, checks: 0 };
    try {
      rows.reports = await writer.write('reports', REPORT_COLUMNS,
        reports.map(({ report, extras }) => reportRow(report, extras)),
        join(temp, 'reports.parquet'), warn);
      rows.cells = await writer.write('cells', CELL_COLUMNS,
        reports.flatMap(({ report, extras }) => cellRows(report, extras.report_id)), join(temp, 'cells.parquet'), warn);
      rows.checks = await writer.write('checks', CHECK_COLUMNS,
        reports.flatMap(({ report, extras }) => checkRows(report, extras.report_id)), join(temp, 'checks.parquet'), warn);
    } finally {
      writer.close();
    }

    const summary: Summary = {
      built_at: new Date().toISOString(),
      duration_ms: 0,
      reports: reports.length,
      status_counts: Object.fromEntries(STATUSES.map((s) => [s.key, reports.filter((r) => r.report.status === s.key).length])) as Record<Status, number>,
      years: [...new Set(reports.flatMap((r) => (r.report.year === null ? [] : [r.report.year])))].sort((a, b) => a - b),
      failed: reports.flatMap(({ report }) => report.status !== 'failed' ? [] : [{
        file: report.file,
        code: report.error?.code ?? 'unknown',
        message_zh: report.error?.message_zh ?? '未知原因',
        message_en: report.error?.message_en ?? 'unknown reason',
      }]),
      files: OUTPUT_FILES.map((name) => ({ name, bytes: statSync(join(temp, name)).size })),
      rows,
      warnings,
      overview: reports.map(({ report, extras }) => overview(report, extras.report_id)),
    };
    summary.duration_ms = Math.round(performance.now() - started);
    writeFileSync(join(temp, SUMMARY_FILE), formatSummaryJson(summary));

    // summary.json last: a reader that sees the new summary finds the new Parquet files.
    mkdirSync(join(temp, SOURCES_DIR));
    for (const [id, text] of sources) writeFileSync(join(temp, SOURCES_DIR, `${id}.txt`), text);
    rmSync(join(outDir, SOURCES_DIR), { recursive: true, force: true });
    renameSync(join(temp, SOURCES_DIR), join(outDir, SOURCES_DIR));
    for (const name of [...OUTPUT_FILES, SUMMARY_FILE]) renameSync(join(temp, name), join(outDir, name));
    return { summary, reports };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** One id per input file, from its path: unique in a build and stable when the content changes. */
export function reportId(file: string): string {
  return sha256(`file:${file}`).slice(0, 16);
}

function readManifest(reportsDir: string, warn: (message: string) => void): ManifestRead | undefined {
  const path = join(reportsDir, 'manifest.csv');
  if (!existsSync(path)) return undefined;
  let manifest: ManifestRead;
  try {
    manifest = parseManifest(readFileSync(path, 'utf8'));
  } catch (error) {
    warn(`manifest.csv cannot be read: ${error instanceof Error ? error.message : String(error)}; building without it`);
    return undefined;
  }
  for (const problem of manifest.problems) warn(problem);
  return manifest;
}

/** Readable JSON, except that each overview entry takes one line (it is most of the file). */
export function formatSummaryJson(summary: Summary): string {
  const { overview: entries, ...rest } = summary;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  const lines = entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  return `${head},\n  "overview": [${entries.length ? `\n${lines}\n  ` : ''}]\n}\n`;
}
