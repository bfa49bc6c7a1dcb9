// The dashboard in Chromium, on the production build of the 5 sample reports served by
// scripts/serve.ts: loads clean and offline, shows the samples' true numbers, keeps its
// filters in the URL, downloads the filtered rows, and shows an agency's table 3 cell for cell.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, makeSite, screenshot, visit, waitForChart, waitForDb, waitForIdle, type Browsing, type Site, type Visit, openChartTables } from './site.ts';
import { pagePerFile } from './one-page.ts';

let site: Site;
let browsing: Browsing;
let reportIds: Record<string, string>;

beforeAll(async () => {
  [site, browsing] = await Promise.all([makeSite(), launchBrowser()]);
  const summary = JSON.parse(readFileSync(join(site.root, 'data', 'summary.json'), 'utf8')) as { overview: { report_id: string; agency: string }[] };
  reportIds = Object.fromEntries(summary.overview.map((e) => [e.agency, e.report_id]));
}, 300_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

/** A fresh context and page at `search`, the first chart drawn and the database ready. */
async function open(search = ''): Promise<Visit> {
  const v = await visit(browsing, site);
  await v.page.goto(site.url + search);
  await waitForChart(v.page);
  await waitForDb(v.page);
  return v;
}

// The tests that read what a state draws share one page (one start of DuckDB): each shows its whole
// link in it. Those about a load (its requests), a table not yet opened in the visit (the frames
// remember an opened table by place: table-open.ts) and reload/history keep a fresh page (open()).
const pages = pagePerFile(() => ({ browsing, site }));
/** The shared page showing `search`, the new state taken (nothing busy), the database ready. */
async function shown(search = ''): Promise<Visit> {
  const v = await pages.show(site.url + search);
  await waitForChart(v.page);
  await waitForDb(v.page);
  await waitForIdle(v.page);
  return v;
}

/**
 * The outcome chart's data table: row label → header → displayed text. Its first row is the bar
 * for the whole filtered set (labelled e.g. 「全部 5 份年报」); it is also under the key TOTAL.
 */
const TOTAL = '(total)';
const AGENCY_ROW = /（\d{4}年）$/;
async function outcomeTable(page: Page): Promise<{ headers: string[]; rows: Map<string, Map<string, string>>; totalLabel: string }> {
  const read = (table: HTMLTableElement) => ({
    headers: [...table.tHead!.rows[0].cells].map((c) => c.textContent!.trim()),
    // Labels carry the sample a share rests on, 「（N=129）」: the agency and year are what we match.
    rows: [...table.tBodies[0].rows].map((r) => [...r.cells].map((c, i) => (i === 0 ? c.textContent!.trim().replace(/（N=[\d,]+）$/, '') : c.textContent!.trim()))),
  });
  await openChartTables(page);
  const raw = await page.locator('.chart-frame').first().locator('table').evaluate(read);
  // Reports under the minimum sample are drawn apart, in the "too few to rate" chart below.
  const few = page.locator('[data-too-few-section] table');
  if (await few.count()) raw.rows.push(...(await few.evaluate(read)).rows);
  const rows = new Map(raw.rows.map((cells) => [cells[0], new Map(raw.headers.map((h, i) => [h, cells[i]]))]));
  const totalLabel = raw.rows[0] && !AGENCY_ROW.test(raw.rows[0][0]) ? raw.rows[0][0] : '';
  if (totalLabel) rows.set(TOTAL, rows.get(totalLabel)!);
  return { headers: raw.headers, rows, totalLabel };
}

/** The agencies drawn in the outcome chart (labels of its rows without the total row). */
async function chartAgencies(page: Page): Promise<string[]> {
  const { rows } = await outcomeTable(page);
  return [...rows.keys()].filter((label) => AGENCY_ROW.test(label)).map((l) => l.replace(AGENCY_ROW, '')).sort();
}

/** Wait until the outcome chart shows exactly these agencies and is not marked stale. */
async function expectAgencies(page: Page, agencies: string[]): Promise<void> {
  await expect.poll(() => chartAgencies(page), { timeout: 15_000 }).toEqual([...agencies].sort());
  await page.waitForSelector('[aria-busy="true"]', { state: 'detached', timeout: 15_000 }).catch(() => {});
}

const ALL = ['嘉兴市人民政府办公室', '渑池县人民政府', '南昌市人民政府办公室', '长沙市人民政府办公室', '昌吉州发展和改革委员会'];

// The first test's page, once its load has been checked, handed to the data-table test: a page where
// no table has been opened yet, without a load of its own (one start of DuckDB less).
let untouched: Visit | undefined;
afterAll(async () => {
  await untouched?.context.close();
});

describe('the dashboard', () => {
  it('loads with no console error and no request outside its origin', async () => {
    const v = await open();
    let handedOver = false;
    try {
      // Let late requests (the source text, lazily loaded chunks) happen before counting.
      await v.page.waitForTimeout(500);
      expect(v.errors).toEqual([]);
      expect(v.outside).toEqual([]);
      for (const url of v.requests) expect(url.startsWith(site.origin) || url.startsWith('data:') || url.startsWith('blob:'), url).toBe(true);
      // The page, its script, the summary, DuckDB's worker and wasm, the three Parquet files.
      const paths = v.requests.filter((u) => u.startsWith(site.origin)).map((u) => new URL(u).pathname);
      for (const p of ['/', '/data/summary.json', '/data/reports.parquet', '/data/cells.parquet', '/data/checks.parquet']) expect(paths).toContain(p);
      expect(paths.some((p) => p.endsWith('.wasm'))).toBe(true);
      expect(await v.page.locator('[data-db-stage]').innerText()).toContain('数据库已就绪');
      expect(await v.page.title()).toBe('政府信息公开工作年度报告 · 开放数据');
      await screenshot(v.page, 'outcomes-all');
      untouched = v;
      handedOver = true;
    } finally {
      if (!handedOver) await v.context.close();
    }
    // Chromium's own background connections, if any, went to the refusing proxy; the page made none.
    expect(browsing.proxied.filter((line) => !/accounts\.google|clients\d?\.google|gstatic|googleapis/.test(line))).toEqual([]);
  });

  it('shows the true outcome shares of the samples', async () => {
    const v = await shown();
    const { headers, rows } = await outcomeTable(v.page);
    const count = headers.find((h) => h.startsWith('予以公开（'))!;
    const share = headers.find((h) => h.startsWith('予以公开占比'))!;
    const total = headers.find((h) => h.startsWith('合计'))!;
    expect(count).toBe('予以公开（件）');
    expect(share).toBe('予以公开占比（%）');
    // The chart states the minimum sample its shares obey.
    expect(await v.page.locator('.chart-frame svg').first().textContent()).toContain('办理结果合计少于 10 件的年报不参加排名');

    const { totalLabel } = await outcomeTable(v.page);
    expect(totalLabel).toContain('5'); // 5 reports
    const all = rows.get(TOTAL)!;
    expect(all, [...rows.keys()].join(' | ')).toBeDefined();
    expect(all.get(count)).toBe('57');
    expect(all.get(total)).toBe('368');
    expect(all.get(share)).toBe('15.5'); // 57 / 368

    const jiaxing = rows.get('嘉兴市人民政府办公室（2024年）')!;
    expect(jiaxing.get(count)).toBe('17');
    expect(jiaxing.get(total)).toBe('129');
    expect(jiaxing.get(share)).toBe('13.2'); // 17 / 129
    expect(rows.get('渑池县人民政府（2023年）')!.get(count)).toBe('10');
    expect(rows.get('渑池县人民政府（2023年）')!.get(total)).toBe('52');
    expect(rows.get('长沙市人民政府办公室（2024年）')!.get(share)).toBe('9.3'); // 10 / 108
    expect(await chartAgencies(v.page)).toEqual([...ALL].sort());

    // The marks say the same to a screen reader.
    const labels = await v.page.locator('.chart-frame').first().locator('svg .mark').evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')));
    expect(labels).toContain('嘉兴市人民政府办公室（2024年）（N=129），予以公开：17件，占比：13.2%'); // N: its 129 outcomes
    expect(labels).toContain(`${totalLabel}，予以公开：57件，占比：15.5%`);
  });

  it("makes a chart's data table when the reader opens it, with every mark's row, and keeps it for the next filter", async () => {
    // The first test's page at the home link, as loaded (no table opened in it), or a new one.
    const v = untouched ?? await open();
    untouched = undefined;
    try {
      await waitForChart(v.page);
      const frame = v.page.locator('.chart-frame').first();
      // Closed: no table made (a grouping by city made ~5,900 elements for nothing on each redraw).
      expect(await v.page.locator('.chart-frame details:not([open]) table').count()).toBe(0);
      await frame.locator('summary').click();
      const rows = frame.locator('table tbody tr');
      await expect.poll(() => rows.count()).toBeGreaterThan(1);
      // One row per bar drawn (the total's first), in the chart's order: a bar's marks are its outcomes.
      const bars = [...new Set(await frame.locator('svg .mark').evaluateAll((ms) => ms.map((m) => (m.getAttribute('aria-label') ?? '').split('，')[0])))];
      expect(bars).toHaveLength(5); // 昌吉州's report has too few outcomes to rank: drawn apart, below
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.children[0].textContent))).toEqual(bars);
      expect(await rows.first().textContent()).toContain('全部 5 份年报');
      // Open, it follows the filter: the next answer's rows.
      await v.page.selectOption('select[data-filter="province"]', '浙江省');
      await expect.poll(() => rows.first().textContent(), { timeout: 15_000 }).toContain('全部 1 份年报');
      expect(await rows.count()).toBe(2);
    } finally {
      await v.context.close();
    }
  });

  it('keeps a data table open when its chart is made anew in the same place: another grouping', async () => {
    // The litigation bars' titles name the grouping: another grouping makes new charts (keyed by title).
    const v = await shown('?view=litigation&group=province');
    const view = v.page.locator('section.groups');
    await v.page.waitForSelector('[data-group="province"][data-stale="false"] [data-testid="group-table"] tbody tr[data-group-value]');
    const frame = view.locator('.chart-frame').first();
    await frame.locator('summary').click();
    const firstCells = () => frame.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[0].textContent ?? ''));
    const groupsShown = () => view.locator('[data-testid="group-table"] tbody tr[data-group-value]').count();
    // The total's row, then one per province.
    await expect.poll(async () => (await firstCells()).length).toBe(1 + (await groupsShown()));
    const before = await frame.elementHandle();
    // Another grouping: a new chart in the same place, its table open with the years' rows.
    await v.page.selectOption('select[data-control="group"]', 'year');
    await v.page.waitForSelector('[data-group="year"][data-stale="false"] [data-testid="group-table"] tbody tr[data-group-value]');
    expect(await before!.evaluate((e) => e.isConnected)).toBe(false); // a new chart frame
    expect(await frame.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const years = await view.locator('[data-testid="group-table"] tbody tr[data-group-value]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-group-value')));
    expect(years.length).toBeGreaterThan(1);
    await expect.poll(async () => (await firstCells()).length).toBe(1 + years.length);
    for (const y of years) expect((await firstCells()).some((c) => c.includes(String(y))), String(y)).toBe(true);
    // Closed by the reader, it stays closed for the next chart there.
    await frame.locator('summary').click();
    await v.page.selectOption('select[data-control="group"]', 'level');
    await v.page.waitForSelector('[data-group="level"][data-stale="false"] [data-testid="group-table"] tbody tr[data-group-value]');
    expect(await frame.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await frame.locator('table').count()).toBe(0);
    expect(v.errors).toEqual([]);
  });

  it('says so when the map\'s filter matches no report (not only 34 tiles of 无数据)', async () => {
    const v = await pages.show(`${site.url}?view=map&q=${encodeURIComponent('没有这个机关')}`);
    await waitForDb(v.page);
    await v.page.waitForSelector('[data-tile-map]', { timeout: 30_000 });
    await expect.poll(() => v.page.locator('[data-map-empty]').textContent()).toBe('当前筛选下没有报告。');
    await pages.show(`${site.url}?view=map`);
    await v.page.waitForSelector('[data-tile-map]', { timeout: 30_000 });
    await waitForIdle(v.page);
    expect(await v.page.locator('[data-map-empty]').count()).toBe(0);
    expect(v.errors).toEqual([]);
  });

  it('keeps a province filter in the URL: reload restores it, back and forward work', async () => {
    const v = await open();
    const { page } = v;
    try {
      await page.locator('select[data-filter="province"]').selectOption('湖南省');
      await page.waitForURL((url) => url.searchParams.get('province') === '湖南省');
      await expectAgencies(page, ['长沙市人民政府办公室']);
      const { rows } = await outcomeTable(page);
      expect(rows.get(TOTAL)?.get('合计（件）')).toBe('108');
      await screenshot(page, 'outcomes-hunan');

      await page.reload();
      await waitForChart(page);
      expect(await page.locator('select[data-filter="province"]').inputValue()).toBe('湖南省');
      await expectAgencies(page, ['长沙市人民政府办公室']);
      await waitForDb(page);
      await expectAgencies(page, ['长沙市人民政府办公室']);

      await page.goBack();
      await page.waitForURL((url) => !url.searchParams.has('province'));
      await expectAgencies(page, ALL);
      expect(await page.locator('select[data-filter="province"]').inputValue()).toBe('');

      await page.goForward();
      await page.waitForURL((url) => url.searchParams.get('province') === '湖南省');
      await expectAgencies(page, ['长沙市人民政府办公室']);
      expect(await page.locator('select[data-filter="province"]').inputValue()).toBe('湖南省');

      // A second filter on top (year): one more history step; back undoes only it.
      await page.locator('select[data-filter="year"]').selectOption('2024');
      await page.waitForURL((url) => url.searchParams.get('year') === '2024' && url.searchParams.get('province') === '湖南省');
      await expectAgencies(page, ['长沙市人民政府办公室']);
      await page.goBack();
      await page.waitForURL((url) => !url.searchParams.has('year') && url.searchParams.get('province') === '湖南省');
      expect(await page.locator('select[data-filter="year"]').inputValue()).toBe('');
      await expectAgencies(page, ['长沙市人民政府办公室']);
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 120_000);

  it('downloads the filtered rows as CSV with the right numbers', async () => {
    const v = await shown('?province=%E6%B2%B3%E5%8D%97%E7%9C%81'); // 河南省
    const { page } = v;
    await expectAgencies(page, ['渑池县人民政府']);
    const download = async () => {
      const button = page.getByTestId('download-csv');
      await expect.poll(() => button.isEnabled()).toBe(true);
      const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
      return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
    };

    // Chinese headers by default (the page is in Chinese).
    const zh = await download();
    expect(zh.name).toMatch(/河南省.*\.csv$/);
    expect(zh.text.startsWith('\uFEFF')).toBe(true);
    const zhRows = Papa.parse<Record<string, string>>(zh.text.slice(1), { header: true, skipEmptyLines: true });
    expect(zhRows.errors).toEqual([]);
    expect(zhRows.data).toHaveLength(1);
    expect(zhRows.data[0]['机关名称']).toBe('渑池县人民政府');
    expect(zhRows.data[0]['省份']).toBe('河南省');

    // Field-name headers: the Parquet column names.
    await page.locator('input[name="csv-headers"][value="en"]').check();
    const en = await download();
    expect(en.text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(en.text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(1);
    const row = parsed.data[0];
    expect(row.agency).toBe('渑池县人民政府');
    expect(row.year).toBe('2023');
    expect(row.province).toBe('河南省');
    expect(row.city).toBe('三门峡市');
    expect(row.county).toBe('渑池县');
    expect(row.level).toBe('county');
    expect(row.t3_total_handled_natural_person).toBe('52');
    expect(row.t3_total_handled_total).toBe('52');
    expect(row.t3_granted_total).toBe('10');
    expect(row.t2_fees_10k_yuan).toBe('344.0982');
    expect(row.processing_fee_yuan).toBe('0');
    expect(row.status).toBe('warning');
    // Same columns and row as the zh file.
    expect(Object.keys(zhRows.data[0])).toHaveLength(Object.keys(row).length);

    // No filter: every report, one row each.
    await shown();
    await page.locator('input[name="csv-headers"][value="en"]').check();
    const everything = Papa.parse<Record<string, string>>((await download()).text.slice(1), { header: true, skipEmptyLines: true });
    expect(everything.data.map((r) => r.agency).sort()).toEqual([...ALL].sort());
    expect(everything.data.reduce((n, r) => n + Number(r.t3_total_handled_total), 0)).toBe(368);
    expect(v.errors).toEqual([]);
  });

  it("shows an agency's table 3 cell for cell, derived cells marked", async () => {
    const v = await pages.show(`${site.url}?view=agency&report=${reportIds['渑池县人民政府']}`);
    const { page } = v;
    await waitForDb(page);
    const table = page.getByTestId('table3');
    await table.waitFor();
    const row = (r: number) => table.locator(`td[data-row="${r}"]`).evaluateAll((cells) =>
      cells.sort((a, b) => Number(a.getAttribute('data-col')) - Number(b.getAttribute('data-col')))
        .map((c) => ({ value: c.getAttribute('data-value'), text: c.textContent!.trim(), derived: c.classList.contains('derived') })));
    await expect.poll(async () => (await row(23)).map((c) => c.value)).toEqual(['52', '0', '0', '0', '0', '0', '52']);
    const total = await row(23);
    expect(total.map((c) => c.text)).toEqual(['52', '0', '0', '0', '0', '0', '52']);
    expect(total.map((c) => c.derived)).toEqual([true, false, false, false, false, false, false]);
    expect((await row(22)).map((c) => c.value)).toEqual(['13', '0', '0', '0', '0', '0', '13']);
    // 25 rows × 7 columns.
    expect(await table.locator('td[data-row][data-col]').count()).toBe(25 * 7);
    // The report's own text is shown too.
    await expect.poll(() => page.getByTestId('source-text').innerText(), { timeout: 15_000 }).toContain('渑池县人民政府');
    await screenshot(page, 'agency-mianchi');
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
  });
});
