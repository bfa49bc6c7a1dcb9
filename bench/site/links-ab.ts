// Cold deep links, two whole site folders (app + data) alternated in the same minutes, measured as
// scripts/bench.ts measures them (its observer, its browser flags, a fresh server and a new
// context per load, requests outside the origin refused):
//   npx tsx bench/site/links-ab.ts --a SITE_A [--b SITE_B] [--rounds N] [--links '?a|?b'] [--throttled] [--intercept] [--out FILE]
// `--intercept`: requests go through Playwright's interception (the bench's method until session 24).
// ms from navigation start to the link's first chart mark (`[data-group] svg .mark`, or
// `[data-link-chart] svg .mark` for a filtered link), the chart's data-source and whether the
// database was ready by then. Each round runs every link on A then B (B then A the next round).
// Prints medians per link and site, every sample, and the 1-minute load average per round.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';

const { values } = parseArgs({
  options: {
    a: { type: 'string' }, b: { type: 'string' }, rounds: { type: 'string', default: '5' }, throttled: { type: 'boolean', default: false },
    links: { type: 'string', default: `?province=${encodeURIComponent('四川省')}&group=city|?group=year|?view=distribution&province=${encodeURIComponent('四川省')}|?view=fees&province=${encodeURIComponent('四川省')}` },
    out: { type: 'string' }, intercept: { type: 'boolean', default: false },
  },
});
if (!values.a) throw new Error('--a SITE is required');
const sites: [string, string][] = [['A', values.a], ...(values.b ? [['B', values.b] as [string, string]] : [])];
const links = values.links!.split('|');

// scripts/bench.ts's OBSERVER, the part the deep links use.
const OBSERVER = `
  window.__bench = {};
  const sourceOf = (m) => { const s = m.closest('[data-source]'); return s ? s.getAttribute('data-source') : null; };
  const check = () => {
    const b = window.__bench;
    if (b.dbReady === undefined && document.querySelector('[data-db-stage="ready"]')) b.dbReady = performance.now();
    if (b.groupChart === undefined) {
      const m = document.querySelector('[data-group] svg .mark, [data-link-chart] svg .mark');
      if (m) { b.groupChart = performance.now(); b.groupChartSource = sourceOf(m); b.groupChartBeforeDb = b.dbReady === undefined; }
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-db-stage', 'data-source'] });
`;
const THROTTLE = { offline: false, latency: 40, downloadThroughput: (10 * 1000 * 1000) / 8, uploadThroughput: -1 } as const;

async function until(page: Page, expression: string, timeoutMs: number): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await page.waitForTimeout(25)) if (await page.evaluate(expression)) return;
  throw new Error(`timed out waiting for ${expression}`);
}

interface Sample { ms: number; source: string | null; beforeDb: boolean }
async function cold(browser: Browser, root: string, search: string): Promise<Sample> {
  const server = await startServer({ root, port: 0 });
  const origin = new URL(server.url).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  try {
    const outside = (u: string) => !(u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:'));
    if (values.intercept) {
      // The bench's method until session 24: every request held for a round trip through this process.
      await context.route('**/*', (route) => (outside(route.request().url()) ? route.abort('blockedbyclient') : route.continue()));
    } else {
      // Observed only (as scripts/bench.ts): the browser's proxy (below) refuses any outside connection.
      context.on('request', (r) => { if (outside(r.url())) refused.push(r.url()); });
    }
    await context.addInitScript(OBSERVER);
    const page = await context.newPage();
    if (values.throttled) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { ...THROTTLE });
    }
    await page.goto(server.url + search);
    await until(page, 'window.__bench.groupChart !== undefined', 120_000);
    const b = (await page.evaluate('window.__bench')) as { groupChart: number; groupChartSource: string | null; groupChartBeforeDb: boolean };
    return { ms: b.groupChart, source: b.groupChartSource, beforeDb: b.groupChartBeforeDb };
  } finally {
    await context.close();
    await server.close();
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-pings',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-first-run', '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate',
    // Every connection but loopback goes to a port nothing listens on: refused.
    '--proxy-server=http://127.0.0.1:9'],
});
const refused: string[] = [];
const results: Record<string, Record<string, Sample[]>> = {};
const loads: number[] = [];
try {
  await cold(browser, sites[0][1], links[0]); // warm the browser process itself (not counted)
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [who, root] of round % 2 === 0 ? sites : [...sites].reverse()) {
      for (const link of links) ((results[who] ??= {})[link] ??= []).push(await cold(browser, root, link));
    }
    loads.push(loadavg()[0]);
    console.error(`round ${round + 1} done, load ${loadavg()[0].toFixed(1)}`);
  }
} finally {
  await browser.close();
}
const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(sites.map(([w, r]) => `${w} = ${r}`).join('\n'));
if (refused.length) console.log(`requests outside the site (refused): ${refused.length}, e.g. ${refused[0]}`);
console.log(`${values.throttled ? 'throttled (10 Mbit/s, 40 ms)' : 'loopback'}${values.intercept ? ', requests intercepted' : ''}; load average (1 min) after each round: ${loads.map((l) => l.toFixed(1)).join(' ')}`);
for (const link of links) {
  const row = sites.map(([w]) => {
    const s = results[w][link];
    return `${w} ${median(s.map((x) => x.ms)).toFixed(0).padStart(5)} ms (${s.map((x) => x.ms.toFixed(0)).join(' ')}; ${[...new Set(s.map((x) => x.source))].join(',')}; before db ${s.filter((x) => x.beforeDb).length}/${s.length})`;
  });
  console.log(`${decodeURIComponent(link).padEnd(34)} ${row.join('  ')}`);
}
if (values.out) writeFileSync(values.out, JSON.stringify({ sites, links, loads, throttled: values.throttled, results }, null, 1));
