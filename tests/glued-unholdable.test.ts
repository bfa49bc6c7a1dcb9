// Glued rows (digits run together) and numbers no count can be (above 2^31 − 1, the 32-bit
// column of tables 3 and 4; or a fraction). A row read the normal way sets such a number aside
// before the identities (tables.ts countOf); a glued row's split pieces took part in them, and only
// numberChecks nulled them after. So a split was chosen, a cell derived, or a short row refused,
// on the strength of a number then thrown away. Now a glued row's readings hold only numbers a
// count can be (glued.ts rowReadings `counts`), and the report says so when that left no split.
//
// Earlier (the first fix here): a cell of a glued row left empty was derived by the identities
// beyond the column and flagged source.number_unholdable on top; solve derives no such value.
import { describe, expect, it } from 'vitest';
import { parseDocument, parseReport } from '../src/format/parse.ts';
import type { Report } from '../src/format/report.ts';
import { rowReadings, unglueRows, type CountRule } from '../src/format/glued.ts';
import { placeShortRow, solve } from '../src/format/identities.ts';
import { fitsCount32 } from '../src/format/counts.ts';
import { IDENTITIES, type Identity } from '../src/format/schema.ts';
import { readFixture } from './helpers.ts';

const MAX = 2 ** 31 - 1;
const pingtan = readFixture('corpus', 'pingtan-2024.txt').toString('utf8');

/** Replace the digits after a row's label in the glued text (exactly one such row). */
function row(text: string, label: string, digits: string): string {
  const re = new RegExp(`${label.replace(/[()（）.]/g, (c) => `\\${c}`)}[\\d ,]+`, 'g');
  expect(text.match(re)?.length, label).toBe(1);
  return text.replace(re, label + digits);
}

/** The cells each check code names, as "row,col" keys of table 3. */
function cellsOf(r: Report, code: string): Set<string> {
  return new Set(r.checks.filter((c) => c.code === code).flatMap((c) => c.cells.filter((x) => x.table === 'table3').map((x) => `${x.row},${x.col}`)));
}

const rowKeys = (r: number) => Array.from({ length: 7 }, (_, c) => `${r},${c}`);

