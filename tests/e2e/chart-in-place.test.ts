// A chart drawn again in place (src/charts/morph.ts, render.ts update) must be the chart a fresh
// page draws for the same state: after several filter, sort and page changes in one page, every
// chart's SVG (each element, its attributes and text, in order) and its data table equal those of
// a new page opened on the same URL, whose charts were drawn once from scratch. No stale bar,
// label or note may survive a change, and the accessible table follows the marks.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, makeSite, syntheticReports, visit, waitForChart, waitForDb, type Browsing, type Site } from './site.ts';

let site: Site;
let browsing: Browsing;

beforeAll(async () => {
  [site, browsing] = await Promise.all([makeSite({ reports: syntheticReports(120) }), launchBrowser()]);
}, 600_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

interface Frame { draws: string | null; svg: string; table: string }

/** Every chart frame of the page: its SVG written out canonically (attributes sorted, ids numbered apart), its table's text. */
function frames(page: Page): Promise<Frame[]> {
  return page.evaluate(() => {
    const write = (node: Node): string => {
      if (node.nodeType === 3) return JSON.stringify(node.nodeValue);
      if (node.nodeType !== 1) return '';
      const el = node as Element;
      const attrs = el.getAttributeNames().sort().map((n) => `${n}=${JSON.stringify(el.getAttribute(n))}`).join(' ');
      return `<${el.localName} ${attrs}>${[...el.childNodes].map(write).join('')}</${el.localName}>`;
    };
    return [...document.querySelectorAll('.chart-frame')].map((frame) => {
      const host = frame.querySelector('.chart > div');
      const svg = frame.querySelector('.chart svg');
      return {
        draws: host?.getAttribute('data-draws') ?? null,
        // The chart's own serial number is in its ids (chart-7-title): the same chart, another number.
        svg: svg ? write(svg).replace(/chart-\d+-/g, 'chart-#-') : '',
        table: frame.querySelector('table')?.textContent ?? '',
      };
    });
  });
}

/** Runs `change` in the page and waits until nothing has changed for 600 ms and nothing is busy. */
async function settle(page: Page, change: string): Promise<void> {
  await page.evaluate(`new Promise((done) => {
    let last = performance.now();
    const o = new MutationObserver(() => { last = performance.now(); });
    o.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    ${change};
    const poll = () => performance.now() - last > 600 && !document.querySelector('[aria-busy="true"]')
      ? (o.disconnect(), done()) : setTimeout(poll, 50);
    setTimeout(poll, 50);
  })`);
}

const select = (key: string, value: string, attr = 'data-filter') =>
  `(() => { const s = document.querySelector('select[${attr}="${key}"]'); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`;

it('draws in place the same charts, tables included, as a fresh page of the same state', async () => {
  const v = await visit(browsing, site);
  const fresh = await visit(browsing, site);
  try {
    await v.page.goto(site.url);
    await waitForDb(v.page, 60_000);
    await waitForChart(v.page);
    await settle(v.page, '0');
    const options = async (key: string) => (await v.page.locator(`select[data-filter="${key}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
    const [provinces, years, levels] = [await options('province'), await options('year'), await options('level')];
    expect(provinces.length).toBeGreaterThan(1);
    // Narrower and wider sets in turn: rows come and go, the whole-set bar and the too-few chart change.
    const changes = [
      select('province', provinces[0]), select('year', years[0]), select('province', ''), select('level', levels[0]),
      select('year', ''), select('province', provinces[1]), select('level', ''),
    ];
    for (const change of changes) await settle(v.page, change);
    // Other sorts (by size: no too-few chart; by a share: one), the next page, another filter.
    const sort = (value: string) => `(() => { const s = [...document.querySelectorAll('select')].find((x) => x.querySelector('option[value="handled"]')); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`;
    await settle(v.page, select('province', ''));
    await settle(v.page, sort('handled'));
    await settle(v.page, `document.querySelector('.pager button:last-of-type').click()`);
    await settle(v.page, sort('refused'));
    await settle(v.page, select('year', years[years.length - 1]));

    const after = await frames(v.page);
    expect(after.length).toBeGreaterThan(0);
    // The in-place path was taken: the outcome chart was drawn more than once in the same SVG.
    expect(Number(after[0].draws)).toBeGreaterThan(1);

    await fresh.page.goto(v.page.url());
    await waitForDb(fresh.page, 60_000);
    await waitForChart(fresh.page);
    await settle(fresh.page, '0');
    const drawnOnce = await frames(fresh.page);
    expect(drawnOnce.map((f) => f.draws)).toEqual(drawnOnce.map(() => '1'));
    expect(after.map((f) => f.svg)).toEqual(drawnOnce.map((f) => f.svg));
    expect(after.map((f) => f.table)).toEqual(drawnOnce.map((f) => f.table));
  } finally {
    await v.context.close();
    await fresh.context.close();
  }
}, 240_000);
