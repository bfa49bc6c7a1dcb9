// The years view's small multiples (?view=years&by=level): every line of each panel's title, as
// Chromium draws it, lies inside its chart, and each chart inside its own grid cell (never over the
// next panel), at 1,280 and 390 px, in English and Chinese. English titles, wrapped by the regular
// weight's estimate but drawn bold, ran 10–30 px past the chart's right edge and were cut.
import { describe, expect, it } from 'vitest';
import { screenshot, waitForDb, waitForIdle, type Browsing, type Site } from './site.ts';
import { withSampleSite } from './sample-site.ts';
import { pagePerFile } from './one-page.ts';

let site: Site;
let browsing: Browsing;

withSampleSite((s, b) => {
  site = s;
  browsing = b;
});
// One page per width for the whole file (one start of DuckDB each, not one per test): each test
// shows its whole links (language, view, measure) in it, as the page's own buttons and selects do.
const pages = pagePerFile(() => ({ browsing, site }));

interface Panel {
  svg: { left: number; right: number };
  cell: { left: number; right: number };
  lines: { text: string; left: number; right: number }[];
}

describe('small multiples\' titles', () => {
  for (const width of [1280, 390]) {
    for (const lang of ['en', 'zh'] as const) {
      it(`fit their panels at ${width} px in ${lang === 'en' ? 'English' : 'Chinese'}`, async () => {
        for (const measure of ['fees_10k_yuan_median', 'corrected_share', 'processing_fee_yuan_median']) {
          const v = await pages.show(`${site.url}?view=years&by=level&measure=${measure}${lang === 'en' ? '&lang=en' : ''}`, width);
          await waitForDb(v.page, 60_000);
          await v.page.waitForSelector('.grid.multiples svg', { timeout: 30_000 });
          await waitForIdle(v.page);
          // Nothing makes the page scroll sideways (the measure's select, with its longest English name, did at 390 px).
          expect(await v.page.evaluate(() => document.documentElement.scrollWidth), measure).toBeLessThanOrEqual(width);
          const panels = await v.page.$$eval('.grid.multiples > *', (cells) => cells.map((cell) => {
            const svg = cell.querySelector('svg')!;
            const box = (e: Element) => {
              const r = e.getBoundingClientRect();
              return { left: r.left, right: r.right };
            };
            // The title: the bold 16 px lines of the header.
            const lines = [...svg.querySelectorAll('g[aria-hidden="true"] > text[font-size="16"][font-weight="600"]')]
              .map((t) => ({ text: t.textContent ?? '', ...box(t) }));
            return { svg: box(svg), cell: box(cell), lines };
          })) as Panel[];
          expect(panels.length).toBeGreaterThanOrEqual(2);
          for (const p of panels) {
            expect(p.lines.length).toBeGreaterThan(0);
            for (const line of p.lines) {
              expect(line.left, line.text).toBeGreaterThanOrEqual(p.svg.left);
              expect(line.right, `${measure}: ${line.text}`).toBeLessThanOrEqual(p.svg.right);
            }
            expect(p.svg.right).toBeLessThanOrEqual(p.cell.right + 0.5);
          }
          // Cells side by side do not overlap.
          for (let i = 1; i < panels.length; i++) {
            if (panels[i].cell.left > panels[i - 1].cell.left) expect(panels[i].cell.left).toBeGreaterThanOrEqual(panels[i - 1].cell.right);
          }
          if (measure === 'fees_10k_yuan_median') await screenshot(v.page, `small-multiples-${lang}-${width}`);
          expect(v.errors).toEqual([]);
        }
      }, 120_000);
    }
  }
});

