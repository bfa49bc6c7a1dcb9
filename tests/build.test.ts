// The data build: build the sample reports into a temp folder, read the Parquet back with DuckDB
// and compare every value with what parseReport returns for the same file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildData, reportId, type BuildResult, type Summary } from '../src/build/build.ts';
import { CELL_COLUMNS, CHECK_COLUMNS } from '../src/build/rows.ts';
import { formatSummary } from '../src/build/summary.ts';
import { parseReport } from '../src/format/parse.ts';
import { parseManifest, type ManifestRead } from '../src/format/manifest.ts';
import { REPORT_FIELDS } from '../src/format/fields.ts';
import type { Report } from '../src/format/report.ts';
import { builtSource } from './helpers.ts';
import {
  T3_OTHER_TOTAL_ROW, TABLE2_2019_FIELDS, OUTCOME_ROWS, T3_TOTAL_COLUMN, TABLE2_FIELDS, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_FIELDS, table2Column, table3Column, table4Column,
} from '../src/format/schema.ts';
import { removeOutput } from '../src/build/publish.ts';

const SAMPLES = 'data/reports';
const SAMPLE_FILES = readdirSync(SAMPLES).filter((f) => f.endsWith('.txt')).sort();
type Row = Record<string, unknown>;

/** Numbers come back as number (INTEGER, DOUBLE) or bigint (BIGINT): compare them as numbers. */
const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v ?? null);

async function readParquet(connection: DuckDBConnection, path: string): Promise<{ columns: { name: string; type: string }[]; rows: Row[] }> {
  const described = await connection.runAndReadAll('DESCRIBE SELECT * FROM read_parquet($path)', { path });
  const columns = described.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const reader = await connection.runAndReadAll('SELECT * FROM read_parquet($path)', { path });
  const rows = reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
  return { columns, rows };
}

interface Built {
  out: string;
  result: BuildResult;
  summary: Summary;
  reports: Row[];
  cells: Row[];
  checks: Row[];
  reportColumns: { name: string; type: string }[];
  cellColumns: { name: string; type: string }[];
  checkColumns: { name: string; type: string }[];
}

