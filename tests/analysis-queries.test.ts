// The rankings, too-few lists, scatter density, province figures and applicant split against the
// Parquet built from the bundled reports. Expected values come from SQL written here on the wide
// `reports` table (not `facts`, not the queries under test) and plain arithmetic on its rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { NO_FILTERS, type Query } from '../src/db/queries.ts';
import {
  BINS_PER_DECADE, binRange, formatDirections, litigationCounts, parseDirections, ranking, rankingCounts, scatterCounts, scatterDensity, tooFew,
  type DensityCell, type LitigationCounts, type RankedRow, type RankingCounts, type ScatterCounts,
} from '../src/db/litigation.ts';
import { mapClasses, mapValue, provinceFigures, type ProvinceFigures } from '../src/db/province-map.ts';
import { applicantsBy, nextRegionLevel, type ApplicantRow } from '../src/db/applicants.ts';

let out: string;
let connection: DuckDBConnection;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'analysis-'));
  await buildData({ reportsDir: 'data/reports', outDir: out });
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  for (const table of ['facts', 'reports']) {
    await connection.run(`CREATE TABLE ${table} AS SELECT * FROM read_parquet('${join(out, `${table}.parquet`)}')`);
  }
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run<T = Record<string, unknown>>(q: Query | string, params: DuckDBValue[] = []): Promise<T[]> {
  const [sql, p] = typeof q === 'string' ? [q, params] : [q.sql, q.params as DuckDBValue[]];
  const reader = await connection.runAndReadAll(sql, p);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}

interface Truth { report_id: string; agency: string; province: string; handled: number | null; recon: number | null; lawsuits: number | null; corrected: number | null; pending: number | null }
async function truth(): Promise<Truth[]> {
  return run<Truth>(`SELECT report_id, agency, province, t3_total_handled_total AS handled, t4_reconsideration_total AS recon,
      t4_lawsuit_direct_total + t4_lawsuit_after_reconsideration_total AS lawsuits,
      t4_reconsideration_corrected + t4_lawsuit_direct_corrected + t4_lawsuit_after_reconsideration_corrected AS corrected,
      t4_reconsideration_pending + t4_lawsuit_direct_pending + t4_lawsuit_after_reconsideration_pending AS pending
    FROM reports WHERE status <> 'failed' AND superseded_by IS NULL`);
}

