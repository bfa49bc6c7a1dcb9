// summary.json is checked against its schema before the page uses it (issue 12): a file that
// parses but holds wrong types fails with the field named, rather than "loading…" forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildData } from '../src/build/build.ts';
import { checkSummary } from '../src/app/summary-check.ts';
import { ROOT } from './helpers.ts';

let root: string;
let summary: Record<string, unknown>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'summary-check-'));
  const reports = join(root, 'reports');
  mkdirSync(reports);
  for (const f of ['000_91b38fa976f5289e.txt', '001_0f68198b50857d74.txt']) copyFileSync(join(ROOT, 'data', 'reports', f), join(reports, f));
  await buildData({ reportsDir: reports, outDir: join(root, 'out'), threads: 0 });
  summary = JSON.parse(readFileSync(join(root, 'out', 'summary.json'), 'utf8')) as Record<string, unknown>;
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const copy = () => JSON.parse(JSON.stringify(summary)) as Record<string, any>;

describe('checkSummary', () => {
  it('passes the summary the build writes', () => {
    expect(checkSummary(summary)).toBeNull();
  });

  it('checks the files passed over by name, which older builds lack', () => {
    const older = copy();
    delete older.skipped;
    delete older.skipped_total;
    expect(checkSummary(older)).toBeNull();
    const listed = copy();
    listed.skipped = [{ file: 'README.md', reason_zh: '说明文件', reason_en: 'a readme' }];
    listed.skipped_total = 1;
    expect(checkSummary(listed)).toBeNull();
    listed.skipped[0].reason_en = 3;
    expect(checkSummary(listed)).toMatchObject({ path: 'skipped[0].reason_en' });
    const total = copy();
    total.skipped_total = '1';
    expect(checkSummary(total)).toMatchObject({ path: 'skipped_total' });
  });

  it('names the first field of the wrong type, in both languages', () => {
    const wrong = copy();
    wrong.reports = '2';
    expect(checkSummary(wrong)).toMatchObject({ path: 'reports', en: 'summary.json field reports should be an integer, but is string' });
    const year = copy();
    year.overview[1].year = '2024';
    const p = checkSummary(year)!;
    expect(p.path).toBe('overview[1].year');
    expect(p.zh).toContain('overview[1].year');
    expect(p.en).toMatch(/should be an integer or null, but is string/);
    const outcome = copy();
    outcome.overview[0].outcomes.granted = 'many';
    expect(checkSummary(outcome)?.path).toBe('overview[0].outcomes.granted');
    const failed = copy();
    failed.failed = [{ file: 1 }];
    expect(checkSummary(failed)?.path).toBe('failed[0].file');
  });

  it('refuses what is not a summary at all', () => {
    expect(checkSummary(null)?.path).toBe('(root)');
    expect(checkSummary([])?.path).toBe('(root)');
    const none = copy();
    delete none.overview;
    delete none.first_paint;
    expect(checkSummary(none)?.path).toBe('overview');
  });
});
