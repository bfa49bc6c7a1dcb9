import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { precompressPlugin } from './src/server/vite-precompress.ts';

export default defineConfig({
  plugins: [svelte(), precompressPlugin()],
  // DuckDB-wasm ships its own worker and wasm; pre-bundling would break their URLs.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/**/*.client.test.ts'] } },
      // .svelte.ts modules as the browser runs them (Svelte's client runtime: $effect runs).
      { extends: true, test: { name: 'client', include: ['tests/**/*.client.test.ts'], environment: './tests/env/svelte-client.ts' } },
    ],
  },
});
