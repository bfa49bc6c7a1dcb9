// The outcomes view paints first from summary.json (src/views/firstPaint.ts) and then from
// DuckDB. The two must agree exactly, or the chart would jump when the database arrives.
// This builds the real data (the five samples, and a harder corpus with failed files,
// duplicates, an uppercase Latin name and a name outside the BMP), runs the SQL with
// DuckDB and compares it row by row with the first paint, for many filters and sorts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildData, SUMMARY_FILE } from '../src/build/build.ts';
import {
  NO_FILTERS, countReports, feesByAgency, feesByAgencyPer, outcomesByAgency, outcomesByAgencyPer, outcomesOverall, type FeeSort, type Filters, type OutcomeSort, type Query,
} from '../src/db/queries.ts';
import { OUTCOME_GROUPS } from '../src/format/schema.ts';
import {
  OUTCOME_SORTS, compareText, firstPaintCount, firstPaintOutcomes, firstPaintOverall, matchesFilters, outcomeSort, summaryOutcomes, type OverviewLike,
} from '../src/views/firstPaint.ts';
import { countOf, countsOf, type FirstPaintBlock } from '../src/app/overview.ts';
import { removeOutput } from '../src/build/publish.ts';
import { CUBE_DIR } from '../src/app/cube.ts';
import { indexLists, listedRows, LISTED_FILTERS, OUTCOME_LISTS_FILE, type OutcomeListsFile } from '../src/app/outcome-lists.ts';
import { FEE_LISTS_FILE, feeListed, feeListedRows, indexFeeLists, type FeeListsFile } from '../src/app/fee-lists.ts';

interface Dataset {
  dir: string;
  connection: DuckDBConnection;
  /** `connection` and a second one on the same database: runAll asks them at once (two cores). */
  connections: DuckDBConnection[];
  overview: OverviewLike[];
}

const temps: string[] = [];

async function load(reportsDir: string): Promise<Dataset> {
  const dir = mkdtempSync(join(tmpdir(), 'firstpaint-'));
  temps.push(dir);
  await buildData({ reportsDir, outDir: dir });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE reports AS SELECT * FROM read_parquet('${join(dir, 'reports.parquet')}')`);
  await connection.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(dir, 'facts.parquet')}')`);
  const summary = JSON.parse(readFileSync(join(dir, SUMMARY_FILE), 'utf8')) as { overview: OverviewLike[] };
  return { dir, connection, connections: [connection, await instance.connect()], overview: summary.overview };
}

async function runOn<T>(connection: DuckDBConnection, q: Query): Promise<T[]> {
  const reader = await connection.runAndReadAll(q.sql, q.params as DuckDBValue[]);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}

async function run<T = Record<string, unknown>>(ds: Dataset, q: Query): Promise<T[]> {
  return runOn<T>(ds.connection, q);
}

/**
 * The rows of each query, in the order given, the queries shared out between the dataset's
 * connections (each of the hundreds of small queries below takes ~10 ms, on one core alone).
 */
async function runAll<T = Record<string, unknown>>(ds: Dataset, qs: readonly Query[]): Promise<T[][]> {
  const out: T[][] = new Array(qs.length);
  let next = 0;
  await Promise.all(ds.connections.map(async (c) => {
    while (next < qs.length) {
      const i = next++;
      out[i] = await runOn<T>(c, qs[i]);
    }
  }));
  return out;
}

let samples: Dataset;
let corpus: Dataset;

