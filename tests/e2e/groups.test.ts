// Group comparisons, years and headline numbers in chromium on ~3,000 generated reports, against
// DuckDB run here on the site's own facts.parquet with SQL written out in this file (never the
// dashboard's queries): per-city shares within a province, the drill-down path and its URL, the
// national lawsuit rate per year, the headline figures, and the CSV holding every group.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { OUTCOMES, SUITS, rowsOf } from '../oracle.ts';
import type { Page } from 'playwright-core';
import { launchBrowser, makeSite, syntheticReports, showInPage, waitForDb, waitForIdle, type Browsing, type Site, openChartTables } from './site.ts';
import { pagePerFile } from './one-page.ts';

const REPORTS = 3000;
let site: Site;
let browsing: Browsing;
let db: DuckDBConnection;

beforeAll(async () => {
  [site, browsing] = await Promise.all([makeSite({ reports: syntheticReports(REPORTS) }), launchBrowser()]);
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run(`CREATE TABLE f AS SELECT * FROM read_parquet('${join(site.root, 'data', 'facts.parquet')}') WHERE status <> 'failed' AND superseded_by IS NULL`);
}, 900_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

const sql = <T = Record<string, unknown>>(text: string, params: DuckDBValue[] = []) => rowsOf<T>(db, text, params);


// One page for the file (one start of DuckDB, not one per test): each test shows its whole link in
// it, and waits until the page has taken it (nothing busy) before reading anything.
const pages = pagePerFile(() => ({ browsing, site }));

async function open(search: string): Promise<{ page: Page; close: () => Promise<void>; errors: string[] }> {
  const v = await pages.show(site.url + search);
  await waitForDb(v.page, 90_000);
  await waitForIdle(v.page, 60_000);
  // The page stays open for the next test (closed after the file's tests).
  return { page: v.page, close: async () => {}, errors: v.errors };
}

/** "12.3%" / "1,234" / "样本过少" → number or the text. */
const parse = (text: string) => {
  const t = text.trim().replace(/,/g, '');
  const n = Number(t.replace(/%$/, ''));
  return Number.isFinite(n) && t !== '' ? n : t;
};

async function groupCells(page: Page, measure: string): Promise<Map<string, number | string>> {
  const rows = page.locator('[data-testid="group-table"] tbody tr[data-group-value]');
  const out = await rows.evaluateAll((trs, m) => trs.map((tr) => [tr.getAttribute('data-group-value') ?? '', tr.querySelector(`td[data-measure="${m}"]`)?.textContent ?? '']), measure);
  return new Map(out.map(([k, v]) => [k, parse(v)]));
}

describe(`groups, years and headline on ${REPORTS} generated reports`, () => {
  it('?province=…&group=city shows every city of the province with the shares DuckDB computes', async () => {
    const [{ province }] = await sql<{ province: string }>('SELECT province FROM f WHERE province IS NOT NULL GROUP BY province ORDER BY COUNT(*) DESC, province LIMIT 1');
    const truth = await sql<{ city: string | null; share: number | null; base: number | null; reports: number }>(
      `WITH r AS (SELECT city, t3_granted_total AS g, ${OUTCOMES} AS s FROM f WHERE province = ?)
       SELECT city, COUNT(*)::INTEGER AS reports, SUM(s)::DOUBLE AS base, (SUM(g) FILTER (WHERE s IS NOT NULL))::DOUBLE / SUM(s) AS share FROM r GROUP BY city`, [province]);
    const v = await open(`?province=${encodeURIComponent(province)}&group=city`);
    try {
      await v.page.waitForSelector('[data-testid="group-table"] tbody tr[data-group-value]', { timeout: 60_000 });
      expect(await v.page.locator('select[data-control="group"]').inputValue()).toBe('city');
      const shares = await groupCells(v.page, 'granted_share');
      const reports = await groupCells(v.page, 'reports');
      expect(shares.size).toBe(truth.length);
      for (const t of truth) {
        const key = t.city ?? '';
        expect(reports.get(key), key).toBe(t.reports);
        if (t.base === null || t.base < 10) expect(shares.get(key), key).toBe('样本过少');
        else expect(shares.get(key) as number, key).toBeCloseTo(t.share! * 100, 1);
      }
      // The chart draws every city too (its table), and the total row comes first.
      expect(await v.page.locator('[data-testid="group-table"] tbody tr').first().getAttribute('data-total')).not.toBeNull();
      // The province's own bodies have no city: a row 「无地市」, said who they are under the table.
      expect(truth.some((t) => t.city === null)).toBe(true);
      expect(await v.page.locator('[data-testid="group-table"] tbody tr[data-group-value=""] th').first().textContent()).toContain('无地市');
      expect(await v.page.locator('[data-region-note]').textContent()).toContain('无地市：省级机关');
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  }, 240_000);

  it('?view=years&by=province: a panel per province in the province filter\'s order (most reports first); by=level, national down', async () => {
    // Each province by all its reports (a panel's total counts those without a year too, as the filter does).
    const truth = await sql<{ province: string | null; reports: number }>(
      'SELECT province, COUNT(*)::INTEGER AS reports FROM f GROUP BY province ORDER BY province IS NULL, reports DESC, province');
    const v = await open('?view=years&by=province&measure=handled');
    try {
      await v.page.waitForSelector('.grid.multiples svg title', { timeout: 60_000, state: 'attached' });
      const titles = await v.page.$$eval('.grid.multiples svg > title', (ts) => ts.map((t) => t.textContent ?? ''));
      const named = truth.map((t) => t.province ?? '无省份');
      expect(titles.map((t) => t.split('：')[0])).toEqual(named);
      // The filter lists the provinces in the same order.
      const options = await v.page.$$eval('select[data-filter="province"] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter((x) => x));
      expect(options.slice(0, 5)).toEqual(named.filter((n) => n !== '无省份').slice(0, 5));
      // Shown in the same page, as its own select does (one load of DuckDB for both).
      await showInPage(v.page, `${site.url}?view=years&by=level&measure=handled`);
      await v.page.waitForSelector('.grid.multiples svg title', { timeout: 60_000, state: 'attached' });
      await waitForIdle(v.page, 60_000);
      const levels = (await v.page.$$eval('.grid.multiples svg > title', (ts) => ts.map((t) => t.textContent ?? ''))).map((t) => t.split('：')[0]);
      const order = ['国家级', '省级', '地市级', '县级', '乡镇级', '未注明'];
      expect(levels.length).toBeGreaterThanOrEqual(3);
      expect(levels).toEqual([...levels].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
      expect(levels.every((l) => order.includes(l))).toBe(true);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  }, 240_000);

  it('drills down province → city → county, the URL following, and the CSV holds every group', async () => {
    const v = await open('?view=litigation&group=province');
    try {
      const page = v.page;
      await page.waitForSelector('[data-testid="group-table"] tbody tr[data-group-value]', { timeout: 60_000 });
      const [{ n: provinces }] = await sql<{ n: number }>('SELECT COUNT(DISTINCT province)::INTEGER + (COUNT(*) FILTER (WHERE province IS NULL) > 0)::INTEGER AS n FROM f');
      expect(await page.locator('[data-testid="group-table"] tbody tr[data-group-value]').count()).toBe(provinces);
      // Each of the three charts lists the groups in the table's order (lawsuits per 100 by default) and
      // says so under its title: the first, reconsiderations per 100, read out of order without a word.
      const subtitles = await page.locator('.chart-frame svg').evaluateAll((svgs) => svgs.map((s) => s.textContent ?? ''));
      expect(subtitles).toHaveLength(3);
      for (const t of subtitles) expect(t).toContain('各组按行政诉讼（每百件申请）从高到低排列');

      // The chart's CSV: every group and the total, with the rates as columns.
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('.chart-frame').first().getByRole('button', { name: '下载 CSV' }).click()]);
      const csv = Papa.parse<Record<string, string>>(readFileSync((await file.path())!, 'utf8').slice(1), { header: true, skipEmptyLines: true });
      expect(csv.data.length).toBe(provinces + 1);
      expect(Object.keys(csv.data[0])).toContain('行政诉讼（每百件申请）');

      // A province whose reports name cities, so the drill-down has a next level to show.
      const [{ province }] = await sql<{ province: string }>(
        'SELECT province FROM f WHERE province IS NOT NULL AND city IS NOT NULL GROUP BY province ORDER BY COUNT(DISTINCT city) DESC, province LIMIT 1');
      const first = page.locator('[data-testid="group-table"] tbody tr[data-group-value] button.drill').filter({ hasText: province }).first();
      await first.click();
      await page.waitForURL((url) => url.searchParams.get('province') === province && url.searchParams.get('group') === 'city');
      await page.waitForSelector(`[data-group="city"][data-stale="false"] [data-testid="group-table"] tbody tr[data-group-value] button.drill`, { timeout: 60_000 });
      const cityButton = page.locator('[data-testid="group-table"] tbody tr[data-group-value] button.drill').first();
      const city = (await cityButton.textContent())!.trim();
      await cityButton.click();
      await page.waitForURL((url) => url.searchParams.get('city') === city && url.searchParams.get('group') === 'county' && url.searchParams.get('view') === 'litigation');
      expect(await page.locator('select[data-filter="province"]').inputValue()).toBe(province);
      await page.goBack();
      await page.waitForURL((url) => !url.searchParams.has('city') && url.searchParams.get('group') === 'city');
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  }, 240_000);

  it('the years view shows the national lawsuit rate per year as DuckDB computes it', async () => {
    const truth = await sql<{ year: number; rate: number | null; reports: number }>(
      `SELECT year, COUNT(*)::INTEGER AS reports,
         (SUM(${SUITS}) FILTER (WHERE ${SUITS} IS NOT NULL AND t3_total_handled_total IS NOT NULL))::DOUBLE * 100
           / SUM(t3_total_handled_total) FILTER (WHERE ${SUITS} IS NOT NULL AND t3_total_handled_total IS NOT NULL) AS rate
       FROM f WHERE year IS NOT NULL GROUP BY year ORDER BY year`);
    const v = await open('?view=years');
    try {
      await v.page.waitForSelector('.chart-frame svg .mark', { timeout: 60_000 });
      await openChartTables(v.page);
      const frame = v.page.locator('.chart-frame', { has: v.page.locator('caption', { hasText: '行政诉讼（每百件申请）（按年度）' }) });
      await frame.waitFor({ timeout: 60_000 });
      const rows = await frame.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
      expect(rows.length).toBe(truth.length);
      truth.forEach((t, i) => {
        expect(rows[i][0]).toContain(`${t.year}年`);
        expect(rows[i][0]).toContain(`${t.reports.toLocaleString('en')} 份`);
        expect(parse(rows[i][1]) as number).toBeCloseTo(t.rate!, 1);
      });
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  }, 240_000);

  it('the years by level: the CSV names the level of each row, and a filter matching nothing says so', async () => {
    // Written out here, not taken from the schema: what a reader of the CSV sees.
    const LEVEL_ZH: Record<string, string> = { national: '国家级', province: '省级', prefecture: '地市级', county: '县级', township: '乡镇级' };
    const truth = await sql<{ level: string | null; year: number; reports: number }>(
      'SELECT level, year, COUNT(*)::INTEGER AS reports FROM f WHERE year IS NOT NULL GROUP BY level, year ORDER BY level NULLS LAST, year');
    const v = await open('?view=years&by=level&measure=lawsuits_per_100');
    try {
      const page = v.page;
      await page.waitForSelector('.chart-frame svg .mark', { timeout: 60_000 });
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('.chart-frame').first().getByRole('button', { name: '下载 CSV' }).click()]);
      const text = readFileSync((await file.path())!, 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const csv = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
      // Before: only 年度, so the rows of 2023 of every level read alike.
      expect(csv.meta.fields!.slice(0, 2)).toEqual(['层级', '年度']);
      const got = csv.data.filter((r) => r['年度'] !== '未注明年度').map((r) => [r['层级'], r['年度'], Number(r['年报数（份）'])]);
      expect(got.sort()).toEqual(truth.map((t) => [t.level === null ? '未注明' : LEVEL_ZH[t.level], `${t.year}年`, t.reports]).sort());

      // A name no agency has: the small multiples say that nothing matches (before: an empty page).
      await showInPage(page, `${site.url}?view=years&by=level&q=${encodeURIComponent('无此机关zz')}`);
      await expect.poll(() => page.locator('main').innerText(), { timeout: 60_000 }).toContain('当前筛选下没有报告。');
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  }, 240_000);

  it('the headline shows the chosen year and its change from the year before', async () => {
    const years = await sql<{ year: number; reports: number; share: number }>(
      `WITH r AS (SELECT year, t3_granted_total AS g, ${OUTCOMES} AS s FROM f WHERE year IS NOT NULL)
       SELECT year, COUNT(*)::INTEGER AS reports, (SUM(g) FILTER (WHERE s IS NOT NULL))::DOUBLE / SUM(s) AS share FROM r GROUP BY year ORDER BY year`);
    const latest = years[years.length - 1];
    const before = years[years.length - 2];
    const v = await open(`?year=${before.year}`);
    try {
      const headline = v.page.getByTestId('headline');
      await headline.locator('[data-measure="reports"] .value').waitFor({ timeout: 60_000 });
      expect(await headline.locator('.which').getAttribute('data-headline-year')).toBe(String(before.year));
      expect(parse(await headline.locator('[data-measure="reports"] .value').innerText())).toBe(before.reports);
      expect(parse(await headline.locator('[data-measure="granted_share"] .value').innerText()) as number).toBeCloseTo(before.share * 100, 1);
      // The share and the rates say their minimum sample under the figures.
      expect(await headline.locator('[data-headline-minimum]').innerText()).toContain('申请少于 10 件（含 0 件）时不计算');
      // No year chosen: the latest year against the one before, and it says so.
      await v.page.locator('select[data-filter="year"]').selectOption('');
      await expect.poll(() => headline.locator('.which').getAttribute('data-headline-year'), { timeout: 30_000 }).toBe(String(latest.year));
      expect(await headline.locator('.which').innerText()).toContain('未选年度');
      const delta = latest.reports - before.reports;
      expect(await headline.locator('[data-measure="reports"] .change').innerText()).toContain(`${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta).toLocaleString('en')}`);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  }, 240_000);
});
