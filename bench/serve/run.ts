// npx tsx bench/serve/run.ts --site DIR [--label L] [--samples N] [--browser]
// The production server on a built site (dist/ with its data/): time to listen (a fresh
// `scripts/serve.ts` process, from spawn to the URL printed), the first response of each kind of
// file, each from a fresh process as its very first request (time to headers and to the last
// byte), the server's RSS after start and after the
// requests, and the agency page's source text: `loadSource` (index + one Range request) for N
// random reports, and with --browser in headless chromium (the page's own requests, from the
// index request's start to the shard's last byte, by the Resource Timing API).
// Prints one JSON object; nothing is written. listen_ms includes starting node and tsx;
// listen_in_process_ms is startServer() alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { loadSource } from '../../src/app/sources.ts';
import { startServer } from '../../src/server/static.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    site: { type: 'string' },
    label: { type: 'string', default: '' },
    samples: { type: 'string', default: '200' },
    browser: { type: 'boolean', default: false },
  },
});
if (!values.site) {
  process.stderr.write('usage: npx tsx bench/serve/run.ts --site DIR [--label L] [--samples N] [--browser]\n');
  process.exit(2);
}
const site = resolve(values.site);

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

function timed(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headersMs: number; totalMs: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const headersMs = performance.now() - t0;
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => done({ status: res.statusCode ?? 0, headersMs, totalMs: performance.now() - t0, bytes }));
    });
    req.on('error', fail);
    req.end();
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x: number) => Math.round(x * 10) / 10;

// Every report id that has a text, from the indexes.
const sourcesDir = join(site, 'data', 'sources');
const ids: string[] = [];
for (const name of readdirSync(sourcesDir)) {
  if (!/^index-[0-9a-f]+\.json$/.test(name)) continue;
  ids.push(...Object.keys((JSON.parse(readFileSync(join(sourcesDir, name), 'utf8')) as { entries: Record<string, unknown> }).entries));
}
const siteFiles = (function count(dir: string): number {
  let n = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) n += item.isDirectory() ? count(join(dir, item.name)) : 1;
  return n;
})(site);

// startServer() itself, in this process (module loading excluded).
const t0 = performance.now();
const inProcess = await startServer({ root: site, port: 0 });
const listenInProcessMs = performance.now() - t0;
await inProcess.close();

/** A fresh `scripts/serve.ts` process on a free port: its URL once it prints it, the ms from spawn to then. */
async function spawnServer(): Promise<{ url: string; listenMs: number; child: ChildProcess }> {
  const spawned = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'serve.ts'), '--port', '0', '--root', site], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.on('exit', (code) => fail(new Error(`scripts/serve.ts exited (${code}) before listening`)));
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) done(m[0]);
    });
  });
  return { url, listenMs: performance.now() - spawned, child };
}
const stop = (child: ChildProcess) => new Promise<void>((done) => {
  child.once('exit', () => done());
  child.kill('SIGTERM');
});

// Every kind of file's first response comes from a server that has answered nothing before (issue
// 13.1: "any first response"): one fresh process per probe, its very first request.
const assets = readdirSync(join(site, 'assets'));
const wasm = assets.find((a) => a.endsWith('.wasm'))!;
const script = assets.find((a) => /^index-.*\.js$/.test(a))!;
const some = ids[Math.floor(ids.length / 2)];
const index = JSON.parse(readFileSync(join(sourcesDir, `index-${some.slice(0, 2)}.json`), 'utf8')) as { shards: string[]; entries: Record<string, [number, number, number]> };
const [shard, offset, length] = index.entries[some];
const probes: [string, string, Record<string, string>, string?][] = [
  ['page', '', { 'accept-encoding': 'br' }],
  ['script (br)', `assets/${script}`, { 'accept-encoding': 'br' }],
  ['wasm (br)', `assets/${wasm}`, { 'accept-encoding': 'br' }],
  ['summary.json (br)', 'data/summary.json', { 'accept-encoding': 'br' }],
  ['facts.parquet HEAD', 'data/facts.parquet', {}, 'HEAD'],
  ['reports.parquet footer range', 'data/reports.parquet', { range: 'bytes=-8' }],
  ['source index', `data/sources/index-${some.slice(0, 2)}.json`, { 'accept-encoding': 'br' }],
  ['source shard range', `data/sources/${index.shards[shard]}`, { range: `bytes=${offset}-${offset + length - 1}` }],
];
const first: Record<string, unknown> = {};
const listens: number[] = [];
const rssAtStart: number[] = [];
for (const [name, path, headers, method] of probes) {
  const s = await spawnServer();
  try {
    listens.push(s.listenMs);
    rssAtStart.push(rssOf(s.child.pid!));
    const r = await timed(s.url + path, headers, method);
    first[name] = { status: r.status, headers_ms: round(r.headersMs), total_ms: round(r.totalMs), bytes: r.bytes, listen_ms: round(s.listenMs) };
  } finally {
    await stop(s.child);
  }
}