beforeAll(async () => {
  samples = await load('data/reports');

  // A harder corpus: the samples, the parser's fixtures (three fail: a PDF and two texts
  // without tables; two are the samples re-encoded, so whole rows tie), and copies of
  // samples renamed by the manifest to names that sort differently by UTF-16 unit and by
  // code point (U+FF21 'Ａ' vs U+20000 '𠀀'), plus an uppercase Latin name for the search.
  const reports = mkdtempSync(join(tmpdir(), 'firstpaint-in-'));
  temps.push(reports);
  const copy = (from: string, name = from.split('/').pop()!) => copyFileSync(from, join(reports, name));
  for (const name of ['000_91b38fa976f5289e.txt', '001_0f68198b50857d74.txt', '002_54ed621f2e25daf5.txt', '003_837e2621b604486e.txt', '004_55d435d651c286e9.txt']) {
    copy(join('data/reports', name));
  }
  for (const name of ['hongze-2024.pdf', 'pingtan-2020.txt', 'pingtan-2024.html', 'pingtan-2024.txt', 'shuyang-2025.txt']) copy(join('tests/fixtures/corpus', name));
  for (const name of ['gb18030-003.txt', 'gbk-000.txt']) copy(join('tests/fixtures/inputs', name));
  // Failed files must stay out of the charts, in SQL and in the first paint alike.
  writeFileSync(join(reports, 'y-empty.txt'), '');
  writeFileSync(join(reports, 'y-not-a-report.txt'), '今天天气很好。');
  // Same numbers as 昌吉 (0 granted of 7), different names: ties broken by the name alone.
  copy('data/reports/004_55d435d651c286e9.txt', 'x-bmp.txt');
  copy('data/reports/004_55d435d651c286e9.txt', 'x-astral.txt');
  copy('data/reports/002_54ed621f2e25daf5.txt', 'x-latin.txt');
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'manifest.csv'), [
    'file,agency,year,region_code,source_url',
    'x-bmp.txt,\uFF21测试机关,2024,,',
    'x-astral.txt,\u{20000}测试机关,2024,,',
    'x-latin.txt,ABC Bureau of Statistics,2023,,',
  ].join('\n'));
  corpus = await load(reports);
});

afterAll(() => {
  for (const dir of temps) removeOutput(dir);
});

const f = (over: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...over });

const FILTERS: Filters[] = [
  NO_FILTERS,
  f({ year: 2024 }),
  f({ year: 2023 }),
  f({ level: 'prefecture' }),
  f({ level: 'county' }),
  f({ kind: 'government_office' }),
  f({ kind: 'people_government', level: 'county' }),
  f({ province: '湖南省' }),
  f({ province: '浙江省', city: '嘉兴市' }),
  f({ province: '河南省', city: '三门峡市', county: '渑池县' }),
  f({ q: '人民政府' }),
  f({ q: '  办公室 ' }),
  f({ q: 'abc' }),
  f({ q: '测试' }),
  f({ q: '%' }),
  f({ q: '不存在的机关' }),
  f({ q: '嘉兴 长沙' }),
  f({ q: '嘉兴，昌吉,渑池' }),
  f({ q: '办公室、不存在' }),
  f({ year: 2024, level: 'prefecture', kind: 'government_office', q: '市' }),
];

const SORTS = OUTCOME_SORTS;

/** The columns the ORDER BY looks at, for a sort: equal tuples may come in any order. */
function sortKey(r: object, sort: OutcomeSort): unknown[] {
  const row = r as Record<string, unknown>;
  if (sort === 'agency') return [row.agency];
  if (sort === 'handled') return [row.handled, row.agency];
  const sum = row.outcome_sum as number;
  return [sum === 0 ? null : (row[sort] as number) / sum, sum, row.agency];
}

/** Rows in order, with runs of equal sort keys put in a canonical order (by report_id). */
function canonical(rows: readonly object[], sort: OutcomeSort): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let run: Record<string, unknown>[] = [];
  const flush = () => {
    out.push(...run.sort((a, b) => compareText(a.report_id as string, b.report_id as string)));
    run = [];
  };
  for (const row of rows as Record<string, unknown>[]) {
    if (run.length && JSON.stringify(sortKey(run[0], sort)) !== JSON.stringify(sortKey(row, sort))) flush();
    run.push(row);
  }
  flush();
  return out;
}

