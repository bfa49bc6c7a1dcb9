// Filter changes in a warm page, A/B of two app builds on the same data, interleaved so that both
// see the same machine load (sequential bench runs minutes apart on this shared machine compare
// loads more than code):
//   npx tsx bench/site/changes-ab.ts --a DIST_A --b DIST_B [--site DIR] [--rounds N] [--changes N] [--filters province,year,level] [--combined | --grouping | --in-group] [--wait MS]
// Each round, for A then B (B then A in the next round): a new browser context loads the home page,
// waits for [data-db-stage="ready"] and the chart, then --wait ms (800 by default, as scripts/bench.ts does), then
// N filter changes (a value, cleared, the next filter's value, cleared…: `--filters`' kinds in turn,
// province alone by default; each kind's values in its list's order), each timed as the bench times a redraw: from
// `change` to the last DOM mutation once the marks' labels changed and nothing is aria-busy (then
// 300 ms of quiet). Prints, per build, the first change of the page (what the bench's p95 is made
// of) and the others, medians over the rounds. `--combined`: the changes are instead those of
// bench/site/combined.ts (several filters and another sort, answered by DuckDB), as scripts/bench.ts's
// "combined" series. `--grouping`: the page is ?group=province and the changes are of its grouping
// (the group <select>: level, year, kind, city, province in turn), as scripts/bench.ts's grouped views.
// `--in-group`: the page is ?group=province and the changes are `--filters`' changes (the grouping
// kept), as scripts/bench.ts's grouped filter changes (there: province,year,level).
// Also printed: the page's main-thread CPU time per change (CDP Performance ThreadTime from the
// change to its 300 ms of quiet), which the machine's load inflates less.
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';
import { combinedChanges, SELECTS, type Change } from './combined.ts';
import { servedFolder } from './served.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    a: { type: 'string' }, b: { type: 'string' }, site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') },
    rounds: { type: 'string', default: '4' }, changes: { type: 'string', default: '4' }, filters: { type: 'string', default: 'province' },
    combined: { type: 'boolean', default: false }, grouping: { type: 'boolean', default: false }, 'in-group': { type: 'boolean', default: false }, wait: { type: 'string', default: '800' },
  },
});
if (!values.a || !values.b) throw new Error('--a DIST and --b DIST are required');

const CHANGE = `((select, value) => new Promise((resolve) => {
  const target = document.querySelector(select);
  const marks = () => [...document.querySelectorAll('svg .mark')].map((m) => m.getAttribute('aria-label')).join('|');
  const before = marks();
  let last = performance.now();
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const start = performance.now();
  target.value = value;
  target.dispatchEvent(new Event('change', { bubbles: true }));
  const poll = () => {
    const quiet = performance.now() - last;
    if ((quiet >= 300 && !document.querySelector('[aria-busy="true"]') && marks() !== before) || quiet >= 5000) {
      observer.disconnect();
      resolve(Math.max(0, last - start));
    } else setTimeout(poll, 20);
  };
  setTimeout(poll, 20);
}))`;

/** The page's main-thread CPU time of each change (CDP Performance ThreadTime, change to quiet), by build. */
const cpu: Record<'A' | 'B', number[]> = { A: [], B: [] };