// One more for the source texts and the RSS after requests.
const { url, listenMs, child } = await spawnServer();
listens.push(listenMs);
const rssStart = rssOf(child.pid!);

try {
  const n = Number(values.samples);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = ids[Math.floor(Math.random() * ids.length)];
    const t0 = performance.now();
    const r = await loadSource(`${url}data/sources/`, id);
    times.push(performance.now() - t0);
    if (r.state !== 'done') throw new Error(`${id}: ${JSON.stringify(r)}`);
  }
  const result: Record<string, unknown> = {
    label: values.label,
    reports_with_text: ids.length,
    site_files: siteFiles,
    listen_ms: { median: round(quantile(listens, 0.5)), max: round(Math.max(...listens)), samples: listens.length },
    listen_in_process_ms: round(listenInProcessMs),
    load_average: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    first_response: first,
    source_text_ms: { samples: n, median: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), max: round(Math.max(...times)) },
    // The "first response": time to the response's headers (first byte); the last byte of a 3 MB wasm is the bandwidth's.
    first_response_max_ms: round(Math.max(...Object.values(first).map((f) => (f as { headers_ms: number }).headers_ms))),
    first_response_last_byte_max_ms: round(Math.max(...Object.values(first).map((f) => (f as { total_ms: number }).total_ms))),
    server_rss_mb: { after_start: round(rssStart / 2 ** 20), after_start_max: round(Math.max(rssStart, ...rssAtStart) / 2 ** 20), after_requests: round(rssOf(child.pid!) / 2 ** 20) },
  };

  if (values.browser) {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const page_ms: number[] = [];
    const fetch_ms: number[] = [];
    const gap_ms: number[] = [];
    const warm_ms: number[] = [];
    const timing = (n: number) => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const idx = entries.filter((e) => /\/sources\/index-/.test(e.name)).at(n);
      const shard = entries.filter((e) => /\/sources\/shard-/.test(e.name)).at(n);
      return idx && shard ? { fetch: shard.responseEnd - idx.startTime, gap: shard.startTime - idx.responseEnd, page: shard.responseEnd } : null;
    };
    try {
      for (let i = 0; i < 5; i++) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${url}?view=agency&report=${id}`);
        await page.waitForSelector('[data-testid="source-text"]', { timeout: 60_000 });
        const t = await page.evaluate(timing, -1);
        if (t) {
          fetch_ms.push(t.fetch);
          gap_ms.push(t.gap);
          page_ms.push(t.page);
        }
        // The next report once the page has settled (DuckDB ready): what clicking through agencies costs.
        await page.waitForSelector('[data-db-stage="ready"]', { timeout: 120_000 }).catch(() => {});
        const next = ids[Math.floor(Math.random() * ids.length)];
        await page.evaluate((q) => {
          history.pushState(null, '', q);
          dispatchEvent(new PopStateEvent('popstate'));
        }, `?view=agency&report=${next}`);
        await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => /\/sources\/shard-/.test(e.name)).length >= n, 2, { timeout: 60_000 });
        await page.waitForSelector('[data-testid="source-text"]', { timeout: 60_000 });
        const w = await page.evaluate(timing, -1);
        if (w) warm_ms.push(w.fetch);
        await context.close();
      }
    } finally {
      await browser.close();
    }
    result.browser_source_text = {
      samples: fetch_ms.length,
      index_to_text_ms: fetch_ms.map(round),
      gap_between_requests_ms: gap_ms.map(round),
      next_report_after_ready_ms: warm_ms.map(round),
      from_navigation_ms: page_ms.map(round),
    };
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await stop(child);
}
