// The build's step across reports, once every report is staged (build.ts calls it on its tables):
// sets superseded_by (agency_id is set as each row is staged: agencies.ts reportAgencyId), and
// writes the continuity checks (continuity.ts), which build.ts adds to the checks as it loads
// them. Recomputed on every build, cached reports included: what one report's checks say here
// depends on the others.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { manifestEntry, type ManifestRead } from '../format/manifest.ts';
import { PROCESSING_FEE, T3, TABLE3_COLUMNS, table3Column } from '../format/schema.ts';
import { duplicateFindings, duplicateGroups, seriesFindings, type Filing, type Finding, type SeriesReport, type ValueSlot } from './continuity.ts';
import { CELL_SLOTS, CHECK_COLUMNS, type Column } from './rows.ts';
import { oneThread } from './memory.ts';
import { bucketOf, csvLine, writeAll } from './staged.ts';

/** The cells "identical" compares, in order: every template cell, then section 六's fee. */
const VALUE_SLOTS: readonly ValueSlot[] = [
  ...CELL_SLOTS.map((s) => ({ zh: s.zh, en: s.en, cell: { table: s.table, row: s.row, col: s.col } })),
  { zh: PROCESSING_FEE.zh, en: PROCESSING_FEE.en, cell: null },
];
const VALUE_FIELDS = [...CELL_SLOTS.map((s) => s.field), PROCESSING_FEE.key];

export interface AcrossResult {
  agencies: number;
  duplicateGroups: number;
  superseded: number;
  findings: number;
}

