// Where the time of a filter change goes, over many changes, from one Chrome trace (CDP Tracing):
//   npx tsx bench/site/redraw-trace.ts --app DIST [--site DIR] [--changes N] [--combined] [--warm N] [--out FILE]
// A page of the app (`--app`: a `vite build` served over the site's data, served.ts) loads the home
// page, waits for the database and 800 ms, does `--warm` untimed filter changes, then traces
// `--changes` changes (the filter changes of scripts/bench.ts, or `--combined` those of
// bench/site/combined.ts), each timed as the bench times a redraw (change → last DOM mutation once
// the marks changed and nothing is aria-busy, then 300 ms of quiet). For each change, the renderer
// main thread's time between the change and its last mutation is split into: script (outermost
// FunctionCall / RunMicrotasks / EventDispatch, less what nests in them below), style and layout
// forced by script (UpdateLayoutTree / Layout inside script, with the JS stack of the largest),
// style sheets processed inside script, text set on laid-out nodes inside script, the lifecycle
// (style, layout, paint outside script), idle or other. Medians over the changes are printed, and
// the sum over all changes by kind; in wall time, and in the thread's CPU time (the events' tdur),
// which the machine's load does not inflate as much.
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';
import { combinedChanges, SELECTS, type Change } from './combined.ts';
import { servedFolder } from './served.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    app: { type: 'string' }, site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') },
    changes: { type: 'string', default: '12' }, combined: { type: 'boolean', default: false }, warm: { type: 'string', default: '2' },
    out: { type: 'string', default: '/tmp/redraw-trace.json' },
  },
});
if (!values.app) throw new Error('--app DIST is required');

const CHANGE = `((select, value, i) => new Promise((resolve) => {
  const target = document.querySelector(select);
  const marks = () => [...document.querySelectorAll('svg .mark')].map((m) => m.getAttribute('aria-label')).join('|');
  const before = marks();
  let last = performance.now();
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  performance.mark('change-' + i);
  const start = performance.now();
  target.value = value;
  target.dispatchEvent(new Event('change', { bubbles: true }));
  const poll = () => {
    const quiet = performance.now() - last;
    if ((quiet >= 300 && !document.querySelector('[aria-busy="true"]') && marks() !== before) || quiet >= 5000) {
      observer.disconnect();
      resolve({ start, ms: Math.max(0, last - start) });
    } else setTimeout(poll, 20);
  };
  setTimeout(poll, 20);
}))`;

