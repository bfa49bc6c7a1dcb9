// The analysis views on ~3,000 generated reports, in chromium: a distribution with a highlighted
// agency (bin counts and percentile against DuckDB on the Parquet, SQL written here), the province
// tile map (a click sets the filter and the URL), the SQL view (a good query's row count, a bad
// query's DuckDB message with the page intact, a refused write), and chart CSVs that hold the whole
// result behind the chart rather than the page on screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { rowsOf } from '../oracle.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOME_ROWS, T3, T3_OTHER_TOTAL_ROW, T3_TOTAL_COLUMN, table3Column } from '../../src/format/schema.ts';
import { launchBrowser, makeSite, screenshot, syntheticReports, showInPage, visit, waitForDb, waitForIdle, type Browsing, type Site, type Visit, openChartTables } from './site.ts';
import { pagePerFile } from './one-page.ts';

const REPORTS = 3000;
let site: Site;
let browsing: Browsing;
let db: DuckDBConnection;

beforeAll(async () => {
  [site, browsing] = await Promise.all([makeSite({ reports: syntheticReports(REPORTS) }), launchBrowser()]);
  const instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(site.root, 'data', 'facts.parquet')}')`);
}, 600_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

const sql = <T = Record<string, unknown>>(text: string, params: DuckDBValue[] = []) => rowsOf<T>(db, text, params);

// The refusal share, written out here from the template's rows (not from the dashboard's queries).
const col = (row: number) => table3Column(row, T3_TOTAL_COLUMN);
const refused = `(${OUTCOME_ROWS.refused.map(col).join(' + ')})`;
const groupSum = (key: keyof typeof OUTCOME_ROWS) => key === 'other'
  ? `COALESCE(${OUTCOME_ROWS.other.map(col).join(' + ')}, ${col(T3_OTHER_TOTAL_ROW)})`
  : `(${OUTCOME_ROWS[key].map(col).join(' + ')})`;
const outcomeSum = `(${(Object.keys(OUTCOME_ROWS) as (keyof typeof OUTCOME_ROWS)[]).map(groupSum).join(' + ')})`;
const SHARES = `SELECT report_id, province, ${refused} * 100.0 / ${outcomeSum} AS v FROM facts
  WHERE status <> 'failed' AND superseded_by IS NULL AND ${outcomeSum} >= 10`;

// One page for the views' tests (one start of DuckDB on the 3,000 reports, not one per test): each
// shows its whole link in it and waits for its own state. The SQL view's test, whose bad queries
// are console errors it expects, keeps a page of its own.
const pages = pagePerFile(() => ({ browsing, site }));
async function show(search: string): Promise<Visit> {
  const v = await pages.show(site.url + search);
  await waitForDb(v.page, 60_000);
  await waitForIdle(v.page, 60_000);
  return v;
}

