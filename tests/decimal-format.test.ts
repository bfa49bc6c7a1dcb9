// src/lib/decimal-format.ts against the oracle it replaces: Intl.NumberFormat itself (node's ICU),
// for every option set the page uses, over hand-picked edge cases (halves, 9s that carry, -0,
// boundaries of 万/亿/K/M) and many pseudo-random values of every size.
import { describe, expect, it, vi } from 'vitest';
import { formatDecimal, type Lang, type Style } from '../src/lib/decimal-format.ts';
import { formatNumber as formatChartNumber, formatPercent, formatTick } from '../src/charts/numbers.ts';
import { formatNumber, formatShare } from '../src/app/i18n.ts';

const intl = (lang: Lang, digits: number, style: Style) => new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en',
  style === 'percent' ? { style: 'percent', maximumFractionDigits: digits }
    : style === 'compact' ? { notation: 'compact', maximumFractionDigits: digits }
      : { maximumFractionDigits: digits, minimumFractionDigits: 0 });

const EDGES = [
  0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.05, 0.005, 1.005, 2.675, 1.045, 0.125, 0.0145, 0.285, 0.9995, 0.99995, 9.995, 99.95, 999.95,
  999.5, 9999.5, 1234.5678, 12345.6789, 0.1 + 0.2, 1 / 3, 2 / 3, 344.0982, 4068.208, 1e-7, 1.5e-7, -1e-9, 123456789.987654321,
  9999, 10000, 12345, 99949, 99950, 99999, 99995, 100000, 999949, 999950, 999999, 9999950, 99995000, 99999999, 99999999.5,
  123456789, 999949999, 999950000, 1e9, 1e12, 999949999999, 999999999999, 1e13, 1e14, 1e15, 1e16, 1e21, 1.5e21, 1e22, -12345, -99999999,
  Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308,
];

/** Deterministic values of every size: a mantissa of up to 9 digits times 10^-8 … 10^14, some negative. */
function values(n: number): number[] {
  let s = 12345;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const digits = 1 + Math.floor(next() * 9);
    const mantissa = Math.floor(next() * 10 ** digits);
    const exp = Math.floor(next() * 23) - 8;
    const v = mantissa * 10 ** exp;
    out.push(next() < 0.2 ? -v : v);
    // Halves at the rounding digit: x.5, x.05, x.005 …
    out.push(Math.floor(next() * 10000) + 5 / 10 ** (1 + Math.floor(next() * 4)));
  }
  return out;
}

const CASES: [Style, number[]][] = [['decimal', [0, 1, 2, 4]], ['percent', [0, 1]], ['compact', [1]]];

describe('formatDecimal', () => {
  for (const lang of ['zh', 'en'] as const) {
    for (const [style, digitsList] of CASES) {
      for (const digits of digitsList) {
        it(`equals Intl.NumberFormat (${lang}, ${style}, ${digits} fraction digits)`, () => {
          const f = intl(lang, digits, style);
          const list = [...EDGES, ...values(3000), ...(style === 'percent' ? values(2000).map((v) => v / 1e6) : [])];
          const wrong = list.filter((v) => formatDecimal(v, lang, digits, style) !== f.format(v))
            .map((v) => `${v}: ${formatDecimal(v, lang, digits, style)} ≠ ${f.format(v)}`);
          expect(wrong.slice(0, 10)).toEqual([]);
        });
      }
    }
  }
  it('states a few by hand', () => {
    expect(formatDecimal(1234567.5, 'zh', 0)).toBe('1,234,568');
    expect(formatDecimal(1.005, 'en', 2)).toBe('1.01');
    expect(formatDecimal(-0, 'en', 0)).toBe('-0');
    expect(formatDecimal(0.0145, 'zh', 1, 'percent')).toBe('1.5%');
    expect(formatDecimal(99999999, 'zh', 1, 'compact')).toBe('1亿');
    expect(formatDecimal(99995000, 'zh', 1, 'compact')).toBe('9999.5万');
    expect(formatDecimal(999949, 'en', 1, 'compact')).toBe('999.9K');
  });
});

describe('the page formats numbers without Intl', () => {
  it('makes no Intl.NumberFormat (its first one costs a cold page 60–120 ms) and says what Intl would', () => {
    const made = vi.spyOn(Intl, 'NumberFormat');
    const got = [
      formatNumber('zh', 1234567), formatNumber('en', 12.345, 1), formatShare('zh', 0.2857), formatShare('en', null),
      formatChartNumber(4068.2081, 'zh', 4), formatPercent(33.35, 'en'), formatTick(123456, 'zh'), formatTick(123456, 'en'), formatTick(9999.5, 'en'),
    ];
    made.mockRestore();
    expect(made).not.toHaveBeenCalled();
    expect(got).toEqual(['1,234,567', '12.3', '28.6%', 'not stated', '4,068.2081', '33.4', '12.3万', '123.5K', '9,999.5']);
  });
});
