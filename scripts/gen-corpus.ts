// npm run gen:corpus -- --reports N --out DIR [--seed S] [--jobs J] [--shapes pipe=1,html=2] [--truth file|shard] [--check] [--failures DIR] [--accuracy FILE]
// npm run gen:corpus -- --series K --out DIR [--seed S]
//
// --series K instead writes K agencies' series over several years (src/gen/series.ts): carry-overs
// that agree, deliberate breaks, missing years, renames, duplicate filings; DIR/reports/manifest.csv
// and DIR/series.json (the truth of all of those) besides each report's truth.
//
// Writes N synthetic annual reports with exact truth (see src/gen/index.ts):
//   DIR/reports/<shard>/<index>_<shape>.<ext>   the report (1,000 per folder)
//   DIR/truth/<shard>/<index>_<shape>.json      its truth (the format of tests/fixtures/corpus/truth);
//                                               with --truth shard: DIR/truth/<shard>.jsonl, a line per report
//   DIR/manifest.json                           counts, distributions, bytes
// Deterministic for a seed; streaming (nothing kept in memory but counters); --jobs writes
// in parallel worker threads (default: the machine's cores).
// --check then parses every written report with the project's parser and prints the accuracy
// per shape (right, wrong with and without a flag, null with and without a flag); --failures DIR
// copies the reports with a wrong value and their truth there; --accuracy FILE writes the figures
// as JSON (bench/parse/accuracy.json).
import { availableParallelism } from 'node:os';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { generateReport, mergeStats, shardDigitsFor, SHAPES, writeManifest, writeRange, type PartStats, type Shape, type Truth, type WriteOptions } from '../src/gen/index.ts';
import { compareReport, emptyTally, formatTallies, mergeTally, summarize, tallyInto, type Mismatch, type Tally } from '../src/gen/compare.ts';
import { parseReport } from '../src/format/parse.ts';
import { writeSeries } from '../src/gen/series.ts';

interface Job {
  kind: 'write' | 'check';
  options: WriteOptions;
  from: number;
  to: number;
  failures: string | null;
}

interface CheckResult {
  tallies: Record<string, Tally>;
  failures: { path: string; shape: string; mismatches: Mismatch[] }[];
}

function checkRange(job: Job): CheckResult {
  const tallies: Record<string, Tally> = {};
  const failures: CheckResult['failures'] = [];
  const { options } = job;
  const shardDigits = shardDigitsFor(options.reports);
  let shardLines = null as { shard: string; lines: string[] } | null;
  for (let i = job.from; i < job.to; i++) {
    // The names only; the bytes and the truth are read back from disk.
    const g = generateReport(options.seed ?? 1, i, { ...options, shardDigits });
    const bytes = readFileSync(join(options.out, g.path));
    let truth: Truth;
    if (options.truthLayout === 'shard') {
      if (shardLines?.shard !== g.shard) shardLines = { shard: g.shard, lines: readFileSync(join(options.out, 'truth', `${g.shard}.jsonl`), 'utf8').split('\n') };
      truth = JSON.parse(shardLines.lines[i % 1000]) as Truth;
    } else truth = JSON.parse(readFileSync(join(options.out, g.truthPath), 'utf8')) as Truth;
    const mismatches = compareReport(parseReport(bytes, g.name), truth);
    tallyInto(tallies, truth.shape, mismatches);
    // A failure is a wrong value (flagged or not); a null is counted, not kept.
    if (mismatches.some((m) => m.outcome.startsWith('wrong'))) {
      failures.push({ path: g.path, shape: truth.shape, mismatches: mismatches.filter((m) => m.outcome.startsWith('wrong')).slice(0, 20) });
      if (job.failures) {
        mkdirSync(job.failures, { recursive: true });
        copyFileSync(join(options.out, g.path), join(job.failures, g.name));
        writeFileSync(join(job.failures, g.name.replace(/\.\w+$/, '.truth.json')), JSON.stringify(truth, null, 1) + '\n');
      }
    }
  }
  return { tallies, failures };
}

if (!isMainThread) {
  const job = workerData as Job;
  const options = { ...job.options, onProgress: undefined };
  parentPort!.postMessage(job.kind === 'write' ? writeRange(options, job.from, job.to) : checkRange({ ...job, options }));
} else {
  await main();
}

