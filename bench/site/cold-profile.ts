// Where the main thread's CPU goes in one cold load, up to the link's first chart mark (CDP
// Profiler, started on the new page before the navigation):
//   npx tsx bench/site/cold-profile.ts --site DIR --search '?…' [--runs N] [--save DIR]
// Prints the self and inclusive time by function of the page's scripts (summed over the runs) and
// the ms to the mark of each run. A cold load each run: a fresh server, a new context.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';

const { values } = parseArgs({ options: { site: { type: 'string' }, search: { type: 'string', default: '' }, runs: { type: 'string', default: '3' }, top: { type: 'string', default: '30' }, save: { type: 'string' } } });
// console.profile at the document's start, console.profileEnd at the mark: the profile holds exactly the load until the first chart.
const MARK = `window.__first = null; console.profile('cold'); new MutationObserver(() => { if (window.__first === null && document.querySelector('[data-group] svg .mark, [data-link-chart] svg .mark')) { window.__first = performance.now(); console.profileEnd('cold'); } }).observe(document, { subtree: true, childList: true });`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] };
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const marks: number[] = [];
for (let run = 0; run < Number(values.runs); run++) {
  const server = await startServer({ root: values.site!, port: 0 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(MARK);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const finished = new Promise<{ profile: Profile }>((resolve) => cdp.on('Profiler.consoleProfileFinished', (e) => resolve(e as unknown as { profile: Profile })));
  await page.goto(server.url + values.search);
  let ms: number | null = null;
  for (const end = Date.now() + 60_000; ms === null && Date.now() < end; await page.waitForTimeout(20)) ms = (await page.evaluate('window.__first')) as number | null;
  const { profile } = await finished;
  marks.push(ms ?? NaN);
  // --save DIR: each run's profile (DevTools' .cpuprofile format) for a look at callers and callees.
  if (values.save) writeFileSync(`${values.save}/cold-${run + 1}.cpuprofile`, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const d = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(key(n), (self.get(key(n)) ?? 0) + d);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const m = byId.get(at)!;
      if (m.callFrame.url) seen.add(key(m));
    }
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + d);
  });
  await context.close();
  await server.close();
}
await browser.close();
console.log(`mark (ms): ${marks.map((m) => m.toFixed(0)).join(' ')}; each profile from the document's start to the mark`);
const top = Number(values.top);
console.log('\nself (ms, all runs):');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${v.toFixed(1).padStart(8)}  ${k}`);
console.log('\ninclusive, functions of the page (ms, all runs):');
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${v.toFixed(1).padStart(8)}  ${k}`);
