// Where a cold deep link's wall time goes, without a trace (a trace's own cost moves the figures):
//   npx tsx bench/site/cold-waterfall.ts --site DIR --search '?…' [--runs N] [--no-route]
// Each run is a cold load as links-ab.ts makes it (a fresh server, a new context, the bench's
// observer; `--no-route` leaves out Playwright's request routing, which refuses requests outside
// the origin). Prints, per run, the page's Resource Timing entries (request start, first byte,
// last byte; ms from navigation start), the long tasks (start, duration), the first paint, and the
// first chart mark; then the medians over the runs.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';

const { values } = parseArgs({ options: { site: { type: 'string' }, search: { type: 'string', default: '' }, runs: { type: 'string', default: '3' }, 'no-route': { type: 'boolean', default: false } } });
const OBSERVER = `
  window.__bench = { tasks: [] };
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.tasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); } catch {}
  new MutationObserver(() => {
    const b = window.__bench;
    if (b.mark === undefined && document.querySelector('[data-group] svg .mark, [data-link-chart] svg .mark')) b.mark = performance.now();
    if (b.app === undefined && document.getElementById('app')?.firstChild) b.app = performance.now();
  }).observe(document, { subtree: true, childList: true });
`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-pings',
    '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-first-run', '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate'],
});
type Row = { name: string; start: number; ttfb: number; end: number };
const all: { rows: Row[]; mark: number; app: number; tasks: [number, number][]; paint: number }[] = [];
for (let run = 0; run <= Number(values.runs); run++) {
  const server = await startServer({ root: values.site!, port: 0 });
  const origin = new URL(server.url).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  if (!values['no-route']) await context.route('**/*', (route) => { const u = route.request().url(); return u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:') ? route.continue() : route.abort('blockedbyclient'); });
  await context.addInitScript(OBSERVER);
  const page = await context.newPage();
  await page.goto(server.url + values.search);
  for (const end = Date.now() + 60_000; Date.now() < end; await page.waitForTimeout(20)) if (await page.evaluate('window.__bench.mark !== undefined')) break;
  const r = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const rows = [{ name: 'document', start: 0, ttfb: nav.responseStart, end: nav.responseEnd }, { name: 'domInteractive', start: nav.domInteractive, ttfb: nav.domInteractive, end: nav.domInteractive }];
    for (const e of performance.getEntriesByType('resource')) if (e.startTime < window.__bench.mark) rows.push({ name: e.name.replace(location.origin + '/', ''), start: e.startTime, ttfb: e.responseStart, end: e.responseEnd });
    const fp = performance.getEntriesByType('paint').find((p) => p.name === 'first-paint');
    return { rows, mark: window.__bench.mark, app: window.__bench.app, tasks: window.__bench.tasks.filter((t) => t[0] < window.__bench.mark), paint: fp ? fp.startTime : -1 };
  })()`)) as (typeof all)[number];
  await context.close();
  await server.close();
  if (run === 0) continue; // the browser's own first load, not counted
  all.push(r);
  console.log(`run ${run}: mark ${r.mark.toFixed(0)}, app mounted ${r.app?.toFixed(0)}, first paint ${r.paint.toFixed(0)}`);
  for (const x of r.rows) console.log(`  ${x.start.toFixed(0).padStart(5)} ${x.ttfb.toFixed(0).padStart(5)} ${x.end.toFixed(0).padStart(5)}  ${x.name}`);
  console.log(`  long tasks: ${r.tasks.map(([s, d]) => `${s}+${d}`).join(' ')}`);
}
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(`\nmedians over ${all.length} runs: mark ${median(all.map((r) => r.mark)).toFixed(0)}, app mounted ${median(all.map((r) => r.app)).toFixed(0)}`);
const names = [...new Set(all.flatMap((r) => r.rows.map((x) => x.name)))];
for (const n of names) {
  const xs = all.map((r) => r.rows.find((x) => x.name === n)).filter((x): x is Row => !!x);
  console.log(`  ${median(xs.map((x) => x.start)).toFixed(0).padStart(5)} ${median(xs.map((x) => x.ttfb)).toFixed(0).padStart(5)} ${median(xs.map((x) => x.end)).toFixed(0).padStart(5)}  ${n} (${xs.length}/${all.length})`);
}
await browser.close();
