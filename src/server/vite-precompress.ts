// `vite build` → the compressed copies and the record of the build (precompress.ts), once every
// file, public/ included, is written. The record is removed when the build starts, so a server
// watching the folder knows a build is under way (static.ts answers 503 until it is back).
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { MANIFEST_FILE, precompress } from './precompress.ts';

export function precompressPlugin(): Plugin {
  let outDir = '';
  let write = true;
  return {
    name: 'site-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      write = config.build.write !== false;
    },
    buildStart() {
      if (write) rmSync(join(outDir, MANIFEST_FILE), { force: true });
    },
    async closeBundle() {
      // Vite also closes the bundles it makes inside the build (the DuckDB worker) before the site
      // is written: only the main build writes index.html, so only then is the site complete.
      if (!write || !existsSync(join(outDir, 'index.html'))) return;
      const r = await precompress(outDir);
      this.info?.(`precompressed ${r.compressed} of ${r.files} files (${r.bytes} → ${r.brBytes} bytes brotli) in ${r.ms} ms`);
    },
  };
}
