// The build-time copies (src/server/precompress.ts): which files get which copies, that each copy
// decompresses to its file, and the record of sizes the server checks them against.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { MANIFEST_FILE, precompress, type SiteManifest } from '../src/server/precompress.ts';

const root = mkdtempSync(join(tmpdir(), 'precompress-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('writes br and gz where they pay, br only for the source indexes, nothing for shards, images or tiny files', async () => {
  mkdirSync(join(root, 'assets'));
  mkdirSync(join(root, 'data', 'sources'), { recursive: true });
  const files: Record<string, Buffer> = {
    'index.html': Buffer.from(`<!doctype html>${'<p>政府信息公开</p>'.repeat(100)}`),
    'assets/app-1a2b.js': Buffer.from('export const x = "依申请公开";\n'.repeat(500)),
    'assets/tiny-3c4d.js': Buffer.from('1;'),
    'assets/logo-5e6f.png': Buffer.alloc(4096, 1),
    'data/sources/index-ab.json': Buffer.from(JSON.stringify({ shards: ['shard-000.txt'], entries: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`ab${String(i).padStart(14, '0')}`, [0, i * 100, 100]])) })),
    'data/sources/shard-000.txt': Buffer.from('政府信息公开工作年度报告\n'.repeat(3000)),
    // random bytes: no copy saves 5 %
    'data/random.json': randomBytes(4096),
  };
  for (const [rel, body] of Object.entries(files)) writeFileSync(join(root, rel), body);
  writeFileSync(join(root, 'data', 'random.json.br'), 'stale copy from an earlier build');

  await precompress(root);
  const copies = (rel: string) => [existsSync(join(root, `${rel}.br`)), existsSync(join(root, `${rel}.gz`))];
  expect(copies('index.html')).toEqual([true, true]);
  expect(copies('assets/app-1a2b.js')).toEqual([true, true]);
  expect(copies('data/sources/index-ab.json')).toEqual([true, false]);
  for (const rel of ['assets/tiny-3c4d.js', 'assets/logo-5e6f.png', 'data/sources/shard-000.txt', 'data/random.json']) expect(copies(rel), rel).toEqual([false, false]);

  const record = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as SiteManifest;
  expect(Object.keys(record.files).sort()).toEqual(Object.keys(files).sort());
  for (const [rel, body] of Object.entries(files)) {
    const entry = record.files[rel];
    expect(entry.size, rel).toBe(body.length);
    if (entry.br !== undefined) {
      const br = readFileSync(join(root, `${rel}.br`));
      expect(br.length, rel).toBe(entry.br);
      expect(zlib.brotliDecompressSync(br).equals(body), rel).toBe(true);
    }
    if (entry.gzip !== undefined) expect(zlib.gunzipSync(readFileSync(join(root, `${rel}.gz`))).equals(body), rel).toBe(true);
  }
});
