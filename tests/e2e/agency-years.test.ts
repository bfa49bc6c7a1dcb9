// An agency over the years in the browser: the five samples plus 平潭综合实验区管理委员会's real
// series — 2020 (2019 template) and 2024 filed twice (the web page and the same report as glued
// text). The agency page links the years (the URL names the agency and the year), draws the
// timeline and the year-over-year table, shows the checks across years on both years' pages, and
// every total counts the 2024 report once.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, makeSite, reportsWith, RESULTS, ROOT, screenshot, showInPage, visit, waitForChart, waitForDb, waitForIdle, type Browsing, type Site, type Visit, openChartTables } from './site.ts';
import { pagePerFile } from './one-page.ts';

const PINGTAN = '350128-平潭综合实验区管委会';
const CORPUS = join(ROOT, 'tests', 'fixtures', 'corpus');

let site: Site;
let browsing: Browsing;
let dir: string;
let ids: Record<string, string>;

beforeAll(async () => {
  dir = reportsWith({
    'pingtan-2020.txt': readFileSync(join(CORPUS, 'pingtan-2020.txt')),
    'pingtan-2024.html': readFileSync(join(CORPUS, 'pingtan-2024.html')),
    'pingtan-2024.txt': readFileSync(join(CORPUS, 'pingtan-2024.txt')),
  });
  [site, browsing] = await Promise.all([makeSite({ reports: dir }), launchBrowser()]);
  const summary = JSON.parse(readFileSync(join(site.root, 'data', 'summary.json'), 'utf8')) as { overview: { report_id: string; agency: string; year: number }[] };
  // report_id is the hash of the file path; the overview lists them in file order.
  const files = ['pingtan-2020.txt', 'pingtan-2024.html', 'pingtan-2024.txt'];
  const pingtan = summary.overview.filter((e) => e.agency === '平潭综合实验区管理委员会');
  expect(pingtan).toHaveLength(3);
  ids = Object.fromEntries(files.map((f, i) => [f, pingtan[i].report_id]));
}, 300_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(search: string): Promise<Visit> {
  const v = await visit(browsing, site);
  await v.page.goto(site.url + search);
  await waitForDb(v.page);
  return v;
}

// The tests that read what a state draws share one page (one start of DuckDB, not seven): each
// shows its whole link in it and waits for its own state. A copied link opened anew and the
// source text held back keep a fresh page (open(), visit()).
const pages = pagePerFile(() => ({ browsing, site }));
/** The shared page showing `search`, the database ready. */
async function shown(search: string): Promise<Visit> {
  const v = await pages.show(site.url + search);
  await waitForDb(v.page);
  return v;
}

describe('an agency over the years', () => {
  it('lists the superseded 2024 copy among the agency list, said so, and the list says what it holds', async () => {
    const v = await shown(`?view=agency&q=${encodeURIComponent('平潭')}`);
    const items = v.page.locator('[data-testid="agency-list"] li');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(3);
    const marked = await items.evaluateAll((lis) => lis.map((li) => [li.querySelector('a')!.getAttribute('href'), li.querySelector('[data-superseded]') !== null]));
    // Only the glued text's 2024 filing is superseded (by the web page).
    for (const [href, superseded] of marked) expect([href, superseded]).toEqual([href, String(href).includes(ids['pingtan-2024.txt'])]);
    expect(marked.filter(([, s]) => s)).toHaveLength(1);
    expect(await v.page.locator('[data-testid="agency-list-note"]').textContent()).toContain('另一份年报替代');
    // Highlighted in the distribution, the superseded copy is said to be replaced (not "outside the filter").
    // Shown in the same page, as its own buttons do (one load of DuckDB for both pages).
    await showInPage(v.page, `${site.url}?view=distribution&measure=share_granted&highlight=${ids['pingtan-2024.txt']}`);
    await v.page.waitForSelector('[data-mark-missing]', { timeout: 30_000 });
    expect(await v.page.locator('[data-mark-missing]').getAttribute('data-mark-missing')).toBe('superseded');
    expect(await v.page.locator('[data-mark-missing]').innerText()).toContain('另一份年报替代');
    expect(v.errors).toEqual([]);
  });

  it('opens by agency_id on its latest year, links its years, and draws the timeline and the year-over-year table', async () => {
    // The about page first: the agency page is drawn anew, nothing left of a state shown before.
    await shown('?view=about');
    const v = await shown(`?view=agency&agency=${encodeURIComponent(PINGTAN)}`);
    const page = v.page;
    await page.waitForSelector('[data-testid="year-links"]', { timeout: 30_000 });
    // The charted 2024 filing is the web page (no checks), not the glued text.
    await expect.poll(() => page.locator('article.report').getAttribute('data-report-id')).toBe(ids['pingtan-2024.html']);
    const links = page.locator('[data-testid="year-links"]');
    expect(await links.locator('[aria-current="page"]').innerText()).toBe('2024');
    expect(await links.locator('a[data-year]').evaluateAll((as) => as.map((a) => a.getAttribute('data-year')))).toEqual(['2020']);
    expect(await links.locator('a[data-superseded]').getAttribute('data-superseded')).toBe(ids['pingtan-2024.txt']);
    // The two 2024 filings side by side: only cells one copy left blank (table 2's normative documents, ambiguous when glued) may differ.
    const pair = page.getByTestId('duplicate-pair');
    await pair.locator('table, p:not(.muted)').first().waitFor({ timeout: 30_000 });
    expect(await pair.locator('h4').innerText()).toContain('2024');
    for (const cell of await pair.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-cell')))) {
      expect(cell).toMatch(/^table2\[[345],0\]$/);
    }

    const table = page.locator('[data-testid="yoy-table"]');
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['指标', '2020年（2019 年版模板）', '2024年']);
    // Hand-checked: 218 applications handled in 2024 (truth file), 21 in 2020.
    const handled = await table.locator('tr[data-measure="handled"] td').allInnerTexts();
    expect(handled[0]).toBe('21');
    expect(handled[1]).toMatch(/^218\s*较 2020 年 \+197$/);
    expect(await table.locator('tr[data-measure="fees_10k_yuan"] td').first().getAttribute('data-state')).toBe('not_comparable');
    expect(await page.locator('[data-testid="old-template-years"]').innerText()).toContain('2020');
    await waitForChart(page);
    expect(await page.locator('[data-testid="agency-years"] .chart-frame').count()).toBe(5);
    // The charts of a share or a rate (outcomes, disputes per 100) state the minimum sample on the chart; the counts and amounts do not.
    const texts = await page.locator('[data-testid="agency-years"] .chart-frame svg').evaluateAll((svgs) => svgs.map((svg) => svg.textContent ?? ''));
    expect(texts.filter((t) => t.includes('比例和每百件比率只在办理结果合计（办理结果比例）或办理申请（每百件比率）不少于 10 件')).length).toBe(2);
    // Its peers: 2024 county people's governments — only itself (the glued copy is no peer).
    await page.waitForSelector('[data-testid="peers-table"]', { timeout: 30_000 });
    // The lead says so: the agency is among its peers (it said 「…的其他报告…本机关计入其中」, "the other reports … the agency counts among them").
    const lead = await page.locator('[data-testid="agency-peers"] p.note').first().innerText();
    expect(lead).toContain('本机关也计入其中');
    expect(lead).not.toContain('其他报告');
    // Alone among its peers, nationally and in 福建省: N 1 is too few reports for quartiles, a median
    // or a percentile (fewer than 5): each is "—", N says why, and the rule is stated above the
    // table (the table showed a percentile of 100 and the agency's own value as every quartile).
    const granted = page.locator('[data-testid="peers-table"] tr[data-measure="share_granted"]');
    for (const scope of ['national', 'province']) {
      expect(await granted.locator(`[data-cell="${scope}-n"]`).innerText()).toBe('1（年报过少）');
      expect(await granted.locator(`[data-cell="${scope}-n"]`).getAttribute('data-withheld')).toBe('too_few_reports');
      for (const cell of ['q1', 'median', 'q3', 'pct']) expect([scope, cell, await granted.locator(`[data-cell="${scope}-${cell}"]`).innerText()]).toEqual([scope, cell, '—']);
    }
    expect(await granted.locator('[data-cell="value"]').innerText()).toBe('32.6%'); // 71 / 218
    expect(await page.locator('[data-testid="agency-peers"] [data-reports-minimum]').innerText())
      .toBe('最少年报数规则：四分位数、中位数和百分位只在计入的年报不少于 5 份时计算；少于 5 份时不计算，显示为“—”并注明“年报过少”。');
    await screenshot(page, 'agency-years-2024');

    // To 2020 by its link: the URL names the agency and the year.
    await links.locator('a[data-year="2020"]').click();
    await expect.poll(() => page.locator('article.report').getAttribute('data-report-id')).toBe(ids['pingtan-2020.txt']);
    const url = new URL(page.url());
    expect([url.searchParams.get('view'), url.searchParams.get('agency'), url.searchParams.get('year')]).toEqual(['agency', PINGTAN, '2020']);
    await page.waitForSelector('[data-testid="year-links"] [aria-current="page"]');
    expect(await page.locator('[data-testid="year-links"] [aria-current="page"]').innerText()).toBe('2020');
    expect(v.errors).toEqual([]);
  }, 120_000);

  it('says, in either language at 390 and 1280 px, that too few peers give no quartile and no percentile; so does the distribution of too few reports', async () => {
    const WORDS = {
      zh: { n: '1（年报过少）', pct: '百分位：—（年报过少：计入的年报少于 5 份，不计算）', quartiles: '四分位数与中位数：—（年报过少：计入的年报少于 5 份，不计算）' },
      en: { n: '1 (too few reports)', pct: 'Percentile: — (too few reports: fewer than 5 counted, not computed)', quartiles: 'Quartiles and median: — (too few reports: fewer than 5 counted, not computed)' },
    };
    // The file's shared page for the four, each shown in it at its width, as its own buttons do;
    // the agency page is drawn anew each time (the about page first, then the distribution between).
    const v = await shown('?view=about');
    try {
      for (const width of [1280, 390]) {
        for (const lang of ['zh', 'en'] as const) {
          const page = v.page;
          const at = `${lang}-${width}`;
          await page.setViewportSize({ width, height: 900 });
          const agencyLink = `${site.url}?view=agency&agency=${encodeURIComponent(PINGTAN)}${lang === 'en' ? '&lang=en' : ''}`;
          await showInPage(page, agencyLink);
          await waitForDb(page);
          const peers = page.locator('[data-testid="agency-peers"]');
          await page.waitForSelector('[data-testid="peers-table"]', { timeout: 30_000 });
          const granted = peers.locator('tr[data-measure="share_granted"]');
          expect([at, await granted.locator('[data-cell="national-n"]').innerText()]).toEqual([at, WORDS[lang].n]);
          expect([at, await granted.locator('[data-cell="national-pct"]').innerText()]).toEqual([at, '—']);
          expect(await peers.locator('[data-reports-minimum]').innerText()).toContain(lang === 'zh' ? '不少于 5 份' : 'at least 5 counted reports');
          // The wide table scrolls in its own box: the page does not scroll sideways.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          // The section alone (the agency page in full is many screens long).
          await peers.screenshot({ path: join(RESULTS, `agency-peers-few-${at}.png`) });

          // The distribution in 福建省: 平潭's two years, too few to give quartiles or rank the marked report.
          // Shown in the same page, as its own buttons do (one load of DuckDB for both pages).
          await showInPage(page, `${site.url}?view=distribution&measure=share_granted&province=${encodeURIComponent('福建省')}&highlight=${ids['pingtan-2024.html']}${lang === 'en' ? '&lang=en' : ''}`);
          await page.waitForSelector('[data-percentile-withheld]', { timeout: 30_000 });
          await waitForIdle(page);
          expect(await page.locator('[data-percentile]').count()).toBe(0);
          expect([at, await page.locator('[data-percentile-withheld]').innerText()]).toEqual([at, WORDS[lang].pct]);
          const n = Number(await page.locator('[data-stats]').getAttribute('data-n'));
          expect([at, n > 0 && n < 5]).toEqual([at, true]);
          expect(await page.locator('[data-quartiles-withheld]').innerText()).toBe(WORDS[lang].quartiles);
          await page.waitForSelector('[data-link-chart][data-source="db"] .chart-frame svg', { timeout: 30_000 });
          // On the chart too (its description), and no quartile marker drawn: the one marker is the report itself.
          expect(await page.locator('.chart-frame svg').first().textContent()).toContain(lang === 'zh' ? '年报过少' : 'too few reports');
          expect(await page.locator('[data-reports-minimum]').innerText()).toContain(lang === 'zh' ? '不少于 5 份' : 'at least 5 counted reports');
          await screenshot(page, `distribution-few-${at}`);
          await openChartTables(page);
          const markers = await page.locator('.chart-frame table tbody tr').evaluateAll((trs) => trs
            .filter((tr) => /^(标记|marker)$/.test(tr.lastElementChild?.textContent?.trim() ?? '')).map((tr) => tr.firstElementChild?.textContent?.trim()));
          expect(markers).toEqual(['平潭综合实验区管理委员会']);
          expect(v.errors).toEqual([]);
        }
      }
    } finally {
      // The shared page back at the width the others expect.
      await v.page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 240_000);

  it('shows the continuity findings on both years\' pages', async () => {
    // Both years in one page (one load of DuckDB): the second shown as its own links do, the
    // about page between so that the agency page is drawn anew, nothing left of the first year's.
    const v = await shown('?view=about');
    for (const [year, id] of [[2020, ids['pingtan-2020.txt']], [2024, ids['pingtan-2024.html']]] as const) {
      const page = v.page;
      await showInPage(page, `${site.url}?view=about`);
      await showInPage(page, `${site.url}?view=agency&agency=${encodeURIComponent(PINGTAN)}&year=${year}`);
      await expect.poll(() => page.locator('article.report').getAttribute('data-report-id'), { timeout: 30_000 }).toBe(id);
      // In the report's own checks…
      await page.waitForSelector('[data-testid="checks"]');
      const own = await page.locator('[data-testid="checks"] code').allInnerTexts();
      expect(own, String(year)).toContain('continuity.missing_year');
      // …and in the agency's list across years, where both reports carry it.
      await page.waitForSelector('[data-testid="continuity"] li', { timeout: 30_000 });
      const missing = page.locator('[data-testid="continuity"] li[data-code="continuity.missing_year"]');
      expect(await missing.evaluateAll((li) => li.map((l) => l.getAttribute('data-report-id')).sort())).toEqual([ids['pingtan-2020.txt'], ids['pingtan-2024.html']].sort());
      expect(await missing.first().innerText()).toContain('2021、2022、2023');
      expect(v.errors).toEqual([]);
    }
  }, 120_000);

  it('counts the report filed twice once in the totals, and keeps the copy visible', async () => {
    const v = await shown('');
    const page = v.page;
    // The home view's own section before its count and chart are read (not those of a view shown before).
    await page.waitForSelector('[aria-labelledby="outcomes-title"]', { timeout: 30_000 });
    await waitForIdle(page);
    // 5 samples + 平潭 2020 + 平潭 2024 once: 7, not 8.
    await expect.poll(() => page.locator('[data-testid="matching-count"] strong').innerText(), { timeout: 30_000 }).toBe('7');
    await waitForChart(page);
    await openChartTables(page);
    const totals = await page.locator('.chart-frame').first().locator('table').evaluate((table: HTMLTableElement) => {
      const headers = [...table.tHead!.rows[0].cells].map((c) => c.textContent!.trim());
      const first = [...table.tBodies[0].rows[0].cells].map((c) => c.textContent!.trim());
      return Object.fromEntries(headers.map((h, i) => [h, first[i]]));
    });
    // The sum of the outcome groups: the samples 368 (hand-checked, dashboard.test.ts), 平潭 2024 218
    // (its truth file), 平潭 2020 27 (7 + 6 + 0 + 7 + 3 + 4 as its outcome rows read; its own total
    // says 21, a source error its checks flag). The 2024 copy counted again would make it 831.
    const total = Object.entries(totals).find(([h]) => h.startsWith('合计'))![1];
    expect(total).toBe('613');
    // The copy stays visible: its own page says it is superseded (shown in the same page, one load of DuckDB).
    await showInPage(page, `${site.url}?view=agency&report=${ids['pingtan-2024.txt']}`);
    await page.waitForSelector('[data-testid="checks"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid="checks"] code').allInnerTexts()).toContain('continuity.duplicate_identical');
    expect(v.errors).toEqual([]);
  }, 120_000);

  it('compares agencies: picked by search, kept in the URL, one chart and one table over the years, and the CSV', async () => {
    const v = await shown('?view=compare');
    const page = v.page;
    const pick = async (text: string, id: string) => {
      await page.getByTestId('compare-search').fill(text);
      const button = page.locator(`[data-testid="compare-hits"] button[data-agency-id="${id}"]`);
      await button.waitFor({ timeout: 30_000 });
      await button.click();
      await page.locator(`[data-testid="compare-chosen"] li[data-agency-id="${id}"]`).waitFor();
    };
    await pick('嘉兴', '330400-嘉兴市人民政府办公室');
    await pick('平潭', PINGTAN);
    expect(new URL(page.url()).searchParams.get('agencies')).toBe(`330400-嘉兴市人民政府办公室,${PINGTAN}`);
    await page.getByTestId('compare-table').waitFor({ timeout: 30_000 });
    // The table of the first agency alone can still be shown while the pair's answer is on its
    // way: wait for the second agency's rows (a table that never gets them fails here).
    await page.locator(`[data-testid="compare-table"] tbody tr[data-agency-id="${PINGTAN}"]`).first().waitFor({ timeout: 30_000 });
    await waitForChart(page);
    const rows = await page.locator('[data-testid="compare-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => [
      tr.getAttribute('data-year'), tr.querySelector('td[data-measure="handled"]')!.textContent!.trim(),
    ]));
    // Hand-checked: 嘉兴 129 handled in 2024; 平潭 21 in 2020 and 218 in 2024 (its 2024 report counted once).
    expect(rows).toEqual([['2024', '129'], ['2020', '21'], ['2024', '218']]);
    // The chart draws the chosen measure for each agency-year; a count (applications handled) has no minimum sample to state.
    expect(await page.locator('.chart-frame svg .mark').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.chart-frame svg').first().textContent()).not.toContain('不少于 10 件');

    // A copied link opens the same comparison.
    const again = await open(new URL(page.url()).search);
    await again.page.getByTestId('compare-table').waitFor({ timeout: 30_000 });
    expect(await again.page.locator('[data-testid="compare-table"] tbody tr').count()).toBe(3);
    await again.context.close();

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-csv').click()]);
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 6)).toEqual(['机关', 'agency_id', '年度', '模板', '本年新收申请（件）', '办理申请总计（件）']);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).concat(l.split(',')[5]))).toEqual([
      ['嘉兴市人民政府办公室', '330400-嘉兴市人民政府办公室', '2024', '2021', '129'],
      ['平潭综合实验区管理委员会', PINGTAN, '2020', '2019', '21'],
      ['平潭综合实验区管理委员会', PINGTAN, '2024', '2021', '218'],
    ]);
    await screenshot(page, 'compare');
    expect(v.errors).toEqual([]);
  }, 180_000);
});

