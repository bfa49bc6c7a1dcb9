// Agencies across years: agency_id, duplicates (one charted, the others in no total) and the
// continuity checks. Rules checked on hand-made rows, then on a build of the real two-year series
// of 平潭 (2020 in the 2019 template, 2024 as a web page and as glued text).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { agencyId, normaliseAgencyName } from '../src/build/agencies.ts';
import { compareFilings, duplicateFindings, duplicateGroups, seriesFindings, type Filing, type SeriesReport } from '../src/build/continuity.ts';
import { buildData } from '../src/build/build.ts';
import { NO_FILTERS, countReports, outcomesOverall } from '../src/db/queries.ts';
import { removeOutput } from '../src/build/publish.ts';

describe('agency_id', () => {
  it('is the region code and the name, with known variants unified', () => {
    expect(agencyId('嘉兴市人民政府办公厅', '330400')).toBe('330400-嘉兴市人民政府办公室');
    expect(agencyId('嘉兴市人民政府办公室', '330400')).toBe('330400-嘉兴市人民政府办公室');
    expect(agencyId('平潭综合实验区管理委员会', '350128')).toBe('350128-平潭综合实验区管委会');
    expect(agencyId(' 平潭综合实验区 管委会\u3000', '350128')).toBe('350128-平潭综合实验区管委会');
    expect(normaliseAgencyName('某某县（区）ＡＢＣ局')).toBe('某某县(区)ABC局');
    expect(normaliseAgencyName('某某县文化、体育和旅游局，某某县新闻出版局')).toBe('某某县文化体育和旅游局某某县新闻出版局');
  });
  it('keeps different places apart, and is null without a name', () => {
    expect(agencyId('公安局', '330400')).not.toBe(agencyId('公安局', '360100'));
    expect(agencyId('某某局', null)).toBe('000000-某某局');
    expect(agencyId('某某局', '12')).toBe('000000-某某局');
    expect(agencyId(null, '330400')).toBeNull();
    // The places above the region, spelled out in front, name the same body (rev12: two agencies before).
    expect(agencyId('山东省济宁市人民政府办公室', '370800')).toBe('370800-济宁市人民政府办公室');
    expect(agencyId('济宁市人民政府办公室', '370800')).toBe('370800-济宁市人民政府办公室');
    for (const n of ['江苏省淮安市洪泽区人民政府', '淮安市洪泽区人民政府', '江苏省洪泽区人民政府', '洪泽区人民政府']) expect(agencyId(n, '320813'), n).toBe('320813-洪泽区人民政府');
    expect(agencyId('北京市朝阳区人民政府', '110105')).toBe('110105-朝阳区人民政府');
    // Not stripped: a province's own body, a prefix not followed by the region's name, another region's code.
    expect(agencyId('山东省人民政府', '370000')).toBe('370000-山东省人民政府');
    expect(agencyId('山东省公安厅', '370000')).toBe('370000-山东省公安厅');
    expect(agencyId('山东省监狱管理局济宁分局', '370800')).toBe('370800-山东省监狱管理局济宁分局');
    expect(agencyId('山东省济宁市人民政府办公室', '000000')).toBe('000000-山东省济宁市人民政府办公室');
    expect(agencyId('  ', '330400')).toBeNull();
  });
});

const filing = (over: Partial<Filing>): Filing => ({
  report_id: 'r', file: 'f.txt', agency_id: 'a', year: 2024, errors: 0, warnings: 0, stated: 100, prefer: false, values: [1, 2, 3], ...over,
});

