import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
// Design A: the project's own @duckdb/duckdb-wasm 1.28.0.
export default defineConfig({
  root: here + 'a',
  publicDir: here + 'public',
  build: { outDir: here + 'dist-a', emptyOutDir: true },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
});
