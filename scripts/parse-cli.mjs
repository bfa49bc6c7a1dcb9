// `npm run parse`: starts scripts/parse.ts without transpiling TypeScript on every run: it runs
// the esbuild bundle of scripts/bundle.mjs (made again when a source changed), or, without
// esbuild, scripts/parse.ts through tsx as before.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRIES, parseBundle } from './bundle.mjs';

const dir = await parseBundle();
if (dir) {
  await import(pathToFileURL(join(dir, 'parse.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(ENTRIES.parse).href);
}
