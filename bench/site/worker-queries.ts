// Queries run directly in a fresh page's DuckDB worker, in order, once each, timed (the first run
// of a query in a page pays for V8 compiling DuckDB-wasm's code: this shows which queries do):
//   npx tsx bench/site/worker-queries.ts --app DIST --queries FILE.json [--site DIR] [--wait MS] [--js-flags FLAGS]
// FILE.json: [{ "sql": "...", "params": [...], "label": "..." }, …]. The page (the app of DIST over
// the site's data: served.ts) loads with globalThis.__dbTrace set, so src/app/data.svelte.ts exposes
// __dbRun; after [data-db-stage="ready"] and --wait ms (the outcomes list's table is made then),
// each query runs through the page's own prepared-statement cache (src/db/duckdb.ts). Prints the
// ms of each, its row count and a hash of its rows (to compare two formulations' answers).
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';
import { servedFolder } from './served.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    app: { type: 'string' }, queries: { type: 'string' }, site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') },
    wait: { type: 'string', default: '4000' }, 'js-flags': { type: 'string' },
  },
});
if (!values.app || !values.queries) throw new Error('--app DIST and --queries FILE are required');
const list = JSON.parse(readFileSync(values.queries, 'utf8')) as { sql: string; params: unknown[]; label?: string }[];
const root = servedFolder(values.app, values.site!, 'worker-queries-');
const server = await startServer({ root, port: 0 });
const flags = values['js-flags'] ? [`--js-flags=${values['js-flags']}`] : [];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', ...flags] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript('globalThis.__dbTrace = []');
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
  await page.waitForTimeout(Number(values.wait));
  for (const q of list) {
    const r = (await page.evaluate(`(async () => {
      const s = performance.now();
      try {
        const rows = await globalThis.__dbRun(${JSON.stringify(q.sql)}, ${JSON.stringify(q.params)});
        const ms = performance.now() - s;
        const j = JSON.stringify(rows, (k, v) => typeof v === 'bigint' ? Number(v) : v);
        let h = 0;
        for (let i = 0; i < j.length; i++) h = (h * 31 + j.charCodeAt(i)) | 0;
        return { ms, rows: rows.length + ' rows #' + h + ' ' + j.slice(0, 120) };
      } catch (e) { return { ms: performance.now() - s, rows: 'ERR ' + e.message }; }
    })()`)) as { ms: number; rows: string };
    console.log(`${r.ms.toFixed(0).padStart(6)} ms  ${q.label ?? q.sql.replace(/\s+/g, ' ').slice(0, 80)}  ${r.rows}`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