describe('first paint = SQL, on the five samples', () => {
  it('gives the samples\' true numbers', () => {
    const rows = firstPaintOutcomes(samples.overview, NO_FILTERS, 'agency');
    const jiaxing = rows.find((r) => r.agency === '嘉兴市人民政府办公室')!;
    expect([jiaxing.granted, jiaxing.partly_granted, jiaxing.refused, jiaxing.unable, jiaxing.not_handled, jiaxing.other, jiaxing.handled])
      .toEqual([17, 36, 9, 38, 9, 20, 129]);
    expect(firstPaintOverall(samples.overview, NO_FILTERS))
      .toEqual({ reports: 5, handled: 368, granted: 57, partly_granted: 64, refused: 28, unable: 156, not_handled: 15, other: 48 });
    expect(firstPaintOutcomes(samples.overview, NO_FILTERS, 'refused').map((r) => r.agency))
      .toEqual(['南昌市人民政府办公室', '渑池县人民政府', '嘉兴市人民政府办公室', '长沙市人民政府办公室', '昌吉州发展和改革委员会']);
  });

  it('matches every filter × sort × page exactly, row for row', async () => {
    let compared = 0;
    for (const filters of FILTERS) {
      const pages = SORTS.flatMap((sort) => [[50, 0], [2, 0], [2, 2], [2, 4], [1, 3], [50, 5]].map(([limit, offset]) => ({ sort, limit, offset })));
      const answers = await runAll(samples, [...pages.map((p) => outcomesByAgency(filters, p.sort, p.limit, p.offset)), outcomesOverall(filters), countReports(filters)]);
      pages.forEach(({ sort, limit, offset }, i) => {
        const sql = answers[i];
        const js = firstPaintOutcomes(samples.overview, filters, sort, limit, offset);
        expect(js, `${JSON.stringify(filters)} ${sort} ${limit}/${offset}`).toEqual(sql);
        compared += sql.length;
      });
      const [overall] = answers[pages.length];
      expect(firstPaintOverall(samples.overview, filters), JSON.stringify(filters)).toEqual(overall);
      const [{ n }] = answers[pages.length + 1] as { n: number }[];
      expect(firstPaintCount(samples.overview, filters)).toBe(n);
    }
    expect(compared).toBeGreaterThan(300);
  });
});

describe('first paint = SQL, on a harder corpus', () => {
  it('has what makes it hard: failed files, whole-row ties, names beyond the BMP', () => {
    expect(corpus.overview.filter((e) => e.status === 'failed')).toHaveLength(2);
    expect(corpus.overview.filter((e) => e.agency === '嘉兴市人民政府办公室')).toHaveLength(2);
    expect(corpus.overview.map((e) => e.agency)).toContain('\u{20000}测试机关');
    // UTF-16 puts U+20000 (a surrogate pair, 0xD840…) before U+FF21; code points do not.
    expect('\u{20000}' < '\uFF21').toBe(true);
    expect(compareText('\u{20000}', '\uFF21')).toBeGreaterThan(0);
  });

  it('matches every filter × sort exactly, equal sort keys aside', async () => {
    const PAGES = [[3, 0], [3, 3], [3, 6], [4, 7]];
    for (const filters of FILTERS) {
      // Per sort: the whole list, then its pages; then the overall row and the count.
      const answers = await runAll(corpus, [
        ...SORTS.flatMap((sort) => [outcomesByAgency(filters, sort, 1000, 0), ...PAGES.map(([limit, offset]) => outcomesByAgency(filters, sort, limit, offset))]),
        outcomesOverall(filters), countReports(filters),
      ]);
      SORTS.forEach((sort, s) => {
        const label = `${JSON.stringify(filters)} ${sort}`;
        const sql = answers[s * (1 + PAGES.length)];
        const js = firstPaintOutcomes(corpus.overview, filters, sort, 1000, 0);
        // Same rows, same numbers, same order — rows with equal sort keys (the re-encoded
        // copies) are in no defined order in SQL, so they are compared as a set.
        expect(canonical(js, sort), label).toEqual(canonical(sql, sort));
        // And pages cut the same sort keys.
        PAGES.forEach(([limit, offset], p) => {
          const page = answers[s * (1 + PAGES.length) + 1 + p];
          expect(firstPaintOutcomes(corpus.overview, filters, sort, limit, offset).map((r) => sortKey(r, sort)), `${label} ${limit}/${offset}`)
            .toEqual(page.map((r) => sortKey(r, sort)));
        });
      });
      const [overall] = answers[SORTS.length * (1 + PAGES.length)];
      expect(firstPaintOverall(corpus.overview, filters), JSON.stringify(filters)).toEqual(overall);
      const [{ n }] = answers[SORTS.length * (1 + PAGES.length) + 1] as { n: number }[];
      expect(firstPaintCount(corpus.overview, filters), JSON.stringify(filters)).toBe(n);
    }
  });

  it('orders names by code point, as DuckDB does', async () => {
    const sql = await run<{ agency: string }>(corpus, outcomesByAgency(f({ q: '测试' }), 'granted'));
    expect(sql.map((r) => r.agency)).toEqual(['\uFF21测试机关', '\u{20000}测试机关']);
    expect(firstPaintOutcomes(corpus.overview, f({ q: '测试' }), 'granted').map((r) => r.agency)).toEqual(sql.map((r) => r.agency));
  });

  it('matches the search case-insensitively and literally', () => {
    const latin = corpus.overview.find((e) => e.agency === 'ABC Bureau of Statistics')!;
    expect(matchesFilters(latin, f({ q: 'abc bureau' }))).toBe(true);
    expect(matchesFilters(latin, f({ q: 'A_C' }))).toBe(false);
  });

  it('returns an empty set as SQL does', async () => {
    const none = f({ q: '不存在的机关' });
    expect(firstPaintOutcomes(corpus.overview, none)).toEqual([]);
    expect(firstPaintOverall(corpus.overview, none)).toEqual((await run(corpus, outcomesOverall(none)))[0]);
  });
});

