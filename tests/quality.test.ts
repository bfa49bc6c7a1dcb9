// The data-quality view's questions (src/db/quality.ts) on a real build: the samples plus a report
// whose own numbers disagree and a file that cannot be read. Expected sets come from SQL written
// here on checks.parquet / reports.parquet, not from the queries under test. And the view's
// filter in the URL (issue 8 item 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { NO_FILTERS, type Filters, type Query } from '../src/db/queries.ts';
import { checkFamilies, checksExport, checksOfQualityPage, familyOf, NO_QUALITY_FILTER, qualityCount, qualityPage, type QualityFilter } from '../src/db/quality.ts';
import { DEFAULT_STATE, parseState, stateToSearch } from '../src/app/url.ts';

let dir: string;
let out: string;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quality-in-'));
  out = mkdtempSync(join(tmpdir(), 'quality-out-'));
  for (const f of readdirSync('data/reports')) copyFileSync(join('data/reports', f), join(dir, f));
  const text = readFileSync('data/reports/000_91b38fa976f5289e.txt', 'utf8');
  writeFileSync(join(dir, 'zz_broken.txt'), text.replace('(七)总计 | 108 | 21 | 0 | 0 | 0 | 0 | 129', '(七)总计 | 108 | 21 | 0 | 0 | 0 | 0 | 130').replace(/2024/g, '2022'));
  writeFileSync(join(dir, 'zz_empty.txt'), '');
  await buildData({ reportsDir: dir, outDir: out });
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  for (const table of ['facts', 'reports', 'checks']) await connection.run(`CREATE TABLE ${table} AS SELECT * FROM read_parquet('${join(out, `${table}.parquet`)}')`);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

async function run<T = Record<string, unknown>>(q: Query | string): Promise<T[]> {
  const reader = typeof q === 'string' ? await connection.runAndReadAll(q) : await connection.runAndReadAll(q.sql, q.params as DuckDBValue[]);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}
const ids = async (sql: string) => (await run<{ report_id: string }>(sql)).map((r) => r.report_id).sort();
const qf = (over: Partial<QualityFilter>): QualityFilter => ({ ...NO_QUALITY_FILTER, ...over });
const all = async (filters: Filters, q: QualityFilter) => (await run<{ report_id: string }>(qualityPage(filters, q, 1000, 0))).map((r) => r.report_id).sort();

