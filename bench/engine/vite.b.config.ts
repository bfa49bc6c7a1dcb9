import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
// Design B: a current @duckdb/duckdb-wasm installed OUTSIDE the project (never in /work/main):
//   mkdir -p /tmp/duck132 && cd /tmp/duck132 && npm init -y && npm i @duckdb/duckdb-wasm@1.32.0
// apache-arrow must be the copy that duckdb-wasm itself uses (insertArrowTable serialises it).
const B = process.env.DUCKDB_WASM_B ?? '/tmp/duck132/node_modules';
export default defineConfig({
  root: here + 'b',
  publicDir: here + 'public',
  build: { outDir: here + 'dist-b', emptyOutDir: true },
  resolve: {
    alias: [
      { find: /^@duckdb\/duckdb-wasm$/, replacement: `${B}/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs` },
      { find: /^@duckdb\/duckdb-wasm\/(.*)$/, replacement: `${B}/@duckdb/duckdb-wasm/$1` },
      { find: /^apache-arrow$/, replacement: `${B}/apache-arrow/Arrow.dom.mjs` },
    ],
  },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
});
