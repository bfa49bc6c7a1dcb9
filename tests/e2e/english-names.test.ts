// The English interface names provinces in English (src/app/region-names.ts) on the sample reports:
// the grouped view's chart labels and table, the filter's options, while the links and the values
// behind them stay the data's Chinese names; and at 390 px the grouped chart's labels keep their count
// of reports (the name is cut, not 「· N 份」 / "· N reports": rev17 saw "嘉兴市 · …").
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { showInPage, waitForDb, type Browsing, type Site } from './site.ts';
import { withSampleSite } from './sample-site.ts';
import { pagePerFile } from './one-page.ts';

let site: Site;
let browsing: Browsing;

withSampleSite((s, b) => {
  site = s;
  browsing = b;
});

// The three links share one page (one start of DuckDB, not three), each shown in it as the app's
// own links do; the 390 px one is shown after the page is narrowed, the about page between so that
// its chart is drawn anew at that width.
const pages = pagePerFile(() => ({ browsing, site }));

/** The row labels of the charts as drawn (their <title> child, the whole label, left out), with that whole label. */
function rowLabels(page: Page): Promise<{ drawn: string; whole: string }[]> {
  return page.$$eval('.chart-frame svg text[text-anchor="end"]', (texts) => texts
    .map((t) => ({
      drawn: [...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(''),
      whole: t.querySelector('title')?.textContent ?? '',
    }))
    .filter((l) => l.whole !== ''));
}

describe('provinces in English', () => {
  it('the grouped view by province says "Zhejiang", not 浙江省; the links and values stay Chinese', async () => {
    const v = await pages.show(`${site.url}?lang=en&group=province`);
    await waitForDb(v.page, 60_000);
    await v.page.waitForSelector('[data-testid="group-table"] tbody tr[data-group-value]', { timeout: 30_000 });
    await v.page.waitForSelector('.chart-frame svg .mark', { timeout: 30_000 });
    const labels = await rowLabels(v.page);
    const wholes = labels.map((l) => l.whole);
    // The five sample reports: 嘉兴 (浙江), 渑池 (河南), 南昌 (江西), 长沙 (湖南), 昌吉 (新疆).
    for (const name of ['Zhejiang', 'Henan', 'Jiangxi', 'Hunan', 'Xinjiang']) expect(wholes).toContain(`${name} · 1 report`);
    for (const l of labels) expect([l.whole, /[省区]/.test(l.drawn + l.whole)]).toEqual([l.whole, false]);
    // The table: English names on screen, the data's value on the row.
    const row = v.page.locator('[data-testid="group-table"] tbody tr[data-group-value="浙江省"]');
    expect((await row.locator('th').innerText()).trim()).toBe('Zhejiang');
    // The filter's options: English text, Chinese values (the URL's).
    const option = v.page.locator('select[data-filter="province"] option[value="浙江省"]');
    expect(await option.innerText()).toMatch(/^Zhejiang \(1\)$/);
    // Opening a group sets the filter to the data's name: the same link as in Chinese.
    await row.locator('button.drill').click();
    await v.page.waitForURL((url) => url.searchParams.get('province') === '浙江省', { timeout: 10_000 });
    expect(new URL(v.page.url()).searchParams.get('lang')).toBe('en');
    expect(v.errors).toEqual([]);
  }, 120_000);

  it('the map\'s tiles hold their English names ("Inner Mongolia" ran out of its tile)', async () => {
    const v = await pages.show(`${site.url}?view=map&lang=en`);
    await waitForDb(v.page, 60_000);
    await v.page.waitForSelector('g.tile', { timeout: 30_000 });
    const tiles = await v.page.$$eval('g.tile', (gs) => gs.map((g) => {
      const rect = (g.querySelector('rect') as SVGRectElement).getBBox();
      const text = (g.querySelector('text') as SVGTextElement).getBBox();
      return { name: g.querySelector('text')!.textContent!.trim(), out: Math.max(rect.x - text.x, text.x + text.width - (rect.x + rect.width)) };
    }));
    expect(tiles).toHaveLength(34);
    for (const t of tiles) expect([t.name, t.out <= 0]).toEqual([t.name, true]);
    expect(tiles.map((t) => t.name)).toContain('InnerMongolia');
    expect(v.errors).toEqual([]);
  }, 120_000);

  it('at 390 px the grouped chart\'s labels are cut in the name and keep their count', async () => {
    const v = await pages.show(`${site.url}?view=about&lang=en`);
    try {
      await v.page.setViewportSize({ width: 390, height: 900 });
      // Cities across the country: the longest labels ("嘉兴市, Zhejiang · 1 report").
      await showInPage(v.page, `${site.url}?lang=en&group=city`);
      await waitForDb(v.page, 60_000);
      await v.page.waitForSelector('.chart-frame svg .mark', { timeout: 30_000 });
      await v.page.waitForTimeout(300);
      const labels = (await rowLabels(v.page)).filter((l) => / · [\d,]+ reports?$/.test(l.whole));
      expect(labels.length).toBeGreaterThanOrEqual(6);
      expect(labels.map((l) => l.whole)).toContain('嘉兴市, Zhejiang · 1 report');
      // At least one label did not fit (else this proves nothing); then every label is drawn in the
      // same short form, its count whole: "嘉兴市, Zhe… (N=1)".
      expect(labels.some((l) => l.drawn !== l.whole)).toBe(true);
      for (const l of labels) {
        const n = l.whole.match(/ · ([\d,]+) reports?$/)![1];
        expect([l.drawn, l.drawn.endsWith(` (N=${n})`)]).toEqual([l.drawn, true]);
        expect(l.drawn).not.toMatch(/浙江省|河南省/);
      }
      expect(v.errors).toEqual([]);
    } finally {
      // The shared page back at the width the others expect.
      await v.page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 120_000);
});
