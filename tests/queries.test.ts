// The dashboard's query layer against the real Parquet built from data/reports, run by DuckDB
// on the Node side, asserting the exact figures of the five samples (worked out by hand).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import {
  NO_FILTERS, checksOf, countReports, extract, facetCounts, FACT_COLUMNS, feesByAgency, filterCounts, templateMix, outcomesByAgency,
  outcomesOverall, refusalReasons, regionCounts, cellsOf, where, type Filters, type Query,
} from '../src/db/queries.ts';
import { REPORT_FIELDS } from '../src/format/fields.ts';
import { removeOutput } from '../src/build/publish.ts';
import { NO_QUALITY_FILTER, qualityPage } from '../src/db/quality.ts';
import { ranking } from '../src/db/litigation.ts';

let out: string;
let connection: DuckDBConnection;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'queries-'));
  await buildData({ reportsDir: 'data/reports', outDir: out });
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  for (const table of ['facts', 'reports', 'cells', 'checks']) {
    await connection.run(`CREATE TABLE ${table} AS SELECT * FROM read_parquet('${join(out, `${table}.parquet`)}')`);
  }
});
afterAll(() => removeOutput(out));

async function run<T = Record<string, unknown>>(q: Query): Promise<T[]> {
  const reader = await connection.runAndReadAll(q.sql, q.params as DuckDBValue[]);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}

const f = (over: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...over });
const JIAXING = '嘉兴市人民政府办公室';
const MIANCHI = '渑池县人民政府';

describe('application outcomes', () => {
  it('counts each outcome group per agency, exactly', async () => {
    const rows = await run(outcomesByAgency(NO_FILTERS, 'agency'));
    const by = Object.fromEntries(rows.map((r) => [r.agency, [r.granted, r.partly_granted, r.refused, r.unable, r.not_handled, r.other, r.handled]]));
    expect(by).toEqual({
      [JIAXING]: [17, 36, 9, 38, 9, 20, 129],
      [MIANCHI]: [10, 0, 6, 22, 1, 13, 52],
      南昌市人民政府办公室: [20, 3, 10, 36, 2, 1, 72],
      长沙市人民政府办公室: [10, 25, 3, 53, 3, 14, 108],
      昌吉州发展和改革委员会: [0, 0, 0, 7, 0, 0, 7],
    });
  });

  it('sorts by the share of a category, in SQL', async () => {
    const refused = await run<{ agency: string }>(outcomesByAgency(NO_FILTERS, 'refused'));
    // 南昌 10/72 = 13.9%, 渑池 6/52 = 11.5%, 嘉兴 9/129 = 7.0%, 长沙 3/108 = 2.8%, 昌吉 0
    expect(refused.map((r) => r.agency)).toEqual(['南昌市人民政府办公室', MIANCHI, JIAXING, '长沙市人民政府办公室', '昌吉州发展和改革委员会']);
    const granted = await run<{ agency: string }>(outcomesByAgency(NO_FILTERS, 'granted', 2));
    // 南昌 20/72 = 27.8%, 渑池 10/52 = 19.2%
    expect(granted.map((r) => r.agency)).toEqual(['南昌市人民政府办公室', MIANCHI]);
  });

  it('sums the whole filtered set', async () => {
    const [all] = await run(outcomesOverall(NO_FILTERS));
    expect(all).toEqual({ reports: 5, handled: 368, granted: 57, partly_granted: 64, refused: 28, unable: 156, not_handled: 15, other: 48 });
    const [hunan] = await run(outcomesOverall(f({ province: '湖南省' })));
    expect(hunan).toMatchObject({ reports: 1, handled: 108, granted: 10, partly_granted: 25 });
  });

  it('breaks refusals down by reason', async () => {
    const rows = await run<{ reason: string; count: number }>(refusalReasons(NO_FILTERS));
    expect(rows.map((r) => [r.reason, r.count])).toEqual([
      ['refused_state_secret', 0], ['refused_prohibited', 5], ['refused_three_safeties', 1], ['refused_third_party', 1],
      ['refused_internal_affairs', 7], ['refused_process_info', 7], ['refused_enforcement_files', 2], ['refused_query_matters', 5],
    ]);
    const [jiaxing] = await run<{ report_id: string }>(outcomesByAgency(f({ q: '嘉兴' })));
    const one = await run<{ reason: string; count: number }>(refusalReasons(NO_FILTERS, jiaxing.report_id));
    expect(one.map((r) => r.count)).toEqual([0, 0, 0, 0, 0, 5, 2, 2]);
  });
});

