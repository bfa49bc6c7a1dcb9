// The pre-aggregated summaries (src/build/cube.ts writes them, src/app/cube.ts adds them up):
// 1. the pure arithmetic against plain arithmetic over a few hand-written reports;
// 2. on a built corpus (generated reports, agencies filed twice, a file that fails), the sums
//    against DuckDB SQL written in this file on facts.parquet, and row for row against the page's
//    own queries (groupStats, provinceFigures), so the first paint does not jump when the
//    database answers — for filters and groupings with null levels, kinds and cities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { OUTCOMES, SUITS, rowsOf } from './oracle.ts';
import { buildData } from '../src/build/build.ts';
import { writeCube } from '../src/build/cube.ts';
import { removeOutput } from '../src/build/publish.ts';
import { writeRange } from '../src/gen/index.ts';
import { writeSeries } from '../src/gen/series.ts';
import {
  builtCubeFile, CUBE_DIR, CUBE_MEASURES, CUBE_REGIONS_FILE, cellsOf, cubeApplicants, cubeLitigationSums, cubeCounts, cubeListCount, cubeOutcomesOverall, listedOf, type ListedCell, cubeReportCount, cubeTemplateMix, cityFileName, cubeGroupStats, cubeNeed, cubeProvinceFigures, type Cell, type CubeFile, type Sums,
} from '../src/app/cube.ts';
import { NO_FILTERS, filterCounts, listCount, outcomesOverall, type Filters, type Query } from '../src/db/queries.ts';
import { groupMedians, groupStats, withMedians, type Facet, type GroupRow, type Grouping, type MedianRow } from '../src/db/groups.ts';
import { provinceFigures } from '../src/db/province-map.ts';
import { applicantsBy } from '../src/db/applicants.ts';
import { litigationCounts, RANKED_MEASURES } from '../src/db/litigation.ts';
import { pooled, type LitigationSums } from '../src/db/pooled.ts';
import { BIN_MEASURES, BINS_REGIONS_FILE, binCellsOf, binsCityFileName, cubeDistribution, usableBins, type BinsFile } from '../src/app/cube-bins.ts';
import { binPlan, distributionStats, histogram, measureOf, type DistributionStats } from '../src/db/distribution.ts';
import {
  GROUP_MEDIANS_FILE, MEDIAN_GROUPINGS, ONE_FILTER_MEDIANS_FILE, fileMedians, indexGroupMedians, indexOneFilterMedians, oneFilterMedians, type GroupMediansFile, type OneFilterMediansFile,
} from '../src/app/group-medians.ts';

const F = (f: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...f });

// ---- 1. the arithmetic ---------------------------------------------------------------------

interface Fixture {
  province: string | null; city: string | null; year: number; level: string | null; kind: string | null;
  handled: number | null; granted: number | null; rest: number | null; recon: number | null; suits: number | null;
  corrected: number | null; concluded: number | null; fee: number | null;
}
// rest: the other five outcome groups together, put in `refused` (null: not all stated).
const REPORTS: Fixture[] = [
  { province: '河南省', city: '郑州市', year: 2023, level: 'prefecture', kind: 'department', handled: 40, granted: 30, rest: 10, recon: 2, suits: 1, corrected: 1, concluded: 3, fee: 0.5 },
  { province: '河南省', city: '郑州市', year: 2024, level: 'county', kind: 'department', handled: 12, granted: 6, rest: 6, recon: null, suits: 0, corrected: null, concluded: null, fee: null },
  { province: '河南省', city: '郑州市', year: 2024, level: 'county', kind: 'department', handled: null, granted: 4, rest: null, recon: 1, suits: 1, corrected: 0, concluded: 2, fee: 1.25 },
  { province: '河南省', city: '洛阳市', year: 2024, level: 'county', kind: 'people_government', handled: 8, granted: 5, rest: 3, recon: 0, suits: 0, corrected: 0, concluded: 0, fee: 0 },
  { province: '河南省', city: null, year: 2024, level: 'province', kind: 'department', handled: 100, granted: 70, rest: 30, recon: 5, suits: 4, corrected: 2, concluded: 9, fee: 3 },
  { province: '河北省', city: '石家庄市', year: 2024, level: null, kind: null, handled: 20, granted: 10, rest: 10, recon: 1, suits: 1, corrected: 1, concluded: 2, fee: null },
];

/** One report as a cell (every cell of the real cube is a sum of such). */
function cellOf(r: Fixture): Cell {
  const sums = Object.fromEntries(CUBE_MEASURES.map((m) => [m, null])) as Sums;
  const stated = r.granted !== null && r.rest !== null;
  Object.assign(sums, {
    reports: 1, handled: r.handled, outcome_base: stated ? r.granted! + r.rest! : null,
    granted: r.granted, partly_granted: stated ? 0 : null, refused: r.rest, unable: stated ? 0 : null, not_handled: stated ? 0 : null, other: stated ? 0 : null,
    reconsiderations: r.handled !== null && r.recon !== null ? r.recon : null,
    reconsiderations_base: r.handled !== null && r.recon !== null ? r.handled : null,
    lawsuits: r.handled !== null && r.suits !== null ? r.suits : null,
    lawsuits_base: r.handled !== null && r.suits !== null ? r.handled : null,
    corrected: r.corrected !== null && r.concluded !== null ? r.corrected : null,
    concluded: r.corrected !== null && r.concluded !== null ? r.concluded : null,
    fees_10k_yuan_sum: r.fee, fees_reports: r.fee === null ? 0 : 1, old_template: 0,
    stated_granted: stated ? r.granted : null, stated_refused: stated ? r.rest : null,
    disputes_reconsiderations: r.handled !== null && r.recon !== null && r.suits !== null ? r.recon : null,
    disputes_lawsuits: r.handled !== null && r.recon !== null && r.suits !== null ? r.suits : null,
    disputes_base: r.handled !== null && r.recon !== null && r.suits !== null ? r.handled : null,
  });
  return { province: r.province, city: r.city, year: r.year, level: r.level, kind: r.kind, sums };
}