async function rows(db: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const q = (name: string) => `"${name}"`;

/**
 * `reports` must have the columns agency, region_code, file, year, status, agency_id (set),
 * superseded_by (null: a cached row's is not kept, build.ts loadGroup), check_errors,
 * check_warnings, derived_cells and every CELL_SLOTS field. The
 * continuity checks are written to `findingsDir` (findingsFiles: FINDING_COLUMNS by bucket of
 * report ids), for the build to number after each report's own checks as it loads them.
 */
export async function acrossReports(db: DuckDBConnection, reports: string, findingsDir: string, manifest: ManifestRead | undefined,
  chunkRows = ACROSS_CHUNK_ROWS): Promise<AcrossResult> {
  // 1. agency_id is set already, on every row as it was staged (agencies.ts reportAgencyId):
  // nothing here rewrites the whole table. manifest.csv's prefer, per file, for the duplicates.
  const preferred = [...(manifest?.entries.values() ?? [])].filter((e) => e.prefer);
  await db.run('CREATE OR REPLACE TEMP TABLE _manifest (name VARCHAR, prefer BOOLEAN)');
  if (preferred.length) {
    const m = await db.createAppender('_manifest');
    for (const e of preferred) {
      m.appendVarchar(e.file.split(/[\\/]/).pop()!);
      m.appendBoolean(true);
      m.endRow();
    }
    m.closeSync();
  }

  // 2 and 3 read the reports they compare out of the wide table once each, into a narrow table
  // numbered in pages of whole groups (an agency and year, an agency), then into this thread a
  // page at a time: the memory that takes does not grow with the number of reports, nor does the
  // number of scans of the wide table. The findings go to files as they are made.
  const findings = new FindingsFiles(findingsDir);

  // 2. Duplicates: the same agency and year filed more than once (failed files never count).
  const stated = `(${CELL_SLOTS.map((s) => `(r.${q(s.field)} IS NOT NULL)::INTEGER`).join(' + ')}) - coalesce(r.derived_cells, 0)`;
  await db.run('CREATE OR REPLACE TEMP TABLE _superseded (report_id VARCHAR, superseded_by VARCHAR)');
  let duplicates = 0;
  let superseded = 0;
  await forEachPage(db, `SELECT agency_id, year, COUNT(*) AS n FROM ${reports}
      WHERE agency_id IS NOT NULL AND year IS NOT NULL AND status <> 'failed' GROUP BY agency_id, year HAVING COUNT(*) > 1`, 'agency_id, year',
    `SELECT g.page, r.report_id, r.file, r.agency_id, r.year, coalesce(r.check_errors, 0) AS errors, coalesce(r.check_warnings, 0) AS warnings,
        ${stated} AS stated, coalesce(m.prefer, false) AS prefer,
        [${VALUE_FIELDS.map((f) => `r.${q(f)}::DOUBLE`).join(', ')}] AS vals
      FROM ${reports} r JOIN _chunk_groups g USING (agency_id, year)
      LEFT JOIN _manifest m ON m.name = regexp_extract(r.file, '[^/\\\\]*$')
      WHERE r.status <> 'failed'`, async (dupRows) => {
    const filings: Filing[] = dupRows.map((r) => ({
      report_id: String(r.report_id), file: String(r.file), agency_id: String(r.agency_id), year: Number(r.year),
      errors: Number(r.errors), warnings: Number(r.warnings), stated: Number(r.stated), prefer: r.prefer === true,
      values: (r.vals as unknown[]).map(num),
    }));
    const groups = duplicateGroups(filings);
    duplicates += groups.length;
    const s = await db.createAppender('_superseded');
    for (const g of groups) {
      for (const o of g.others) {
        s.appendVarchar(o.filing.report_id);
        s.appendVarchar(g.chosen.report_id);
        s.endRow();
        superseded++;
      }
    }
    s.closeSync();
    findings.add(duplicateFindings(groups, VALUE_SLOTS));
  }, chunkRows);
  if (superseded) await db.run(`UPDATE ${reports} SET superseded_by = s.superseded_by FROM _superseded s WHERE s.report_id = ${reports}.report_id`);

  // 3. Carry-overs and missing years, over the charted report of each agency and year.
  const col = (row: number) => TABLE3_COLUMNS.map((_, c) => `r.${q(table3Column(row, c))}`).join(', ');
  const charted = (r = '') => `${r}agency_id IS NOT NULL AND ${r}year IS NOT NULL AND ${r}status <> 'failed' AND ${r}superseded_by IS NULL`;
  await forEachPage(db, `SELECT agency_id, COUNT(*) AS n FROM ${reports} WHERE ${charted()} GROUP BY agency_id HAVING COUNT(*) > 1`, 'agency_id',
    `SELECT g.page, r.report_id, r.file, r.agency_id, r.year, [${col(T3.CARRIED_OVER)}] AS carried_in, [${col(T3.CARRIED_FORWARD)}] AS carried_out
      FROM ${reports} r JOIN _chunk_groups g USING (agency_id) WHERE ${charted('r.')}`, async (seriesRows) => {
    const series: SeriesReport[] = seriesRows.map((r) => ({
      report_id: String(r.report_id), file: String(r.file), agency_id: String(r.agency_id), year: Number(r.year),
      carried_in: (r.carried_in as unknown[]).map(num), carried_out: (r.carried_out as unknown[]).map(num),
    }));
    findings.add(seriesFindings(series));
  }, chunkRows);
  const agencies = Number((await rows(db, `SELECT COUNT(DISTINCT agency_id) AS n FROM ${reports}`))[0].n);
  await db.run('DROP TABLE _manifest; DROP TABLE _superseded');
  return { agencies, duplicateGroups: duplicates, superseded, findings: findings.count };
}

/**
 * Reports acrossReports reads into this thread at once, about (a page holds whole groups: an
 * agency and year for duplicates, an agency for the series). Buckets of 20,000 reports (a hash of
 * agency_id) held 6,000 duplicates' values at once at 100,000 reports: this thread's heap grew to
 * 161 MB, and each bucket scanned the whole wide table again.
 */
export const ACROSS_PAGE_REPORTS = 2_000;

/**
 * Rows of whole pages read out of the wide table by one statement, at most (unless one page holds
 * more): the chunk sorted by page, a page at a time into this thread. At 1M reports the duplicates
 * alone (175,017 agency-years filed more than once, 730,000 filings with their 199 values each) were
 * read into one table sorted by page, on one thread: that sort ran out of memory under 488 MiB.
 * Each chunk scans the wide table once: at 1M, about 8 scans for the duplicates.
 */
export const ACROSS_CHUNK_ROWS = 100_000;

/**
 * Calls `onPage` with the rows of `rowsSql` (which joins `_chunk_groups` for its groups) a page at
 * a time, in page order: pages of about ACROSS_PAGE_REPORTS rows of whole groups. `groupsSql` lists
 * the groups (`key` columns) with their rows (n).
 */
async function forEachPage(db: DuckDBConnection, groupsSql: string, key: string, rowsSql: string,
  onPage: (pageRows: Record<string, unknown>[]) => Promise<void>, chunkRows = ACROSS_CHUNK_ROWS): Promise<void> {
  // Pages from the groups alone (their rows counted, not read): a page starts where the
  // cumulative count of rows passes a multiple of ACROSS_PAGE_REPORTS.
  await db.run(`CREATE OR REPLACE TEMP TABLE _groups AS SELECT ${key},
      ((SUM(n) OVER (ORDER BY ${key} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - n) // ${ACROSS_PAGE_REPORTS})::INTEGER AS page, n
    FROM (${groupsSql})`);
  const pages = (await rows(db, 'SELECT page, SUM(n) AS n FROM _groups GROUP BY page ORDER BY page')).map((r) => ({ page: Number(r.page), n: Number(r.n) }));
  for (let first = 0; first < pages.length;) {
    let last = first;
    for (let n = pages[first].n; last + 1 < pages.length && n + pages[last + 1].n <= chunkRows;) n += pages[++last].n;
    await db.run(`CREATE OR REPLACE TEMP TABLE _chunk_groups AS SELECT * EXCLUDE (n) FROM _groups WHERE page BETWEEN ${pages[first].page} AND ${pages[last].page}`);
    // On one thread: each thread of a sort holds its own buffers; on two, the sort of the
    // duplicates' values ran out of memory at 400,000 reports under a limit of 512MB.
    await oneThread(db, () => db.run(`CREATE OR REPLACE TEMP TABLE _chunk AS SELECT * FROM (${rowsSql}) ORDER BY page`));
    for (let i = first; i <= last; i++) await onPage(await rows(db, 'SELECT * EXCLUDE (page) FROM _chunk WHERE page = ?', [pages[i].page]));
    first = last + 1;
  }
  await db.run('DROP TABLE IF EXISTS _chunk; DROP TABLE IF EXISTS _chunk_groups; DROP TABLE _groups');
}

/**
 * The columns of the findings files: a check row's (rows.ts CHECK_COLUMNS) but check_index, which
 * is not known here, and k, the order the findings were made in (a report's own come in their
 * order): the build numbers a report's findings after its own checks.
 */
export const FINDING_COLUMNS: readonly Column[] = CHECK_COLUMNS.map((c) => (c.name === 'check_index' ? { name: 'k', type: 'BIGINT' } : c));

const findingsFile = (dir: string, bucket: string) => join(dir, `findings-${bucket}.csv`);

/** The findings files of `buckets` under `dir` that exist (CSV of FINDING_COLUMNS, staged.ts's format). */
export function findingsFiles(dir: string, buckets: readonly string[]): string[] {
  return buckets.map((b) => findingsFile(dir, b)).filter((f) => existsSync(f));
}

/**
 * The findings as CSV files by bucket of report ids (staged.ts's buckets and format), appended as
 * they are made: the build reads a group of buckets' with their reports' checks, so no table holds
 * every finding (at 1M reports, 1,004,132 of them) and none is sorted whole. Written a line at a
 * time into small pieces: a bucket's lines joined into one string per page made strings of
 * hundreds of KB, which V8 keeps in its large-object space until a full collection (the JS heap
 * held 188 MB after this step at 100,000 reports, against 36 MB with DuckDB's appender).
 */
class FindingsFiles {
  count = 0;
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  add(findings: readonly Finding[]): void {
    const fds = new Map<string, number>();
    try {
      for (const x of findings) {
        const bucket = bucketOf(x.report_id);
        let fd = fds.get(bucket);
        if (fd === undefined) fds.set(bucket, (fd = openSync(findingsFile(this.dir, bucket), 'a')));
        writeAll(fd, csvLine([x.report_id, x.file, this.count++, x.code, x.severity,
          JSON.stringify(x.cells.map(({ table, row, col }) => ({ table, row, col }))),
          x.cells.map((c) => `${c.table}[${c.row},${c.col}]`).join(';'),
          x.message_zh, x.message_en]));
      }
    } finally {
      for (const fd of fds.values()) closeSync(fd);
    }
  }
}