describe('fees in the comparison', () => {
  it('shows a fee in 万元 to the yuan, as the agency page does (344.0982, not 344.1)', async () => {
    const mianchi = '411221-渑池县人民政府';
    const v = await shown(`?view=compare&agencies=${encodeURIComponent(`${mianchi},330400-嘉兴市人民政府办公室`)}&measure=fees_10k_yuan`);
    const cell = v.page.locator(`[data-testid="compare-table"] tbody tr[data-agency-id="${mianchi}"] td[data-measure="fees_10k_yuan"]`);
    await cell.waitFor({ timeout: 30_000 });
    // 渑池县 2023 prints 行政事业性收费 344.0982 (万元): data/reports/001_0f68198b50857d74.txt, line 26.
    expect((await cell.innerText()).trim()).toBe('344.0982');
    await waitForChart(v.page);
    await waitForIdle(v.page);
    await openChartTables(v.page);
    expect(await v.page.locator('.chart-frame table tbody').first().innerText()).toContain('344.0982');
    expect(v.errors).toEqual([]);
  }, 120_000);
});

describe('every number traceable to where it was printed (issue 10 item 6)', () => {
  it('a clicked number marks its place in the source text, even clicked before the text arrived; a derived one marks its identity', async () => {
    const v = await visit(browsing, site);
    try {
      const page = v.page;
      // The text arrives late: the click comes first and the mark follows it.
      let release: () => void = () => {};
      const held = new Promise<void>((r) => (release = r));
      await page.route(/\/sources\/shard-/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`${site.url}?view=agency&report=${ids['pingtan-2020.txt']}`);
      await waitForDb(page);
      const read = page.locator('[data-testid="table3"] td[data-row="0"][data-col="6"]');
      await read.locator('button').waitFor({ timeout: 30_000 });
      const value = await read.getAttribute('data-value');
      expect(value).toBe('21'); // hand-checked: 21 applications received in 2020 (its truth file)
      await read.locator('button').click();
      const note = page.getByTestId('trace-note');
      expect(await note.getAttribute('data-kind')).toBe('read');
      expect(await note.innerText()).toContain('原文正在读取');
      release();
      const mark = page.locator('[data-testid="source-text"] mark');
      await mark.first().waitFor({ timeout: 30_000 });
      expect(await mark.count()).toBe(1);
      expect(await mark.innerText()).toBe(value);
      expect(await note.innerText()).toMatch(/此数读自原文第 \d+ 行/);
      // Scrolled into view: inside the window and inside the text's own scroll box.
      await expect.poll(() => mark.evaluate((m) => {
        const r = m.getBoundingClientRect();
        const box = m.closest('pre')!.getBoundingClientRect();
        return r.top >= Math.max(0, box.top) && r.bottom <= Math.min(window.innerHeight, box.bottom);
      })).toBe(true);
      // The text is text nodes: no markup came from it.
      expect(await page.locator('[data-testid="source-text"] *:not(mark)').count()).toBe(0);

      // Enter on a derived cell: the printed cells of the identity it came from.
      const derived = page.locator('[data-testid="table3"] td[data-flag="derived"]').first();
      await derived.locator('button').focus();
      await page.keyboard.press('Enter');
      expect(await note.getAttribute('data-kind')).toBe('derived');
      expect(await note.innerText()).toContain('推算值');
      const marks = await page.locator('[data-testid="source-text"] mark').evaluateAll((ms) => ms.map((m) => [m.getAttribute('data-cell'), m.textContent]));
      expect(marks.length).toBeGreaterThanOrEqual(2);
      for (const [cell, text] of marks) {
        const [, row, col] = /^table3\[(\d+),(\d+)\]$/.exec(cell!)!;
        // Each mark is a printed number of the table: the value the table shows for that cell.
        expect(await page.locator(`[data-testid="table3"] td[data-row="${row}"][data-col="${col}"]`).getAttribute('data-value')).toBe(text);
      }
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 120_000);
});
