// Generated reports the parser once got wrong or left empty (found by `npm run gen:corpus -- --check`),
// kept as files with the truth the generator wrote (by construction, independent of the parser):
// no title with a 行政公署 agency, a long autonomous-area name, a glued table 4 whose one valid
// split lay beyond a search cut-off, a signature ending in 馆, glued table 2 rows that only the
// narrative's numbers split. Every field must come out right: the truth's value, or null where
// the truth says no reader can tell.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src/format/parse.ts';
import { compareReport } from '../src/gen/compare.ts';
import type { Truth } from '../src/gen/index.ts';
import { ROOT, readFixture } from './helpers.ts';

const DIR = join(ROOT, 'tests', 'fixtures', 'regressions');
const cases = readdirSync(DIR).filter((f) => !f.endsWith('.json'));

describe.each(cases)('%s', (file) => {
  const truth = JSON.parse(readFixture('regressions', file.replace(/\.[a-z]+$/, '.truth.json')).toString('utf8')) as Truth;
  const r = parseReport(readFixture('regressions', file), file);

  it('reads its metadata', () => {
    expect([r.agency, r.year, r.region_code, r.kind]).toEqual([truth.agency, truth.year, truth.region_code, truth.kind]);
  });

  it('reads every cell right (null only where the truth says no reader can tell)', () => {
    expect(compareReport(r, truth)).toEqual([]);
  });

  it('flags every cell it leaves null', () => {
    const flagged = new Set(r.checks.flatMap((c) => c.cells.map((x) => `${x.table},${x.row},${x.col}`)));
    for (const [table, row, col] of truth.ambiguous_cells) expect(flagged.has(`${table},${row},${col}`), `${table} ${row} ${col}`).toBe(true);
  });
});
