// The data build's log, line by line, with the seconds since the build began and the process's
// CPU seconds so far (the parsing threads' included): where the time of one build goes.
//   npx tsx bench/build/timeline.ts --reports DIR --out DIR [--cache DIR] [--store DIR]
// A normal build (kept): run it twice with a cache for a rebuild from the cache.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildData } from '../../src/build/build.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, out: { type: 'string' }, cache: { type: 'string' }, store: { type: 'string' } } });
if (!values.reports || !values.out) throw new Error('--reports DIR and --out DIR are required');
const cpu = () => ((c) => (c.user + c.system) / 1e6)(process.cpuUsage());
const t0 = performance.now();
let last = { t: 0, c: cpu() };
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
console.log('     s   Δs  ΔCPU s');
await buildData({
  reportsDir: values.reports, outDir: values.out, cacheDir: values.cache ?? null, storeDir: values.store,
  log: (line) => {
    const now = { t: (performance.now() - t0) / 1000, c: cpu() };
    console.log(`${now.t.toFixed(1).padStart(6)} ${(now.t - last.t).toFixed(1).padStart(4)} ${(now.c - last.c).toFixed(1).padStart(7)} | ${line}`);
    last = now;
  },
});
const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s, CPU ${cpu().toFixed(1)} s, VmHWM ${hwm.toFixed(0)} MiB; load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
