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
    // Two test files at once, on both projects (vitest's default for `run` is one fewer than the
    // CPUs: a single file at a time on a 2-core machine, where a browser file leaves a core idle
    // while its page waits). The e2e files share their builds through locks (tests/e2e/site.ts).
    maxWorkers: 2,
    // 120 s, not 60: with two files at once on a loaded machine (load 21-34 of 2 cores), two tests of
    // tests/e2e/dashboard.test.ts that take 19-38 s one file at a time passed 60 s (session 22).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/**/*.client.test.ts'] } },
      // .svelte.ts modules as the browser runs them (Svelte's client runtime: $effect runs).
      { extends: true, test: { name: 'client', include: ['tests/**/*.client.test.ts'], environment: './tests/env/svelte-client.ts' } },
    ],
  },
});
