// The distribution view's count line (src/views/distributionCounts.ts) against the reports it counts:
// a rate's value is NULL also when its sample is a stated 0, so the reports without a value are not
// all "not stated" (at 100,000 reports, 四川省 2024's refusal share: all 237 of them had 0 applications).
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { distributionStats, measureOf, type DistributionStats } from '../src/db/distribution.ts';
import { FACT_COLUMNS, NO_FILTERS } from '../src/db/queries.ts';
import { distributionCounts } from '../src/views/distributionCounts.ts';

describe('the distribution count line', () => {
  it('does not call a report that states 0 applications "not stated"', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    // Three reports: 0 outcomes stated (all six 0), 20 outcomes, and none stated; the columns distributionStats reads.
    const m = measureOf('share_refused');
    await c.run(`CREATE TABLE facts (${FACT_COLUMNS.map((n) => `"${n}" ${/^t[34]_/.test(n) || n === 'year' ? 'INTEGER' : /fee/.test(n) ? 'DOUBLE' : 'VARCHAR'}`).join(', ')})`);
    const t3 = FACT_COLUMNS.filter((n) => /^t3_.*_total$/.test(n) && !/new_total|carried_over_total|total_handled_total|carried_forward_total|other_total_total/.test(n));
    const insert = async (id: string, value: number | null, granted: number | null) => {
      const cols = ['report_id', 'status', 'year', ...t3];
      const vals = [id, 'ok', 2024, ...t3.map((n) => (n === 't3_granted_total' ? granted : value))];
      await c.run(`INSERT INTO facts (${cols.map((n) => `"${n}"`).join(', ')}) VALUES (${vals.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`)).join(', ')})`);
    };
    await insert('zero', 0, 0);
    await insert('rated', 0, 20);
    await insert('none', null, null);
    const q = distributionStats(NO_FILTERS, m);
    const [stats] = (await c.runAndReadAll(q.sql, q.params as never)).getRowObjectsJS() as unknown as DistributionStats[];
    c.closeSync();
    expect([stats.n, stats.too_few, stats.not_stated]).toEqual([1, 0, 2]);
    expect(distributionCounts(stats, m, 'zh')).toBe('1 份年报计入；2 份未说明或申请为 0');
    expect(distributionCounts(stats, m, 'en')).toBe('1 reports counted; 2 not stated or with no applications');
    // An amount has no sample: a missing value is simply not stated.
    expect(distributionCounts({ n: 3, too_few: 0, not_stated: 2 }, measureOf('processing_fee_yuan'), 'zh')).toBe('3 份年报计入；2 份未说明');
  });
});
