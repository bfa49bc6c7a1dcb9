// Which reports a measure counts, leaves out as too few, or calls not stated: in the view's SQL
// (distributionStats), in the build's bins (binsSql) and in the count line's words
// (src/views/distributionCounts.ts). Over a hand-made `facts` table, one report per province, so a
// province's counts say where its one report lands. The expected buckets are written here by hand
// from the rule: rated = sample stated, at least the minimum, value stated; too few = sample stated
// and below the minimum, 0 included (at 100,000 reports, all 237 of 四川省 2024's reports without
// a refusal share stated 0 applications: they were called "not stated"); not stated = the rest.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN_MEASURES } from '../src/app/cube-bins.ts';
import { binsSql } from '../src/build/cube-bins.ts';
import { distributionStats, highlightOf, measureOf, measuredReports, type DistributionStats, type HighlightRow, type MeasureKey } from '../src/db/distribution.ts';
import { FACT_COLUMNS, NO_FILTERS } from '../src/db/queries.ts';
import { distributionCounts, distributionMinimum, reportState, stateWords } from '../src/views/distributionCounts.ts';
import { rowsOf } from './oracle.ts';

const TEXT = new Set(['report_id', 'file', 'agency', 'agency_id', 'superseded_by', 'province', 'city', 'county', 'level', 'kind', 'status', 'template']);
/** Table 3's outcome rows (the six groups' rows; not new, carried over, handled, carried forward, nor 其他处理's own total). */
const OUTCOME_COLUMNS = FACT_COLUMNS.filter((c) => /^t3_.*_total$/.test(c) && !/^t3_(new|carried_over|total_handled|carried_forward|other_total)_total$/.test(c));
const T4 = FACT_COLUMNS.filter((c) => c.startsWith('t4_'));

type Bucket = 'rated' | 'too_few' | 'not_stated';
interface Case {
  id: string;
  /** Every outcome row: granted and refused as given (refused in t3_refused_state_secret_total), the others 0; null: all not stated. */
  outcomes: { granted: number; refused: number | null } | null;
  handled: number | null;
  /** Table 4: every column 0, or reconsiderations / direct lawsuits / corrected (pending 0), or nothing stated. */
  t4: 'zeros' | { recon: number | null; direct: number | null; corrected: number | null } | null;
  fee: number | null;
  /** The bucket of each measure (share bins: the 5-point bin of a rated share), by hand. */
  want: Partial<Record<MeasureKey, Bucket>>;
  bins?: Partial<Record<MeasureKey, number>>;
}

const CASES: Case[] = [
  // 5 refused of 20 outcomes (25 %, bin 5), granted 75 % (bin 15); 2 reconsiderations per 20 handled (10 per 100);
  // concluded 2 + 4 = 6, 1 corrected (16.7 %, bin 3).
  {
    id: 'rated', outcomes: { granted: 15, refused: 5 }, handled: 20, t4: { recon: 2, direct: 4, corrected: 1 }, fee: 10,
    want: { share_refused: 'rated', share_granted: 'rated', reconsiderations_per_100: 'rated', corrected_share: 'rated', processing_fee_yuan: 'rated' },
    bins: { share_refused: 5, share_granted: 15, corrected_share: 3 },
  },
  // States 0 of everything: its shares are 0 / 0 (NULL), but its sample is a stated 0 — too few, not "not stated".
  // An amount of 0 is a value.
  {
    id: 'zero', outcomes: { granted: 0, refused: 0 }, handled: 0, t4: 'zeros', fee: 0,
    want: { share_refused: 'too_few', share_granted: 'too_few', reconsiderations_per_100: 'too_few', corrected_share: 'too_few', processing_fee_yuan: 'rated' },
  },
  // 3 outcomes, 3 handled, reconsiderations not stated: too few on both (the sample is below the minimum whatever the value).
  {
    id: 'few', outcomes: { granted: 3, refused: 0 }, handled: 3, t4: null, fee: null,
    want: { share_refused: 'too_few', share_granted: 'too_few', reconsiderations_per_100: 'too_few', corrected_share: 'not_stated', processing_fee_yuan: 'not_stated' },
  },
  // Applications not stated at all (table 4 in part: no concluded cases to count).
  {
    id: 'none', outcomes: null, handled: null, t4: { recon: 1, direct: null, corrected: null }, fee: null,
    want: { share_refused: 'not_stated', share_granted: 'not_stated', reconsiderations_per_100: 'not_stated', corrected_share: 'not_stated', processing_fee_yuan: 'not_stated' },
  },
  // Enough applications but the figure not stated: refusals missing (so no outcome sum either), reconsiderations missing.
  {
    id: 'unstated', outcomes: { granted: 50, refused: null }, handled: 50, t4: null, fee: null,
    want: { share_refused: 'not_stated', share_granted: 'not_stated', reconsiderations_per_100: 'not_stated', corrected_share: 'not_stated', processing_fee_yuan: 'not_stated' },
  },
];

