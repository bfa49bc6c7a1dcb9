// A/B of two checkouts of the parser in ONE process, interleaved file by file: each file is parsed
// by both (in alternating order), and each side keeps its best time per file over --passes warm
// passes. On a machine shared with other jobs, runs in separate processes (per-core.ts) move by
// ±20% from minute to minute; the best-of per file hardly moves, so a change of a few percent shows.
// It measures warm parsing only (readDocument; no thread, no I/O): per-core.ts remains the figure
// for the targets.
//   npx tsx bench/parse/ab.ts --base /path/to/other/worktree [--files LIST | --reports DIR] [--limit 3000] [--passes 4] [--worker [--staged]]
// --worker: each side's whole per-file job instead (work.ts FileWorker.run: read, hashes, parse,
// source text appended, rows answered as the pool's threads answer them without a rowsDir).
// --staged (with --worker): rows written to staged CSV files as the build's threads do (WorkConfig.rowsDir).
// --files: a file with one path per line; --reports: a folder walked as the build walks it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { walkInputs } from '../../src/build/inputs.ts';
import { loadReader, type Read } from './ab-load.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, files: { type: 'string' }, reports: { type: 'string' }, limit: { type: 'string' }, passes: { type: 'string' }, worker: { type: 'boolean' }, staged: { type: 'boolean' } } });
if (!values.base) throw new Error('--base DIR (a checkout of the project to compare with) is required');
const sourcesDir = mkdtempSync(join(tmpdir(), 'ab-'));
process.on('exit', () => rmSync(sourcesDir, { recursive: true, force: true }));
const load = (root: string): Promise<Read> => loadReader(root, { worker: values.worker, staged: values.staged, sourcesDir });
const sides: [string, Read][] = [['base', await load(resolve(values.base))], ['this', await load(resolve(import.meta.dirname, '../..'))]];
const limit = Number(values.limit ?? 3000);
let files: string[] = [];
if (values.files) files = readFileSync(values.files, 'utf8').split('\n').filter(Boolean);
else for (const input of walkInputs(values.reports ?? '/work/big/bb/gen-100000/reports')) if (files.push(input.path) >= limit) break;
// PDFs are left out: pdf.js time is not the parser's.
files = files.filter((f) => !/\.pdf$/i.test(f)).slice(0, limit);
const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
const passes = Number(values.passes ?? 4);
const best = sides.map(() => new Array<number>(files.length).fill(Infinity));
for (let pass = 0; pass < passes + 2; pass++) {
  for (let i = 0; i < files.length; i++) {
    for (let k = 0; k < 2; k++) {
      const side = (i + pass + k) % 2;
      const t0 = performance.now();
      await sides[side][1](bytes[i], files[i]);
      const t = performance.now() - t0;
      // The first two passes warm the code up.
      if (pass >= 2 && t < best[side][i]) best[side][i] = t;
    }
  }
}
const kinds = new Map<string, number[]>();
files.forEach((f, i) => {
  const ext = /\.([a-z]+)$/i.exec(f)?.[1]?.toLowerCase() ?? '?';
  for (const kind of ['all', ext]) {
    if (!kinds.has(kind)) kinds.set(kind, []);
    kinds.get(kind)!.push(i);
  }
});
console.log(`${files.length} files, best of ${passes} warm passes per file, µs per file (same process, interleaved)`);
for (const [kind, list] of kinds) {
  const [a, b] = best.map((times) => list.reduce((s, i) => s + times[i], 0) / list.length * 1000);
  console.log(`${kind.padEnd(6)}${String(list.length).padStart(6)} files   base ${a.toFixed(0).padStart(5)}   this ${b.toFixed(0).padStart(5)}   ${((b / a - 1) * 100).toFixed(1)}%`);
}
