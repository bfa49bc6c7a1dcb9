// A build whose staged rows (`.stage/rows`, the parsing threads' CSV files) are kept, for
// bench/build/phases.ts: hard links made when the build reaches 'parsed', before it removes them.
//
//   npx tsx bench/build/keep-rows.ts --reports DIR --out DIR --rows DIR [--cache DIR]
//
// Prints the build's log lines with their time; the output is a normal build.
import { existsSync, linkSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildData } from '../../src/build/build.ts';
import { defaultStore } from '../../src/build/publish.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, out: { type: 'string' }, rows: { type: 'string' }, cache: { type: 'string' } } });
if (!values.reports || !values.out || !values.rows) throw new Error('--reports, --out and --rows are required');
const out = resolve(values.out);
const keep = resolve(values.rows);
if (existsSync(keep)) throw new Error(`${keep} exists`);
const store = defaultStore(out);
const started = performance.now();
await buildData({
  reportsDir: values.reports,
  outDir: out,
  cacheDir: values.cache ?? null,
  log: (line) => console.log(`${((performance.now() - started) / 1000).toFixed(1)} s ${line}`),
  onStage: (stage) => {
    if (stage !== 'parsed') return;
    // The build folder being written: the only one in the store with a staging folder.
    const rows = readdirSync(store).map((n) => join(store, n, '.stage', 'rows')).filter((p) => existsSync(p));
    if (rows.length !== 1) throw new Error(`expected one build folder with staged rows in ${store}, found ${rows.length}`);
    mkdirSync(keep, { recursive: true });
    for (const name of readdirSync(rows[0])) if (statSync(join(rows[0], name)).isFile()) linkSync(join(rows[0], name), join(keep, name));
    console.log(`staged rows kept in ${keep}`);
  },
});
console.log(`peak RSS ${Math.round(Number(/VmHWM:\s+(\d+)/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8'))![1]) / 1024)} MiB`);
