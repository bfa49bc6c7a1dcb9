// readCell's count and label tests are loops over character codes (src/format/numbers.ts); here
// they are held against the regular expressions they replace, written out in the test.
import { describe, expect, it } from 'vitest';
import { hasLabelChar, readCell } from '../src/format/numbers.ts';

const COUNT = /^\d{1,15}$/;
const LABEL = /[\u4e00-\u65df\u65e1-\u9fff]/;
const SAMPLES = [
  '', '0', '7', '42', '000', '123456789012345', '1234567890123456', '12a', ' 12', '12 ', '１２', '1.5', '1,234', '-3', '+3',
  '无', '无无', '无1', '行政许可', '本年新收', '一', '\u4e00', '\u9fff', '\u65df', '\u65e0', '\u65e1', '\u3400', '\ua000', '㐀', '/', '—', '-',
  '1 0 4', 'N/A', '\u00a012', '12\u200b', 'abc', '（一）', '2024年', '\ud840\udc00',
];

describe('readCell', () => {
  it('reads a count exactly where /^\\d{1,15}$/ matches, and text wherever a Han character other than 无 is', () => {
    for (const s of SAMPLES) {
      if (COUNT.test(s)) expect(readCell(s), s).toEqual({ kind: 'number', value: Number(s) });
      else if (LABEL.test(s)) expect(readCell(s).kind, s).toBe('text');
      expect(hasLabelChar(s), s).toBe(LABEL.test(s));
    }
  });

  it('reads the other shapes as before: blanks, full-width, grouped, empty', () => {
    expect(readCell('１２')).toEqual({ kind: 'number', value: 12 });
    expect(readCell('1,234')).toEqual({ kind: 'number', value: 1234 });
    expect(readCell('1234567890123456')).toEqual({ kind: 'number', value: 1234567890123456 });
    expect(readCell('—')).toEqual({ kind: 'blank', marker: '—' });
    expect(readCell('无')).toEqual({ kind: 'blank', marker: '无' });
    expect(readCell('  ')).toEqual({ kind: 'empty' });
    expect(readCell('1 0 4')).toEqual({ kind: 'text' });
  });
});
