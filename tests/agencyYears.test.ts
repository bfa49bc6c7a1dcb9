// The agency page's years (src/views/agencyYears.ts) on hand-made rows: one report per year
// (superseded copies apart), values or why there is none, changes from the last year that had one.
import { describe, expect, it } from 'vitest';
import type { SeriesRow } from '../src/db/agencies.ts';
import { restsOnSample } from '../src/db/distribution.ts';
import { agencyYears, measureLines } from '../src/views/agencyYears.ts';

const row = (over: Partial<SeriesRow>): SeriesRow => ({
  report_id: 'r', file: 'f', agency: 'a', year: 2021, template: '2021', status: 'ok', superseded_by: null,
  new_applications: 10, handled: 10,
  v_share_granted: 50, n_share_granted: 10, r_share_granted: true,
  v_fees_10k_yuan: 1.5, n_fees_10k_yuan: null, r_fees_10k_yuan: true,
  ...over,
});

describe('agencyYears', () => {
  const rows = [
    row({ report_id: 'a20', year: 2020, template: '2019', handled: 4, v_share_granted: 25, r_share_granted: false, v_fees_10k_yuan: null, r_fees_10k_yuan: false }),
    row({ report_id: 'a21', year: 2021, handled: 20, v_share_granted: 40 }),
    row({ report_id: 'a21b', year: 2021, superseded_by: 'a21', handled: 99 }),
    row({ report_id: 'a22', year: 2022, handled: null, v_share_granted: null, r_share_granted: false }),
    row({ report_id: 'a23', year: 2023, handled: 30, v_share_granted: 55.5, v_fees_10k_yuan: 2 }),
    row({ report_id: 'x', year: null }),
  ];
  // A year with no application handled (stated 0): its shares are null in SQL, and too few to rate, not "not stated".
  const zero = agencyYears([
    row({ report_id: 'z24', year: 2024, new_applications: 0, handled: 0, v_share_granted: null, n_share_granted: 0, r_share_granted: false }),
    row({ report_id: 'z25', year: 2025, handled: 12, v_share_granted: null, n_share_granted: null, r_share_granted: false }),
  ]);
  const years = agencyYears(rows);

  it('keeps one report per year and lists the superseded copies apart', () => {
    expect(years.map((y) => [y.year, y.report.report_id, y.superseded.map((s) => s.report_id), y.oldTemplate])).toEqual([
      [2020, 'a20', [], true], [2021, 'a21', ['a21b'], false], [2022, 'a22', [], false], [2023, 'a23', [], false],
    ]);
  });

  it('gives values, too few, not stated and not comparable, and changes from the last year with a value', () => {
    const lines = new Map(measureLines(years).map((l) => [l.key, l.cells]));
    expect(lines.get('handled')).toEqual([
      { state: 'value', value: 4, change: null, from: null },
      { state: 'value', value: 20, change: 16, from: 2020 },
      { state: 'not_stated', value: null, change: null, from: null },
      { state: 'value', value: 30, change: 10, from: 2021 },
    ]);
    expect(lines.get('share_granted')!.map((c) => [c.state, c.value, c.change, c.from])).toEqual([
      ['too_few', null, null, null], ['value', 40, null, null], ['not_stated', null, null, null], ['value', 55.5, 15.5, 2021],
    ]);
    // 行政事业性收费 is not in the 2019 template.
    expect(lines.get('fees_10k_yuan')!.map((c) => [c.state, c.value, c.change])).toEqual([
      ['not_comparable', null, null], ['value', 1.5, null], ['value', 1.5, 0], ['value', 2, 0.5],
    ]);
  });

  it('calls a rate over a stated sample of 0 too few to rate, and a rate whose sample is not stated not stated', () => {
    const lines = new Map(measureLines(zero).map((l) => [l.key, l.cells]));
    expect(lines.get('handled')!.map((c) => [c.state, c.value])).toEqual([['value', 0], ['value', 12]]);
    expect(lines.get('share_granted')!.map((c) => c.state)).toEqual(['too_few', 'not_stated']);
  });

  it('says which lines rest on a sample (their charts state the minimum): shares and rates, not counts or amounts', () => {
    const keys = measureLines([]).map((l) => l.key);
    expect(keys.filter(restsOnSample).length).toBeGreaterThan(2);
    expect(keys.filter(restsOnSample).sort()).toEqual(keys.filter((k) => k.startsWith('share_') || k.endsWith('_per_100') || k === 'corrected_share').sort());
    expect(['new_applications', 'handled', 'fees_10k_yuan', 'processing_fee_yuan', 'no_such_key'].map(restsOnSample)).toEqual([false, false, false, false, false]);
  });
});
