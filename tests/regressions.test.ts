// Generated reports the parser once got wrong (found by `npm run gen:corpus -- --check`):
// no title with a 行政公署 agency, a long autonomous-area name, and a glued table 4 whose one
// valid split lay beyond a search cut-off.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src/format/parse.ts';
import { ROOT, readFixture } from './helpers.ts';

const DIR = join(ROOT, 'tests', 'fixtures', 'regressions');
const cases = readdirSync(DIR).filter((f) => !f.endsWith('.json'));

describe.each(cases)('%s', (file) => {
  const truth = JSON.parse(readFixture('regressions', file.replace(/\.[a-z]+$/, '.truth.json')).toString('utf8'));
  const r = parseReport(readFixture('regressions', file), file);
  // Cells the generator marks ambiguous (a glued table 2 row that splits several ways) must be
  // null or right; every other cell exactly right.
  const ambiguous = new Set((truth.ambiguous_cells ?? []).map((c: [string, number, number]) => c.join()));

  it('reads its metadata', () => {
    expect([r.agency, r.year, r.region_code]).toEqual([truth.agency, truth.year, truth.region_code]);
  });

  it('reads every cell', () => {
    const t2 = (report: typeof r['table2']) => [...report.regulations, ...report.normative_documents, report.licensing, report.penalties, report.enforcement, report.fees_10k_yuan];
    t2(r.table2).forEach((v, i) => {
      if (ambiguous.has(['table2', i, 0].join()) && v === null) return;
      expect(v, `table2 ${i}`).toBe(t2(truth.table2)[i]);
    });
    expect(r.table3).toEqual(truth.table3);
    expect(r.table4).toEqual(truth.table4);
  });
});
