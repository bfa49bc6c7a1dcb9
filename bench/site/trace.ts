// Where the main thread's time goes in one interaction, from a Chrome trace (CDP Tracing):
//   npx tsx bench/site/trace.ts [--site DIR] [--search ?…] [--action province|year|level|group|agency|none] [--value V] [--warm N] [--out FILE]
// Loads the site (database ready), starts tracing, does the action (a province filter change by
// default: the first one in a fresh page; `--warm N`: after N province changes, untraced), waits for 1.5 s of DOM quiet, and prints the renderer
// main thread's top-level events by total time, the longest single ones (with the JS stack that
// forced a layout, when there is one), and writes the whole trace to --out for the DevTools.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') },
    search: { type: 'string', default: '' }, action: { type: 'string', default: 'province' },
    out: { type: 'string', default: '/tmp/trace.json' }, value: { type: 'string' }, warm: { type: 'string', default: '0' },
  },
});
const server = await startServer({ root: values.site!, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
if (values.action === 'cold') {
  const mark = values.search.includes('group=') ? '[data-group] svg .mark' : 'svg .mark';
  await context.addInitScript(`new MutationObserver((_, o) => { if (!globalThis.__firstMark && document.querySelector(${JSON.stringify(mark)})) { globalThis.__firstMark = performance.now(); o.disconnect(); } }).observe(document, { subtree: true, childList: true })`);
}
const page = await context.newPage();
page.on('pageerror', (e) => console.error('page error:', e.message));
const started = Date.now();
const categories = (process.env.TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.stack,blink.user_timing,v8.execute,blink,loading').split(',');
// `--action cold`: the trace covers the cold load itself (a new context, empty cache) until the first chart mark.
if (values.action === 'cold') await browser.startTracing(page, { path: values.out, screenshots: false, categories });
await page.goto(server.url + values.search);
if (values.action !== 'none' && values.action !== 'cold') {
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
  await page.waitForTimeout(1500);
}
const setProvince = (i: number) => `(() => { const s = document.querySelector('select[data-filter="province"]'); s.value = s.options[${i}].value; s.dispatchEvent(new Event('change', { bubbles: true })); })()`;
for (let i = 0; i < Number(values.warm); i++) {
  await page.evaluate(setProvince(i % 2 === 0 ? 2 + (i >> 1) : 0));
  await page.waitForTimeout(2500);
}
if (values.action !== 'cold') await browser.startTracing(page, { path: values.out, screenshots: false, categories });
const set = (key: string, value: string) => `(() => { const s = document.querySelector('select[data-filter="${key}"]'); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`;
const quiet = (action: string) => page.evaluate(`new Promise((done) => {
  let last = performance.now();
  const o = new MutationObserver(() => { last = performance.now(); });
  o.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const start = performance.now();
  ${action};
  const poll = () => performance.now() - last > 1500 && !document.querySelector('[aria-busy="true"]') ? (o.disconnect(), done(last - start)) : setTimeout(poll, 20);
  setTimeout(poll, 20);
})`);
let ms: unknown = null;
if (values.action === 'province' || values.action === 'year' || values.action === 'level') {
  const opts = (await page.locator(`select[data-filter="${values.action}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''))) as string[];
  ms = await quiet(set(values.action, values.value ?? opts[0]));
} else if (values.action === 'agency') {
  // --value AGENCY_ID, from a page opened with --search '?view=agency&report=…': an in-app navigation, as the bench does.
  ms = await quiet(`performance.mark('action'); history.pushState(null, '', location.pathname + '?view=agency&agency=' + ${JSON.stringify(encodeURIComponent(values.value ?? ''))}); dispatchEvent(new PopStateEvent('popstate'))`);
} else if (values.action === 'group') {
  ms = await quiet(`(() => { const s = document.querySelector('select[data-control="group"]'); s.value = ${JSON.stringify(values.value ?? 'province')}; s.dispatchEvent(new Event('change', { bubbles: true })); })()`);
} else if (values.action === 'cold') {
  ms = await page.evaluate(`new Promise((done) => { const poll = () => globalThis.__firstMark ? done(Math.round(globalThis.__firstMark)) : setTimeout(poll, 5); poll(); })`);
} else {
  await page.waitForSelector('svg .mark', { timeout: 60_000 });
  ms = Date.now() - started;
}
await browser.stopTracing();
console.log(`action ${values.action}: ${ms} ms to the last mutation`);

interface Ev { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, any>; cat: string }
const trace = JSON.parse(readFileSync(values.out!, 'utf8')) as { traceEvents: Ev[] };
const events = trace.traceEvents;
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'FunctionCall'));
const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
// Top-level: not inside another X event on the thread.
onMain.sort((a, b) => a.ts - b.ts || (b.dur! - a.dur!));
const top: Ev[] = [];
let end = -1;
for (const e of onMain) if (e.ts >= end) { top.push(e); end = e.ts + e.dur!; }
const by = new Map<string, number>();
for (const e of onMain) by.set(e.name, (by.get(e.name) ?? 0) + e.dur! / 1000);
console.log('\nall events on the main thread, total ms by name (nested counted in each):');
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${v.toFixed(1).padStart(9)}  ${k}`);
console.log('\nlongest single events (layout / style / paint / script):');
for (const e of onMain.filter((e) => /Layout|UpdateLayoutTree|RecalcStyle|Paint|FunctionCall|EvaluateScript|ParseHTML|v8.compile|TimerFire|FireAnimationFrame|RunMicrotasks|HitTest|PrePaint|Layerize/.test(e.name)).sort((a, b) => b.dur! - a.dur!).slice(0, 25)) {
  const stack = (e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace ?? []) as { functionName: string; url: string; lineNumber: number }[];
  const extra = e.args?.beginData ? JSON.stringify({ dirty: e.args.beginData.dirtyObjects, total: e.args.beginData.totalObjects, partial: e.args.beginData.partialLayout }) : e.args?.elementCount !== undefined ? `elements ${e.args.elementCount}` : e.args?.data?.functionName ?? '';
  console.log(`  ${(e.dur! / 1000).toFixed(1).padStart(8)} ms  +${((e.ts - top[0].ts) / 1000).toFixed(0).padStart(6)}  ${e.name} ${extra} ${stack.slice(0, 3).map((s) => `${s.functionName}@${s.url.split('/').pop()}:${s.lineNumber}`).join(' < ')}`);
}
if (values.action === 'cold' || values.action === 'agency') {
  // The cold load (or the agency navigation) as a waterfall, ms from the navigation (the `action`
  // mark): each request (sent, response, finished; the workers' too) and each top-level
  // main-thread task over 3 ms, in time order.
  const nav = values.action === 'agency' ? events.find((e) => e.name === 'action' && e.cat.includes('user_timing'))!.ts
    : events.find((e) => e.name === 'navigationStart' || e.name === 'TracingStartedInBrowser')!.ts;
  const at = (ts: number) => ((ts - nav) / 1000).toFixed(0).padStart(6);
  const lines: [number, string][] = [];
  const urls = new Map<string, string>();
  for (const e of events) {
    const d = e.args?.data;
    if (e.name === 'ResourceSendRequest') { if (!String(d.url).startsWith(server.url)) continue; urls.set(d.requestId, String(d.url).replace(server.url, '')); lines.push([e.ts, `${at(e.ts)}  request   ${urls.get(d.requestId)}`]); }
    if (e.name === 'ResourceReceiveResponse' && urls.has(d.requestId)) lines.push([e.ts, `${at(e.ts)}  response  ${urls.get(d.requestId)} (${d.encodedDataLength ?? '?'} B)`]);
    if (e.name === 'ResourceFinish' && urls.has(d.requestId)) lines.push([e.ts, `${at(e.ts)}  finished  ${urls.get(d.requestId)} (${d.encodedDataLength ?? '?'} B)`]);
  }
  for (const e of top) if (e.dur! >= 3000 && e.ts + e.dur! >= nav) {
    const inner = onMain.filter((x) => x.ts >= e.ts && x.ts + x.dur! <= e.ts + e.dur! && x !== e && x.dur! >= 2000).sort((a, b) => b.dur! - a.dur!).slice(0, 4);
    lines.push([e.ts, `${at(e.ts)}  main      ${e.name} ${(e.dur! / 1000).toFixed(1)} ms: ${inner.map((x) => `${x.name}${x.args?.data?.url ? ' ' + String(x.args.data.url).split('/').pop() : ''} ${(x.dur! / 1000).toFixed(1)}`).join(', ')}`]);
  }
  // The main thread's work before the first chart mark: what the load waited on besides the network.
  const until = values.action === 'agency' ? nav + Number(ms) * 1000 : nav + Number(ms) * 1000;
  const before = top.filter((e) => e.ts < until);
  // Outermost events of the kinds only (a FunctionCall inside RunMicrotasks counted once).
  const sum = (names: RegExp) => {
    let total = 0;
    let end = -1;
    for (const e of onMain) if (e.ts < until && names.test(e.name) && e.ts >= end) { total += e.dur! / 1000; end = e.ts + e.dur!; }
    return total;
  };
  console.log(`\nmain thread before the first mark (${ms} ms): busy ${before.reduce((a, e) => a + e.dur! / 1000, 0).toFixed(0)} ms; of it script ${sum(/^(FunctionCall|EvaluateScript|v8\.evaluateModule|RunMicrotasks)$/).toFixed(0)} ms (forced layout inside it too), layout ${sum(/^Layout$/).toFixed(0)} ms, style ${sum(/^UpdateLayoutTree$/).toFixed(0)} ms, parse HTML ${sum(/^ParseHTML$/).toFixed(0)} ms`);
  console.log('\nthe cold load, ms from navigation start:');
  for (const [, l] of lines.sort((a, b) => a[0] - b[0])) console.log(l);
}
writeFileSync(values.out!.replace(/\.json$/, '.top.json'), JSON.stringify(top.map((e) => ({ name: e.name, ms: e.dur! / 1000, at: (e.ts - top[0].ts) / 1000 }))));
await browser.close();
await server.close();
