// A filter change draws each chart once, when its new rows arrive: not also at once with the old
// rows under the new filter's words (issue 13.5; the redraw is most of a change's main-thread work).
// And the numbers drawn are the new filter's (the chart's data table, against SQL written here).
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { OUTCOMES } from '../oracle.ts';
import { launchBrowser, makeSite, showInPage, visit, waitForChart, waitForDb, type Browsing, type Site, openChartTables } from './site.ts';

let site: Site;
let browsing: Browsing;

beforeAll(async () => {
  [site, browsing] = await Promise.all([makeSite(), launchBrowser()]);
}, 600_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

/** Counts the SVGs put into the first chart frame under `scope` while `change` runs and the page settles. */
async function drawsDuring(page: Page, scope: string, change: string): Promise<number> {
  return (await page.evaluate(`new Promise((done) => {
    const host = document.querySelector(${JSON.stringify(`${scope} .chart-frame .chart`)});
    let drawn = 0;
    let last = performance.now();
    const o = new MutationObserver((list) => {
      for (const m of list) for (const n of m.addedNodes) if (n.nodeType === 1 && n.querySelector('svg')) drawn++;
      last = performance.now();
    });
    o.observe(host, { childList: true });
    const seen = new MutationObserver(() => { last = performance.now(); });
    seen.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    ${change};
    const poll = () => performance.now() - last > 800 && !document.querySelector('[aria-busy="true"]')
      ? (o.disconnect(), seen.disconnect(), done(drawn)) : setTimeout(poll, 50);
    setTimeout(poll, 50);
  })`)) as number;
}

/**
 * Changes made inside the charts' SVGs of the first chart frame under `scope` while `change` runs and
 * the page settles: 0 when each chart is drawn detached and put in the page whole (src/charts/render.ts),
 * thousands when drawn node by node in the live page.
 */
async function changesInsideChartsDuring(page: Page, scope: string, change: string): Promise<number> {
  return (await page.evaluate(`new Promise((done) => {
    const host = document.querySelector(${JSON.stringify(`${scope} .chart-frame .chart`)});
    let inside = 0;
    let last = performance.now();
    const o = new MutationObserver((list) => {
      for (const m of list) if (m.target.nodeType === 1 ? m.target.closest('svg') : m.target.parentElement?.closest('svg')) inside++;
      last = performance.now();
    });
    o.observe(host, { childList: true, subtree: true, attributes: true, characterData: true });
    ${change};
    const poll = () => performance.now() - last > 800 && !document.querySelector('[aria-busy="true"]')
      ? (o.disconnect(), done(inside)) : setTimeout(poll, 50);
    setTimeout(poll, 50);
  })`)) as number;
}

const setProvince = (value: string) => `(() => { const s = document.querySelector('select[data-filter="province"]'); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`;

it('draws the outcome chart and the grouped chart once per filter change, with the new numbers', async () => {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const facts = join(site.root, 'data', 'facts.parquet');
  // The province with the most reports; its reports, and those that state every outcome group (the chart's whole-set bar).
  const [{ p, n, stated }] = (await db.runAndReadAll(`SELECT province AS p, COUNT(*)::INTEGER AS n, (COUNT(*) FILTER (WHERE ${OUTCOMES} IS NOT NULL))::INTEGER AS stated
    FROM read_parquet('${facts}') WHERE status <> 'failed' AND superseded_by IS NULL AND province IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`)).getRowObjectsJS() as { p: string; n: number; stated: number }[];
  const v = await visit(browsing, site);
  try {
    await v.page.goto(site.url);
    await waitForDb(v.page, 60_000);
    await waitForChart(v.page);
    await v.page.waitForTimeout(500);
    expect(await drawsDuring(v.page, '', setProvince(p))).toBe(1);
    // The chart's table is the new filter's: the whole-set row counts that province's reports.
    await expect.poll(async () => { await openChartTables(v.page); return v.page.locator('.chart-frame table tbody tr').first().textContent(); }).toContain(`全部 ${stated.toLocaleString('zh-CN')} 份年报`);
    expect(await drawsDuring(v.page, '', setProvince(''))).toBe(1);
    // Each drawn whole, off the page, then put in it: nothing inside a chart changes in the live page.
    expect(await changesInsideChartsDuring(v.page, '', setProvince(p))).toBe(0);
    expect(await changesInsideChartsDuring(v.page, '', setProvince(''))).toBe(0);

    // Shown in the same page, as the app's own links do (page.goto would start DuckDB again).
    await showInPage(v.page, `${site.url}?group=year`);
    await waitForDb(v.page, 60_000);
    await v.page.waitForSelector('[data-group] svg .mark');
    await v.page.waitForTimeout(500);
    expect(await drawsDuring(v.page, '[data-group]', setProvince(p))).toBe(1);
    // The total row of the grouped table: the province's reports.
    await expect.poll(() => v.page.locator('[data-testid="group-table"] tr[data-total] td[data-measure="reports"]').textContent()).toBe(n.toLocaleString('zh-CN'));
  } finally {
    await v.context.close();
  }
}, 180_000);
