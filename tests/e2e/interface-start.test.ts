// What a reader sees, on the sample reports, of five interface fixes (ui19):
// - the distribution's legend draws the quartile and median markers as the dashed lines they are
//   (they were black filled squares);
// - the Fees view's processing-fee chart, every stated fee 0 in the sample, has the one tick 0 and
//   says every stated value is 0 (it drew 0–1 元 in steps of 0.1);
// - the province map at 390 px draws its tile names at 11 px or more in both languages (5–8 px
//   before), English as ISO codes with a key, and keeps its data table;
// - at 390 px in English the language button and the map's download buttons stay on one line;
// - the compare view with nothing chosen offers the agencies with the most years of reports in the
//   data (then the most applications handled: DuckDB on facts.parquet here, by hand), and
//   'compare the first 3' fills the comparison; with the database failed it says so.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../oracle.ts';
import { makeSite, screenshot, showInPage, visit, waitForChart, waitForDb, waitForIdle, type Browsing, type Site } from './site.ts';
import { withSampleSite } from './sample-site.ts';
import { pagePerFile } from './one-page.ts';

let site: Site;
let browsing: Browsing;
withSampleSite((s, b) => {
  site = s;
  browsing = b;
});
// One page per width for the tests on the sample site (one start of DuckDB each, not one per test):
// each shows its whole link in it and waits until the page has taken it (nothing busy).
const pages = pagePerFile(() => ({ browsing, site }));
async function show(search: string, width = 1280) {
  const v = await pages.show(site.url + search, width);
  await waitForDb(v.page, 60_000);
  await waitForIdle(v.page);
  return v;
}

async function oracle<T>(sql: string): Promise<T[]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    return await rowsOf<T>(db, sql.replaceAll('FACTS', `'${join(site.root, 'data', 'facts.parquet').replace(/'/g, "''")}'`));
  } finally {
    db.closeSync();
  }
}

