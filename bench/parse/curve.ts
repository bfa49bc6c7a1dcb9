// The warm-up curve of a fresh process: FileWorker (as the pool's threads run it, rows answered,
// not staged) inline over the first --files inputs; CPU ms per file per --step files, so that the
// cost of the first files (JIT warm-up, first allocations) shows apart from the steady state.
//   npx tsx bench/parse/curve.ts [--reports DIR] [--files 4000] [--step 250]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { walkInputs, type Input } from '../../src/build/inputs.ts';
import { FileWorker } from '../../src/build/work.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, files: { type: 'string' }, step: { type: 'string' } } });
const root = values.reports ?? '/work/big/bb/gen-100000/reports';
const inputs: Input[] = [];
for (const input of walkInputs(root)) if (inputs.push(input) >= Number(values.files ?? 4000)) break;
const step = Number(values.step ?? 250);
const dir = mkdtempSync(join(tmpdir(), 'curve-'));
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const t0 = [performance.now(), cpu()];
const worker = new FileWorker({ manifestCsv: null, sourcesDir: join(dir, 'sources'), parserVersion: 'curve', cacheDir: null, cachedKeys: null });
let [wall, used] = [performance.now(), cpu()];
const out: string[] = [];
let total = 0;
for (let i = 0; i < inputs.length; i++) {
  await worker.run(inputs[i]);
  if (i % 16 === 15) worker.idle();
  if ((i + 1) % step === 0) {
    const [w, c] = [performance.now(), cpu()];
    out.push(`${String(i + 1).padStart(6)} ${((c - used) / step).toFixed(3).padStart(7)} ${((w - wall) / step).toFixed(3).padStart(7)}`);
    [wall, used] = [w, c];
    if (i + 1 === 2000) total = c - t0[1];
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`load ${loadavg()[0].toFixed(2)}; files  cpu-ms/file  wall-ms/file; first 2000 files: ${total.toFixed(0)} CPU ms (${(2000 / total * 1000).toFixed(0)} per CPU-second)`);
console.log(out.join('\n'));