describe('duplicates', () => {
  it('choose by the written rule: prefer, fewer errors, fewer warnings, more stated cells, file name', () => {
    const sorted = (list: Filing[]) => [...list].sort(compareFilings).map((f) => f.report_id);
    expect(sorted([filing({ report_id: 'b', file: 'b' }), filing({ report_id: 'a', file: 'a' })])).toEqual(['a', 'b']);
    expect(sorted([filing({ report_id: 'a', file: 'a', stated: 90 }), filing({ report_id: 'b', file: 'b' })])).toEqual(['b', 'a']);
    expect(sorted([filing({ report_id: 'a', file: 'a', warnings: 1 }), filing({ report_id: 'b', file: 'b', stated: 1 })])).toEqual(['b', 'a']);
    expect(sorted([filing({ report_id: 'a', file: 'a', errors: 1 }), filing({ report_id: 'b', file: 'b', warnings: 9 })])).toEqual(['b', 'a']);
    expect(sorted([filing({ report_id: 'a', file: 'a' }), filing({ report_id: 'b', file: 'b', errors: 3, prefer: true })])).toEqual(['b', 'a']);
  });

  it('tell copies that agree (blanks aside) from copies that differ, and flag every copy', () => {
    const groups = duplicateGroups([
      filing({ report_id: 'x1', file: 'x1', values: [1, 2, 3] }),
      filing({ report_id: 'x2', file: 'x2', values: [1, null, 3], stated: 50 }),
      filing({ report_id: 'y1', file: 'y1', agency_id: 'b', values: [1, 2, 3] }),
      filing({ report_id: 'y2', file: 'y2', agency_id: 'b', values: [1, 5, 4] }),
      filing({ report_id: 'z', file: 'z', agency_id: 'b', year: 2023 }),
    ]);
    expect(groups.map((g) => [g.chosen.report_id, g.others.map((o) => [o.filing.report_id, o.differences, o.gaps])])).toEqual([
      ['x1', [['x2', [], [1]]]],
      ['y1', [['y2', [1, 2], []]]],
    ]);
    const slots = [0, 1, 2].map((i) => ({ zh: `格${i}`, en: `cell ${i}`, cell: { table: 'table3' as const, row: i, col: 6 } }));
    const findings = duplicateFindings(groups, slots);
    expect(findings.map((f) => [f.report_id, f.code, f.severity, f.cells.map((c) => c.row)])).toEqual([
      ['x2', 'continuity.duplicate_identical', 'info', [1]],
      ['x1', 'continuity.duplicate_identical', 'info', [1]],
      ['y2', 'continuity.duplicate', 'warning', [1, 2]],
      ['y1', 'continuity.duplicate', 'warning', [1, 2]],
    ]);
    for (const f of findings) expect(f.message_en).not.toMatch(/[：，；（）]/);
  });
});

const series = (report_id: string, agency_id: string, year: number, carried_in: (number | null)[], carried_out: (number | null)[]): SeriesReport =>
  ({ report_id, file: `${report_id}.txt`, agency_id, year, carried_in, carried_out });
const seven = (v: number | null) => new Array(7).fill(v);

describe('carry-over and missing years', () => {
  it('flags a carry-over mismatch on both years, per column, and nothing where they agree or a cell is blank', () => {
    const findings = seriesFindings([
      series('a21', 'a', 2021, seven(0), [3, 0, 0, 0, 0, 1, 4]),
      series('a22', 'a', 2022, [3, 0, 0, 0, 0, 2, 5], [0, 0, 0, 0, 0, 0, 0]),
      series('a23', 'a', 2023, [null, 0, 0, 0, 0, 0, 0], seven(1)),
      series('b24', 'b', 2024, seven(9), seven(9)),
    ]);
    expect(findings.map((f) => [f.report_id, f.code, f.cells.map((c) => `${c.row},${c.col}`)])).toEqual([
      ['a21', 'continuity.carry_over', ['24,5', '24,6']],
      ['a22', 'continuity.carry_over', ['1,5', '1,6']],
    ]);
    expect(findings[0].message_zh).toContain('其他 1 → 2');
  });

  it('flags the years missing between two reported years on both reports', () => {
    const findings = seriesFindings([series('a20', 'a', 2020, seven(0), seven(0)), series('a24', 'a', 2024, seven(5), seven(0))]);
    expect(findings.map((f) => [f.report_id, f.code, f.severity])).toEqual([
      ['a20', 'continuity.missing_year', 'info'], ['a24', 'continuity.missing_year', 'info'],
    ]);
    expect(findings[0].message_zh).toContain('2021、2022、2023');
  });
});

// ---------------------------------------------------------------------------------------
// The real series: 平潭综合实验区管理委员会, 2020 (2019 template, glued) and 2024 twice.

const CORPUS = 'tests/fixtures/corpus';
const FILES = ['pingtan-2020.txt', 'pingtan-2024.html', 'pingtan-2024.txt'];
const PINGTAN = '350128-平潭综合实验区管委会';
type Row = Record<string, unknown>;

