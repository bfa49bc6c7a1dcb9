// Group comparisons (src/db/groups.ts) against an oracle that does not use the code under test:
// every fact row is read with a plain SELECT * and the groups are summed in TypeScript here,
// with the rules written out again (sums of counts over reports that state both sides, divided
// once; rates withheld under the minimum sample). Plus hand-checked figures of the five samples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { NO_FILTERS, type Filters, type Query } from '../src/db/predicates.ts';
import { drillDown, groupStats, sortGroups, type GroupRow, type Grouping } from '../src/db/groups.ts';
import { syntheticReports } from './e2e/site.ts';
import { removeOutput } from '../src/build/publish.ts';

type Fact = Record<string, number | string | null>;
const temps: string[] = [];
let corpus: DuckDBConnection;
let samples: DuckDBConnection;
let facts: Fact[];

async function load(reportsDir: string): Promise<DuckDBConnection> {
  const out = mkdtempSync(join(tmpdir(), 'groups-'));
  temps.push(out);
  await buildData({ reportsDir, outDir: out });
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(out, 'facts.parquet')}')`);
  return connection;
}

async function run<T = Record<string, unknown>>(c: DuckDBConnection, q: Query): Promise<T[]> {
  const reader = await c.runAndReadAll(q.sql, q.params as DuckDBValue[]);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}

beforeAll(async () => {
  [corpus, samples] = await Promise.all([load(syntheticReports(200)), load('data/reports')]);
  facts = await run<Fact>(corpus, { sql: 'SELECT * FROM facts', params: [] });
}, 300_000);
afterAll(() => temps.forEach((t) => removeOutput(t)));

// ---- the oracle ---------------------------------------------------------------------------

const num = (r: Fact, c: string) => (r[c] === null || r[c] === undefined ? null : Number(r[c]));
/** Sum of columns, null when any is null (SQL's + on NULL). */
const plus = (r: Fact, cols: string[]) => cols.reduce<number | null>((s, c) => (s === null || num(r, c) === null ? null : s + num(r, c)!), 0);
const OUTCOMES: Record<string, (r: Fact) => number | null> = {
  granted: (r) => num(r, 't3_granted_total'),
  partly_granted: (r) => num(r, 't3_partly_granted_total'),
  refused: (r) => plus(r, ['state_secret', 'prohibited', 'three_safeties', 'third_party', 'internal_affairs', 'process_info', 'enforcement_files', 'query_matters'].map((k) => `t3_refused_${k}_total`)),
  unable: (r) => plus(r, ['not_held', 'needs_creation', 'unclear'].map((k) => `t3_unable_${k}_total`)),
  not_handled: (r) => plus(r, ['complaint', 'repeated', 'publications', 'vexatious', 'confirmation'].map((k) => `t3_not_handled_${k}_total`)),
  other: (r) => plus(r, ['no_correction', 'fee_unpaid', 'other'].map((k) => `t3_other_${k}_total`)) ?? num(r, 't3_other_total_total'),
};
const recon = (r: Fact) => num(r, 't4_reconsideration_total');
const suits = (r: Fact) => plus(r, ['t4_lawsuit_direct_total', 't4_lawsuit_after_reconsideration_total']);
const corrected = (r: Fact) => plus(r, ['t4_reconsideration_corrected', 't4_lawsuit_direct_corrected', 't4_lawsuit_after_reconsideration_corrected']);
const concluded = (r: Fact) => {
  const all = plus(r, ['t4_reconsideration_total', 't4_lawsuit_direct_total', 't4_lawsuit_after_reconsideration_total']);
  const pending = plus(r, ['t4_reconsideration_pending', 't4_lawsuit_direct_pending', 't4_lawsuit_after_reconsideration_pending']);
  return all === null || pending === null ? null : all - pending;
};
const sum = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) : null);
const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function expected(rows: Fact[]) {
  const stated = rows.filter((r) => Object.values(OUTCOMES).every((f) => f(r) !== null));
  const base = sum(stated.map((r) => Object.values(OUTCOMES).reduce((a, f) => a + f(r)!, 0)));
  const withBoth = (a: (r: Fact) => number | null, b: (r: Fact) => number | null) => rows.filter((r) => a(r) !== null && b(r) !== null);
  const handled = (r: Fact) => num(r, 't3_total_handled_total');
  const rc = withBoth(handled, recon);
  const ls = withBoth(handled, suits);
  const cc = withBoth(corrected, concluded);
  const rcBase = sum(rc.map((r) => handled(r)!));
  const lsBase = sum(ls.map((r) => handled(r)!));
  const ccBase = sum(cc.map((r) => concluded(r)!));
  const fees = rows.map((r) => num(r, 't2_fees_10k_yuan')).filter((v): v is number => v !== null);
  const proc = rows.map((r) => num(r, 'processing_fee_yuan')).filter((v): v is number => v !== null);
  return {
    reports: rows.length,
    handled: sum(rows.map(handled).filter((v): v is number => v !== null)),
    ...Object.fromEntries(Object.entries(OUTCOMES).map(([k, f]) => [`${k}_share`, base !== null && base >= 10 ? sum(stated.map((r) => f(r)!))! / base : null])),
    reconsiderations_per_100: rcBase !== null && rcBase >= 10 ? (sum(rc.map((r) => recon(r)!))! * 100) / rcBase : null,
    lawsuits_per_100: lsBase !== null && lsBase >= 10 ? (sum(ls.map((r) => suits(r)!))! * 100) / lsBase : null,
    corrected_share: ccBase !== null && ccBase >= 5 ? sum(cc.map((r) => corrected(r)!))! / ccBase : null,
    // A median only over at least 5 reports stating the fee (MIN_REPORTS_FOR_DISTRIBUTION).
    fees_10k_yuan_sum: sum(fees), fees_10k_yuan_median: fees.length >= 5 ? median(fees) : null, fees_reports: fees.length,
    processing_fee_yuan_sum: sum(proc), processing_fee_yuan_median: proc.length >= 5 ? median(proc) : null, processing_fee_reports: proc.length,
  };
}