describe('sort key from the URL', () => {
  it('accepts the outcome groups, handled and agency, and falls back otherwise', () => {
    for (const g of OUTCOME_GROUPS) expect(outcomeSort(g.key)).toBe(g.key);
    expect(outcomeSort('handled')).toBe('handled');
    expect(outcomeSort(null)).toBe('granted');
    expect(outcomeSort('disputes_per_100')).toBe('granted');
    expect(outcomeSort("granted; DROP TABLE reports")).toBe('granted');
  });
});

describe('first paint of a large corpus (summary.json first_paint, no overview)', () => {
  // What the view draws from first_paint must be what the SQL gives for the default view.
  const block = (): FirstPaintBlock => {
    const s = JSON.parse(readFileSync(join(corpus.dir, SUMMARY_FILE), 'utf8')) as { first_paint?: FirstPaintBlock };
    if (s.first_paint) return s.first_paint;
    // A build without first_paint yet: make it the way the build does, with the same queries.
    throw new Error('summary.json has no first_paint');
  };

  it('answers the default view exactly as the SQL does', async () => {
    const fp = block();
    const shown = summaryOutcomes({ first_paint: fp }, NO_FILTERS, 'granted', 50, 0)!;
    expect(shown).not.toBeNull();
    expect(shown.rows).toEqual(await run(corpus, outcomesByAgency(NO_FILTERS, 'granted', 50, 0)));
    expect(shown.overall).toEqual((await run(corpus, outcomesOverall(NO_FILTERS)))[0]);
    expect(shown.count).toBe((await run<{ n: number }>(corpus, countReports(NO_FILTERS)))[0].n);
    expect(countOf(fp.count)).toBe(shown.count);
    expect(countsOf(fp.years, 'year').length).toBeGreaterThan(0);
  });

  it('answers nothing else (the view then says it is loading)', () => {
    const fp = block();
    expect(summaryOutcomes({ first_paint: fp }, f({ year: 2024 }), 'granted', 50, 0)).toBeNull();
    expect(summaryOutcomes({ first_paint: fp }, f({ q: '市' }), 'granted', 50, 0)).toBeNull();
    expect(summaryOutcomes({ first_paint: fp }, NO_FILTERS, 'refused', 50, 0)).toBeNull();
    expect(summaryOutcomes({ first_paint: fp }, NO_FILTERS, 'granted', 50, 50)).toBeNull();
    expect(summaryOutcomes(null, NO_FILTERS, 'granted', 50, 0)).toBeNull();
  });

  it('still uses the overview when there is one, for any filter', () => {
    const shown = summaryOutcomes({ overview: corpus.overview }, f({ year: 2024 }), 'refused', 2, 0)!;
    expect(shown.rows).toEqual(firstPaintOutcomes(corpus.overview, f({ year: 2024 }), 'refused', 2, 0));
  });
});

