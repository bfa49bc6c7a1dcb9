// A pool of parsing threads (node:worker_threads), one per core by default. Files go out in
// small batches with a bounded number in flight per thread, so reading the folder, parsing and
// storing the rows overlap and memory does not grow with the corpus.
//
// Every file is parsed under a budget: each thread's heap is capped (worker resourceLimits) and
// each file has a deadline. A thread that runs out of memory, crashes or passes the deadline is
// stopped and replaced; the file it was parsing gets a failed row saying why, the files queued
// behind it go to another thread, and the build goes on.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { BatchRequest, WorkerReply } from './worker.ts';
import type { Parsed, Task, WorkConfig } from './work.ts';
import { jobFor, type Job } from './jobs.ts';

export interface PoolStats {
  threads: number;
  /** Sum over threads of the time spent in batches (ms): parse throughput per core = files / (busy / threads). */
  busyMs: number;
  /** Peak RSS of the whole process (main thread and workers share it), bytes. */
  peakRss: number;
  /** Files stopped for passing the deadline or the memory budget (their threads were replaced). */
  stopped: number;
}

/** What one file may cost. */
export interface Budget {
  /** A file still parsing after this many ms is stopped and marked failed. */
  fileTimeoutMs: number;
  /** Heap of each parsing thread, MB (resourceLimits.maxOldGenerationSizeMb). */
  workerMemoryMb: number;
}

export const DEFAULT_BUDGET: Budget = { fileTimeoutMs: 60_000, workerMemoryMb: 1024 };

export interface PoolOptions {
  batch?: number;
  inFlight?: number;
  budget?: Partial<Budget>;
}

/**
 * Run every task through `threads` threads (0: in this thread, with no time or memory budget),
 * calling `onResult` in the calling thread.
 */
export async function runPool(
  tasks: Iterable<Task>, config: WorkConfig, threads: number, onResult: (result: Parsed) => void,
  options: PoolOptions = {},
): Promise<PoolStats> {
  const stats: PoolStats = { threads, busyMs: 0, peakRss: process.memoryUsage.rss(), stopped: 0 };
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > stats.peakRss) stats.peakRss = rss;
  };
  if (threads <= 0) {
    const worker = jobFor(config);
    const started = performance.now();
    let n = 0;
    for (const task of tasks) {
      onResult(await worker.run(task));
      if (++n % 256 === 0) sample();
    }
    worker.idle?.();
    stats.busyMs = performance.now() - started;
    sample();
    return stats;
  }

  const budget: Budget = { ...DEFAULT_BUDGET, ...options.budget };
  const bundle = await workerBundle();
  const batchSize = options.batch ?? 16;
  const perThread = options.inFlight ?? 3;
  const iterator = tasks[Symbol.iterator]();
  /** Files taken back from a stopped thread: they go out first. */
  const retry: Task[] = [];
  let done = false;
  const nextBatch = (): Task[] | null => {
    const batch = retry.splice(0, batchSize);
    while (!done && batch.length < batchSize) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(next.value);
    }
    return batch.length ? batch : null;
  };
  // Failed rows of stopped files are made here, as the threads make the others.
  let local: Job | null = null;
  const failedRow = (task: Task, code: string, zh: string, en: string) => (local ??= jobFor(config)).failed(task, code, zh, en);

  interface Slot {
    worker: Worker;
    ready: boolean;
    dead: boolean;
    /** Files sent and not answered yet, in the order the thread parses them. */
    queue: Task[];
    batches: number;
    timer: ReturnType<typeof setTimeout> | null;
  }
  const slots: Slot[] = [];
  let nextId = 0;

  await new Promise<void>((resolve, reject) => {
    let finished = false;
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      for (const slot of slots) stop(slot);
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const stop = (slot: Slot) => {
      slot.dead = true;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      void slot.worker.terminate().catch(() => {});
    };
    const idle = () => done && retry.length === 0 && slots.every((s) => s.queue.length === 0);
    /** The deadline of the file the thread is parsing now. */
    const arm = (slot: Slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      if (!slot.ready || slot.dead || slot.queue.length === 0) return;
      const file = slot.queue[0];
      slot.timer = setTimeout(() => {
        // Timers run before the answers waiting in the thread's port (the event loop's order): when
        // this thread was busy past the deadline, the file may be long done, and the thread some
        // files further. Decided after those answers are heard (setImmediate runs after the loop's
        // poll for messages): only a file still at the head of the queue was not answered in time.
        // (Deciding at once failed a file that took milliseconds and parsed again the ones the
        // thread had answered since: tests/pool-stop.test.ts.)
        setImmediate(() => {
          if (slot.dead || finished || slot.queue[0] !== file) return;
          const seconds = Math.round(budget.fileTimeoutMs / 100) / 10;
          replace(slot, 'timeout',
            `解析超时（超过 ${seconds} 秒），已停止：文件可能过大或结构异常；请检查该文件，或用 --file-timeout 放宽时限`,
            `Parsing took longer than ${seconds} s and was stopped: the file may be too large or malformed; check it, or raise --file-timeout`);
        });
      }, budget.fileTimeoutMs);
      slot.timer.unref?.();
    };
    const feed = (slot: Slot) => {
      while (!slot.dead && slot.batches < perThread) {
        const tasks = nextBatch();
        if (!tasks) break;
        const wasIdle = slot.queue.length === 0;
        slot.queue.push(...tasks);
        slot.batches++;
        slot.worker.postMessage({ id: nextId++, tasks } satisfies BatchRequest);
        if (wasIdle) arm(slot);
      }
      if (idle()) finish();
    };
    /** Stops the thread, fails the file it was parsing, sends the rest elsewhere, starts a new thread. */
    const replace = (slot: Slot, code: string, zh: string, en: string) => {
      if (slot.dead || finished) return;
      stop(slot);
      const [culprit, ...rest] = slot.queue;
      slot.queue = [];
      retry.unshift(...rest);
      if (culprit) {
        stats.stopped++;
        try {
          onResult(failedRow(culprit, code, zh, en));
        } catch (error) {
          finish(error);
          return;
        }
      }
      const fresh = start();
      slots[slots.indexOf(slot)] = fresh;
      feed(fresh);
    };
    const start = (): Slot => {
      const slot: Slot = { worker: spawn(config, budget, bundle), ready: false, dead: false, queue: [], batches: 0, timer: null };
      slot.worker.on('message', (reply: WorkerReply) => {
        if (slot.dead || finished) return;
        if (reply.type === 'ready') {
          slot.ready = true;
          arm(slot);
        } else if (reply.type === 'result') {
          slot.queue.shift();
          arm(slot);
          try {
            onResult(reply.result);
          } catch (error) {
            finish(error);
          }
        } else {
          slot.batches--;
          stats.busyMs += reply.ms;
          sample();
          feed(slot);
        }
      });
      const died = (why: string, oom: boolean) => {
        if (slot.dead || finished) return;
        // A thread that dies before it is ready never ran a file: the pool itself is broken.
        if (!slot.ready) {
          finish(new Error(`a parsing thread could not start: ${why}`));
          return;
        }
        if (oom) {
          replace(slot, 'out_of_memory',
            `解析所需内存超过上限（${budget.workerMemoryMb} MB），已停止：文件可能结构异常；请检查该文件，或用 --worker-memory 放宽上限`,
            `Parsing needed more than ${budget.workerMemoryMb} MB of memory and was stopped: the file may be malformed; check it, or raise --worker-memory`);
        } else {
          replace(slot, 'parser_crashed', `解析线程异常退出：${why}`, `The parsing thread stopped unexpectedly: ${why}`);
        }
      };
      // An uncaught error comes on the worker's own port, maybe before answers the thread sent
      // earlier on the other one; at 'exit' Node has delivered every answer the thread sent (it
      // drains both ports first, node's lib/internal/worker.js kOnExit). So the thread is
      // replaced at 'exit', with the reason the error gave: the file at the head of the queue is
      // then the one it was parsing, not one it had answered. (Running out of memory is told
      // in kOnExit itself, after the drain.)
      let error: { why: string; oom: boolean } | null = null;
      slot.worker.on('error', (e: Error & { code?: string }) => {
        error ??= { why: e.message, oom: e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /memory limit|heap out of memory/i.test(e.message) };
      });
      slot.worker.on('exit', (code) => (error ? died(error.why, error.oom) : died(`exit code ${code}`, false)));
      return slot;
    };

    for (let i = 0; i < threads; i++) slots.push(start());
    for (const slot of slots) feed(slot);
  }).finally(() => local?.idle?.());
  sample();
  return stats;
}