async function download(page: Page, button: ReturnType<Page['locator']>): Promise<Record<string, string>[]> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe(`analysis views on ${REPORTS} generated reports`, () => {
  it('draws the distribution of refusal shares with the bins DuckDB counts, and the highlighted agency at its percentile', async () => {
    const province = '河南省';
    const shares = await sql<{ report_id: string; v: number }>(`${SHARES} AND province = ? ORDER BY v`, [province]);
    expect(shares.length).toBeGreaterThan(20);
    const bins = new Map<number, number>();
    for (const s of shares) bins.set(Math.min(Math.floor(s.v / 5), 19), (bins.get(Math.min(Math.floor(s.v / 5), 19)) ?? 0) + 1);
    const target = shares[Math.floor(shares.length * 0.3)];
    const atOrBelow = shares.filter((s) => s.v <= target.v).length;
    const expectedPercentile = (atOrBelow * 100) / shares.length;
    const allFiltered = (await sql<{ n: number }>("SELECT COUNT(*) AS n FROM facts WHERE status <> 'failed' AND superseded_by IS NULL AND province = ?", [province]))[0].n;

    const v = await show(`?view=distribution&province=${encodeURIComponent(province)}&measure=share_refused&highlight=${target.report_id}`);
    await v.page.waitForSelector('[data-percentile]', { timeout: 90_000 });
    expect(Number(await v.page.locator('[data-stats]').getAttribute('data-n'))).toBe(shares.length);
    expect(Number(await v.page.locator('[data-percentile]').getAttribute('data-percentile'))).toBeCloseTo(expectedPercentile, 9);
    // The data table: one row per bin (count in the 4th column), then the markers.
    await openChartTables(v.page);
    const rows = await v.page.locator('.chart-frame table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    const drawn = new Map<number, number>();
    rows.slice(0, 20).forEach((cells, i) => { if (Number(cells[3]) > 0) drawn.set(i, Number(cells[3])); });
    expect(drawn).toEqual(bins);
    // The highlighted line is drawn and labelled with the agency.
    const agency = (await sql<{ agency: string }>('SELECT agency FROM facts WHERE report_id = ?', [target.report_id]))[0].agency;
    expect(await v.page.locator('.chart-frame svg').first().textContent()).toContain(agency);
    // The minimum-sample rule is stated beside the chart.
    expect(await v.page.locator('[data-minimums]').innerText()).toBe('最少样本规则：只计入办理结果合计不少于 10 件的年报；少于 10 件（含 0 件）的年报为样本过少，不计入。');
    // The CSV holds every filtered report (rated or not), not the bins, each saying whether it is counted or why not:
    // too few = fewer than 10 outcomes stated (0 included); not stated = the rest.
    const csv = await download(v.page, v.page.locator('.chart-frame .actions button').first());
    expect(csv).toHaveLength(allFiltered);
    const [{ few }] = await sql<{ few: number }>(`SELECT COUNT(*) AS few FROM facts WHERE status <> 'failed' AND superseded_by IS NULL AND province = ? AND ${outcomeSum} < 10`, [province]);
    const byState = (text: string) => csv.filter((r) => r['计入分布'] === text).length;
    expect([byState('是'), byState('否：样本过少'), byState('否：未说明')]).toEqual([shares.length, few, allFiltered - shares.length - few]);
    await screenshot(v.page, 'analysis-distribution');
    expect(v.errors).toEqual([]);
  }, 300_000);

  it('runs a good SQL query with its row count, shows DuckDB\'s message for a bad one, and refuses a write', async () => {
    const [{ n }] = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM facts WHERE year = 2023");
    const v = await visit(browsing, site);
    try {
      const query = 'SELECT report_id, agency FROM facts WHERE year = 2023';
      await v.page.goto(`${site.url}?view=sql&sql=${encodeURIComponent(query)}`);
      await waitForDb(v.page, 60_000);
      await v.page.waitForSelector('[data-row-count]', { timeout: 90_000 });
      expect(Number(await v.page.locator('[data-row-count]').getAttribute('data-row-count'))).toBe(n);
      expect(await v.page.locator('[data-sql-result] tbody tr').count()).toBe(Math.min(100, n));
      const csv = await download(v.page, v.page.locator('[data-sql-csv]'));
      expect(csv).toHaveLength(n);

      await v.page.fill('[data-sql]', 'SELECT no_such_column FROM facts');
      await v.page.click('[data-run]');
      await v.page.waitForSelector('[data-sql-error]');
      expect(await v.page.locator('[data-sql-error]').innerText()).toMatch(/no_such_column/);
      expect(new URL(v.page.url()).searchParams.get('sql')).toBe('SELECT no_such_column FROM facts');

      await v.page.fill('[data-sql]', 'DROP TABLE facts');
      await v.page.click('[data-run]');
      await expect.poll(() => v.page.locator('[data-sql-error]').innerText()).toMatch(/只读/);
      await v.page.fill('[data-sql]', 'WITH x AS (SELECT 1) DELETE FROM facts');
      await v.page.click('[data-run]');
      await expect.poll(() => v.page.locator('[data-sql-error]').innerText()).toMatch(/DELETE/);

      // The page and the database are intact: another query runs, and the charts still draw.
      await v.page.fill('[data-sql]', 'SELECT COUNT(*) AS n FROM facts');
      await v.page.click('[data-run]');
      await expect.poll(async () => v.page.locator('[data-sql-result] tbody td').first().textContent()).toBe(String((await sql<{ n: number }>('SELECT COUNT(*) AS n FROM facts'))[0].n));
      await v.page.getByRole('button', { name: '分布' }).click();
      await v.page.waitForSelector('.chart-frame svg .mark', { timeout: 90_000 });
      await screenshot(v.page, 'analysis-sql');
      expect(v.errors.filter((e) => !e.includes('no_such_column'))).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 300_000);

  it('colours the province tile map by the chosen measure and filters by a clicked (or Enter-pressed) tile', async () => {
    // Refusal share per province, summed then divided once, written here.
    const expected = await sql<{ province: string; v: number | null; base: number }>(`
      SELECT province, SUM(${refused}) * 100.0 / SUM(${outcomeSum}) AS v, SUM(${outcomeSum}) AS base
      FROM facts WHERE status <> 'failed' AND superseded_by IS NULL AND ${outcomeSum} IS NOT NULL AND province IS NOT NULL GROUP BY province ORDER BY COUNT(*) DESC`);
    const first = expected.find((e) => e.base >= 10)!;
    const v = await show('?view=map&measure=share_refused');
    await v.page.waitForSelector('[data-tile-map] .tile', { timeout: 90_000 });
    expect(await v.page.locator('[data-tile-map] .tile').count()).toBe(34);
    // The map states the minimum sample of its share inside the SVG (the downloads carry it), within its width, in either language.
    const fits = async () => v.page.locator('[data-map-minimum]').evaluate((t) => (t as unknown as SVGTextElement).getBBox().width <= ((t as unknown as SVGTextElement).ownerSVGElement!.viewBox.baseVal.width - 8));
    // The share's own sample, the outcomes in all (rev17: it said 办理申请 for every measure).
    expect(await v.page.locator('[data-map-minimum]').textContent()).toBe('最低样本：办理结果合计少于 10 件时不计算（样本过少）。');
    expect(await fits()).toBe(true);
    await v.page.locator('button.lang').click();
    await expect.poll(() => v.page.locator('[data-map-minimum]').textContent()).toBe('Minimum sample: not computed under 10 outcomes in all (too few to rate).');
    expect(await fits()).toBe(true);
    await v.page.locator('button.lang').click();
    // The data table's figure for a province equals the SQL's (one decimal or two, as formatted).
    const row = v.page.locator('[data-map-table] tbody tr', { hasText: first.province });
    const shown = Number((await row.locator('td').first().textContent() ?? '').replace(/[%,\s]/g, ''));
    expect(shown).toBeCloseTo(first.v!, 2);
    // Provinces without reports say "no data".
    const withData = new Set(expected.map((e) => e.province));
    const empty = await v.page.locator('[data-tile-map] .tile[data-state="no_data"]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-province')));
    for (const p of empty) expect(withData.has(p!)).toBe(false);

    // CSV: every province of the map (and any outside it), not the visible tiles only.
    const csv = await download(v.page, v.page.locator('[data-map-csv]'));
    expect(csv.length).toBeGreaterThanOrEqual(34);
    // Every report of the filter is in the CSV: the tiles', any outside the 34, and those naming
    // no province — a row of their own, said under the map (before, they were in neither).
    const [{ n, unplaced }] = await sql<{ n: number; unplaced: number }>(
      "SELECT COUNT(*)::INTEGER AS n, (COUNT(*) FILTER (WHERE province IS NULL))::INTEGER AS unplaced FROM facts WHERE status <> 'failed' AND superseded_by IS NULL");
    expect(unplaced).toBeGreaterThan(0);
    expect(csv.reduce((a, r) => a + Number(r['年报数（份）'] || 0), 0)).toBe(n);
    // Named as the grouped views name them (无省份: national bodies or regions not identified, not a province left out).
    expect(csv.find((r) => r['省份'] === '无省份')?.['年报数（份）']).toBe(String(unplaced));
    expect(await v.page.locator('[data-map-unplaced]').textContent()).toContain('份年报无省份（国家级机关');
    expect(Number(await v.page.locator('[data-map-unplaced]').getAttribute('data-map-unplaced'))).toBe(unplaced);
    // The headers name each figure with its unit, not the field (handled_for_rates, fees_10k_yuan_sum).
    expect(Object.keys(csv[0])).toEqual(expect.arrayContaining(['办理申请（件）', '行政事业性收费合计（万元）', '信息处理费每份年报中位数（元）']));

    await v.page.locator(`[data-tile-map] .tile[data-province="${first.province}"]`).click();
    await expect.poll(() => new URL(v.page.url()).searchParams.get('province')).toBe(first.province);
    await expect.poll(() => v.page.locator('select[data-filter="province"]').inputValue()).toBe(first.province);
    expect(await v.page.locator(`[data-tile-map] .tile[data-province="${first.province}"]`).getAttribute('aria-pressed')).toBe('true');

    // Keyboard: focus another tile and press Enter.
    const other = expected.find((e) => e.province !== first.province)!;
    await v.page.locator(`[data-tile-map] .tile[data-province="${other.province}"]`).focus();
    await v.page.keyboard.press('Enter');
    await expect.poll(() => new URL(v.page.url()).searchParams.get('province')).toBe(other.province);
    await screenshot(v.page, 'analysis-map');
    expect(v.errors).toEqual([]);
  }, 300_000);

  it('splits new applications by applicant for the filter, per province, with a whole-result CSV', async () => {
    // Reports without a province (national bodies, regions not identified) are a group too: the groups add up to the total.
    const [{ groups }] = await sql<{ groups: number }>("SELECT COUNT(DISTINCT coalesce(province, '(none)'))::INTEGER AS groups FROM facts WHERE status <> 'failed' AND superseded_by IS NULL");
    const v = await show('?view=applicants');
    await v.page.waitForSelector('[data-applicants] svg .mark', { timeout: 90_000 });
    expect(Number(await v.page.locator('[data-applicants]').getAttribute('data-groups'))).toBe(groups);
    // The chart states the minimum sample its shares obey.
    expect(await v.page.locator('[data-applicants] svg').first().textContent()).toContain('新收申请少于 10 件的组不计算比例');
    const csv = await download(v.page, v.page.locator('[data-applicants] .actions button').first());
    expect(csv).toHaveLength(groups + 1); // the whole filtered set first
    // Every group's reports (counted and left out) add up to the whole set's.
    const counted = (r: Record<string, string>) => Number(r['年报数（份）']) + Number(r['未全部填报的年报（份）']);
    expect(csv.slice(1).reduce((a, r) => a + counted(r), 0)).toBe(counted(csv[0]));
    // Each bar says how many reports it rests on.
    const labels = await v.page.locator('[data-applicants] svg .mark').evaluateAll((ms) => ms.map((m) => m.getAttribute('aria-label') ?? ''));
    expect(labels.filter((l) => /· [\d,]+ 份/.test(l)).length).toBeGreaterThan(0);

    // By city across the country: a city is a city of its province (same-named units stay apart).
    const [{ cities }] = await sql<{ cities: number }>("SELECT COUNT(*)::INTEGER AS cities FROM (SELECT DISTINCT province, city FROM facts WHERE status <> 'failed' AND superseded_by IS NULL)");
    // Shown in the same page, as its own select does (one load of DuckDB for both).
    await showInPage(v.page, `${site.url}?view=applicants&group=city`);
    await v.page.waitForSelector('[data-applicants] svg .mark', { timeout: 90_000 });
    await waitForIdle(v.page, 60_000);
    await expect.poll(async () => Number(await v.page.locator('[data-applicants]').getAttribute('data-groups'))).toBe(cities);
    expect(v.errors).toEqual([]);
  }, 300_000);

  it('ranks litigation by each chart\'s own measure over rated reports only, lists too-few apart, and exports the whole ranking', async () => {
    const lawsuits = '(t4_lawsuit_direct_total + t4_lawsuit_after_reconsideration_total)';
    const handled = col(T3.TOTAL_HANDLED);
    const rated = await sql<{ report_id: string; v: number; handled: number }>(`SELECT report_id, ${lawsuits} * 100.0 / ${handled} AS v, ${handled} AS handled
      FROM facts WHERE status <> 'failed' AND superseded_by IS NULL AND ${handled} >= 10 AND ${lawsuits} IS NOT NULL ORDER BY v ASC, handled DESC, agency, report_id`);
    // Too few: fewer than 10 applications handled (0 included), whatever the lawsuits.
    const [{ few }] = await sql<{ few: number }>(`SELECT COUNT(*) AS few FROM facts WHERE status <> 'failed' AND superseded_by IS NULL AND ${handled} < 10`);
    const [{ placeable }] = await sql<{ placeable: number }>(`SELECT COUNT(*) AS placeable FROM facts WHERE status <> 'failed' AND superseded_by IS NULL AND ${handled} IS NOT NULL AND t4_reconsideration_total + ${lawsuits} IS NOT NULL`);
    const [{ listed }] = await sql<{ listed: number }>(`SELECT COUNT(*) AS listed FROM facts WHERE status <> 'failed' AND superseded_by IS NULL AND (${handled} IS NOT NULL OR t4_reconsideration_total + ${lawsuits} IS NOT NULL)`);
    // The filtered set as a whole: every report stating both figures (too-few ones included), summed, then divided.
    const [pooled] = await sql<{ v: number; base: number }>(`SELECT SUM(${lawsuits}) * 100.0 / SUM(${handled}) AS v, SUM(${handled}) AS base
      FROM facts WHERE status <> 'failed' AND superseded_by IS NULL AND ${handled} IS NOT NULL AND ${lawsuits} IS NOT NULL`);
    expect(few).toBeGreaterThan(0);
    const v = await show('?view=litigation&sort=lawsuits_per_100:asc');
    const chart = v.page.locator('[data-ranking="lawsuits_per_100"]');
    await chart.locator('svg .mark').first().waitFor({ state: 'attached', timeout: 90_000 });
    expect(Number(await chart.getAttribute('data-rated'))).toBe(rated.length);
    expect(Number(await chart.getAttribute('data-too-few'))).toBe(few);
    // On top, the filtered set as a whole; then lowest first, 50 on the page, none of them below the minimum.
    await openChartTables(v.page);
    const [total, ...rows] = await chart.locator('.chart-frame table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(total[0]).toContain(`筛选范围合计（N=${Number(pooled.base).toLocaleString('zh-CN')}）`);
    expect(Number(total[1].replace(/,/g, ''))).toBeCloseTo(pooled.v, 2);
    expect(rows).toHaveLength(50);
    for (const [i, cells] of rows.entries()) {
      expect(Number(cells[1].replace(/,/g, ''))).toBeCloseTo(rated[i].v, 2);
      expect(cells[0]).toContain(`N=${rated[i].handled.toLocaleString('zh-CN')}`);
    }
    // The whole ranking in the CSV, not the 50 on screen; rates as columns.
    const csv = await download(v.page, chart.locator('.actions button').first());
    expect(csv).toHaveLength(rated.length);
    expect(Object.keys(csv[0])).toContain('行政诉讼（每百件申请）');
    expect(csv.map((r) => r['报告编号'])).toEqual(rated.map((r) => r.report_id));
    // Too few: listed apart, with its own CSV of them all.
    expect(await v.page.locator('[data-too-few-list="handled"] summary').innerText()).toContain(few.toLocaleString('zh-CN'));
    // The scatter: every placeable report, or a density when there are more than 3,000; never a cut list.
    const kind = await v.page.locator('[data-scatter]').getAttribute('data-scatter');
    expect(kind).toBe(placeable > 3000 ? 'density' : 'points');
    await openChartTables(v.page);
    const scatterRows = await v.page.locator('[data-scatter] .chart-frame table tbody tr').count();
    if (kind === 'points') expect(scatterRows).toBe(placeable);
    const scatterCsv = await download(v.page, v.page.locator('[data-scatter] .actions button').first());
    expect(scatterCsv).toHaveLength(listed);
    await screenshot(v.page, 'analysis-litigation');
    expect(v.errors).toEqual([]);
  }, 300_000);
});