const root = servedFolder(values.app, values.site!, 'redraw-trace-');
const server = await startServer({ root, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
  await page.waitForSelector('svg .mark', { timeout: 120_000 });
  await page.waitForTimeout(800);
  const optionsOf = async (select: string) => (await page.locator(`${select} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
  const warm = Number(values.warm);
  const n = Number(values.changes);
  let list: Change[];
  if (values.combined) {
    list = combinedChanges({ provinces: await optionsOf(SELECTS.provinces), years: await optionsOf(SELECTS.years), levels: await optionsOf(SELECTS.levels), sorts: await optionsOf(SELECTS.sorts) }, warm + n);
  } else {
    // scripts/bench.ts filterSteps: province, year, level in turn, each set then cleared.
    const options: Record<string, string[]> = {};
    for (const key of ['province', 'year', 'level']) options[key] = await optionsOf(`select[data-filter="${key}"]`);
    const keys = Object.keys(options);
    list = [];
    for (let i = 0; list.length < warm + n; i++) {
      const key = keys[i % keys.length];
      list.push({ label: key, select: `select[data-filter="${key}"]`, value: options[key][Math.floor(i / keys.length) % options[key].length] });
      list.push({ label: key, select: `select[data-filter="${key}"]`, value: '' });
    }
  }
  const run = async (c: Change, i: number) => (await page.evaluate(`${CHANGE}(${JSON.stringify(c.select)}, ${JSON.stringify(c.value)}, ${i})`)) as { start: number; ms: number };
  for (let i = 0; i < warm; i++) await run(list[i], -1 - i);
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack', 'blink.user_timing', 'v8.execute', 'blink', 'v8'];
  console.log(`load average at the start ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  await browser.startTracing(page, { path: values.out, screenshots: false, categories });
  const timed: { label: string; ms: number }[] = [];
  for (let i = 0; i < n; i++) {
    const c = list[warm + i];
    const r = await run(c, i);
    timed.push({ label: `${c.label}=${c.value || '(cleared)'}`, ms: r.ms });
  }
  await browser.stopTracing();
  await context.close();

  interface Ev { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: Record<string, any>; cat: string }
  const events = (JSON.parse(readFileSync(values.out!, 'utf8')) as { traceEvents: Ev[] }).traceEvents;
  const mainThread = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'FunctionCall'))!;
  const onMain = events.filter((e) => e.pid === mainThread.pid && e.tid === mainThread.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const marksAt = new Map(events.filter((e) => e.cat.includes('user_timing') && /^change-\d+$/.test(e.name)).map((e) => [Number(e.name.slice(7)), e.ts]));
  const SCRIPT = /^(FunctionCall|RunMicrotasks|EventDispatch|v8\.callFunction|TimerFire|FireAnimationFrame|ResizeObserver.*|EvaluateScript)$/;
  const kinds = ['script', 'forced style', 'forced layout', 'style sheets', 'text on laid-out nodes', 'GC', 'lifecycle (style, layout, paint)', 'other tasks', 'idle'] as const;
  type Kind = (typeof kinds)[number];
  const perChange: Record<Kind, number>[] = [];
  /** The same split in CPU time of the thread (the events' tdur): what the work costs, whatever the machine's load. */
  const cpuPerChange: Record<Kind, number>[] = [];
  const forcedStacks = new Map<string, number>();
  timed.forEach((t, i) => {
    const from = marksAt.get(i);
    if (from === undefined) return;
    const to = from + t.ms * 1000;
    const split = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<Kind, number>;
    const cpu = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<Kind, number>;
    // An event's thread time in the window: its tdur, in the share of its wall time inside the window.
    const cpuOf = (e: Ev) => (e.dur! > 0 ? (clip(e) * (e.tdur ?? e.dur!)) / e.dur! : 0);
    // Outermost events inside the window; nested events attributed by kind, script the remainder.
    const clip = (e: Ev) => Math.max(0, Math.min(e.ts + e.dur!, to) - Math.max(e.ts, from)) / 1000;
    let end = -1;
    let busy = 0;
    for (const e of onMain) {
      if (e.ts + e.dur! <= from || e.ts >= to || e.ts < end) continue;
      end = e.ts + e.dur!;
      busy += clip(e);
      const inner = onMain.filter((x) => x !== e && x.ts >= e.ts && x.ts + x.dur! <= e.ts + e.dur!);
      const inScript = inner.some((x) => SCRIPT.test(x.name)) || SCRIPT.test(e.name);
      let outer = -1;
      let taken = 0;
      let takenCpu = 0;
      // Outermost of the kinds we single out, inside this task.
      for (const x of inner) {
        if (x.ts < outer) continue;
        const k: Kind | null = /^(UpdateLayoutTree|Document::updateStyle)$/.test(x.name) ? 'forced style'
          : x.name === 'Layout' ? 'forced layout'
          : x.name === 'StyleElement::processStyleSheet' ? 'style sheets'
          : x.name === 'InlineNode::SetTextWithOffset' ? 'text on laid-out nodes'
          : /^(MinorGC|MajorGC|V8\.GC.*|BlinkGC.*)$/.test(x.name) ? 'GC'
          : null;
        if (!k) continue;
        const lifecycle = !inScript || !onMain.some((s) => SCRIPT.test(s.name) && s.ts <= x.ts && s.ts + s.dur! >= x.ts + x.dur!);
        const kind: Kind = lifecycle && (k === 'forced style' || k === 'forced layout') ? 'lifecycle (style, layout, paint)' : k;
        split[kind] += clip(x);
        taken += clip(x);
        cpu[kind] += cpuOf(x);
        takenCpu += cpuOf(x);
        outer = x.ts + x.dur!;
        if (kind === 'forced layout' || kind === 'forced style') {
          const stack = ((x.args?.beginData?.stackTrace ?? []) as { functionName: string; url: string; lineNumber: number }[]).slice(0, 4).map((s) => `${s.functionName}@${s.url.split('/').pop()}:${s.lineNumber}`).join(' < ');
          const key = `${x.name}: ${stack || '(no stack)'}`;
          forcedStacks.set(key, (forcedStacks.get(key) ?? 0) + clip(x));
        }
      }
      const rest = clip(e) - taken;
      const restCpu = cpuOf(e) - takenCpu;
      const kind: Kind = inScript ? 'script'
        : /^(RunTask|ThreadControllerImpl::RunTask)$/.test(e.name) && inner.some((x) => /UpdateLifecycle|Paint|Layout|UpdateLayoutTree/.test(x.name)) ? 'lifecycle (style, layout, paint)'
        : 'other tasks';
      split[kind] += rest;
      cpu[kind] += restCpu;
    }
    split.idle = t.ms - busy;
    perChange.push(split);
    cpuPerChange.push(cpu);
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\n${timed.length} changes${values.combined ? ' (combined)' : ''}, ms to the last mutation: ${timed.map((t) => t.ms.toFixed(0)).join(' / ')}; median ${median(timed.map((t) => t.ms)).toFixed(0)}`);
  console.log('\neach change, ms by kind (change → last mutation):');
  timed.forEach((t, i) => console.log(`  ${t.label.padEnd(22)} ${t.ms.toFixed(0).padStart(5)}  ${kinds.map((k) => `${k} ${perChange[i]?.[k].toFixed(1)}`).join(', ')}`));
  console.log('\nby kind: median per change / sum over the changes (ms)');
  for (const k of kinds) console.log(`  ${k.padEnd(34)} ${median(perChange.map((p) => p[k])).toFixed(1).padStart(7)} ${perChange.reduce((a, p) => a + p[k], 0).toFixed(0).padStart(7)}`);
  console.log('\nCPU time of the main thread by kind: median per change / sum over the changes (ms)');
  for (const k of kinds.filter((k) => k !== 'idle')) console.log(`  ${k.padEnd(34)} ${median(cpuPerChange.map((p) => p[k])).toFixed(1).padStart(7)} ${cpuPerChange.reduce((a, p) => a + p[k], 0).toFixed(0).padStart(7)}`);
  const cpuTotal = cpuPerChange.map((p) => kinds.reduce((a, k) => a + (k === 'idle' ? 0 : p[k]), 0));
  console.log(`  ${'all'.padEnd(34)} ${median(cpuTotal).toFixed(1).padStart(7)} ${cpuTotal.reduce((a, x) => a + x, 0).toFixed(0).padStart(7)}`);
  console.log('\nforced style / layout inside script, by stack (ms, all changes):');
  for (const [k, v] of [...forcedStacks].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${v.toFixed(1).padStart(7)}  ${k}`);
  console.log(`\nload average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
