// Parse throughput of one fresh parsing thread (= per core), as bench/build/run.ts measures it,
// repeated: each run starts a new thread (its JIT starts cold) on the first --files inputs of a
// corpus; the first answer (a batch of 16 files), the first 2,000 files (thread start included: the case of
// `npm run parse`) and the rest (warm) are timed apart. The parser bundle is made before the clock starts. Besides wall time,
// the CPU time of the whole process over the same spans (the thread, the main thread receiving its
// results, GC and JIT threads): files per CPU-second hardly move with other jobs on the machine.
// On Linux, each run's CPU is also split by thread (/proc/self/task): the process's main thread, the
// threads that outlive the run (V8's compiler and GC helpers, libuv's pool) and the rest, which is
// the parsing thread (gone when the run ends). The helpers were a fifth of the CPU of the first
// 5,000 files, most of it TurboFan compiling the parser (2026-11-28-prs8-*.log).
// --staged: the thread writes its rows to staged CSV files as the build's threads do (WorkConfig.rowsDir),
// instead of answering them (what bench/build/run.ts measures for the targets).
//   npx tsx bench/parse/per-core.ts [--reports DIR] [--files 5000] [--runs 3] [--staged]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runPool } from '../../src/build/pool.ts';
import { walkInputs, type Input } from '../../src/build/inputs.ts';
import { parseBundle } from '../../scripts/bundle.mjs';

const { values } = parseArgs({ options: { reports: { type: 'string' }, files: { type: 'string' }, runs: { type: 'string' }, staged: { type: 'boolean' } } });
const root = values.reports ?? '/work/big/bb/gen-100000/reports';
const N = Number(values.files ?? 5000);
const COLD = 2000;
const sample: Input[] = [];
for (const input of walkInputs(root)) {
  sample.push(input);
  if (sample.length >= N) break;
}
await parseBundle();

/** CPU ms of each thread of this process by thread id (utime + stime of /proc/self/task/<id>/stat), or null off Linux. */
function threadCpu(): Map<string, number> | null {
  try {
    const out = new Map<string, number>();
    for (const id of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(id, (Number(fields[11]) + Number(fields[12])) * 10); // clock ticks of 10 ms (USER_HZ 100)
    }
    return out;
  } catch {
    return null;
  }
}

for (let run = 0; run < Number(values.runs ?? 3); run++) {
  const sourcesDir = mkdtempSync(join(tmpdir(), 'per-core-'));
  const load = loadavg()[0];
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const threads0 = threadCpu();
  const [t0, c0] = [performance.now(), cpu()];
  let seen = 0;
  let [coldEnd, coldCpu, firstEnd] = [0, 0, 0];
  const rowsDir = values.staged ? join(sourcesDir, 'rows') : undefined;
  await runPool(sample, { manifestCsv: null, sourcesDir, parserVersion: 'bench', cacheDir: null, cachedKeys: null, rowsDir }, 1, () => {
    if (++seen === 1) firstEnd = performance.now();
    if (seen === Math.min(COLD, sample.length)) [coldEnd, coldCpu] = [performance.now(), cpu()];
  });
  const [t1, c1] = [performance.now(), cpu()];
  const threads1 = threadCpu();
  rmSync(sourcesDir, { recursive: true, force: true });
  const cold = Math.min(COLD, sample.length);
  const warm = sample.length - cold;
  const rate = (n: number, ms: number) => (n ? (n / ms * 1000).toFixed(0) : '—');
  console.log(`run ${run + 1}: first answer (the pool's first batch, 16 files) ${(firstEnd - t0).toFixed(0)} ms after the start (thread start included); first ${cold} files ${rate(cold, coldEnd - t0)}/s (${rate(cold, coldCpu - c0)} per CPU-second), `
    + `next ${warm} ${rate(warm, t1 - coldEnd)}/s (${rate(warm, c1 - coldCpu)} per CPU-second); load average ${load.toFixed(2)} at start`);
  if (threads0 && threads1) {
    const main = String(process.pid);
    let helpers = 0;
    for (const [id, ms] of threads1) if (id !== main && threads0.has(id)) helpers += ms - threads0.get(id)!;
    const mainMs = threads1.get(main)! - threads0.get(main)!;
    const all = c1 - c0;
    console.log(`  CPU by thread over the run (${all.toFixed(0)} ms): parsing thread ~${(all - mainMs - helpers).toFixed(0)} ms, main thread ${mainMs} ms, V8/libuv helper threads ${helpers} ms (10 ms ticks)`);
  }
}
