// A/B of two checkouts in ONE process by CPU time, GC included: ab.ts keeps each file's best time,
// which leaves out the collections (a file's best run is one no GC fell into), so a change that
// allocates less shows nothing there. Here each side parses blocks of --block files in turn (the
// order alternating from round to round), and each block's process CPU time (process.cpuUsage:
// this thread, GC and compiler threads) is summed per side; the garbage of a block is mostly
// collected within it. Prints the per-round ratios and their median.
//   npx tsx bench/parse/ab-cpu.ts --base DIR [--reports DIR] [--limit 3000] [--rounds 8] [--block 500] [--worker [--staged]]
// Under the parsing thread's V8 flags: node --no-turbo-inlining --max-optimized-bytecode-size=2000 --import tsx bench/parse/ab-cpu.ts …
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { walkInputs } from '../../src/build/inputs.ts';
import { loadReader, type Read } from './ab-load.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, reports: { type: 'string' }, limit: { type: 'string' }, rounds: { type: 'string' }, block: { type: 'string' }, worker: { type: 'boolean' }, staged: { type: 'boolean' } } });
if (!values.base) throw new Error('--base DIR (a checkout of the project to compare with) is required');
const sourcesDir = mkdtempSync(join(tmpdir(), 'ab-cpu-'));
process.on('exit', () => rmSync(sourcesDir, { recursive: true, force: true }));
const load = (root: string): Promise<Read> => loadReader(root, { worker: values.worker, staged: values.staged, sourcesDir });
const sides: Read[] = [await load(resolve(values.base)), await load(resolve(import.meta.dirname, '../..'))];
const limit = Number(values.limit ?? 3000);
const files: string[] = [];
for (const input of walkInputs(values.reports ?? '/work/big/bb/gen-100000/reports')) {
  if (/\.pdf$/i.test(input.path)) continue;
  if (files.push(input.path) >= limit) break;
}
const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
const block = Number(values.block ?? 500);
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const run = async (side: number, from: number, to: number) => {
  const c0 = cpu();
  for (let i = from; i < to; i++) await sides[side](bytes[i], files[i]);
  return cpu() - c0;
};
// Two warm-up rounds, unmeasured.
for (let w = 0; w < 2; w++) for (let from = 0; from < files.length; from += block) for (const side of [0, 1]) await run(side, from, Math.min(files.length, from + block));
const rounds = Number(values.rounds ?? 8);
const ratios: number[] = [];
const totals = [0, 0];
const load0 = loadavg()[0];
for (let round = 0; round < rounds; round++) {
  const t = [0, 0];
  for (let from = 0, b = 0; from < files.length; from += block, b++) {
    const order = (round + b) % 2 ? [1, 0] : [0, 1];
    for (const side of order) t[side] += await run(side, from, Math.min(files.length, from + block));
  }
  totals[0] += t[0];
  totals[1] += t[1];
  ratios.push(t[1] / t[0]);
  console.log(`round ${round + 1}: base ${(t[0] / files.length * 1000).toFixed(0)} µs CPU/file, this ${(t[1] / files.length * 1000).toFixed(0)} (${((t[1] / t[0] - 1) * 100).toFixed(1)}%)`);
}
ratios.sort((a, b) => a - b);
const median = ratios[ratios.length >> 1];
console.log(`${files.length} files${values.worker ? (values.staged ? ', FileWorker staged' : ', FileWorker') : ', readDocument'}, ${rounds} rounds, load ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}: `
  + `base ${(totals[0] / rounds / files.length * 1000).toFixed(0)} µs CPU/file, this ${(totals[1] / rounds / files.length * 1000).toFixed(0)}; `
  + `median ratio ${((median - 1) * 100).toFixed(1)}% (range ${((ratios[0] - 1) * 100).toFixed(1)}% .. ${((ratios[ratios.length - 1] - 1) * 100).toFixed(1)}%)`);