describe('a glued row whose only split needs numbers no count can be is not read, and nothing else is decided by them', () => {
  // pingtan-2024.txt (every table glued into one line), four rows changed:
  // New applications: 3000000217 | 1 | 0 | 0 | 0 | 0 | 3000000218 glued ("3000000217100003000000218");
  // carried over: 6 numbers "0 0 0 0 0 0" (placed after the glued rows); 予以公开: "1100000011",
  // no split keeps the identities; 总计: 11 numbers for 7 columns, unread.
  // Before the fix the split 3000000217 | 1 | 0 | 0 | 0 | 0 | 3000000218 was chosen because
  // 3000000217 + 1 = 3000000218, both then nulled by numberChecks, and 1, 0, 0, 0, 0 were published;
  // and the carried-over row was left empty ("no placement satisfies the identities") because
  // its 总计 column would have been forced to 3000000217 + … by that thrown-away number.
  const text = [
    ['一、本年新收政府信息公开申请数量', '3000000217100003000000218'],
    ['二、上年结转政府信息公开申请数量', '0 0 0 0 0 0'],
    ['（一）予以公开', '1100000011'],
    ['（七）总计', '2 1 7 1 0 0 0 0 2 1 8'],
  ].reduce((t, [label, digits]) => row(t, label, digits), pingtan);
  const r = parseReport(Buffer.from(text), 'glued-unholdable.txt');

  it('the new-applications row is left empty, and its check says no split into counts keeps the identities', () => {
    expect(r.table3[0]).toEqual([null, null, null, null, null, null, null]);
    const glued = cellsOf(r, 'parse.t3.glued_ambiguous');
    expect([...glued].sort()).toEqual([...rowKeys(0), ...rowKeys(2)].sort());
    const check = r.checks.find((c) => c.code === 'parse.t3.glued_ambiguous' && c.cells[0].row === 0)!;
    expect(check.message_en).toContain(`no split into counts (each at most ${MAX}) satisfies the identities`);
    expect(check.message_zh).toContain(`没有一种拆成件数（每个不超过 ${MAX}）的拆法符合勾稽关系`);
    // Nothing unholdable was read, so nothing is said to be printed as one.
    expect(r.checks.filter((c) => c.code === 'source.number_unholdable')).toEqual([]);
  });

  it('the carried-over row is placed by the identities among holdable numbers (its total derived 0)', () => {
    expect(r.table3[1]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(r.checks.some((c) => c.code === 'parse.t3.row_placed_by_identities' && c.cells[0].row === 1)).toBe(true);
    expect(r.checks.some((c) => c.code === 'parse.t3.row_unplaceable')).toBe(false);
  });

  it('no derived value is beyond the column, and every derived value is its cell\'s', () => {
    for (const d of r.derived.filter((x) => x.table === 'table3')) expect([d.row, d.col, r.table3[d.row][d.col]]).toEqual([d.row, d.col, d.value]);
    expect(r.derived.filter((d) => d.value > MAX)).toEqual([]);
    const glued = cellsOf(r, 'parse.t3.glued_ambiguous');
    expect([...cellsOf(r, 'source.number_unholdable')].filter((k) => glued.has(k))).toEqual([]);
  });
});

describe('rowReadings and unglueRows with the count rule', () => {
  const rowSum = IDENTITIES.filter((i) => i.rule === 't3.columns_sum' && i.whole[0][0] === 0);
  const sums = [{ parts: [0, 1, 2, 3, 4, 5], whole: 6 }];
  const run = '3000000217100003000000218';

  it('without it (table 2\'s rule), the split of numbers beyond the column is a reading', () => {
    expect(rowReadings([run], 7, sums)).toContainEqual([3000000217, 1, 0, 0, 0, 0, 3000000218]);
  });

  it('with it, no reading holds a number beyond the column or a fraction, and `refused` says one was not read', () => {
    const counts: CountRule = { holdable: fitsCount32 };
    const readings = rowReadings([run], 7, sums, undefined, undefined, counts)!;
    expect(readings.flat().filter((v) => v > MAX)).toEqual([]);
    expect(counts.refused).toBe(true);
    // A decimal chunk is one number (never cut): no count, so no reading.
    const decimal: CountRule = { holdable: fitsCount32 };
    expect(rowReadings(['12.5', '1', '0', '0', '0', '0', '13.5'], 7, [], undefined, undefined, decimal)).toEqual([]);
    expect(decimal.refused).toBe(true);
    // Numbers within the column: the same readings as without the rule, nothing refused (the
    // whole run, 2171000218, is no count, but no reading of 7 numbers could hold it).
    const small: CountRule = { holdable: fitsCount32 };
    expect(rowReadings(['2171000218'], 7, sums, undefined, undefined, small)).toEqual(rowReadings(['2171000218'], 7, sums));
    expect(small.refused).toBeUndefined();
  });

  it('unglueRows: the row has no split into counts (kind none, refused), where it had one without the rule', () => {
    const grid = () => Array.from({ length: 26 }, () => new Array(7).fill(null));
    expect(unglueRows(grid(), [{ row: 0, chunks: [run] }], rowSum, 7).get(0)).toEqual({ kind: 'split', values: [3000000217, 1, 0, 0, 0, 0, 3000000218], readings: 1 });
    expect(unglueRows(grid(), [{ row: 0, chunks: [run] }], rowSum, 7, fitsCount32).get(0)).toEqual({ kind: 'none', refused: true });
  });
});

describe('a short row whose placements are refused because they force a number beyond the column says so', () => {
  // shuyang-2025.txt, carried over printed as 6 numbers "5 0 0 0 0 3000000000" and the
  // 结转下年度 row taken out: every placement forces a cell (the row's total, a part, or the
  // carried-forward column) to about 3000000000, which solve does not derive. Before: "no placement
  // satisfies the identities", which is not what happened.
  let text = readFixture('corpus', 'shuyang-2025.txt').toString('utf8');
  const carried = '| 上年结转政府信息公开申请数量 | 36 | 0 | 0 | 0 | 0 | 0 | 36 |';
  const forward = '| 四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 | 31 |\n';
  expect(text).toContain(carried);
  expect(text).toContain(forward);
  text = text.replace(carried, '| 上年结转政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 3000000000 |').replace(forward, '');
  const r = parseReport(Buffer.from(text), 'short-too-large.txt');

  it('the row is left empty with a check naming the bound', () => {
    expect(r.table3[1]).toEqual([null, null, null, null, null, null, null]);
    const check = r.checks.find((c) => c.code === 'parse.t3.row_unplaceable')!;
    expect(check.message_en).toContain(`every placement makes the identities force a number beyond ${MAX} (no count)`);
    expect(check.message_zh).toContain(`每种摆法按勾稽关系推出的数都超过 ${MAX}`);
    expect(check.message_en).not.toContain('no placement satisfies the identities');
  });

  it('placeShortRow counts the placements refused for a number beyond the column', () => {
    // One row a + b = total; 3000000000 and 5 printed: (a, b) forces total 3000000005 (beyond);
    // (a, total) and (b, total) force a part 5 − 3000000000 (negative): one of three too large.
    const sum: Identity = { rule: 'test', label: { zh: '', en: '' }, table: 'table3', parts: [[0, 0], [0, 1]], whole: [[0, 2]] };
    expect(placeShortRow([[null, null, null]], [sum], 0, [3000000000, 5], 3)).toEqual({ kind: 'inconsistent', placements: 3, tooLarge: 1 });
    expect(placeShortRow([[null, null, null]], [sum], 0, [2, 5, 7], 3)).toEqual({ kind: 'placed', positions: [0, 1, 2], candidates: 1 });
  });
});

describe('solve derives no count beyond the column (the earlier fix)', () => {
  it('an identity forcing 3000000000 + 5 leaves the cell empty', () => {
    const sum: Identity = { rule: 'test', label: { zh: '', en: '' }, table: 'table3', parts: [[0, 0], [0, 1]], whole: [[0, 2]] };
    const grid = [[3000000000, 5, null]];
    expect(solve(grid, [sum])).toEqual([]);
    expect(grid[0][2]).toBeNull();
  });
});

describe('on the real reports: a derived cell holds its derived value, and no cell is both glued_ambiguous and unholdable', () => {
  for (const name of ['pingtan-2024.txt', 'pingtan-2024.html', 'pingtan-2020.txt', 'shuyang-2025.txt']) {
    it(name, async () => {
      const r = await parseDocument(readFixture('corpus', name), name);
      for (const d of r.derived.filter((x) => x.table === 'table3')) expect(r.table3[d.row][d.col]).toBe(d.value);
      const glued = cellsOf(r, 'parse.t3.glued_ambiguous');
      expect([...cellsOf(r, 'source.number_unholdable')].filter((k) => glued.has(k))).toEqual([]);
    });
  }
});
