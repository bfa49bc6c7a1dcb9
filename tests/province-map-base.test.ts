// The province map and the group views rate a province's reconsiderations and lawsuits by one
// rule: each over the reports that state it (and their applications handled), not only over the
// reports that state both. A constructed set of reports where the two bases differ, the figures
// worked out by hand below; the map (from the database, and from the build's summaries before
// it) must read what the group table reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { removeOutput } from '../src/build/publish.ts';
import { writeCube } from '../src/build/cube.ts';
import { CUBE_DIR, CUBE_REGIONS_FILE, cellsOf, cubeProvinceFigures, type CubeFile } from '../src/app/cube.ts';
import { NO_FILTERS, type Query } from '../src/db/predicates.ts';
import { groupStats, type GroupRow } from '../src/db/groups.ts';
import { mapValue, provinceFigures, type MapMeasureKey, type ProvinceFigures } from '../src/db/province-map.ts';

const temps: string[] = [];
let db: DuckDBConnection;

/** handled, reconsiderations, lawsuits (direct, after reconsideration); null: not stated. */
type Made = [province: string, handled: number | null, recon: number | null, direct: number | null, after: number | null];
const MADE: Made[] = [
  // 河南省: all three stated in the 1st only; the 2nd states no lawsuits, the 3rd no reconsiderations.
  ['河南省', 40, 4, 1, 1],
  ['河南省', 60, 3, null, null],
  ['河南省', 160, null, 12, 0],
  // 河北省: reconsiderations rest on 6 applications (under the minimum of 10), lawsuits on 6 + 8 = 14.
  ['河北省', 6, 1, 0, 0],
  ['河北省', 8, null, 1, 0],
];

/**
 * By hand. 河南省: reconsiderations (4 + 3) / (40 + 60) × 100 = 7; lawsuits (2 + 12) / (40 + 160)
 * × 100 = 7; both together only where both are stated, (4 + 2) / 40 × 100 = 15. (Over the
 * reports stating both, as the map had it: 10 and 5.) 河北省: reconsiderations too few (6);
 * lawsuits (0 + 1) / 14 × 100; together too few (6). (The map had lawsuits too few too.)
 */
const WANT: Record<string, Partial<Record<MapMeasureKey, number | 'too_few'>>> = {
  河南省: { reconsiderations_per_100: 7, lawsuits_per_100: 7, disputes_per_100: 15 },
  河北省: { reconsiderations_per_100: 'too_few', lawsuits_per_100: 100 / 14, disputes_per_100: 'too_few' },
};

async function rows<T>(q: Query): Promise<T[]> {
  const reader = await db.runAndReadAll(q.sql, q.params as DuckDBValue[]);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}

beforeAll(async () => {
  // The facts table's real columns (a build of the sample reports), emptied and filled with the reports above.
  const out = mkdtempSync(join(tmpdir(), 'map-base-'));
  temps.push(out);
  await buildData({ reportsDir: 'data/reports', outDir: out });
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(out, 'facts.parquet')}') LIMIT 0`);
  for (const [i, [province, handled, recon, direct, after]] of MADE.entries()) {
    await db.run(`INSERT INTO facts (report_id, province, year, level, kind, status, superseded_by, t3_total_handled_total,
        t4_reconsideration_total, t4_lawsuit_direct_total, t4_lawsuit_after_reconsideration_total)
      VALUES (?, ?, 2024, 'county', 'department', 'ok', NULL, ?, ?, ?, ?)`, [`r${i}`, province, handled, recon, direct, after]);
  }
  await writeCube(db, out, 'facts');
}, 120_000);
afterAll(() => temps.forEach((t) => removeOutput(t)));

const asWanted = (v: ReturnType<typeof mapValue>) => (v.state === 'ok' ? v.value : v.state);
const close = (got: number | string, want: number | string) => (typeof want === 'number' ? expect(got).toBeCloseTo(want, 10) : expect(got).toBe(want));

describe('a province\'s litigation rates: one rule on the map and in the group views', () => {
  it('the map (database and summaries) and the group table read the figures worked by hand', async () => {
    const figures = await rows<ProvinceFigures>(provinceFigures(NO_FILTERS));
    const groups = (await rows<GroupRow>(groupStats(NO_FILTERS, 'province'))).filter((r) => !r.is_total);
    const cube = JSON.parse(readFileSync(join(temps[0], CUBE_DIR, CUBE_REGIONS_FILE), 'utf8')) as CubeFile;
    const seeded = cubeProvinceFigures(cellsOf(cube), NO_FILTERS);
    for (const [province, want] of Object.entries(WANT)) {
      const f = figures.find((r) => r.province === province);
      const s = seeded.find((r) => r.province === province);
      const g = groups.find((r) => r.value === province)!;
      for (const [key, value] of Object.entries(want) as [MapMeasureKey, number | 'too_few'][]) {
        close(asWanted(mapValue(f, key)), value);
        close(asWanted(mapValue(s, key)), value);
      }
      // The group table: the same two rates, withheld alike.
      close(g.too_few_reconsiderations ? 'too_few' : g.reconsiderations_per_100!, want.reconsiderations_per_100!);
      close(g.too_few_lawsuits ? 'too_few' : g.lawsuits_per_100!, want.lawsuits_per_100!);
      expect([f!.reconsiderations_base, f!.lawsuits_base]).toEqual([g.reconsiderations_base, g.lawsuits_base]);
    }
    // The bases themselves, by hand.
    const hn = figures.find((r) => r.province === '河南省')!;
    expect([hn.reconsiderations, hn.reconsiderations_base, hn.lawsuits, hn.lawsuits_base, hn.disputes, hn.disputes_base]).toEqual([7, 100, 14, 200, 6, 40]);
  });
});
