// toHalfWidth (numbers.ts): full-width ASCII forms (U+FF01–U+FF5E) to ASCII and the ideographic
// space to a space, everything else untouched; expected strings written by hand.
import { describe, expect, it } from 'vitest';
import { toHalfWidth } from '../src/format/numbers.ts';

describe('toHalfWidth', () => {
  it('maps full-width digits, letters and punctuation and the ideographic space', () => {
    expect(toHalfWidth('１２３，４５６．７８')).toBe('123,456.78');
    expect(toHalfWidth('（一）ＡＢｃ\u3000共３８０件！～')).toBe('(一)ABc 共380件!~');
  });

  it('leaves the neighbours of the range and text without full-width forms as they are', () => {
    expect(toHalfWidth('\uff00\uff5f\uff60')).toBe('\uff00\uff5f\uff60');
    const plain = '政府信息公开 2024年 | 12 |';
    expect(toHalfWidth(plain)).toBe(plain);
    expect(toHalfWidth('')).toBe('');
    expect(toHalfWidth('１')).toBe('1');
    expect(toHalfWidth('末尾１')).toBe('末尾1');
  });
});
