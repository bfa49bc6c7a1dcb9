// The one-screen summary the build prints at the end.
import { STATUSES } from '../format/schema.ts';
import type { Summary } from './build.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/**
 * Text from a file name as the console shows it: control characters (C0, DEL, C1: an ANSI escape
 * that recolours or clears the terminal, a newline that starts a line of its own), the line and
 * paragraph separators and the bidirectional controls (a right-to-left override shows the rest of
 * a name backwards) written as \u{…}. Every other character as it is: a file can be found by the
 * name printed (hos18).
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`);
}

/** At most `limit` failed files and warnings are listed; the rest are counted (all are in summary.json). */
export function formatSummary(summary: Summary, outDir: string, summaryBytes: number, limit = 12): string {
  const out: string[] = [];
  const counts = STATUSES.map((s) => `${s.en.toLowerCase()} ${summary.status_counts[s.key]}`).join(' · ');
  out.push(`Reports read: ${summary.reports}   (${counts})`);
  out.push(`Years: ${summary.years.length ? summary.years.join(', ') : '—'}`);
  const parse = summary.parse;
  out.push(`Parsed: ${parse.parsed}, from the cache: ${parse.cached}   (${parse.threads ? `${parse.threads} threads` : 'main thread'}, ${(parse.parse_ms / 1000).toFixed(2)} s)`);
  if (summary.failed.length) {
    out.push(`Failed files (${summary.failed_total}):`);
    for (const f of summary.failed.slice(0, limit)) {
      out.push(`  ${printable(f.file)}  [${f.code}]`);
      out.push(`    ${f.message_zh}`);
      out.push(`    ${f.message_en}`);
    }
    if (summary.failed_total > limit) out.push(`  … and ${summary.failed_total - limit} more (${summary.failed_total > summary.failed.length ? 'see reports.parquet, status = failed' : 'see summary.json'})`);
  }
  if (summary.warnings.length) {
    out.push(`Build warnings (${summary.warnings_total}):`);
    for (const w of summary.warnings.slice(0, limit)) out.push(`  ${printable(w)}`);
    if (summary.warnings_total > limit) out.push(`  … and ${summary.warnings_total - limit} more (the first ${summary.warnings.length} in summary.json)`);
  }
  out.push(`Written to ${outDir}:`);
  const rows: Record<string, number> = { 'reports.parquet': summary.rows.reports, 'facts.parquet': summary.rows.facts, 'cells.parquet': summary.rows.cells, 'checks.parquet': summary.rows.checks, ...(summary.rows.agencies === undefined ? {} : { 'agencies.parquet': summary.rows.agencies }) };
  for (const f of summary.files) {
    const n = rows[f.name] ?? summary.layout.partition?.files.find((p) => p.path === f.name)?.rows;
    out.push(`  ${f.name.padEnd(16)} ${formatBytes(f.bytes).padStart(9)}   ${n ?? '?'} rows`);
  }
  if (summary.layout.layout === 'by_year') out.push(`  (reports.parquet also partitioned by year under reports/)`);
  out.push(`  ${'summary.json'.padEnd(16)} ${formatBytes(summaryBytes).padStart(9)}`);
  out.push(`Time: ${(summary.duration_ms / 1000).toFixed(2)} s`);
  return out.join('\n') + '\n';
}
