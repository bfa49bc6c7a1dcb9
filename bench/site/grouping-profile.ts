// Where a change of grouping spends the main thread, by function (CDP Profiler, sampled): 
//   npx tsx bench/site/grouping-profile.ts --app DIST [--site DIR] [--to city] [--changes N]
// A warm page of ?group=province (database ready, 800 ms), then N times: the grouping set to `--to`
// (profiled, timed as the bench times a redraw) and back to province (not profiled). Prints the
// redraw times and the functions by self time summed over the profiled changes (top 40), and the
// time under some entry points (inclusive).
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';
import { servedFolder } from './served.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    app: { type: 'string' }, site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') },
    to: { type: 'string', default: 'city' }, changes: { type: 'string', default: '6' },
  },
});
if (!values.app) throw new Error('--app DIST is required');

const CHANGE = `((value) => new Promise((resolve) => {
  const target = document.querySelector('select[data-control="group"]');
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

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[]; hitCount?: number }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const root = servedFolder(values.app, values.site!, 'grouping-profile-');
const server = await startServer({ root, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const self = new Map<string, number>();
const incl = new Map<string, number>();
try {
  console.log(`load average at the start ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}?group=province`);
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
  await page.waitForSelector('[data-group] svg .mark', { timeout: 120_000 });
  await page.waitForTimeout(800);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const times: number[] = [];
  for (let i = 0; i < Number(values.changes); i++) {
    await cdp.send('Profiler.start');
    times.push(Math.round((await page.evaluate(`${CHANGE}(${JSON.stringify(values.to)})`)) as number));
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const name = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
    profile.samples.forEach((id, k) => {
      const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') return;
      self.set(name(n), (self.get(name(n)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
        const nm = name(byId.get(p)!);
        if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) ?? 0) + dt); }
      }
    });
    await page.evaluate(`${CHANGE}('province')`);
    await page.waitForTimeout(300);
  }
  console.log(`redraw to ${values.to}: ${times.join(' / ')} ms`);
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, ms]) => `${(ms / times.length).toFixed(1).padStart(7)} ms  ${n}`).join('\n');
  console.log(`self time per change:\n${top(self, 40)}`);
  console.log(`inclusive per change:\n${top(incl, 40)}`);
  console.log(`load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
