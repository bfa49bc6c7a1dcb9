// One side of an A/B of two checkouts (ab.ts, ab-cpu.ts): the checkout's own reader, either
// readDocument in this thread or, with `worker`, its FileWorker as a build thread runs it (with
// `staged`, rows written to staged CSV files as the build's threads do).
import { join } from 'node:path';

export type Read = (bytes: Uint8Array, file: string) => Promise<unknown>;

export async function loadReader(root: string, options: { worker?: boolean; staged?: boolean; sourcesDir: string }): Promise<Read> {
  await import(join(root, 'src/format/readers.ts'));
  if (options.worker) {
    const { FileWorker } = await import(join(root, 'src/build/work.ts'));
    const mine = join(options.sourcesDir, root.replace(/\W/g, '_'));
    const worker = new FileWorker({ manifestCsv: null, sourcesDir: mine, parserVersion: 'ab', cacheDir: null, cachedKeys: null, rowsDir: options.staged ? join(mine, 'rows') : undefined });
    let n = 0;
    return async (_bytes, file) => {
      await worker.run({ file, path: file });
      if (++n % 16 === 0) worker.idle();
    };
  }
  const { readDocument } = await import(join(root, 'src/format/parse.ts'));
  return (bytes, file) => readDocument(bytes, file);
}