describe('litigation (src/db/litigation.ts ranking; the old litigationByAgency was unused and is gone)', () => {
  it('computes disputes per 100 applications and the corrected share, exactly', async () => {
    const rows = await run(ranking(NO_FILTERS, 'corrected_share', 'desc', null));
    const by = Object.fromEntries(rows.map((r) => [r.agency, r]));
    expect(by[JIAXING]).toMatchObject({ year: 2024, handled: 129, reconsiderations: 7, lawsuits: 6, disputes: 13, corrected: 0, concluded: 11, corrected_share: 0 });
    expect(by[JIAXING].disputes_per_100).toBeCloseTo(1300 / 129, 10);
    expect(by[MIANCHI]).toMatchObject({ handled: 52, reconsiderations: 9, lawsuits: 2, disputes: 11, corrected: 1, concluded: 10 });
    expect(by[MIANCHI].corrected_share).toBeCloseTo(10, 10); // in percent: 1 of 10 concluded
    expect(by[MIANCHI].disputes_per_100).toBeCloseTo(1100 / 52, 10);
  });

  it('leaves out of a ranking an agency with too few cases or applications', async () => {
    // 昌吉: 7 applications handled, no disputes: below both minimums.
    for (const measure of ['corrected_share', 'reconsiderations_per_100'] as const) {
      const rows = await run<{ agency: string }>(ranking(f({ q: '昌吉' }), measure, 'desc', null));
      expect(rows, measure).toEqual([]);
    }
  });
});

describe('fees', () => {
  it('keeps 行政事业性收费 (万元) and 信息处理费 (元) apart', async () => {
    const rows = await run(feesByAgency(NO_FILTERS));
    expect(rows[0]).toMatchObject({ agency: MIANCHI, fees_10k_yuan: 344.0982, processing_fee_yuan: 0 });
    expect(rows.slice(1).map((r) => r.fees_10k_yuan)).toEqual([0, 0, 0, 0]);
  });
});

describe('facts', () => {
  it('holds exactly the chart columns of reports, row for row', async () => {
    const columns = FACT_COLUMNS.map((c) => `"${c}"`).join(', ');
    const [diff] = await run({ sql: `SELECT (SELECT COUNT(*) FROM (SELECT ${columns} FROM reports EXCEPT SELECT ${columns} FROM facts))::INTEGER AS missing, (SELECT COUNT(*) FROM facts)::INTEGER AS n`, params: [] });
    expect(diff).toEqual({ missing: 0, n: 5 });
  });
});

describe('templates', () => {
  it('counts the filtered reports by template', async () => {
    expect(await run(templateMix(NO_FILTERS))).toEqual([{ old: 0, other: 5, first_old: null, last_old: null }]);
  });
});

describe('filters', () => {
  it('counts the region cascade, each level ignoring its own choice', async () => {
    const provinces = await run(regionCounts(f({ province: '湖南省' }), 'province'));
    expect(provinces).toHaveLength(5);
    expect(provinces.every((p) => p.n === 1)).toBe(true);
    expect(await run(regionCounts(f({ province: '河南省' }), 'city'))).toEqual([{ value: '三门峡市', n: 1 }]);
    expect(await run(regionCounts(f({ province: '河南省', city: '三门峡市' }), 'county'))).toEqual([{ value: '渑池县', n: 1 }]);
  });

  it('counts years, levels and kinds', async () => {
    expect(await run(facetCounts(NO_FILTERS, 'year'))).toEqual([{ value: 2024, n: 4 }, { value: 2023, n: 1 }]);
    expect(await run(facetCounts(NO_FILTERS, 'level'))).toEqual([{ value: 'prefecture', n: 4 }, { value: 'county', n: 1 }]);
    expect(await run(facetCounts(NO_FILTERS, 'kind'))).toEqual([{ value: 'government_office', n: 3 }, { value: 'department', n: 1 }, { value: 'people_government', n: 1 }]);
    expect(await run(facetCounts(f({ level: 'county' }), 'kind'))).toEqual([{ value: 'people_government', n: 1 }]);
  });

  it('combines filters', async () => {
    expect(await run(countReports(f({ year: 2024, level: 'prefecture', kind: 'government_office' })))).toEqual([{ n: 3 }]);
    expect(await run(countReports(f({ year: 2023, province: '浙江省' })))).toEqual([{ n: 0 }]);
  });

  it('binds user text as a parameter: quotes and wildcards are just characters', async () => {
    expect(await run(countReports(f({ q: "'; DROP TABLE reports; --" })))).toEqual([{ n: 0 }]);
    expect(await run(countReports(f({ q: '%' })))).toEqual([{ n: 0 }]);
    expect(await run(countReports(f({ q: '_' })))).toEqual([{ n: 0 }]);
    expect(await run(countReports(f({ q: '发展和改革' })))).toEqual([{ n: 1 }]);
    expect(await run(countReports(NO_FILTERS))).toEqual([{ n: 5 }]);
  });
});

