// The queries the page runs by itself once the database is ready (no interaction): each one's SQL,
// when it was handed to the worker and when its rows were back, ms after [data-db-stage="ready"]:
//   npx tsx bench/site/startup-queries.ts [--site DIR] [--app DIST] [--search ?…] [--seconds N]
// `--app DIST`: the app of another `vite build` with the site's data (served.ts).
// What a first filter change soon after the load waits behind (the worker runs one at a time).
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../../src/server/static.ts';
import { servedFolder } from './served.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') },
    app: { type: 'string' }, search: { type: 'string', default: '' }, seconds: { type: 'string', default: '10' },
  },
});
const root = values.app ? servedFolder(values.app, values.site!, 'startup-') : values.site!;
if (!existsSync(join(root, 'index.html'))) throw new Error(`no index.html in ${root}`);
const server = await startServer({ root, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(`globalThis.__dbTrace = [];
    new MutationObserver((_, o) => { if (document.querySelector('[data-db-stage="ready"]')) { globalThis.__ready = performance.now(); o.disconnect(); } })
      .observe(document, { subtree: true, childList: true, attributes: true });`);
  const page = await context.newPage();
  await page.goto(server.url + values.search);
  await page.waitForSelector('[data-db-stage="ready"]', { timeout: 300_000 });
  await page.waitForTimeout(Number(values.seconds) * 1000);
  const { ready, trace } = (await page.evaluate('({ ready: globalThis.__ready, trace: globalThis.__dbTrace })')) as { ready: number; trace: { sql: string; sent: number; done?: number; rows?: number }[] };
  console.log(`ready at ${ready.toFixed(0)} ms; ${trace.length} queries`);
  for (const e of trace) {
    console.log(`  sent ${(e.sent - ready).toFixed(0).padStart(6)}  back ${e.done === undefined ? '     ?' : (e.done - ready).toFixed(0).padStart(6)}  ${String(e.rows ?? '?').padStart(5)} rows  ${e.sql.replace(/\s+/g, ' ').slice(0, 100)}`);
  }
} finally {
  await browser.close();
  await server.close();
  if (values.app) rmSync(root, { recursive: true, force: true });
}
