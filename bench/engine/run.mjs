// Drives headless Debian chromium over the built benchmark pages and prints a table.
// Every request that is not to the page's own origin is aborted and logged.
// Usage: node bench/engine/run.mjs [runs=5]   (after building dist-a / dist-b, see README.md)
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { serve } from './serve.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Number(process.argv[2] ?? 5);
const CASES = [
  // [label, dist, query string]
  ['A 1.28 registerFileURL (range)', 'dist-a', 'mode=url'],
  ['A 1.28 fetch+registerFileBuffer', 'dist-a', 'mode=buffer'],
  ['B 1.32 hyparquet->Arrow', 'dist-b', 'mode=arrow'],
  // The trap: 1.32 reading Parquet itself wants to download the parquet extension (once, small file).
  ['B 1.32 read_parquet (trap)', 'dist-b', 'mode=trap', { runs: 1, files: ['reports.parquet'], compress: ['none'] }],
];
const FILES = ['reports.parquet', 'reports-10k.parquet'];
const COMPRESS = (process.env.COMPRESS ?? 'none,br').split(',');
const ONLY = process.env.ONLY; // substring filter on the label

const WITH_CSP = process.env.CSP === '1'; // strict same-origin CSP header on every response

// Network-level guard: Chromium sends every non-loopback request to this "proxy", which logs it and
// refuses it. Unlike page.route it also sees requests made inside workers (e.g. sync XHR).
const outside = [];
const proxy = createNetServer((sock) => {
  sock.once('data', (buf) => {
    const line = buf.toString('latin1').split('\r\n')[0];
    outside.push(line);
    sock.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
  });
  sock.on('error', () => {});
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    `--proxy-server=http://127.0.0.1:${proxy.address().port}`],
});

async function once(origin, qs) {
  const context = await browser.newContext();
  outside.length = 0;
  const blocked = [];
  const own = new URL(origin).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === own) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  let bytes = 0;
  const perType = {};
  context.on('requestfinished', async (req) => {
    const s = await req.sizes().catch(() => null);
    if (!s) return;
    const n = s.responseBodySize + s.responseHeadersSize;
    bytes += n;
    const ext = new URL(req.url()).pathname.split('.').pop();
    perType[ext] = (perType[ext] ?? 0) + s.responseBodySize;
  });
  const page = await context.newPage();
  page.on('worker', (w) => w.url()); // dedicated workers' requests go through context.route too
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${origin}/?${qs}`);
  let bench;
  try {
    await page.waitForFunction(() => (window).__bench, null, { timeout: 60_000 });
    bench = await page.evaluate(() => (window).__bench);
  } catch (e) {
    bench = { error: 'timeout: ' + String(e).split('\n')[0] };
  }
  await new Promise((r) => setTimeout(r, 300)); // let requestfinished sizes settle
  await context.close();
  // proxy lines are browser-level connections (Chromium's own, e.g. accounts.google.com), not the page's
  return { bench, bytes, perType, blocked, browserLevel: [...outside], errors };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const rows = [];
let port = 4300;
for (const compress of COMPRESS) {
  for (const [label, dist, qs0, opt = {}] of CASES) {
    if (ONLY && !label.includes(ONLY)) continue;
    if (opt.compress && !opt.compress.includes(compress)) continue;
    const server = await serve(here + dist, ++port, compress, { csp: WITH_CSP });
    for (const file of opt.files ?? FILES) {
      const runs = [];
      for (let i = 0; i < (opt.runs ?? RUNS); i++) runs.push(await once(`http://127.0.0.1:${port}`, `${qs0}&file=${file}`));
      const ok = runs.filter((r) => !r.bench.error);
      const m = (k) => (ok.length ? median(ok.map((r) => r.bench.marks[k])) : NaN);
      const row = {
        label, file, compress, ok: `${ok.length}/${runs.length}`,
        ready: m('ready'), loaded: m('loaded'), q1: m('q1'), q2: m('q2'),
        load_ms: m('loaded') - m('ready'), q1_ms: m('q1') - m('loaded'), q2_ms: m('q2') - m('q1'),
        transferKB: Math.round(median(runs.map((r) => r.bytes)) / 1024),
        perTypeKB: Object.fromEntries(Object.entries(runs[0].perType).map(([k, v]) => [k, Math.round(v / 1024)])),
        blocked: [...new Set(runs.flatMap((r) => r.blocked))],
        browserLevel: [...new Set(runs.flatMap((r) => r.browserLevel))],
        errors: [...new Set(runs.flatMap((r) => [r.bench.error, ...r.errors].filter(Boolean)))].slice(0, 3),
        sample: ok[0]?.bench.result,
      };
      rows.push(row);
      console.log(JSON.stringify({ ...row, sample: undefined }));
      if (row.sample) console.log('  result', JSON.stringify(row.sample).slice(0, 400));
    }
    server.close();
  }
}
await browser.close();
proxy.close();
mkdirSync(here + 'results', { recursive: true });
writeFileSync(here + `results/latest${WITH_CSP ? '-csp' : ''}.json`, JSON.stringify(rows, null, 1));
console.log(`\nCSP header: ${WITH_CSP ? 'strict same-origin' : 'none'}; runs per cell: ${RUNS} (median)`);
console.log('\n| design | file | enc | ready ms | load ms | Q1 ms | Q2 ms | first result ms | transfer KB | page requests outside origin |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.label} | ${r.file} | ${r.compress} | ${r.ready} | ${r.load_ms} | ${r.q1_ms} | ${r.q2_ms} | ${r.q1} | ${r.transferKB} | ${r.blocked.length} |`);
