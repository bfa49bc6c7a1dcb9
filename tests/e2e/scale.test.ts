// A larger corpus (~3,000 reports) on the path of large ones: summary.json without the per-report
// overview, so the first chart comes from its `first_paint` block (before DuckDB is ready), and
// DuckDB reads the Parquet with HTTP range requests (206) instead of downloading it.
import { readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import type { BrowserContext } from 'playwright-core';
import { OUTCOMES, SUITS, rowsOf } from '../oracle.ts';
import { pagePerFile } from './one-page.ts';
import { launchBrowser, makeSite, screenshot, showInPage, syntheticReports, visit, waitForChart, waitForDb, type Browsing, type Site, openChartTables } from './site.ts';

const REPORTS = 3000;
let site: Site;
let browsing: Browsing;
let summary: { reports: number; first_paint: { count: number; outcomes_top: { agency: string }[]; outcomes_overall: { reports: number } } };
/** Every response of the server: path, status, bytes. */
const served: { method: string; url: string; status: number; bytes: number }[] = [];

/** Without `overview`, as the build writes it above 5,000 reports. */
function dropOverview(root: string): void {
  const path = join(root, 'data', 'summary.json');
  const s = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete s.overview;
  writeFileSync(path, JSON.stringify(s));
}

/** Before the page's scripts: when the first chart appeared, whether it came from the summary, and when the database was ready. */
const OBSERVER = `
  window.__t = {};
  new MutationObserver(() => {
    if (window.__t.chart === undefined && document.querySelector('svg .mark')) {
      window.__t.chart = performance.now();
      window.__t.fromSummary = !!document.querySelector('[data-first-paint]');
      window.__t.stageAtChart = document.querySelector('[data-db-stage]')?.getAttribute('data-db-stage') ?? null;
    }
    if (window.__t.ready === undefined && document.querySelector('[data-db-stage="ready"]')) window.__t.ready = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

beforeAll(async () => {
  const reports = syntheticReports(REPORTS);
  [site, browsing] = await Promise.all([makeSite({ reports, mutate: dropOverview }), launchBrowser()]);
  summary = JSON.parse(readFileSync(join(site.root, 'data', 'summary.json'), 'utf8'));
  site.server.server.on('request', (req, res) => res.on('finish', () => served.push({ method: req.method ?? '', url: req.url ?? '', status: res.statusCode, bytes: Number(res.getHeader('content-length') ?? 0) })));
}, 600_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

/** One page for the tests that look at a state with the database up (not at a load, nor before the database). */
const pages = pagePerFile(() => ({ browsing, site }));

/** DuckDB (node) over the built site's facts.parquet: the tests' independent oracle. `facts` is the path, quoted for SQL. */
async function openFacts(): Promise<{ conn: Awaited<ReturnType<DuckDBInstance['connect']>>; facts: string }> {
  const instance = await DuckDBInstance.create(':memory:');
  return { conn: await instance.connect(), facts: join(site.root, 'data', 'facts.parquet').replace(/'/g, "''") };
}

/** Holds back the DuckDB worker's wasm (the page stays before the database) until the returned function is called. */
async function holdDatabase(context: BrowserContext): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await context.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

describe(`a corpus of ${REPORTS} reports, first paint from summary.json first_paint`, () => {
  it('has no overview and a first_paint block', () => {
    expect(summary.reports).toBeGreaterThanOrEqual(REPORTS);
    expect(summary).not.toHaveProperty('overview');
    expect(summary.first_paint.outcomes_top.length).toBe(50);
  });

  it('draws the first chart before DuckDB is ready, then reads the Parquet with range requests', async () => {
    const v = await visit(browsing, site);
    try {
      await v.context.addInitScript(OBSERVER);
      served.length = 0;
      // range: what a corpus too big to download gets (small files are loaded whole by default).
      await v.page.goto(`${site.url}?engine=range`);
      await waitForChart(v.page);
      await waitForDb(v.page, 60_000);
      const t = (await v.page.evaluate('window.__t')) as { chart: number; ready: number; fromSummary: boolean; stageAtChart: string };
      expect(t.fromSummary).toBe(true);
      expect(t.stageAtChart).toBe('loading');
      expect(t.chart).toBeLessThan(t.ready);
      // The first page of the chart is first_paint's, and the SQL then draws the same.
      const firstAgency = summary.first_paint.outcomes_top[0].agency;
      await expect.poll(() => v.page.locator('[data-first-paint]').count(), { timeout: 30_000 }).toBe(0);
      await openChartTables(v.page);
      expect(await v.page.locator('.chart-frame table').first().textContent()).toContain(firstAgency);

      expect(JSON.parse((await v.page.evaluate('document.documentElement.dataset.dbModes')) as string)).toEqual({ facts: 'range', reports: 'range', cells: 'range', checks: 'range' });
      const parquet = served.filter((s) => s.url.includes('.parquet'));
      const ranged = parquet.filter((s) => s.status === 206 && s.method === 'GET');
      expect(ranged.length).toBeGreaterThan(3);
      expect(parquet.filter((s) => s.status === 200 && s.method === 'GET')).toEqual([]);
      // Never the whole file in one response: column chunks and footers only.
      for (const r of ranged) {
        const size = statSync(join(site.root, decodeURIComponent(new URL(r.url, site.url).pathname))).size;
        expect(r.bytes, r.url).toBeLessThan(size);
      }

      // A filter: the counts and the chart come from SQL (range reads), numbers consistent.
      const province = await v.page.locator('select[data-filter="province"] option').nth(1).getAttribute('value');
      await v.page.selectOption('select[data-filter="province"]', province!);
      await expect.poll(async () => { await openChartTables(v.page); return v.page.locator('.chart-frame table').first().textContent(); }, { timeout: 30_000 }).toContain('全部');
      await screenshot(v.page, 'scale-3000-range');
      expect(v.errors).toEqual([]);
      expect(v.outside).toEqual([]);
    } finally {
      await v.context.close();
    }
  });

  it('draws the filtered set\'s totals and the count the summaries give for a two-filter link opened before the database is ready; the list by agency after', async () => {
    // The expected figures, independently: DuckDB on the built facts.parquet (county reports of 2023).
    // Two filters: no list of the build's outcome-lists.json answers it (one-filter states only).
    const { conn, facts } = await openFacts();
    const where = "year = 2023 AND level = 'county' AND status <> 'failed' AND superseded_by IS NULL";
    const [expected] = await rowsOf<{ n: number; stated: number; granted: number; outcomes: number }>(conn, `SELECT COUNT(*) AS n,
      COUNT(*) FILTER (WHERE ${OUTCOMES} IS NOT NULL) AS stated,
      SUM(t3_granted_total) FILTER (WHERE ${OUTCOMES} IS NOT NULL) AS granted, SUM(${OUTCOMES}) AS outcomes
      FROM '${facts}' WHERE ${where}`);
    conn.closeSync();
    expect(expected.stated).toBeGreaterThan(10);
    const zh = (x: number) => x.toLocaleString('zh-CN');
    const v = await visit(browsing, site);
    try {
      // Hold the DuckDB worker back, so the page stays in its before-the-database state.
      const release = await holdDatabase(v.context);
      await v.page.goto(`${site.url}?year=2023&level=county`);
      await v.page.waitForSelector('[data-testid="outcomes-loading"]');
      // The chart: the whole filtered set only, summed from the build's summaries, and it says so.
      await v.page.waitForSelector('[data-link-chart][data-source="summary"] svg .mark');
      expect(await v.page.locator('[data-totals-first]').count()).toBe(1);
      // The total bar's shares obey the minimum sample, and the chart says so.
      expect(await v.page.locator('[data-link-chart][data-source="summary"] svg').first().textContent()).toContain('办理结果合计少于 10 件的年报不参加排名');
      await openChartTables(v.page);
      const rows = await v.page.locator('[data-link-chart] table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
      expect(rows.length).toBe(1);
      expect(rows[0][0]).toContain(`全部 ${zh(expected.stated)} 份`);
      expect(rows[0]).toContain(zh(expected.granted));
      expect(rows[0]).toContain(zh(expected.outcomes));
      // The count comes from the build's summaries (cube/), and says so, before the database.
      const before = await v.page.locator('[data-testid="matching-count"]').innerText();
      expect(before).toContain(`${zh(expected.n)} 份报告`);
      expect(before).toContain('摘要');
      release();
      await waitForDb(v.page, 60_000);
      await expect.poll(async () => { await openChartTables(v.page); return v.page.locator('[data-link-chart][data-source="db"] table tbody tr').count(); }, { timeout: 30_000 }).toBeGreaterThan(1);
      expect(await v.page.locator('[data-totals-first]').count()).toBe(0);
      await expect.poll(() => v.page.locator('[data-testid="matching-count"]').innerText(), { timeout: 30_000 }).not.toContain('摘要');
      expect(await v.page.locator('[data-testid="matching-count"]').innerText()).toContain(`${zh(expected.n)} 份报告`);
      // The same totals from SQL as from the summaries.
      const total = await v.page.locator('[data-link-chart] table tbody tr').first().evaluate((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim()));
      expect(total).toContain(zh(expected.granted));
      expect(total).toContain(zh(expected.outcomes));
    } finally {
      await v.context.close();
    }
  });

  it('draws the litigation link\'s three totals of the filtered set from the summaries before the database is ready; the rankings under the same totals after', async () => {
    // The expected pooled rates, independently: DuckDB on the built facts.parquet, the sums written out here.
    const { conn, facts } = await openFacts();
    const H = 't3_total_handled_total';
    const R = 't4_reconsideration_total';
    const CORR = '(t4_reconsideration_corrected + t4_lawsuit_direct_corrected + t4_lawsuit_after_reconsideration_corrected)';
    const CONC = `(${R} + ${SUITS} - (t4_reconsideration_pending + t4_lawsuit_direct_pending + t4_lawsuit_after_reconsideration_pending))`;
    const both = (a: string, b: string) => `${a} IS NOT NULL AND ${b} IS NOT NULL`;
    const [e] = await rowsOf<Record<string, number>>(conn, `SELECT
        SUM(${R}) FILTER (WHERE ${both(H, R)})::DOUBLE * 100 / SUM(${H}) FILTER (WHERE ${both(H, R)}) AS reconsiderations_per_100,
        SUM(${H}) FILTER (WHERE ${both(H, R)})::DOUBLE AS reconsiderations_base,
        SUM(${SUITS}) FILTER (WHERE ${both(H, SUITS)})::DOUBLE * 100 / SUM(${H}) FILTER (WHERE ${both(H, SUITS)}) AS lawsuits_per_100,
        SUM(${H}) FILTER (WHERE ${both(H, SUITS)})::DOUBLE AS lawsuits_base,
        SUM(${CORR}) FILTER (WHERE ${both(CORR, CONC)})::DOUBLE * 100 / SUM(${CONC}) FILTER (WHERE ${both(CORR, CONC)}) AS corrected_share,
        SUM(${CONC}) FILTER (WHERE ${both(CORR, CONC)})::DOUBLE AS corrected_share_base
      FROM '${facts}' WHERE year = 2023 AND level = 'county' AND status <> 'failed' AND superseded_by IS NULL`);
    conn.closeSync();
    const zh = (x: number) => x.toLocaleString('zh-CN');
    const measures = [['reconsiderations_per_100', 'reconsiderations_base'], ['lawsuits_per_100', 'lawsuits_base'], ['corrected_share', 'corrected_share_base']];
    for (const [, base] of measures) expect(e[base]).toBeGreaterThanOrEqual(10); // rated, not too few: a value to compare
    /** Each ranking's first table row (the total), as [label, value]. */
    const totals = async (source: string) => (await openChartTables(v.page), Promise.all(measures.map(([m]) =>
      v.page.locator(`[data-link-chart][data-source="${source}"] [data-ranking="${m}"] table tbody tr`).first()
        .evaluate((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())))));
    const expectTotals = (rows: string[][]) => {
      for (const [i, [m, base]] of measures.entries()) {
        expect(rows[i][0]).toContain(`筛选范围合计（N=${zh(e[base])}）`);
        expect(Number(rows[i][1].replace(/,/g, ''))).toBeCloseTo(e[m], 2);
      }
    };
    const v = await visit(browsing, site);
    try {
      const release = await holdDatabase(v.context);
      await v.page.goto(`${site.url}?view=litigation&year=2023&level=county`);
      await v.page.waitForSelector('[data-link-chart][data-source="summary"] [data-ranking="corrected_share"] svg .mark');
      expect(await v.page.locator('[data-totals-first]').count()).toBe(1);
      await openChartTables(v.page);
      for (const [m] of measures) expect(await v.page.locator(`[data-link-chart][data-source="summary"] [data-ranking="${m}"] table tbody tr`).count()).toBe(1);
      expectTotals(await totals('summary'));
      await screenshot(v.page, 'scale-litigation-totals-first');
      // Each chart says what it is in whole sentences (the note its own, not run into the filters with a comma: 「…显示。。」).
      const note = await v.page.locator('[data-totals-first]').innerText();
      const descs = () => v.page.locator('[data-link-chart][data-source="summary"] svg desc').allTextContents();
      for (const d of await descs()) {
        expect(d.startsWith(`筛选：2023年、县级。${note} `)).toBe(true);
        expect(d).not.toMatch(/[。.][。.]/);
      }
      // The total's bold label is drawn whole, inside its chart (it ran past the left edge, its first glyphs cut).
      const labelsInside = () => v.page.locator('[data-link-chart][data-source="summary"] svg').evaluateAll((svgs) => svgs.map((svg) => {
        const label = [...svg.querySelectorAll('text')].find((t) => t.getAttribute('font-weight') === '600' && t.querySelector('title'))!;
        return [label.querySelector('title')!.textContent, label.getBoundingClientRect().left >= svg.getBoundingClientRect().left];
      }));
      for (const [, inside] of await labelsInside()) expect(inside).toBe(true);
      // In English too; N is the applications (or cases) a rate rests on, not a number of reports.
      await v.page.locator('button.lang').click();
      await expect.poll(() => v.page.locator('[data-totals-first]').innerText()).toContain('For now the charts show the filtered set as a whole only');
      const en = await labelsInside();
      expect(en.map(([label]) => label)).toEqual(measures.map(([, base]) => `Filtered set as a whole (N=${e[base].toLocaleString('en')})`));
      for (const [, inside] of en) expect(inside).toBe(true);
      for (const d of await descs()) {
        expect(d.startsWith('Filter: 2023, County. For now the charts show')).toBe(true);
        expect(d).not.toMatch(/[。.][。.]/);
      }
      await screenshot(v.page, 'scale-litigation-totals-first-en');
      await v.page.locator('button.lang').click();
      release();
      await waitForDb(v.page, 60_000);
      await expect.poll(async () => { await openChartTables(v.page); return v.page.locator('[data-link-chart][data-source="db"] [data-ranking="lawsuits_per_100"] table tbody tr').count(); }, { timeout: 30_000 }).toBeGreaterThan(1);
      expect(await v.page.locator('[data-totals-first]').count()).toBe(0);
      expectTotals(await totals('db'));
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  });

  it('draws a distribution link\'s histogram and counts from the summaries before the database is ready; the quartiles after, the same bins', async () => {
    // The expected figures, independently: DuckDB on the built facts.parquet — the granted share of each report,
    // rated from 10 outcomes, in bins of 5 points (100 % in the last); too few: fewer than 10 outcomes stated, 0 included.
    const { conn, facts } = await openFacts();
    const where = "year = 2023 AND level = 'county' AND status <> 'failed' AND superseded_by IS NULL";
    const m = `(SELECT t3_granted_total * 100.0 / NULLIF(${OUTCOMES}, 0) AS v, ${OUTCOMES} AS base FROM '${facts}' WHERE ${where})`;
    const [e] = await rowsOf<{ n: number; too_few: number; not_stated: number }>(conn, `SELECT COUNT(*) FILTER (WHERE v IS NOT NULL AND base >= 10) AS n,
      COUNT(*) FILTER (WHERE base < 10) AS too_few, COUNT(*) FILTER (WHERE base IS NULL OR (base >= 10 AND v IS NULL)) AS not_stated FROM ${m}`);
    const perBin = await rowsOf<{ b: number; k: number }>(conn, `SELECT least(floor(v / 5), 19)::INTEGER AS b, COUNT(*) AS k FROM ${m} WHERE v IS NOT NULL AND base >= 10 GROUP BY 1`);
    conn.closeSync();
    expect(e.n).toBeGreaterThan(20);
    const want = Array.from({ length: 20 }, (_, i) => perBin.find((r) => r.b === i)?.k ?? 0);
    /** The chart's data table: [label, count] per row. */
    const table = async (source: string) => {
      await openChartTables(v.page);
      return v.page.locator(`[data-link-chart][data-source="${source}"] table tbody tr`)
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    };
    const counts = (rows: string[][]) => rows.slice(0, 20).map((r) => Number(r[3].replace(/,/g, '')));
    const stats = async () => Promise.all(['data-n', 'data-too-few', 'data-not-stated'].map(async (a) => Number(await v.page.locator('[data-stats]').getAttribute(a))));
    const v = await visit(browsing, site);
    try {
      const release = await holdDatabase(v.context);
      await v.page.goto(`${site.url}?view=distribution&measure=share_granted&year=2023&level=county`);
      await v.page.waitForSelector('[data-link-chart][data-source="summary"] svg .mark');
      expect(await stats()).toEqual([e.n, e.too_few, e.not_stated]);
      const first = await table('summary');
      expect(first).toHaveLength(20); // the bins; no quartile markers yet
      expect(counts(first)).toEqual(want);
      expect(await v.page.locator('[data-first-paint]').innerText()).toContain('四分位数与中位数在数据库就绪后标出');
      expect(await v.page.locator('[data-stats]').innerText()).not.toContain('中位数');
      await screenshot(v.page, 'scale-distribution-first');
      await v.page.locator('button.lang').click();
      await expect.poll(() => v.page.locator('[data-first-paint]').innerText()).toContain('For now the histogram and the counts are summed from the precomputed summaries');
      await v.page.locator('button.lang').click();
      release();
      await waitForDb(v.page, 60_000);
      await expect.poll(() => v.page.locator('[data-link-chart][data-source="db"] table tbody tr').count(), { timeout: 30_000 }).toBe(23);
      expect(await v.page.locator('[data-first-paint]').count()).toBe(0);
      expect(counts(await table('db'))).toEqual(want);
      expect(await stats()).toEqual([e.n, e.too_few, e.not_stated]);
      expect(await v.page.locator('[data-stats]').innerText()).toContain('中位数');
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  });

  it('draws a one-filter fees link\'s two charts before the database is ready: the rows its SQL gives (cube/fee-lists.json); the same after', async () => {
    // The expected rows, independently: DuckDB on the built facts.parquet, the province with the most reports.
    const { conn, facts } = await openFacts();
    const counted = "status <> 'failed' AND superseded_by IS NULL";
    const [{ p }] = await rowsOf<{ p: string }>(conn, `SELECT province AS p FROM '${facts}' WHERE ${counted} AND province IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1`);
    const want = await rowsOf<{ agency: string; year: number | null; fee: number | null }>(conn, `SELECT agency, year, t2_fees_10k_yuan AS fee FROM '${facts}'
      WHERE ${counted} AND province = ? ORDER BY t2_fees_10k_yuan DESC NULLS LAST, agency, report_id LIMIT 50`, [p]);
    conn.closeSync();
    expect(want.filter((r) => r.fee !== null).length).toBeGreaterThan(5);
    /** The first chart's (表二 fees) data table: [label, value] per row. */
    const table = async (source: string) => {
      await openChartTables(v.page);
      return v.page.locator(`[data-link-chart][data-source="${source}"] .chart-frame`).first().locator('table tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    };
    const expectRows = (rows: string[][]) => {
      expect(rows).toHaveLength(want.length);
      want.forEach((w, i) => {
        expect(rows[i][0].startsWith(`${w.agency}（${w.year}年`)).toBe(true);
        if (w.fee === null) expect(rows[i][1]).toBe('未说明');
        else expect(Number(rows[i][1].replace(/,/g, ''))).toBeCloseTo(w.fee, 2);
      });
    };
    const v = await visit(browsing, site);
    try {
      const release = await holdDatabase(v.context);
      await v.page.goto(`${site.url}?view=fees&province=${encodeURIComponent(p)}`);
      await v.page.waitForSelector('[data-link-chart][data-source="summary"] svg .mark');
      expectRows(await table('summary'));
      expect(await v.page.locator('[data-link-chart][data-source="summary"] svg').count()).toBe(2);
      await screenshot(v.page, 'scale-fees-first');
      release();
      await waitForDb(v.page, 60_000);
      // The build's rows are this state's answer: the view asks the database nothing for it.
      expectRows(await table('summary'));
      // Another sort is asked of the database, and comes.
      await v.page.selectOption('select[data-sort-select]', 'agency');
      await v.page.waitForSelector('[data-link-chart][data-source="db"] svg .mark', { state: 'attached', timeout: 30_000 });
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  });

  it('a fees or distribution link asks for its first chart\'s file (fee-lists.json, the bins) while the view\'s code is still on its way', async () => {
    // The views' chunk is held until that file has been asked for (at most 15 s): before
    // src/app/early-view.ts, the file was asked for only by the view, once its chunk had run.
    for (const [search, file] of [['?view=fees&year=2023', /\/data\/cube\/fee-lists\.json$/], ['?view=distribution&year=2023', /\/data\/cube\/bins-regions\.json$/]] as const) {
      const v = await visit(browsing, site);
      try {
        let askedWhileHeld: boolean | null = null;
        await v.context.route(/\/assets\/lazy-[^/]*\.js$/, async (route) => {
          for (const until = Date.now() + 15_000; Date.now() < until && !v.requests.some((u) => file.test(u)); ) await new Promise((r) => setTimeout(r, 20));
          askedWhileHeld ??= v.requests.some((u) => file.test(u));
          await route.continue();
        });
        const release = await holdDatabase(v.context);
        await v.page.goto(site.url + search);
        await v.page.waitForSelector('[data-link-chart][data-source="summary"] svg .mark', { timeout: 30_000 });
        expect(askedWhileHeld).toBe(true);
        release();
        expect(v.errors).toEqual([]);
      } finally {
        await v.context.close();
      }
    }
  }, 120_000);

  it('a fees, distribution or city link asks for its first chart\'s file before the app mounts, not after', async () => {
    // src/main.ts mounts the app once src/app/early-view.ts has asked for these (summary.json or
    // regions.json read first): before, the module's evaluation and the mount were one task, and the
    // file was asked for only once the mount was done. The page notes when #app first gets a child;
    // the file's request start is the browser's own (resource timing). No wait is involved: both
    // orders are the page's, whatever the machine's speed.
    const province = JSON.parse(readFileSync(join(site.root, 'data', 'cube', 'regions.json'), 'utf8')).provinces.find((p: string | null) => p !== null) as string;
    const index = JSON.parse(readFileSync(join(site.root, 'data', 'cube', 'regions.json'), 'utf8')).provinces.indexOf(province) as number;
    const links = [
      ['?view=fees&year=2023', 'cube/fee-lists.json'],
      ['?view=distribution&year=2023', 'cube/bins-regions.json'],
      [`?province=${encodeURIComponent(province)}&group=city`, `cube/cities-${index}.json`],
    ] as const;
    for (const [search, file] of links) {
      const v = await visit(browsing, site);
      try {
        // DuckDB held back: it starts after the mount (App.svelte), so it cannot change the order
        // measured here, and its start would only slow this load and the next (the page closes at its first chart).
        const release = await holdDatabase(v.context);
        await v.context.addInitScript(`new MutationObserver((_, o) => { const app = document.getElementById('app'); if (app && app.firstChild) { window.__mounted = performance.now(); o.disconnect(); } }).observe(document, { subtree: true, childList: true });`);
        await v.page.goto(site.url + search);
        await v.page.waitForSelector('[data-link-chart] svg .mark, [data-group] svg .mark', { timeout: 30_000 });
        const t = await v.page.evaluate((f) => ({
          mounted: (window as unknown as { __mounted: number }).__mounted,
          asked: performance.getEntriesByType('resource').find((e) => e.name.endsWith(`/data/${f}`))?.startTime ?? null,
        }), file);
        expect(t.asked, `${search}: ${file} asked for`).not.toBeNull();
        expect(t.asked!, `${search}: ${file} asked for before the app mounted (${JSON.stringify(t)})`).toBeLessThan(t.mounted);
        expect(v.errors).toEqual([]);
        release();
      } finally {
        await v.context.close();
      }
    }
  }, 120_000);

  it('a grouped fees or litigation link asks for neither the lazy views\' code before its first chart nor fee-lists.json: the page shows the groups', async () => {
    // ?group= on these views draws Groups.svelte (main script), not the view: early-view.ts asked for
    // the chunk at once and, once summary.json was read, for fee-lists.json, beside the grouped first
    // paint's own requests. The chunk comes after the first chart (the extract panel's, App.svelte),
    // which needs summary.json or regions.json: both held here 3 s, the chunk must not be asked for meanwhile.
    // The two links in two pages at once (each its own context, routes and requests): their 3 s holds overlap.
    const lazy = /\/assets\/lazy-[^/]*\.js$/;
    await Promise.all(['?view=fees&group=province&year=2023', '?view=litigation&group=level'].map(async (search) => {
      const v = await visit(browsing, site);
      try {
        let chunkWhileHeld: boolean | null = null;
        await v.context.route(/\/data\/(summary\.json|cube\/regions\.json)$/, async (route) => {
          for (const until = Date.now() + 3_000; Date.now() < until && !v.requests.some((u) => lazy.test(u)); ) await new Promise((r) => setTimeout(r, 20));
          chunkWhileHeld = (chunkWhileHeld ?? false) || v.requests.some((u) => lazy.test(u));
          await route.continue();
        });
        await v.page.goto(site.url + search);
        await v.page.waitForSelector('section.groups svg .mark', { timeout: 30_000 });
        await waitForDb(v.page, 60_000);
        expect(chunkWhileHeld, search).toBe(false);
        expect(v.requests.filter((u) => /\/data\/cube\/fee-lists\.json$/.test(u)), search).toEqual([]);
        expect(v.errors, search).toEqual([]);
      } finally {
        await v.context.close();
      }
    }));
  }, 120_000);

  it('on the data of a build before the bins and fee lists, waits for the database without asking for them (no 404, no error); the charts after', async () => {
    // A build before these files: its summary.json lists cube/ without them, and the server has none.
    const summaryText = readFileSync(join(site.root, 'data', 'summary.json'), 'utf8');
    const older = JSON.parse(summaryText) as { cube: { files: { name: string }[] } };
    older.cube.files = older.cube.files.filter((f) => !/^cube\/(bins-|fee-lists\.json$)/.test(f.name));
    expect(older.cube.files.length).toBeGreaterThan(2);
    const v = await visit(browsing, site);
    try {
      await v.context.route('**/data/summary.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(older) }));
      await v.context.route(/\/data\/cube\/(bins-[^/]*|fee-lists\.json)$/, (route) => route.fulfill({ status: 404, body: '' }));
      // What the page asked fetch() for, recorded in the page as it asks (the request events reach
      // the test through the browser, possibly after the page has drawn what follows the ask).
      await v.context.addInitScript(`(() => {
        window.__fetched = [];
        const fetch0 = window.fetch;
        window.fetch = function (input, init) {
          window.__fetched.push(String(input instanceof Request ? input.url : input));
          return fetch0.call(this, input, init);
        };
      })()`);
      const fetched = async () => ((await v.page.evaluate('window.__fetched')) as string[]).filter((u) => /\/cube\/(bins-|fee-lists)/.test(u));
      const release = await holdDatabase(v.context);
      await v.page.goto(`${site.url}?view=distribution&measure=share_granted&year=2023`);
      // The view's line "starting the database, the charts follow": drawn once it has read summary.json and
      // found no first paint to draw (src/app/early-view.ts and the view's seed ask for the bins before that).
      await v.page.locator('section[aria-labelledby="distribution-title"]').getByText('正在启动数据库，本页图表稍后显示…').waitFor({ timeout: 30_000 });
      expect(await v.page.locator('[data-first-paint]').count()).toBe(0);
      expect(await v.page.locator('[data-link-chart]').count()).toBe(0);
      expect(await fetched()).toEqual([]);
      await v.page.goto(`${site.url}?view=fees`);
      await v.page.locator('section[aria-labelledby="fees-title"]').getByText('正在启动数据库，本页图表稍后显示…').waitFor({ timeout: 30_000 });
      expect(await v.page.locator('[data-link-chart]').count()).toBe(0);
      expect(await fetched()).toEqual([]);
      expect(v.requests.filter((u) => /\/cube\/(bins-|fee-lists)/.test(u))).toEqual([]);
      release();
      await waitForDb(v.page, 60_000);
      await v.page.waitForSelector('[data-link-chart][data-source="db"] svg .mark', { timeout: 30_000 });
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  });

  it('says why a ranking is empty: no report meets the minimum, not "no more on this page"', async () => {
    // A city and year whose reports state corrected and concluded cases, none with 5 concluded or more (DuckDB on facts.parquet).
    const { conn, facts } = await openFacts();
    const CORR = '(t4_reconsideration_corrected + t4_lawsuit_direct_corrected + t4_lawsuit_after_reconsideration_corrected)';
    const CONC = `(t4_reconsideration_total + ${SUITS} - (t4_reconsideration_pending + t4_lawsuit_direct_pending + t4_lawsuit_after_reconsideration_pending))`;
    const found = await rowsOf<{ province: string; city: string; year: number }>(conn, `SELECT province, city, year FROM '${facts}'
      WHERE status <> 'failed' AND superseded_by IS NULL AND city IS NOT NULL AND year IS NOT NULL GROUP BY ALL
      HAVING COUNT(*) FILTER (WHERE ${CORR} IS NOT NULL AND ${CONC} IS NOT NULL) > 0 AND COUNT(*) FILTER (WHERE ${CONC} >= 5 AND ${CORR} IS NOT NULL) = 0
      ORDER BY 1, 2, 3 LIMIT 1`);
    conn.closeSync();
    expect(found).toHaveLength(1);
    const { province, city, year } = found[0];
    // The ranking is the database's (no summary answers a city): any page of the file with DuckDB up will do.
    const v = await pages.show(`${site.url}?view=litigation&province=${encodeURIComponent(province)}&city=${encodeURIComponent(city)}&year=${year}`);
    await waitForDb(v.page, 60_000);
    const ranking = v.page.locator('[data-link-chart][data-source="db"] [data-ranking="corrected_share"]');
    await expect.poll(() => ranking.innerText(), { timeout: 30_000 }).toContain('没有年报达到最小样本');
    expect(await ranking.getAttribute('data-rated')).toBe('0');
    expect(await ranking.innerText()).not.toContain('本页没有更多');
    expect(v.errors).toEqual([]);
  });

  it('shows no count beside a chosen filter value before the database can count a name search (never a 0 not counted); the count after', async () => {
    const { conn, facts } = await openFacts();
    const [{ province }] = await rowsOf<{ province: string }>(conn, `SELECT province FROM '${facts}' WHERE province IS NOT NULL AND status <> 'failed' AND superseded_by IS NULL
      GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1`);
    conn.closeSync();
    const v = await visit(browsing, site);
    try {
      const release = await holdDatabase(v.context);
      await v.page.goto(`${site.url}?province=${encodeURIComponent(province)}&q=${encodeURIComponent('局')}`);
      await v.page.waitForSelector('select[data-filter="province"]');
      const chosen = () => v.page.locator('select[data-filter="province"] option:checked').innerText();
      expect((await chosen()).trim()).toBe(province);
      release();
      await waitForDb(v.page, 60_000);
      await expect.poll(async () => (await chosen()).trim(), { timeout: 30_000 }).toMatch(new RegExp(`^${province} \\([\\d,]+\\)$`));
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  });

  it('counts a city link\'s reports from the summaries before the database is ready, the counties\' list after', async () => {
    // Independently: DuckDB on the built facts.parquet, the largest city of the largest province.
    const { conn, facts } = await openFacts();
    const live = "status <> 'failed' AND superseded_by IS NULL";
    const [{ province, city }] = await rowsOf<{ province: string; city: string }>(conn, `SELECT province, city FROM '${facts}'
      WHERE city IS NOT NULL AND ${live} GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1, 2 LIMIT 1`);
    const [{ n }] = await rowsOf<{ n: number }>(conn, `SELECT COUNT(*) AS n FROM '${facts}' WHERE province = ? AND city = ? AND ${live}`, [province, city]);
    const years = await rowsOf<{ year: number; k: number }>(conn, `SELECT year, COUNT(*) AS k FROM '${facts}'
      WHERE province = ? AND city = ? AND year IS NOT NULL AND ${live} GROUP BY 1 ORDER BY 1 DESC`, [province, city]);
    const [{ counties }] = await rowsOf<{ counties: number }>(conn, `SELECT COUNT(DISTINCT county) AS counties FROM '${facts}'
      WHERE province = ? AND city = ? AND county IS NOT NULL AND ${live}`, [province, city]);
    conn.closeSync();
    expect(n).toBeGreaterThan(0);
    const zh = (x: number) => x.toLocaleString('zh-CN');
    const yearOptions = () => v.page.locator('select[data-filter="year"] option').evaluateAll((os) => os.slice(1).map((o) => (o.textContent ?? '').trim()));
    const v = await visit(browsing, site);
    try {
      const release = await holdDatabase(v.context);
      await v.page.goto(`${site.url}?province=${encodeURIComponent(province)}&city=${encodeURIComponent(city)}`);
      await expect.poll(() => v.page.locator('[data-testid="matching-count"]').innerText(), { timeout: 30_000 }).toContain(`${zh(n)} 份报告`);
      expect(await v.page.locator('[data-testid="matching-count"]').innerText()).toContain('摘要');
      expect(await yearOptions()).toEqual(years.map((y) => `${y.year} (${zh(y.k)})`));
      // The counties are in no summary: the list waits for the database, and says so.
      const county = v.page.locator('select[data-filter="county"]');
      expect(await county.isDisabled()).toBe(true);
      expect(await county.getAttribute('title')).toBe('区县列表在数据库启动后显示');
      release();
      await waitForDb(v.page, 60_000);
      await expect.poll(() => county.isDisabled(), { timeout: 30_000 }).toBe(false);
      expect(await county.locator('option').count()).toBe(counties + 1);
      await expect.poll(() => v.page.locator('[data-testid="matching-count"]').innerText(), { timeout: 30_000 }).not.toContain('摘要');
      expect(await v.page.locator('[data-testid="matching-count"]').innerText()).toContain(`${zh(n)} 份报告`);
      expect(await yearOptions()).toEqual(years.map((y) => `${y.year} (${zh(y.k)})`));
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  });

  it('draws a one-filter link\'s outcomes list before the database is ready: the rows the SQL gives (cube/outcome-lists.json)', async () => {
    // The expected ranking, independently: DuckDB on the built facts.parquet, the order written out
    // here — reports stating every outcome, rated ones (≥ 10 applications) by granted share, then size, name, id.
    const { conn, facts } = await openFacts();
    const expected = (await conn.runAndReadAll(`SELECT agency FROM '${facts}'
      WHERE year = 2023 AND status <> 'failed' AND superseded_by IS NULL AND ${OUTCOMES} IS NOT NULL AND ${OUTCOMES} >= 10
      ORDER BY t3_granted_total::DOUBLE / ${OUTCOMES} DESC NULLS LAST, ${OUTCOMES} DESC, agency, report_id LIMIT 50`)).getRows().map((r) => String(r[0]));
    conn.closeSync();
    expect(expected.length).toBeGreaterThan(5);
    const v = await visit(browsing, site);
    try {
      const release = await holdDatabase(v.context);
      await v.page.goto(`${site.url}?year=2023`);
      await waitForChart(v.page);
      expect(await v.page.locator('[data-db-stage="ready"]').count()).toBe(0);
      expect(await v.page.locator('[data-testid="outcomes-loading"]').count()).toBe(0);
      // The first chart's data table: the whole set's row, then one row per report in the list's order.
      await openChartTables(v.page);
      const rows = await v.page.locator('.chart-frame').first().locator('table tbody tr').allTextContents();
      const shown = rows.slice(1, 1 + expected.length);
      expect(shown.length).toBe(Math.min(expected.length, rows.length - 1));
      shown.forEach((text, k) => expect(text, `row ${k + 1}`).toContain(expected[k]));
      release();
    } finally {
      await v.context.close();
    }
  });

  it('draws a one-filter link\'s list when its lists file comes, not the totals bar alone before it', async () => {
    const v = await visit(browsing, site);
    try {
      const release = await holdDatabase(v.context);
      // outcome-lists.json late (as on a slow network): the state waits for it, the totals of cube/ are here.
      await v.context.route('**/cube/outcome-lists.json*', async (route) => {
        await new Promise((r) => setTimeout(r, 400));
        await route.continue();
      });
      // Whatever the outcomes section drew before its list: the totals-first note, or a chart of one row.
      await v.page.addInitScript(`(() => {
        window.__drawn = [];
        new MutationObserver(() => {
          // A chart's data table is made once opened: open each as it comes, to see every table drawn.
          document.querySelectorAll('.chart-frame details:not([open])').forEach((d) => { d.open = true; });
          if (document.querySelector('[data-totals-first]')) window.__drawn.push('totals-first');
          const chart = document.querySelector('[data-link-chart] table tbody');
          if (chart) window.__drawn.push('rows ' + chart.children.length);
        }).observe(document, { subtree: true, childList: true });
      })()`);
      await v.page.goto(`${site.url}?level=county`);
      await v.page.waitForSelector('[data-link-chart][data-source="summary"] svg .mark');
      await expect.poll(() => v.page.locator('[data-link-chart] table tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(1);
      const drawn = (await v.page.evaluate('window.__drawn')) as string[];
      expect(drawn).not.toContain('totals-first');
      expect(drawn).not.toContain('rows 1');
      expect(await v.page.locator('[data-db-stage="ready"]').count()).toBe(0);
      release();
    } finally {
      await v.context.close();
    }
  });

  it('pages the agency list in SQL, 100 at a time', async () => {
    // In the file's shared page (no state shown before lists agencies; its first page is waited for below).
    const v = await pages.show(`${site.url}?view=agency`);
    await waitForDb(v.page, 60_000);
    await v.page.waitForSelector('[data-testid="agency-list"] li');
    expect(await v.page.locator('[data-testid="agency-list"] li').count()).toBe(100);
    const first = await v.page.locator('[data-testid="agency-list"] li').first().innerText();
    await v.page.getByRole('button', { name: /下一页|Next/ }).first().click();
    await expect.poll(() => v.page.locator('[data-testid="agency-list"] li').first().innerText()).not.toBe(first);
    expect(await v.page.locator('nav.pager').first().innerText()).toContain(`共 ${Math.ceil(summary.reports / 100)} 页`);
    expect(v.errors).toEqual([]);
  });
});

describe('range reads of a broken file', () => {
  it('downloads the reports the page counts by default, every file when asked, and says how many rows each holds', async () => {
    // Independently: DuckDB on facts.parquet, the province with the most files the page does not count.
    const { conn, facts } = await openFacts();
    const [{ province, files: all, live }] = await rowsOf<{ province: string; files: number; live: number }>(conn, `SELECT province, COUNT(*) AS files,
        COUNT(*) FILTER (WHERE status <> 'failed' AND superseded_by IS NULL) AS live
      FROM '${facts}' WHERE province IS NOT NULL GROUP BY 1 ORDER BY files - live DESC, 1 LIMIT 1`);
    conn.closeSync();
    expect(all).toBeGreaterThan(live);
    const zh = (x: number) => x.toLocaleString('zh-CN');
    const v = await visit(browsing, site, { acceptDownloads: true });
    try {
      await v.page.goto(`${site.url}?province=${encodeURIComponent(province)}`);
      const button = v.page.getByTestId('download-csv');
      // Before the database too: summed from the summaries.
      await expect.poll(() => button.innerText(), { timeout: 30_000 }).toContain(`（${zh(live)} 行）`);
      await waitForDb(v.page, 60_000);
      const download = async () => {
        await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
        const [file] = await Promise.all([v.page.waitForEvent('download'), button.click()]);
        const text = readFileSync((await file.path())!, 'utf8');
        const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
        expect(parsed.errors).toEqual([]);
        return { name: file.suggestedFilename(), rows: parsed.data };
      };
      const counted = await download();
      expect(counted.rows).toHaveLength(live);
      expect(counted.rows.filter((r) => r['被替代于'] || r['状态'] === '读取失败')).toEqual([]);
      expect(counted.name).toBe(`政府信息公开年报_${province}.csv`);
      await v.page.locator('input[name="csv-rows"][value="all"]').check();
      await expect.poll(() => button.innerText(), { timeout: 30_000 }).toContain(`（${zh(all)} 行）`);
      const every = await download();
      expect(every.rows).toHaveLength(all);
      expect(every.name).toBe(`政府信息公开年报_${province}_含失败与被替代文件.csv`);
    } finally {
      await v.context.close();
    }
  });

  it('says so when a Parquet file is truncated', async () => {
    const s = await makeSite({ mutate: (root) => {
      const path = join(root, 'data', 'checks.parquet');
      truncateSync(path, Math.floor(statSync(path).size / 2));
    } });
    const v = await visit(browsing, s);
    try {
      await v.page.goto(`${s.url}?engine=range`);
      await v.page.waitForSelector('[data-db-stage="error"], [data-db-stage="ready"]', { timeout: 30_000 });
      const status = await v.page.locator('[data-db-stage]').innerText();
      expect(await v.page.locator('[data-db-stage]').getAttribute('data-db-stage')).toBe('error');
      expect(status).toContain('不是有效的 Parquet 文件');
      expect(status).toContain('checks.parquet');
      // A report marked in the distribution, its histogram from the summaries (the database failed):
      // the mark says its value could not be read, not an empty box.
      const { conn } = await openFacts();
      const [{ id }] = await rowsOf<{ id: string }>(conn, `SELECT report_id AS id FROM '${join(s.root, 'data', 'facts.parquet').replace(/'/g, "''")}' WHERE status <> 'failed' AND superseded_by IS NULL ORDER BY 1 LIMIT 1`);
      conn.closeSync();
      // Shown in the same page (the database failed in it), as the view's tab would.
      await showInPage(v.page, `${s.url}?engine=range&view=distribution&measure=share_granted&highlight=${id}`);
      await v.page.waitForSelector(`[data-highlight="${id}"]`, { timeout: 30_000 });
      await v.page.waitForSelector('[data-link-chart][data-source="summary"] svg .mark', { timeout: 30_000 });
      expect(await v.page.locator('[data-highlight]').innerText()).toContain('该年报的数值与百分位未能从数据库读出');
      await v.page.locator('button.lang').click();
      await expect.poll(() => v.page.locator('[data-highlight]').innerText()).toContain('could not be read from the database');
    } finally {
      await v.context.close();
      await s.close();
      rmSync(s.root, { recursive: true, force: true });
    }
  });
});
