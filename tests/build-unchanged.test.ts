// The no-change rebuild (issue 13.3): a second build of the same inputs into the same output
// parses nothing and writes nothing (every file of the output, the store and the cache keeps its
// modification time, and no file appears or disappears); a changed input or a damaged output
// makes it a real build again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildData } from '../src/build/build.ts';
import { ROOT, SEEDS } from './helpers.ts';

const FILES = SEEDS.slice(0, 3);
let root: string;
let reports: string;
let out: string;
let cache: string;

const build = (outDir = out) => buildData({ reportsDir: reports, outDir, cacheDir: cache, threads: 0 });

/** Every file and folder under `dir` (links not followed) with its modification time in ns. */
function snapshot(dir: string): Map<string, bigint> {
  const seen = new Map<string, bigint>();
  const walk = (path: string, prefix: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      seen.set(prefix + entry.name, statSync(child, { bigint: true, throwIfNoEntry: true }).mtimeNs);
      if (entry.isDirectory()) walk(child, `${prefix}${entry.name}/`);
    }
  };
  walk(dir, '');
  return seen;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'unchanged-'));
  reports = join(root, 'reports');
  mkdirSync(reports);
  for (const f of FILES) copyFileSync(join(ROOT, 'data', 'reports', f), join(reports, f));
  out = join(root, 'out');
  cache = join(root, 'cache');
  await build();
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a rebuild with nothing changed', () => {
  it('parses nothing, counts every report as reused and writes nothing', async () => {
    const before = snapshot(root);
    const summaryBefore = readFileSync(join(out, 'summary.json'), 'utf8');
    const again = await build();
    expect(again.unchanged).toBe(true);
    expect(again.summary.parse).toMatchObject({ parsed: 0, cached: FILES.length });
    expect(again.summary.reports).toBe(FILES.length);
    expect(snapshot(root)).toEqual(before);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(summaryBefore);
  }, 120_000);

  it('a changed input is parsed again, and the build after it is a no-change one again', async () => {
    const path = join(reports, FILES[1]);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\d+/, (d) => String(Number(d) + 1)));
    const changed = await build();
    expect(changed.unchanged).toBeFalsy();
    expect(changed.summary.parse).toMatchObject({ parsed: 1, cached: FILES.length - 1 });
    const after = await build();
    expect(after.unchanged).toBe(true);
  }, 120_000);

  it('an added or deleted input, another output folder or a damaged output is a real build', async () => {
    copyFileSync(join(ROOT, 'data', 'reports', SEEDS[3]), join(reports, SEEDS[3]));
    const added = await build();
    expect(added.unchanged).toBeFalsy();
    expect(added.summary.reports).toBe(FILES.length + 1);
    unlinkSync(join(reports, SEEDS[3]));
    const deleted = await build();
    expect(deleted.unchanged).toBeFalsy();
    expect(deleted.summary.reports).toBe(FILES.length);
    // The same inputs into another output folder: that folder is built.
    const other = await build(join(root, 'other'));
    expect(other.unchanged).toBeFalsy();
    expect(statSync(join(root, 'other', 'reports.parquet')).size).toBeGreaterThan(0);
    // Back to the first output, whose stamp the other build replaced: a real build, then a no-change one.
    expect((await build()).unchanged).toBeFalsy();
    expect((await build()).unchanged).toBe(true);
    // A damaged output (a file of the summary gone, a summary file of cube/ cut short) is rebuilt.
    rmSync(join(out, 'checks.parquet'));
    const repaired = await build();
    expect(repaired.unchanged).toBeFalsy();
    expect(statSync(join(out, 'checks.parquet')).size).toBeGreaterThan(0);
    const cube = repaired.summary.cube?.files ?? [];
    expect(cube.length).toBeGreaterThan(0);
    writeFileSync(join(out, cube[0].name), '{}');
    expect((await build()).unchanged).toBeFalsy();
    expect((await build()).unchanged).toBe(true);
  }, 120_000);
});