describe('interface fixes', () => {
  it('the distribution legend draws each marker as the line it is', async () => {
    const v = await show('?view=distribution&measure=fees_10k_yuan');
    await v.page.waitForSelector('.chart-frame svg [data-legend-swatch]', { timeout: 30_000, state: 'attached' });
    const chart = v.page.locator('.chart-frame svg').first();
    const swatches = await chart.locator('[data-legend-swatch]').evaluateAll((els) => els.map((e) => ({
      tag: e.tagName, dash: e.getAttribute('stroke-dasharray'), stroke: e.getAttribute('stroke'), fill: e.getAttribute('fill'),
    })));
    // The plot's marker lines: dashed, ink.
    const lines = await chart.locator('line[stroke-dasharray]').evaluateAll((els) => els.map((e) => e.getAttribute('stroke-dasharray')));
    expect(lines.filter((d) => d === '4 3').length).toBeGreaterThanOrEqual(3);
    expect(swatches).toEqual([1, 2, 3].map(() => ({ tag: 'line', dash: '4 3', stroke: '#000000', fill: null })));
    await screenshot(v.page, 'ui19-distribution-legend');
    expect(v.errors).toEqual([]);
  }, 120_000);

  for (const lang of ['zh', 'en'] as const) {
    it(`an all-zero processing-fee chart shows 0 alone and says every stated fee is 0 (${lang})`, async () => {
      // The premise, by hand: every stated processing fee of the sample is 0, and at least one is stated.
      const [p] = await oracle<{ stated: number; nonzero: number }>(`SELECT count(processing_fee_yuan)::INTEGER AS stated, count(*) FILTER (WHERE processing_fee_yuan <> 0)::INTEGER AS nonzero
        FROM FACTS WHERE status <> 'failed' AND superseded_by IS NULL`);
      expect(p.stated).toBeGreaterThan(0);
      expect(p.nonzero).toBe(0);
      const v = await show(`?view=fees${lang === 'en' ? '&lang=en' : ''}`);
      await v.page.waitForSelector('.chart-frame >> nth=1 >> svg .mark', { timeout: 30_000, state: 'attached' });
      const chart = v.page.locator('.chart-frame').nth(1).locator('svg');
      expect(await chart.locator('.tick text').allTextContents()).toEqual(['0']);
      const desc = await chart.locator('desc').textContent();
      expect(desc).toContain(lang === 'zh' ? '信息处理费（元）：已说明的数值均为 0。' : 'every stated value is 0.');
      // Drawn too, not only read.
      expect((await chart.locator('text').allTextContents()).join('')).toContain(lang === 'zh' ? '已说明的数值均为 0' : 'every stated value is 0');
      // The administrative fees (344.0982 and 0) keep a scale.
      expect((await v.page.locator('.chart-frame').nth(0).locator('svg .tick text').allTextContents()).length).toBeGreaterThan(2);
      expect(v.errors).toEqual([]);
    }, 120_000);
  }

  for (const lang of ['zh', 'en'] as const) {
    it(`the province map at 390 px draws its tile names at 11 px or more and keeps its data table (${lang})`, async () => {
      const v = await show(`?view=map${lang === 'en' ? '&lang=en' : ''}`, 390);
      await v.page.waitForSelector('[data-tile-map] .tile', { timeout: 60_000 });
      // The size a reader sees: the font size times the drawing's scale on screen.
      const sizes = await v.page.locator('[data-tile-map]').evaluate((svg) => {
        const scale = (svg as SVGSVGElement).getScreenCTM()!.a;
        const of = (sel: string) => [...svg.querySelectorAll(sel)].filter((t) => (t.textContent ?? '').trim()).map((t) => Number(t.getAttribute('font-size')) * scale);
        return { names: of('[data-tile-name]'), values: of('[data-tile-value]'), right: svg.getBoundingClientRect().right };
      });
      expect(sizes.names.length).toBe(34);
      expect(Math.min(...sizes.names)).toBeGreaterThanOrEqual(10.9);
      expect(Math.min(...sizes.values)).toBeGreaterThanOrEqual(9.9);
      expect(sizes.right).toBeLessThanOrEqual(390);
      expect(await v.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      if (lang === 'en') {
        expect(await v.page.locator('[data-tile-map] .tile[data-province="黑龙江省"] [data-tile-name]').textContent()).toBe('HL');
        expect(await v.page.locator('[data-map-key]').innerText()).toContain('HL Heilongjiang');
      } else {
        expect(await v.page.locator('[data-tile-map] .tile[data-province="黑龙江省"] [data-tile-name]').textContent()).toBe('黑龙江');
        expect(await v.page.locator('[data-map-key]').count()).toBe(0);
      }
      expect(await v.page.locator('[data-map-table] tbody tr').count()).toBe(34);
      // One line each (English at 390 px: 「中」/「文」 on two lines beside the title, "Download" / "CSV" under the map).
      const oneLine = (sel: string) => v.page.locator(sel).evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().height < 2.6 * parseFloat(getComputedStyle(b).fontSize)));
      expect(await oneLine('header button.lang')).toEqual([true]);
      expect(await oneLine('.map ~ .actions button')).toEqual([true, true, true]);
      await screenshot(v.page, `ui19-map-390-${lang}`);
      expect(v.errors).toEqual([]);
    }, 120_000);
  }

  it('the compare view starts from agencies of the data, and one click compares the first three', async () => {
    // By hand: the charted reports' agencies, most years first, then most applications handled, then id.
    const expected = (await oracle<{ agency_id: string }>(`SELECT agency_id FROM FACTS
        WHERE agency_id IS NOT NULL AND status <> 'failed' AND superseded_by IS NULL AND year IS NOT NULL
        GROUP BY agency_id ORDER BY count(DISTINCT year) DESC, coalesce(sum(t3_total_handled_total), 0) DESC, agency_id`)).map((r) => r.agency_id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const v = await show('?view=compare');
    await v.page.waitForSelector('[data-testid="compare-examples"] button', { timeout: 30_000 });
    expect(await v.page.locator('[data-testid="compare-start"]').innerText()).toContain('还没有选择机关');
    const shown = await v.page.locator('[data-testid="compare-examples"] button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-agency-id')));
    expect(shown).toEqual(expected.slice(0, 6));
    // One example: added, and the box now asks for one more.
    await v.page.locator('[data-testid="compare-examples"] button').nth(1).click();
    await v.page.waitForSelector('[data-testid="compare-chosen"] li');
    expect(await v.page.locator('[data-testid="compare-chosen"] li').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-agency-id')))).toEqual([expected[1]]);
    expect(await v.page.locator('[data-testid="compare-start"]').innerText()).toContain('再选一个机关');
    // From the start again: the first three in one click fill the comparison (chart and table).
    await showInPage(v.page, `${site.url}?view=compare&lang=en`);
    await waitForIdle(v.page);
    await v.page.locator('[data-testid="compare-try"]').click();
    await waitForChart(v.page);
    expect(new URL(v.page.url()).searchParams.get('agencies')).toBe(expected.slice(0, 3).join(','));
    const rows = await v.page.locator('[data-testid="compare-table"] tbody tr').evaluateAll((trs) => [...new Set(trs.map((t) => t.getAttribute('data-agency-id')))]);
    expect(rows.sort()).toEqual(expected.slice(0, 3).sort());
    expect(await v.page.locator('[data-testid="compare-start"]').count()).toBe(0);
    await screenshot(v.page, 'ui19-compare-first-three');
    expect(v.errors).toEqual([]);
  }, 120_000);

  it('the compare view says the database failed, instead of waiting for ever', async () => {
    const broken = await makeSite({ mutate: (root) => rmSync(join(root, 'data', 'reports.parquet')) });
    const v = await visit(browsing, broken);
    try {
      await v.page.goto(`${broken.url}?view=compare`);
      await v.page.waitForSelector('[data-db-stage="error"]', { timeout: 60_000 });
      const start = v.page.locator('[data-testid="compare-start"]');
      await expect.poll(() => start.innerText(), { timeout: 10_000 }).toContain('reports.parquet');
      expect(await start.innerText()).not.toContain('正在');
      // The search too.
      await v.page.locator('[data-testid="compare-search"]').fill('市');
      await expect.poll(() => v.page.locator('section.compare').innerText(), { timeout: 10_000 }).toMatch(/reports\.parquet[\s\S]*reports\.parquet/);
    } finally {
      await v.context.close();
      await broken.close();
    }
  }, 180_000);
});
