// Where an interaction's time goes, in chromium, on a site the bench made (.cache/bench/N/site):
//   npx tsx bench/site/profile.ts [--site DIR] [--app DIST] [--changes N] [--combined | --grouping] [--search ?…] [--wait MS] [--agencies N] [--cpu] [--warm N] [--cpu-out FILE]
// `--app DIST` serves the app of another `vite build` (e.g. dist/) with the site's data. Each query the
// page sends to DuckDB is logged by src/db/duckdb.ts when `globalThis.__dbTrace` is an array: its
// SQL, when it was sent and when its rows were back. Prints, per interaction: the total time to the
// last DOM mutation, each query's time in the worker (its answer minus the later of its sending and
// the previous answer: the worker runs one at a time) and the wait before it; `--cpu` adds the
// main thread's self time by function (CDP Profiler) over all interactions, and the inclusive time
// (the function and what it called) of the 25 costliest; `--warm N`: N filter changes (set and
// cleared) before the profile starts, untimed (the first change of a page is not the usual one);
// `--combined`: the changes of bench/site/combined.ts instead; `--grouping`: changes of the grouped
// view's grouping (start with --search '?group=province'); `--wait MS` after ready (1500);
// `--cpu-out FILE`: the CPU profile written as a .cpuprofile (DevTools opens it).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';
import { servedFolder } from './served.ts';
import { combinedChanges, SELECTS } from './combined.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') },
    app: { type: 'string' }, changes: { type: 'string', default: '6' }, combined: { type: 'boolean', default: false }, wait: { type: 'string', default: '1500' }, agencies: { type: 'string', default: '0' },
    search: { type: 'string', default: '' }, cpu: { type: 'boolean', default: false }, queries: { type: 'string' },
    warm: { type: 'string', default: '0' }, grouping: { type: 'boolean', default: false }, 'cpu-out': { type: 'string' },
  },
});

let root = values.site!;
let temp: string | null = null;
if (values.app) {
  // The site's data hard-linked beside the app (the server refuses symlinks leading out): served.ts.
  temp = servedFolder(values.app, values.site!, 'profile-');
  root = temp;
}
if (!existsSync(join(root, 'index.html'))) throw new Error(`no index.html in ${root}`);

