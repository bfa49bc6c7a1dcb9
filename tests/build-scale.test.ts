// The data build at scale: ~2,000 reports (links to the samples under distinct names, with a
// manifest giving each its own agency, year and county) through the worker pool. Every input
// once; the Parquet equal to single-threaded parsing; the by-year layout; incremental rebuilds;
// summary.first_paint equal to the dashboard's queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildData, NULL_PARTITION, reportId, SUMMARY_FILE, type Summary } from '../src/build/build.ts';
import { CELL_SLOTS } from '../src/build/rows.ts';
import { UNKNOWN_REGION } from '../src/build/agencies.ts';
import { readDocument } from '../src/format/parse.ts';
import '../src/format/readers.ts';
import { parseManifest } from '../src/format/manifest.ts';
import { REPORT_FIELDS } from '../src/format/fields.ts';
import { NO_FILTERS, countReports, facetCounts, outcomesByAgency, outcomesOverall, regionCounts, type Query } from '../src/db/queries.ts';
import { makeCorpus, SOURCES } from '../bench/build/corpus.ts';
import { builtSource } from './helpers.ts';

const N = 2_000;
const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(plain) : v ?? null);
type Row = Record<string, unknown>;

let root: string;
let corpus: string;
let files: string[];
let db: DuckDBInstance;
let connection: DuckDBConnection;

async function all(sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
}
const parquet = (dir: string, name: string) => `read_parquet('${join(dir, name).replace(/'/g, "''")}')`;
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, SUMMARY_FILE), 'utf8')) as Summary;

