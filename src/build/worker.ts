// Entry of a parsing thread: receives batches of input files and answers each file's rows as
// soon as it is parsed (work.ts), one file at a time in the order received, so the pool knows
// which file is running and can stop it when it takes too long (pool.ts).
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { type Parsed, type Task, type WorkConfig } from './work.ts';
import { jobFor } from './jobs.ts';

export interface BatchRequest {
  id: number;
  tasks: Task[];
}
export type WorkerReply =
  /** Loaded and listening: from here on, each file's time counts against its deadline. */
  | { type: 'ready' }
  | { type: 'result'; result: Parsed }
  /** The batch is done; `ms` is the time this thread spent on it. */
  | { type: 'batch'; id: number; ms: number };

// TurboFan without inlining. The parser's large functions (readLines, fullTable3, readTable4,
// findSections…) were compiled with their callees inlined, and compiled again at each new shape
// of input (a first HTML page, a first glued row): over the first 5,000 files of a thread, about
// 2 s of CPU of compiler threads. Without inlining the first 2,000 files took 20–25% less CPU
// (bench/parse/curve.ts, three alternations) and the warm rate did not move beyond noise. Set
// here, before any of the parser's code is hot (the flag is read when a function is optimized).
setFlagsFromString('--no-turbo-inlining');
// Nor TurboFan at all for the few functions of more than 2,000 bytes of bytecode (readLines,
// fullTable3, readTable4: they run once per report and hand the work to their callees): each
// compile of one took 100-500 ms of a compiler thread, again after each deopt. Left to the
// baseline compiler, over the first 5,000 files of gen-100000 the compiler threads used ~0.5 s
// less CPU and the thread itself no more (/proc per-thread CPU, three alternations; the limit
// at 700 slowed the thread, at 4,000 it saved less).
setFlagsFromString('--max-optimized-bytecode-size=2000');
// Nor allocation-site pretenuring: a report's lines, tokens and cell spans live for its whole parse,
// so V8 decided to allocate them in the old generation from the start ("tenure"), which made each
// such allocation dearer (spanOf was 5 % of a warm thread's samples) and filled the old generation
// with the garbage of finished reports. Without it, over a fresh thread's first 4,000 files of
// gen-100000 (bench/parse/per-core.ts, 6 alternated pairs, load 15-21) the process parsed a median
// ~7 % more files per CPU-second over the first 2,000 and ~13 % over the next 2,000
// (bench/parse/runs/2026-11-30-prs24-pretenuring.log; prs19 saw +8 % / +19 % in one process).
setFlagsFromString('--no-allocation-site-pretenuring');
// Tried besides and left out (prs16, bench/parse/runs/2026-11-29-prs16-flags-*.log): --maglev (not
// built into Node 20's V8: "Maglev is not enabled."), --always-sparkplug, --no-lazy-feedback-allocation,
// --interrupt-budget at 1/4 and 2x (2x: ~4% less CPU over the first 2,000 files, ~7% more warm),
// --no-regexp-tier-up, --no-use-osr: none faster beyond noise; under valgrind none of the first
// five ran clearly fewer instructions over 800 or 2,000 files.
// V8 flags cannot go through a Worker's execArgv (ERR_WORKER_INVALID_EXEC_ARGV); set here they
// hold for the whole process, as these two do.

const worker = jobFor(workerData as WorkConfig);
const port = parentPort!;
let queue: Promise<void> = Promise.resolve();
let waiting = 0;
port.on('message', (request: BatchRequest) => {
  waiting++;
  // Batches run one after another, never interleaved (a PDF awaits inside its parse).
  queue = queue.then(async () => {
    const started = performance.now();
    const { tasks } = request;
    for (let i = 0; i < tasks.length; i++) {
      const result = await worker.run(tasks[i]);
      // Nothing queued behind this file: the open files are closed before its answer (after the
      // last answer the pool may stop the thread at once).
      if (i === tasks.length - 1 && waiting === 1) worker.idle?.();
      port.postMessage({ type: 'result', result } satisfies WorkerReply);
    }
    waiting--;
    port.postMessage({ type: 'batch', id: request.id, ms: performance.now() - started } satisfies WorkerReply);
  });
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
