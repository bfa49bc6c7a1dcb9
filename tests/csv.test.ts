import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOM, csvFileName, neutraliseFormula, toCsv } from '../src/lib/csv.ts';
import { safeFileName } from '../src/lib/filename.ts';

const columns = [
  { key: 'name', header: '机关' },
  { key: 'value', header: '收费（万元）' },
];

describe('toCsv', () => {
  it('starts with a BOM and ends every line with CRLF', () => {
    const csv = toCsv(columns, [{ name: '湖南省人民政府', value: 1.5 }]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe('\uFEFF机关,收费（万元）\r\n湖南省人民政府,1.5\r\n');
    expect(csv.slice(1).split('\r\n')).toHaveLength(3);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes null and undefined as empty cells, never as 0', () => {
    const csv = toCsv(columns, [{ name: 'A', value: null }, { name: 'B' }, { name: 'C', value: 0 }]);
    expect(csv).toBe('\uFEFF机关,收费（万元）\r\nA,\r\nB,\r\nC,0\r\n');
  });

  it('prints a sum without its binary noise, and every other number as it is', () => {
    const sum = 1.1 + 2.2; // 3.3 in decimal
    expect(String(sum)).toBe('3.3000000000000003'); // the noise this is about
    const rows = Papa.parse<string[]>(toCsv([{ key: 'v', header: 'v' }], [
      { v: sum }, { v: 0.1 + 0.2 }, { v: 4371.64 }, { v: 123456789012 }, { v: -2.5 }, { v: 1 / 3 }, { v: 0 }, { v: 7912.049 },
    ]).slice(1)).data;
    expect(rows.slice(1, 9).map((r) => r[0])).toEqual(['3.3', '0.3', '4371.64', '123456789012', '-2.5', '0.333333333333333', '0', '7912.049']);
  });

  it('keeps negative numbers as numbers', () => {
    const csv = toCsv(columns, [{ name: 'A', value: -3.25 }]);
    expect(csv).toContain('A,-3.25\r\n');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    const rows = [
      { name: '=HYPERLINK("http://evil","x")', value: 1 },
      { name: '+1+1', value: 2 },
      { name: '-1+1', value: 3 },
      { name: '@SUM(A1)', value: 4 },
      { name: '\tcmd', value: 5 },
      { name: '\rcmd', value: 6 },
      { name: '-5', value: -5 },
    ];
    const parsed = Papa.parse<string[]>(toCsv(columns, rows).slice(1), { newline: '\r\n' }).data;
    expect(parsed.slice(1, 8).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://evil","x")`, `'+1+1`, `'-1+1`, `'@SUM(A1)`, `'\tcmd`, `'\rcmd`, `'-5`,
    ]);
    // The number -5 in the second column is still a plain number.
    expect(parsed[7][1]).toBe('-5');
  });

  it('neutralises headers too, and leaves ordinary text alone', () => {
    expect(neutraliseFormula('=1')).toBe(`'=1`);
    expect(neutraliseFormula('予以公开')).toBe('予以公开');
    expect(neutraliseFormula('a=b')).toBe('a=b');
    const csv = toCsv([{ key: 'a', header: '=cmd' }], [{ a: 'x' }]);
    expect(csv).toBe(`\uFEFF'=cmd\r\nx\r\n`);
  });

  it('quotes commas, quotes and newlines, and keeps markup as text', () => {
    const csv = toCsv(columns, [{ name: '甲,乙 "丙"\n丁', value: 1 }, { name: '<script>alert(1)</script>', value: 2 }]);
    expect(csv).toContain('"甲,乙 ""丙""\n丁",1\r\n');
    expect(csv).toContain('<script>alert(1)</script>,2\r\n');
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data;
    expect(parsed[1][0]).toBe('甲,乙 "丙"\n丁');
  });

  it('writes non-finite numbers as empty cells', () => {
    expect(toCsv(columns, [{ name: 'A', value: Number.NaN }])).toContain('A,\r\n');
  });
});

describe('csvFileName', () => {
  it('joins the filter parts and keeps Chinese', () => {
    expect(csvFileName(['年报数据', '湖南省', '2024年', '县级'])).toBe('年报数据_湖南省_2024年_县级.csv');
  });

  it('strips path separators and characters illegal on Windows', () => {
    const name = csvFileName(['年报数据', '../../etc/passwd', 'a:b*c?"d"<e>|f\\g']);
    expect(name).not.toMatch(/[\\/:*?"<>|]/);
    expect(name).toBe('年报数据_etc-passwd_a-b-c-d-e-f-g.csv');
  });

  it('drops empty parts and control characters', () => {
    expect(csvFileName(['年报数据', '', '  ', '湖南\u0000省\n'])).toBe('年报数据_湖南-省.csv');
  });

  it('never yields an empty, hidden or reserved name', () => {
    expect(csvFileName([])).toBe('data.csv');
    expect(csvFileName(['...'])).toBe('data.csv');
    expect(csvFileName(['.hidden'])).toBe('hidden.csv');
    expect(csvFileName(['CON'])).toBe('CON_.csv');
  });

  it('caps the length without splitting characters', () => {
    const name = csvFileName(['湖'.repeat(300)]);
    expect(Array.from(name)).toHaveLength(124);
    expect(name.endsWith('湖.csv')).toBe(true);
  });

  it('serves other extensions too', () => {
    expect(safeFileName(['图表', '2024年'], 'png')).toBe('图表_2024年.png');
  });
});

describe('formula injection in semicolon locales (issue 12)', () => {
  it('a formula after a ; or , separator is neutralised, and a cell holding ; is quoted', () => {
    const csv = toCsv([{ key: 'a', header: 'a' }], [{ a: ';=1+1' }, { a: 'x,@SUM(A1)' }, { a: 'a; -2' }, { a: '机关;名称' }, { a: 'plain, text' }]);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.slice(1, 6)).toEqual([`"';=1+1"`, `"'x,@SUM(A1)"`, `"'a; -2"`, `"机关;名称"`, `"plain, text"`]);
  });

  it('every OWASP formula start is neutralised; numbers stay numbers', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseFormula(`${start}1+1`)).toBe(`'${start}1+1`);
    const csv = toCsv([{ key: 'n', header: 'n' }], [{ n: -3 }]);
    expect(csv.split('\r\n')[1]).toBe('-3');
  });
});
