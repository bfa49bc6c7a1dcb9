// Every output of the parse for a list of files, one JSON line each: the full Report (raw
// cells and positions included), the source text and the build's rows (work.ts). For checking
// that an optimisation changes nothing: dump before, dump after, diff.
//   npx tsx bench/parse/dump.ts FILELIST > out.jsonl
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocument } from '../../src/format/parse.ts';
import '../../src/format/readers.ts';
import { FileWorker } from '../../src/build/work.ts';

const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const sourcesDir = mkdtempSync(join(tmpdir(), 'dump-'));
const worker = new FileWorker({ manifestCsv: null, sourcesDir, parserVersion: 'dump', cacheDir: null, cachedKeys: null });
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(file));
  const { report, text } = await readDocument(bytes, file);
  const rows = await worker.run({ file, path: file } as never);
  process.stdout.write(`${JSON.stringify({ report, text, rows }, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}\n`);
}
rmSync(sourcesDir, { recursive: true, force: true });
