// A/B of two app builds on the same data, interleaved so that both see the same machine load
// (this 2-core machine is shared: sequential bench runs minutes apart compare loads, not code):
//   npx tsx bench/site/ab.ts --a DIST_A --b DIST_B [--site DIR] [--rounds N] [--agencies N] [--links '?a|?b']
// (`--links`: other cold links, '|' between them, instead of the four below; `--agencies 0`: no agency page.)
// Each round, for A then B (then B then A in the next round): cold loads (a new browser context,
// empty cache) of ?group=province, ?province=<largest>&group=city, ?group=year and the home page:
// ms to the first chart mark (`[data-group] svg .mark`, or `svg .mark` for the home page); then
// in a warm page of each (database ready), N in-app navigations to agencies with five years: ms to
// the source text <pre> filled with the new report's text. Prints medians per figure and build.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer } from '../../src/server/static.ts';
import { servedFolder } from './served.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    a: { type: 'string' }, b: { type: 'string' }, site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') },
    rounds: { type: 'string', default: '3' }, agencies: { type: 'string', default: '6' }, province: { type: 'string', default: '四川省' },
    links: { type: 'string' },
  },
});
if (!values.a || !values.b) throw new Error('--a DIST and --b DIST are required');

/** The app of `dist` with the site's data (hard links) and the two compression records merged. */
function served(dist: string): string {
  return servedFolder(dist, values.site!, 'ab-');
}

const OBSERVER = `window.__first = null; new MutationObserver(() => { if (window.__first === null && document.querySelector(location.search.includes('group=') ? '[data-group] svg .mark' : 'svg .mark')) window.__first = performance.now(); }).observe(document, { subtree: true, childList: true });`;

async function cold(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(OBSERVER);
  const page = await context.newPage();
  await page.goto(url);
  // Polled from here: the page's CSP forbids the string evaluation waitForFunction uses.
  let ms: number | null = null;
  for (const until = Date.now() + 60_000; ms === null && Date.now() < until; await new Promise((r) => setTimeout(r, 20))) ms = (await page.evaluate('window.__first')) as number | null;
  if (ms === null) throw new Error(`${url}: no chart within 60 s`);
  await context.close();
  return ms;
}

async function agencies(browser: Browser, base: string, ids: string[], startReport: string): Promise<number[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${base}?view=agency&report=${startReport}`);
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
  await page.waitForSelector('pre[data-testid="source-text"]', { timeout: 120_000 });
  await page.waitForTimeout(800);
  const out: number[] = [];
  for (const id of ids) {
    out.push((await page.evaluate(`new Promise((done) => {
      const before = document.querySelector('pre[data-testid="source-text"]')?.textContent ?? '';
      const start = performance.now();
      history.pushState(null, '', location.pathname + '?view=agency&agency=' + ${JSON.stringify(encodeURIComponent(id))});
      dispatchEvent(new PopStateEvent('popstate'));
      const poll = () => {
        const t = document.querySelector('pre[data-testid="source-text"]')?.textContent ?? '';
        if (t && t !== before) requestAnimationFrame(() => done(performance.now() - start)); else setTimeout(poll, 5);
      };
      poll();
    })`)) as number);
  }
  await context.close();
  return out;
}

const c = await (await DuckDBInstance.create(':memory:')).connect();
const facts = join(values.site!, 'data', 'facts.parquet');
const ids = (await c.runAndReadAll(`SELECT agency_id FROM read_parquet('${facts}') WHERE agency_id IS NOT NULL AND superseded_by IS NULL
  GROUP BY 1 HAVING COUNT(DISTINCT year) = 5 ORDER BY hash(agency_id) LIMIT ${Number(values.agencies)}`)).getRows().map((r) => String(r[0]));
const startReport = String((await c.runAndReadAll(`SELECT report_id FROM read_parquet('${facts}') ORDER BY report_id LIMIT 1`)).getRows()[0][0]);
const roots = { A: served(values.a), B: served(values.b) };
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const links = values.links !== undefined ? values.links.split('|')
  : ['?group=province', `?province=${encodeURIComponent(values.province!)}&group=city`, '?group=year', ''];
const results: Record<string, Record<string, number[]>> = { A: {}, B: {} };
const add = (who: string, key: string, v: number[]) => ((results[who][key] ??= []).push(...v));
const loads: number[] = [];
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const who of round % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
      const server = await startServer({ root: roots[who as 'A' | 'B'], port: 0 });
      try {
        for (const link of links) add(who, link || '(home)', [await cold(browser, server.url + link)]);
        if (ids.length) add(who, 'agency source text', await agencies(browser, server.url, ids, startReport));
      } finally {
        await server.close();
      }
      loads.push(loadavg()[0]);
    }
  }
} finally {
  await browser.close();
  for (const r of Object.values(roots)) rmSync(r, { recursive: true, force: true });
}
const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(`A = ${values.a}\nB = ${values.b}\nload average (1 min) during the rounds: ${loads.map((l) => l.toFixed(1)).join(' ')}`);
for (const key of Object.keys(results.A)) {
  console.log(`${key.padEnd(40)} A ${median(results.A[key]).toFixed(0).padStart(6)} ms  B ${median(results.B[key]).toFixed(0).padStart(6)} ms   (A: ${results.A[key].map((x) => x.toFixed(0)).join(' ')} | B: ${results.B[key].map((x) => x.toFixed(0)).join(' ')})`);
}
