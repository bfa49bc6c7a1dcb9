import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
// The check page for src/db/duckdb.ts, built the way the app will build it.
export default defineConfig({
  root: here + 'client',
  publicDir: here + 'public',
  build: { outDir: here + 'dist-client', emptyOutDir: true },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
});
