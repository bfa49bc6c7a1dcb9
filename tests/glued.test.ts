// Digits glued together (web text that lost its cell boundaries): the identities allow one
// split, which is used and flagged; where they allow more, the cells stay null and say so.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/format/parse.ts';
import { compositions, rowReadings, unglueRows } from '../src/format/glued.ts';
import { IDENTITIES } from '../src/format/schema.ts';
import { readFixture } from './helpers.ts';

const truth = JSON.parse(readFixture('corpus', 'truth', 'pingtan-2024-txt.json').toString('utf8'));
const text = parseReport(readFixture('corpus', 'pingtan-2024.txt'), 'pingtan-2024.txt');
const html = parseReport(readFixture('corpus', 'pingtan-2024.html'), 'pingtan-2024.html');

describe('pingtan-2024.txt (every table glued into one line)', () => {
  it('splits table 3 and table 4 exactly as the truth file, by the identities', () => {
    expect(text.table3).toEqual(truth.table3);
    expect(text.table4).toEqual(truth.table4);
    const split = text.checks.filter((c) => c.code === 'parse.t3.split_by_identities');
    expect(split.length).toBeGreaterThan(20);
    expect(split[0].message_en).toContain('21710000218');
    expect(text.checks.map((c) => c.code)).toContain('parse.t4.split_by_identities');
  });

  it('reads table 2 where only one split exists; of the ambiguous row, only what the narrative states, saying so', () => {
    // "6233440" splits many ways; the text states "本年度制发行政规范性文件62件", which fixes the first
    // number only (33440 still splits as 3/3440, 33/440, 334/40, 3344/0).
    expect(text.table2).toEqual({ ...truth.table2, normative_documents: [62, null, null] });
    expect(truth.table2.normative_documents[0]).toBe(62);
    const ambiguous = text.checks.find((c) => c.code === 'parse.t2.glued_ambiguous');
    expect(ambiguous?.message_en).toContain('6233440');
    expect(ambiguous?.severity).toBe('warning');
    expect(ambiguous?.cells.map((c) => c.row)).toEqual([4, 5]);
    const derived = text.derived.filter((d) => d.table === 'table2');
    expect(derived).toEqual([expect.objectContaining({ row: 3, value: 62, rule: 'narrative.stated' })]);
    expect(derived[0].note).toContain('制发行政规范性文件62件');
  });

  it('gives the same tables as the HTML page of the same report', () => {
    expect(text.table3).toEqual(html.table3);
    expect(text.table4).toEqual(html.table4);
    expect({ ...text.table2, normative_documents: null }).toEqual({ ...html.table2, normative_documents: null });
    expect([text.agency, text.year, text.region_code, text.processing_fee_yuan]).toEqual([html.agency, html.year, html.region_code, html.processing_fee_yuan]);
    expect(text.agency).toBe(truth.agency);
  });

  it('has no error, and no derived cell but the one the narrative states', () => {
    expect(text.checks.filter((c) => c.severity === 'error')).toEqual([]);
    expect(text.derived.map((d) => [d.table, d.rule])).toEqual([['table2', 'narrative.stated']]);
  });
});

