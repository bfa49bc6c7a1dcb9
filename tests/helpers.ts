import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src/format/parse.ts';
import type { Report } from '../src/format/report.ts';

export const ROOT = join(import.meta.dirname, '..');
export const SEEDS = ['000_91b38fa976f5289e.txt', '001_0f68198b50857d74.txt', '002_54ed621f2e25daf5.txt', '003_837e2621b604486e.txt', '004_55d435d651c286e9.txt'];

export function readFixture(...path: string[]): Buffer {
  return readFileSync(join(ROOT, 'tests', 'fixtures', ...path));
}

export function parseSeed(name: string): Report {
  return parseReport(readFileSync(join(ROOT, 'data', 'reports', name)), `data/reports/${name}`);
}

export function parseText(text: string, name = 'report.txt'): Report {
  return parseReport(new TextEncoder().encode(text), name);
}

export function seedText(name: string): string {
  return readFileSync(join(ROOT, 'data', 'reports', name), 'utf8');
}

/**
 * A report's text in a built sources/ folder, read by hand from the index format documented in
 * src/build/sources.ts (index-<first two hex>.json → [shard, offset, length]; bytes sliced here),
 * not with the module's own reader. null when the index has no entry.
 */
export function builtSource(sourcesDir: string, id: string): string | null {
  const indexPath = join(sourcesDir, `index-${id.slice(0, 2)}.json`);
  if (!existsSync(indexPath)) return null;
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { shards: string[]; entries: Record<string, [number, number, number]> };
  const entry = index.entries[id];
  if (!entry) return null;
  const [shard, offset, length] = entry;
  return readFileSync(join(sourcesDir, index.shards[shard])).subarray(offset, offset + length).toString('utf8');
}
