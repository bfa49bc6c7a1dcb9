// The packed source texts (src/build/sources.ts) and the page's reader (src/app/sources.ts):
// every text comes back byte for byte from its shard by the index's offset and length (sliced
// here by hand), the file count stays small at any N, a writer killed mid-line loses only its
// unfinished entry, and the reader works over the real server with Range (and without it).
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSource, PACK_HOLD_LINES, packSources, SHARD_BUDGET, SourceEnds, SourceWriter } from '../src/build/sources.ts';
import { loadSource } from '../src/app/sources.ts';
import { fnv1a32 } from '../src/lib/checksum.ts';
import { startServer } from '../scripts/serve.ts';
import { builtSource } from './helpers.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sources-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const idOf = (i: number) => createHash('sha256').update(`file:r${i}.txt`).digest('hex').slice(0, 16);
/** Texts of varied length with multi-byte characters (offsets are in bytes, not characters). */
const textOf = (i: number) => `${i}号报告 政府信息公开工作年度报告\n${'依申请公开 行政复议 '.repeat(i % 37)}${i % 5 === 0 ? '' : 'end'}`;

describe('packing', () => {
  it('gives back every text exactly, from several writers and rotated shards', () => {
    const dir = join(tempDir(), 'sources');
    mkdirSync(dir);
    const writers = [new SourceWriter(dir, 4096), new SourceWriter(dir, 4096), new SourceWriter(dir, 4096)];
    const N = 600;
    for (let i = 0; i < N; i++) writers[i % 3].write(idOf(i), textOf(i));
    writers[0].write(idOf(7), textOf(7)); // the same report written twice (re-parsed): same text
    const packed = packSources(dir);
    expect(packed.reports).toBe(N);
    const files = readdirSync(dir);
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    expect(files.every((f) => /^shard-\d{3}\.txt$|^index-[0-9a-f]{2}\.json$/.test(f))).toBe(true);
    // rotation: no shard above 4096 bytes (no single text here is larger)
    for (const f of files.filter((f) => f.startsWith('shard-'))) expect(readFileSync(join(dir, f)).length, f).toBeLessThanOrEqual(4096);
    expect(packed.shards).toBeGreaterThan(3);
    for (let i = 0; i < N; i++) expect(builtSource(dir, idOf(i)), String(i)).toBe(textOf(i));
    // each index names only the shards its entries use
    for (const f of files.filter((f) => f.startsWith('index-'))) {
      const index = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { shards: string[]; entries: Record<string, number[]> };
      const used = new Set(Object.values(index.entries).map((e) => e[0]));
      expect(used.size, f).toBe(index.shards.length);
      for (const id of Object.keys(index.entries)) expect(`index-${id.slice(0, 2)}.json`).toBe(f);
    }
  });

  it('keeps the shard count within its budget at any N: consecutive parts joined, every text and its place still exact', () => {
    const dir = join(tempDir(), 'sources');
    mkdirSync(dir);
    const locations = join(dir, '..', 'locations-budget.tsv');
    // Parts of at most 512 bytes from three writers: far more parts than the budget of 5.
    const writers = [new SourceWriter(dir, 512), new SourceWriter(dir, 512), new SourceWriter(dir, 512)];
    const N = 400;
    for (let i = 0; i < N; i++) writers[i % 3].write(idOf(i), textOf(i));
    dropSource(dir, idOf(13));
    const parts = readdirSync(dir).filter((f) => f.startsWith('.part-') && f.endsWith('.txt')).length;
    expect(parts).toBeGreaterThan(20);
    const packed = packSources(dir, locations, undefined, 5);
    const shards = readdirSync(dir).filter((f) => f.startsWith('shard-'));
    expect(shards.length).toBe(packed.shards);
    expect(shards.length).toBeLessThanOrEqual(5);
    expect(shards.length).toBeGreaterThanOrEqual(4);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    // Every byte written is in a shard once (the texts' bytes, counted here from the texts).
    const written = Array.from({ length: N }, (_, i) => Buffer.byteLength(textOf(i))).reduce((a, b) => a + b, 0);
    expect(shards.reduce((a, f) => a + readFileSync(join(dir, f)).length, 0)).toBe(written);
    for (let i = 0; i < N; i++) expect(builtSource(dir, idOf(i)), String(i)).toBe(i === 13 ? null : textOf(i));
    for (const [id, shard, offset, length, check] of readFileSync(locations, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'))) {
      const at = readFileSync(join(dir, shard)).subarray(Number(offset), Number(offset) + Number(length));
      expect(at.toString('utf8'), id).toBe(builtSource(dir, id));
      expect(Number(check), id).toBe(fnv1a32(at));
    }
  });

  it("writes, when asked, each text's place (shard file, offset, length) once, outside the folder", () => {
    const dir = join(tempDir(), 'sources');
    mkdirSync(dir);
    const locations = join(dir, '..', 'locations.tsv');
    const writers = [new SourceWriter(dir, 2048), new SourceWriter(dir, 2048)];
    const N = 200;
    for (let i = 0; i < N; i++) writers[i % 2].write(idOf(i), textOf(i));
    writers[1].write(idOf(9), textOf(9)); // written twice: one place
    dropSource(dir, idOf(11)); // dropped: no place
    packSources(dir, locations);
    expect(readdirSync(dir).some((f) => f.includes('location'))).toBe(false);
    const lines = readFileSync(locations, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
    const ids = lines.map((l) => l[0]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(Array.from({ length: N }, (_, i) => idOf(i)).filter((id) => id !== idOf(11)).sort());
    for (const [id, shard, offset, length, check] of lines) {
      expect(shard).toMatch(/^shard-\d{3}\.txt$/);
      // The bytes at that place, read here, are the text the sources' own index gives, and the checksum theirs.
      const at = readFileSync(join(dir, shard)).subarray(Number(offset), Number(offset) + Number(length));
      expect(at.toString('utf8'), id).toBe(builtSource(dir, id));
      expect(Number(check), id).toBe(fnv1a32(at));
    }
  });

  it('gives back every text when a writer closes its files between writes and goes on appending', () => {
    const dir = join(tempDir(), 'sources');
    mkdirSync(dir);
    const w = new SourceWriter(dir, 4096);
    const N = 60;
    for (let i = 0; i < N; i++) {
      w.write(idOf(i), textOf(i));
      if (i % 7 === 3) w.close(); // the thread's queue ran empty
    }
    w.close();
    w.close(); // closing twice is harmless
    expect(packSources(dir).reports).toBe(N);
    for (let i = 0; i < N; i++) expect(builtSource(dir, idOf(i)), String(i)).toBe(textOf(i));
  });

  it('drops only the entry a killed writer did not finish, and the texts of failed files', () => {
    const dir = join(tempDir(), 'sources');
    mkdirSync(dir);
    const w = new SourceWriter(dir);
    w.write(idOf(1), textOf(1));
    w.write(idOf(2), textOf(2));
    // a writer killed after its text and half of its index line
    appendFileSync(join(dir, '.part-dead-0.txt'), 'half written text');
    appendFileSync(join(dir, '.part-dead-0.tsv'), `${idOf(3)}\t0\t1`);
    // a report whose file failed after its text was written (its thread stopped): no text
    w.write(idOf(4), textOf(4));
    dropSource(dir, idOf(4));
    const packed = packSources(dir);
    expect(packed.reports).toBe(2);
    expect(builtSource(dir, idOf(4))).toBeNull();
    expect(builtSource(dir, idOf(1))).toBe(textOf(1));
    expect(builtSource(dir, idOf(2))).toBe(textOf(2));
    expect(builtSource(dir, idOf(3))).toBeNull();
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('writes the same files whether it holds a few index lines at once or all of them', () => {
    // packSources sorts the index lines out by index file through files of its own, holding
    // `holdLines` at once: every text, the last place of a text written twice, the dropped texts
    // and the locations must not depend on how often it wrote them out.
    const written = join(tempDir(), 'sources');
    mkdirSync(written);
    const writers = [new SourceWriter(written, 3000), new SourceWriter(written, 3000)];
    for (let i = 0; i < 400; i++) writers[i % 2].write(idOf(i), textOf(i));
    writers[0].write(idOf(5), textOf(5)); // twice: one place
    dropSource(written, idOf(8));
    // The same parts (the writers' names are random) packed twice.
    const packed = (holdLines: number) => {
      const root = tempDir();
      const dir = join(root, 'sources');
      cpSync(written, dir, { recursive: true });
      const result = packSources(dir, join(root, 'locations.tsv'), holdLines);
      const files = Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
      return { result, files, locations: readFileSync(join(root, 'locations.tsv'), 'utf8'), dir };
    };
    const few = packed(3);
    const all = packed(1e9);
    expect(few.result).toEqual(all.result);
    expect(few.result.reports).toBe(399);
    expect(Object.keys(few.files).some((f) => f.startsWith('.'))).toBe(false);
    expect(few.files).toEqual(all.files);
    expect(few.locations).toBe(all.locations);
    for (let i = 0; i < 400; i++) expect(builtSource(few.dir, idOf(i)), String(i)).toBe(i === 8 ? null : textOf(i));
  });

  it('packs only the texts whose answers were heard: a stopped writer\'s later texts, written again by another, once', () => {
    const dir = join(tempDir(), 'sources');
    mkdirSync(dir);
    const heard = new SourceEnds();
    // Writer a (a thread later stopped) writes texts 0-9; the pool heard the answers of 0-3 only,
    // and writer b (the new thread) writes 4-9 again, heard; writer c's only text was never heard.
    const a = new SourceWriter(dir, 4096);
    const b = new SourceWriter(dir, 4096);
    const c = new SourceWriter(dir, 4096);
    for (let i = 0; i < 10; i++) {
      const end = a.write(idOf(i), textOf(i));
      if (i < 4) heard.record(end);
    }
    for (let i = 4; i < 10; i++) heard.record(b.write(idOf(i), textOf(i)));
    c.write(idOf(10), textOf(10));
    for (const w of [a, b, c]) w.close();
    const packed = packSources(dir, undefined, PACK_HOLD_LINES, SHARD_BUDGET, heard);
    const expected = Array.from({ length: 10 }, (_, i) => Buffer.byteLength(textOf(i))).reduce((x, y) => x + y, 0);
    expect(packed.reports).toBe(10);
    expect(packed.bytes).toBe(expected);
    // No byte of an unheard text is left in a shard.
    const shards = readdirSync(dir).filter((f) => f.startsWith('shard-'));
    expect(shards.reduce((n, f) => n + statSync(join(dir, f)).size, 0)).toBe(expected);
    for (let i = 0; i < 10; i++) expect(builtSource(dir, idOf(i)), String(i)).toBe(textOf(i));
    expect(builtSource(dir, idOf(10))).toBeNull();
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('keeps the file count under 1,000 at 10,000 reports (256 indexes at most, 32 MiB shards)', () => {
    const dir = join(tempDir(), 'sources');
    mkdirSync(dir);
    const w = [new SourceWriter(dir), new SourceWriter(dir)];
    const body = '政府信息公开工作年度报告 '.repeat(120); // ~4.3 KB, like a real report's text
    for (let i = 0; i < 10_000; i++) w[i % 2].write(idOf(i), `${i}\n${body}`);
    packSources(dir);
    const files = readdirSync(dir);
    expect(files.filter((f) => f.startsWith('index-')).length).toBeLessThanOrEqual(256);
    expect(files.filter((f) => f.startsWith('shard-')).length).toBeLessThanOrEqual(6);
    for (const i of [0, 1, 5_000, 9_999]) expect(builtSource(dir, idOf(i))).toBe(`${i}\n${body}`);
  });
});

describe('the page reader', () => {
  it('reads a text with one Range request over the real server, and says when a text is missing or fails', async () => {
    const root = tempDir();
    const dir = join(root, 'data', 'sources');
    mkdirSync(dir, { recursive: true });
    const w = new SourceWriter(dir, 2048);
    for (let i = 0; i < 50; i++) w.write(idOf(i), textOf(i));
    packSources(dir);
    const server = await startServer({ root, port: 0 });
    try {
      const base = `${server.url}data/sources/`;
      const seen: { url: string; range: string | null }[] = [];
      const recording: typeof fetch = (input, init) => {
        seen.push({ url: String(input), range: new Headers(init?.headers).get('range') });
        return fetch(input, init);
      };
      for (const i of [0, 13, 49]) {
        seen.length = 0;
        expect(await loadSource(base, idOf(i), recording)).toEqual({ state: 'done', text: textOf(i) });
        expect(seen).toHaveLength(2);
        expect(seen[0].url).toBe(`${base}index-${idOf(i).slice(0, 2)}.json`);
        expect(seen[1].range).toMatch(/^bytes=\d+-\d+$/);
      }
      // A server that ignores Range (200 with the whole shard): the reader slices it.
      const noRange: typeof fetch = (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete('range');
        return fetch(input, { ...init, headers });
      };
      expect(await loadSource(base, idOf(21), noRange)).toEqual({ state: 'done', text: textOf(21) });
      // An id the build never wrote, an id that is not hex: missing, not an error.
      expect(await loadSource(base, 'ffffffffffffffff')).toEqual({ state: 'missing' });
      expect(await loadSource(base, '../../etc/passwd')).toEqual({ state: 'missing' });
      // A server error is an error the page shows.
      const failing: typeof fetch = async (input, init) =>
        String(input).includes('shard-') ? new Response('boom', { status: 500 }) : fetch(input, init);
      const failed = await loadSource(base, idOf(3), failing);
      expect(failed.state).toBe('error');
    } finally {
      await server.close();
    }
  });
});
