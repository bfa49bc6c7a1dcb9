// npm run bench [-- --runs N] [--changes N] [--no-build]
// The site's speed as a visitor gets it: headless Debian chromium against the production build
// (`vite build` + the data of data/reports) served by scripts/serve.ts with its final compression.
// Prints a table and writes bench/site/results.json.
//
// Measured, per cold run (a new browser context: empty cache, nothing warm in the page):
//   first chart   — ms from navigation start until the first chart SVG with data marks (`svg .mark`)
//                   is in the DOM (a MutationObserver installed before any page script runs);
//   db ready      — ms until the status line says data-db-stage="ready";
//   bytes         — bytes the server wrote for the page (headers + compressed bodies, counted per
//                   response on the socket, so requests from the DuckDB worker count too): those
//                   finished before the first chart, and all of them once the database is ready.
// Then, in one warm page with the database ready, ≥30 filter changes through the filter <select>s
// (province, year, level — set and cleared in turn). "Redrawn" = the page's DOM is quiet again: the
// time from dispatching `change` to the last DOM mutation before 300 ms of quiet, provided the chart
// marks changed. (The views expose no "drawn" marker, so quiescence is the measure; it includes the
// SQL queries, Svelte updates and the D3 re-render of everything on the page.) Also reported: the
// outcome chart alone — the moment its wrapper is no longer aria-busy and its marks have changed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildData } from '../src/build/build.ts';
import { startServer, type Served } from '../src/server/static.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGETS = { firstChartMs: 1000, dbReadyMs: 3000, redrawMedianMs: 50, redrawP95Ms: 100, bytesBeforeFirstChart: 300 * 1024 };

function args(): { runs: number; changes: number; build: boolean } {
  const a = process.argv.slice(2);
  const value = (name: string, fallback: number) => {
    const i = a.indexOf(name);
    const v = i >= 0 ? Number(a[i + 1]) : fallback;
    if (!Number.isInteger(v) || v < 1) {
      process.stderr.write(`usage: npm run bench -- [--runs N] [--changes N] [--no-build]\n`);
      process.exit(2);
    }
    return v;
  };
  return { runs: value('--runs', 5), changes: value('--changes', 36), build: !a.includes('--no-build') };
}

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Runs in the page before its own scripts: note when the first chart and the ready database appear.
 * A string, not a function: tsx's transform adds helpers (__name) that do not exist in the page.
 */
const OBSERVER = `
  window.__bench = {};
  const check = () => {
    if (window.__bench.firstChart === undefined && document.querySelector('svg .mark')) window.__bench.firstChart = performance.now();
    if (window.__bench.dbReady === undefined && document.querySelector('[data-db-stage="ready"]')) window.__bench.dbReady = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-db-stage'] });
`;

/** In the page: change one <select>, resolve with the time until the DOM is quiet again. */
const CHANGE = `(({ filter, value }) => new Promise((resolve, reject) => {
  const select = document.querySelector('select[data-filter="' + filter + '"]');
  if (!select) return reject(new Error('no select for ' + filter));
  const marks = () => [...document.querySelectorAll('svg .mark')].map((m) => m.getAttribute('aria-label')).join('|');
  const before = marks();
  let last = performance.now();
  const QUIET = 300;
  let chart;
  const observer = new MutationObserver(() => {
    last = performance.now();
    if (chart === undefined && !document.querySelector('[aria-busy="true"]') && marks() !== before) chart = last;
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const start = performance.now();
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  const poll = () => {
    if (performance.now() - last >= QUIET) {
      observer.disconnect();
      resolve({ ms: Math.max(0, last - start), chartMs: chart === undefined ? null : chart - start, marksChanged: marks() !== before });
    } else setTimeout(poll, 20);
  };
  setTimeout(poll, 20);
}))`;