describe('the arithmetic over cells', () => {
  const cells = REPORTS.map(cellOf);

  it('per city of a province: sums, shares divided once, the minimum sample, a null city', () => {
    const rows = cubeGroupStats(cells, F({ province: '河南省' }), 'city');
    const total = rows[0];
    expect(total.is_total).toBe(true);
    expect(total.reports).toBe(5);
    expect(total.handled).toBe(40 + 12 + 8 + 100);
    // Outcomes over the reports that state them all: 40 + 12 + 8 + 100 (the third states no rest).
    expect(total.outcome_base).toBe(160);
    // The counts over the same reports (the 3rd's 4 granted left out): the six shares add up to 100%.
    expect(total.granted).toBe(30 + 6 + 5 + 70);
    expect(total.granted_share).toBe(111 / 160);
    expect(total.refused_share).toBe((10 + 6 + 3 + 30) / 160);
    // Lawsuits per 100 over reports stating both: (1+0+0+4)*100 / (40+12+8+100); the 3rd has no handled.
    expect(total.lawsuits_per_100).toBe((5 * 100) / 160);
    expect(total.corrected_share).toBe((1 + 0 + 0 + 2) / (3 + 2 + 0 + 9));
    expect(total.fees_10k_yuan_sum).toBe(0.5 + 1.25 + 0 + 3);
    expect(total.fees_reports).toBe(4);
    expect(total.fees_10k_yuan_median).toBeNull();
    expect(total.pending).toBe(true);

    const byCity = new Map(rows.filter((r) => !r.is_total).map((r) => [r.value, r]));
    expect([...byCity.keys()]).toEqual(['郑州市', '洛阳市', null]); // reports desc (3, 1, 1), then the name, nulls last
    const zz = byCity.get('郑州市')!;
    expect(zz.province).toBe('河南省');
    expect(zz.reports).toBe(3);
    expect(zz.outcome_base).toBe(52);
    expect(zz.granted_share).toBe((30 + 6) / 52);
    expect(zz.reconsiderations).toBe(2); // the 2nd states none, the 3rd no handled
    expect(zz.reconsiderations_base).toBe(40);
    expect(zz.corrected_share).toBe(1 / 5); // 3 + 2 concluded = 5: the minimum, so rated
    // 洛阳市: 8 outcomes < 10 → too few; no concluded case → too few for the corrected share.
    const ly = byCity.get('洛阳市')!;
    expect(ly.granted_share).toBeNull();
    expect(ly.too_few_outcomes).toBe(true);
    expect(ly.too_few_cases).toBe(true);
    expect(byCity.get(null)!.handled).toBe(100);
  });

  it('by kind with a null kind; a year filter; the total row of an empty set', () => {
    const rows = cubeGroupStats(cells, F({ year: 2024 }), 'kind');
    expect(rows.map((r) => [r.value, r.reports])).toEqual([[null, 5], ['department', 3], ['people_government', 1], [null, 1]]);
    expect(rows[0].is_total).toBe(true);
    expect(rows[3].handled).toBe(20);
    const none = cubeGroupStats(cells, F({ province: '西藏自治区' }), 'city');
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({ is_total: true, reports: 0, handled: null, granted_share: null, too_few_outcomes: false });
  });

  it('by year with small multiples by level: one total per facet, facets and years in order', () => {
    const rows = cubeGroupStats(cells, NO_FILTERS, 'year', 'level');
    expect(rows.map((r) => [r.facet, r.is_total, r.value, r.reports])).toEqual([
      ['county', true, null, 3], ['county', false, '2024', 3],
      ['prefecture', true, null, 1], ['prefecture', false, '2023', 1],
      ['province', true, null, 1], ['province', false, '2024', 1],
      [null, true, null, 1], [null, false, '2024', 1],
    ]);
  });

  it('per province for the map: outcomes only over reports that state them all', () => {
    const rows = cubeProvinceFigures(cells, F({ province: '河北省', year: 2024 }));
    expect(rows.map((r) => r.province)).toEqual(['河北省', '河南省']); // the region filter left out; code point order
    const hn = rows[1];
    expect(hn.reports).toBe(4);
    expect(hn.outcome_sum).toBe(12 + 8 + 100);
    // The map's outcome counts are over reports stating all six (the 3rd report's 4 granted left out).
    expect(hn.granted).toBe(6 + 5 + 70);
    expect(hn.refused).toBe(6 + 3 + 30);
    // Disputes over reports stating handled, reconsiderations and lawsuits: the 4th and 5th.
    expect(hn.disputes).toBe(0 + 0 + 5 + 4);
    expect(hn.disputes_base).toBe(108);
    // Each rate over its own reports, as the group views: the 2nd states lawsuits (0 of 12) but no reconsiderations.
    expect([hn.reconsiderations, hn.reconsiderations_base]).toEqual([0 + 5, 8 + 100]);
    expect([hn.lawsuits, hn.lawsuits_base]).toEqual([0 + 0 + 4, 12 + 8 + 100]);
    expect(hn.fees_10k_yuan_median).toBeNull();
  });

  it('says which questions the summaries cannot answer', () => {
    expect(cubeNeed(F({ q: '公安' }), 'province')).toBeNull();
    expect(cubeNeed(F({ province: '河南省', city: '郑州市', county: '中原区' }), 'kind')).toBeNull();
    expect(cubeNeed(F({ province: '河南省' }), 'county')).toBeNull();
    expect(cubeNeed(F({ province: '河南省' }), 'city')).toEqual({ cells: 'cities', province: '河南省' });
    expect(cubeNeed(F({ year: 2024 }), 'level')).toEqual({ cells: 'regions' });
  });

  it('reads the filters once per question, not once per cell (a view passes its $state, a proxy whose every read is a trap)', () => {
    let reads = 0;
    const counted = (f: Filters) => new Proxy(f, { get: (t, k) => (reads++, t[k as keyof Filters]) });
    const many = Array.from({ length: 200 }, () => cells).flat();
    const questions: [string, () => unknown][] = [
      ['cubeGroupStats', () => cubeGroupStats(many, counted(F({ province: '河南省' })), 'city', 'level')],
      ['cubeReportCount', () => cubeReportCount(many, counted(F({ year: 2024 })))],
      ['cubeOutcomesOverall', () => cubeOutcomesOverall(many, counted(F({ level: 'county' })))],
      ['cubeCounts', () => cubeCounts(many, many, counted(F({ province: '河南省' })))],
      ['cubeTemplateMix', () => cubeTemplateMix(many, counted(F({})))],
      ['cubeLitigationSums', () => cubeLitigationSums(many, counted(F({})))],
      ['cubeApplicants', () => cubeApplicants(many, counted(F({})), 'province')],
      ['cubeProvinceFigures', () => cubeProvinceFigures(many, counted(F({})))],
    ];
    for (const [name, ask] of questions) {
      reads = 0;
      ask();
      expect({ name, reads: reads <= 2 * Object.keys(NO_FILTERS).length }).toEqual({ name, reads: true });
    }
  });

  it('sums cells whose sums cannot take a cached vector (frozen, or a deep $state proxy) as any others', () => {
    const expected = cubeGroupStats(cells, F({}), 'year');
    const frozen = cells.map((c) => Object.freeze({ ...c, sums: Object.freeze({ ...c.sums }) }));
    expect(cubeGroupStats(frozen, F({}), 'year')).toEqual(expected);
    // As Svelte's state proxy does (src/internal/client/proxy.js): a descriptor not enumerable is refused.
    const refusing = cells.map((c) => ({ ...c, sums: new Proxy({ ...c.sums }, { defineProperty: () => { throw new Error('state_descriptors_fixed'); } }) }));
    expect(cubeGroupStats(refusing, F({}), 'year')).toEqual(expected);
    expect(cubeReportCount(refusing, F({}))).toBe(cubeReportCount(cells, F({})));
  });

  it('sums a cell copied with other sums by its own figures, after the original was summed (the sums are added on arrays made once per sums object)', () => {
    const first = cubeGroupStats(cells, F({}), 'year');
    expect(first[0].handled).toBe(40 + 12 + 8 + 100 + 20);
    // The view's way to change figures: a new cell with new sums (the cells are never changed in place).
    const changed = cells.map((c, i) => (i === 0 ? { ...c, sums: { ...c.sums, handled: 1000, reports: 7 } } : c));
    const again = cubeGroupStats(changed, F({}), 'year');
    expect(again[0].handled).toBe(1000 + 12 + 8 + 100 + 20);
    expect(again[0].reports).toBe(7 + 5);
    expect(cubeGroupStats(cells, F({}), 'year')).toEqual(first);
    // A null where the original had a number: skipped, as SQL SUM does.
    const hole = cells.map((c, i) => (i === 0 ? { ...c, sums: { ...c.sums, fees_10k_yuan_sum: null } } : c));
    expect(cubeGroupStats(hole, F({}), 'year')[0].fees_10k_yuan_sum).toBe(1.25 + 0 + 3);
  });
});

