// The dashboard against hostile or broken data: markup in an agency name is shown as text and
// never runs; a missing or broken data file gives a clear message on the page, not a blank one.
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { SUITS, rowsOf } from '../oracle.ts';
import { launchBrowser, makeSite, REPORTS, reportsWith, screenshot, showInPage, visit, waitForChart, waitForIdle, type Browsing, type Site, type Visit, openChartTables } from './site.ts';

const SCRIPT_NAME = '<script>alert(1)</script>某某县人民政府';
const IMG = '<img src=x onerror=alert(2)>';

let browsing: Browsing;
const sites: Site[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  browsing = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browsing?.close();
  for (const s of sites) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function site(options: Parameters<typeof makeSite>[0]): Promise<Site> {
  const s = await makeSite(options);
  sites.push(s);
  return s;
}

describe('markup in the data', () => {
  let hostile: Site;
  let id: string;

  beforeAll(async () => {
    // The parser keeps only the name from a title line, so markup reaches the agency name the way a
    // person's manifest entry would put it there; the title line keeps its markup in the source text.
    const sample = readFileSync(join(REPORTS, '001_0f68198b50857d74.txt'), 'utf8').split('\n');
    sample[0] = `${SCRIPT_NAME}${IMG}2024年度政府信息公开工作年度报告`;
    const manifest = `file,agency,year,region_code,source_url\r\n005_hostile.txt,"${SCRIPT_NAME}${IMG}",2024,,javascript:alert(3)\r\n`;
    const dir = reportsWith({ '005_hostile.txt': sample.join('\n'), 'manifest.csv': manifest });
    dirs.push(dir);
    hostile = await site({ reports: dir });
    const summary = JSON.parse(readFileSync(join(hostile.root, 'data', 'summary.json'), 'utf8')) as { overview: { report_id: string; agency: string }[] };
    const entry = summary.overview.find((e) => e.agency?.includes('<script>'));
    expect(entry?.agency).toBe(`${SCRIPT_NAME}${IMG}`);
    id = entry!.report_id;
  }, 300_000);

  it('shows an agency name with <script> as text and runs nothing', async () => {
    const v = await visit(browsing, hostile);
    const { page } = v;
    try {
      await page.goto(hostile.url);
      await waitForChart(page);
      await page.waitForSelector('[data-db-stage="ready"]');
      // The chart redrawn from the database (no view busy), not the first paint from the summary.
      await waitForIdle(page);
      // In the chart's data table and the chart's marks, literally.
      await openChartTables(page);
      const table = await page.locator('.chart-frame').first().locator('table').textContent();
      expect(table).toContain(`${SCRIPT_NAME}${IMG}`);
      const labels = await page.locator('svg .mark').evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));
      expect(labels.some((l) => l.includes(SCRIPT_NAME))).toBe(true);
      const svgText = await page.locator('.chart-frame svg').first().textContent();
      expect(svgText).toContain('<script>');

      // Search for it: the search box takes the markup as plain text.
      await page.locator('input[data-filter="q"]').fill('<script>');
      await page.locator('input[data-filter="q"]').press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === '<script>');
      await expect.poll(async () => { await openChartTables(page); return page.locator('.chart-frame').first().locator('table').textContent(); }).toContain(SCRIPT_NAME);
      expect(await page.locator('body').innerText()).toContain('<script>alert(1)</script>');
      await screenshot(page, 'hostile-outcomes');

      // The agency page: name, metadata, the report's own text; the javascript: URL is not a link.
      // Shown in the same page (DuckDB up), as the agency's link in the chart would: table3 and
      // the source text below are this page's alone, not the outcomes view's.
      await showInPage(page, `${hostile.url}?view=agency&report=${id}`);
      await page.getByTestId('table3').waitFor();
      await expect.poll(() => page.getByTestId('source-text').innerText(), { timeout: 15_000 }).toContain(`${SCRIPT_NAME}${IMG}2024年度`);
      const text = await page.locator('body').innerText();
      expect(text).toContain('<script>alert(1)</script>');
      expect(text).toContain(IMG);
      expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
      await screenshot(page, 'hostile-agency');

      // Nothing ran: no dialog, no injected element, no request for "x".
      expect(v.dialogs).toEqual([]);
      const injected = await page.evaluate(() => ({
        scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('alert')).length,
        images: document.querySelectorAll('img[src="x"], img[onerror]').length,
      }));
      expect(injected).toEqual({ scripts: 0, images: 0 });
      expect(v.requests.filter((u) => /\/x$/.test(u))).toEqual([]);
      expect(v.errors).toEqual([]);
      expect(v.outside).toEqual([]);
    } finally {
      await v.context.close();
    }
  });
});

