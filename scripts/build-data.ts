// npm run build:data [-- --reports DIR] [--out DIR] [--store DIR] [--no-cache] [--cache DIR] [--threads N]
//                      [--partition-above N] [--file-timeout S] [--worker-memory MB] [--db-memory MB]
// Reads every report under DIR (default data/reports), writes reports.parquet, cells.parquet,
// checks.parquet, summary.json and sources/ as one build (default: into .cache/output, with
// public/data a link to it, served by Vite; the link is switched only when the build is whole).
// Parsing runs on worker threads, one per core, each file under a time and memory budget. Files
// unchanged since the last build are not parsed again (cache in .cache/build; --no-cache parses
// everything).
// Bad report files never stop the build; the exit code is non-zero only for a usage error (2)
// or when the output cannot be written at all (1).
import { statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildData, SUMMARY_FILE, type BuildStage } from '../src/build/build.ts';
import { DEFAULT_BUDGET } from '../src/build/pool.ts';
import { formatSummary } from '../src/build/summary.ts';

const USAGE = `usage: npm run build:data -- [--reports DIR] [--out DIR] [--store DIR] [--no-cache] [--cache DIR] [--threads N]
                             [--partition-above N] [--file-timeout S] [--worker-memory MB] [--db-memory MB]
  --reports DIR          folder of report files, read recursively (default data/reports)
  --out DIR              where the Parquet files and summary.json appear (default public/data): a link
                         to the current build, switched in one step when a build is complete
  --store DIR            where the builds are written and kept (default .cache/output; not under --out's folder
                         if that folder is copied whole, as Vite copies public/)
  --cache DIR            cache of parsed reports for incremental builds (default .cache/build)
  --no-cache             parse every file, and neither read nor write the cache
  --threads N            parsing threads (default: one per core; 0 parses in the main thread, without budgets)
  --partition-above N    also write reports/year=YYYY/part-0.parquet above N reports (default 50000)
  --file-timeout S       a file still parsing after S seconds is stopped and marked failed (default ${DEFAULT_BUDGET.fileTimeoutMs / 1000})
  --worker-memory MB     heap of each parsing thread; a file needing more is stopped and marked failed (default ${DEFAULT_BUDGET.workerMemoryMb})
  --db-memory MB         DuckDB's memory limit while staging and writing (default 512); a statement that runs
                         out of it is run again on one thread, then with more, and the build warns of it
`;

function usage(code: number): never {
  (code ? process.stderr : process.stdout).write(USAGE);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    allowPositionals: false,
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      reports: { type: 'string', default: 'data/reports' },
      out: { type: 'string', default: 'public/data' },
      store: { type: 'string', default: '.cache/output' },
      cache: { type: 'string', default: '.cache/build' },
      'no-cache': { type: 'boolean', default: false },
      threads: { type: 'string' },
      'partition-above': { type: 'string' },
      'file-timeout': { type: 'string' },
      'worker-memory': { type: 'string' },
      'db-memory': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch {
  usage(2);
}
if (args.help) usage(0);
const number = (text: string | undefined, { min, integer }: { min: number; integer: boolean }): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)) || text.trim() === '') usage(2);
  return n;
};
const threads = number(args.threads, { min: 0, integer: true });
const partitionAbove = number(args['partition-above'], { min: 0, integer: true });
const timeout = number(args['file-timeout'], { min: 0.001, integer: false });
const memory = number(args['worker-memory'], { min: 16, integer: true });
const dbMemory = number(args['db-memory'], { min: 64, integer: true });

// A test hook: the process kills itself (SIGKILL, no clean-up) when the build reaches this stage.
const killAt = process.env.BUILD_DATA_KILL_AT as BuildStage | undefined;
const onStage = killAt ? (stage: BuildStage) => {
  if (stage === killAt) process.kill(process.pid, 'SIGKILL');
} : undefined;

try {
  // Warnings (manifest problems, duplicate files, values that did not fit) are listed in the summary.
  const { summary, unchanged } = await buildData({
    reportsDir: args.reports, outDir: args.out, storeDir: args.store, cacheDir: args['no-cache'] ? null : args.cache,
    threads, partitionAbove, onStage, ...(dbMemory !== undefined ? { memoryLimit: `${dbMemory}MB` } : {}),
    budget: { ...(timeout !== undefined ? { fileTimeoutMs: timeout * 1000 } : {}), ...(memory !== undefined ? { workerMemoryMb: memory } : {}) },
  });
  process.stdout.write(formatSummary(summary, args.out, statSync(join(args.out, SUMMARY_FILE)).size));
  if (unchanged) process.stdout.write('Nothing changed since the last build: nothing parsed, nothing written / 输入未变：未重新解析，未写入任何文件\n');
} catch (error) {
  process.stderr.write(`build failed, nothing written / 构建失败，未写入任何文件: ${describeFailure(error, [args.store, args.cache])}\n`);
  process.exit(1);
}

/** The error in words a person can act on: a full disk is said to be one (DuckDB calls it out of memory). */
function describeFailure(error: unknown, folders: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOSPC' || /ENOSPC|No space left on device|disk (is )?full|not enough space/i.test(message)) {
    return `the disk is full / 磁盘已满 (${message})`;
  }
  // DuckDB reports a spill file it cannot write as "Out of Memory": look at the disk itself.
  if (/out of memory/i.test(message)) {
    for (const folder of folders) {
      try {
        const fs = statfsSync(folder);
        const free = fs.bavail * fs.bsize;
        if (free < 64 * 1024 * 1024) return `the disk of ${folder} is (nearly) full, ${free} bytes free / 磁盘（几乎）已满 (${message})`;
      } catch { /* not there */ }
    }
  }
  return message;
}
