// Peak RSS of the data build step by step: buildData on a corpus in this process, its RSS
// (/proc/self/status VmRSS) sampled every 25 ms, the highest sample printed with each build log
// line (so each figure is the peak of the step that line ends), with the RSS and the JS heap (used
// of total) as the line is logged and the process's CPU seconds so far, and VmHWM at the end. The
// main thread and the parsing threads share the process, so the parse's figure includes them.
// `--data DIR` keeps the built data there (as the build publishes it: DIR a link into DIR.builds)
// and writes the parser version beside it (DIR/../data-version), so that a site bench run on the
// same corpus (scripts/bench.ts, .cache/bench/N/data) serves it instead of building it again.
//   npx tsx bench/build/stage-peaks.ts [--reports DIR] [--out DIR] [--data DIR]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildData, parserVersion } from '../../src/build/build.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, out: { type: 'string' }, data: { type: 'string' } } });
const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const base = mkdtempSync(join(values.out ?? '/tmp', 'stage-peaks-'));
let stepPeak = 0;
const t0 = performance.now();
const timer = setInterval(() => { stepPeak = Math.max(stepPeak, status('VmRSS')); }, 25);
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
try {
  await buildData({
    reportsDir: values.reports ?? '/work/big/bb/gen-100000/reports', outDir: values.data ? resolve(values.data) : join(base, 'out'), cacheDir: join(base, 'cache'),
    log: (line) => {
      stepPeak = Math.max(stepPeak, status('VmRSS'));
      const m = process.memoryUsage();
      const mib = (n: number) => (n / 2 ** 20).toFixed(0).padStart(4);
      console.log(`${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  peak ${stepPeak.toFixed(0).padStart(5)} MiB, now ${mib(m.rss)}, JS heap ${mib(m.heapUsed)} of ${mib(m.heapTotal)}, CPU ${(((c) => (c.user + c.system) / 1e6)(process.cpuUsage())).toFixed(1).padStart(6)} s | ${line}`);
      stepPeak = status('VmRSS');
    },
  });
  if (values.data) writeFileSync(join(dirname(resolve(values.data)), 'data-version'), `${parserVersion()}\n`);
} finally {
  clearInterval(timer);
  rmSync(base, { recursive: true, force: true });
}
console.log(`VmHWM ${status('VmHWM').toFixed(1)} MiB`);