describe('missing or broken data', () => {
  /** The site without reports.parquet, for the two tests below (one copy, not two alike). */
  let withoutReports: Promise<Site> | null = null;
  const siteWithoutReports = () => (withoutReports ??= site({ mutate: (root) => rmSync(join(root, 'data', 'reports.parquet')) }));

  async function statusOf(s: Site, name: string): Promise<{ status: string; stage: string | null; body: string; alerts: string[] }> {
    const v = await visit(browsing, s);
    const { page } = v;
    try {
      await page.goto(s.url);
      await page.waitForSelector('[data-db-stage="error"], [data-db-stage="ready"]', { timeout: 30_000 });
      const status = page.locator('[data-db-stage]');
      await screenshot(page, name);
      return {
        status: await status.innerText(),
        stage: await status.getAttribute('data-db-stage'),
        body: await page.locator('body').innerText(),
        alerts: await page.getByRole('alert').allInnerTexts(),
      };
    } finally {
      expect(v.outside).toEqual([]);
      expect(v.dialogs).toEqual([]);
      await v.context.close();
    }
  }

  it('says so when reports.parquet is missing, and still draws from the summary', async () => {
    const s = await siteWithoutReports();
    const r = await statusOf(s, 'missing-parquet');
    expect(r.stage).toBe('error');
    expect(r.status).toContain('数据无法加载');
    expect(r.status).toContain('找不到 Parquet 文件（HTTP 404）');
    expect(r.status).toContain('reports.parquet');
    // Not a blank page: the first chart comes from summary.json.
    expect(r.body).toContain('嘉兴市人民政府办公室');
  });

  it('with the database failed, the litigation view still shows the filtered set as a whole from the summaries, and says the rankings could not be read', async () => {
    const s = await siteWithoutReports();
    // The expected pooled lawsuit rate, independently: DuckDB on the site's facts.parquet.
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const facts = join(s.root, 'data', 'facts.parquet').replace(/'/g, "''");
    const both = `t3_total_handled_total IS NOT NULL AND ${SUITS} IS NOT NULL`;
    const [e] = await rowsOf<{ v: number; base: number }>(conn, `SELECT SUM(${SUITS}) FILTER (WHERE ${both})::DOUBLE * 100 / SUM(t3_total_handled_total) FILTER (WHERE ${both}) AS v,
      SUM(t3_total_handled_total) FILTER (WHERE ${both})::DOUBLE AS base FROM '${facts}' WHERE status <> 'failed' AND superseded_by IS NULL`);
    conn.closeSync();
    expect(e.base).toBeGreaterThanOrEqual(10);
    const v = await visit(browsing, s);
    try {
      await v.page.goto(`${s.url}?view=litigation`);
      await v.page.waitForSelector('[data-db-stage="error"]', { timeout: 30_000 });
      expect((await v.page.getByRole('alert').allInnerTexts()).join(' ')).toContain('复议与诉讼视图可显示筛选范围内的合计');
      await v.page.waitForSelector('[data-link-chart][data-source="summary"] [data-ranking="lawsuits_per_100"] svg .mark');
      expect(await v.page.locator('[data-totals-first]').innerText()).toContain('未能从数据库读出');
      await openChartTables(v.page);
      const total = await v.page.locator('[data-ranking="lawsuits_per_100"] table tbody tr').first().evaluate((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim()));
      expect(total[0]).toContain(`筛选范围合计（N=${e.base.toLocaleString('zh-CN')}）`);
      expect(Number(total[1].replace(/,/g, ''))).toBeCloseTo(e.v, 2);
      await screenshot(v.page, 'litigation-database-failed');
    } finally {
      await v.context.close();
    }
  });

  it('says so when a Parquet file is truncated', async () => {
    const s = await site({ mutate: (root) => {
      const path = join(root, 'data', 'cells.parquet');
      truncateSync(path, Math.floor(statSync(path).size / 2));
    } });
    const r = await statusOf(s, 'truncated-parquet');
    expect(r.stage).toBe('error');
    expect(r.status).toContain('不是有效的 Parquet 文件');
    expect(r.status).toContain('cells.parquet');
  });

  it('says so when a Parquet file is corrupt inside', async () => {
    const s = await site({ mutate: (root) => {
      const path = join(root, 'data', 'reports.parquet');
      const bytes = readFileSync(path);
      // Keep the PAR1 magic at both ends, scramble the footer before it.
      for (let i = bytes.length - 400; i < bytes.length - 8; i++) bytes[i] = (bytes[i] * 31 + 7) & 0xff;
      writeFileSync(path, bytes);
    } });
    const r = await statusOf(s, 'corrupt-parquet');
    expect(r.stage).toBe('error');
    expect(r.status).toMatch(/Parquet 文件已损坏|不是有效的 Parquet 文件/);
    expect(r.status).toContain('reports.parquet');
  });

  it('says so when summary.json is missing', async () => {
    const s = await site({ mutate: (root) => rmSync(join(root, 'data', 'summary.json')) });
    const r = await statusOf(s, 'missing-summary');
    expect(r.alerts.join(' ')).toContain('摘要文件无法加载');
    expect(r.alerts.join(' ')).toContain('404');
  });

  it('names the field when summary.json parses but holds wrong types, and offers a reload', async () => {
    const s = await site({ mutate: (root) => {
      const path = join(root, 'data', 'summary.json');
      const summary = JSON.parse(readFileSync(path, 'utf8')) as { overview: { year: unknown }[] };
      summary.overview[0].year = 'two thousand';
      rmSync(path); // a file of the build folder behind the link: replaced, not edited in place
      writeFileSync(path, JSON.stringify(summary));
    } });
    const r = await statusOf(s, 'summary-wrong-types');
    const alerts = r.alerts.join(' ');
    expect(alerts).toContain('摘要文件无法加载');
    expect(alerts).toContain('overview[0].year');
    expect(alerts).toContain('重新加载页面');
  });

  it('says the engine failed when its wasm file is truncated, instead of loading forever', async () => {
    const s = await site({ mutate: (root) => {
      const wasm = readdirSync(join(root, 'assets')).find((f) => f.endsWith('.wasm'))!;
      truncateSync(join(root, 'assets', wasm), 1024 * 1024);
    } });
    const started = Date.now();
    const v = await visit(browsing, s);
    try {
      await v.page.goto(s.url);
      await v.page.waitForSelector('[data-db-stage="error"]', { timeout: 30_000 });
      // engine-worker.ts relays the wasm's failure: well before ENGINE_DEADLINE_MS (60 s), which it took before.
      expect(Date.now() - started).toBeLessThan(20_000);
      const alerts = (await v.page.getByRole('alert').allInnerTexts()).join(' ');
      expect(alerts).toContain('数据无法加载');
      expect(alerts).toContain('重新加载页面');
      await screenshot(v.page, 'truncated-wasm');
    } finally {
      await v.context.close();
    }
  }, 150_000);

  it('says the engine failed at once when a host serves a truncated wasm as if whole (200)', async () => {
    // Our server refuses a file whose size is not the build's (503, the case above); an ordinary
    // host sends the short file with 200, and the wasm then fails to compile inside DuckDB's worker.
    const s = await site({ mutate: (root) => {
      const wasm = readdirSync(join(root, 'assets')).find((f) => f.endsWith('.wasm'))!;
      const path = join(root, 'assets', wasm);
      truncateSync(path, 1024 * 1024);
      for (const copy of ['.br', '.gz']) rmSync(path + copy, { force: true });
      const manifestPath = join(root, '.site-files.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, unknown> };
      manifest.files[`assets/${wasm}`] = { size: statSync(path).size };
      rmSync(manifestPath);
      writeFileSync(manifestPath, JSON.stringify(manifest));
    } });
    const started = Date.now();
    const v = await visit(browsing, s);
    const wasmStatus: number[] = [];
    v.page.on('response', (r) => { if (r.url().endsWith('.wasm')) wasmStatus.push(r.status()); });
    try {
      await v.page.goto(s.url);
      await v.page.waitForSelector('[data-db-stage="error"]', { timeout: 30_000 });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(wasmStatus).toEqual([200]);
      const alerts = (await v.page.getByRole('alert').allInnerTexts()).join(' ');
      expect(alerts).toContain('数据库引擎无法启动');
      expect(alerts).toContain('WebAssembly');
      expect(alerts).toContain('重新加载页面');
    } finally {
      await v.context.close();
    }
  }, 150_000);
});

describe('links whose filters match nothing', () => {
  let plain: Site;
  /** The four links below shown in one page, as the browser's back/forward would (one DuckDB start, not four). */
  let shared: Visit;
  beforeAll(async () => {
    plain = await site({});
    shared = await visit(browsing, plain);
    await shared.page.goto(plain.url);
    await shared.page.waitForSelector('[data-db-stage="ready"]', { timeout: 60_000 });
  }, 300_000);
  afterAll(async () => {
    await shared?.context.close();
  });

  // The headline said 「当前筛选下没有注明年度的报告」 ("no report with a year") for a province that
  // does not exist or a year without reports: there is no report at all, and it now says so.
  for (const [search, text] of [
    [`?province=${encodeURIComponent('<b id="pwn">不存在省</b>')}&group=city`, '当前筛选下没有报告。'],
    ['?year=2031', '当前筛选下没有报告。'],
    [`?q=${encodeURIComponent('"\'; DROP TABLE facts; --')}`, '当前筛选下没有报告。'],
    ['?year=2031&lang=en', 'No report matches the filters.'],
  ] as const) {
    it(`${search}: the headline says no report matches, the markup stays text`, async () => {
      const v = shared;
      // From the whole set (its headline has reports): the "none" read below is this link's, not the last one's.
      await showInPage(v.page, plain.url);
      await expect.poll(() => v.page.getByTestId('headline-none').count(), { timeout: 30_000 }).toBe(0);
      await showInPage(v.page, plain.url + search);
      await expect.poll(() => v.page.getByTestId('headline-none').innerText(), { timeout: 30_000 }).toBe(text);
      expect(await v.page.evaluate(() => document.getElementById('pwn'))).toBeNull();
      expect(v.dialogs).toEqual([]);
      expect(v.errors).toEqual([]);
      expect(v.outside).toEqual([]);
    }, 120_000);
  }

  // ?year=1999 (before any template) or ?level=abc showed every year / level without a word, the
  // URL still saying otherwise: a reader could take the national figures for 1999's.
  it('says which parameters of a link it could not use, until the reader changes a filter', async () => {
    const v = await visit(browsing, plain);
    try {
      await v.page.goto(`${plain.url}?view=years&year=1999&level=${encodeURIComponent('<i id="pwn">x</i>')}&group=bogus`);
      await v.page.waitForSelector('[data-db-stage="ready"]', { timeout: 60_000 });
      expect(await v.page.getByTestId('ignored-params').innerText()).toBe('链接中的参数无法识别，已忽略：year=1999、level=<i id="pwn">x</i>、group=bogus。下面是不含这些条件的结果。');
      expect(await v.page.evaluate(() => document.getElementById('pwn'))).toBeNull();
      await v.page.goto(`${plain.url}?year=abc&lang=en`);
      expect(await v.page.getByTestId('ignored-params').innerText()).toBe('Not understood in the link, so ignored: year=abc. Below are the results without them.');
      // The reader's own change makes a new link: the note goes.
      await v.page.locator('select').filter({ has: v.page.locator('option', { hasText: '2024' }) }).first().selectOption('2024');
      await expect.poll(() => v.page.getByTestId('ignored-params').count(), { timeout: 10_000 }).toBe(0);
      // A valid link has none.
      await v.page.goto(`${plain.url}?view=years&year=2024&level=prefecture`);
      await v.page.waitForSelector('[data-db-stage="ready"]', { timeout: 60_000 });
      expect(await v.page.getByTestId('ignored-params').count()).toBe(0);
      expect(v.dialogs).toEqual([]);
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 120_000);

  // A highlight= id no report has said 「该年报不在当前筛选范围内」 as for a report of another province.
  it('tells a highlighted report outside the filter from an id no report has', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const facts = join(plain.root, 'data', 'facts.parquet').replace(/'/g, "''");
    const [r] = (await db.runAndReadAll(`SELECT report_id, province FROM read_parquet('${facts}') WHERE province IS NOT NULL AND province <> '河南省' AND status <> 'failed' LIMIT 1`)).getRowObjectsJson();
    // In the shared page (database ready): no state shown before has a marked report, and each
    // check below first waits for its own mark (the id's, then "unknown").
    const v = shared;
    await showInPage(v.page, `${plain.url}?view=distribution&province=${encodeURIComponent('河南省')}&highlight=${r.report_id}`);
    await v.page.waitForSelector(`[data-highlight="${r.report_id}"] [data-mark-missing]`, { timeout: 30_000 });
    expect(await v.page.locator('[data-mark-missing]').getAttribute('data-mark-missing')).toBe('filter');
    expect(await v.page.locator('[data-mark-missing]').innerText()).toBe('该年报不在当前筛选范围内。');
    await showInPage(v.page, `${plain.url}?view=distribution&highlight=0123456789abcdef&lang=en`);
    await v.page.waitForSelector('[data-highlight="0123456789abcdef"] [data-mark-missing="unknown"]', { timeout: 30_000 });
    expect(await v.page.locator('[data-mark-missing]').innerText()).toBe('No report with the id “0123456789abcdef” is in the data (the link may be from older data).');
    expect(v.errors).toEqual([]);
  }, 120_000);

  // measure=bogus fell back to the view's default measure without a word.
  it('says a link\'s measure is not known, and names the measure shown instead', async () => {
    const v = await visit(browsing, plain);
    try {
      for (const [search, select, lang] of [
        ['?view=distribution&measure=bogus', 'select[data-measure]', 'zh'],
        ['?view=map&measure=bogus&lang=en', 'select[data-map-measure]', 'en'],
        ['?view=years&by=level&measure=bogus', 'select[data-control="measure"]', 'zh'],
      ] as const) {
        await v.page.goto(plain.url + search);
        await v.page.waitForSelector('[data-db-stage="ready"]', { timeout: 60_000 });
        await v.page.waitForSelector(select, { timeout: 30_000 });
        const shown = await v.page.locator(select).evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent ?? '');
        expect(await v.page.getByTestId('measure-unknown').innerText(), search).toBe(lang === 'zh'
          ? `链接中的指标“bogus”无法识别，下面显示的是“${shown}”。`
          : `The measure “bogus” in the link is not known; shown below: “${shown}”.`);
      }
      // A known measure has no note; nor does one the reader chose from the list.
      await v.page.goto(`${plain.url}?view=distribution&measure=lawsuits_per_100`);
      await v.page.waitForSelector('select[data-measure]', { timeout: 60_000 });
      expect(await v.page.getByTestId('measure-unknown').count()).toBe(0);
      await v.page.goto(`${plain.url}?view=distribution&measure=bogus`);
      await v.page.waitForSelector('[data-testid="measure-unknown"]', { timeout: 60_000 });
      await v.page.locator('select[data-measure]').selectOption('lawsuits_per_100');
      await expect.poll(() => v.page.getByTestId('measure-unknown').count(), { timeout: 10_000 }).toBe(0);
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 120_000);
});
