// The two templates in the browser: the 5 samples plus a synthetic 2019-template report
// (武义县人民政府, 2020) and a real PDF that prints （六）其他处理 as one row (洪泽区, 2024).
// The agency page shows a 2019 report's own table 2 and its template; table 3 keeps the printed
// 其他处理 total in its footer; the fee chart says which reports have no fee amount; the outcome
// chart says what the 2019 template counts differently.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, makeSite, reportsWith, RESULTS, ROOT, screenshot, waitForChart, waitForDb, waitForIdle, type Browsing, type Site, type Visit, openChartTables } from './site.ts';
import { pagePerFile } from './one-page.ts';

const WUYI = '武义县人民政府';
const HONGZE = '淮安市洪泽区人民政府';

let site: Site;
let browsing: Browsing;
let dir: string;
let ids: Record<string, string>;

beforeAll(async () => {
  dir = reportsWith({
    'wuyi-2020.txt': readFileSync(join(ROOT, 'tests', 'fixtures', 'inputs', 'template-2019.txt')),
    'hongze-2024.pdf': readFileSync(join(ROOT, 'tests', 'fixtures', 'corpus', 'hongze-2024.pdf')),
  });
  [site, browsing] = await Promise.all([makeSite({ reports: dir }), launchBrowser()]);
  const summary = JSON.parse(readFileSync(join(site.root, 'data', 'summary.json'), 'utf8')) as { overview: { report_id: string; agency: string }[] };
  ids = Object.fromEntries(summary.overview.map((e) => [e.agency, e.report_id]));
  expect(ids[WUYI], Object.keys(ids).join(' | ')).toBeDefined();
  expect(ids[HONGZE], Object.keys(ids).join(' | ')).toBeDefined();
}, 300_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Shown {
  value: string | null;
  text: string;
  flag: string | null;
  derived: boolean;
  title: string;
}

/** The number cells of one row of a report table, in column order. */
function cellsOf(table: Locator, selector: string): Promise<Shown[]> {
  return table.locator(selector).evaluateAll((cells) =>
    cells.sort((a, b) => Number(a.getAttribute('data-col')) - Number(b.getAttribute('data-col')))
      .map((c) => ({
        value: c.getAttribute('data-value'),
        text: c.textContent!.trim(),
        flag: c.getAttribute('data-flag'),
        derived: c.classList.contains('derived'),
        title: c.getAttribute('title') ?? '',
      })));
}

// One page for the file (one start of DuckDB, not one per link): each test shows its whole links in
// it, as the app's own buttons do, and waits for its own state before reading.
const pages = pagePerFile(() => ({ browsing, site }));

/** The shared page showing `search`, the database ready and nothing busy. */
async function show(search: string): Promise<Visit> {
  const v = await pages.show(site.url + search);
  await waitForDb(v.page);
  await waitForIdle(v.page);
  return v;
}

async function agencyPage(id: string): Promise<Visit> {
  const v = await show(`?view=agency&report=${id}`);
  await v.page.getByTestId('table3').waitFor();
  return v;
}

/** A close-up of one part of the page, next to the full-page screenshots. */
async function closeUp(locator: Locator, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await locator.screenshot({ path: join(RESULTS, `${name}.png`) });
}

const noErrors = (v: Visit) => {
  expect(v.errors).toEqual([]);
  expect(v.outside).toEqual([]);
};

describe('a 2019-template report', () => {
  it('shows its own table 2 with the template label, not the 2021 table 2', async () => {
    const v = await agencyPage(ids[WUYI]);
    const { page } = v;
    await expect.poll(() => page.getByTestId('template').innerText()).toContain('2019 年版（国办公开办函〔2019〕60号）');
    const t2 = page.getByTestId('table2-2019');
    await t2.waitFor();
    expect(await page.getByTestId('table2').count()).toBe(0);
    const value = async (row: string) => (await cellsOf(t2, `tr[data-key="${row}"] td[data-row]`)).map((c) => c.text);
    expect(await value('licensing')).toEqual(['315', '-12', '4,210']);
    expect(await value('procurement')).toEqual(['64', '5,321.5']);
    expect(await value('fees')).toEqual(['21', '-2']);
    const values = await t2.locator('td[data-row]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
    expect(values).toContain('4210');
    expect(values).toContain('5321.5');
    // Only the decision counts compare with the 2021 template, and the page says so.
    expect(await page.getByTestId('table2-2019-note').innerText()).toContain('处理决定数量');
    expect(await t2.locator('td.same').count()).toBe(3);
    expect(await t2.locator('th.label').allInnerTexts()).toEqual(['规章', '规范性文件', '行政许可', '其他对外管理服务事项', '行政处罚', '行政强制', '行政事业性收费', '政府集中采购']);

    // Table 3: the single 其他处理 row in the footer; its three sub-rows are not printed.
    const t3 = page.getByTestId('table3');
    const foot = await cellsOf(t3, 'tfoot td[data-row="25"]');
    expect(foot.map((c) => c.value)).toEqual(['1', '0', '0', '0', '0', '0', '1']);
    for (const r of [20, 21, 22]) {
      const row = await cellsOf(t3, `tbody td[data-row="${r}"]`);
      expect(row).toHaveLength(7);
      for (const c of row) {
        // Either not stated (—, 未说明) or a zero the identities force, marked derived.
        if (c.value === '') expect([c.text, c.flag, c.title.includes('未说明')]).toEqual(['—', 'missing', true]);
        else expect([c.value, c.derived, c.flag]).toEqual(['0', true, 'derived']);
      }
    }
    expect((await cellsOf(t3, 'tbody td[data-row="20"]')).map((c) => c.text)).toEqual(['—', '0', '0', '0', '0', '0', '—']);
    await screenshot(page, 'template2019-agency-wuyi');
    await closeUp(t2, 'template2019-wuyi-table2');
    await closeUp(t3, 'template2019-wuyi-table3');
    noErrors(v);
  });

  it('the fee chart of 2020 says the 2019 template has no fee amount', async () => {
    const v = await show('?view=fees&year=2020');
    const { page } = v;
    const note = page.getByTestId('fees-template-note');
    await note.waitFor();
    const text = await note.innerText();
    expect(text).toContain('2019 年版');
    expect(text).toContain('没有收费金额');
    expect(text).toContain('并非未收费');
    await waitForChart(page);
    await openChartTables(page);
    const labels = await page.locator('.chart-frame').first().locator('table tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent!.trim()));
    expect(labels.some((l) => l.includes(`${WUYI}（2020年，旧模板无此项）`)), labels.join(' | ')).toBe(true);
    // The processing-fee chart exists in both templates: no such mark there.
    const second = await page.locator('.chart-frame').nth(1).locator('table tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent!.trim()));
    expect(second.some((l) => l.includes('旧模板'))).toBe(false);
    await screenshot(page, 'template2019-fees-2020');

    // Reports of 2021-template years only: no note.
    await show('?view=fees&year=2024');
    await waitForChart(page);
    await page.waitForTimeout(300);
    expect(await note.count()).toBe(0);
    noErrors(v);
  });

  it('the outcome chart notes the mix of templates; one template alone gets no litigation note', async () => {
    const v = await show('');
    const { page } = v;
    await expect.poll(() => page.getByTestId('template-note').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('template-note').innerText()).toContain('其他处理');
    await screenshot(page, 'template2019-outcomes');

    await show('?view=litigation');
    // The litigation view's own note (the outcome view's, just counted, is gone with its view).
    await page.waitForSelector('[data-ranking]', { state: 'attached', timeout: 30_000 });
    await expect.poll(() => page.getByTestId('template-note').count(), { timeout: 15_000 }).toBe(1);
    await show('?view=litigation&year=2024');
    await waitForChart(page);
    await page.waitForTimeout(300);
    expect(await page.getByTestId('template-note').count()).toBe(0);
    noErrors(v);
  });
});

describe('the About page', () => {
  it('explains the two templates and what compares across them', async () => {
    const v = await pages.show(`${site.url}?view=about`);
    const { page } = v;
    const table = page.getByTestId('templates');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(8);
    const text = await page.locator('#about-templates').evaluate((h) => {
      let out = '';
      for (let n = h.nextElementSibling; n && n.tagName !== 'H3'; n = n.nextElementSibling) out += (n as HTMLElement).innerText;
      return out;
    });
    for (const words of ['2019、2020 年度', '一行合计', 't2_licensing', 't2_2019_licensing_decisions', '在另一版的报告中为空']) expect(text).toContain(words);
    // The section alone: from its heading to the next one.
    const top = (await page.locator('#about-templates').boundingBox())!;
    const next = (await page.locator('#about-checks').boundingBox())!;
    const article = (await page.locator('article.about').boundingBox())!;
    await page.screenshot({ path: join(RESULTS, 'template2019-about.png'), fullPage: true,
      clip: { x: article.x, y: top.y - 8, width: article.width, height: next.y - top.y } });
    noErrors(v);
  });
});

describe('a 2021 report printing （六）其他处理 as one row (hongze-2024.pdf)', () => {
  it('shows the total 0 in the footer and the three sub-rows as derived zeros', async () => {
    const v = await agencyPage(ids[HONGZE]);
    const { page } = v;
    await expect.poll(() => page.getByTestId('template').innerText()).toContain('2021 年版');
    await page.getByTestId('table2').waitFor();
    expect(await page.getByTestId('table2-2019').count()).toBe(0);
    const t3 = page.getByTestId('table3');
    await expect.poll(async () => (await cellsOf(t3, 'tfoot td[data-row="25"]')).map((c) => c.value)).toEqual(['0', '0', '0', '0', '0', '0', '0']);
    // Rows 21–23 of the table (row_index 20–22): 逾期不补正, 逾期未缴费, 其他.
    for (const r of [20, 21, 22]) {
      const row = await cellsOf(t3, `tbody td[data-row="${r}"]`);
      expect(row.map((c) => c.value), `row ${r}`).toEqual(['0', '0', '0', '0', '0', '0', '0']);
      expect(row.map((c) => c.derived), `row ${r}`).toEqual(new Array(7).fill(true));
      expect(row.every((c) => c.title.includes('推算值'))).toBe(true);
    }
    const marks = await t3.locator('tbody td[data-row="20"]').evaluateAll((cells) => cells.map((c) => getComputedStyle(c, '::after').content));
    expect(marks.every((m) => m === '"推"')).toBe(true);
    await screenshot(page, 'template2019-agency-hongze');
    await closeUp(t3, 'template2019-hongze-table3');
    noErrors(v);
  });
});
