// npm run --silent parse -- [--file-timeout S] [--worker-memory MB] FILE...
//   → one JSON object per file, one per line, in the order given.
// A file that cannot be read still gets its line, with "status": "failed" and the reason: a
// folder, a FIFO or device (refused without opening it for a blocking read), a file over the
// size limit (refused before reading), a file whose parse passes the deadline or the memory
// budget (the parsing thread is stopped and replaced). Exit code is non-zero only for a usage error.
import { parseArgs } from 'node:util';
import { runPool, DEFAULT_BUDGET } from '../src/build/pool.ts';
import type { Task } from '../src/build/work.ts';
import { jobFor } from '../src/build/jobs.ts';

const USAGE = `usage: npm run --silent parse -- [--file-timeout S] [--worker-memory MB] FILE...
  prints one JSON object per report file, one per line
  --file-timeout S     stop a file still parsing after S seconds (default ${DEFAULT_BUDGET.fileTimeoutMs / 1000})
  --worker-memory MB   heap of the parsing thread (default ${DEFAULT_BUDGET.workerMemoryMb})
`;

function usage(code: number): never {
  (code ? process.stderr : process.stdout).write(USAGE);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { 'file-timeout': { type: 'string' }, 'worker-memory': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
} catch {
  usage(2);
}
const { values, positionals } = parsed;
if (values.help) usage(0);
const files = positionals.filter((a) => a !== '--');
if (files.length === 0) usage(2);
const positive = (text: string | undefined, fallback: number, scale: number) => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) usage(2);
  return n * scale;
};
const budget = {
  fileTimeoutMs: positive(values['file-timeout'], DEFAULT_BUDGET.fileTimeoutMs, 1000),
  workerMemoryMb: positive(values['worker-memory'], DEFAULT_BUDGET.workerMemoryMb, 1),
};

// One thread: the lines come out in the order of the files.
const tasks = files.map((file): Task => ({ file, path: file }));
const config = { manifestCsv: null, sourcesDir: '', parserVersion: '', cacheDir: null, cachedKeys: null, cli: true };
let printed = 0;
try {
  await runPool(tasks, config, 1, (result) => {
    printed++;
    process.stdout.write(`${result.line}\n`);
  }, { budget, batch: 4, inFlight: 2 });
} catch (error) {
  // The parsing thread itself could not run: every file still gets its line, with the reason.
  const message = error instanceof Error ? error.message : String(error);
  const job = jobFor(config);
  for (const task of tasks.slice(printed)) {
    process.stdout.write(`${job.failed(task, 'parser_unavailable', `解析线程无法运行：${message}`, `The parsing thread could not run: ${message}`).line}\n`);
  }
}