describe('outcome lists of the one-filter states (cube/outcome-lists.json, src/app/outcome-lists.ts)', () => {
  const listsOf = (ds: Dataset) => JSON.parse(readFileSync(join(ds.dir, CUBE_DIR, OUTCOME_LISTS_FILE), 'utf8')) as OutcomeListsFile;

  it('holds, for every value of province, year, level and kind among counted reports, the SQL rows and the overview’s', async () => {
    for (const ds of [samples, corpus]) {
      const file = listsOf(ds);
      expect(file.sort).toBe('granted');
      expect(file.limit).toBe(50);
      // Which states: computed from the overview (every report, failed and superseded ones marked), not from SQL.
      const counted = ds.overview.filter((e) => e.status !== 'failed' && !e.superseded_by);
      const expected = LISTED_FILTERS.flatMap((k) => [...new Set(counted.map((e) => e[k]).filter((v) => v !== null))].map((v) => `${k}=${v}`)).sort();
      expect(file.lists.map(([k, v]) => `${k}=${v}`).sort()).toEqual(expected);
      expect(file.lists.length).toBeGreaterThan(4);
      for (const [key, value, rows] of file.lists) {
        const filters = f({ [key]: value });
        // The page's own JavaScript over the overview (firstPaint.ts) and the SQL: both must give these rows.
        expect(rows, `${key}=${value}`).toEqual(firstPaintOutcomes(ds.overview, filters, 'granted', 50, 0));
        expect(rows, `${key}=${value}`).toEqual(await run(ds, outcomesByAgency(filters, 'granted', 50, 0)));
      }
    }
  });

  it('answers exactly the one-filter states of the default sort’s first page', () => {
    const lists = indexLists(listsOf(corpus))!;
    const shown = listedRows(lists, f({ year: 2024 }), 'granted', 50, 0)!;
    expect(shown).toEqual(firstPaintOutcomes(corpus.overview, f({ year: 2024 }), 'granted', 50, 0));
    expect(listedRows(lists, f({ year: 2024 }), 'granted', 2, 0)).toEqual(shown.slice(0, 2));
    expect(listedRows(lists, f({ province: '湖南省' }), 'granted', 50, 0)).toEqual(firstPaintOutcomes(corpus.overview, f({ province: '湖南省' }), 'granted', 50, 0));
    expect(listedRows(lists, NO_FILTERS, 'granted', 50, 0)).toBeNull();
    expect(listedRows(lists, f({ kind: 'people_government', level: 'county' }), 'granted', 50, 0)).toBeNull();
    expect(listedRows(lists, f({ province: '浙江省', city: '嘉兴市' }), 'granted', 50, 0)).toBeNull();
    expect(listedRows(lists, f({ year: 2024, q: '市' }), 'granted', 50, 0)).toBeNull();
    expect(listedRows(lists, f({ year: 2024 }), 'refused', 50, 0)).toBeNull();
    expect(listedRows(lists, f({ year: 2024 }), 'granted', 50, 50)).toBeNull();
    expect(listedRows(lists, f({ year: 1999 }), 'granted', 50, 0)).toBeNull();
    expect(indexLists({ ...listsOf(corpus), sort: 'refused' })).toBeNull();
    expect(indexLists(null)).toBeNull();
  });
});

describe('the first rows per value of a filter in one query (queries.ts outcomesByAgencyPer, feesByAgencyPer: the build\'s lists)', () => {
  /** The rows of `per` (its answer `answer`) grouped by _state, for each counted value of `key` (from the overview, not SQL); a value without rows gets []. */
  const grouped = (ds: Dataset, key: (typeof LISTED_FILTERS)[number], answer: Record<string, unknown>[]) => {
    const out = new Map<unknown, Record<string, unknown>[]>();
    for (const v of new Set(ds.overview.filter((e) => e.status !== 'failed' && !e.superseded_by).map((e) => e[key]).filter((v) => v !== null))) out.set(v, []);
    let previous: unknown;
    for (const { _state, ...row } of answer) {
      expect(out.has(_state), `${key}=${String(_state)}`).toBe(true);
      // Ordered by value: one run of rows per value.
      if (_state !== previous) expect(out.get(_state)).toEqual([]);
      previous = _state;
      out.get(_state)!.push(row);
    }
    return out;
  };

  /**
   * For each key, sort and limit: the per-value query's rows for each value equal the one-filter
   * query's (`per` and `one` the two queries). All the per-value queries first, then all the
   * one-filter ones, each batch shared out between the connections (runAll).
   */
  const perEqualsOne = async <S extends string>(ds: Dataset, sorts: readonly S[], per: (key: (typeof LISTED_FILTERS)[number], sort: S, limit: number) => Query,
    one: (filters: Filters, sort: S, limit: number) => Query) => {
    const cases = LISTED_FILTERS.flatMap((key) => sorts.flatMap((sort) => [2, 50].map((limit) => ({ key, sort, limit }))));
    const perAnswers = await runAll(ds, cases.map((c) => per(c.key, c.sort, c.limit)));
    const checks = cases.flatMap((c, i) => [...grouped(ds, c.key, perAnswers[i])].map(([value, rows]) => ({ ...c, value, rows })));
    const oneAnswers = await runAll(ds, checks.map((c) => one(f({ [c.key]: c.value }), c.sort, c.limit)));
    checks.forEach(({ key, sort, limit, value, rows }, i) => expect(rows, `${key}=${String(value)} ${sort} ${limit}`).toEqual(oneAnswers[i]));
  };

  it('gives, for every value of province, year, level and kind, page one of outcomesByAgency filtered on it, in every sort and at any limit', async () => {
    for (const ds of [samples, corpus]) {
      await perEqualsOne(ds, OUTCOME_SORTS, outcomesByAgencyPer, (filters, sort, limit) => outcomesByAgency(filters, sort, limit, 0));
    }
  });

  it('gives, for every value of province, year, level and kind, page one of feesByAgency filtered on it, in every sort and at any limit', async () => {
    for (const ds of [samples, corpus]) {
      await perEqualsOne(ds, ['fees_10k_yuan', 'processing_fee_yuan', 'agency'] as FeeSort[], feesByAgencyPer, (filters, sort, limit) => feesByAgency(filters, sort, limit, 0));
    }
  });
});

