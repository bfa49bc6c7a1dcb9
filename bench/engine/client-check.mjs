// Builds nothing: run after `vite build -c bench/engine/vite.client.config.ts`.
// Serves dist-client with a strict same-origin CSP (no 'unsafe-eval'), brotli, and checks
// src/db/duckdb.ts in headless chromium; any request outside the origin fails the check.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
// CHECK_URL=http://127.0.0.1:5173/ checks an already running server (e.g. `vite` dev) instead.
const base = process.env.CHECK_URL ?? 'http://127.0.0.1:4399/';
const server = process.env.CHECK_URL ? null : await serve(here + 'dist-client', 4399, 'br', { csp: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const context = await browser.newContext();
const outside = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith(base)) return route.continue();
  outside.push(url);
  return route.abort('blockedbyclient');
});
const page = await context.newPage();
const csp = [];
page.on('console', (m) => /Content Security Policy/.test(m.text()) && csp.push(m.text()));
await page.goto(`${base}${process.env.REAL ? `?real=${process.env.REAL}` : ''}`);
await page.waitForFunction(() => window.__check, null, { timeout: 120_000 });
const results = await page.evaluate(() => window.__check);
await browser.close();
server?.close();
results.push({ name: 'no request outside the origin', ok: outside.length === 0, detail: outside });
results.push({ name: 'no CSP violation', ok: csp.length === 0, detail: csp });
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}  ${JSON.stringify(r.detail)?.slice(0, 200) ?? ''}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