describe('name search with several names (issue 8 item 6)', () => {
  const agencies = async (q: string) => (await run<{ agency: string }>(outcomesByAgency(f({ q }), 'agency'))).map((r) => r.agency);
  it('any of several names matches, whatever the separator', async () => {
    for (const q of ['嘉兴 长沙', '嘉兴,长沙', '嘉兴，长沙', ' 嘉兴、长沙 ', '嘉兴\u3000长沙', '嘉兴;长沙 嘉兴']) {
      expect(await agencies(q), q).toEqual([JIAXING, '长沙市人民政府办公室']);
      expect(await run(countReports(f({ q }))), q).toEqual([{ n: 2 }]);
    }
    expect(await agencies('嘉兴 不存在的机关')).toEqual([JIAXING]);
    expect((await agencies('渑池 昌吉 南昌')).sort()).toEqual([MIANCHI, '南昌市人民政府办公室', '昌吉州发展和改革委员会'].sort());
  });
  it('binds every name as its own parameter: quotes and wildcards are still just characters', async () => {
    const q = where(f({ q: "嘉兴 '; DROP TABLE facts; -- %" }));
    expect(q.params).toEqual(['嘉兴', "'", 'DROP', 'TABLE', 'facts', '--', '%']);
    expect(q.sql).not.toContain('嘉兴');
    expect(await run(countReports(f({ q: "嘉兴 '; DROP TABLE facts; -- %" })))).toEqual([{ n: 1 }]);
    expect(await run(countReports(f({ q: ' , ，  ' })))).toEqual([{ n: 5 }]);
  });
});

describe('extract and agency page', () => {
  it('extracts every field of the filtered reports', async () => {
    const rows = await run(extract(f({ province: '河南省' })));
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0])).toEqual(REPORT_FIELDS.map((x) => x.name));
    expect(rows[0]).toMatchObject({ agency: MIANCHI, t3_total_handled_natural_person: 52, t2_fees_10k_yuan: 344.0982, year: 2023 });
  });

  it('returns the cells with their provenance and the checks of one report', async () => {
    const [r] = await run<{ report_id: string }>(outcomesByAgency(f({ q: '渑池' })));
    const cells = await run(cellsOf(r.report_id));
    // 10 + 175 + 15 cells of tables 2–4, the 22 of the 2019 template's table 2 and the 7 of a
    // printed 其他处理 total (both empty here)
    expect(cells).toHaveLength(229);
    expect(cells.find((c) => c.table_name === 'table3' && c.row_index === 23 && c.col_index === 0)).toMatchObject({ value: 52, flag: 'derived' });
    const checks = await run<{ code: string }>(checksOf(r.report_id));
    expect(checks.map((c) => c.code)).toEqual(['parse.t3.row_placed_by_identities', 'meta.year_period_conflict', 'narrative.applications_mismatch']);
  });

  it('lists every report for data quality, the worst first', async () => {
    const rows = await run<{ agency: string; status: string }>(qualityPage(NO_FILTERS, NO_QUALITY_FILTER));
    expect(rows.map((r) => r.status)).toEqual(['warning', 'ok', 'ok', 'ok', 'ok']);
    expect(rows[0].agency).toBe(MIANCHI);
  });
});

describe('filter counts in one query', () => {
  it('equals the separate counts', async () => {
    const filters = f({ province: '河南省', city: '三门峡市' });
    const rows = await run<{ facet: string; value: string | null; n: number }>(filterCounts(filters));
    const of = (facet: string) => rows.filter((r) => r.facet === facet).map((r) => ({ value: r.value, n: r.n }));
    const text = (xs: { value: unknown; n: number }[]) => xs.map((x) => ({ value: String(x.value), n: x.n }));
    expect(of('province')).toEqual(text(await run(regionCounts(filters, 'province'))));
    expect(of('city')).toEqual(text(await run(regionCounts(filters, 'city'))));
    expect(of('county')).toEqual(text(await run(regionCounts(filters, 'county'))));
    expect(of('year')).toEqual(text(await run(facetCounts(filters, 'year'))));
    expect(of('kind')).toEqual(text(await run(facetCounts(filters, 'kind'))));
    expect(of('total')).toEqual([{ value: null, n: 1 }]);
    expect(rows.filter((r) => r.facet === 'city')).toHaveLength(1);
    expect((await run(filterCounts(NO_FILTERS))).filter((r) => r.facet === 'city')).toEqual([]);
  });
});
