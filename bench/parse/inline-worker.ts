// A FileWorker run inline (in this thread, as a parsing thread runs it) over the first inputs of a
// corpus, warmed on `warm` files before them: the setup bench/parse/profile.ts and alloc.ts share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkInputs, type Input } from '../../src/build/inputs.ts';
import { FileWorker } from '../../src/build/work.ts';

export interface InlineWorker { worker: FileWorker; inputs: Input[]; done(): void }

/** `files` inputs of `root` after `warm` others already run through the worker (its idle() every 16, as a thread's batches). */
export async function inlineWorker(root: string, files: number, warm: number, label: string): Promise<InlineWorker> {
  const inputs: Input[] = [];
  for (const input of walkInputs(root)) if (inputs.push(input) >= files + warm) break;
  const dir = mkdtempSync(join(tmpdir(), `${label}-`));
  const worker = new FileWorker({ manifestCsv: null, sourcesDir: join(dir, 'sources'), rowsDir: join(dir, 'rows'), parserVersion: label, cacheDir: null, cachedKeys: null });
  for (let i = 0; i < warm; i++) {
    await worker.run(inputs[i]);
    if (i % 16 === 15) worker.idle();
  }
  inputs.splice(0, warm);
  return { worker, inputs, done: () => rmSync(dir, { recursive: true, force: true }) };
}
