// A pool of parsing threads (node:worker_threads), one per core by default. Files go out in
// small batches with a bounded number in flight per thread, so reading the folder, parsing and
// storing the rows overlap and memory does not grow with the corpus.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { BatchReply, BatchRequest } from './worker.ts';
import { FileWorker, type Parsed, type Task, type WorkConfig } from './work.ts';

export interface PoolStats {
  threads: number;
  /** Sum over threads of the time spent in batches (ms): parse throughput per core = files / (busy / threads). */
  busyMs: number;
  /** Peak RSS of the whole process (main thread and workers share it), bytes. */
  peakRss: number;
}

/** Run every task through `threads` threads (0: in this thread), calling `onResult` in the calling thread. */
export async function runPool(
  tasks: Iterable<Task>, config: WorkConfig, threads: number, onResult: (result: Parsed) => void,
  options: { batch?: number; inFlight?: number } = {},
): Promise<PoolStats> {
  const stats: PoolStats = { threads, busyMs: 0, peakRss: process.memoryUsage.rss() };
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > stats.peakRss) stats.peakRss = rss;
  };
  if (threads <= 0) {
    const worker = new FileWorker(config);
    const started = performance.now();
    let n = 0;
    for (const task of tasks) {
      onResult(await worker.run(task));
      if (++n % 256 === 0) sample();
    }
    stats.busyMs = performance.now() - started;
    sample();
    return stats;
  }

  const batchSize = options.batch ?? 16;
  const perThread = options.inFlight ?? 3;
  const iterator = tasks[Symbol.iterator]();
  let done = false;
  const nextBatch = (): Task[] | null => {
    if (done) return null;
    const batch: Task[] = [];
    while (batch.length < batchSize) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(next.value);
    }
    return batch.length ? batch : null;
  };

  const workers = Array.from({ length: threads }, () => spawn(config));
  let nextId = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      let failed = false;
      const fail = (error: unknown) => {
        if (!failed) {
          failed = true;
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      const feed = (worker: Worker) => {
        const tasks = nextBatch();
        if (!tasks) {
          if (active === 0) resolve();
          return;
        }
        active++;
        worker.postMessage({ id: nextId++, tasks } satisfies BatchRequest);
      };
      for (const worker of workers) {
        worker.on('message', (reply: BatchReply) => {
          if (failed) return;
          active--;
          stats.busyMs += reply.ms;
          try {
            for (const result of reply.results) onResult(result);
          } catch (error) {
            fail(error);
            return;
          }
          sample();
          feed(worker);
          if (active === 0 && done) resolve();
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (code !== 0) fail(new Error(`a parsing thread stopped (exit code ${code})`));
        });
      }
      for (let i = 0; i < perThread; i++) for (const worker of workers) feed(worker);
      if (active === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return stats;
}

export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * The worker runs worker.ts. From TypeScript sources (tsx, vitest) it first registers tsx's
 * loader in the new thread (Node 20 does not apply `--import` to a worker); from compiled
 * JavaScript it runs worker.js directly.
 */
function spawn(config: WorkConfig): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: config });
  const entry = new URL('./worker.ts', import.meta.url).href;
  // tsx's ESM API (its package exports map `tsx/esm/api` to this file for import).
  const api = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })
    .catch((error) => { setImmediate(() => { throw error; }); });`;
  return new Worker(code, { eval: true, workerData: config });
}
