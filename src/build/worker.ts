// Entry of a parsing thread: receives batches of input files, answers with their rows (work.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { FileWorker, type Parsed, type Task, type WorkConfig } from './work.ts';

export interface BatchRequest {
  id: number;
  tasks: Task[];
}
export interface BatchReply {
  id: number;
  results: Parsed[];
  /** CPU time this thread spent on the batch, ms. */
  ms: number;
}

const worker = new FileWorker(workerData as WorkConfig);
parentPort!.on('message', async (request: BatchRequest) => {
  const started = performance.now();
  const results: Parsed[] = [];
  for (const task of request.tasks) results.push(await worker.run(task));
  const reply: BatchReply = { id: request.id, results, ms: performance.now() - started };
  parentPort!.postMessage(reply);
});