describe('quality queries', () => {
  it('the fixture has a partial report with source.* errors and a failed file', async () => {
    expect((await run<{ status: string; n: number }>('SELECT status, COUNT(*)::INTEGER AS n FROM reports GROUP BY status ORDER BY status'))
      .map((r) => r.status)).toEqual(expect.arrayContaining(['failed', 'partial', 'warning', 'ok']));
  });

  it('filters by status, family and severity, counting what it lists', async () => {
    const cases: [QualityFilter, string][] = [
      [NO_QUALITY_FILTER, 'SELECT report_id FROM reports'],
      [qf({ status: 'partial' }), "SELECT report_id FROM reports WHERE status = 'partial'"],
      [qf({ family: 'source' }), "SELECT DISTINCT report_id FROM checks WHERE code LIKE 'source.%'"],
      [qf({ family: 'meta', severity: 'warning' }), "SELECT DISTINCT report_id FROM checks WHERE code LIKE 'meta.%' AND severity = 'warning'"],
      [qf({ severity: 'info' }), "SELECT DISTINCT report_id FROM checks WHERE severity = 'info'"],
      [qf({ status: 'ok', family: 'source' }), "SELECT DISTINCT c.report_id FROM checks c JOIN reports r USING (report_id) WHERE c.code LIKE 'source.%' AND r.status = 'ok'"],
      [qf({ family: 'nosuchfamily' }), 'SELECT report_id FROM reports WHERE false'],
    ];
    for (const [q, truth] of cases) {
      const want = await ids(truth);
      expect(await all(NO_FILTERS, q), JSON.stringify(q)).toEqual(want);
      expect(await run(qualityCount(NO_FILTERS, q)), JSON.stringify(q)).toEqual([{ n: want.length }]);
    }
    expect((await ids("SELECT DISTINCT report_id FROM checks WHERE code LIKE 'source.%'")).length).toBeGreaterThan(0);
  });

  it('lists worst first, and pages without gaps or repeats', async () => {
    const rows = await run<{ status: string; report_id: string }>(qualityPage(NO_FILTERS, NO_QUALITY_FILTER, 1000, 0));
    const rank = { failed: 0, partial: 1, warning: 2, ok: 3 } as Record<string, number>;
    expect(rows.map((r) => rank[r.status])).toEqual([...rows.map((r) => rank[r.status])].sort((a, b) => a - b));
    const pages = [...(await run<{ report_id: string }>(qualityPage(NO_FILTERS, NO_QUALITY_FILTER, 3, 0))), ...(await run<{ report_id: string }>(qualityPage(NO_FILTERS, NO_QUALITY_FILTER, 3, 3))), ...(await run<{ report_id: string }>(qualityPage(NO_FILTERS, NO_QUALITY_FILTER, 3, 6)))];
    expect(pages.map((r) => r.report_id)).toEqual(rows.map((r) => r.report_id));
  });

  it("shows a page's checks, only the chosen family's when one is chosen", async () => {
    const checks = await run<{ code: string }>(checksOfQualityPage(NO_FILTERS, qf({ family: 'source' }), 50, 0));
    expect(checks.length).toBe((await run("SELECT * FROM checks WHERE code LIKE 'source.%'")).length);
    expect(checks.every((c) => c.code.startsWith('source.'))).toBe(true);
  });

  it("lists a report's errors first, then its warnings, then its notes, each in the order made", async () => {
    // Made here: 怀化's first five checks (the ones the page shows) were notes and a warning, its 16 errors folded below.
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run('CREATE TABLE reports (report_id VARCHAR, file VARCHAR, agency VARCHAR, year INTEGER, status VARCHAR, error_code VARCHAR, error VARCHAR, error_en VARCHAR, derived_cells INTEGER, check_errors INTEGER, check_warnings INTEGER)');
    await db.run('CREATE TABLE checks (report_id VARCHAR, check_index INTEGER, code VARCHAR, severity VARCHAR, cell_refs VARCHAR[], message_zh VARCHAR, message_en VARCHAR)');
    await db.run("INSERT INTO reports VALUES ('a', 'a.txt', 'x', 2024, 'partial', NULL, NULL, NULL, 0, 2, 1), ('b', 'b.txt', 'y', 2024, 'ok', NULL, NULL, NULL, 0, 0, 0)");
    const made = [['a', 'info'], ['a', 'warning'], ['a', 'info'], ['a', 'error'], ['b', 'info'], ['a', 'error'], ['a', 'info']];
    for (const [i, [id, severity]] of made.entries()) await db.run(`INSERT INTO checks VALUES (?, ?, 'x.y', ?, [], '', '')`, [id, made.slice(0, i).filter((m) => m[0] === id).length, severity]);
    const q = checksOfQualityPage(NO_FILTERS, NO_QUALITY_FILTER, 50, 0);
    const got = (await db.runAndReadAll(q.sql, q.params)).getRowObjectsJson().map((r) => `${r.report_id}:${r.severity}`);
    // a's checks in the order made: info 0, warning 1, info 2, error 3, error 4, info 5.
    expect(got).toEqual(['a:error', 'a:error', 'a:warning', 'a:info', 'a:info', 'a:info', 'b:info']);
  });

  it('derives the families from the codes, with counts', async () => {
    const got = await run<{ family: string; severity: string; n: number }>(checkFamilies(NO_FILTERS));
    const want = await run<{ family: string; severity: string; n: number }>(
      "SELECT regexp_extract(code, '^[^.]*') AS family, severity, COUNT(*)::INTEGER AS n FROM checks GROUP BY ALL ORDER BY family, severity");
    expect(got).toEqual(want);
    expect(familyOf('source.t3.outcomes_sum')).toBe('source');
    expect(familyOf('odd')).toBe('odd');
  });

  it('exports every selected check of the whole result (not one page), with its report', async () => {
    const rows = await run<Record<string, unknown>>(checksExport(NO_FILTERS, qf({ severity: 'error' })));
    const want = await run<{ n: number }>("SELECT COUNT(*)::INTEGER AS n FROM checks WHERE severity = 'error'");
    expect(rows).toHaveLength(want[0].n);
    expect(rows.every((r) => r.severity === 'error' && typeof r.file === 'string' && r.family === String(r.code).split('.')[0])).toBe(true);
    const everything = await run(checksExport(NO_FILTERS, NO_QUALITY_FILTER));
    expect(everything).toHaveLength((await run<{ n: number }>('SELECT COUNT(*)::INTEGER AS n FROM checks'))[0].n);
    // With a place filter: only that place's reports' checks.
    const henan = await run<{ report_id: string }>(checksExport({ ...NO_FILTERS, province: '河南省' }, NO_QUALITY_FILTER));
    expect([...new Set(henan.map((r) => r.report_id))].sort()).toEqual(await ids("SELECT DISTINCT report_id FROM checks WHERE report_id IN (SELECT report_id FROM reports WHERE province = '河南省')"));
  });

  it('binds the family as a parameter', () => {
    const q = qualityPage(NO_FILTERS, qf({ family: "x' OR 1=1 --" }));
    expect(q.sql).not.toContain('OR 1=1');
    expect(q.params).toContain("x' OR 1=1 --");
  });
});

describe('the quality filter in the URL', () => {
  it('round-trips on the quality view, and is left out of other views\' links', () => {
    const state = { ...DEFAULT_STATE, view: 'quality' as const, qstatus: 'partial' as const, family: 'source', severity: 'error' as const, page: 2 };
    const search = stateToSearch(state);
    expect(new URLSearchParams(search).get('status')).toBe('partial');
    const back = parseState(search);
    expect([back.view, back.qstatus, back.family, back.severity, back.page]).toEqual(['quality', 'partial', 'source', 'error', 2]);
    expect(stateToSearch({ ...state, view: 'outcomes' })).not.toMatch(/status|family|severity/);
  });
  it('drops values that are not a status, a family or a severity', () => {
    const s = parseState('?view=quality&status=bogus&family=Bad.Family&severity=fatal');
    expect([s.qstatus, s.family, s.severity]).toEqual([null, null, null]);
  });
});
