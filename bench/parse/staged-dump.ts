// Every byte the build's parsing thread writes for a list of files: a FileWorker with a rowsDir
// (work.ts: the staged CSV rows of staged.ts, and the sources part files of sources.ts, texts and
// their index), its files concatenated in name order with the writer's tag taken out. dump.ts
// covers the rows a thread answers without a rowsDir; this covers the bytes the build loads.
// For checking that a change to that path changes nothing: dump with each tree, compare.
//   npx tsx bench/parse/staged-dump.ts --tree DIR FILELIST OUT
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { tree: { type: 'string' } }, allowPositionals: true });
const [list, outFile] = positionals;
const tree = resolve(values.tree ?? join(import.meta.dirname, '../..'));
const { FileWorker } = await import(join(tree, 'src/build/work.ts'));
const files = readFileSync(list, 'utf8').split('\n').filter(Boolean);
const dir = mkdtempSync(join(tmpdir(), 'staged-dump-'));
const worker = new FileWorker({ manifestCsv: null, sourcesDir: join(dir, 'sources'), rowsDir: join(dir, 'rows'), parserVersion: 'dump', cacheDir: null, cachedKeys: null });
for (let i = 0; i < files.length; i++) {
  await worker.run({ file: files[i], path: files[i] });
  // As the pool's threads do between batches.
  if (i % 16 === 15) worker.idle();
}
worker.idle();
// Writer tags hold the thread, the process id and a random part: not compared.
const untagged = (name: string) => name.replace(/-t[^-]+-/, '-').replace(/\.part-[^.]*/, '.part');
const read = (sub: string) => readdirSync(join(dir, sub)).sort((a, b) => untagged(a).localeCompare(untagged(b)))
  .map((name) => `== ${sub}/${untagged(name)}\n${readFileSync(join(dir, sub, name), 'utf8')}`).join('');
writeFileSync(outFile, read('rows') + read('sources'));
rmSync(dir, { recursive: true, force: true });
