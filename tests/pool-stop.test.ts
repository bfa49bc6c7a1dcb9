// One answer per file when a parsing thread is stopped mid-batch (issue 13, "one answer per batch").
// A thread is stopped while it has parsed files the main thread has not heard of yet: here the main
// thread is kept busy past the deadline, while its one thread parses on through
// its queued batches, writing their texts and rows. Afterwards every file must have exactly one
// answer, none may be failed for a deadline it did not pass (each file parses in milliseconds),
// and the sources must hold exactly one text per file answered as read, with no byte written twice.
// What is expected is computed here from the input files, not with the build's own readers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { runPool } from '../src/build/pool.ts';
import { packSources } from '../src/build/sources.ts';
import { StagedEnds } from '../src/build/staged.ts';
import type { Parsed, Task, WorkConfig } from '../src/build/work.ts';
import { builtSource, ROOT, SEEDS, seedText } from './helpers.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pool-stop-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The report id as documented (first 16 hex digits of the SHA-256 of `file:<path>`), computed here. */
const idOf = (file: string) => createHash('sha256').update(`file:${file}`).digest('hex').slice(0, 16);

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* the main thread does nothing else meanwhile */ }
}

describe('a thread stopped while its answers are on their way', () => {
  it('gives every file one answer, fails none that did not run over, and one text per read file', async () => {
    const reports = join(root, 'reports');
    mkdirSync(reports);
    // 60 files (4 batches of 16 in flight on one thread), each a seed under its own name.
    const files: string[] = [];
    const seedOf = new Map<string, string>();
    for (let i = 0; i < 60; i++) {
      const seed = SEEDS[i % SEEDS.length];
      const file = `r${String(i).padStart(3, '0')}_${seed}`;
      copyFileSync(join(ROOT, 'data', 'reports', seed), join(reports, file));
      files.push(file);
      seedOf.set(file, seed);
    }
    const sourcesDir = join(root, 'sources');
    const rowsDir = join(root, 'rows');
    mkdirSync(sourcesDir);
    const config: WorkConfig = { manifestCsv: null, sourcesDir, parserVersion: 'test', cacheDir: null, cachedKeys: null, rowsDir };
    const answers: Parsed[] = [];
    const staged = new StagedEnds();
    let blocked = false;
    const tasks: Task[] = files.map((file) => ({ file, path: join(reports, file) }));
    await runPool(tasks, config, 1, (r) => {
      answers.push(r);
      if (r.staged) staged.record(r.staged);
      // After the second answer, this thread is busy for 4× the deadline (outside the answers'
      // callback, as when other work of the main thread runs long): the parsing thread goes on.
      if (answers.length === 2 && !blocked) {
        blocked = true;
        setImmediate(() => busyWait(2000));
      }
    }, { batch: 16, inFlight: 3, budget: { fileTimeoutMs: 500 } });

    // One answer per file.
    expect(answers.map((a) => a.file).sort()).toEqual([...files].sort());
    // None failed (a failed file's answer has no cache key): each file took milliseconds to parse.
    const failed = answers.filter((a) => a.key === null);
    expect(failed.map((a) => a.file)).toEqual([]);

    // The staged rows: one reports line per answer (sealed to the answers heard of).
    const sealed = staged.seal(rowsDir);
    const lines = [...sealed.reports.values()].flat().reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter(Boolean).length, 0);
    expect(lines).toBe(files.length);

    // The sources: each file's text once, and no other bytes in the shards.
    const packed = packSources(sourcesDir);
    let expectedBytes = 0;
    for (const file of files) {
      const text = seedText(seedOf.get(file)!).replace(/\r\n?/g, '\n');
      expect(builtSource(sourcesDir, idOf(file)), file).toBe(text);
      expectedBytes += Buffer.byteLength(text);
    }
    const entries = readdirSync(sourcesDir).filter((n) => n.startsWith('index-'))
      .flatMap((n) => Object.keys((JSON.parse(readFileSync(join(sourcesDir, n), 'utf8')) as { entries: object }).entries));
    expect(entries.sort()).toEqual(files.map(idOf).sort());
    expect(packed.reports).toBe(files.length);
    expect(packed.bytes).toBe(expectedBytes);
    const shardBytes = readdirSync(sourcesDir).filter((n) => n.startsWith('shard-')).reduce((n, s) => n + statSync(join(sourcesDir, s)).size, 0);
    expect(shardBytes).toBe(expectedBytes);
  }, 60_000);
});
