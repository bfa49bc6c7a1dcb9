// What a careful reader found wrong (issue 8), checked in Chromium on the production build: the
// legend of a report's tables, failures that must reach the page (a PNG export, unreadable check
// cells), several names in the search box, the data-quality filters in the URL and their CSV
// export, and the English interface read view by view (screenshots in test-results/).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { VIEWS } from '../../src/app/url.ts';
import { rowsOf } from '../oracle.ts';
import { launchBrowser, makeSite, reportsWith, ROOT, screenshot, showInPage, visit, waitForDb, waitForIdle, type Browsing, type Site, type Visit } from './site.ts';
import { pagePerFile } from './one-page.ts';

let site: Site;
let browsing: Browsing;
let ids: Record<string, string>;
/** Truth from the served checks.parquet, by SQL written here. */
let truth: { sourceChecks: number; partialReports: string[]; unreadable: string };

const text000 = readFileSync(join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt'), 'utf8');
// A report whose own numbers disagree (source.* errors → partial), another year so it is no duplicate.
const broken = text000.replace('(七)总计 | 108 | 21 | 0 | 0 | 0 | 0 | 129', '(七)总计 | 108 | 21 | 0 | 0 | 0 | 0 | 130').replace(/2024/g, '2022');

/** Run DuckDB (node) in a child process: makeSite's mutate hook is synchronous (the truth below is read in this process). */
function duck(sql: string): unknown[] {
  const script = `import { DuckDBInstance } from '@duckdb/node-api';
    const db = await DuckDBInstance.create(':memory:'); const c = await db.connect();
    const r = await c.runAndReadAll(${JSON.stringify(sql)});
    process.stdout.write(JSON.stringify(r.getRowObjectsJS(), (k, v) => (typeof v === 'bigint' ? Number(v) : v)));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }) || '[]');
}

beforeAll(async () => {
  const reports = reportsWith({ 'zz_broken.txt': broken });
  [site, browsing] = await Promise.all([
    makeSite({
      reports,
      // The cells of 渑池's warning check made unreadable: the page must say its highlights are missing.
      mutate: (root) => {
        const checks = join(root, 'data', 'checks.parquet');
        duck(`COPY (SELECT * REPLACE (CASE WHEN code = 'meta.year_period_conflict' THEN '[{"table":' ELSE cells END AS cells)
          FROM read_parquet('${checks}')) TO '${checks}.new' (FORMAT parquet)`);
        execFileSync('mv', [`${checks}.new`, checks]);
      },
    }),
    launchBrowser(),
  ]);
  const summary = JSON.parse(readFileSync(join(site.root, 'data', 'summary.json'), 'utf8')) as { overview: { report_id: string; agency: string; year: number }[] };
  ids = Object.fromEntries(summary.overview.map((e) => [`${e.agency}${e.year}`, e.report_id]));
  const checks = join(site.root, 'data', 'checks.parquet');
  const reportsFile = join(site.root, 'data', 'reports.parquet');
  // The same SQL as before, on DuckDB (node) in this process: a child process per query cost ~1 s each.
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  truth = {
    sourceChecks: (await rowsOf<{ n: number }>(db, `SELECT COUNT(*) AS n FROM read_parquet('${checks}') WHERE code LIKE 'source.%'`))[0].n,
    partialReports: (await rowsOf<{ report_id: string }>(db, `SELECT report_id FROM read_parquet('${reportsFile}') WHERE status = 'partial' ORDER BY 1`)).map((r) => r.report_id),
    unreadable: (await rowsOf<{ report_id: string }>(db, `SELECT report_id FROM read_parquet('${checks}') WHERE code = 'meta.year_period_conflict'`))[0].report_id,
  };
  db.closeSync();
}, 600_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

async function open(search: string, init?: string) {
  const v = await visit(browsing, site);
  if (init) await v.context.addInitScript(init);
  await v.page.goto(site.url + search);
  await waitForDb(v.page, 120_000);
  return v;
}

// The tests that read what a state draws share one page (one start of DuckDB, not four): each
// link shown in it as the app's own links do, after the about page so that its view is drawn
// anew. The PNG export (its canvas replaced before the page's scripts run) and back/forward keep
// their own page (open()).
const pages = pagePerFile(() => ({ browsing, site }));
async function shown(search: string): Promise<Visit> {
  await pages.show(`${site.url}?view=about`);
  const v = await pages.show(site.url + search);
  await waitForDb(v.page, 120_000);
  return v;
}

describe('what a careful reader finds wrong (issue 8)', () => {
  it('1: the legend of the report tables shows swatches, no sample numbers', async () => {
    const { page } = await shown(`?view=agency&report=${ids['渑池县人民政府2023']}`);
    const legend = page.getByTestId('cells-legend');
    await legend.waitFor({ timeout: 60_000 });
    expect(await legend.innerText()).not.toMatch(/\d/);
    expect(await legend.locator('.swatch').count()).toBe(2);
  }, 180_000);

  it('7: a check whose cells cannot be read is named in the page', async () => {
    const { page } = await shown(`?view=agency&report=${truth.unreadable}`);
    const alert = page.getByTestId('unreadable-checks');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toContain('meta.year_period_conflict');
  }, 180_000);

  it('7: a PNG export that fails says so under the chart', async () => {
    // The canvas cannot encode: toBlob hands back null.
    const { page, context, errors } = await open('', 'HTMLCanvasElement.prototype.toBlob = function (callback) { setTimeout(() => callback(null), 0); };');
    await page.waitForSelector('svg .mark');
    await page.getByRole('button', { name: '下载 PNG' }).first().click();
    const failure = page.getByTestId('download-failure').first();
    await failure.waitFor({ timeout: 30_000 });
    expect(await failure.innerText()).toMatch(/PNG/);
    expect(await failure.getAttribute('role')).toBe('alert');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('6: the name search takes several names, any of which matches', async () => {
    // Each search shown in the file's shared page as the browser's back/forward would (showInPage:
    // the app reads the new search).
    const { page } = await shown('');
    for (const q of ['嘉兴 长沙', '嘉兴,长沙', '嘉兴，长沙']) {
      await showInPage(page, `${site.url}?q=${encodeURIComponent(q)}`);
      const count = page.getByTestId('matching-count');
      // 嘉兴 twice (2024 and the broken 2022 copy) and 长沙 once; 5 + 1 without the search.
      await expect.poll(() => count.innerText(), { timeout: 30_000 }).toMatch(/[:：]\s*3\b/);
      expect(await page.locator('input[data-filter="q"]').inputValue()).toBe(q);
      expect(await page.locator('input[data-filter="q"]').getAttribute('placeholder')).toMatch(/多个|空格|逗号/);
      // Back to no search between the forms: each count is the one its own search gives.
      await showInPage(page, site.url);
      await expect.poll(() => count.innerText(), { timeout: 30_000 }).toMatch(/[:：]\s*6\b/);
    }
  }, 240_000);

  it('3: the quality filters live in the URL (back/forward), and the export holds the whole filtered result', async () => {
    const { page, context } = await open('?view=quality&status=partial');
    const table = page.getByTestId('quality-table');
    await table.waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-report-id')))).sort(), { timeout: 30_000 })
      .toEqual(truth.partialReports);
    expect(await page.locator('select[data-quality="status"]').inputValue()).toBe('partial');

    await page.locator('select[data-quality="status"]').selectOption('');
    await expect.poll(() => page.locator('select[data-quality="family"] option[value="source"]').count(), { timeout: 30_000 }).toBe(1);
    await page.locator('select[data-quality="family"]').selectOption('source');
    await expect.poll(() => new URL(page.url()).searchParams.get('family')).toBe('source');
    expect(new URL(page.url()).searchParams.get('status')).toBeNull();
    await page.goBack();
    await expect.poll(() => page.locator('select[data-quality="family"]').inputValue()).toBe('');
    await page.goBack();
    await expect.poll(() => page.locator('select[data-quality="status"]').inputValue()).toBe('partial');
    await page.goForward();
    await page.goForward();
    await expect.poll(() => page.locator('select[data-quality="family"]').inputValue()).toBe('source');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('quality-export').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toContain('校验代码');
    expect(rows.length - 1).toBe(truth.sourceChecks);
    const code = rows[0].indexOf('校验代码');
    expect(rows.slice(1).every((r) => r[code].startsWith('source.'))).toBe(true);
    await context.close();
  }, 240_000);

  it('5: the English interface has no full-width colons, no unit said twice, and readable fee units, in every view', async () => {
    const { page } = await shown('?lang=en');
    const problems: string[] = [];
    for (const view of VIEWS) {
      const search = view === 'agency' ? `?view=agency&report=${ids['渑池县人民政府2023']}&lang=en` : `?view=${view}&lang=en`;
      // Each view shown in the page opened above, as its own buttons do (one load of DuckDB, not twelve).
      await showInPage(page, site.url + search);
      await waitForDb(page, 120_000);
      // Instead of a fixed 1.5 s after idle: what drew after idle then, awaited here. The view's own
      // section (its code may still be on its way: nothing is busy meanwhile); the extract panel
      // below the charts (its own chunk, App.svelte); on the agency page the report's text (read
      // from its shard, not marked busy). Then no view busy.
      await page.waitForSelector(view === 'agency' ? 'article.report [data-testid="source-text"]' : `[aria-labelledby="${view}-title"]`, { timeout: 60_000 });
      if (!['about', 'agency', 'sql', 'compare'].includes(view)) await page.waitForSelector('[aria-labelledby="extract-title"]', { timeout: 60_000 });
      await waitForIdle(page, 60_000);
      // Open every data table so its headers are read too (a chart's table is made once opened: wait for each).
      await page.locator('details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      await page.waitForFunction(() => [...document.querySelectorAll('.chart-frame details[open]')].every((d) => d.querySelector('table') !== null), undefined, { timeout: 60_000 });
      await waitForIdle(page, 60_000);
      // Report text (the source, Chinese by nature) aside: everything the interface says.
      const said = await page.evaluate(() => {
        const clone = document.body.cloneNode(true) as HTMLElement;
        clone.querySelectorAll('[lang="zh-CN"], [lang="zh"], pre.source, option').forEach((e) => e.remove());
        return clone.innerText + '\n' + [...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title')).join('\n');
      });
      for (const line of said.split('\n')) {
        if (line.includes('：') && !/[\u4e00-\u9fff]：/.test(line)) problems.push(`${view}: full-width colon in "${line.trim().slice(0, 80)}"`);
        if (/Applications \(applications\)/i.test(line)) problems.push(`${view}: "${line.trim().slice(0, 80)}"`);
        if (/\d 10,000 yuan/.test(line)) problems.push(`${view}: "${line.trim().slice(0, 80)}"`);
      }
      await screenshot(page, `english-${view}`);
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