async function changes(browser: Browser, url: string, n: number, which: 'A' | 'B'): Promise<number[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.goto(values.grouping || values['in-group'] ? `${url}?group=province` : url);
    await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
    await page.waitForSelector('svg .mark', { timeout: 120_000 });
    await page.waitForTimeout(Number(values.wait));
    const optionsOf = async (select: string) => (await page.locator(`${select} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
    let list: Change[];
    if (values.grouping) {
      const cycle = ['level', 'year', 'kind', 'city', 'province'];
      list = Array.from({ length: n }, (_, i) => ({ label: 'group', select: 'select[data-control="group"]', value: cycle[i % cycle.length] }));
    } else if (values.combined) {
      list = combinedChanges({ provinces: await optionsOf(SELECTS.provinces), years: await optionsOf(SELECTS.years), levels: await optionsOf(SELECTS.levels), sorts: await optionsOf(SELECTS.sorts) }, n);
    } else {
      const kinds = values.filters!.split(',');
      const options: Record<string, string[]> = {};
      for (const key of kinds) options[key] = await optionsOf(`select[data-filter="${key}"]`);
      list = [];
      for (let i = 0; i < n; i++) {
        const pair = Math.floor(i / 2);
        const key = kinds[pair % kinds.length];
        const value = i % 2 === 0 ? options[key][Math.floor(pair / kinds.length) % options[key].length] : '';
        list.push({ label: key, select: `select[data-filter="${key}"]`, value });
      }
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadTime = async () => ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === 'ThreadTime')!.value * 1000;
    const out: number[] = [];
    for (const c of list) {
      const before = await threadTime();
      out.push(Math.round((await page.evaluate(`${CHANGE}(${JSON.stringify(c.select)}, ${JSON.stringify(c.value)})`)) as number));
      cpu[which].push((await threadTime()) - before);
    }
    return out;
  } finally {
    await context.close();
  }
}

const roots = { A: servedFolder(values.a, values.site!, 'changes-ab-'), B: servedFolder(values.b, values.site!, 'changes-ab-') };
const servers = { A: await startServer({ root: roots.A, port: 0 }), B: await startServer({ root: roots.B, port: 0 }) };
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
/** Linear interpolation between the order statistics, as scripts/bench.ts's p95. */
function p95(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const pos = (s.length - 1) * 0.95;
  return Math.round(s[Math.floor(pos)] + (s[Math.ceil(pos)] - s[Math.floor(pos)]) * (pos - Math.floor(pos)));
}
const firsts: Record<'A' | 'B', number[]> = { A: [], B: [] };
const others: Record<'A' | 'B', number[]> = { A: [], B: [] };
/** Every change of every round, by its place in the page's sequence. */
const byPlace: Record<'A' | 'B', number[][]> = { A: [], B: [] };
try {
  console.log(`load average at the start ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const which of (round % 2 === 0 ? ['A', 'B'] : ['B', 'A']) as ('A' | 'B')[]) {
      const ms = await changes(browser, servers[which].url, Number(values.changes), which);
      firsts[which].push(ms[0]);
      others[which].push(...ms.slice(1));
      ms.forEach((x, i) => (byPlace[which][i] ??= []).push(x));
      console.log(`round ${round + 1} ${which}: ${ms.join(' / ')} ms`);
    }
  }
  for (const which of ['A', 'B'] as const) {
    console.log(`${which}: first change of the page median ${median(firsts[which])} ms (${firsts[which].join(', ')}); the others median ${median(others[which])} ms over ${others[which].length}`);
  }
  console.log(`median by place in the page's sequence (${values.combined ? 'bench/site/combined.ts' : values.grouping ? 'grouping level, year, kind, city, province in turn' : `change ${values.filters}, set then cleared${values['in-group'] ? ', grouped by province' : ''}`}): A ${byPlace.A.map(median).join(' / ')} ms; B ${byPlace.B.map(median).join(' / ')} ms`);
  const all = (which: 'A' | 'B') => [...firsts[which], ...others[which]];
  console.log(`every change: A median ${median(all('A'))} ms, p95 ${p95(all('A'))} ms; B median ${median(all('B'))} ms, p95 ${p95(all('B'))} ms (${all('A').length} each)`);
  console.log(`main-thread CPU per change (change to 300 ms of quiet, the polling included): A median ${median(cpu.A).toFixed(1)} ms, p95 ${p95(cpu.A).toFixed(1)}; B median ${median(cpu.B).toFixed(1)} ms, p95 ${p95(cpu.B).toFixed(1)}`);
  console.log(`load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  for (const s of Object.values(servers)) await s.close();
  for (const r of Object.values(roots)) rmSync(r, { recursive: true, force: true });
}
