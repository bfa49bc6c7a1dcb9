// How much of a fresh thread's first 2,000 files is warm-up: FileWorker inline (this thread, as a
// parsing thread runs it) over the first --files inputs, then the same inputs again, then the next
// --files; CPU of the process and of this thread (the rest: V8's compiler and GC helper threads).
// Run under the parsing thread's flags:
//   node --no-turbo-inlining --max-optimized-bytecode-size=2000 --import tsx bench/parse/warmup.ts [--files 2000] [--first: the first pass only, e.g. under --prof]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { walkInputs, type Input } from '../../src/build/inputs.ts';
import { FileWorker } from '../../src/build/work.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, files: { type: 'string' }, first: { type: 'boolean' } } });
const n = Number(values.files ?? 2000);
const inputs: Input[] = [];
for (const input of walkInputs(values.reports ?? '/work/big/bb/gen-100000/reports')) if (inputs.push(input) >= 2 * n) break;
for (const i of inputs) readFileSync(i.path); // page cache
const dir = mkdtempSync(join(tmpdir(), 'warmup-'));
const worker = new FileWorker({ manifestCsv: null, sourcesDir: join(dir, 'sources'), parserVersion: 'warmup', cacheDir: null, cachedKeys: null });
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const self = () => { const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) * 10; };
const pass = async (from: number, to: number) => {
  const [c0, s0] = [cpu(), self()];
  for (let i = from; i < to; i++) {
    await worker.run(inputs[i]);
    if (i % 16 === 15) worker.idle();
  }
  const [c1, s1] = [cpu(), self()];
  return { all: c1 - c0, main: s1 - s0 };
};
const load = loadavg()[0];
const a = await pass(0, n);
if (values.first) {
  rmSync(dir, { recursive: true, force: true });
  console.log(`first ${n}: ${(a.all / n * 1000).toFixed(0)} µs CPU/file`);
  process.exit(0);
}
const b = await pass(0, n);
const c = await pass(n, 2 * n);
rmSync(dir, { recursive: true, force: true });
const f = (p: { all: number; main: number }) => `${(p.all / n * 1000).toFixed(0)} µs CPU/file (this thread ${(p.main / n * 1000).toFixed(0)}, helpers ${((p.all - p.main) / n * 1000).toFixed(0)})`;
console.log(`load ${load.toFixed(1)} flags [${process.execArgv.filter((x) => x.startsWith('--') && !x.includes('tsx')).join(' ')}]: first ${n}: ${f(a)}; same again: ${f(b)}; next ${n}: ${f(c)}; warm-up excess ${((a.all - b.all) / a.all * 100).toFixed(0)} % of the first pass`);