describe('every text of a row chart', () => {
  // Views of row charts (bars and 100% bars), at a phone's width and a desktop's, in both languages:
  // each <text>, as Chromium draws it, inside its SVG, and no value axis title cut with "…".
  // At 390 px in English, "17.31 per 100 applications" at a bar's end ran 4–27 px past the right
  // edge (the plot floored at 80 px, and "1" estimated narrow), and "Lawsuits (per 100 applicati…".
  const VIEWS = ['years', 'years&by=level', 'years&by=province', 'litigation', 'outcomes', 'fees', 'applicants'];
  for (const width of [390, 1280]) {
    for (const lang of ['en', 'zh'] as const) {
      it(`lies inside its chart at ${width} px in ${lang === 'en' ? 'English' : 'Chinese'}, the axis titles whole`, async () => {
        for (const view of VIEWS) {
          const v = await pages.show(`${site.url}?view=${view}&lang=${lang}`, width);
          await waitForDb(v.page, 60_000);
          await v.page.waitForSelector('.chart-frame svg', { timeout: 30_000 });
          await waitForIdle(v.page);
          const texts = await v.page.$$eval('.chart-frame svg', (svgs) => svgs.flatMap((svg) => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim()).map((t) => {
              const r = t.getBoundingClientRect();
              return { text: t.textContent ?? '', left: r.left - box.left, right: box.right - r.right, title: t.getAttribute('font-weight') === '600' && Number(t.getAttribute('y')) < 40 };
            });
          }));
          expect(texts.length, view).toBeGreaterThan(0);
          for (const t of texts) {
            expect(t.left, `${view}: ${t.text}`).toBeGreaterThanOrEqual(-1);
            expect(t.right, `${view}: ${t.text}`).toBeGreaterThanOrEqual(-1);
          }
          // The titles above the rows (bold, in the axis block above the first row): none cut.
          expect(texts.filter((t) => t.title && t.text.includes('…')).map((t) => t.text), view).toEqual([]);
          if (width === 390 && lang === 'en' && view === VIEWS[VIEWS.length - 1]) await screenshot(v.page, 'row-charts-390-en');
          expect(v.errors).toEqual([]);
        }
      }, 180_000);
    }
  }
});

describe('views with a measure select', () => {
  // The distribution's and the map's select, with the longest English measure name, made the page
  // scroll sideways at 390 px (412 and 435 px wide), as the years view's did.
  for (const lang of ['en', 'zh'] as const) {
    it(`do not make the page scroll sideways at 390 px in ${lang === 'en' ? 'English' : 'Chinese'}`, async () => {
      for (const [view, select] of [['distribution', 'select[data-measure]'], ['map', 'select[data-map-measure]']] as const) {
        const v = await pages.show(`${site.url}?view=${view}${lang === 'en' ? '&lang=en' : ''}`, 390);
        await waitForDb(v.page, 60_000);
        await v.page.waitForSelector(select, { timeout: 30_000 });
        await waitForIdle(v.page);
        expect(await v.page.evaluate(() => document.documentElement.scrollWidth), view).toBeLessThanOrEqual(390);
        expect(v.errors).toEqual([]);
      }
    }, 120_000);
  }
});

describe('small multiples\' value axis', () => {
  // Each panel of ?view=years&by=level had its own axis (县级 0–1.5, 省级 0–4 on 3,000 generated
  // reports): a bar's length did not compare across panels. The axis's end, read off each SVG.
  it('is one axis for every panel', async () => {
    const v = await pages.show(`${site.url}?view=years&by=level&measure=handled`);
    await waitForDb(v.page, 60_000);
    await v.page.waitForSelector('.grid.multiples svg .tick', { timeout: 30_000 });
    await waitForIdle(v.page);
    const ends = await v.page.$$eval('.grid.multiples svg', (svgs) => svgs.map((svg) => {
      const ticks = [...svg.querySelectorAll('.tick')].map((t) => ({
        x: Number(/translate\(([-\d.]+)/.exec(t.getAttribute('transform') ?? '')?.[1]),
        v: Number((t.textContent ?? '').replace(/,/g, '')),
      }));
      const end = Number(/H([-\d.]+)/.exec(svg.querySelector('path.domain')?.getAttribute('d') ?? '')?.[1]);
      const [a, b] = [ticks[0], ticks[ticks.length - 1]];
      // The value at the axis's end: the ticks give the scale, the domain path its extent.
      return a.v + ((end - a.x) * (b.v - a.v)) / (b.x - a.x);
    }));
    expect(ends.length).toBeGreaterThanOrEqual(2);
    for (const end of ends) expect(end).toBeCloseTo(ends[0], 3);
    expect(v.errors).toEqual([]);
  }, 120_000);
});