describe(`build:data over ${N} reports with worker threads`, () => {
  let out: string;
  let summary: Summary;
  let cache: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'build-scale-'));
    corpus = join(root, 'reports');
    files = makeCorpus(corpus, N).files;
    out = join(root, 'out');
    cache = join(root, 'cache');
    // The by-year layout is written from 1,000 reports on here (50,000 by default).
    summary = (await buildData({ reportsDir: corpus, outDir: out, threads: 2, cacheDir: cache, partitionAbove: 1_000 })).summary;
    db = await DuckDBInstance.create(':memory:');
    connection = await db.connect();
  }, 120_000);

  afterAll(() => {
    connection?.closeSync();
    db?.closeSync();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('parses every input once, on the threads', async () => {
    expect(summary.parse).toMatchObject({ parsed: N, cached: 0, threads: 2 });
    const rows = await all(`SELECT file, report_id FROM ${parquet(out, 'reports.parquet')}`);
    expect(rows.map((r) => r.file as string).sort()).toEqual([...files].sort());
    expect(new Set(rows.map((r) => r.report_id)).size).toBe(N);
    expect(summary.reports).toBe(N);
    expect(summary.rows).toEqual({ reports: N, facts: N, cells: N * CELL_SLOTS.length, checks: summary.rows.checks, agencies: N });
    const [{ n }] = await all(`SELECT COUNT(DISTINCT report_id) AS n FROM ${parquet(out, 'cells.parquet')}`);
    expect(n).toBe(N);
    // one source text per readable report, in a few shards
    for (const file of files.slice(0, 20)) expect(builtSource(join(out, 'sources'), reportId(file)), file).not.toBeNull();
    expect(readdirSync(join(out, 'sources')).length).toBeLessThanOrEqual(256 + 4);
    // summary.json stays small; no overview below the cut-off is needed here (2,000 ≤ 5,000)
    expect(statSync(join(out, SUMMARY_FILE)).size).toBeLessThan(2_000_000);
    expect(summary.overview).toHaveLength(N);
  });

  it('the Parquet round trip equals parsing in one thread, for a sample of every source', async () => {
    const manifest = parseManifest(readFileSync(join(corpus, 'manifest.csv'), 'utf8'));
    const sample = files.filter((_, i) => i % 97 < SOURCES.length && i % 97 === i % SOURCES.length).slice(0, 40);
    expect(sample.length).toBeGreaterThanOrEqual(SOURCES.length);
    for (const file of sample) {
      const bytes = readFileSync(join(corpus, file));
      const { report, text } = await readDocument(bytes, file, { manifest });
      const id = reportId(file);
      const [row] = await all(`SELECT * FROM ${parquet(out, 'reports.parquet')} WHERE report_id = ?`, [id]);
      // agency_id: the manifest's region code (000000 where it names none) and name (no variant spellings among them); every agency is distinct here.
      const extras = { report_id: id, sha256: sha(bytes), bytes: bytes.length, agency_id: `${report.region_code ?? UNKNOWN_REGION}-${report.agency}`, superseded_by: null };
      for (const f of REPORT_FIELDS) expect(row[f.name], `${file} ${f.name}`).toEqual(f.value(report, extras));
      const cells = await all(`SELECT * FROM ${parquet(out, 'cells.parquet')} WHERE report_id = ?`, [id]);
      expect(cells).toHaveLength(CELL_SLOTS.length);
      const derived = new Map(report.derived.map((d) => [`${d.table}[${d.row},${d.col}]`, d.rule]));
      cells.forEach((c, i) => {
        const s = CELL_SLOTS[i];
        expect([c.table_name, c.row_index, c.col_index, c.field, c.label_zh], `${file} cell ${i}`).toEqual([s.table, s.row, s.col, s.field, s.zh]);
        expect(c.value, `${file} ${s.field}`).toEqual(row[s.field]);
        const rule = derived.get(`${s.table}[${s.row},${s.col}]`) ?? null;
        expect(c.rule, `${file} ${s.field}`).toEqual(rule);
        expect(c.flag).toBe(rule ? 'derived' : c.value === null ? 'missing' : 'stated');
      });
      const checks = await all(`SELECT code, severity, message_en, check_index FROM ${parquet(out, 'checks.parquet')} WHERE report_id = ? ORDER BY check_index`, [id]);
      expect(checks.map((c) => [c.code, c.severity, c.message_en])).toEqual(report.checks.map((c) => [c.code, c.severity, c.message_en]));
      expect(builtSource(join(out, 'sources'), id)).toBe(text);
    }
  });

  it('cells.parquet is in report_id order, then template order, row after row as written (cells_sorted_by)', async () => {
    // Where each cell should stand in the file, from the reports' ids sorted here and the template
    // order of CELL_SLOTS; the file's own order from file_row_number.
    const slots = CELL_SLOTS.map((s, i) => `(${i}, '${s.table}', ${s.row}, ${s.col})`).join(', ');
    const [r] = await all(`WITH ids AS (SELECT report_id, ROW_NUMBER() OVER (ORDER BY report_id) - 1 AS k FROM ${parquet(out, 'reports.parquet')}),
        slots (slot, t, r, c) AS (VALUES ${slots}),
        cells AS (SELECT * FROM read_parquet('${join(out, 'cells.parquet').replace(/'/g, "''")}', file_row_number = true))
      SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE cells.file_row_number <> ids.k * ${CELL_SLOTS.length} + slots.slot) AS misplaced
      FROM cells JOIN ids USING (report_id) JOIN slots ON slots.t = cells.table_name AND slots.r = cells.row_index AND slots.c = cells.col_index`);
    expect(r).toEqual({ n: summary.reports * CELL_SLOTS.length, misplaced: 0 });
    expect(summary.reports).toBe(N);
  });

  it('checks.parquet is in report_id, then check_index order, row after row, each report numbered 0, 1, … (loaded so, not sorted)', async () => {
    const [r] = await all(`WITH c AS (SELECT report_id, check_index, file_row_number AS pos
        FROM read_parquet('${join(out, 'checks.parquet').replace(/'/g, "''")}', file_row_number = true))
      SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE pos <> k) AS misplaced, COUNT(*) FILTER (WHERE check_index <> i) AS gaps
      FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY report_id, check_index) - 1 AS k, ROW_NUMBER() OVER (PARTITION BY report_id ORDER BY check_index) - 1 AS i FROM c)`);
    expect(r).toEqual({ n: summary.rows.checks, misplaced: 0, gaps: 0 });
    expect(summary.rows.checks).toBeGreaterThan(N);
  });

  it('writes the by-year partitions above the threshold, with the same rows as reports.parquet', async () => {
    expect(summary.layout.layout).toBe('by_year');
    const parts = summary.layout.partition!.files;
    expect(parts.map((p) => p.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(summary.layout.reports).toEqual(parts.map((p) => `reports/year=${p.year}/part-0.parquet`));
    expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(N);
    for (const p of parts) expect(summary.files.find((f) => f.name === p.path)?.bytes).toBe(statSync(join(out, p.path)).size);
    // Read as hive partitions (the year comes from the folder name), the partitions hold exactly reports.parquet.
    const list = `[${parts.map((p) => `'${join(out, p.path)}'`).join(', ')}]`;
    const columns = REPORT_FIELDS.map((f) => `"${f.name}"`).join(', ');
    const parted = `(SELECT ${columns} FROM read_parquet(${list}, hive_partitioning = true, hive_types = {'year': INTEGER}))`;
    const single = `(SELECT ${columns} FROM ${parquet(out, 'reports.parquet')})`;
    expect(await all(`SELECT COUNT(*) AS n FROM (${single} EXCEPT ALL ${parted})`)).toEqual([{ n: 0 }]);
    expect(await all(`SELECT COUNT(*) AS n FROM (${parted} EXCEPT ALL ${single})`)).toEqual([{ n: 0 }]);
    // each partition file lacks the year column (hive style) and is sorted like reports.parquet
    const described = await all(`DESCRIBE SELECT * FROM read_parquet('${join(out, parts[0].path)}', hive_partitioning = false)`);
    expect(described.map((d) => d.column_name)).toEqual(REPORT_FIELDS.map((f) => f.name).filter((n) => n !== 'year'));
    expect(NULL_PARTITION).toBe('__HIVE_DEFAULT_PARTITION__');
  });

  it('summary.first_paint equals the dashboard queries over the Parquet', async () => {
    await connection.run(`CREATE OR REPLACE VIEW reports AS SELECT * FROM ${parquet(out, 'reports.parquet')}`);
    await connection.run(`CREATE OR REPLACE VIEW facts AS SELECT * FROM ${parquet(out, 'facts.parquet')}`);
    const run = (q: Query) => all(q.sql, q.params as DuckDBValue[]);
    const fp = summary.first_paint;
    expect(fp.outcomes_overall).toEqual((await run(outcomesOverall(NO_FILTERS)))[0]);
    expect(fp.outcomes_top).toEqual(await run(outcomesByAgency(NO_FILTERS, 'granted', 50, 0)));
    expect(fp.outcomes_top).toHaveLength(50);
    expect(fp.count).toBe((await run(countReports(NO_FILTERS)))[0].n);
    expect(fp.provinces).toEqual(await run(regionCounts(NO_FILTERS, 'province')));
    expect(fp.provinces.length).toBeGreaterThan(20);
    expect(fp.years).toEqual(await run(facetCounts(NO_FILTERS, 'year')));
    expect(fp.levels).toEqual(await run(facetCounts(NO_FILTERS, 'level')));
    expect(fp.kinds).toEqual(await run(facetCounts(NO_FILTERS, 'kind')));
    // plain JSON numbers, no BigInt
    expect(JSON.parse(JSON.stringify(fp))).toEqual(fp);
  });

  it('rebuilds incrementally: only changed and added files are parsed, deleted ones disappear, and the output equals a clean build', async () => {
    const changed = files[10];
    const deleted = files[11];
    const added = 'd0000/zz_added.txt';
    // The corpus holds links to the samples: replace the link, never write through it.
    const text = readFileSync(join(corpus, changed), 'utf8');
    rmSync(join(corpus, changed));
    writeFileSync(join(corpus, changed), text.replace(/\d+/, (d) => String(Number(d) + 1)));
    rmSync(join(corpus, deleted));
    writeFileSync(join(corpus, added), readFileSync(SOURCES[0]));

    // Loaded 150 rows at a time (about 14 groups of buckets, cached and parsed rows mixed), and its
    // wide sorts (across's chunks, reports.parquet's) 300 rows at a time; the clean build below in one.
    const again = (await buildData({ reportsDir: corpus, outDir: out, threads: 2, cacheDir: cache, partitionAbove: 1_000, loadGroupRows: 150, sortChunkRows: 300 })).summary;
    expect(again.parse).toMatchObject({ parsed: 2, cached: N - 2 });
    expect(again.reports).toBe(N);
    const clean = join(root, 'clean');
    const fresh = (await buildData({ reportsDir: corpus, outDir: clean, threads: 2, partitionAbove: 1_000 })).summary;
    expect(fresh.parse).toMatchObject({ parsed: N, cached: 0 });
    for (const name of ['facts.parquet', 'reports.parquet', 'cells.parquet', 'checks.parquet', ...again.layout.reports]) {
      expect(sha(readFileSync(join(out, name))), name).toBe(sha(readFileSync(join(clean, name))));
    }
    const { built_at: _a, duration_ms: _b, parse: _c, ...rest } = again;
    const { built_at: _d, duration_ms: _e, parse: _f, ...restFresh } = fresh;
    expect(rest).toEqual(restFresh);
    const ids = (await all(`SELECT file FROM ${parquet(out, 'reports.parquet')}`)).map((r) => r.file);
    expect(ids).toContain(added);
    expect(ids).not.toContain(deleted);
    expect(builtSource(join(out, 'sources'), reportId(deleted))).toBeNull();
    expect(builtSource(join(out, 'sources'), reportId(changed))).toBe(builtSource(join(clean, 'sources'), reportId(changed)));
    expect(builtSource(join(out, 'sources'), reportId(changed))).not.toBeNull();
    // Nothing changed: nothing parsed.
    const third = (await buildData({ reportsDir: corpus, outDir: out, threads: 2, cacheDir: cache, partitionAbove: 1_000 })).summary;
    expect(third.parse).toMatchObject({ parsed: 0, cached: N });
  }, 120_000);
});
