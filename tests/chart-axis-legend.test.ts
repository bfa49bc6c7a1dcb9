// The legend's swatch is the mark it names (a dashed marker line is a dashed line, not a filled
// square), and a value axis says only what the data say: every stated value 0 is an axis of the
// one tick 0 and a sentence, and counts (whole numbers) get whole ticks, not 0.2 of a case.
// The truths are written by hand.
import { describe, expect, it } from 'vitest';
import { legendItems } from '../src/charts/legend.ts';
import { allZeroNote, valueAxis } from '../src/charts/value-axis.ts';
import type { BarsSpec, HistogramSpec } from '../src/charts/types.ts';

describe('legend swatches', () => {
  const histogram: HistogramSpec = {
    kind: 'histogram', locale: 'zh', title: '不予公开比例', x: { label: '不予公开比例', unit: '%' }, y: { label: '年报', unit: '份' },
    bins: [{ from: 0, to: 5, count: 3 }],
    markers: [{ label: '下四分位数', value: 2 }, { label: '中位数', value: 3 }, { label: '甲市人民政府', value: 4, emphasis: true }],
  };

  it('are lines for the histogram markers: dashed ink for the quartiles and the median, a solid vermillion line for the marked report', () => {
    expect(legendItems(histogram, 'h')).toEqual([
      { label: '下四分位数', swatch: 'line', stroke: '#000000', width: 1.25, dash: '4 3' },
      { label: '中位数', swatch: 'line', stroke: '#000000', width: 1.25, dash: '4 3' },
      { label: '甲市人民政府', swatch: 'line', stroke: '#D55E00', width: 2.5, dash: null },
    ]);
  });

  it('stay filled squares for categories and the hatch of too few', () => {
    const bars: BarsSpec = {
      kind: 'bars', locale: 'en', title: 't', x: { label: 'Lawsuits', unit: 'per 100 applications' }, y: { label: 'Agency', unit: '' },
      rows: [{ id: 'a', label: 'A', value: null, tooFew: true }],
    };
    expect(legendItems(bars, 'h')).toEqual([{ label: 'too few to rate', swatch: 'area', fill: 'url(#h)', stroke: '#666666' }]);
  });
});

describe('value axis', () => {
  it('every value 0: 0 at the left and the one tick 0 (not 0, 0.1, … 1)', () => {
    expect(valueAxis([0, 0, 0], 10)).toEqual({ domain: [0, 1], ticks: [0], allZero: true });
    expect(valueAxis([0], 3)).toEqual({ domain: [0, 1], ticks: [0], allZero: true });
  });

  it('whole numbers get whole ticks: one case is 0 and 1, not 0, 0.2, … 1', () => {
    expect(valueAxis([1], 10)).toEqual({ domain: [0, 1], ticks: [0, 1], allZero: false });
    expect(valueAxis([0, 3, 1], 10).ticks).toEqual([0, 1, 2, 3]);
    expect(valueAxis([2, 2], 10).ticks).toEqual([0, 1, 2]);
  });

  it('values with decimals keep the ticks between whole numbers; large counts as before', () => {
    expect(valueAxis([0.5, 0.25], 5).ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(valueAxis([344.0982, 0], 7)).toEqual({ domain: [0, 350], ticks: [0, 50, 100, 150, 200, 250, 300, 350], allZero: false });
  });

  it('a domain shared by small multiples is kept when a panel is all 0 (the note says so)', () => {
    expect(valueAxis([0, 0], 5, [0, 40])).toEqual({ domain: [0, 40], ticks: [0, 10, 20, 30, 40], allZero: true });
  });

  it('negative values reach below 0', () => {
    expect(valueAxis([-2, 3], 5).domain).toEqual([-2, 3]);
  });
});

describe('all-zero note', () => {
  const fees = (values: (number | null)[], locale: 'zh' | 'en'): BarsSpec => ({
    kind: 'bars', locale, title: 't', x: { label: locale === 'zh' ? '信息处理费' : 'Information-processing fee', unit: locale === 'zh' ? '元' : 'yuan' },
    y: { label: '机关', unit: '' }, rows: values.map((value, i) => ({ id: String(i), label: String(i), value })),
  });

  it('says every stated fee is 0, in both languages; a not-stated row does not count against it', () => {
    expect(allZeroNote(fees([0, 0, null], 'zh'))).toBe('信息处理费（元）：已说明的数值均为 0。');
    expect(allZeroNote(fees([0], 'en'))).toBe('Information-processing fee (yuan): every stated value is 0.');
  });

  it('says nothing when a value is not 0, or none is stated', () => {
    expect(allZeroNote(fees([0, 5], 'zh'))).toBeNull();
    expect(allZeroNote(fees([null, null], 'zh'))).toBeNull();
    expect(allZeroNote({ ...fees([0], 'zh'), rows: [{ id: 'a', label: 'a', value: 0, tooFew: true }] })).toBeNull();
  });
});
