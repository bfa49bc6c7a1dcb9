// Nothing makes the page scroll sideways at 390 and 1,280 px, in Chinese and English, on the
// pages rev17 found doing it on the sample reports:
// - the agency page with its charts' data tables opened: the outcomes-by-year table (15 columns)
//   widened its grid cell, the chart was redrawn as wide, and the page was 832 px wide at 390
//   (Chinese) and 1,408 px at 1,280 (English);
// - the agency page at 390 px in English, every table closed: the report's metadata table (a file name
//   with no break in it) was 422 px wide;
// - the compare view at 390 px in English: the search box (min-width 20rem beside its label) ran
//   16 px past the screen; with two agencies chosen, the measure's select was 454 px wide.
// And the litigation charts' total row is drawn whole or in its short form, not cut (「筛选…（N=368）」);
// the CSV button's row count is not broken (「（5」 / 「行）」), nor, at 390 px, the group table's units.
import { describe, expect, it } from 'vitest';
import { showInPage, waitForDb, waitForIdle, type Browsing, type Site } from './site.ts';
import { withSampleSite } from './sample-site.ts';
import { pagePerFile } from './one-page.ts';

let site: Site;
let browsing: Browsing;

withSampleSite((s, b) => {
  site = s;
  browsing = b;
});
// One page per width (one start of DuckDB each): the Chinese and English tests show their links in
// it in turn. The agency page's frames remember an opened table for the visit (table-open.ts): each
// test checks that it starts with them closed and closes them again once measured.
const pages = pagePerFile(() => ({ browsing, site }));

const AGENCY = '411221-渑池县人民政府';

describe('no sideways scrolling', () => {
  for (const width of [390, 1280]) {
    for (const lang of ['zh', 'en'] as const) {
      it(`agency page with every data table open, compare and litigation, at ${width} px (${lang})`, async () => {
        const suffix = lang === 'en' ? '&lang=en' : '';
        const v = await pages.show(`${site.url}?view=agency&agency=${encodeURIComponent(AGENCY)}${suffix}`, width);
        await waitForDb(v.page, 60_000);
        await v.page.waitForSelector('[data-testid="agency-years"] .chart-frame svg', { timeout: 30_000 });
        await v.page.waitForSelector('[data-testid="metadata"]', { timeout: 30_000 });
        await waitForIdle(v.page);
        expect(await v.page.locator('[data-testid="agency-years"] .chart-frame details[open]').count(), 'tables closed').toBe(0);
        expect(await v.page.evaluate(() => document.documentElement.scrollWidth), 'agency page, tables closed').toBeLessThanOrEqual(width);
        const frames = await v.page.locator('[data-testid="agency-years"] .chart-frame').count();
        expect(frames).toBeGreaterThanOrEqual(5);
        // Opened one by one as a reader would, by their summaries.
        for (const summary of await v.page.locator('[data-testid="agency-years"] .chart-frame summary').all()) await summary.click();
        // The charts redraw on resize (ResizeObserver): give them the frame they would take.
        await v.page.waitForTimeout(500);
        expect(await v.page.evaluate(() => document.documentElement.scrollWidth), 'agency page').toBeLessThanOrEqual(width);
        const widest = await v.page.$$eval('[data-testid="agency-years"] .chart-frame svg', (svgs) => Math.max(...svgs.map((s) => s.getBoundingClientRect().right)));
        expect(widest).toBeLessThanOrEqual(width);
        // Closed again, so that the other language's test opens them as a reader would.
        // (one at a time: the list of open ones shrinks with each click).
        const openSummary = v.page.locator('[data-testid="agency-years"] .chart-frame details[open] > summary');
        while (await openSummary.count()) await openSummary.first().click();

        // The next pages shown in the same page, as its own buttons do (one load of DuckDB per test).
        await showInPage(v.page, `${site.url}?view=compare${suffix}`);
        await v.page.waitForSelector('[data-testid="compare-search"]');
        await waitForIdle(v.page);
        expect(await v.page.evaluate(() => document.documentElement.scrollWidth), 'compare').toBeLessThanOrEqual(width);
        const box = await v.page.locator('[data-testid="compare-search"]').boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);

        // Two agencies chosen: the measure's select (its longest English option) made the page 454 px wide at 390.
        await showInPage(v.page, `${site.url}?view=compare&agencies=${encodeURIComponent(AGENCY)},${encodeURIComponent('430100-长沙市人民政府办公室')}${suffix}`);
        await v.page.waitForSelector('[data-testid="compare-measure"]', { timeout: 30_000 });
        await waitForIdle(v.page);
        expect(await v.page.evaluate(() => document.documentElement.scrollWidth), 'compare, two agencies').toBeLessThanOrEqual(width);

        // The litigation charts' total row: its label drawn whole or in its short form, never cut
        // (「筛选…（N=368）」, "Filter… (N=368)" at 390 px).
        await showInPage(v.page, `${site.url}?view=litigation${suffix}`);
        await v.page.waitForSelector('svg .mark', { timeout: 30_000 });
        await waitForIdle(v.page);
        // The drawn text only (its <title> child holds the whole label).
        const totals = await v.page.$$eval('svg text[font-weight="600"][text-anchor="end"]', (texts) => texts.map((t) => [...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')).filter((t) => t.includes('N=')));
        expect(totals.length).toBeGreaterThanOrEqual(3);
        for (const t of totals) expect(t).toMatch(lang === 'zh' ? /^(筛选范围合计|合计)（N=(368|39)）$/ : /^(Filtered set as a whole|Total) \(N=(368|39)\)$/);

        // The CSV button's row count whole: at 390 px (zh) it broke as 「（5」 / 「行）」.
        const count = await v.page.$eval('[data-testid="download-csv"] .count', (e) => e.getClientRects().length);
        expect(count, 'CSV row count on one line').toBe(1);
        if (width === 390) {
          // The group table's sortable headers: the unit (with the arrow) never broken, and a header
          // of at most seven characters (zh) on one line (「无法提供占」 / 「比（%）」 before).
          await showInPage(v.page, `${site.url}?group=province${suffix}`);
          await v.page.waitForSelector('[data-testid="group-table"] thead button[data-sort] .unit', { timeout: 30_000 });
          await waitForIdle(v.page);
          const heads = await v.page.$$eval('[data-testid="group-table"] thead button[data-sort]', (buttons) => buttons.map((b) => {
            const words = b.querySelector('.words')!;
            const unit = b.querySelector('.unit')!;
            const line = parseFloat(getComputedStyle(words).lineHeight) || parseFloat(getComputedStyle(words).fontSize) * 1.2;
            return { words: words.textContent!, wordLines: Math.round(words.getBoundingClientRect().height / line), unitRects: unit.textContent ? unit.getClientRects().length : 1 };
          }));
          expect(heads.length).toBeGreaterThanOrEqual(10);
          for (const h of heads) {
            expect(h.unitRects, `${h.words}: unit on one line`).toBe(1);
            if (lang === 'zh' && h.words.length <= 7) expect(h.wordLines, `${h.words}: one line`).toBe(1);
          }
        }
        expect(v.errors).toEqual([]);
      }, 120_000);
    }
  }
});