const server = await startServer({ root, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
await context.addInitScript('globalThis.__dbTrace = []');
const page = await context.newPage();
page.on('pageerror', (e) => console.error('page error:', e.message));
await page.goto(server.url + values.search);
await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
await page.waitForTimeout(Number(values.wait));

interface Entry { sql: string; params: unknown[]; sent: number; done?: number; rows?: number }
const cdp = await page.context().newCDPSession(page);

/** Runs `action` (page script) with the trace on; waits for 400 ms of DOM quiet; returns the trace. */
async function measure(label: string, action: string): Promise<void> {
  const r = (await page.evaluate(`new Promise((done) => {
    globalThis.__dbTrace ??= [];
    let last = performance.now();
    const observer = new MutationObserver(() => { last = performance.now(); });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const start = performance.now();
    ${action};
    const poll = () => {
      const running = globalThis.__dbTrace.some((e) => e.sent >= start && e.done === undefined);
      if (performance.now() - last > 400 && !running && !document.querySelector('[aria-busy="true"]')) {
        observer.disconnect();
        // Every query sent since the action (a query still running counts, its end unknown).
        const trace = globalThis.__dbTrace.filter((e) => e.sent >= start);
        done({ start, end: last, trace });
      } else setTimeout(poll, 20);
    };
    setTimeout(poll, 20);
  })`)) as { start: number; end: number; trace: Entry[] };
  console.log(`\n${label}: ${(r.end - r.start).toFixed(0)} ms to the last mutation, ${r.trace.length} queries`);
  let free = r.start;
  for (const e of r.trace) {
    const begin = Math.max(e.sent, free);
    const done = e.done ?? NaN;
    console.log(`  sent +${(e.sent - r.start).toFixed(0).padStart(4)}  wait ${(begin - e.sent).toFixed(0).padStart(4)}  run ${(done - begin).toFixed(0).padStart(4)}  back +${(done - r.start).toFixed(0).padStart(4)}  ${e.rows ?? '?'} rows  ${e.sql.replace(/\s+/g, ' ').slice(0, 110)}`);
    if (Number.isFinite(done)) free = Math.max(free, done);
  }
}

// The worker alone: each query of the last interaction run again, directly, one after another, 3 times.
async function worker(label: string): Promise<void> {
  const list = (await page.evaluate('globalThis.__dbTrace.slice(-12)')) as Entry[];
  console.log(`\n${label}: the worker alone (ms, 3 runs each)`);
  for (const e of list) {
    const times = (await page.evaluate(`(async () => { const t = []; for (let i = 0; i < 3; i++) { const s = performance.now(); await globalThis.__dbRun(${JSON.stringify(e.sql)}, ${JSON.stringify(e.params)}); t.push(Math.round(performance.now() - s)); } return t; })()`)) as number[];
    console.log(`  ${times.join(' / ').padStart(14)}  ${e.sql.replace(/\s+/g, ' ').slice(0, 120)}`);
  }
}

if (values.queries) {
  // `--queries FILE`: each line one SQL statement, run 5 times directly in the worker; the median.
  for (const sql of readFileSync(values.queries, 'utf8').split('\n').filter((l) => l.trim())) {
    const times = (await page.evaluate(`(async () => { const t = []; for (let i = 0; i < 5; i++) { const s = performance.now(); await globalThis.__dbRun(${JSON.stringify(sql)}); t.push(performance.now() - s); } return t.sort((a, b) => a - b); })()`)) as number[];
    console.log(`${times[2].toFixed(1).padStart(8)} ms  (${times.map((x) => x.toFixed(0)).join(' ')})  ${sql.slice(0, 140)}`);
  }
}

const options = (key: string) => page.locator(`select[data-filter="${key}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
const set = (key: string, value: string) => `(() => { const s = document.querySelector('select[data-filter="${key}"]'); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`;
const provinces = await options('province');
const years = await options('year');
const keys: [string, string[]][] = [['province', provinces], ['year', years]];
for (let i = 0; i < Number(values.warm); i++) {
  const [key, list] = keys[i % keys.length];
  await page.evaluate(set(key, list[(list.length - 1 - i) % list.length]));
  await page.waitForTimeout(2500);
  await page.evaluate(set(key, ''));
  await page.waitForTimeout(2500);
}
if (values.cpu) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
}
if (values.grouping) {
  // `--grouping` (with --search '?group=province'): the group <select> changed as the bench's grouped views change it, --changes times.
  const cycle = ['level', 'year', 'kind', 'city', 'province'];
  for (let i = 0; i < Number(values.changes); i++) {
    const value = cycle[i % cycle.length];
    await measure(`group = ${value}`, `(() => { const s = document.querySelector('select[data-control="group"]'); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`);
  }
} else if (values.combined) {
  // `--combined`: the changes of bench/site/combined.ts (several filters and another sort), --changes of them.
  const [levels, sorts] = await Promise.all([options('level'), page.locator(`${SELECTS.sorts} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))]);
  for (const c of combinedChanges({ provinces, years, levels, sorts }, Number(values.changes))) {
    await measure(`${c.label} = ${c.value || '(cleared)'}`, `(() => { const s = document.querySelector(${JSON.stringify(c.select)}); s.value = ${JSON.stringify(c.value)}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`);
  }
} else {
  for (let i = 0; i < Number(values.changes); i++) {
    const [key, list] = keys[i % keys.length];
    const value = list[Math.floor(i / keys.length) % list.length];
    await measure(`${key} = ${value}`, set(key, value));
    await measure(`${key} cleared`, set(key, ''));
  }
}
if (Number(values.changes) > 0) await worker('after the changes');

// `--agencies N`: in-app navigations to agencies with five years (as the bench does), each query timed.
if (Number(values.agencies) > 0) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const c = await (await DuckDBInstance.create(':memory:')).connect();
  const facts = join(values.site!, 'data', 'facts.parquet');
  const ids = (await c.runAndReadAll(`SELECT agency_id FROM read_parquet('${facts}') WHERE agency_id IS NOT NULL AND superseded_by IS NULL
    GROUP BY 1 HAVING COUNT(DISTINCT year) = 5 ORDER BY 1 LIMIT ${Number(values.agencies)}`)).getRows().map((r) => String(r[0]));
  for (const id of ids) {
    await measure(`agency ${id}`, `history.pushState(null, '', location.pathname + '?view=agency&agency=' + ${JSON.stringify(encodeURIComponent(id))}); dispatchEvent(new PopStateEvent('popstate'))`);
  }
}

if (values.cpu) {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
  if (values['cpu-out']) writeFileSync(values['cpu-out'], JSON.stringify(profile));
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log('\nmain thread self time (ms):');
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(0).padStart(6)}  ${k}`);
  // Inclusive: each sample's time to every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes as { id: number; children?: number[] }[]) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (!n.callFrame.url) continue;
      seen.add(`${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`);
    }
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log('\nmain thread inclusive time (ms), functions of the page:');
  for (const [k, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${ms.toFixed(0).padStart(6)}  ${k}`);
}

await browser.close();
await server.close();
if (temp) rmSync(temp, { recursive: true, force: true });