describe('fee lists of no filter and the one-filter states (cube/fee-lists.json, src/app/fee-lists.ts)', () => {
  const listsOf = (ds: Dataset) => JSON.parse(readFileSync(join(ds.dir, CUBE_DIR, FEE_LISTS_FILE), 'utf8')) as FeeListsFile;
  /** The fees list by SQL written here: counted reports of the state, most fees first, nulls last, then agency and id. */
  const oracle = (ds: Dataset, key: string | null, value: string | number | null) => run(ds, {
    sql: `SELECT report_id, agency, year, template, t2_fees_10k_yuan AS fees_10k_yuan, processing_fee_yuan FROM facts
      WHERE status <> 'failed' AND superseded_by IS NULL ${key ? `AND ${key} = ?` : ''}
      ORDER BY t2_fees_10k_yuan DESC NULLS LAST, agency, report_id LIMIT 50`,
    params: key ? [value as string | number] : [],
  });

  it('holds, for no filter and every value of province, year, level and kind among counted reports, the rows SQL written here gives', async () => {
    for (const ds of [samples, corpus]) {
      const file = listsOf(ds);
      expect([file.sort, file.limit]).toEqual(['fees_10k_yuan', 50]);
      const counted = ds.overview.filter((e) => e.status !== 'failed' && !e.superseded_by);
      const expected = ['null=null', ...LISTED_FILTERS.flatMap((k) => [...new Set(counted.map((e) => e[k]).filter((v) => v !== null))].map((v) => `${k}=${v}`))].sort();
      expect(file.lists.map(([k, v]) => `${k}=${v}`).sort()).toEqual(expected);
      let fees = 0;
      for (const [key, value, rows] of file.lists) {
        expect(rows, `${key}=${value}`).toEqual(await oracle(ds, key, value));
        fees += rows.filter((r) => r.fees_10k_yuan !== null).length;
      }
      expect(fees).toBeGreaterThan(0);
    }
  });

  it('answers exactly no filter and the one-filter states of the default sort’s first page', async () => {
    const lists = indexFeeLists(listsOf(corpus))!;
    expect(feeListedRows(lists, NO_FILTERS, 'fees_10k_yuan', 50, 0)).toEqual(await oracle(corpus, null, null));
    expect(feeListedRows(lists, f({ year: 2024 }), 'fees_10k_yuan', 50, 0)).toEqual(await oracle(corpus, 'year', 2024));
    expect(feeListedRows(lists, f({ year: 2024 }), 'fees_10k_yuan', 3, 0)).toEqual((await oracle(corpus, 'year', 2024)).slice(0, 3));
    for (const [filters, sort, offset] of [
      [f({ kind: 'people_government', level: 'county' }), 'fees_10k_yuan', 0], [f({ province: '浙江省', city: '嘉兴市' }), 'fees_10k_yuan', 0],
      [f({ q: '市' }), 'fees_10k_yuan', 0], [f({ year: 2024 }), 'processing_fee_yuan', 0], [f({ year: 2024 }), 'agency', 0], [NO_FILTERS, 'fees_10k_yuan', 50],
    ] as const) {
      expect(feeListed(filters, sort, 50, offset)).toBe(false);
      expect(feeListedRows(lists, filters, sort, 50, offset)).toBeNull();
    }
    expect(feeListed(f({ year: 1999 }), 'fees_10k_yuan', 50, 0)).toBe(true);
    expect(feeListedRows(lists, f({ year: 1999 }), 'fees_10k_yuan', 50, 0)).toBeNull();
    expect(indexFeeLists({ ...listsOf(corpus), sort: 'agency' })).toBeNull();
    expect(indexFeeLists(null)).toBeNull();
  });
});
