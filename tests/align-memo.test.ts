// Table alignments remembered across reports (src/format/rows.ts alignRows): the remembered way and
// the way that aligns every table anew must give the same reports, byte for byte, over generated
// reports of every shape, the shared corpus and the seed reports. Also counts how many reports
// have every table's alignment remembered from the reports read before them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../src/gen/index.ts';
import { parseReport } from '../src/format/parse.ts';
import { alignmentCounts, rememberAlignments } from '../src/format/rows.ts';
import { ROOT } from './helpers.ts';

const files: { name: string; bytes: Uint8Array }[] = [];
for (let i = 0; i < 180; i++) {
  const g = generateReport(11, i);
  files.push({ name: g.name, bytes: new Uint8Array(Buffer.from(g.content, 'utf8')) });
}
const corpus = '/work/shared/corpus/files';
for (const dir of [corpus, join(ROOT, 'data/reports')]) {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /\.(txt|md|html?)$/i.test(n)).sort();
  } catch {
    continue; // the shared corpus is not on every machine
  }
  for (const name of names) files.push({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
}

const parsed = (f: { name: string; bytes: Uint8Array }) => JSON.stringify(parseReport(f.bytes, f.name));

describe('remembered table alignments', () => {
  it('give the same reports as aligning every table anew', () => {
    rememberAlignments(false);
    const anew = files.map(parsed);
    rememberAlignments(true);
    let taken = 0;
    const first = files.map((f) => {
      const before = alignmentCounts();
      const out = parsed(f);
      const after = alignmentCounts();
      if (after.misses === before.misses && after.hits > before.hits) taken++;
      return out;
    });
    // Read again: every alignment is remembered now.
    const before = alignmentCounts();
    const again = files.map(parsed);
    const after = alignmentCounts();
    expect(after.misses).toBe(before.misses);
    expect(after.hits).toBeGreaterThan(before.hits);
    for (let i = 0; i < files.length; i++) {
      expect(first[i], files[i].name).toBe(anew[i]);
      expect(again[i], files[i].name).toBe(anew[i]);
    }
    console.log(`${files.length} reports; ${taken} had every table alignment remembered from the reports before them`);
    expect(files.length).toBeGreaterThan(180);
  });
});
