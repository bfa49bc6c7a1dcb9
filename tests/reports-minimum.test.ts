// The minimum number of reports (MIN_REPORTS_FOR_DISTRIBUTION, src/db/queries.ts) under every
// statistic across reports: the agency page's peers, the distribution's quartiles and percentile,
// a group's and a province's median fee. A hand-made `facts` of 16 reports of one level and kind,
// whose years hold 1, 4, 5 and 6 peers; the expected quartiles, medians and ranks are worked out
// by hand in the comments (linear interpolation: position (n − 1)·p in the sorted values).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import Papa from 'papaparse';
import { agencyPeers } from '../src/db/agencies.ts';
import { distributionStats, highlightOf, measureOf, percentile, type DistributionStats, type HighlightRow } from '../src/db/distribution.ts';
import { groupMedians, groupStats, type GroupRow, type MedianRow } from '../src/db/groups.ts';
import { mapValue, provinceFigures, type ProvinceFigures } from '../src/db/province-map.ts';
import { FACT_COLUMNS, MIN_REPORTS_FOR_DISTRIBUTION, NO_FILTERS, type Filters, type Query } from '../src/db/queries.ts';
import { OUTCOME_ROWS, T3_TOTAL_COLUMN, table3Column } from '../src/format/schema.ts';
import { GROUP_MEASURES, groupsCsv, measureCell } from '../src/views/groupView.ts';

const TEXT = new Set(['report_id', 'file', 'agency', 'agency_id', 'superseded_by', 'province', 'city', 'county', 'level', 'kind', 'status', 'template']);

interface Peer { id: string; year: number; province: string; fee: number; granted: number; outcomes: number }
/**
 * year → its reports: 2021 one, 2022 four, 2023 five, 2024 six (four in 河南省, two in 湖南省).
 * Each fee is 10 × its place in the year (2021: 7); each report states 20 outcomes, `granted` of
 * them granted, except r2023e, whose 3 outcomes are too few to rate (MIN_APPLICATIONS_FOR_RATE).
 */
const PEERS: Peer[] = [
  { id: 'r2021a', year: 2021, province: '河南省', fee: 7, granted: 5, outcomes: 20 },
  ...[1, 2, 3, 4].map((k) => ({ id: `r2022${'abcd'[k - 1]}`, year: 2022, province: '河南省', fee: 10 * k, granted: k, outcomes: 20 })),
  ...[1, 2, 3, 4, 5].map((k) => ({ id: `r2023${'abcde'[k - 1]}`, year: 2023, province: '河南省', fee: 10 * k, granted: k === 5 ? 1 : k, outcomes: k === 5 ? 3 : 20 })),
  ...[1, 2, 3, 4, 5, 6].map((k) => ({ id: `r2024${'abcdef'[k - 1]}`, year: 2024, province: k <= 4 ? '河南省' : '湖南省', fee: 10 * k, granted: k, outcomes: 20 })),
];