const MEASURES = Object.keys(expected([])) as (keyof ReturnType<typeof expected>)[];

function compare(actual: GroupRow, wanted: ReturnType<typeof expected>, where: string) {
  for (const m of MEASURES) {
    const a = actual[m as keyof GroupRow] as number | null;
    const e = wanted[m] as number | null;
    if (e === null) expect(a, `${where} ${m}`).toBeNull();
    else expect(a, `${where} ${m}`).toBeCloseTo(e, 9);
  }
}

function oracle(filter: (r: Fact) => boolean, key: (r: Fact) => string) {
  const groups = new Map<string, Fact[]>();
  // Counted: parsed filings that no other filing of the same agency and year supersedes.
  const counted = (r: Fact) => r.status !== 'failed' && r.superseded_by === null;
  for (const r of facts) if (counted(r) && filter(r)) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return groups;
}

// ---- the tests ----------------------------------------------------------------------------

describe('groupStats against the oracle (200 generated reports)', () => {
  const cases: [string, Grouping, Partial<Filters>, (r: Fact) => boolean, (r: Fact) => string][] = [
    ['province', 'province', {}, () => true, (r) => String(r.province)],
    ['level', 'level', {}, () => true, (r) => String(r.level)],
    ['kind', 'kind', {}, () => true, (r) => String(r.kind)],
    ['year', 'year', {}, () => true, (r) => String(r.year)],
  ];
  for (const [name, group, filters, keep, key] of cases) {
    it(`by ${name}: every group and the total`, async () => {
      const rows = await run<GroupRow>(corpus, groupStats({ ...NO_FILTERS, ...filters }, group));
      const want = oracle(keep, key);
      expect(rows[0].is_total).toBe(true);
      compare(rows[0], expected([...want.values()].flat()), 'total');
      const groups = rows.filter((r) => !r.is_total);
      expect(groups.map((r) => String(r.value)).sort()).toEqual([...want.keys()].sort());
      for (const g of groups) compare(g, expected(want.get(String(g.value))!), `${name}=${g.value}`);
    });
  }

  it('by city within the province with the most reports, as ?province=…&group=city asks', async () => {
    const counts = oracle(() => true, (r) => String(r.province));
    const province = [...counts.entries()].sort((a, b) => b[1].length - a[1].length)[0][0];
    const rows = await run<GroupRow>(corpus, groupStats({ ...NO_FILTERS, province }, 'city'));
    const want = oracle((r) => r.province === province, (r) => String(r.city));
    const groups = rows.filter((r) => !r.is_total);
    expect(groups.length).toBe(want.size);
    for (const g of groups) {
      expect(g.province).toBe(province);
      compare(g, expected(want.get(String(g.value))!), `city=${g.value}`);
    }
    compare(rows[0], expected([...want.values()].flat()), 'total');
  });

  it('with a facet (small multiples): one total per facet value and its years', async () => {
    const rows = await run<GroupRow>(corpus, groupStats(NO_FILTERS, 'year', 'level'));
    const want = oracle(() => true, (r) => `${r.level}|${r.year}`);
    for (const g of rows.filter((r) => !r.is_total)) compare(g, expected(want.get(`${g.facet}|${g.value}`)!), `${g.facet}/${g.value}`);
    const totals = rows.filter((r) => r.is_total);
    expect(totals.map((r) => String(r.facet)).sort()).toEqual([...new Set(facts.filter((r) => r.status !== 'failed' && r.superseded_by === null).map((r) => String(r.level)))].sort());
  });
});

