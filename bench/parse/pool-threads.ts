// The build's parsing pool (runPool with the build's WorkConfig: rows staged by the threads,
// texts appended to sources/) over one slice of a corpus, with the CPU and the waits of every
// thread of the process: where the CPU ms per file of a build goes, against per-core.ts's one
// thread. Every 200 ms (and at the last answer, while the threads still live) it reads
// /proc/self/task/<id>/stat (CPU, 10 ms ticks) and schedstat (ns on CPU, ns waiting in the run
// queue): a thread's time alive = on CPU + runnable but waiting for a core + asleep (blocked in
// a read/write, or with nothing to do). A parsing thread is one born and gone within the run.
//   npx tsx bench/parse/pool-threads.ts [--reports DIR] [--from 0] [--files 20000] [--threads 2]
//     [--runs 1] [--batch 16] [--in-flight 3] [--sample SEED] [--out DIR] [--every 10000]
// --every N: a line per N files answered, with that stretch's CPU per file.
// --sample SEED: --files files drawn at random (seeded) from the whole corpus, in file order.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runPool } from '../../src/build/pool.ts';
import { walkInputs, type Input } from '../../src/build/inputs.ts';
import { StagedEnds } from '../../src/build/staged.ts';
import type { Parsed } from '../../src/build/work.ts';
import { parseBundle } from '../../scripts/bundle.mjs';

const { values } = parseArgs({
  options: {
    reports: { type: 'string' }, from: { type: 'string' }, files: { type: 'string' }, threads: { type: 'string' },
    runs: { type: 'string' }, batch: { type: 'string' }, 'in-flight': { type: 'string' }, sample: { type: 'string' }, out: { type: 'string' }, every: { type: 'string' },
  },
});
const root = values.reports ?? '/work/big/bb/gen-100000/reports';
const from = Number(values.from ?? 0);
const N = Number(values.files ?? 20000);
const threads = Number(values.threads ?? 2);
const every = Number(values.every ?? 10000);
const scratch = values.out ?? '/work/big/gap12/pool-threads';
let slice: Input[] = [];
if (values.sample !== undefined) {
  const all = [...walkInputs(root)];
  // mulberry32: a seeded draw, the same files each run.
  let s = Number(values.sample) >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const picked = new Set<number>();
  while (picked.size < Math.min(N, all.length)) picked.add(Math.floor(rand() * all.length));
  slice = [...picked].sort((a, b) => a - b).map((i) => all[i]);
} else {
  let i = 0;
  for (const input of walkInputs(root)) {
    if (i++ < from) continue;
    slice.push(input);
    if (slice.length >= N) break;
  }
}
await parseBundle();

interface ThreadTimes { cpuMs: number; sysMs: number; runMs: number; waitMs: number }
function sampleThreads(): Map<string, ThreadTimes> {
  const out = new Map<string, ThreadTimes>();
  for (const id of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [run, wait] = readFileSync(`/proc/self/task/${id}/schedstat`, 'utf8').trim().split(' ').map(Number);
      out.set(id, { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, sysMs: Number(fields[12]) * 10, runMs: run / 1e6, waitMs: wait / 1e6 });
    } catch {
      // gone between the listing and the read
    }
  }
  return out;
}

