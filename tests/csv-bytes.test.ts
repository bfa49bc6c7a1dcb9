// build/csv-bytes.ts writes a report's staged lines as bytes: they must be the bytes of staged.ts
// csvLine over the same values (the JSON raws and positions as the strings work.ts made before).
import { describe, expect, it } from 'vitest';
import { CsvBytes } from '../src/build/csv-bytes.ts';
import { csvLine, type StagedValue } from '../src/build/staged.ts';
import { positionsJson } from '../src/build/work.ts';
import type { Position } from '../src/format/report.ts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const expected = (line: string) => Buffer.from(line, 'utf8').toString('latin1');

// Every awkward value a field may hold (staged.test.ts's, and more numbers).
const values: StagedValue[] = [
  '', null, undefined, 'a"b,c\nd\r\ne""', 'nul\u0000byte', '\\N', '中文 “引号”\t，', 'NULL', 'lone \ud800 surrogate', '😀"', 'café © "x" ß', '"'.repeat(300), 'é'.repeat(257),
  // Either side of the length from which Buffer.write encodes (csv-bytes.ts SHORT_NATIVE).
  '"'.repeat(15), '"'.repeat(16), '中"'.repeat(8), 'a,"b"\n中文😀 and more text', '机关名称“县府办”是简称，未写地名', 'x'.repeat(15) + '\ud800',
  0, -0, 1, -1, 0.1, 0.30000000000000004, -2147483648, 2147483647, 1e21, 5e-324, 1.7976931348623157e308, 123456789012345, 1e15, -1e15,
  999999999999999, NaN, Infinity, -Infinity, 0n, -9223372036854775808n, 9223372036854775807n,
];

describe('CsvBytes', () => {
  it('writes each value as csvLine does', () => {
    const out = new CsvBytes();
    for (const v of values) {
      out.reset();
      out.value(v);
      out.end();
      expect(text(out.bytes()), String(v)).toBe(expected(csvLine([v])));
    }
    out.reset();
    for (const v of values) out.value(v);
    out.end();
    expect(text(out.bytes())).toBe(expected(csvLine(values)));
  });

  it('writes raws as csvLine(JSON.stringify(raws)) and positions as csvLine(positionsJson(positions))', () => {
    const raws = [null, '12', '', '1,234', '"', '\\', '\u0001', '中', '\udc00x', '\ud83d\ude00', '-3', null];
    const positions: (Position | null)[][] = [
      [], [null], [{ line: -0, start: 0, end: -0 }], [{ line: 1, start: 2.5, end: 3 }], [{ line: NaN, start: 1, end: Infinity }],
      [undefined as unknown as null, { line: 0, start: 1, end: 2 }], [{ line: 2 ** 60, start: 1e21, end: 3 }],
      [{ line: 12, start: 345, end: 6789 }, null, { line: 1, start: 1e15 - 1, end: 1e15 }],
    ];
    const out = new CsvBytes();
    for (const p of positions) {
      out.reset();
      out.value('k');
      out.raws(raws);
      out.positions(p, positionsJson);
      out.value(7);
      out.end();
      expect(text(out.bytes())).toBe(expected(csvLine(['k', JSON.stringify(raws), positionsJson(p), 7])));
    }
  });

  it('grows past its first buffer and keeps earlier lines', () => {
    const out = new CsvBytes();
    const long = '长'.repeat(50_000);
    out.value('a"');
    out.end();
    const first = out.length;
    out.value(long);
    out.raws([long, '"'.repeat(30_000)]);
    out.end();
    expect(text(out.bytes().subarray(0, first))).toBe(expected(csvLine(['a"'])));
    expect(text(out.bytes(first))).toBe(expected(csvLine([long, JSON.stringify([long, '"'.repeat(30_000)])])));
  });
});

describe('CsvBytes.positionsText', () => {
  it('is positionsJson, and leaves the line being written as it was', () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const out = new CsvBytes();
    out.value('a');
    const odd: (Position | null)[][] = [[], [null], [{ line: -0, start: 0, end: -0 }], [{ line: 1, start: 2.5, end: 3 }], [{ line: 2 ** 60, start: 1e21, end: 3 }]];
    for (let n = 0; n < 300; n++) {
      const ps = n < odd.length ? odd[n] : Array.from({ length: Math.floor(rnd() * 240) }, () => (rnd() < 0.2 ? null
        : { line: Math.floor(rnd() * 5000), start: Math.floor(rnd() * 2 ** 31), end: Math.floor(rnd() * 2 ** 31) }));
      expect(out.positionsText(ps, positionsJson)).toBe(positionsJson(ps));
    }
    out.value('b');
    out.end();
    expect(text(out.bytes())).toBe(expected(csvLine(['a', 'b'])));
  });
});
