// The agency page's figures of scripts/bench.ts, A/B of two app builds on the same data, interleaved
// so that both see the same machine load:
//   npx tsx bench/site/agency-ab.ts --a DIST_A --b DIST_B [--site DIR] [--site-b DIR] [--ports A,B] [--rounds N] [--agencies N]
// (--site-b: B's own data, built from the same corpus, when B's build writes another format.)
// Each round, for A then B (B then A in the next round): a new browser context opens one report's
// page (`?view=agency&report=…`), waits for the database and the source text, then 800 ms; then,
// as the bench does, per agency with five years: an in-app navigation to it (ms to its source text
// and to its timeline, the bench's own AGENCY snippet read from scripts/bench.ts), 200 ms, a click on
// another year's link (ms to that year's source text), 200 ms. The next navigation therefore starts
// while the last one's slower report queries may still run, as in the bench (unlike profile.ts,
// which waits for quiet). Prints medians per build.
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer } from '../../src/server/static.ts';
import { servedFolder } from './served.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    a: { type: 'string' }, b: { type: 'string' }, site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') }, 'site-b': { type: 'string' }, ports: { type: 'string' },
    rounds: { type: 'string', default: '4' }, agencies: { type: 'string', default: '6' },
  },
});
if (!values.a || !values.b) throw new Error('--a DIST and --b DIST are required');
// The bench's own snippet, so that both measure the same thing.
const AGENCY = /const AGENCY = `([\s\S]*?)`;\n/.exec(readFileSync(join(ROOT, 'scripts', 'bench.ts'), 'utf8'))?.[1];
if (!AGENCY) throw new Error('AGENCY not found in scripts/bench.ts');

const facts = join(values.site!, 'data', 'facts.parquet');
const c = await (await DuckDBInstance.create(':memory:')).connect();
const agencies = (await c.runAndReadAll(`SELECT agency_id, list(DISTINCT year ORDER BY year) AS years FROM read_parquet('${facts.replace(/'/g, "''")}')
  WHERE agency_id IS NOT NULL AND year IS NOT NULL GROUP BY agency_id HAVING count(DISTINCT year) = 5 ORDER BY agency_id LIMIT ${Number(values.agencies)}`))
  .getRowObjectsJson().map((r) => ({ id: String(r.agency_id), years: (r.years as number[]).map(Number) }));
const [start] = (await c.runAndReadAll(`SELECT report_id FROM read_parquet('${facts.replace(/'/g, "''")}') WHERE agency_id IS NULL AND report_id IS NOT NULL ORDER BY report_id LIMIT 1`)).getRows();

const roots = { A: servedFolder(values.a, values.site!, 'agency-ab-'), B: servedFolder(values.b, values['site-b'] ?? values.site!, 'agency-ab-') };
// --ports A,B: fixed ports (a machine shared by several benches); default any free port.
const [portA, portB] = (values.ports ?? '0,0').split(',').map(Number);
const servers = { A: await startServer({ root: roots.A, port: portA }), B: await startServer({ root: roots.B, port: portB }) };
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const out = { A: { source: [] as number[], timeline: [] as number[], year: [] as number[] }, B: { source: [] as number[], timeline: [] as number[], year: [] as number[] } };
const median = (xs: number[]) => Math.round([...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]);
const p95 = (xs: number[]) => Math.round([...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]);
try {
  console.log(`load average at the start ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${agencies.length} agencies with five years`);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const which of (round % 2 === 0 ? ['A', 'B'] : ['B', 'A']) as ('A' | 'B')[]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      try {
        const page = await context.newPage();
        await page.goto(`${servers[which].url}?view=agency&report=${encodeURIComponent(String(start[0]))}`);
        await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
        await page.waitForSelector('pre[data-testid="source-text"]', { timeout: 60_000 });
        await page.waitForTimeout(800);
        const line: string[] = [];
        for (const a of agencies) {
          const r = (await page.evaluate(`(${AGENCY})(${JSON.stringify({ agency: a.id, year: null, years: a.years.length, report: null })})`)) as { timelineMs: number; sourceMs: number };
          await page.waitForTimeout(200);
          const current = Number(await page.locator('[data-testid="year-links"] [aria-current="page"]').getAttribute('data-year'));
          const year = a.years.find((y) => y !== current)!;
          const y = (await page.evaluate(`(${AGENCY})(${JSON.stringify({ agency: a.id, year, years: a.years.length, report: null })})`)) as { timelineMs: number; sourceMs: number };
          await page.waitForTimeout(200);
          out[which].source.push(r.sourceMs);
          out[which].timeline.push(r.timelineMs);
          out[which].year.push(y.sourceMs);
          line.push(`${Math.round(r.sourceMs)}/${Math.round(r.timelineMs)}/${Math.round(y.sourceMs)}`);
        }
        console.log(`round ${round + 1} ${which} (source text / timeline / year link's source text, ms): ${line.join('  ')}`);
      } finally {
        await context.close();
      }
    }
  }
  for (const w of ['A', 'B'] as const) {
    console.log(`${w}: source text median ${median(out[w].source)} ms (p95 ${p95(out[w].source)}), timeline ${median(out[w].timeline)} ms (p95 ${p95(out[w].timeline)}), year link's source text ${median(out[w].year)} ms (p95 ${p95(out[w].year)}) (${out[w].source.length} each)`);
  }
  console.log(`load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  for (const s of Object.values(servers)) await s.close();
  for (const r of Object.values(roots)) rmSync(r, { recursive: true, force: true });
}