async function main(): Promise<void> {
  const options = args();
  const dist = join(ROOT, 'dist');
  if (options.build) {
    process.stderr.write('building the data and the site…\n');
    await buildData({ reportsDir: join(ROOT, 'data', 'reports'), outDir: join(ROOT, 'public', 'data') });
    execFileSync(process.execPath, ['--input-type=module', '-e', `import { build } from 'vite'; await build({ logLevel: 'warn' });`], { cwd: ROOT, stdio: 'inherit' });
  }

  const served: Served[] = [];
  const server = await startServer({ root: dist, port: 0, onResponse: (s) => served.push(s) });
  process.stderr.write(`serving ${dist} at ${server.url}; waiting for the final compression (first time ~30 s, then cached)…\n`);
  await server.compressed;
  const origin = new URL(server.url).origin;

  // Anything leaving loopback goes to a refusing "proxy" and is counted.
  const outside: string[] = [];
  const proxy = createNetServer((socket) => {
    socket.once('data', (c) => {
      outside.push(c.toString('latin1').split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      // Chromium's own background traffic (autofill, sync, update checks) off; what is left goes to the proxy.
      '--disable-sync', '--no-pings', '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-first-run',
      '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate',
      `--proxy-server=http://127.0.0.1:${(proxy.address() as { port: number }).port}`],
  });

  const cold: { firstChartMs: number; dbReadyMs: number; bytesBeforeFirstChart: number; bytesTotal: number; requests: number }[] = [];
  const blocked: string[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
        blocked.push(url);
        return route.abort('blockedbyclient');
      });
      await context.addInitScript(OBSERVER);
      const page = await context.newPage();
      served.length = 0;
      await page.goto(server.url);
      await page.waitForSelector('[data-db-stage="ready"], [data-db-stage="error"]', { timeout: 60_000 });
      if (await page.locator('[data-db-stage="error"]').count()) throw new Error(`database error: ${await page.locator('[data-db-stage]').innerText()}`);
      await page.waitForFunction('window.__bench.firstChart !== undefined', null, { timeout: 30_000 });
      await page.waitForTimeout(300); // let the last responses finish and be counted
      const t = (await page.evaluate('({ origin: performance.timeOrigin, firstChart: window.__bench.firstChart, dbReady: window.__bench.dbReady })')) as
        { origin: number; firstChart: number; dbReady: number };
      const firstChartAt = t.origin + t.firstChart;
      // Server and browser share the clock; a response finished before the chart appeared counts as "before".
      cold.push({
        firstChartMs: t.firstChart,
        dbReadyMs: t.dbReady,
        bytesBeforeFirstChart: served.filter((s) => s.end <= firstChartAt).reduce((n, s) => n + s.bytes, 0),
        bytesTotal: served.reduce((n, s) => n + s.bytes, 0),
        requests: served.length,
      });
      process.stderr.write(`cold run ${run + 1}: first chart ${t.firstChart.toFixed(0)} ms, db ready ${t.dbReady.toFixed(0)} ms\n`);
      if (run === 0) {
        process.stderr.write(served.map((s) => `  ${s.status} ${s.encoding.padEnd(8)} ${String(s.bytes).padStart(9)} B  ${s.url}\n`).join(''));
      }
      await context.close();
    }

    // Filter changes in one warm page.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await context.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient')));
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-db-stage="ready"]', { timeout: 60_000 });
    await page.waitForSelector('svg .mark');
    await page.waitForTimeout(500);
    const redraws = await filterChanges(page, options.changes);
    await context.close();

    const summary = {
      firstChartMs: median(cold.map((c) => c.firstChartMs)),
      dbReadyMs: median(cold.map((c) => c.dbReadyMs)),
      bytesBeforeFirstChart: median(cold.map((c) => c.bytesBeforeFirstChart)),
      bytesTotal: median(cold.map((c) => c.bytesTotal)),
      redrawMedianMs: median(redraws.map((r) => r.ms)),
      redrawP95Ms: quantile(redraws.map((r) => r.ms), 0.95),
      outcomeChartMedianMs: median(redraws.flatMap((r) => (r.chartMs === null ? [] : [r.chartMs]))),
      outcomeChartP95Ms: quantile(redraws.flatMap((r) => (r.chartMs === null ? [] : [r.chartMs])), 0.95),
    };
    const pass = {
      firstChartMs: summary.firstChartMs < TARGETS.firstChartMs,
      dbReadyMs: summary.dbReadyMs < TARGETS.dbReadyMs,
      redrawMedianMs: summary.redrawMedianMs < TARGETS.redrawMedianMs,
      redrawP95Ms: summary.redrawP95Ms < TARGETS.redrawP95Ms,
      bytesBeforeFirstChart: summary.bytesBeforeFirstChart <= TARGETS.bytesBeforeFirstChart,
    };
    const chromeVersion = browser.version();
    const results = {
      measured_at: new Date().toISOString(),
      browser: `chromium ${chromeVersion} (headless)`,
      machine: { cores: (await import('node:os')).cpus().length, node: process.version },
      method: {
        cold_runs: options.runs,
        filter_changes: redraws.length,
        first_chart: 'first `svg .mark` in the DOM, ms since navigation start (MutationObserver)',
        db_ready: '[data-db-stage="ready"], ms since navigation start',
        redrawn: 'DOM quiet for 300 ms after the change; time of the last mutation (every chart, the filter counts and the extract count)',
        outcome_chart: 'first mutation after the change at which no [aria-busy="true"] remains and the chart marks differ (Outcomes marks its chart aria-busy while its SQL runs)',
        bytes: 'bytes written by the server per response (headers + brotli bodies), loopback, no throttling',
      },
      targets: TARGETS,
      summary,
      pass,
      cold,
      redraws,
      /** Requests the pages (or their workers) made outside 127.0.0.1: blocked, and must be none. */
      outside_requests: blocked,
      /** Connections Chromium itself opened (update checks, accounts), not the page: refused by the proxy. */
      browser_background_connections: outside,
    };
    mkdirSync(join(ROOT, 'bench', 'site'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'site', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const rows: [string, string, string, boolean][] = [
      ['first chart (cold, median)', `${summary.firstChartMs.toFixed(0)} ms`, '< 1000 ms', pass.firstChartMs],
      ['DuckDB ready (cold, median)', `${summary.dbReadyMs.toFixed(0)} ms`, '< 3000 ms', pass.dbReadyMs],
      ['filter → redrawn, median', `${summary.redrawMedianMs.toFixed(1)} ms`, '< 50 ms', pass.redrawMedianMs],
      ['filter → redrawn, p95', `${summary.redrawP95Ms.toFixed(1)} ms`, '< 100 ms', pass.redrawP95Ms],
      ['  outcome chart alone, median', `${summary.outcomeChartMedianMs.toFixed(1)} ms`, '', true],
      ['  outcome chart alone, p95', `${summary.outcomeChartP95Ms.toFixed(1)} ms`, '', true],
      ['bytes before first chart', kb(summary.bytesBeforeFirstChart), '≤ 300 KB', pass.bytesBeforeFirstChart],
      ['bytes in total (db ready)', kb(summary.bytesTotal), '', true],
    ];
    const out = [
      `site benchmark — ${results.browser}, ${options.runs} cold runs, ${redraws.length} filter changes`,
      '',
      `| measure | value | target | |`,
      `|---|---:|---:|---|`,
      ...rows.map(([m, v, target, ok]) => `| ${m} | ${v} | ${target} | ${target ? (ok ? 'ok' : 'MISSED') : ''} |`),
      '',
      `page requests outside 127.0.0.1: ${blocked.length}${blocked.length ? ` (${blocked.slice(0, 3).join(', ')}…)` : ''}; Chromium's own background connections (refused): ${outside.length}`,
      `written to bench/site/results.json`,
      '',
    ];
    process.stdout.write(out.join('\n'));
  } finally {
    await browser.close();
    await server.close();
    proxy.close();
  }
}

/** Change the filters `n` times through the <select>s; time each until the DOM is quiet again. */
interface Redraw { filter: string; value: string; ms: number; chartMs: number | null; marksChanged: boolean }

async function filterChanges(page: Page, n: number): Promise<Redraw[]> {
  const options: Record<string, string[]> = {};
  for (const key of ['province', 'year', 'level']) {
    options[key] = await page.locator(`select[data-filter="${key}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
  }
  // Set a value, then clear it: every change is a real change of the data shown.
  const steps: { filter: string; value: string }[] = [];
  const keys = Object.keys(options).filter((k) => options[k].length > 0);
  for (let i = 0; steps.length < n; i++) {
    const key = keys[i % keys.length];
    const values = options[key];
    steps.push({ filter: key, value: values[Math.floor(i / keys.length) % values.length] });
    steps.push({ filter: key, value: '' });
  }
  const results: Redraw[] = [];
  for (const step of steps.slice(0, n)) {
    const r = (await page.evaluate(`${CHANGE}(${JSON.stringify(step)})`)) as { ms: number; chartMs: number | null; marksChanged: boolean };
    results.push({ ...step, ...r });
  }
  return results;
}

await main();