async function buildFolder(manifest: string | null): Promise<{ out: string; db: DuckDBConnection; close: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'continuity-in-'));
  for (const f of FILES) copyFileSync(join(CORPUS, f), join(dir, f));
  if (manifest) writeFileSync(join(dir, 'manifest.csv'), manifest);
  const out = mkdtempSync(join(tmpdir(), 'continuity-out-'));
  await buildData({ reportsDir: dir, outDir: out, threads: 0 });
  rmSync(dir, { recursive: true, force: true });
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  for (const t of ['facts', 'reports', 'checks', 'agencies']) await db.run(`CREATE TABLE ${t} AS SELECT * FROM read_parquet('${join(out, `${t}.parquet`)}')`);
  return { out, db, close: () => { db.closeSync(); instance.closeSync(); removeOutput(out); } };
}

const all = async (db: DuckDBConnection, sql: string, params: (string | number)[] = []): Promise<Row[]> =>
  (await db.runAndReadAll(sql, params)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

describe('build: the 平潭 series', () => {
  let built: Awaited<ReturnType<typeof buildFolder>>;
  beforeAll(async () => {
    built = await buildFolder(null);
  }, 60_000);
  afterAll(() => built?.close());

  it('gives both years, across the template change, one agency_id', async () => {
    const rows = await all(built.db, 'SELECT file, agency_id, year, template FROM reports ORDER BY file');
    expect(rows).toEqual([
      { file: 'pingtan-2020.txt', agency_id: PINGTAN, year: 2020, template: '2019' },
      { file: 'pingtan-2024.html', agency_id: PINGTAN, year: 2024, template: '2021' },
      { file: 'pingtan-2024.txt', agency_id: PINGTAN, year: 2024, template: '2021' },
    ]);
    const agencies = await all(built.db, 'SELECT agency_id, agency, names, years, reports, superseded FROM agencies');
    expect(agencies).toEqual([{ agency_id: PINGTAN, agency: '平潭综合实验区管理委员会', names: ['平潭综合实验区管理委员会'], years: [2020, 2024], reports: 3, superseded: 1 }]);
  });

  it('charts the web page (no checks) and supersedes the glued text (warnings), whose numbers agree with it', async () => {
    const rows = await all(built.db, 'SELECT file, superseded_by, report_id FROM reports WHERE year = 2024 ORDER BY file');
    expect(rows[0].superseded_by).toBeNull();
    expect(rows[1].superseded_by).toBe(rows[0].report_id);
    const checks = await all(built.db, `SELECT file, code, severity, cell_refs FROM checks WHERE code LIKE 'continuity.%' ORDER BY file, code`);
    expect(checks.map(({ cell_refs: _, ...c }) => c)).toEqual([
      { file: 'pingtan-2020.txt', code: 'continuity.missing_year', severity: 'info' },
      { file: 'pingtan-2024.html', code: 'continuity.duplicate_identical', severity: 'info' },
      { file: 'pingtan-2024.html', code: 'continuity.missing_year', severity: 'info' },
      { file: 'pingtan-2024.txt', code: 'continuity.duplicate_identical', severity: 'info' },
    ]);
    // The only cells one copy may leave blank: table 2's normative documents, ambiguous when glued (the web page states them).
    for (const c of checks) expect(c.cell_refs).toMatch(/^(table2\[[345],0\](;|$))*$/);
    const unique = await all(built.db, 'SELECT COUNT(*) AS n FROM (SELECT report_id, check_index FROM checks GROUP BY ALL HAVING COUNT(*) > 1)');
    expect(unique[0].n).toBe(0);
  });

  it('counts no report twice in any total', async () => {
    // Hand-checked truth: 218 applications handled in 2024 (tests/fixtures/corpus/truth), 21 in 2020 (template2019.test.ts).
    const truth = JSON.parse(readFileSync(join(CORPUS, 'truth', 'pingtan-2024-html.json'), 'utf8')) as { table3: number[][] };
    expect(truth.table3[23][6]).toBe(218);
    const count = countReports(NO_FILTERS);
    expect((await all(built.db, count.sql, count.params as string[]))[0].n).toBe(2);
    const overall = outcomesOverall(NO_FILTERS);
    const [o] = await all(built.db, overall.sql, overall.params as string[]);
    expect([o.reports, o.handled]).toEqual([2, 218 + 21]);
  });
});

describe('build: manifest.csv', () => {
  let built: Awaited<ReturnType<typeof buildFolder>>;
  beforeAll(async () => {
    built = await buildFolder(['file,agency,year,region_code,source_url,agency_id,prefer',
      'pingtan-2024.txt,,,,,,yes',
      'pingtan-2020.txt,,,,,350128-平潭综合实验区旧管委会,'].join('\n'));
  }, 60_000);
  afterAll(() => built?.close());

  it('overrides the rule (prefer) and the identity (agency_id, a renamed body)', async () => {
    const rows = await all(built.db, 'SELECT file, agency_id, superseded_by IS NOT NULL AS superseded FROM reports ORDER BY file');
    expect(rows).toEqual([
      { file: 'pingtan-2020.txt', agency_id: '350128-平潭综合实验区旧管委会', superseded: false },
      { file: 'pingtan-2024.html', agency_id: PINGTAN, superseded: true },
      { file: 'pingtan-2024.txt', agency_id: PINGTAN, superseded: false },
    ]);
    // Two agencies of one year each: no missing year.
    const codes = await all(built.db, `SELECT DISTINCT code FROM checks WHERE code LIKE 'continuity.%' ORDER BY code`);
    expect(codes.map((r) => r.code)).toEqual(['continuity.duplicate_identical']);
  });
});

describe('build: reports from the cache', () => {
  // A cached report keeps the agency_id it was staged with (its manifest entry is in its cache
  // key) but not the previous build's superseded_by: which filing is charted depends on the others.
  const RENAMED = '350128-平潭综合实验区旧管委会';
  const OVERRIDE = `file,agency,year,region_code,source_url,agency_id\npingtan-2020.txt,,,,,${RENAMED}\n`;
  let dir: string;
  let cache: string;
  const outs: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuity-cache-in-'));
    cache = mkdtempSync(join(tmpdir(), 'continuity-cache-'));
    for (const f of FILES) copyFileSync(join(CORPUS, f), join(dir, f));
  });
  afterAll(() => {
    for (const out of outs) removeOutput(out);
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  /** A build of the folder as it is now, with the cache: its reports rows and what came from the cache. */
  async function build(): Promise<{ cached: number; rows: Row[] }> {
    const out = mkdtempSync(join(tmpdir(), 'continuity-cache-out-'));
    outs.push(out);
    const { summary } = await buildData({ reportsDir: dir, outDir: out, threads: 0, cacheDir: cache });
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const rows = await all(db, `SELECT file, agency_id, superseded_by IS NOT NULL AS superseded FROM read_parquet('${join(out, 'reports.parquet')}') ORDER BY file`);
      return { cached: summary.parse.cached, rows };
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  }

  it('a cached filing superseded by a file since removed is charted', async () => {
    writeFileSync(join(dir, 'manifest.csv'), OVERRIDE);
    expect((await build()).rows).toEqual([
      { file: 'pingtan-2020.txt', agency_id: RENAMED, superseded: false },
      { file: 'pingtan-2024.html', agency_id: PINGTAN, superseded: false },
      { file: 'pingtan-2024.txt', agency_id: PINGTAN, superseded: true },
    ]);
    rmSync(join(dir, 'pingtan-2024.html'));
    expect(await build()).toEqual({ cached: 2, rows: [
      { file: 'pingtan-2020.txt', agency_id: RENAMED, superseded: false },
      { file: 'pingtan-2024.txt', agency_id: PINGTAN, superseded: false },
    ] });
  }, 60_000);

  it("a file whose manifest entry changed is staged again with the id it now has; the others' come from the cache", async () => {
    writeFileSync(join(dir, 'manifest.csv'), 'file,agency\n');
    expect(await build()).toEqual({ cached: 1, rows: [
      { file: 'pingtan-2020.txt', agency_id: PINGTAN, superseded: false },
      { file: 'pingtan-2024.txt', agency_id: PINGTAN, superseded: false },
    ] });
  }, 60_000);
});
