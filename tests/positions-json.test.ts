// work.ts positionsJson writes the spans column by hand: it must equal what JSON.stringify wrote.
import { describe, expect, it } from 'vitest';
import { positionsJson } from '../src/build/work.ts';
import { cellsJson } from '../src/build/rows.ts';
import type { CellRef, Position } from '../src/format/report.ts';

// Three lists, the lines, the starts and the ends, one entry per slot (null in each where a slot has none).
const reference = (ps: readonly (Position | null)[]) => JSON.stringify([ps.map((p) => (p ? p.line : null)), ps.map((p) => (p ? p.start : null)), ps.map((p) => (p ? p.end : null))]);

describe('positionsJson', () => {
  it('equals JSON.stringify of [lines, starts, ends], null where unknown', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 200; n++) {
      const ps = Array.from({ length: Math.floor(rnd() * 240) }, () => (rnd() < 0.2 ? null
        : { line: Math.floor(rnd() * 5000), start: Math.floor(rnd() * 2 ** 31), end: Math.floor(rnd() * 2 ** 31) }));
      expect(positionsJson(ps)).toBe(reference(ps));
    }
  });
  it('writes the odd values as JSON does (-0, fractions, NaN, undefined slots, no slots)', () => {
    const odd = [
      [], [null], [{ line: -0, start: 0, end: -0 }], [{ line: 1, start: 2.5, end: 3 }], [{ line: NaN, start: 1, end: Infinity }],
      [undefined as unknown as null, { line: 0, start: 1, end: 2 }], [{ line: 2 ** 60, start: 1e21, end: 3 }],
    ];
    for (const ps of odd) expect(positionsJson(ps)).toBe(reference(ps));
    expect(positionsJson([{ line: -0, start: 0, end: 1 }])).toBe('[[0],[0],[1]]');
    expect(positionsJson([{ line: 3, start: 4, end: 5 }, null])).toBe('[[3,null],[4,null],[5,null]]');
  });
});

describe('cellsJson', () => {
  const reference = (cells: readonly CellRef[]) => JSON.stringify(cells.map(({ table, row, col }) => ({ table, row, col })));
  it('equals JSON.stringify of each cell as {table, row, col}', () => {
    const odd = [
      [], [{ table: 'table3', row: 0, col: 6 }], [{ table: 'table4', row: -0, col: 0 }, { table: 'table2_2019', row: 3, col: 0 }],
      [{ table: 'table3', row: 1.5, col: 0 }], [{ table: 'a"b', row: 1, col: 2 }], [{ table: 'table3', row: 1e21, col: NaN }],
      [{ table: 'table3', row: 1, col: 2, extra: 'x' } as CellRef], [{ table: 'table3' } as unknown as CellRef],
    ] as CellRef[][];
    for (const cells of odd) expect(cellsJson(cells)).toBe(reference(cells));
  });
});