// ---- 2. a built corpus ---------------------------------------------------------------------

const temps: string[] = [];
let out: string;
let db: DuckDBConnection;
let regions: CubeFile;
let regionCells: Cell[];
const cityCells = new Map<string | null, Cell[]>();
let regionListed: ListedCell[];
const cityListed = new Map<string | null, ListedCell[]>();

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'cube-in-'));
  temps.push(root);
  // Agencies filed twice for a year (superseded), then 240 generated reports in a folder of their
  // own (index 1000… so no name meets the series' names), and a file that fails.
  writeSeries({ out: root, agencies: 4, seed: 3 });
  const more = mkdtempSync(join(tmpdir(), 'cube-more-'));
  temps.push(more);
  writeRange({ out: more, reports: 1240, seed: 11 }, 1000, 1240);
  renameSync(join(more, 'reports'), join(root, 'reports', 'more'));
  writeFileSync(join(root, 'reports', 'not-a-report.txt'), '这不是年报，没有表格。\n');
  // A real report in the 2019 template (the template note counts those).
  writeFileSync(join(root, 'reports', 'pingtan-2020.txt'), readFileSync(join('tests', 'fixtures', 'corpus', 'pingtan-2020.txt')));
  out = join(mkdtempSync(join(tmpdir(), 'cube-out-')), 'data');
  temps.push(join(out, '..'));
  await buildData({ reportsDir: join(root, 'reports'), outDir: out });
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(out, 'facts.parquet')}')`);
  regions = JSON.parse(readFileSync(join(out, CUBE_DIR, CUBE_REGIONS_FILE), 'utf8')) as CubeFile;
  regionCells = cellsOf(regions);
  regionListed = listedOf(regions)!;
  (regions.provinces ?? []).forEach((p, i) => {
    const file = JSON.parse(readFileSync(join(out, CUBE_DIR, cityFileName(i)), 'utf8')) as CubeFile;
    cityCells.set(p, cellsOf(file));
    cityListed.set(p, listedOf(file)!);
  });
}, 300_000);

