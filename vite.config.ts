import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { precompressPlugin } from './src/server/vite-precompress.ts';

export default defineConfig({
  plugins: [svelte(), precompressPlugin(), {
    // Dev server: src/db/engine-worker.ts imports DuckDB's worker script as a module, and Vite then
    // reads the script's source map, whose sources point outside the package: 112 warnings on the
    // first page load. The map is of no use here (minified vendor code): the script is served without it.
    name: 'duckdb-worker-without-source-map',
    apply: 'serve',
    load(id: string) {
      const file = id.split('?')[0];
      if (!file.endsWith('/duckdb-browser-eh.worker.js')) return null;
      return { code: readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, ''), map: null };
    },
  }],
  worker: { format: 'es' },
  // DuckDB-wasm ships its own worker and wasm; pre-bundling would break their URLs.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    // One test file at a time (vitest's default for `run` on 2 CPUs, stated): two at once was
    // measured slower here, each browser file's page load using both cores (CI on a clean clone,
    // session 22: 1,404 s with two workers against 1,173 s with one in session 21; per-file times
    // 2.3x). The e2e files' locks (tests/e2e/site.ts) stay for anyone who raises it.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/**/*.client.test.ts'] } },
      // .svelte.ts modules as the browser runs them (Svelte's client runtime: $effect runs).
      { extends: true, test: { name: 'client', include: ['tests/**/*.client.test.ts'], environment: './tests/env/svelte-client.ts' } },
    ],
  },
});