async function build(reportsDir: string): Promise<Built> {
  const out = mkdtempSync(join(tmpdir(), 'build-data-out-'));
  const result = await buildData({ reportsDir, outDir: out });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reports = await readParquet(connection, join(out, 'reports.parquet'));
    const cells = await readParquet(connection, join(out, 'cells.parquet'));
    const checks = await readParquet(connection, join(out, 'checks.parquet'));
    return {
      out, result, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')),
      reports: reports.rows, cells: cells.rows, checks: checks.rows,
      reportColumns: reports.columns, cellColumns: cells.columns, checkColumns: checks.columns,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The cell of a report as parseReport returns it, addressed the way cells.parquet addresses it. */
function expectedCell(report: Report, table: string, row: number, col: number): { value: number | null; raw: string | null; flag: string; rule: string | null } {
  let value: number | null;
  let raw: string | null;
  if (table === 'table2_2019') {
    value = report.table2_2019?.[TABLE2_2019_FIELDS[row].key] ?? null;
    raw = report.raw.table2_2019?.[row] ?? null;
  } else if (table === 'table2') {
    const f = TABLE2_FIELDS[row];
    const v = report.table2[f.row];
    value = Array.isArray(v) ? v[f.index] : v;
    raw = report.raw.table2[row];
  } else if (table === 'table3' && row === T3_OTHER_TOTAL_ROW) {
    value = report.table3_other_total?.[col] ?? null;
    raw = report.raw.table3_other_total?.[col] ?? null;
  } else if (table === 'table3') {
    value = report.table3[row][col];
    raw = report.raw.table3[row][col];
  } else {
    value = report.table4[row];
    raw = report.raw.table4[row];
  }
  const derived = report.derived.find((d) => d.table === table && d.row === row && d.col === col);
  return { value, raw, flag: derived ? 'derived' : value === null ? 'missing' : 'stated', rule: derived?.rule ?? null };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Nulls last, then code-point order: how DuckDB sorts reports.parquet. */
function viewOrder(a: Row, b: Row): number {
  for (const key of ['year', 'province', 'city', 'county', 'agency', 'file']) {
    const [x, y] = [a[key], b[key]];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return typeof x === 'number' ? x - (y as number) : byCodePoint(x as string, y as string);
  }
  return 0;
}

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

// ---------------------------------------------------------------------------------------

describe('build:data over the five sample reports', () => {
  let b: Built;
  const parsed = new Map<string, Report>();

  beforeAll(async () => {
    b = await build(SAMPLES);
    const manifestPath = join(SAMPLES, 'manifest.csv');
    let manifest: ManifestRead | undefined;
    try {
      manifest = parseManifest(readFileSync(manifestPath, 'utf8'));
    } catch {
      manifest = undefined;
    }
    for (const file of SAMPLE_FILES) parsed.set(file, parseReport(readFileSync(join(SAMPLES, file)), file, { manifest }));
  }, 60_000);

  afterAll(() => {
    if (b) removeOutput(b.out);
  });

  it('writes the four files and the source texts, and leaves no temporary files behind', () => {
    expect(readdirSync(b.out).sort()).toEqual(['agencies.parquet', 'agency-index', 'cells.parquet', 'checks.parquet', 'cube', 'facts.parquet', 'reports.parquet', 'sources', 'summary.json']);
    // the texts are packed: shard files and one index per first two hex digits of the id
    const prefixes = [...new Set(b.reports.map((r) => `index-${String(r.report_id).slice(0, 2)}.json`))];
    const files = readdirSync(join(b.out, 'sources')).sort();
    expect(files.filter((f) => f.startsWith('index-'))).toEqual(prefixes.sort());
    expect(files.filter((f) => !f.startsWith('index-')).every((f) => /^shard-\d{3}\.txt$/.test(f))).toBe(true);
    for (const r of b.reports) expect(builtSource(join(b.out, 'sources'), String(r.report_id)), String(r.file)).not.toBeNull();
    const mianchi = b.reports.find((r) => r.file === '001_0f68198b50857d74.txt')!;
    expect(builtSource(join(b.out, 'sources'), String(mianchi.report_id))).toBe(readFileSync(join(SAMPLES, '001_0f68198b50857d74.txt'), 'utf8'));
  });

  it('reports.parquet has exactly the REPORT_FIELDS columns, names and types, in order', () => {
    expect(b.reportColumns).toEqual(REPORT_FIELDS.map((f) => ({ name: f.name, type: f.type })));
    expect(b.cellColumns).toEqual(CELL_COLUMNS.map((c) => ({ name: c.name, type: c.type })));
    expect(b.checkColumns).toEqual(CHECK_COLUMNS.map((c) => ({ name: c.name, type: c.type })));
  });

  it('has one row per report, sorted for the views: year, province, city, county, agency, file', () => {
    expect(b.reports.map((r) => r.file).sort()).toEqual(SAMPLE_FILES);
    expect(b.reports.map((r) => r.file)).toEqual([...b.reports].sort(viewOrder).map((r) => r.file));
  });

  it('every reports.parquet value equals the parser output', () => {
    for (const row of b.reports) {
      const file = row.file as string;
      const bytes = readFileSync(join(SAMPLES, file));
      const report = parsed.get(file)!;
      // agency_id: the region code and the name (no variant spellings among the samples); no sample is a duplicate.
      const extras = { report_id: reportId(file), sha256: sha(bytes), bytes: bytes.length, agency_id: `${report.region_code}-${report.agency}`, superseded_by: null };
      for (const f of REPORT_FIELDS) expect(row[f.name], `${file} ${f.name}`).toEqual(f.value(report, extras));
      // And straight against the report's tables, not through fields.ts.
      TABLE2_FIELDS.forEach((f) => {
        const v = report.table2[f.row];
        expect(row[table2Column(f)], `${file} ${f.key}`).toEqual(Array.isArray(v) ? v[f.index] : v);
      });
      TABLE3_ROWS.forEach((_, r) => TABLE3_COLUMNS.forEach((_, c) => expect(row[table3Column(r, c)], `${file} t3[${r},${c}]`).toEqual(report.table3[r][c])));
      TABLE4_FIELDS.forEach((f, i) => expect(row[table4Column(f)], `${file} ${f.key}`).toEqual(report.table4[i]));
      expect(row.report_id).toBe(sha(`file:${file}`).slice(0, 16));
      expect(row.bytes).toBe(bytes.length);
    }
  });

  it('cells.parquet says where each read cell was printed: line, char_start, char_end index the source text (issue 10 item 6)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await db.run('CREATE TABLE src (report_id VARCHAR, text VARCHAR)');
      for (const r of b.reports) {
        const text = builtSource(join(b.out, 'sources'), String(r.report_id))!;
        // DuckDB counts characters (code points), the offsets UTF-16 units: the same for these texts.
        expect(/[\uD800-\uDFFF]/.test(text)).toBe(false);
        await db.run('INSERT INTO src VALUES ($id, $text)', { id: String(r.report_id), text });
      }
      const reader = await db.runAndReadAll(`
        WITH c AS (SELECT c.*, s.text FROM read_parquet($path) c JOIN src s USING (report_id))
        SELECT
          count(*) FILTER (WHERE char_start IS NOT NULL) AS placed,
          count(*) FILTER (WHERE flag = 'stated') AS stated,
          count(*) FILTER (WHERE flag = 'stated' AND char_start IS NULL) AS stated_unplaced,
          count(*) FILTER (WHERE char_start IS NOT NULL AND NOT (char_end > char_start AND char_start >= 0 AND char_end <= length(text))) AS bad_range,
          count(*) FILTER (WHERE char_start IS NOT NULL AND substring(text, char_start + 1, char_end - char_start) <> raw) AS not_raw,
          count(*) FILTER (WHERE char_start IS NOT NULL
            AND line <> 1 + length(substring(text, 1, char_start)) - length(replace(substring(text, 1, char_start), chr(10), ''))) AS bad_line,
          count(*) FILTER (WHERE flag = 'missing' AND char_start IS NOT NULL AND raw IS NULL) AS placed_without_text,
          count(*) FILTER (WHERE flag = 'derived' AND raw IS NULL AND char_start IS NOT NULL) AS derived_placed
        FROM c`, { path: join(b.out, 'cells.parquet') });
      const [counts] = reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));
      expect(counts.placed).toBeGreaterThan(900);
      expect(counts).toMatchObject({ stated_unplaced: 0, bad_range: 0, not_raw: 0, bad_line: 0, placed_without_text: 0, derived_placed: 0 });
      expect(counts.placed).toBeGreaterThanOrEqual(counts.stated);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it('cells.parquet holds every cell of tables 2–4 with the parser value, raw text and flag', () => {
    // tables 2–4, plus the seven cells of a printed 其他处理 total (empty when the three rows are printed)
    const perReport = TABLE2_FIELDS.length + TABLE2_2019_FIELDS.length + (TABLE3_ROWS.length + 1) * TABLE3_COLUMNS.length + TABLE4_FIELDS.length;
    expect(b.cells).toHaveLength(SAMPLE_FILES.length * perReport);
    for (const file of SAMPLE_FILES) {
      const report = parsed.get(file)!;
      const cells = b.cells.filter((c) => c.file === file);
      expect(cells).toHaveLength(perReport);
      const id = b.reports.find((r) => r.file === file)!.report_id;
      for (const cell of cells) {
        const want = expectedCell(report, cell.table_name as string, cell.row_index as number, cell.col_index as number);
        const at = `${file} ${cell.table_name}[${cell.row_index},${cell.col_index}]`;
        expect(cell.report_id, at).toBe(id);
        expect(cell.value, at).toEqual(want.value);
        expect(cell.raw, at).toEqual(want.raw);
        expect(cell.flag, at).toBe(want.flag);
        expect(cell.rule, at).toEqual(want.rule);
        // The flat name of the cell is a reports.parquet column holding the same value.
        expect(b.reports.find((r) => r.file === file)![cell.field as string], at).toEqual(want.value);
      }
      // Every derived cell of the report is flagged so.
      expect(cells.filter((c) => c.flag === 'derived')).toHaveLength(report.derived.length);
    }
  });

  it('checks.parquet holds every check of every report, in order', () => {
    for (const file of SAMPLE_FILES) {
      const report = parsed.get(file)!;
      const checks = b.checks.filter((c) => c.file === file);
      expect(checks, file).toHaveLength(report.checks.length);
      checks.forEach((c, i) => {
        const want = report.checks[i];
        expect(c.check_index).toBe(i);
        expect([c.code, c.severity, c.message_zh, c.message_en]).toEqual([want.code, want.severity, want.message_zh, want.message_en]);
        expect(JSON.parse(c.cells as string)).toEqual(want.cells.map(({ table, row, col }) => ({ table, row, col })));
        expect(c.cell_refs).toBe(want.cells.map((r) => `${r.table}[${r.row},${r.col}]`).join(';'));
      });
    }
    expect(b.checks).toHaveLength(SAMPLE_FILES.reduce((n, f) => n + parsed.get(f)!.checks.length, 0));
  });

  it('reads the known values of the samples', () => {
    const r0 = b.reports.find((r) => r.file === '000_91b38fa976f5289e.txt')!;
    expect(r0.t3_new_total).toBe(126);
    expect(r0.t3_total_handled_total).toBe(129);
    expect(r0.t2_normative_documents_in_force).toBe(380);
    expect(r0.agency).toBe('嘉兴市人民政府办公室');
    const r1 = b.reports.find((r) => r.file === '001_0f68198b50857d74.txt')!;
    expect(r1.t2_fees_10k_yuan).toBe(344.0982);
    const cell = b.cells.find((c) => c.file === '001_0f68198b50857d74.txt' && c.table_name === 'table3' && c.row_index === 23 && c.col_index === 0)!;
    expect(cell).toMatchObject({ value: 52, flag: 'derived', field: 't3_total_handled_natural_person', row_key: 'total_handled', col_key: 'natural_person' });
    expect(cell.rule).toBeTypeOf('string');
    expect(cell.label_zh).toBe('办理总计·自然人');
  });

  it('summary.json counts and first-paint block agree with the data', () => {
    const s = b.summary;
    expect(s.reports).toBe(SAMPLE_FILES.length);
    const statuses = b.reports.map((r) => r.status);
    for (const key of ['ok', 'warning', 'partial', 'failed'] as const) expect(s.status_counts[key], key).toBe(statuses.filter((x) => x === key).length);
    expect(s.failed).toEqual([]);
    expect(s.years).toEqual([...new Set(b.reports.map((r) => r.year).filter((y) => y !== null))].sort());
    expect(s.rows).toEqual({ reports: b.reports.length, facts: b.reports.length, cells: b.cells.length, checks: b.checks.length, agencies: new Set(b.reports.map((r) => r.agency_id)).size });
    for (const f of s.files) expect(f.bytes, f.name).toBe(statSync(join(b.out, f.name)).size);
    expect(s.files.map((f) => f.name)).toEqual(['facts.parquet', 'reports.parquet', 'cells.parquet', 'checks.parquet', 'agencies.parquet']);
    expect(new Date(s.built_at).toISOString()).toBe(s.built_at);
    expect(s.duration_ms).toBeGreaterThanOrEqual(0);
    // overview: in file order
    expect(s.overview!.map((o) => o.report_id)).toEqual([...b.reports].sort((x, y) => byCodePoint(x.file as string, y.file as string)).map((r) => r.report_id));
    for (const o of s.overview!) {
      const report = parsed.get(b.reports.find((r) => r.report_id === o.report_id)!.file as string)!;
      for (const [group, rows] of Object.entries(OUTCOME_ROWS)) {
        const values = rows.map((r) => report.table3[r][T3_TOTAL_COLUMN]);
        const want = values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v as number), 0);
        expect(o.outcomes[group as keyof typeof o.outcomes], `${o.report_id} ${group}`).toBe(want);
      }
      expect(o.total_handled).toBe(report.table3[23][T3_TOTAL_COLUMN]);
      expect(o.fees_10k_yuan).toBe(report.table2.fees_10k_yuan);
      expect(o.processing_fee_yuan).toBe(report.processing_fee_yuan);
    }
    const o0 = s.overview!.find((o) => o.report_id === b.reports.find((r) => r.file === '000_91b38fa976f5289e.txt')!.report_id)!;
    expect(o0.total_handled).toBe(129);
    expect(o0.agency).toBe('嘉兴市人民政府办公室');
  });

  it('the status in reports.parquet follows the worst check in checks.parquet (issue 8 item 2)', () => {
    for (const r of b.reports) {
      const severities = new Set(b.checks.filter((c) => c.report_id === r.report_id).map((c) => c.severity));
      const want = r.error_code !== null ? 'failed' : severities.has('error') ? 'partial' : severities.has('warning') ? 'warning' : 'ok';
      expect(r.status, r.file as string).toBe(want);
      expect(r.check_errors, r.file as string).toBe(b.checks.filter((c) => c.report_id === r.report_id && c.severity === 'error').length);
    }
  });

  it('the printed summary gives every Parquet file its row count, as DuckDB counts it (issue 8 item 8)', async () => {
    const printed = formatSummary(b.summary, b.out, 0);
    expect(printed).not.toMatch(/\? rows/);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const name of ['facts.parquet', 'reports.parquet', 'cells.parquet', 'checks.parquet', 'agencies.parquet']) {
        const reader = await connection.runAndReadAll('SELECT COUNT(*)::INTEGER AS n FROM read_parquet($path)', { path: join(b.out, name) });
        const n = Number(reader.getRowObjectsJS()[0].n);
        expect(printed, name).toMatch(new RegExp(`^  ${name.replace('.', '\\.')} +\\S+ \\S+ +${n} rows$`, 'm'));
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('is deterministic: a second build writes the same Parquet bytes', async () => {
    const again = mkdtempSync(join(tmpdir(), 'build-data-again-'));
    try {
      await buildData({ reportsDir: SAMPLES, outDir: again });
      for (const name of ['facts.parquet', 'reports.parquet', 'cells.parquet', 'checks.parquet', 'agencies.parquet']) {
        expect(sha(readFileSync(join(again, name))), name).toBe(sha(readFileSync(join(b.out, name))));
      }
    } finally {
      removeOutput(again);
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------

describe('build:data over a folder with bad files', () => {
  let b: Built;
  let dir: string;
  let fifo = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'build-data-in-'));
    copyFileSync(join(SAMPLES, SAMPLE_FILES[0]), join(dir, SAMPLE_FILES[0]));
    copyFileSync(join(SAMPLES, SAMPLE_FILES[1]), join(dir, SAMPLE_FILES[1]));
    mkdirSync(join(dir, 'sub'));
    copyFileSync(join(SAMPLES, SAMPLE_FILES[2]), join(dir, 'sub', SAMPLE_FILES[2]));
    writeFileSync(join(dir, '010_empty.txt'), '');
    const binary = new Uint8Array(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    writeFileSync(join(dir, '011_binary.txt'), binary);
    writeFileSync(join(dir, '012_scan.pdf'), '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n');
    writeFileSync(join(dir, '013_not_a_report.txt'), '今天天气很好。\n没有表格。\n');
    symlinkSync(join(dir, 'nowhere.txt'), join(dir, '014_dangling_link.txt'));
    symlinkSync('.', join(dir, 'sub', 'loop')); // a link back to its own folder: visited once
    try {
      execFileSync('mkfifo', [join(dir, '015_pipe.txt')]);
      fifo = true;
    } catch {
      fifo = false;
    }
    writeFileSync(join(dir, '.hidden.txt'), 'not a report');
    writeFileSync(join(dir, 'README.md'), '# notes');
    writeFileSync(join(dir, 'manifest.csv'),
      `file,agency,year,region_code,source_url\n${SAMPLE_FILES[0]},测试机关,2024,,https://example.org/a\n${SAMPLE_FILES[1]},,abc,,\n`);
    b = await build(dir);
  }, 60_000);

  afterAll(() => {
    if (b) removeOutput(b.out);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes one row per input file, skipping dotfiles, README and the manifest', () => {
    const want = [SAMPLE_FILES[0], SAMPLE_FILES[1], '010_empty.txt', '011_binary.txt', '012_scan.pdf', '013_not_a_report.txt', '014_dangling_link.txt',
      ...(fifo ? ['015_pipe.txt'] : []), `sub/${SAMPLE_FILES[2]}`];
    expect(b.reports.map((r) => r.file as string).sort(byCodePoint)).toEqual(want);
    expect(new Set(b.reports.map((r) => r.report_id)).size).toBe(want.length);
  });

  it('gives every bad file the status failed and a reason', () => {
    const bad = b.reports.filter((r) => !SAMPLE_FILES.some((f) => (r.file as string).endsWith(f)));
    expect(bad.length).toBe(fifo ? 6 : 5);
    for (const r of bad) {
      expect(r.status, r.file as string).toBe('failed');
      expect(r.error, r.file as string).toMatch(/\S/);
    }
    const byFile = new Map(b.summary.failed.map((f) => [f.file, f]));
    expect(byFile.get('010_empty.txt')?.code).toBe('empty');
    expect(['binary', 'undecodable']).toContain(byFile.get('011_binary.txt')?.code);
    // a PDF cut off after its first object: the PDF reader says so
    expect(byFile.get('012_scan.pdf')?.code).toBe('truncated_pdf');
    expect(byFile.get('013_not_a_report.txt')?.code).toBe('no_tables');
    expect(byFile.get('014_dangling_link.txt')?.code).toBe('unreadable');
    if (fifo) expect(byFile.get('015_pipe.txt')?.message_en).toMatch(/not a regular file/);
    for (const f of b.summary.failed) {
      expect(f.message_zh, f.file).toMatch(/\S/);
      expect(f.message_en, f.file).toMatch(/\S/);
    }
    // A file that could not be read has no hash and no size.
    const link = b.reports.find((r) => r.file === '014_dangling_link.txt')!;
    expect([link.sha256, link.bytes]).toEqual([null, null]);
    const empty = b.reports.find((r) => r.file === '010_empty.txt')!;
    expect([empty.sha256, empty.bytes]).toEqual([sha(new Uint8Array(0)), 0]);
  });

  it('keeps the good reports as they are, and applies the manifest', () => {
    const good = b.reports.filter((r) => r.status !== 'failed');
    expect(good).toHaveLength(3);
    const r0 = b.reports.find((r) => r.file === SAMPLE_FILES[0])!;
    expect(r0).toMatchObject({ agency: '测试机关', agency_source: 'manifest', year: 2024, source_url: 'https://example.org/a' });
    const sub = b.reports.find((r) => r.file === `sub/${SAMPLE_FILES[2]}`)!;
    const report = parseReport(readFileSync(join(SAMPLES, SAMPLE_FILES[2])), `sub/${SAMPLE_FILES[2]}`);
    expect(sub.t3_total_handled_total).toBe(report.table3[23][6]);
  });

  it('reports manifest problems as warnings, and counts the statuses', () => {
    expect(b.summary.warnings.some((w) => w.includes('"abc" is not a year'))).toBe(true);
    expect(b.summary.reports).toBe(b.reports.length);
    expect(b.summary.status_counts.failed).toBe(fifo ? 6 : 5);
    const counts = b.summary.status_counts;
    expect(counts.ok + counts.warning + counts.partial + counts.failed).toBe(b.reports.length);
    expect(b.summary.overview).toHaveLength(b.reports.length);
  });

  it('writes cells for every report, and every check', () => {
    expect(b.cells).toHaveLength(b.reports.length * (TABLE2_FIELDS.length + TABLE2_2019_FIELDS.length + (TABLE3_ROWS.length + 1) * TABLE3_COLUMNS.length + TABLE4_FIELDS.length));
    const failedCells = b.cells.filter((c) => c.file === '010_empty.txt');
    expect(failedCells.every((c) => c.flag === 'missing' && c.value === null)).toBe(true);
    const manifest = parseManifest(readFileSync(join(dir, 'manifest.csv'), 'utf8'));
    const want = b.reports.reduce((n, r) => n + (r.status === 'failed' && r.sha256 === null ? 0 : parseReport(readFileSync(join(dir, r.file as string)), r.file as string, { manifest }).checks.length), 0);
    expect(b.checks).toHaveLength(want);
  });
});