describe('trusted rankings', () => {
  it('ranks lawsuits per 100 only over reports with at least 10 applications, by lawsuits alone, both directions', async () => {
    const rows = await truth();
    const rated = rows.filter((r) => r.handled !== null && r.handled >= 10 && r.lawsuits !== null)
      .map((r) => ({ id: r.report_id, v: (r.lawsuits! * 100) / r.handled!, n: r.handled! }));
    // The bundled 昌吉 report handled 7 applications: too few, so never ranked.
    expect(rows.find((r) => r.agency.startsWith('昌吉'))?.handled).toBe(7);
    const desc = [...rated].sort((a, b) => b.v - a.v || b.n - a.n).map((r) => r.id);
    const got = await run<RankedRow>(ranking(NO_FILTERS, 'lawsuits_per_100', 'desc', null));
    expect(got.map((r) => r.report_id)).toEqual(desc);
    got.forEach((r, i) => expect(r.lawsuits_per_100).toBeCloseTo(rated.find((x) => x.id === desc[i])!.v, 9));
    const asc = await run<RankedRow>(ranking(NO_FILTERS, 'lawsuits_per_100', 'asc', 2, 0));
    expect(asc.map((r) => r.report_id)).toEqual([...rated].sort((a, b) => a.v - b.v || b.n - a.n).slice(0, 2).map((r) => r.id));
    const [counts] = await run<RankingCounts>(rankingCounts(NO_FILTERS, 'lawsuits_per_100'));
    // Too few: fewer than 10 applications handled (0 included), whatever the lawsuits; the list shows the same reports.
    const few = rows.filter((r) => r.handled !== null && r.handled < 10);
    expect(counts).toEqual({ rated: rated.length, too_few: few.length });
    expect((await run<RankedRow>(tooFew(NO_FILTERS, 'handled', null))).length).toBe(few.length);
  });

  it('rates the corrected share from 5 concluded cases and lists the rest as too few', async () => {
    const rows = await truth();
    const concluded = (r: Truth) => (r.recon === null || r.lawsuits === null || r.pending === null ? null : r.recon + r.lawsuits - r.pending);
    const rated = rows.filter((r) => concluded(r) !== null && concluded(r)! >= 5 && r.corrected !== null);
    const few = rows.filter((r) => concluded(r) !== null && concluded(r)! < 5);
    expect(rated.length).toBeGreaterThan(0);
    const got = await run<RankedRow>(ranking(NO_FILTERS, 'corrected_share', 'desc', null));
    expect(new Set(got.map((r) => r.report_id))).toEqual(new Set(rated.map((r) => r.report_id)));
    for (const r of got) {
      const t = rows.find((x) => x.report_id === r.report_id)!;
      expect(r.corrected_share).toBeCloseTo((t.corrected! * 100) / concluded(t)!, 9);
    }
    const listed = await run<RankedRow>(tooFew(NO_FILTERS, 'concluded', null));
    expect(new Set(listed.map((r) => r.report_id))).toEqual(new Set(few.map((r) => r.report_id)));
    const [counts] = await run<RankingCounts>(rankingCounts(NO_FILTERS, 'corrected_share'));
    expect(counts).toEqual({ rated: rated.length, too_few: few.length });
    const apps = await run<RankedRow>(tooFew(NO_FILTERS, 'handled', null));
    expect(apps.map((r) => r.agency)).toEqual(rows.filter((r) => r.handled !== null && r.handled < 10).map((r) => r.agency));
  });

  it('counts too few by the sample alone, a stated 0 included, whatever the figure; the lists show the same reports', async () => {
    const counts = async () => (await run<LitigationCounts>(litigationCounts(NO_FILTERS)))[0];
    const listed = async (sample: 'handled' | 'concluded') => (await run<RankedRow>(tooFew(NO_FILTERS, sample, null))).map((r) => r.report_id);
    const before = await counts();
    // Three reports rated on every measure (lawsuits per 100 and the corrected share), changed here in facts:
    const [a, b, c] = (await run<RankedRow>(ranking(NO_FILTERS, 'corrected_share', 'desc', null)))
      .filter((r) => r.lawsuits_per_100 !== null && r.reconsiderations_per_100 !== null).map((r) => r.report_id);
    expect(c).toBeDefined();
    await connection.run('BEGIN TRANSACTION');
    try {
      // a: 0 applications handled (its lawsuits stated). b: 4 handled, lawsuits not stated.
      await connection.run('UPDATE facts SET t3_total_handled_total = 0 WHERE report_id = ?', [a]);
      await connection.run('UPDATE facts SET t3_total_handled_total = 4, t4_lawsuit_direct_total = NULL WHERE report_id = ?', [b]);
      // c: 3 concluded cases (1 of each kind, none pending), the corrected ones not stated.
      await connection.run(`UPDATE facts SET t4_reconsideration_total = 1, t4_lawsuit_direct_total = 1, t4_lawsuit_after_reconsideration_total = 1,
        t4_reconsideration_pending = 0, t4_lawsuit_direct_pending = 0, t4_lawsuit_after_reconsideration_pending = 0, t4_reconsideration_corrected = NULL WHERE report_id = ?`, [c]);
      const after = await counts();
      // By hand: a and b leave the per-100 rankings for the too few (b too, though its lawsuits are not stated);
      // b (its lawsuits not stated: no concluded cases either) and c leave the corrected share's, only c for the
      // too few; a keeps its cases.
      expect([after.lawsuits_per_100_rated, after.lawsuits_per_100_too_few]).toEqual([before.lawsuits_per_100_rated - 2, before.lawsuits_per_100_too_few + 2]);
      expect([after.reconsiderations_per_100_rated, after.reconsiderations_per_100_too_few]).toEqual([before.reconsiderations_per_100_rated - 2, before.reconsiderations_per_100_too_few + 2]);
      expect([after.corrected_share_rated, after.corrected_share_too_few]).toEqual([before.corrected_share_rated - 2, before.corrected_share_too_few + 1]);
      const apps = await listed('handled');
      expect([apps.length, apps.includes(a), apps.includes(b)]).toEqual([after.reconsiderations_per_100_too_few, true, true]);
      const cases = await listed('concluded');
      expect([cases.length, cases.includes(c)]).toEqual([after.corrected_share_too_few, true]);
    } finally {
      await connection.run('ROLLBACK');
    }
  });

  it('keeps each chart\'s direction in the URL sort', () => {
    const d = parseDirections('lawsuits_per_100:asc,bogus:asc,corrected_share:sideways');
    expect(d).toEqual({ reconsiderations_per_100: 'desc', lawsuits_per_100: 'asc', corrected_share: 'desc' });
    expect(formatDirections(d)).toBe('lawsuits_per_100:asc');
    expect(formatDirections(parseDirections(null))).toBeNull();
  });
});