function valuesOf(c: Case): Record<string, DuckDBValue> {
  const v: Record<string, DuckDBValue> = { report_id: c.id, agency: `机关${c.id}`, province: `省${c.id}`, year: 2024, level: 'county', kind: 'government', status: 'ok' };
  for (const col of OUTCOME_COLUMNS) {
    v[col] = c.outcomes === null ? null
      : col === 't3_granted_total' ? c.outcomes.granted
        : col === 't3_refused_state_secret_total' ? c.outcomes.refused
          : col.startsWith('t3_refused_') && c.outcomes.refused === null ? null : 0;
  }
  v.t3_total_handled_total = c.handled;
  for (const col of T4) v[col] = c.t4 === 'zeros' ? 0 : null;
  if (c.t4 && c.t4 !== 'zeros') {
    Object.assign(v, {
      t4_reconsideration_total: c.t4.recon, t4_lawsuit_direct_total: c.t4.direct, t4_lawsuit_after_reconsideration_total: c.t4.direct === null ? null : 0,
      t4_reconsideration_corrected: c.t4.corrected, t4_lawsuit_direct_corrected: c.t4.corrected === null ? null : 0, t4_lawsuit_after_reconsideration_corrected: c.t4.corrected === null ? null : 0,
      t4_reconsideration_pending: c.t4.recon === null ? null : 0, t4_lawsuit_direct_pending: c.t4.direct === null ? null : 0, t4_lawsuit_after_reconsideration_pending: c.t4.direct === null ? null : 0,
    });
  }
  v.processing_fee_yuan = c.fee;
  return v;
}

let db: DuckDBConnection;

beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run(`CREATE TABLE facts (${FACT_COLUMNS.map((c) => `"${c}" ${TEXT.has(c) ? 'VARCHAR' : c === 'year' ? 'INTEGER' : 'DOUBLE'}`).join(', ')})`);
  for (const c of CASES) {
    const v = valuesOf(c);
    const names = Object.keys(v);
    await db.run(`INSERT INTO facts (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, names.map((n) => v[n]));
  }
});

afterAll(() => db?.closeSync());

const bucketOf = (s: Pick<DistributionStats, 'n' | 'too_few' | 'not_stated'>): Bucket | string =>
  s.n + s.too_few + s.not_stated !== 1 ? `${s.n}/${s.too_few}/${s.not_stated}` : s.n ? 'rated' : s.too_few ? 'too_few' : 'not_stated';

describe('rated, too few or not stated', () => {
  const measures = Object.keys(CASES[0].want) as MeasureKey[];

  it('in the distribution view\'s SQL: a stated 0 is too few, applications not stated are not stated', async () => {
    for (const key of measures) {
      for (const c of CASES) {
        const q = distributionStats({ ...NO_FILTERS, province: `省${c.id}` }, measureOf(key));
        const [stats] = await rowsOf<DistributionStats>(db, q.sql, q.params as DuckDBValue[]);
        expect([key, c.id, bucketOf(stats)]).toEqual([key, c.id, c.want[key]]);
      }
    }
  });

  it('in the build\'s bins, report by report as the view (shares only: the measures binned in advance)', async () => {
    const [regions] = (await rowsOf<{ by_city: boolean; rows: string }>(db, binsSql('facts'))).filter((r) => !r.by_city);
    // [province, year, level, kind, measure, too few, not stated, (bin, reports)…], as src/app/cube-bins.ts documents them.
    const rows = JSON.parse(`[${regions.rows}]`) as (string | number | null)[][];
    const binned = BIN_MEASURES.map((m) => m.key).filter((k) => measures.includes(k));
    expect([...binned].sort()).toEqual(['corrected_share', 'share_granted', 'share_refused']);
    for (const key of binned) {
      const index = BIN_MEASURES.findIndex((m) => m.key === key);
      for (const c of CASES) {
        const row = rows.find((r) => r[0] === `省${c.id}` && r[4] === index)!;
        const [tooFew, notStated, ...pairs] = row.slice(5) as number[];
        const got = pairs.length === 2 && pairs[1] === 1 && tooFew + notStated === 0 ? `bin ${pairs[0]}` : bucketOf({ n: pairs.length / 2, too_few: tooFew, not_stated: notStated });
        const want = c.want[key] === 'rated' ? `bin ${c.bins![key]}` : c.want[key];
        expect([key, c.id, got]).toEqual([key, c.id, want]);
      }
    }
  });

  it('for one report (the highlighted one, and each line of the CSV) as in the counts', async () => {
    for (const key of measures) {
      const m = measureOf(key);
      const q = measuredReports(NO_FILTERS, m);
      const lines = await rowsOf<{ report_id: string; rated: boolean; too_few: boolean }>(db, q.sql, q.params as DuckDBValue[]);
      for (const c of CASES) {
        const h = highlightOf(NO_FILTERS, m, c.id);
        const [mark] = await rowsOf<HighlightRow>(db, h.sql, h.params as DuckDBValue[]);
        expect([key, c.id, reportState(mark), reportState(lines.find((l) => l.report_id === c.id)!)]).toEqual([key, c.id, c.want[key], c.want[key]]);
      }
    }
    expect([stateWords('too_few', 'zh'), stateWords('not_stated', 'zh'), stateWords('too_few', 'en')]).toEqual(['样本过少', '未说明', 'too few to rate']);
  });

  it('states the rule beside the chart, with the measure\'s own sample and minimum; an amount has none', () => {
    expect(distributionMinimum(measureOf('share_refused'), 'zh')).toBe('最少样本规则：只计入办理结果合计不少于 10 件的年报；少于 10 件（含 0 件）的年报为样本过少，不计入。');
    // An outcome share's sample is the six groups summed (the outcomes view's 「办理结果合计」); a rate per 100's, the applications handled.
    expect(distributionMinimum(measureOf('share_granted'), 'en')).toBe('Minimum sample: only reports with at least 10 outcomes in all are counted; those with fewer (0 included) are too few to rate.');
    expect(distributionMinimum(measureOf('lawsuits_per_100'), 'zh')).toBe('最少样本规则：只计入申请不少于 10 件的年报；少于 10 件（含 0 件）的年报为样本过少，不计入。');
    expect(distributionMinimum(measureOf('corrected_share'), 'en')).toBe('Minimum sample: only reports with at least 5 concluded cases are counted; those with fewer (0 included) are too few to rate.');
    expect(distributionMinimum(measureOf('processing_fee_yuan'), 'zh')).toBeNull();
  });

  it('in the count line: a report with 0 applications is among the too few; "not stated" means not stated', async () => {
    const m = measureOf('share_refused');
    const q = distributionStats(NO_FILTERS, m);
    const [stats] = await rowsOf<DistributionStats>(db, q.sql, q.params as DuckDBValue[]);
    // By hand: 'rated' counted; 'zero' and 'few' too few; 'none' and 'unstated' not stated.
    expect([stats.n, stats.too_few, stats.not_stated]).toEqual([1, 2, 2]);
    expect(distributionCounts(stats, m, 'zh')).toBe('1 份年报计入；2 份因办理结果合计少于 10 件未计入（样本过少）；2 份未说明');
    expect(distributionCounts(stats, m, 'en')).toBe('1 report counted; 2 left out with fewer than 10 outcomes in all (too few to rate); 2 not stated');
    // An amount has no sample: a missing value is simply not stated, a 0 is counted.
    expect(distributionCounts({ n: 2, too_few: 0, not_stated: 3 }, measureOf('processing_fee_yuan'), 'zh')).toBe('2 份年报计入；3 份未说明');
  });
});

describe("the distribution's values as written (a report's value, the quartiles, the chart's markers)", () => {
  it('writes a fee in 万元 to the yuan, as the agency page does (渑池 344.0982, not 344.1); other measures to two decimals', async () => {
    const { distributionDigits, distributionValue } = await import('../src/views/distributionCounts.ts');
    const fees = measureOf('fees_10k_yuan');
    // By hand: 344.0982 万元 printed to the yuan has four decimals.
    expect(distributionValue(344.0982, fees, 'zh')).toBe('344.0982');
    expect(distributionValue(4068.208, fees, 'en')).toBe('4,068.208');
    expect(distributionDigits(fees)).toBe(4);
    // 元 to the fen; a rate per 100 to two decimals (13.333… → 13.33).
    expect(distributionValue(9382.214, measureOf('processing_fee_yuan'), 'zh')).toBe('9,382.21');
    expect(distributionValue(40 / 3, measureOf('lawsuits_per_100'), 'en')).toBe('13.33');
    // The province map writes its median fees by the same rule: its measure of 万元 has the same key.
    const { MAP_MEASURES } = await import('../src/db/province-map.ts');
    const mapFees = MAP_MEASURES.find((m) => m.unit.zh === '万元')!;
    expect([mapFees.key, distributionDigits(mapFees)]).toEqual(['fees_10k_yuan', 4]);
  });
});
