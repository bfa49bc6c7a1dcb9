// A grouped deep link draws its first chart from the build's pre-aggregated summaries while the
// database is held back (every Parquet and DuckDB request waits), with the numbers SQL written here
// gets on facts.parquet; once the database is let through, the same numbers from the database.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { OUTCOMES } from '../oracle.ts';
import type { Page, Route } from 'playwright-core';
import { launchBrowser, makeSite, syntheticReports, visit, waitForDb, type Browsing, type Site } from './site.ts';

let site: Site;
let browsing: Browsing;
let db: DuckDBConnection;

beforeAll(async () => {
  [site, browsing] = await Promise.all([makeSite({ reports: syntheticReports(300) }), launchBrowser()]);
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run(`CREATE TABLE f AS SELECT * FROM read_parquet('${join(site.root, 'data', 'facts.parquet')}') WHERE status <> 'failed' AND superseded_by IS NULL`);
}, 600_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

/** Every group row of the table: its value → [reports, granted share, fee median] as shown. */
async function table(page: Page): Promise<Map<string, string[]>> {
  const rows = await page.locator('[data-testid="group-table"] tbody tr[data-group-value]').evaluateAll((trs) => trs.map((tr) => [
    tr.getAttribute('data-group-value') ?? '',
    ...['reports', 'granted_share', 'handled', 'lawsuits_per_100', 'fees_10k_yuan_median'].map((m) => tr.querySelector(`td[data-measure="${m}"]`)?.textContent?.trim() ?? ''),
  ]));
  return new Map(rows.map(([v, ...cells]) => [v, cells]));
}

/** The province with the most cities (then reports). */
async function largest(): Promise<string> {
  const [{ p }] = (await db.runAndReadAll("SELECT province AS p FROM f WHERE province IS NOT NULL GROUP BY 1 ORDER BY COUNT(DISTINCT city) DESC, COUNT(*) DESC, 1 LIMIT 1")).getRowObjectsJS() as { p: string }[];
  return p;
}

// Two filters: no file of the build holds these medians (group-medians-one.json holds one filter's).
it('?province=…&year=…&group=city draws the per-city chart before the database, then the same numbers from it', async () => {
  const p = await largest();
  const [{ y }] = (await db.runAndReadAll('SELECT year AS y FROM f WHERE province = ? GROUP BY 1 ORDER BY COUNT(DISTINCT city) DESC, COUNT(*) DESC, 1 LIMIT 1', [p])).getRowObjectsJS() as { y: number }[];
  const want = new Map(((await db.runAndReadAll(
    `SELECT coalesce(city, '') AS city, COUNT(*)::INTEGER AS reports, SUM(t3_granted_total)::DOUBLE AS granted, SUM(${OUTCOMES})::DOUBLE AS base
     FROM f WHERE province = ? AND year = ? GROUP BY 1`, [p, y])).getRowObjectsJS() as { city: string; reports: number; granted: number | null; base: number | null }[])
    .map((r) => [r.city, { reports: r.reports, share: r.base !== null && r.base >= 10 && r.granted !== null ? (r.granted / r.base) * 100 : null }]));
  expect(want.size).toBeGreaterThan(2);

  const v = await visit(browsing, site);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const held: string[] = [];
  // Registered after visit()'s own route, so it runs first; the database's files wait for release().
  await v.context.route(/\.(parquet|wasm)(\?|$)|duckdb/i, async (route: Route) => {
    held.push(route.request().url());
    await released;
    await route.fallback();
  });
  try {
    await v.page.goto(`${site.url}?province=${encodeURIComponent(p)}&year=${y}&group=city`);
    const first = v.page.locator('section.groups[data-source="summary"] svg .mark').first();
    await first.waitFor({ timeout: 60_000 });
    expect(await v.page.locator('[data-db-stage]').getAttribute('data-db-stage')).toBe('loading');
    expect(held.length).toBeGreaterThan(0);
    await expect.poll(() => v.page.locator('[data-testid="summary-note"]').count()).toBeGreaterThan(0);
    const before = await table(v.page);
    expect([...before.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [city, [reports, share, , , median]] of before) {
      const w = want.get(city)!;
      expect([city, reports]).toEqual([city, String(w.reports)]);
      if (w.share === null) expect(share).toBe('样本过少');
      else expect(Math.abs(Number(share.replace(/%$/, '')) - w.share)).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(median).toBe('待数据库'); // a median is not a sum: pending, never a number
    }

    release();
    await waitForDb(v.page, 120_000);
    // Once the database is ready the sums stay the summaries' (as exact); it adds the medians.
    await v.page.locator('section.groups[data-source="summary+db"] svg .mark').first().waitFor({ timeout: 60_000 });
    expect(await v.page.locator('[data-testid="summary-note"]').count()).toBe(0);
    const after = await table(v.page);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [city, cells] of after) {
      expect([city, ...cells.slice(0, 4)]).toEqual([city, ...before.get(city)!.slice(0, 4)]);
      expect(cells[4]).not.toBe('待数据库');
    }
    expect(v.errors).toEqual([]);
  } finally {
    release();
    await v.context.close();
  }
}, 300_000);

/**
 * `search` opened with DuckDB held back (its wasm, worker and Parquet requests wait): the grouped
 * chart is drawn from the summaries, and every group's fee median shown, before the database, equals
 * `want` (DuckDB's MEDIAN on facts.parquet, by group key; withheld under 5 reports: no number).
 */
async function mediansBeforeDb(search: string, want: Map<string, { n: number; m: number | null }>): Promise<void> {
  const v = await visit(browsing, site);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await v.context.route(/\.(parquet|wasm)(\?|$)|duckdb/i, async (route: Route) => {
    await released;
    await route.fallback();
  });
  try {
    await v.page.goto(`${site.url}${search}`);
    await v.page.locator('section.groups[data-source="summary"] svg .mark').first().waitFor({ timeout: 60_000 });
    // The medians come with the build's file, not with the database (still held back).
    await expect.poll(async () => [...(await table(v.page)).values()].filter(([, , , , median]) => median === '待数据库').length, { timeout: 30_000 }).toBe(0);
    expect(await v.page.locator('[data-db-stage]').getAttribute('data-db-stage')).toBe('loading');
    const shown = await table(v.page);
    expect([...shown.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, [, , , , median]] of shown) {
      const w = want.get(k)!;
      if (w.n >= 5) expect(Math.abs(Number(median.replace(/,/g, '')) - w.m!), `${k}: ${median}`).toBeLessThanOrEqual(0.00005 + 1e-9);
      else expect(Number.isNaN(Number(median.replace(/,/g, ''))), `${k}: ${median}`).toBe(true); // too few, or not stated: no number
    }
    // No "drawn from the sums, medians pending" note: nothing here is pending.
    expect(await v.page.locator('[data-testid="summary-note"]').count()).toBe(0);
    expect(v.errors).toEqual([]);
  } finally {
    release();
    await v.context.close();
  }
}

it('?group=province shows every median from the build (cube/group-medians.json) with the database held back: DuckDB\'s median on facts.parquet, withheld under 5 reports', async () => {
  const want = new Map(((await db.runAndReadAll(
    `SELECT coalesce(province, '') AS p, COUNT(t2_fees_10k_yuan)::INTEGER AS n, MEDIAN(t2_fees_10k_yuan)::DOUBLE AS m FROM f GROUP BY 1`)).getRowObjectsJS() as { p: string; n: number; m: number | null }[])
    .map((r) => [r.p, r]));
  expect([...want.values()].some((w) => w.n >= 5)).toBe(true);
  expect([...want.values()].some((w) => w.n > 0 && w.n < 5)).toBe(true);

  await mediansBeforeDb('?group=province', want);
}, 300_000);

it('?year=…&group=level shows every level\'s median from the build (cube/group-medians-one.json) with the database held back: DuckDB\'s median on facts.parquet, withheld under 5 reports', async () => {
  // The year with the most reports stating the fee (a 300-report corpus has few per city).
  const [{ y }] = (await db.runAndReadAll('SELECT year AS y FROM f GROUP BY 1 ORDER BY COUNT(t2_fees_10k_yuan) DESC, 1 LIMIT 1')).getRowObjectsJS() as { y: number }[];
  const want = new Map(((await db.runAndReadAll(
    `SELECT coalesce(level, '') AS c, COUNT(t2_fees_10k_yuan)::INTEGER AS n, MEDIAN(t2_fees_10k_yuan)::DOUBLE AS m FROM f WHERE year = ? GROUP BY 1`, [y])).getRowObjectsJS() as { c: string; n: number; m: number | null }[])
    .map((r) => [r.c, r]));
  expect(want.size).toBeGreaterThan(2);
  expect([...want.values()].some((w) => w.n >= 5)).toBe(true);

  await mediansBeforeDb(`?year=${y}&group=level`, want);
}, 300_000);
