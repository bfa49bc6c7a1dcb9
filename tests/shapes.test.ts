// The same report in every shape the samples show (and a few more that PDF and web copies
// produce) gives the same numbers: the reading does not depend on the layout.
import { describe, expect, it } from 'vitest';
import { parseText, seedText } from './helpers.ts';

const cells = (line: string) => line.split('|').map((c) => c.trim()).filter(Boolean);
const isNumber = (c: string) => /^\d+(\.\d+)?$/.test(c);
const table = (line: string) => line.includes('|');

const SHAPES: Record<string, (text: string) => string> = {
  'tab-separated, labels on their own line': (text) => text.split('\n').map((l) => {
    if (!table(l)) return l;
    const words = cells(l).filter((c) => !isNumber(c));
    const numbers = cells(l).filter(isNumber);
    return (words.length ? `${words.join('\t')}\n` : '') + numbers.join('\t');
  }).join('\n'),
  'space-separated PDF text': (text) => text.split('\n').map((l) => (table(l) ? cells(l).join(' ') : l)).join('\n'),
  'one cell per line': (text) => text.split('\n').map((l) => (table(l) ? cells(l).join('\n') : l)).join('\n'),
  'full-width digits': (text) => text.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
  'Windows line ends': (text) => text.replace(/\n/g, '\r\n'),
  'markdown table': (text) => text.split('\n').map((l) => (table(l) && cells(l).length > 1 ? `| ${cells(l).join(' | ')} |` : l)).join('\n'),
};

describe.each(['000_91b38fa976f5289e.txt', '004_55d435d651c286e9.txt'])('%s in other shapes', (name) => {
  const text = seedText(name);
  const original = parseText(text);

  it.each(Object.keys(SHAPES))('%s', (shape) => {
    const r = parseText(SHAPES[shape](text));
    expect(r.table2).toEqual(original.table2);
    expect(r.table3).toEqual(original.table3);
    expect(r.table4).toEqual(original.table4);
    expect([r.agency, r.year, r.region_code]).toEqual([original.agency, original.year, original.region_code]);
    expect(r.derived).toEqual([]);
    expect(r.status).toBe('ok');
  });
});
