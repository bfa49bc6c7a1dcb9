// Can a cell of a glued row left empty (parse.t3.glued_ambiguous) be derived later by the
// identities and then flagged source.number_unholdable on top? It could: the row's readings are
// tried before the rows printed short are placed (tables.ts fullTable3: applyUnglued, then
// completeGrid), so a short row placed afterwards can complete an identity that forces the empty
// cell; and a glued run's pieces are not held to the 32-bit column, so the forced value could
// exceed it. numberChecks then said the cell was "printed as" a number the report never printed,
// and nulled it while `derived` still listed the value. Fixed in identities.ts solve: a value no
// count can be (above 2^31 − 1) is not derived, as a negative or fractional one is not.
import { describe, expect, it } from 'vitest';
import { parseDocument, parseReport } from '../src/format/parse.ts';
import type { Report } from '../src/format/report.ts';
import { readFixture } from './helpers.ts';

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

describe('a glued row left empty is never flagged as printing a number it does not print', () => {
  // New applications: 3000000217 | 1 | 0 | 0 | 0 | 0 | 3000000218, glued (pieces beyond the column);
  // carried over: printed short (6 numbers, placed after the glued rows); 予以公开: "1100000011",
  // no split keeps the identities; 总计: 11 numbers for 7 columns, unread. Before the fix, placing
  // the short row let the identities force 予以公开·自然人 = 3000000071 and 总计 = 3000000217 / …218.
  const text = [
    ['一、本年新收政府信息公开申请数量', '3000000217100003000000218'],
    ['二、上年结转政府信息公开申请数量', '0 0 0 0 0 0'],
    ['（一）予以公开', '1100000011'],
    ['（七）总计', '2 1 7 1 0 0 0 0 2 1 8'],
  ].reduce((t, [label, digits]) => row(t, label, digits), pingtan);
  const r = parseReport(Buffer.from(text), 'glued-unholdable.txt');

  it('the glued row is left empty with glued_ambiguous, and nothing else is said of its cells', () => {
    const glued = cellsOf(r, 'parse.t3.glued_ambiguous');
    expect([...glued].sort()).toEqual(['2,0', '2,1', '2,2', '2,3', '2,4', '2,5', '2,6']);
    expect(r.table3[2]).toEqual([null, null, null, null, null, null, null]);
    const unholdable = cellsOf(r, 'source.number_unholdable');
    expect([...unholdable].filter((k) => glued.has(k))).toEqual([]);
  });

  it('source.number_unholdable names only numbers the text prints (the glued pieces), and every derived value is its cell\'s', () => {
    const quoted = r.checks.filter((c) => c.code === 'source.number_unholdable').map((c) => /printed as "([^"]+)"/.exec(c.message_en)![1]);
    expect(quoted).toEqual(['3000000217', '3000000218']);
    // Each a piece of the glued run the text prints (3000000217 | 1 | 0000 | 3000000218).
    for (const q of quoted) expect('3000000217100003000000218').toContain(q);
    for (const d of r.derived.filter((x) => x.table === 'table3')) expect([d.row, d.col, r.table3[d.row][d.col]]).toEqual([d.row, d.col, d.value]);
    // No derived count is beyond the column.
    expect(r.derived.filter((d) => d.value > 2 ** 31 - 1)).toEqual([]);
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
