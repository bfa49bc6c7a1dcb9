// The CSV extract against the real build of data/reports: the rows come from the same SQL the
// dashboard runs (`extract(filters)`), turned into text by the Extract view's pure functions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { NO_FILTERS, countReports, extract, listCount, type Filters, type Query } from '../src/db/queries.ts';
import { REPORT_FIELDS } from '../src/format/fields.ts';

import { extractColumns, extractCsv, extractFileName } from '../src/lib/extract.ts';
import { removeOutput } from '../src/build/publish.ts';

let out: string;
let connection: DuckDBConnection;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'extract-'));
  await buildData({ reportsDir: 'data/reports', outDir: out });
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`CREATE TABLE reports AS SELECT * FROM read_parquet('${join(out, 'reports.parquet')}')`);
});
afterAll(() => removeOutput(out));

async function run(q: Query): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(q.sql, q.params as DuckDBValue[]);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

const f = (over: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...over });
const MIANCHI = '渑池县人民政府';

/** The CSV without its BOM, parsed back into header + records. */
function parse(csv: string): string[][] {
  const result = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('CSV extract', () => {
  it('starts with a BOM and has one header line and one line per report', async () => {
    const rows = await run(extract(NO_FILTERS));
    expect(rows).toHaveLength(5);
    const csv = extractCsv(rows, 'zh');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    const lines = parse(csv);
    expect(lines).toHaveLength(1 + 5);
    // Each header is the field's Chinese label, with its unit when it has one (issue 8 item 4).
    expect(lines[0]).toEqual(REPORT_FIELDS.map((x) => (x.unit && !x.zh.includes(`（${x.unit.zh}）`) ? `${x.zh}（${x.unit.zh}）` : x.zh)));
    for (const line of lines) expect(line).toHaveLength(REPORT_FIELDS.length);
    // CRLF line ends, for Excel.
    expect(csv.split('\r\n')).toHaveLength(1 + 5 + 1);
  });

  it('has the exact numbers of 渑池县人民政府, under either header language', async () => {
    const rows = await run(extract(f({ province: '河南省' })));
    for (const headers of ['zh', 'en'] as const) {
      const [header, ...data] = parse(extractCsv(rows, headers));
      expect(data).toHaveLength(1);
      const names = extractColumns(headers).map((c) => c.header);
      expect(header).toEqual(names);
      const at = (name: string) => data[0][REPORT_FIELDS.findIndex((x) => x.name === name)];
      expect(at('agency')).toBe(MIANCHI);
      expect(at('t3_total_handled_natural_person')).toBe('52');
      expect(at('t3_total_handled_total')).toBe('52');
      expect(at('t2_fees_10k_yuan')).toBe('344.0982');
      expect(at('processing_fee_yuan')).toBe('0');
      expect(at('year')).toBe('2023');
      // Not stated stays empty, never 0.
      expect(at('source_url')).toBe('');
    }
    const [header] = parse(extractCsv(rows, 'en'));
    expect(header).toEqual(REPORT_FIELDS.map((x) => x.name));
  });

  it('Chinese headers carry the unit of every measure (issue 8 item 4)', () => {
    const header = (name: string) => extractColumns('zh')[REPORT_FIELDS.findIndex((x) => x.name === name)].header;
    expect(header('t2_fees_10k_yuan')).toBe('行政事业性收费（万元）');
    expect(header('processing_fee_yuan')).toBe('信息处理费（元）');
    expect(header('t3_total_handled_total')).toMatch(/（件）$/);
    expect(header('t4_reconsideration_total')).toMatch(/（件）$/);
    expect(header('t2_regulations_issued')).toBe('规章·本年制发件数（件）');
    // Every number that is a measure (not a year, a count of checks or a file size) says its unit.
    const notMeasures = new Set(['year', 'statistics_year', 'derived_cells', 'check_errors', 'check_warnings', 'bytes']);
    for (const [i, f] of REPORT_FIELDS.entries()) {
      if (f.type === 'VARCHAR' || notMeasures.has(f.name)) continue;
      expect(extractColumns('zh')[i].header, f.name).toMatch(/（[^（）]+）$/);
    }
  });

  it('coded columns hold Chinese labels under Chinese headers and codes under field names (issue 8 item 4)', async () => {
    const rows = await run(extract(f({ province: '河南省' })));
    const value = (headers: 'zh' | 'en', name: string) => parse(extractCsv(rows, headers))[1][REPORT_FIELDS.findIndex((x) => x.name === name)];
    // 渑池县人民政府 2023: a county-level people's government, 2021 template, with warnings, agency from its title.
    expect(['level', 'kind', 'template', 'status', 't3_layout'].map((n) => value('zh', n)))
      .toEqual(['县级', '人民政府', '2021 年版（国办公开办函〔2021〕30号）', '有警告', '按模板逐行列出']);
    expect(['level', 'kind', 'template', 'status', 't3_layout'].map((n) => value('en', n)))
      .toEqual(['county', 'people_government', '2021', 'warning', 'template']);
    expect(value('en', 'region_source')).toBe('agency');
    expect(value('zh', 'region_source')).toBe('由机关名称推断');
    // A value that is not a code passes through unchanged.
    const [, line] = parse(extractCsv([{ ...rows[0], level: 'unknown_code' }], 'zh'));
    expect(line[REPORT_FIELDS.findIndex((x) => x.name === 'level')]).toBe('unknown_code');
  });

  it('gives every column a distinct header in both languages', () => {
    for (const headers of ['zh', 'en'] as const) {
      const names = extractColumns(headers).map((c) => c.header);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('neutralises a formula-looking agency name, but keeps negative numbers as numbers', async () => {
    const [row] = await run(extract(f({ province: '河南省' })));
    const evil = { ...row, agency: '=HYPERLINK("http://evil.example","点击")', file: '+cmd|calc', county: '@SUM(A1)', city: '-1+1', t2_regulations_issued: -3 };
    const [, line] = parse(extractCsv([evil], 'zh'));
    const at = (name: string) => line[REPORT_FIELDS.findIndex((x) => x.name === name)];
    expect(at('agency')).toBe('\'=HYPERLINK("http://evil.example","点击")');
    expect(at('file')).toBe("'+cmd|calc");
    expect(at('county')).toBe("'@SUM(A1)");
    expect(at('city')).toBe("'-1+1");
    expect(at('t2_regulations_issued')).toBe('-3');
    for (const cell of line) expect(cell).not.toMatch(/^[=+@]/);
  });
});

describe('CSV rows: the reports the page counts, or every file', () => {
  // data/reports (five reports, hand-checked) plus a file that cannot be read and a second filing
  // of 嘉兴's 2024 report (one more blank line): the build charts one filing and supersedes the other.
  let dir: string;
  let out2: string;
  let db: DuckDBConnection;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'extract-rows-in-'));
    out2 = mkdtempSync(join(tmpdir(), 'extract-rows-out-'));
    for (const name of readdirSync('data/reports')) copyFileSync(join('data/reports', name), join(dir, name));
    writeFileSync(join(dir, 'zz_empty.txt'), '');
    writeFileSync(join(dir, 'zz_jiaxing_again.txt'), `${readFileSync('data/reports/000_91b38fa976f5289e.txt', 'utf8')}\n`);
    await buildData({ reportsDir: dir, outDir: out2 });
    db = await (await DuckDBInstance.create(':memory:')).connect();
    for (const table of ['facts', 'reports']) await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_parquet('${join(out2, `${table}.parquet`)}')`);
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    removeOutput(out2);
  });
  const files = async (q: Query) => (await db.runAndReadAll(q.sql, q.params as DuckDBValue[])).getRowObjectsJS().map((r) => String(r.file).split('/').pop()).sort();

  it('holds the five reports by default, and all seven files when asked; the page count agrees with each', async () => {
    const samples = readdirSync('data/reports').filter((n) => n.endsWith('.txt')).sort();
    const counted = await files(extract(NO_FILTERS));
    const every = await files(extract(NO_FILTERS, 'all'));
    expect(every).toEqual([...samples, 'zz_empty.txt', 'zz_jiaxing_again.txt'].sort());
    // One of the two 嘉兴 2024 filings is charted: the five counted rows are the samples, or the samples with the copy in the original's place.
    expect(counted).toHaveLength(5);
    expect(counted).not.toContain('zz_empty.txt');
    expect(counted.filter((n) => n === '000_91b38fa976f5289e.txt' || n === 'zz_jiaxing_again.txt')).toHaveLength(1);
    const n = async (q: Query) => Number((await db.runAndReadAll(q.sql, q.params as DuckDBValue[])).getRows()[0][0]);
    expect(await n(countReports(NO_FILTERS))).toBe(5);
    expect(await n(listCount(NO_FILTERS))).toBe(7);
    // Filtered the same way: 浙江省 has the two 嘉兴 filings, one counted.
    expect(await files(extract(f({ province: '浙江省' })))).toHaveLength(1);
    expect(await files(extract(f({ province: '浙江省' }), 'all'))).toHaveLength(2);
  });

  it('says in the file name when every file is in it', () => {
    expect(extractFileName(f({ province: '湖南省' }), 'zh', 'all')).toBe('政府信息公开年报_湖南省_含失败与被替代文件.csv');
    expect(extractFileName(NO_FILTERS, 'en', 'all')).toBe('gov-info-annual-reports_all_every-file.csv');
    expect(extractFileName(NO_FILTERS, 'zh', 'counted')).toBe('政府信息公开年报_全部.csv');
  });
});

describe('CSV file name', () => {
  it('says what the filter was', () => {
    expect(extractFileName(f({ province: '湖南省', year: 2024, level: 'county' }), 'zh')).toBe('政府信息公开年报_湖南省_2024_县级.csv');
    expect(extractFileName(f({ province: '河南省', city: '三门峡市', county: '渑池县', kind: 'people_government' }), 'zh'))
      .toBe('政府信息公开年报_河南省_三门峡市_渑池县_人民政府.csv');
    expect(extractFileName(NO_FILTERS, 'zh')).toBe('政府信息公开年报_全部.csv');
    expect(extractFileName(f({ q: '发展和改革' }), 'zh')).toBe('政府信息公开年报_名称含发展和改革.csv');
    expect(extractFileName(f({ year: 2024, level: 'prefecture' }), 'en')).toBe('gov-info-annual-reports_2024_Prefecture.csv');
  });

  it('cannot be turned into a path or an illegal name by the search text', () => {
    const name = extractFileName(f({ q: '../../etc/passwd:*?' }), 'zh');
    expect(name).not.toMatch(/[/\\:*?"<>|]/);
    expect(name.endsWith('.csv')).toBe(true);
  });
});