describe('splitting', () => {
  it('cuts a run of digits every way, never with a leading zero', () => {
    expect(compositions('000', 3)).toEqual([[0, 0, 0]]);
    expect(compositions('1023', 2)).toEqual([[10, 23], [102, 3]]);
    expect(compositions('18651.06', 1)).toEqual([[18651.06]]);
    expect(compositions('18651.06', 2)).toEqual([]);
  });

  it('keeps only the readings of a row whose columns add up to its total', () => {
    const rowSum = IDENTITIES.filter((i) => i.rule === 't3.columns_sum' && i.whole[0][0] === 0);
    const grid = Array.from({ length: 26 }, () => new Array(7).fill(null));
    const readings = rowReadings(['21710000218'], 7)!;
    expect(readings.length).toBeGreaterThan(1);
    const result = unglueRows(grid, [{ row: 0, chunks: ['21710000218'] }], rowSum, 7);
    expect(result.get(0)).toEqual({ kind: 'split', values: [217, 1, 0, 0, 0, 0, 218], readings: 1 });
  });

  it('leaves a row null when more than one reading satisfies every identity', () => {
    // "000011011" is 0,0,0,0,1,10,11 or 0,0,0,0,11,0,11: both add up
    const rowSum = IDENTITIES.filter((i) => i.rule === 't3.columns_sum' && i.whole[0][0] === 0);
    const grid = Array.from({ length: 26 }, () => new Array(7).fill(null));
    const result = unglueRows(grid, [{ row: 0, chunks: ['000011011'] }], rowSum, 7);
    // The two agree on the four leading zeros and the total 11; they disagree on 1|10 against 11|0.
    expect(result.get(0)).toEqual({ kind: 'ambiguous', readings: 2, agreed: [0, 0, 0, 0, null, null, 11] });
  });

  it('gives up quickly on a run too long to split', () => {
    const started = performance.now();
    const grid = Array.from({ length: 26 }, () => new Array(7).fill(null));
    const result = unglueRows(grid, [{ row: 0, chunks: ['1234567890'.repeat(8)] }], IDENTITIES.filter((i) => i.table === 'table3' && !i.layout), 7);
    expect(['too_many', 'none', 'ambiguous']).toContain(result.get(0)?.kind);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('a report whose own numbers disagree', () => {
  const t3 = IDENTITIES.filter((i) => i.table === 'table3' && !i.layout);

  it('still splits a glued row when an identity it does not touch is broken by printed numbers', () => {
    // The truth's table 3, with row 12's total misprinted 76 (its row adds up to 75; column 7's
    // outcomes to 219 against 218): broken whatever row 0's split. Row 0 still has one split
    // keeping its own sum and the carry-over (217 + 0 = 217 + 0, …).
    const grid: (number | null)[][] = truth.table3.map((r: number[]) => [...r]);
    grid[12][6] = 76;
    grid[0] = new Array(7).fill(null);
    expect(unglueRows(grid, [{ row: 0, chunks: ['21710000218'] }], t3, 7).get(0)).toEqual({ kind: 'split', values: [217, 1, 0, 0, 0, 0, 218], readings: 1 });
  });

  it('reads every glued row by its own sums when no joint split keeps every identity, flagged, and reports the broken identity', () => {
    // One glued row misprinted: 不掌握相关政府信息 "750000075" → "760000076". No split of the
    // rows together keeps the outcome sums; each row alone still has exactly one split.
    const typo = readFixture('corpus', 'pingtan-2024.txt').toString('utf8').replace('本机关不掌握相关政府信息750000075', '本机关不掌握相关政府信息760000076');
    expect(typo).toContain('760000076');
    const report = parseReport(Buffer.from(typo), 'pingtan-2024-typo.txt');
    const expected = truth.table3.map((r: number[]) => [...r]);
    expected[12] = [76, 0, 0, 0, 0, 0, 76];
    expect(report.table3).toEqual(expected);
    // The outcome rows of the truth's first column add up to 217 (its total handled); +1 → 218. Column 7: 218 → 219.
    const broken = report.checks.filter((c) => c.code === 'source.t3.outcomes_sum').map((c) => c.message_en);
    expect(broken).toHaveLength(2);
    expect(broken[0]).toContain('(218 ≠ 217)');
    expect(broken[1]).toContain('(219 ≠ 218)');
    const splits = report.checks.filter((c) => c.code === 'parse.t3.split_by_identities');
    expect(splits).toHaveLength(25);
    expect(splits.every((c) => c.severity === 'warning' && c.message_en.includes('no split of the rows together keeps every identity'))).toBe(true);
    expect(report.status).toBe('partial');
  });
});
