// The data build's benchmark: for each corpus size, parse throughput (one worker = per core, and
// the full pool), peak RSS of the process (main thread + worker threads share it: VmHWM), full
// build time to Parquet, Parquet bytes, and an incremental rebuild with nothing changed.
//
//   npx tsx bench/build/run.ts [--sizes 1000,10000,100000] [--root DIR] [--copies]
//
// Also the start of `npm run parse` on one text file and on one PDF (the first PDF's extra cost
// is loading pdf.js), and the load average at the start (the machine may be shared).
//
// Corpora come from the synthetic generator (npm run gen:corpus -- --reports N --out DIR --seed 1),
// made once under --root (default /tmp/build-bench) and reused; --copies makes them from links to
// the bundled samples instead (bench/build/corpus.ts). Each size runs in its own process so that
// its peak RSS is its own. Prints a table and writes bench/build/results.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rewriteReadmes } from '../readme.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const USAGE = 'npx tsx bench/build/run.ts [--sizes 1000,10000,100000] [--root DIR] [--copies]';
// Strict: an unknown flag (`--help`, a typo) stops here instead of running the whole default bench.
const { values } = parseArgs({
  options: {
    sizes: { type: 'string' }, root: { type: 'string' }, copies: { type: 'boolean' }, help: { type: 'boolean' },
    // A child process: one size (`--one N`) of the corpus `--corpus DIR`.
    one: { type: 'string' }, corpus: { type: 'string' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

interface One {
  reports: number;
  corpus: string;
  /** One fresh parsing thread (the CLI's case): the first (up to) 2,000 files. */
  perCore: { files: number; seconds: number; perSecond: number };
  /** The same thread once warm: the files after the first 2,000 (up to 5,000 in all). */
  warm: { files: number; seconds: number; perSecond: number } | null;
  build: {
    seconds: number; parseSeconds: number; parsePerSecond: number; threads: number; parquetBytes: number;
    files: { name: string; bytes: number }[]; summaryBytes: number; layout: string;
    /** The build log, each line at its second since the build began (absent in older results). */
    stages?: { seconds: number; line: string }[];
  };
  rebuild: { seconds: number; parsed: number; cached: number };
  peakRssBytes: number;
}

const root = resolve(values.root ?? '/tmp/build-bench');
if (values.one !== undefined) {
  // A child: one size (the parent gives it its root too).
  process.stdout.write(`${JSON.stringify(await one(Number(values.one), values.corpus!))}\n`);
  process.exit(0);
}

const sizes = (values.sizes ?? '1000,10000,100000').split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--sizes: positive whole numbers, e.g. 1000,10000 (${USAGE})`);
const loadAverage = loadavg();
const startup = measureStartup();
const copies = values.copies ?? false;
const results: One[] = [];
for (const n of sizes) {
  const corpus = ensureCorpus(n);
  process.stderr.write(`${n} reports (${corpus}) …\n`);
  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--one', String(n), '--corpus', corpus, '--root', root], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`size ${n} failed (exit ${child.status})`);
  results.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as One);
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const table = [
  ['reports', 'parse/s 1 core (first 2,000)', 'warm', 'parse/s all cores', 'build', 'rebuild (no change)', 'Parquet', 'summary.json', 'peak RSS'],
  ...results.map((r) => [
    String(r.reports), r.perCore.perSecond.toFixed(0), r.warm ? r.warm.perSecond.toFixed(0) : '—', r.build.parsePerSecond.toFixed(0), `${r.build.seconds.toFixed(1)} s`,
    `${r.rebuild.seconds.toFixed(1)} s`, mb(r.build.parquetBytes), `${(r.build.summaryBytes / 1024).toFixed(1)} KB`, mb(r.peakRssBytes),
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table) process.stdout.write(`${row.map((c, i) => c.padStart(widths[i])).join('  ')}\n`);
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, parallelism: availableParallelism(), memory: totalmem(), node: process.version };
const targets = { parsePerCore: 2000, parseWarm: 3000, build100kSeconds: 45, rebuild100kSeconds: 5, peakRssBytes: 1024 ** 3 };
writeFileSync(join(ROOT, 'bench', 'build', 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, loadAverage, targets, corpus: copies ? 'copies of the samples' : 'gen:corpus --seed 1', startup, results }, null, 2)}\n`);
// The README's table follows the results it cites (bench/readme.ts).
for (const path of rewriteReadmes()) process.stdout.write(`rewritten: ${path}\n`);

/**
 * `npm run parse` on one text file and on one PDF, each run in a new process (median wall time
 * of RUNS): the command's start, and what the first PDF costs more (loading pdf.js).
 */
function measureStartup() {
  const RUNS = 5;
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (argv: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.status})`);
      times.push((performance.now() - t) / 1000);
    }
    return median(times);
  };
  const cli = join(ROOT, 'scripts', 'parse-cli.mjs');
  time([cli, join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt')]); // makes the bundle if it is stale
  return {
    runs: RUNS,
    command: 'node scripts/parse-cli.mjs FILE (what npm run parse runs)',
    nodeSeconds: time(['-e', '0']),
    textSeconds: time([cli, join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt')]),
    pdfSeconds: time([cli, join(ROOT, 'tests', 'fixtures', 'corpus', 'hongze-2024.pdf')]),
  };
}

function ensureCorpus(n: number): string {
  const dir = join(root, `${copies ? 'copies' : 'gen'}-${n}`);
  const reports = copies ? dir : join(dir, 'reports');
  const done = join(dir, '.complete');
  if (existsSync(done)) return reports;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  if (copies) {
    execFileSync(process.execPath, [...process.execArgv, join(ROOT, 'bench', 'build', 'corpus.ts'), dir, String(n)], { cwd: ROOT, stdio: 'inherit' });
  } else {
    execFileSync(process.execPath, [...process.execArgv, join(ROOT, 'scripts', 'gen-corpus.ts'), '--reports', String(n), '--out', dir, '--seed', '1'], { cwd: ROOT, stdio: 'inherit' });
  }
  writeFileSync(done, '');
  return reports;
}

async function one(n: number, corpus: string): Promise<One> {
  const { buildData, SUMMARY_FILE } = await import('../../src/build/build.ts');
  const { runPool } = await import('../../src/build/pool.ts');
  const { walkInputs } = await import('../../src/build/inputs.ts');
  const { parserVersion } = await import('../../src/build/build.ts');
  const scratch = join(root, `run-${n}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });

  // Per core: one fresh worker thread over the first (up to) 5,000 files; results dropped. The
  // first 2,000 (from the start of the pool, thread start included: the CLI's case) and the rest (warm).
  const sample: ReturnType<typeof walkInputs> extends Generator<infer T> ? T[] : never = [];
  for (const input of walkInputs(corpus)) {
    sample.push(input);
    if (sample.length >= Math.min(n, 5_000)) break;
  }
  const manifest = existsSync(join(corpus, 'manifest.csv')) ? readFileSync(join(corpus, 'manifest.csv'), 'utf8') : null;
  const COLD = 2_000;
  const t0 = performance.now();
  let seen = 0;
  let coldEnd = 0;
  await runPool(sample, { manifestCsv: manifest, sourcesDir: join(scratch, 'sources-1'), parserVersion: parserVersion(), cacheDir: null, cachedKeys: null }, 1, () => {
    if (++seen === Math.min(COLD, sample.length)) coldEnd = performance.now();
  });
  const t1end = performance.now();
  const coldFiles = Math.min(COLD, sample.length);
  const perCoreSeconds = (coldEnd - t0) / 1000;
  const warmFiles = sample.length - coldFiles;
  const warmSeconds = (t1end - coldEnd) / 1000;

  // Full build (all cores), writing the cache; then a rebuild with nothing changed.
  const out = join(scratch, 'out');
  const cacheDir = join(scratch, 'cache');
  const t1 = performance.now();
  // The build's own log, each line with the seconds since the build began (warnings left out): the time stage by stage.
  const stages: { seconds: number; line: string }[] = [];
  const log = (line: string) => {
    if (!line.startsWith('warning:')) stages.push({ seconds: Math.round(performance.now() - t1) / 1000, line });
  };
  const { summary } = await buildData({ reportsDir: corpus, outDir: out, cacheDir, log });
  const seconds = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const { summary: again } = await buildData({ reportsDir: corpus, outDir: out, cacheDir });
  const rebuildSeconds = (performance.now() - t2) / 1000;
  const summaryBytes = readFileSync(join(out, SUMMARY_FILE)).length;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  rmSync(scratch, { recursive: true, force: true });
  return {
    reports: n,
    corpus,
    perCore: { files: coldFiles, seconds: perCoreSeconds, perSecond: coldFiles / perCoreSeconds },
    warm: warmFiles > 0 ? { files: warmFiles, seconds: warmSeconds, perSecond: warmFiles / warmSeconds } : null,
    build: {
      seconds, parseSeconds: summary.parse.parse_ms / 1000, parsePerSecond: summary.parse.parsed / (summary.parse.parse_ms / 1000),
      threads: summary.parse.threads, parquetBytes: summary.files.reduce((s, f) => s + f.bytes, 0), files: summary.files, summaryBytes, layout: summary.layout.layout,
      stages,
    },
    rebuild: { seconds: rebuildSeconds, parsed: again.parse.parsed, cached: again.parse.cached },
    peakRssBytes: hwm ? Number(hwm[1]) * 1024 : process.memoryUsage.rss(),
  };
}