function usage(code: number): never {
  process.stderr.write('usage: npm run gen:corpus -- --reports N --out DIR [--seed S] [--jobs J] [--shapes pipe=1,html=2,...] [--truth file|shard] [--check] [--failures DIR] [--accuracy FILE]\n'
    + '       npm run gen:corpus -- --series K --out DIR [--seed S]\n'
    + `  shapes: ${SHAPES.join(', ')}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]) {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (!a.startsWith('--')) usage(2);
    const key = a.slice(2);
    if (key === 'check' || key === 'help') args[key] = true;
    else if (i + 1 < argv.length) args[key] = argv[++i];
    else usage(2);
  }
  return args;
}

function runJobs<T>(jobs: Job[]): Promise<T[]> {
  return Promise.all(jobs.map((job) => new Promise<T>((resolve, reject) => {
    // A worker does not inherit tsx's loader: register it, then load this file.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { ...job, options: { ...job.options, onProgress: undefined } } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  })));
}

function split(n: number, jobs: number): [number, number][] {
  // Whole shards per worker, so no two workers create the same folder at once.
  const shards = Math.ceil(n / 1000);
  const per = Math.ceil(shards / jobs);
  const out: [number, number][] = [];
  for (let s = 0; s < shards; s += per) out.push([s * 1000, Math.min(n, (s + per) * 1000)]);
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) usage(0);
  if (args.series !== undefined) {
    const agencies = Number(args.series);
    const seed = args.seed === undefined ? 1 : Number(args.seed);
    if (!Number.isInteger(agencies) || agencies < 1 || typeof args.out !== 'string' || !Number.isInteger(seed)) usage(2);
    const truth = writeSeries({ out: args.out, agencies, seed });
    const files = truth.agencies.reduce((n, a) => n + a.files.length, 0);
    process.stdout.write(`wrote ${files} reports of ${agencies} agencies to ${args.out}: ${truth.breaks.length} carry-over breaks, ${truth.missing.length} gaps, `
      + `${truth.duplicates.length} duplicate filings, ${truth.agencies.filter((a) => a.renamed).length} renamed (truth in series.json)\n`);
    return;
  }
  const reports = Number(args.reports);
  const out = args.out;
  if (!Number.isInteger(reports) || reports < 0 || typeof out !== 'string') usage(2);
  const seed = args.seed === undefined ? 1 : Number(args.seed);
  if (!Number.isInteger(seed)) usage(2);
  const jobs = args.jobs === undefined ? availableParallelism() : Number(args.jobs);
  let shapes: Partial<Record<Shape, number>> | undefined;
  if (typeof args.shapes === 'string') {
    shapes = {};
    for (const part of args.shapes.split(',')) {
      const [name, w] = part.split('=');
      if (!SHAPES.includes(name as Shape)) usage(2);
      shapes[name as Shape] = w === undefined ? 1 : Number(w);
    }
  }
  if (args.truth !== undefined && args.truth !== 'file' && args.truth !== 'shard') usage(2);
  const options: WriteOptions = { out, reports, seed, shapes, truthLayout: args.truth === 'shard' ? 'shard' : 'file' };
  mkdirSync(out, { recursive: true });

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let parts: PartStats[];
  if (jobs <= 1 || reports < 2000) {
    let last = t0;
    parts = [writeRange({ ...options, onProgress: (done) => {
      const now = performance.now();
      if (now - last > 2000) {
        process.stderr.write(`  ${done} reports, ${Math.round(done / ((now - t0) / 1000))}/s\n`);
        last = now;
      }
    } }, 0, reports)];
  } else {
    parts = await runJobs<PartStats>(split(reports, jobs).map(([from, to]) => ({ kind: 'write', options, from, to, failures: null })));
  }
  const manifest = mergeStats(options, parts);
  writeManifest(out, manifest);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(`wrote ${reports} reports to ${out} in ${seconds.toFixed(1)} s (${Math.round(reports / seconds)} reports/s, ${jobs <= 1 || reports < 2000 ? 1 : Math.min(jobs, Math.ceil(reports / 1000))} thread(s); `
    + `${Math.round(reports / cpuSeconds)} reports per CPU-second); `
    + `${(manifest.bytes.reports / 1e6).toFixed(1)} MB reports + ${(manifest.bytes.truth / 1e6).toFixed(1)} MB truth, ${manifest.bytes.per_report} bytes/report\n`);

  if (args.check) {
    const t1 = performance.now();
    const failuresDir = typeof args.failures === 'string' ? args.failures : null;
    const results = jobs <= 1 || reports < 2000
      ? [checkRange({ kind: 'check', options, from: 0, to: reports, failures: failuresDir })]
      : await runJobs<CheckResult>(split(reports, jobs).map(([from, to]) => ({ kind: 'check', options, from, to, failures: failuresDir })));
    const tallies: Record<string, Tally> = {};
    for (const r of results) {
      for (const [shape, t] of Object.entries(r.tallies)) mergeTally((tallies[shape] ??= emptyTally()), t);
    }
    const failures = results.flatMap((r) => r.failures);
    const seconds2 = (performance.now() - t1) / 1000;
    process.stdout.write(`\nparsed ${reports} reports in ${seconds2.toFixed(1)} s (${Math.round(reports / seconds2)} reports/s)\n${formatTallies(tallies)}\n`);
    for (const f of failures.slice(0, 40)) {
      process.stdout.write(`  ${f.path} [${f.shape}] ${f.mismatches.slice(0, 4).map((m) => `${m.field}: ${JSON.stringify(m.expected)} → ${JSON.stringify(m.got)}`).join('; ')}${f.mismatches.length > 4 ? ' …' : ''}\n`);
    }
    if (failures.length > 40) process.stdout.write(`  … ${failures.length - 40} more\n`);
    writeFileSync(join(out, 'check.json'), JSON.stringify({ tallies, failures }, null, 1) + '\n');
    if (typeof args.accuracy === 'string') {
      const accuracy = {
        command: `npm run gen:corpus -- --reports ${reports} --out DIR --seed ${seed} --check`,
        date: new Date().toISOString(),
        seed, reports,
        fields_per_report: 'table 2 (11), table 3 (175), table 4 (15), section 六 fee, agency, year, region_code, kind',
        outcomes: 'right: the truth (null where the truth says no reader can tell); wrong_*: another value or a guess; null_*: no value; flagged: a check of the report names the field',
        parse_seconds: Number(seconds2.toFixed(1)),
        // What the corpus holds: cells no reader can tell (right only when left null), cells not printed, per shape.
        corpus: { shapes: manifest.counts.shape, ambiguous_cells: manifest.counts.ambiguous_cells, absent_cells: manifest.counts.absent_cells },
        per_shape: summarize(tallies),
        wrong_reports: failures.map((f) => ({ path: f.path, shape: f.shape, fields: f.mismatches.map((m) => `${m.field} ${m.outcome}: ${JSON.stringify(m.expected)} → ${JSON.stringify(m.got)}`) })),
      };
      writeFileSync(args.accuracy, JSON.stringify(accuracy, null, 1) + '\n');
    }
  }
}