afterAll(() => {
  if (out) removeOutput(out);
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const sql = <T = Record<string, unknown>>(text: string, params: DuckDBValue[] = []) => rowsOf<T>(db, text, params);
const run = (q: Query) => sql(q.sql, q.params as DuckDBValue[]);
const one = (rows: Record<string, unknown>[]) => { expect(rows).toHaveLength(1); return rows[0]; };

/** The cells the page would fetch for a question. */
function cellsFor(filters: Filters, group: Grouping | null, facet: Facet | null = null): Cell[] {
  const need = cubeNeed(filters, group, facet);
  if (!need) throw new Error('not answerable from the summaries');
  if (need.cells === 'regions') return regionCells;
  return need.province === null ? [...cityCells.values()].flat() : (cityCells.get(need.province) ?? []);
}


/** The filters as SQL equalities written here (not through the page's where()), after `base`. */
function equalities(filters: Filters, base: string[]): { conds: string[]; params: DuckDBValue[] } {
  const conds = [...base];
  const params: DuckDBValue[] = [];
  for (const k of ['province', 'city', 'year', 'level', 'kind'] as const) {
    if (filters[k] !== null) {
      conds.push(`${k} = ?`);
      params.push(filters[k] as DuckDBValue);
    }
  }
  return { conds, params };
}

/** Per group, by SQL written here: what the charts draw. */
async function expected(filters: Filters, column: 'province' | 'city' | 'level' | 'kind' | 'year') {
  const { conds, params } = equalities(filters, ["status <> 'failed'", 'superseded_by IS NULL']);
  const key = column === 'city' ? "coalesce(province, '∅') || '/' || coalesce(city, '∅')" : `coalesce(${column}::VARCHAR, '∅')`;
  const rows = await sql<{ k: string; reports: number; handled: number | null; granted: number | null; base: number | null; suits: number | null; suits_base: number | null; fees: number | null }>(
    `SELECT ${key} AS k, COUNT(*) AS reports, SUM(t3_total_handled_total)::DOUBLE AS handled,
       SUM(t3_granted_total)::DOUBLE AS granted, SUM(${OUTCOMES})::DOUBLE AS base,
       SUM(${SUITS}) FILTER (WHERE t3_total_handled_total IS NOT NULL AND ${SUITS} IS NOT NULL)::DOUBLE AS suits,
       SUM(t3_total_handled_total) FILTER (WHERE t3_total_handled_total IS NOT NULL AND ${SUITS} IS NOT NULL)::DOUBLE AS suits_base,
       SUM(t2_fees_10k_yuan)::DOUBLE AS fees
     FROM facts WHERE ${conds.join(' AND ')} GROUP BY ALL`, params);
  return new Map(rows.map((r) => [r.k, {
    reports: r.reports, handled: r.handled,
    granted_share: r.base !== null && r.base >= 10 && r.granted !== null ? r.granted / r.base : null,
    lawsuits_per_100: r.suits_base !== null && r.suits_base >= 10 && r.suits !== null ? (r.suits * 100) / r.suits_base : null,
    fees: r.fees,
  }]));
}

const keyOf = (group: Grouping, r: GroupRow) => (group === 'city' ? `${r.province ?? '∅'}/${r.value ?? '∅'}` : (r.value ?? '∅'));

/** Row for row, field for field: the summary's rows against the database's (medians: pending, not a number, nor withheld yet). */
function sameRows(fromCube: GroupRow[], fromDb: GroupRow[]) {
  expect(fromCube.map((r) => [r.facet, r.is_total, r.value, r.province])).toEqual(fromDb.map((r) => [r.facet, r.is_total, r.value, r.province]));
  fromDb.forEach((d, i) => {
    const c = fromCube[i] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(d)) {
      if (k.endsWith('_median')) expect(c[k]).toBeNull();
      else if (/^too_few_.+_reports$/.test(k)) expect([k, c[k]]).toEqual([k, false]);
      else if (typeof v === 'number' && k.includes('fee')) expect(c[k] as number).toBeCloseTo(v, 9);
      else expect([k, c[k]]).toEqual([k, v]);
    }
  });
}

describe('the summaries of a built corpus', () => {
  it('leave out failed and superseded reports, and have null levels, kinds and cities to test', async () => {
    const [s] = await sql<{ failed: number; superseded: number; no_level: number; no_city: number }>(
      `SELECT COUNT(*) FILTER (WHERE status = 'failed') AS failed, COUNT(superseded_by) AS superseded,
         COUNT(*) FILTER (WHERE level IS NULL AND status <> 'failed') AS no_level, COUNT(*) FILTER (WHERE city IS NULL AND province IS NOT NULL) AS no_city FROM facts`);
    expect(s.failed).toBeGreaterThan(0);
    expect(s.superseded).toBeGreaterThan(0);
    expect(s.no_level).toBeGreaterThan(0);
    expect(s.no_city).toBeGreaterThan(0);
    const [n] = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM facts WHERE status <> 'failed' AND superseded_by IS NULL");
    expect(regionCells.reduce((a, c) => a + (c.sums.reports ?? 0), 0)).toBe(n.n);
    expect([...cityCells.values()].flat().reduce((a, c) => a + (c.sums.reports ?? 0), 0)).toBe(n.n);
  });

  it('answer filter × group combinations as SQL on facts.parquet does, and as the page’s own query does', async () => {
    const [{ p }] = await sql<{ p: string }>("SELECT province AS p FROM facts WHERE city IS NULL AND province IS NOT NULL AND status <> 'failed' GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1");
    const [{ c, cp, y }] = await sql<{ c: string; cp: string; y: number }>("SELECT city AS c, province AS cp, max(year) AS y FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1 LIMIT 1");
    const combos: [Filters, Grouping][] = [
      [NO_FILTERS, 'province'], [F({ province: p }), 'city'], [F({ province: cp, year: y }), 'level'], [NO_FILTERS, 'kind'],
      [F({ level: 'county' }), 'year'], [F({ province: cp, city: c }), 'kind'], [NO_FILTERS, 'city'], [F({ kind: 'department', year: y }), 'province'],
      [F({ province: '没有这个省' }), 'city'],
    ];
    for (const [filters, group] of combos) {
      const cube = cubeGroupStats(cellsFor(filters, group), filters, group);
      sameRows(cube, (await run(groupStats(filters, group))) as unknown as GroupRow[]);
      const want = await expected(filters, group as Exclude<Grouping, 'county'>);
      const groups = cube.filter((r) => !r.is_total);
      expect(groups.map((r) => keyOf(group, r)).sort()).toEqual([...want.keys()].sort());
      for (const r of groups) {
        const e = want.get(keyOf(group, r))!;
        expect([r.reports, r.handled, r.granted_share, r.lawsuits_per_100]).toEqual([e.reports, e.handled, e.granted_share, e.lawsuits_per_100]);
        if (e.fees === null) expect(r.fees_10k_yuan_sum).toBeNull();
        else expect(r.fees_10k_yuan_sum!).toBeCloseTo(e.fees, 9);
      }
    }
  });

  it('answer the years view with small multiples and the headline as the page’s queries do', async () => {
    for (const [filters, facet] of [[NO_FILTERS, 'level'], [F({ kind: 'people_government' }), 'province'], [F({ level: 'county' }), null]] as [Filters, Facet | null][]) {
      sameRows(cubeGroupStats(cellsFor(filters, 'year', facet), filters, 'year', facet), (await run(groupStats(filters, 'year', facet))) as unknown as GroupRow[]);
    }
  });

  it('answer the applicant types as the page’s query does', async () => {
    const [{ cp }] = await sql<{ cp: string }>("SELECT province AS cp FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1");
    for (const [filters, by] of [[NO_FILTERS, 'province'], [F({ province: cp }), 'city'], [NO_FILTERS, 'city'], [F({ year: 2024 }), 'kind'], [NO_FILTERS, 'year'], [F({ kind: 'department' }), 'level']] as const) {
      const want = await run(applicantsBy(filters, by));
      expect(cubeApplicants(cellsFor(filters, by), filters, by)).toEqual(want);
    }
  });

  it('answer the filter controls’ counts as the page’s query does', async () => {
    const [{ cp, y }] = await sql<{ cp: string; y: number }>("SELECT province AS cp, max(year) AS y FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1");
    const [{ cc }] = await sql<{ cc: string }>("SELECT city AS cc FROM facts WHERE province = ? AND city IS NOT NULL AND status <> 'failed' GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1", [cp]);
    const withCity = [F({ province: cp, city: cc }), F({ province: cp, city: cc, year: y }), F({ province: cp, city: cc, kind: 'department', level: 'county' })];
    for (const filters of [NO_FILTERS, F({ year: y }), F({ province: cp }), F({ province: cp, level: 'county', year: y }), F({ kind: 'department' }), ...withCity]) {
      const rows = await run(filterCounts(filters));
      const got = cubeCounts(regionCells, filters.province ? (cityCells.get(filters.province) ?? []) : null, filters)!;
      for (const facet of ['province', 'city', 'year', 'level', 'kind'] as const) {
        const want = rows.filter((r) => r.facet === facet).map((r) => [r.value, r.n]);
        expect([facet, got[facet].map((c) => [String(c.value), c.n])]).toEqual([facet, want]);
      }
      expect(got.total).toBe(rows.find((r) => r.facet === 'total')!.n);
      // The counties' counts are in no cell: unknown with a city, not an empty list.
      expect(got.county).toEqual(filters.city ? undefined : []);
    }
    expect(withCity.map((f) => cubeCounts(regionCells, cityCells.get(cp) ?? [], f)!.total).every((n) => n > 0)).toBe(true);
    expect(cubeCounts(regionCells, null, F({ province: cp, city: cc }))).toBeNull(); // the province's cells not here yet
    expect(cubeCounts(regionCells, cityCells.get(cp) ?? [], F({ province: cp, city: cc, county: 'x' }))).toBeNull();
    expect(cubeCounts(regionCells, null, F({ q: '公安' }))).toBeNull();
  });

  it('with the database\'s medians alone, give every row of the page\'s group query, medians included (and the medians SQL written here gives)', async () => {
    const [{ cp, y }] = await sql<{ cp: string; y: number }>("SELECT province AS cp, max(year) AS y FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1");
    const cases: [Filters, Grouping, Facet | null][] = [
      [NO_FILTERS, 'province', null], [F({ province: cp }), 'city', null], [NO_FILTERS, 'city', null], [F({ year: y }), 'level', null],
      [NO_FILTERS, 'kind', null], [NO_FILTERS, 'year', 'level'], [F({ kind: 'department' }), 'year', 'province'], [F({ province: '没有这个省' }), 'city', null],
    ];
    let medians = 0;
    for (const [filters, group, facet] of cases) {
      const merged = withMedians(cubeGroupStats(cellsFor(filters, group, facet), filters, group, facet), (await run(groupMedians(filters, group, facet))) as unknown as MedianRow[]);
      const db = (await run(groupStats(filters, group, facet))) as unknown as GroupRow[];
      expect(merged.map((r) => [r.facet, r.is_total, r.value, r.province])).toEqual(db.map((r) => [r.facet, r.is_total, r.value, r.province]));
      db.forEach((d, i) => {
        const c = merged[i] as unknown as Record<string, unknown>;
        expect('pending' in c).toBe(false);
        for (const [k, v] of Object.entries(d)) {
          if (typeof v === 'number' && k.includes('fee')) expect([k, c[k] as number]).toEqual([k, expect.closeTo(v, 9)]);
          else expect([k, c[k]]).toEqual([k, v]);
        }
        if (d.fees_10k_yuan_median !== null) medians++;
      });
    }
    expect(medians).toBeGreaterThan(0);
    // The medians per province, by SQL written here (charted reports only; none under 5 reports stating the fee).
    const want = await sql<{ k: string | null; m: number | null }>(
      "SELECT province AS k, CASE WHEN COUNT(t2_fees_10k_yuan) >= 5 THEN MEDIAN(t2_fees_10k_yuan)::DOUBLE END AS m FROM facts WHERE status <> 'failed' AND superseded_by IS NULL GROUP BY province");
    const rows = withMedians(cubeGroupStats(regionCells, NO_FILTERS, 'province'), (await run(groupMedians(NO_FILTERS, 'province'))) as unknown as MedianRow[]);
    for (const w of want) {
      const r = rows.find((x) => !x.is_total && x.value === w.k)!;
      if (w.m === null) expect(r.fees_10k_yuan_median).toBeNull();
      else expect(r.fees_10k_yuan_median!).toBeCloseTo(w.m, 9);
    }
  });

  it('answer the template note and the report count as SQL written here does (the views then ask the database nothing)', async () => {
    const [{ cp, y }] = await sql<{ cp: string; y: number }>("SELECT province AS cp, max(year) AS y FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1");
    let old = 0;
    for (const filters of [NO_FILTERS, F({ year: y }), F({ province: cp }), F({ province: cp, level: 'county', year: y }), F({ kind: 'department' }), F({ year: 2020 }), F({ province: '没有这个省' })]) {
      const { conds, params } = equalities(filters, ["status <> 'failed'", 'superseded_by IS NULL']);
      const [want] = await sql<{ old: number; other: number; n: number; first_old: number | null; last_old: number | null }>(
        `SELECT COUNT(*) FILTER (WHERE template = '2019') AS old, COUNT(*) FILTER (WHERE template IS NULL OR template <> '2019') AS other, COUNT(*) AS n,
           MIN(year) FILTER (WHERE template = '2019') AS first_old, MAX(year) FILTER (WHERE template = '2019') AS last_old
         FROM facts WHERE ${conds.join(' AND ')}`, params);
      const cells = cellsFor(filters, null);
      expect(cubeTemplateMix(cells, filters)).toEqual({ old: want.old, other: want.other, first_old: want.first_old, last_old: want.last_old });
      expect(cubeReportCount(cells, filters)).toBe(want.n);
      old += want.old;
    }
    // The corpus has 2019-template reports: the note's count was tested on something.
    expect(old).toBeGreaterThan(0);
  });

  it('answer the outcome totals as SQL written here does, and as the page’s query does (the outcome chart then asks only its rows)', async () => {
    const [{ cp, c, y }] = await sql<{ cp: string; c: string; y: number }>("SELECT province AS cp, city AS c, max(year) AS y FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1, 2 LIMIT 1");
    let stated = 0;
    for (const filters of [NO_FILTERS, F({ year: y }), F({ province: cp }), F({ province: cp, city: c }), F({ province: cp, level: 'county', year: y }), F({ kind: 'department' }), F({ province: '没有这个省' })]) {
      const { conds, params } = equalities(filters, ["status <> 'failed'", 'superseded_by IS NULL', `${OUTCOMES} IS NOT NULL`]);
      const [want] = await sql<{ reports: number; handled: number | null; granted: number | null; partly: number | null; unable: number | null }>(
        `SELECT COUNT(*) AS reports, SUM(t3_total_handled_total)::DOUBLE AS handled, SUM(t3_granted_total)::DOUBLE AS granted,
           SUM(t3_partly_granted_total)::DOUBLE AS partly, SUM(t3_unable_not_held_total + t3_unable_needs_creation_total + t3_unable_unclear_total)::DOUBLE AS unable
         FROM facts WHERE ${conds.join(' AND ')}`, params);
      const got = cubeOutcomesOverall(cellsFor(filters, null), filters)!;
      expect([got.reports, got.handled, got.granted, got.partly_granted, got.unable]).toEqual([want.reports, want.handled, want.granted, want.partly, want.unable]);
      expect(got).toEqual(one(await run(outcomesOverall(filters))));
      stated += want.reports;
    }
    expect(stated).toBeGreaterThan(0);
    // Cells of a build without these measures: no answer (the view asks the database).
    const old = regionCells.map((cell) => ({ ...cell, sums: { ...cell.sums, outcome_reports: null, outcome_handled: null } }));
    expect(cubeOutcomesOverall(old, NO_FILTERS)).toBeNull();
  });

  it('answer the litigation view\'s pooled totals as SQL written here does, as its own query does, and as the group total row does, with holes in the figures', async () => {
    // The corpus states every table-4 cell: a copy of its facts with holes punched (one cell of a
    // pair not stated, a year not stated), its summaries written by the build's own writeCube.
    const H = 't3_total_handled_total';
    const R = 't4_reconsideration_total';
    const CORR = '(t4_reconsideration_corrected + t4_lawsuit_direct_corrected + t4_lawsuit_after_reconsideration_corrected)';
    const CONC = `(${R} + ${SUITS} - (t4_reconsideration_pending + t4_lawsuit_direct_pending + t4_lawsuit_after_reconsideration_pending))`;
    const both = (a: string, b: string) => `${a} IS NOT NULL AND ${b} IS NOT NULL`;
    const holes = await (await DuckDBInstance.create(':memory:')).connect();
    await holes.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(out, 'facts.parquet')}')`);
    for (const [column, every] of [['t4_reconsideration_corrected', 5], [H, 11], ['t4_lawsuit_direct_total', 13], ['t4_lawsuit_after_reconsideration_pending', 7], ['year', 17]] as const) {
      await holes.run(`UPDATE facts SET ${column} = NULL WHERE hash(report_id || '${column}') % ${every} = 0`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'cube-holes-'));
    temps.push(dir);
    await writeCube(holes, dir, 'facts');
    const read = (name: string) => JSON.parse(readFileSync(join(dir, CUBE_DIR, name), 'utf8')) as CubeFile;
    const holeRegions = read(CUBE_REGIONS_FILE);
    const holeCities = (holeRegions.provinces ?? []).flatMap((_, i) => cellsOf(read(cityFileName(i))));
    const q = <T,>(text: string, params: DuckDBValue[] = []) => rowsOf<T>(holes, text, params);
    const [mix] = await q<{ no_year: number; old: number; no_corrected: number; no_handled: number; no_suits: number }>(`SELECT COUNT(*) FILTER (WHERE year IS NULL) AS no_year,
        COUNT(*) FILTER (WHERE template = '2019' AND ${both(H, R)}) AS old,
        COUNT(*) FILTER (WHERE ${R} IS NOT NULL AND ${CORR} IS NULL) AS no_corrected,
        COUNT(*) FILTER (WHERE ${H} IS NULL AND ${R} IS NOT NULL) AS no_handled,
        COUNT(*) FILTER (WHERE ${SUITS} IS NULL AND ${R} IS NOT NULL) AS no_suits
      FROM facts WHERE status <> 'failed' AND superseded_by IS NULL`);
    for (const n of Object.values(mix)) expect(n).toBeGreaterThan(0);
    const [{ cp, c, y }] = await q<{ cp: string; c: string; y: number }>("SELECT province AS cp, city AS c, max(year) AS y FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1, 2 LIMIT 1");
    let small = 0;
    for (const filters of [NO_FILTERS, F({ year: y }), F({ year: 2020 }), F({ province: cp }), F({ province: cp, city: c }), F({ province: cp, city: c, year: y, kind: 'department' }),
      F({ kind: 'department', level: 'county' }), F({ province: '没有这个省' })]) {
      const { conds, params } = equalities(filters, ["status <> 'failed'", 'superseded_by IS NULL']);
      const [want] = await q<LitigationSums>(`SELECT
          SUM(${R}) FILTER (WHERE ${both(H, R)})::DOUBLE AS reconsiderations, SUM(${H}) FILTER (WHERE ${both(H, R)})::DOUBLE AS reconsiderations_base,
          SUM(${SUITS}) FILTER (WHERE ${both(H, SUITS)})::DOUBLE AS lawsuits, SUM(${H}) FILTER (WHERE ${both(H, SUITS)})::DOUBLE AS lawsuits_base,
          SUM(${CORR}) FILTER (WHERE ${both(CORR, CONC)})::DOUBLE AS corrected, SUM(${CONC}) FILTER (WHERE ${both(CORR, CONC)})::DOUBLE AS concluded
        FROM facts WHERE ${conds.join(' AND ')}`, params);
      const need = cubeNeed(filters)!;
      const got = cubeLitigationSums(need.cells === 'regions' ? cellsOf(holeRegions) : holeCities, filters);
      expect([filters, got]).toEqual([filters, want]);
      const query = litigationCounts(filters);
      const [fromQuery] = await q<LitigationSums>(query.sql, query.params as DuckDBValue[]);
      expect([filters, Object.fromEntries(Object.keys(want).map((k) => [k, fromQuery[k as keyof LitigationSums]]))]).toEqual([filters, want]);
      // The Groups view's total row: the same rates under the same minimum (its share in 0–1, the litigation view's in percent).
      const groups = groupStats(filters, 'kind');
      const [total] = await q<GroupRow>(groups.sql, groups.params as DuckDBValue[]);
      expect(total.is_total).toBe(true);
      const rates = RANKED_MEASURES.map((m) => pooled(got, m));
      expect([filters, rates.map((r) => r?.value ?? null)]).toEqual([filters, [
        total.reconsiderations_per_100, total.lawsuits_per_100, total.corrected_share === null ? null : total.corrected_share * 100]]);
      expect(rates.map((r) => r?.tooFew ?? false)).toEqual([total.too_few_reconsiderations, total.too_few_lawsuits, total.too_few_cases]);
      if (rates.some((r) => r?.tooFew)) small++;
    }
    // The minimum was met and missed among the filters (a city's department in a year).
    expect(small).toBeGreaterThan(0);
    holes.closeSync();
  });

  it('count every file the extract lists (failed and superseded ones too) as SQL written here does, and as the page’s query does', async () => {
    const [{ cp, c, y }] = await sql<{ cp: string; c: string; y: number }>("SELECT province AS cp, city AS c, max(year) AS y FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1, 2 LIMIT 1");
    const [{ failed, superseded }] = await sql<{ failed: number; superseded: number }>("SELECT COUNT(*) FILTER (WHERE status = 'failed') AS failed, COUNT(superseded_by) AS superseded FROM facts");
    expect(failed).toBeGreaterThan(0);
    expect(superseded).toBeGreaterThan(0);
    for (const filters of [NO_FILTERS, F({ year: y }), F({ province: cp }), F({ province: cp, city: c }), F({ province: cp, level: 'county', year: y }), F({ kind: 'department' }), F({ province: '没有这个省' })]) {
      const { conds, params } = equalities(filters, []);
      const [want] = await sql<{ n: number }>(`SELECT COUNT(*) AS n FROM facts ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}`, params);
      const need = cubeNeed(filters)!;
      const listed = need.cells === 'regions' ? regionListed : need.province === null ? [...cityListed.values()].flat() : (cityListed.get(need.province) ?? []);
      expect([filters, cubeListCount(listed, filters)]).toEqual([filters, want.n]);
      expect(cubeListCount(listed, filters)).toBe((await run(listCount(filters)))[0].n);
    }
    // Every file once in the regions' rows, and once in the cities'.
    const [{ n }] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM facts');
    expect(regionListed.reduce((a, l) => a + l.files, 0)).toBe(n);
    expect([...cityListed.values()].flat().reduce((a, l) => a + l.files, 0)).toBe(n);
    // A build without the rows: no answer (the view asks the database).
    expect(listedOf({ ...regions, listed: undefined })).toBeNull();
  });

  it('answer the province map as the page’s query does', async () => {
    for (const filters of [NO_FILTERS, F({ year: 2023, level: 'prefecture' }), F({ kind: 'department' })]) {
      const db = await run(provinceFigures(filters));
      const cube = cubeProvinceFigures(regionCells, filters) as unknown as Record<string, unknown>[];
      expect(cube.map((r) => r.province)).toEqual(db.map((r) => r.province));
      db.forEach((d, i) => {
        for (const [k, v] of Object.entries(d)) {
          // The medians, and how few reports state a fee when a median is withheld: the database's (the map draws no median from the summaries).
          if (k.endsWith('_median') || /^too_few_.+_reports$/.test(k)) expect([k, cube[i][k]]).toEqual([k, null]);
          else if (typeof v === 'number' && k.includes('fee')) expect(cube[i][k] as number).toBeCloseTo(v, 9);
          else expect([k, cube[i][k]]).toEqual([k, v]);
        }
      });
    }
  });

  it('answer the distribution of every share (counts and bins) as SQL written here does, and as the view’s own queries do', async () => {
    const [{ cp, c, y }] = await sql<{ cp: string; c: string; y: number }>("SELECT province AS cp, city AS c, max(year) AS y FROM facts WHERE city IS NOT NULL AND status <> 'failed' GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1 LIMIT 1");
    const bins = JSON.parse(readFileSync(join(out, CUBE_DIR, BINS_REGIONS_FILE), 'utf8')) as BinsFile;
    expect(usableBins(bins)).toBe(true);
    expect(bins.provinces).toEqual(regions.provinces);
    const regionBins = binCellsOf(bins);
    // The cities' files: a few, each province's cities in one of them (i mod 4), every city once.
    const cityFiles = readdirSync(join(out, CUBE_DIR)).filter((f) => f.startsWith('bins-cities-'));
    expect(cityFiles.sort()).toEqual([0, 1, 2, 3].map(binsCityFileName).sort());
    const cityBins = [0, 1, 2, 3].map((n) => binCellsOf(JSON.parse(readFileSync(join(out, CUBE_DIR, binsCityFileName(n)), 'utf8')) as BinsFile));
    (regions.provinces ?? []).forEach((p, i) => {
      for (const [n, cells] of cityBins.entries()) expect([p, n, cells.some((x) => x.province === p)]).toEqual([p, n, n === i % 4 && (cityCells.get(p) ?? []).length > 0]);
    });
    const binsFor = (filters: Filters, province: string | null) => {
      const need = cubeNeed(filters);
      if (need?.cells === 'regions') return regionBins;
      // A city without its province: every file (as cube-bins.svelte.ts asks for them).
      if (province === null) return cityBins.flat();
      const i = (regions.provinces ?? []).indexOf(province);
      // The province's file holds other provinces' cities too: the filter leaves them out.
      return i === -1 ? [] : cityBins[i % 4];
    };
    const filtersList = [NO_FILTERS, F({ province: cp }), F({ province: cp, year: y }), F({ province: cp, city: c }), F({ city: c }), F({ city: c, year: y }), F({ level: 'county' }), F({ kind: 'department', year: y }), F({ province: '没有这个省' })];
    // share_granted by SQL written here: granted × 100 / every outcome, rated from 10 outcomes, in bins of 5, 100 % in the last;
    // too few: fewer than 10 outcomes stated, 0 included (whose share is NULL); not stated: the rest.
    for (const filters of filtersList) {
      const { conds, params } = equalities(filters, ["status <> 'failed'", 'superseded_by IS NULL']);
      const [want] = await sql<{ n: number; too_few: number; not_stated: number; hist: string | null }>(
        `WITH m AS (SELECT t3_granted_total * 100.0 / NULLIF(${OUTCOMES}, 0) AS v, ${OUTCOMES} AS base FROM facts WHERE ${conds.join(' AND ')})
         SELECT COUNT(*) FILTER (WHERE v IS NOT NULL AND base >= 10) AS n,
           COUNT(*) FILTER (WHERE base < 10) AS too_few,
           COUNT(*) FILTER (WHERE base IS NULL OR (base >= 10 AND v IS NULL)) AS not_stated,
           (SELECT string_agg(b || ':' || k, ',' ORDER BY b) FROM (SELECT least(floor(v / 5), 19)::INTEGER AS b, COUNT(*) AS k FROM m WHERE v IS NOT NULL AND base >= 10 GROUP BY 1)) AS hist
         FROM m`, params);
      const got = cubeDistribution(binsFor(filters, filters.province), filters, measureOf('share_granted'))!;
      expect([filters, got.stats.n, got.stats.too_few, got.stats.not_stated]).toEqual([filters, want.n, want.too_few, want.not_stated]);
      expect([filters, got.bins.map((b) => `${b.bin}:${b.n}`).join(',')]).toEqual([filters, want.hist ?? '']);
    }
    // Every share against the view's own queries (so the first paint does not jump when the database answers).
    let compared = 0;
    for (const m of BIN_MEASURES) {
      for (const filters of filtersList) {
        const got = cubeDistribution(binsFor(filters, filters.province), filters, m)!;
        const stats = one(await run(distributionStats(filters, m))) as unknown as DistributionStats;
        expect([m.key, filters, got.stats.n, got.stats.too_few, got.stats.not_stated]).toEqual([m.key, filters, stats.n, stats.too_few, stats.not_stated]);
        expect(got.plan).toEqual(binPlan(m, stats));
        const hist = stats.n > 0 ? await run(histogram(filters, m, binPlan(m, stats))) : [];
        expect([m.key, filters, got.bins]).toEqual([m.key, filters, hist]);
        compared += got.stats.n;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // Amounts and rates per 100 are binned from their own quartiles: not from the cells.
    expect(cubeDistribution(regionBins, NO_FILTERS, measureOf('lawsuits_per_100'))).toBeNull();
    // A file binned otherwise is not used.
    expect(usableBins({ ...bins, width: 10 })).toBe(false);
  });

  it('are small', () => {
    const size = (pick: (f: string) => boolean) => readdirSync(join(out, CUBE_DIR)).filter(pick).reduce((a, f) => a + readFileSync(join(out, CUBE_DIR, f)).length, 0);
    const oneFilter = (f: string) => f.startsWith(ONE_FILTER_MEDIANS_FILE);
    expect(size((f) => !f.startsWith('bins-') && !oneFilter(f))).toBeLessThan(400_000);
    expect(size((f) => f.startsWith('bins-'))).toBeLessThan(200_000);
    // Fetched once a grouped view is drawn, never for a first chart; its rows are the filters' values
    // times their groups, bounded by the regions, not by the reports (here 93.5 KB; 275 KB at 100,000 reports).
    expect(size(oneFilter)).toBeLessThan(150_000);
    expect(regions.measures).toEqual(CUBE_MEASURES);
  });
});

describe('cube/group-medians.json: the medians of the unfiltered groupings (src/build/group-medians.ts)', () => {
  const file = () => JSON.parse(readFileSync(join(out, CUBE_DIR, GROUP_MEDIANS_FILE), 'utf8')) as GroupMediansFile;
  // The column of each grouping in SQL written here; a city is keyed by its province too.
  const COLUMN = { province: 'province', city: 'city', level: 'level', kind: 'kind', year: 'year' } as const;

  it('is listed by the summary, and each row equals DuckDB\'s median on facts.parquet (withheld under 5 reports stating the fee)', async () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { cube?: { files?: { name: string }[] } };
    expect(builtCubeFile(summary, GROUP_MEDIANS_FILE)).toBe(true);
    expect(summary.cube!.files!.some((f) => f.name === `${CUBE_DIR}/${GROUP_MEDIANS_FILE}`)).toBe(true);
    const index = indexGroupMedians(file())!;
    expect([...index.keys()].sort()).toEqual([...MEDIAN_GROUPINGS].sort());
    let shown = 0;
    let withheld = 0;
    for (const g of MEDIAN_GROUPINGS) {
      const col = COLUMN[g];
      // Per group and for all counted reports (is_total), from the Parquet itself.
      const want = await sql<{ total: boolean; k: string | null; p: string | null; nf: number; mf: number | null; np: number; mp: number | null }>(
        `SELECT GROUPING(${col}) = 1 AS total, ${col}::VARCHAR AS k, ${g === 'city' ? 'province' : 'NULL'} AS p,
           COUNT(t2_fees_10k_yuan)::INTEGER AS nf, MEDIAN(t2_fees_10k_yuan)::DOUBLE AS mf,
           COUNT(processing_fee_yuan)::INTEGER AS np, MEDIAN(processing_fee_yuan)::DOUBLE AS mp
         FROM read_parquet('${join(out, 'facts.parquet')}') WHERE status <> 'failed' AND superseded_by IS NULL
         GROUP BY GROUPING SETS ((${g === 'city' ? 'province, city' : col}), ())`);
      const rows = index.get(g)!;
      expect(rows).toHaveLength(want.length);
      for (const w of want) {
        const r = rows.find((x) => x.is_total === w.total && (w.total || (x.value === w.k && (g !== 'city' || x.province === w.p))));
        expect(r, `${g} ${w.total ? 'total' : w.k}`).toBeDefined();
        expect([g, w.k, r!.fees_10k_yuan_median, r!.too_few_fees_reports]).toEqual([g, w.k, w.nf >= 5 ? w.mf : null, w.nf > 0 && w.nf < 5]);
        expect([g, w.k, r!.processing_fee_yuan_median, r!.too_few_processing_fee_reports]).toEqual([g, w.k, w.np >= 5 ? w.mp : null, w.np > 0 && w.np < 5]);
        if (w.nf >= 5) shown++;
        else if (w.nf > 0) withheld++;
      }
    }
    // Both sides of the rule are in the corpus.
    expect(shown).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(0);
  });

  it('complete the summed rows into the page\'s group query, row for row; with a filter or a county grouping they answer nothing', async () => {
    const index = indexGroupMedians(file());
    for (const g of MEDIAN_GROUPINGS) {
      const merged = withMedians(cubeGroupStats(cellsFor(NO_FILTERS, g), NO_FILTERS, g), fileMedians(index, NO_FILTERS, g)!);
      const db = (await run(groupStats(NO_FILTERS, g))) as unknown as GroupRow[];
      expect(merged.map((r) => [r.is_total, r.value, r.province])).toEqual(db.map((r) => [r.is_total, r.value, r.province]));
      db.forEach((d, i) => {
        const c = merged[i] as unknown as Record<string, unknown>;
        for (const [k, v] of Object.entries(d)) {
          if (k.endsWith('_median')) expect([g, d.value, k, c[k]]).toEqual([g, d.value, k, v]);
          else if (typeof v === 'number' && k.includes('fee')) expect([k, c[k] as number]).toEqual([k, expect.closeTo(v, 9)]);
          else expect([k, c[k]]).toEqual([k, v]);
        }
      });
    }
    expect(fileMedians(index, F({ year: 2024 }), 'province')).toBeNull();
    expect(fileMedians(index, F({ q: '公安' }), 'province')).toBeNull();
    expect(fileMedians(index, NO_FILTERS, 'county')).toBeNull();
    expect(fileMedians(null, NO_FILTERS, 'province')).toBeNull();
    // Another file layout is not read as this one.
    expect(indexGroupMedians({ ...file(), columns: [...file().columns].reverse() })).toBeNull();
  });
});

describe('cube/group-medians-one.json: the medians of the groupings under one filter (src/build/group-medians.ts)', () => {
  const file = () => JSON.parse(readFileSync(join(out, CUBE_DIR, ONE_FILTER_MEDIANS_FILE), 'utf8')) as OneFilterMediansFile;
  const COLUMN = { province: 'province', city: 'city', level: 'level', kind: 'kind', year: 'year' } as const;
  const FILTERS = ['province', 'year', 'level', 'kind'] as const;

  it('holds every value of each filter among the counted reports, and each row equals DuckDB\'s median on facts.parquet under that filter (withheld under 5 reports)', async () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { cube?: { files?: { name: string }[] } };
    expect(builtCubeFile(summary, ONE_FILTER_MEDIANS_FILE)).toBe(true);
    const index = indexOneFilterMedians(file())!;
    const parquet = `read_parquet('${join(out, 'facts.parquet')}')`;
    const counted = `status <> 'failed' AND superseded_by IS NULL`;
    let states = 0;
    let shown = 0;
    let withheld = 0;
    for (const key of FILTERS) {
      const values = (await sql<{ v: string | number }>(`SELECT DISTINCT ${key} AS v FROM ${parquet} WHERE ${counted} AND ${key} IS NOT NULL ORDER BY v`)).map((r) => r.v);
      expect(values.length).toBeGreaterThan(1);
      for (const value of values) {
        states++;
        const filters = F({ [key]: value });
        for (const g of MEDIAN_GROUPINGS) {
          const col = COLUMN[g];
          // The reports of this value alone, per group and all of them (is_total), from the Parquet itself.
          const want = await sql<{ total: boolean; k: string | null; p: string | null; nf: number; mf: number | null; np: number; mp: number | null }>(
            `SELECT GROUPING(${col}) = 1 AS total, ${col}::VARCHAR AS k, ${g === 'city' ? 'province' : 'NULL'} AS p,
               COUNT(t2_fees_10k_yuan)::INTEGER AS nf, MEDIAN(t2_fees_10k_yuan)::DOUBLE AS mf,
               COUNT(processing_fee_yuan)::INTEGER AS np, MEDIAN(processing_fee_yuan)::DOUBLE AS mp
             FROM ${parquet} WHERE ${counted} AND ${key} = ?
             GROUP BY GROUPING SETS ((${g === 'city' ? 'province, city' : col}), ())`, [value as DuckDBValue]);
          const rows = oneFilterMedians(index, filters, g);
          expect(rows, `${key}=${value} by ${g}`).not.toBeNull();
          expect([key, value, g, rows!.length]).toEqual([key, value, g, want.length]);
          for (const w of want) {
            const r = rows!.find((x) => x.is_total === w.total && (w.total ? x.value === null && x.province === null : x.value === w.k && (g !== 'city' || x.province === w.p)));
            expect(r, `${key}=${value} by ${g}: ${w.total ? 'total' : w.k}`).toBeDefined();
            expect([key, value, g, w.k, r!.fees_10k_yuan_median, r!.too_few_fees_reports]).toEqual([key, value, g, w.k, w.nf >= 5 ? w.mf : null, w.nf > 0 && w.nf < 5]);
            expect([key, value, g, w.k, r!.processing_fee_yuan_median, r!.too_few_processing_fee_reports]).toEqual([key, value, g, w.k, w.np >= 5 ? w.mp : null, w.np > 0 && w.np < 5]);
            if (w.nf >= 5) shown++;
            else if (w.nf > 0) withheld++;
          }
        }
      }
    }
    expect(index.size).toBe(states);
    // Both sides of the rule are in the corpus.
    expect(shown).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(0);
  });

  it('complete the summed rows into the page\'s group query under that filter, row for row; other states are not answered', async () => {
    const index = indexOneFilterMedians(file());
    const states: Filters[] = [F({ province: regionCells.find((c) => c.province !== null)!.province }), F({ year: 2024 }), F({ level: 'county' }), F({ kind: 'department' })];
    for (const filters of states) {
      for (const g of MEDIAN_GROUPINGS) {
        const merged = withMedians(cubeGroupStats(cellsFor(filters, g), filters, g), oneFilterMedians(index, filters, g)!);
        const db = (await run(groupStats(filters, g))) as unknown as GroupRow[];
        expect(merged.map((r) => [r.is_total, r.value, r.province])).toEqual(db.map((r) => [r.is_total, r.value, r.province]));
        db.forEach((d, i) => {
          const c = merged[i] as unknown as Record<string, unknown>;
          for (const [k, v] of Object.entries(d)) {
            if (k.endsWith('_median')) expect([filters, g, d.value, k, c[k]]).toEqual([filters, g, d.value, k, v]);
            else if (typeof v === 'number' && k.includes('fee')) expect([k, c[k] as number]).toEqual([k, expect.closeTo(v, 9)]);
            else expect([k, c[k]]).toEqual([k, v]);
          }
        });
      }
    }
    expect(oneFilterMedians(index, NO_FILTERS, 'province')).toBeNull();
    expect(oneFilterMedians(index, F({ year: 2024, level: 'county' }), 'province')).toBeNull();
    expect(oneFilterMedians(index, F({ year: 2024, q: '公安' }), 'province')).toBeNull();
    expect(oneFilterMedians(index, F({ year: 2024 }), 'county')).toBeNull();
    expect(oneFilterMedians(index, F({ year: 1999 }), 'province')).toBeNull();
    expect(oneFilterMedians(null, F({ year: 2024 }), 'province')).toBeNull();
    expect(indexOneFilterMedians({ ...file(), columns: [...file().columns].reverse() })).toBeNull();
  });
});

describe('builtCubeFile: whether the build wrote a file of cube/ (its summary lists them)', () => {
  it('is false only when the summary lists cube/ and not the file', () => {
    const summary = { cube: { files: [{ name: 'cube/regions.json' }, { name: 'cube/bins-regions.json' }] } };
    expect(builtCubeFile(summary, 'bins-regions.json')).toBe(true);
    expect(builtCubeFile(summary, 'fee-lists.json')).toBe(false);
    expect(builtCubeFile(summary, 'cube/regions.json')).toBe(false);
    // Not known: asked for (a 404 is taken as absent).
    expect(builtCubeFile(null, 'fee-lists.json')).toBe(true);
    expect(builtCubeFile({}, 'fee-lists.json')).toBe(true);
  });
});