describe('scatter density', () => {
  it('counts every placeable report once, in the bin log10(1 + v) × k puts it', async () => {
    const rows = (await truth()).filter((r) => r.handled !== null && r.recon !== null && r.lawsuits !== null);
    const [counts] = await run<ScatterCounts>(scatterCounts(NO_FILTERS));
    expect(counts.placeable).toBe(rows.length);
    const cells = await run<DensityCell>(scatterDensity(NO_FILTERS));
    expect(cells.reduce((a, c) => a + c.n, 0)).toBe(rows.length);
    const expected = new Map<string, number>();
    for (const r of rows) {
      const key = `${Math.floor(Math.log10(1 + r.handled!) * BINS_PER_DECADE)},${Math.floor(Math.log10(1 + r.recon! + r.lawsuits!) * BINS_PER_DECADE)}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(cells.map((c) => [`${c.bx},${c.by}`, c.n]))).toEqual(expected);
    for (const c of cells) {
      const [lo, hi] = binRange(c.bx);
      expect(c.x_min).toBeGreaterThanOrEqual(lo - 1e-9);
      expect(c.x_max).toBeLessThan(hi);
    }
  });
});

describe('province figures', () => {
  it('divides the summed counts once, and marks a province under the minimum (0 included) as too few', async () => {
    const rows = await truth();
    const figures = await run<ProvinceFigures>(provinceFigures({ ...NO_FILTERS, province: '浙江省' }));
    // The region filters are left out: every province is on the map.
    expect(figures.map((f) => f.province).sort()).toEqual([...new Set(rows.map((r) => r.province))].sort());
    for (const f of figures) {
      const mine = rows.filter((r) => r.province === f.province && r.handled !== null && r.recon !== null && r.lawsuits !== null);
      const handled = mine.reduce((a, r) => a + r.handled!, 0);
      const disputes = mine.reduce((a, r) => a + r.recon! + r.lawsuits!, 0);
      const v = mapValue(f, 'disputes_per_100');
      if (handled < 10) expect(v.state).toBe('too_few');
      else expect(v).toEqual({ state: 'ok', value: (disputes * 100) / handled });
    }
    expect(figures.some((f) => mapValue(f, 'disputes_per_100').state === 'ok')).toBe(true);
    expect(mapValue(undefined, 'reports')).toEqual({ state: 'no_data' });
    // A province whose reports state 0 applications and 0 concluded cases: a sample, too small to
    // rate (the rule of every rate), not "no data"; one stating none: no data.
    const zero: ProvinceFigures = {
      ...figures[0], outcome_sum: 0, granted: 0, partly_granted: 0, refused: 0, unable: 0, not_handled: 0, other: 0,
      reconsiderations: 0, reconsiderations_base: 0, lawsuits: 0, lawsuits_base: 0, disputes: 0, disputes_base: 0, corrected: 0, concluded: 0,
    };
    for (const key of ['share_refused', 'disputes_per_100', 'corrected_share'] as const) expect([key, mapValue(zero, key)]).toEqual([key, { state: 'too_few', base: 0 }]);
    const none: ProvinceFigures = { ...zero, outcome_sum: null, refused: null, disputes: null, disputes_base: null, corrected: null, concluded: null };
    for (const key of ['share_refused', 'disputes_per_100', 'corrected_share'] as const) expect([key, mapValue(none, key)]).toEqual([key, { state: 'no_data' }]);
    const classes = mapClasses([0, 10, 20, 30, 40, 50]);
    expect([0, 9.99, 10, 49.9, 50].map(classes.classOf)).toEqual([0, 0, 1, 4, 4]);
  });
});

describe('applicant types', () => {
  it('sums new applications by applicant over the reports stating all six, in total and per province', async () => {
    const cols = ['natural_person', 'business', 'research', 'nonprofit', 'legal_services', 'other_org'];
    const rows = await run<Record<string, number | string | null>>(`SELECT province, ${cols.map((c) => `t3_new_${c}`).join(', ')} FROM reports WHERE status <> 'failed' AND superseded_by IS NULL`);
    const complete = rows.filter((r) => cols.every((c) => r[`t3_new_${c}`] !== null));
    const got = await run<ApplicantRow>(applicantsBy(NO_FILTERS, 'province'));
    expect(got[0].is_total).toBe(true);
    expect(got.slice(1).every((g) => !g.is_total)).toBe(true);
    expect(got[0].reports).toBe(complete.length);
    expect(got[0].incomplete).toBe(rows.length - complete.length);
    for (const c of cols) expect(got[0][c as 'business']).toBe(complete.reduce((a, r) => a + (r[`t3_new_${c}`] as number), 0));
    for (const g of got.slice(1)) {
      const mine = complete.filter((r) => r.province === g.grp);
      expect(g.natural_person).toBe(mine.length ? mine.reduce((a, r) => a + (r.t3_new_natural_person as number), 0) : null);
    }
    expect(got.slice(1).map((g) => g.grp).sort()).toEqual([...new Set(rows.map((r) => r.province as string))].sort());
    // The groups add up to the total: every report is in one.
    expect(got.slice(1).reduce((a, g) => a + g.reports + g.incomplete, 0)).toBe(rows.length);
  });

  it('splits by the next level of the region cascade when no grouping is asked: a municipality straight to its districts', () => {
    expect(nextRegionLevel({ province: null, city: null })).toBe('province');
    expect(nextRegionLevel({ province: '河南省', city: null })).toBe('city');
    expect(nextRegionLevel({ province: '河南省', city: '郑州市' })).toBe('county');
    // 北京市 has no cities: its districts and counties (by city it was one 无地市 bar).
    expect(nextRegionLevel({ province: '北京市', city: null })).toBe('county');
  });

  it('groups a county with its city and province: same-named counties of two cities stay apart, and reports without one are a group', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const cols = ['natural_person', 'business', 'research', 'nonprofit', 'legal_services', 'other_org'];
    // 朝阳区 is a district of 北京市 and of 长春市 (吉林省); one report names no county.
    const reports = [
      ['北京市', null, '朝阳区', [10, 1, 0, 0, 0, 1]],
      ['吉林省', '长春市', '朝阳区', [20, 2, 0, 0, 1, 0]],
      ['吉林省', '长春市', '朝阳区', [5, 0, 0, 0, 0, 0]],
      ['吉林省', '长春市', null, [7, 3, 1, 0, 0, 0]],
    ] as const;
    await db.run(`CREATE TABLE facts (status VARCHAR, superseded_by VARCHAR, province VARCHAR, city VARCHAR, county VARCHAR, year INTEGER, level VARCHAR, kind VARCHAR, agency VARCHAR, ${cols.map((c) => `t3_new_${c} DOUBLE`).join(', ')})`);
    for (const [province, city, county, n] of reports) {
      await db.run(`INSERT INTO facts VALUES ('ok', NULL, ?, ?, ?, 2024, 'county', 'people_government', 'x', ${n.join(', ')})`, [province, city, county]);
    }
    const q = applicantsBy(NO_FILTERS, 'county');
    const got = (await db.runAndReadAll(q.sql, q.params)).getRowObjectsJson() as unknown as ApplicantRow[];
    const view = got.map((r) => [r.is_total, r.province, r.city, r.grp, r.reports, Number(r.natural_person)]);
    expect(view).toEqual([
      [true, null, null, null, 4, 42],
      [false, '吉林省', '长春市', '朝阳区', 2, 25], // 23 + 5 = 28 applications: largest first
      [false, '北京市', null, '朝阳区', 1, 10],
      [false, '吉林省', '长春市', null, 1, 7],
    ]);
  });
});