let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run(`CREATE TABLE facts (${FACT_COLUMNS.map((c) => `"${c}" ${TEXT.has(c) ? 'VARCHAR' : c === 'year' ? 'INTEGER' : 'DOUBLE'}`).join(', ')})`);
  const granted = table3Column(OUTCOME_ROWS.granted[0], T3_TOTAL_COLUMN);
  const refused = table3Column(OUTCOME_ROWS.refused[0], T3_TOTAL_COLUMN);
  for (const p of PEERS) {
    const values: Record<string, DuckDBValue> = {
      report_id: p.id, agency: `机关${p.id}`, year: p.year, province: p.province, level: 'county', kind: 'department', status: 'ok', processing_fee_yuan: p.fee,
    };
    // Every outcome row stated (0), then `granted` granted and the rest of the outcomes refused.
    for (const rows of Object.values(OUTCOME_ROWS)) for (const r of rows) values[table3Column(r, T3_TOTAL_COLUMN)] = 0;
    values[granted] = p.granted;
    values[refused] = p.outcomes - p.granted;
    const names = Object.keys(values);
    await db.run(`INSERT INTO facts (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, names.map((c) => values[c]));
  }
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

async function run<T = Record<string, unknown>>(q: Query): Promise<T[]> {
  const reader = await db.runAndReadAll(q.sql, q.params as DuckDBValue[]);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}
const F = (f: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...f });
const FEE = 'processing_fee_yuan';

it('is 5', () => {
  // The hand-worked figures below assume it.
  expect(MIN_REPORTS_FOR_DISTRIBUTION).toBe(5);
});

describe('agencyPeers under the minimum number of reports', () => {
  /** The fee statistics of one report's peers. */
  const fee = async (id: string, scope: 'national' | 'province' = 'national') => {
    const [row] = await run(agencyPeers(id, scope));
    return { n: row[`n_${FEE}`], few: row[`few_${FEE}`], q1: row[`q1_${FEE}`], median: row[`median_${FEE}`], q3: row[`q3_${FEE}`], le: row[`le_${FEE}`], v: row[`v_${FEE}`] };
  };

  it('1 peer (itself): N 1, no quartile, no median, no rank', async () => {
    expect(await fee('r2021a')).toEqual({ n: 1, few: true, q1: null, median: null, q3: null, le: null, v: 7 });
  });

  it('4 peers: N 4, nothing computed', async () => {
    expect(await fee('r2022b')).toEqual({ n: 4, few: true, q1: null, median: null, q3: null, le: null, v: 20 });
  });

  it('5 peers: 10 20 30 40 50 give q1 20, median 30, q3 40 (positions 1, 2, 3); 20 is at or above 2 of 5 (40%)', async () => {
    const r = await fee('r2023b');
    expect(r).toEqual({ n: 5, few: false, q1: 20, median: 30, q3: 40, le: 2, v: 20 });
    expect(percentile(r.le as number, r.n as number)).toBe(40);
  });

  it('6 peers: 10 … 60 give q1 22.5 (position 1.25), median 35 (2.5), q3 47.5 (3.75); 60 ranks 100', async () => {
    const r = await fee('r2024f');
    expect(r.n).toBe(6);
    expect(r.few).toBe(false);
    expect(r.q1).toBeCloseTo(22.5, 9);
    expect(r.median).toBeCloseTo(35, 9);
    expect(r.q3).toBeCloseTo(47.5, 9);
    expect(r.le).toBe(6);
  });

  it('6 peers nationally are 4 in 河南省 and 2 in 湖南省: in the province nothing is computed', async () => {
    expect(await fee('r2024a', 'province')).toEqual({ n: 4, few: true, q1: null, median: null, q3: null, le: null, v: 10 });
    expect(await fee('r2024e', 'province')).toEqual({ n: 2, few: true, q1: null, median: null, q3: null, le: null, v: 50 });
  });

  it('counts the rated peers: 5 reports of which 4 reach the minimum sample give no granted share statistics', async () => {
    const [row] = await run(agencyPeers('r2023a', 'national'));
    expect([row.n_share_granted, row.few_share_granted, row.q1_share_granted, row.median_share_granted, row.q3_share_granted, row.le_share_granted])
      .toEqual([4, true, null, null, null, null]);
    // The 6 of 2024, 20 outcomes each, granted 1 … 6: 5 % … 30 %; the median (position 2.5) 17.5 %, 3 of 6 at or below 15 %.
    const [y24] = await run(agencyPeers('r2024c', 'national'));
    expect([y24.n_share_granted, y24.few_share_granted, y24.le_share_granted]).toEqual([6, false, 3]);
    expect(y24.median_share_granted).toBeCloseTo(17.5, 9);
  });
});

describe('distribution under the minimum number of reports', () => {
  const m = measureOf(FEE);
  it('4 reports: N 4, too few reports, no quartile, median or p95 (the bins planned from the maximum)', async () => {
    const [s] = await run<DistributionStats>(distributionStats(F({ year: 2022 }), m));
    expect(s).toEqual({ n: 4, too_few: 0, not_stated: 0, too_few_reports: true, min: 10, q1: null, median: null, q3: null, p95: null, max: 40 });
  });

  it('5 reports: q1 20, median 30, q3 40, p95 48 (position 3.8: 40 + 0.8 × 10)', async () => {
    const [s] = await run<DistributionStats>(distributionStats(F({ year: 2023 }), m));
    expect({ ...s, p95: Math.round(s.p95! * 1e9) / 1e9 }).toEqual({ n: 5, too_few: 0, not_stated: 0, too_few_reports: false, min: 10, q1: 20, median: 30, q3: 40, p95: 48, max: 50 });
  });

  it('a share: 5 reports, one too few to rate, leave 4 rated and no quartiles', async () => {
    const [s] = await run<DistributionStats>(distributionStats(F({ year: 2023 }), measureOf('share_granted')));
    expect([s.n, s.too_few, s.too_few_reports, s.q1, s.median, s.q3, s.p95]).toEqual([4, 1, true, null, null, null, null]);
  });

  it('a highlighted report among 1 or 4 has no percentile; among 5 its rank (30 of 10 … 50: 3 of 5, 60 %)', async () => {
    for (const [year, id] of [[2021, 'r2021a'], [2022, 'r2022c']] as const) {
      const [h] = await run<HighlightRow>(highlightOf(F({ year }), m, id));
      expect([h.rated, h.at_or_below, h.too_few_reports, percentile(h.at_or_below, h.rated_total)]).toEqual([true, null, true, null]);
    }
    const [h] = await run<HighlightRow>(highlightOf(F({ year: 2023 }), m, 'r2023c'));
    expect([h.at_or_below, h.rated_total, h.too_few_reports, percentile(h.at_or_below, h.rated_total)]).toEqual([3, 5, false, 60]);
  });
});

describe('median fees of groups and provinces under the minimum number of reports', () => {
  it('by year: 1 and 4 reports give no median (too few reports), 5 give 30, 6 give 35; all 16 give 30', async () => {
    const rows = await run<GroupRow>(groupStats(NO_FILTERS, 'year'));
    const byYear = Object.fromEntries(rows.map((r) => [r.is_total ? 'all' : String(r.value), [r.processing_fee_reports, r.processing_fee_yuan_median, r.too_few_processing_fee_reports]]));
    // All 16 sorted: 7 10 10 10 20 20 20 30 | 30 30 40 40 40 50 50 60: the 8th and 9th are 30.
    expect(byYear).toEqual({ all: [16, 30, false], 2021: [1, null, true], 2022: [4, null, true], 2023: [5, 30, false], 2024: [6, 35, false] });
    // No report states the administrative fee: no median, and not "too few reports" (none states it).
    expect(rows.every((r) => r.fees_reports === 0 && r.fees_10k_yuan_median === null && !r.too_few_fees_reports)).toBe(true);
    // The medians' own query (the page's second round after the summaries) withholds them alike.
    const medians = await run<MedianRow>(groupMedians(NO_FILTERS, 'year'));
    expect(Object.fromEntries(medians.map((r) => [r.is_total ? 'all' : String(r.value), [r.processing_fee_yuan_median, r.too_few_processing_fee_reports]])))
      .toEqual({ all: [30, false], 2021: [null, true], 2022: [null, true], 2023: [30, false], 2024: [35, false] });
  });

  it('the cell and the CSV say too few reports, not 0 and not "not stated"', async () => {
    const rows = await run<GroupRow>(groupStats(NO_FILTERS, 'year'));
    const median = GROUP_MEASURES.find((g) => g.key === 'processing_fee_yuan_median')!;
    const y2022 = rows.find((r) => r.value === '2022')!;
    expect([measureCell('zh', y2022, median), measureCell('en', y2022, median)]).toEqual(['—（年报过少）', '— (too few reports)']);
    expect(measureCell('en', rows.find((r) => r.value === '2023')!, median)).toBe('30');
    const text = groupsCsv('en', 'year', rows[0], rows.slice(1), { province: null, city: null });
    const csv = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    const y22 = csv.find((l) => l.Year === '2022')!;
    expect(y22['Information-processing fee, median per report (yuan)']).toBe('');
    expect(y22['Reports stating the information-processing fee']).toBe('4');
    expect(y22['Measures with too few to rate or too few reports']).toContain('Information-processing fee, median per report');
    expect(csv.find((l) => l.Year === '2023')!['Information-processing fee, median per report (yuan)']).toBe('30');
    // No report states the administrative fee: its median is not stated, not "too few reports".
    expect(y22['Measures with too few to rate or too few reports']).not.toContain('Administrative');
    expect(measureCell('en', y2022, GROUP_MEASURES.find((g) => g.key === 'fees_10k_yuan_median')!)).toBe('not stated');
  });

  it('by province: 河南省 14 reports give a median of 25 (7th and 8th of 7 10 10 10 20 20 20 30 …), 湖南省 2 none', async () => {
    const rows = await run<ProvinceFigures>(provinceFigures(NO_FILTERS));
    const henan = rows.find((r) => r.province === '河南省')!;
    const hunan = rows.find((r) => r.province === '湖南省')!;
    expect([henan.processing_fee_yuan_median, henan.too_few_processing_fee_reports]).toEqual([25, null]);
    expect([hunan.processing_fee_yuan_median, hunan.too_few_processing_fee_reports]).toEqual([null, 2]);
    expect(mapValue(hunan, 'processing_fee_yuan')).toEqual({ state: 'too_few', base: 2 });
    // No report states the administrative fee: no data, not too few.
    expect(mapValue(henan, 'fees_10k_yuan')).toEqual({ state: 'no_data' });
  });
});