describe('groupStats on the five samples (hand-checked)', () => {
  it('divides the summed counts once, not the average of shares', async () => {
    const [total] = await run<GroupRow>(samples, groupStats(NO_FILTERS, 'province'));
    // granted 17 + 10 + 20 + 10 + 0 = 57 over outcomes 129 + 52 + 72 + 108 + 7 = 368.
    expect(total.reports).toBe(5);
    expect(total.outcome_base).toBe(368);
    expect(total.granted_share).toBeCloseTo(57 / 368, 12);
    // The mean of the five agencies' shares would be (17/129 + 10/52 + 20/72 + 10/108 + 0/7) / 5 ≈ 0.139.
    expect(Math.abs(total.granted_share! - 0.1389)).toBeGreaterThan(0.01);
  });

  it('counts a report stating only some outcome groups in none of the shares (they add up to 100%)', async () => {
    // A copy of the samples' facts with one refusal row of one report not stated: that report's
    // outcomes leave the denominator, so its granted count must leave the numerator too.
    const rows = await run<Fact>(samples, { sql: 'SELECT * FROM facts ORDER BY report_id', params: [] });
    const hole = rows.find((r) => Number(r.t3_granted_total) > 0 && r.status !== 'failed' && r.superseded_by === null)!;
    const copy = await (await DuckDBInstance.create(':memory:')).connect();
    const dir = mkdtempSync(join(tmpdir(), 'groups-holes-'));
    temps.push(dir);
    await samples.run(`COPY (SELECT * REPLACE (CASE WHEN report_id = '${hole.report_id}' THEN NULL ELSE t3_refused_third_party_total END AS t3_refused_third_party_total) FROM facts) TO '${join(dir, 'facts.parquet')}' (FORMAT parquet)`);
    await copy.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(dir, 'facts.parquet')}')`);
    const punched = await run<Fact>(copy, { sql: 'SELECT * FROM facts', params: [] });
    const [total] = await run<GroupRow>(copy, groupStats(NO_FILTERS, 'province'));
    const want = expected(punched.filter((r) => r.status !== 'failed' && r.superseded_by === null));
    compare(total, want, 'total with a hole');
    const shares = (['granted', 'partly_granted', 'refused', 'unable', 'not_handled', 'other'] as const).map((k) => total[`${k}_share`]!);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    copy.closeSync();
  });

  it('says "too few to rate" for a group under 10 applications (昌吉州: 7)', async () => {
    const rows = await run<GroupRow>(samples, groupStats(NO_FILTERS, 'province'));
    const xinjiang = rows.find((r) => r.value === '新疆维吾尔自治区')!;
    expect(xinjiang.outcome_base).toBe(7);
    expect(xinjiang.too_few_outcomes).toBe(true);
    expect(xinjiang.granted_share).toBeNull();
    expect(xinjiang.lawsuits_per_100).toBeNull();
  });
});

describe('sorting and drilling down', () => {
  const row = (value: string | null, reports: number, granted_share: number | null) => ({ value, reports, granted_share } as GroupRow);
  it('sorts largest first, withheld rates last, ties by size then name', () => {
    const sorted = sortGroups([row('b', 3, 0.2), row('a', 9, null), row('c', 1, 0.5), row('d', 5, 0.2)], 'granted_share');
    expect(sorted.map((r) => r.value)).toEqual(['c', 'd', 'b', 'a']);
    expect(sortGroups([row('b', 1, 0), row(null, 1, 0), row('a', 1, 0)], 'value').map((r) => r.value)).toEqual(['a', 'b', null]);
  });
  it('follows the region cascade and sets the other filters', () => {
    expect(drillDown('province', { value: '河南省', province: '河南省', city: null })).toEqual({ filters: { province: '河南省', city: null, county: null }, group: 'city' });
    // A municipality's districts have no city: from it, straight to its districts and counties.
    expect(drillDown('province', { value: '上海市', province: '上海市', city: null })).toEqual({ filters: { province: '上海市', city: null, county: null }, group: 'county' });
    expect(drillDown('province', { value: '重庆市', province: '重庆市', city: null })?.group).toBe('county');
    expect(drillDown('city', { value: '郑州市', province: '河南省', city: '郑州市' })).toEqual({ filters: { province: '河南省', city: '郑州市', county: null }, group: 'county' });
    expect(drillDown('county', { value: '渑池县', province: '河南省', city: '三门峡市' })).toEqual({ filters: { province: '河南省', city: '三门峡市', county: '渑池县' }, group: null });
    expect(drillDown('year', { value: '2023', province: null, city: null })).toEqual({ filters: { year: 2023 }, group: null });
    expect(drillDown('level', { value: null, province: null, city: null })).toBeNull();
  });
});
