// What a parsing thread does with each file: the build's rows (work.ts) or the parse command's
// JSON line (cli-work.ts).
import { CliWorker } from './cli-work.ts';
import { FileWorker, type Parsed, type Task, type WorkConfig } from './work.ts';

export interface Job {
  /** Never throws: what goes wrong is the file's status. */
  run(task: Task): Promise<Parsed>;
  /** The result of a file that was stopped (deadline, memory) or could not be read. */
  failed(task: Task, code: string, zh: string, en: string): Parsed;
  /** Called when the queue is empty for now (open files are closed). */
  idle?(): void;
}

export function jobFor(config: WorkConfig): Job {
  return config.cli ? new CliWorker() : new FileWorker(config);
}