const cpu = () => ((c) => (c.user + c.system) / 1000)(process.cpuUsage());
console.log(`# pool-threads: ${slice.length} files of ${root} (${values.sample !== undefined ? `random, seed ${values.sample}` : `from ${from}`}), threads ${threads}, batch ${values.batch ?? 16}, in flight ${values['in-flight'] ?? 3}`);
for (let run = 0; run < Number(values.runs ?? 1); run++) {
  rmSync(scratch, { recursive: true, force: true });
  const sourcesDir = join(scratch, 'sources');
  mkdirSync(sourcesDir, { recursive: true });
  const rowsDir = join(scratch, 'rows');
  const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
  const before = sampleThreads();
  const seen = new Map<string, { first: number; last: number; times: ThreadTimes; start: ThreadTimes }>();
  const t0 = performance.now();
  const note = () => {
    const now = performance.now() - t0;
    for (const [id, times] of sampleThreads()) {
      const s = seen.get(id);
      if (s) {
        s.last = now;
        s.times = times;
      } else seen.set(id, { first: now, last: now, times, start: before.get(id) ?? { cpuMs: 0, sysMs: 0, runMs: 0, waitMs: 0 } });
    }
  };
  const timer = setInterval(note, 200);
  const c0 = cpu();
  let last = { at: t0, c: c0, t: before };
  const ends = new StagedEnds();
  let done = 0;
  let onResultMs = 0;
  // The first 2,000 files of each thread (JIT still compiling) apart from the rest, as per-core.ts.
  const cold = Math.min(2000 * threads, slice.length);
  let [coldAt, coldCpu, coldThreads] = [0, 0, new Map<string, ThreadTimes>()];
  const stats = await runPool(slice, { manifestCsv: null, sourcesDir, parserVersion: 'bench', cacheDir: null, cachedKeys: null, rowsDir }, threads, (r: Parsed) => {
    const t = performance.now();
    if (r.staged) ends.record(r.staged);
    onResultMs += performance.now() - t;
    if (++done === cold) [coldAt, coldCpu, coldThreads] = [performance.now(), cpu(), sampleThreads()];
    if (done === slice.length) note();
    if (done % every === 0) {
      // This stretch's CPU per file: does a file cost more as the threads' heaps fill?
      const [now, c, t] = [performance.now(), cpu(), sampleThreads()];
      let parse = 0;
      for (const [id, x] of t) if (!before.has(id) && id !== String(process.pid)) parse += x.runMs - (last.t.get(id)?.runMs ?? 0);
      console.log(`  files ${done - every}-${done}: ${((now - last.at) / 1000).toFixed(1)} s, process CPU ${((c - last.c) / every).toFixed(3)} ms per file, new threads (parsing + V8 helpers born in the run) ${(parse / every).toFixed(3)}, RSS ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MiB`);
      last = { at: now, c, t };
    }
  }, { batch: values.batch ? Number(values.batch) : undefined, inFlight: values['in-flight'] ? Number(values['in-flight']) : undefined });
  clearInterval(timer);
  const wall = performance.now() - t0;
  const all = cpu() - c0;
  note();
  // The pool stops its threads without waiting for them: let them go before telling them apart.
  await new Promise((r) => setTimeout(r, 500));
  const after = sampleThreads();
  const main = String(process.pid);
  const d = (s: { times: ThreadTimes; start: ThreadTimes }) => ({ sys: s.times.sysMs - s.start.sysMs, cpu: s.times.cpuMs - s.start.cpuMs, run: s.times.runMs - s.start.runMs, wait: s.times.waitMs - s.start.waitMs });
  const parsing: string[] = [];
  let helpers = { sys: 0, cpu: 0, run: 0, wait: 0 };
  let mainT = { sys: 0, cpu: 0, run: 0, wait: 0 };
  for (const [id, s] of seen) {
    const x = d(s);
    if (id === main) mainT = x;
    else if (!after.has(id) && !before.has(id)) {
      // A thread born and gone within the run: a parsing thread.
      const alive = s.last; // born when the pool starts (t0)
      parsing.push(`tid ${id}: alive ≥${(alive / 1000).toFixed(1)} s, on CPU ${(x.run / 1000).toFixed(1)} s (${(x.run / alive * 100).toFixed(0)}%), waiting for a core ${(x.wait / 1000).toFixed(1)} s (${(x.wait / alive * 100).toFixed(0)}%), asleep ${((alive - x.run - x.wait) / 1000).toFixed(1)} s (${((alive - x.run - x.wait) / alive * 100).toFixed(0)}%); in the kernel ${(x.sys / 1000).toFixed(2)} s of ${(x.cpu / 1000).toFixed(2)} (10 ms ticks); ${(x.run / slice.length * threads).toFixed(3)} CPU ms per file it parsed (if shared evenly)`);
    } else {
      helpers = { sys: helpers.sys + x.sys, cpu: helpers.cpu + x.cpu, run: helpers.run + x.run, wait: helpers.wait + x.wait };
    }
  }
  const parsingRun = all - mainT.run - helpers.run;
  console.log(`run ${run + 1}: ${slice.length} files in ${(wall / 1000).toFixed(1)} s wall, process CPU ${(all / 1000).toFixed(1)} s = ${(all / slice.length).toFixed(3)} CPU ms per file (${(slice.length / all * 1000).toFixed(0)} files per CPU-second); load average ${load} at start, ${loadavg().map((l) => l.toFixed(2)).join(' / ')} at end`);
  console.log(`  parsing threads ${(parsingRun / 1000).toFixed(1)} s (${(parsingRun / slice.length).toFixed(3)} ms/file), main thread ${(mainT.run / 1000).toFixed(1)} s (${(mainT.run / slice.length).toFixed(3)} ms/file; onResult ${onResultMs.toFixed(0)} ms; waited for a core ${(mainT.wait / 1000).toFixed(1)} s), V8/libuv helpers ${(helpers.run / 1000).toFixed(1)} s (${(helpers.run / slice.length).toFixed(3)} ms/file; waited for a core ${(helpers.wait / 1000).toFixed(1)} s)`);
  console.log(`  pool busy (sum of batch times) ${(stats.busyMs / 1000).toFixed(1)} s over ${threads} thread(s) x ${(wall / 1000).toFixed(1)} s: idle between batches ${((threads * wall - stats.busyMs) / 1000).toFixed(1)} s`);
  for (const line of parsing) console.log(`  ${line}`);
  const warm = slice.length - cold;
  if (warm > 0) {
    let warmParsing = 0;
    for (const [id, t] of coldThreads) if (!before.has(id) && !after.has(id)) warmParsing += seen.get(id)!.times.runMs - t.runMs;
    const warmCpu = all - (coldCpu - c0);
    console.log(`  after the first ${cold} files: ${warm} files, process CPU ${(warmCpu / warm).toFixed(3)} ms per file (${(warm / warmCpu * 1000).toFixed(0)} per CPU-second), parsing threads ${(warmParsing / warm).toFixed(3)} ms per file, ${(warm / (wall - (coldAt - t0)) * 1000).toFixed(0)} files/s wall`);
  }
}
rmSync(scratch, { recursive: true, force: true });