export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * From TypeScript sources (tsx, vitest): the folder of the parser's JavaScript bundle
 * (scripts/bundle.mjs, made again when a source changed), or null to run the sources through tsx.
 */
async function workerBundle(): Promise<string | null> {
  if (!import.meta.url.endsWith('.ts') || process.env.PARSE_NO_BUNDLE) return null;
  try {
    const url = new URL('../../scripts/bundle.mjs', import.meta.url).href;
    const { parseBundle } = (await import(url)) as { parseBundle: () => Promise<string | null> };
    return await parseBundle();
  } catch {
    return null;
  }
}

/**
 * The worker runs worker.ts. From TypeScript sources it runs the bundle's worker.js when there is
 * one (no TypeScript to compile, pdf.js loaded without tsx's loader), else it first registers
 * tsx's loader in the new thread (Node 20 does not apply `--import` to a worker); from compiled
 * JavaScript it runs worker.js directly.
 */
function spawn(config: WorkConfig, budget: Budget, bundle: string | null): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: budget.workerMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, budget.workerMemoryMb / 8)) };
  // A worker started from a file is plain JS and needs none of the process's flags; inherited, some
  // are refused (`--input-type` of `node --input-type=module -e …`, as the site bench starts a build;
  // `--max-old-space-size`, which resourceLimits sets per thread instead), so it gets none.
  const execArgv: string[] = [];
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: config, resourceLimits, execArgv });
  if (bundle) return new Worker(pathToFileURL(join(bundle, 'worker.js')), { workerData: config, resourceLimits, execArgv });
  const entry = new URL('./worker.ts', import.meta.url).href;
  // tsx's ESM API (its package exports map `tsx/esm/api` to this file for import).
  const api = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })
    .catch((error) => { setImmediate(() => { throw error; }); });`;
  return new Worker(code, { eval: true, workerData: config, resourceLimits });
}
