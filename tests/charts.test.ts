import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { describeBar, describePoint, describeRow, describeSegment } from '../src/charts/describe.ts';
import { chartCsv, chartTable, displayCell, tableRowSpecs, PALETTE, resolveScale, rowShares, spansOrders } from '../src/charts/index.ts';
import { nextMark } from '../src/charts/keyboard.ts';
import { formatNumber, formatPercent, formatTick, WAN_YUAN_DIGITS } from '../src/charts/numbers.ts';
import { categoryColor } from '../src/charts/palette.ts';
import { symlogTicks } from '../src/charts/scales.ts';
import { textWidth, truncate, truncateKeepingSuffix, wrapText } from '../src/charts/text.ts';
import { labelColumnWidth, rowLabel, rowLabels, rowTitles } from '../src/charts/draw-rows.ts';
import { binEdgeDigits, binEdgeTick, binLabel } from '../src/charts/draw-histogram.ts';
import { FONT_SIZE, PAD, TITLE_LINES, titleLines } from '../src/charts/svg.ts';
import type { BarsSpec, HistogramSpec, ScatterSpec, StackedBar100Spec } from '../src/charts/types.ts';
import { axisTitle, withUnit } from '../src/charts/words.ts';
import { MEASURES } from '../src/db/distribution.ts';
import { MAP_MEASURES } from '../src/db/province-map.ts';

const categories = [
  { key: 'granted', label: '予以公开' },
  { key: 'partly', label: '部分公开' },
  { key: 'refused', label: '不予公开' },
];

function stacked(overrides: Partial<StackedBar100Spec> = {}): StackedBar100Spec {
  return {
    kind: 'stackedBar100', title: '办理结果', locale: 'zh', categories, countUnit: '件',
    x: { label: '占比', unit: '%' }, y: { label: '机关', unit: '份年报' },
    rows: [
      { id: 'a', label: '甲市人民政府', counts: { granted: 6, partly: 3, refused: 1 } },
      { id: 'b', label: '<script>alert(1)</script>局', counts: { granted: 2, partly: null, refused: 2 } },
      { id: 'c', label: '丙县', counts: { granted: null, partly: null, refused: null } },
      { id: 'd', label: '丁县', counts: { granted: 1, partly: 0, refused: 1 }, tooFew: true },
    ],
    ...overrides,
  };
}

describe('PALETTE', () => {
  it('is Okabe–Ito without black, used in order and cycled', () => {
    expect(PALETTE).toEqual(['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7']);
    expect(categoryColor(0)).toBe('#E69F00');
    expect(categoryColor(7)).toBe('#E69F00');
  });
});

describe('rowShares', () => {
  it('computes shares from counts over the row sum', () => {
    const s = rowShares({ granted: 6, partly: 3, refused: 1 }, categories);
    expect(s.status).toBe('ok');
    expect(s.sum).toBe(10);
    expect(s.segments.map((g) => g.fraction)).toEqual([0.6, 0.3, 0.1]);
    expect(s.segments.map((g) => g.percent)).toEqual([60, 30, 10]);
    expect(s.segments.map((g) => g.start)).toEqual([0, 0.6, 0.8999999999999999]);
  });

  it('rounds shown percentages to one decimal but draws exact fractions', () => {
    const s = rowShares({ granted: 1, partly: 1, refused: 1 }, categories);
    expect(s.segments.map((g) => g.percent)).toEqual([33.3, 33.3, 33.3]);
    expect(s.segments.reduce((t, g) => t + g.fraction, 0)).toBeCloseTo(1, 12);
  });

  it('leaves out null categories instead of counting them as 0', () => {
    const s = rowShares({ granted: 2, partly: null, refused: 2 }, categories);
    expect(s.status).toBe('partly');
    expect(s.notStated).toEqual(['partly']);
    expect(s.segments.map((g) => [g.key, g.percent])).toEqual([['granted', 50], ['refused', 50]]);
  });

  it('says not stated when nothing is stated, and empty when everything is 0', () => {
    expect(rowShares({ granted: null, partly: null, refused: null }, categories).status).toBe('notStated');
    expect(rowShares({}, categories).status).toBe('notStated');
    const zero = rowShares({ granted: 0, partly: 0, refused: 0 }, categories);
    expect(zero.status).toBe('empty');
    expect(zero.segments.every((g) => g.fraction === 0)).toBe(true);
  });

  it('treats negative and non-finite counts as not stated', () => {
    const s = rowShares({ granted: -1, partly: Number.NaN, refused: 4 }, categories);
    expect(s.notStated).toEqual(['granted', 'partly']);
    expect(s.segments[0].percent).toBe(100);
  });
});

describe('chartTable: stackedBar100', () => {
  it('has a count and a share column per category, a total and a note', () => {
    const table = chartTable(stacked());
    expect(table.columns.map((c) => c.header)).toEqual([
      '机关', '予以公开（件）', '予以公开占比（%）', '部分公开（件）', '部分公开占比（%）',
      '不予公开（件）', '不予公开占比（%）', '合计（件）', '备注',
    ]);
    expect(table.rows[0]).toEqual(['甲市人民政府', 6, 60, 3, 30, 1, 10, 10, null]);
  });

  it('keeps not-stated cells null and says so in the note', () => {
    const table = chartTable(stacked());
    expect(table.rows[1]).toEqual(['<script>alert(1)</script>局', 2, 50, null, null, 2, 50, 4, '未说明：部分公开']);
    expect(table.rows[2]).toEqual(['丙县', null, null, null, null, null, null, null, '未说明']);
    expect(displayCell(table, 1, 3, 'zh')).toBe('未说明');
    expect(displayCell(table, 2, 7, 'zh')).toBe('未说明');
  });

  it('shows counts but no shares for a row with too few cases', () => {
    const table = chartTable(stacked());
    expect(table.rows[3]).toEqual(['丁县', 1, null, 0, null, 1, null, 2, '样本过少']);
    expect(table.tooFew).toEqual([false, false, false, true]);
    expect(displayCell(table, 3, 2, 'zh')).toBe('样本过少');
    expect(displayCell(table, 3, 1, 'zh')).toBe('1');
  });

  it('puts the total bar first', () => {
    const total = { id: 'all', label: '全部筛选年报', counts: { granted: 900, partly: 50, refused: 50 } };
    const table = chartTable(stacked({ total }));
    expect(table.rows).toHaveLength(5);
    expect(table.rows[0]).toEqual(['全部筛选年报', 900, 90, 50, 5, 50, 5, 1000, null]);
  });

  it('uses English words and headers for locale en', () => {
    const spec = stacked({ locale: 'en', y: { label: 'Agency', unit: 'reports' }, countUnit: 'applications' });
    const table = chartTable(spec);
    expect(table.columns[1].header).toBe('予以公开 (applications)');
    expect(table.columns[2].header).toBe('予以公开 share (%)');
    expect(table.rows[2][8]).toBe('not stated');
    expect(displayCell(table, 3, 2, 'en')).toBe('too few to rate');
  });

  it('formats displayed numbers by locale', () => {
    const spec = stacked({ rows: [{ id: 'x', label: 'X', counts: { granted: 12345, partly: 0, refused: 0 } }] });
    const table = chartTable(spec);
    expect(displayCell(table, 0, 1, 'zh')).toBe('12,345');
    expect(displayCell(table, 0, 2, 'zh')).toBe('100');
  });
});

describe('tableRowSpecs: the visible table body, made as DOM nodes', () => {
  it('describes each row as ChartFrame showed it cell by cell, the text as it is (never HTML)', () => {
    const rows = tableRowSpecs(chartTable(stacked()), 'zh');
    expect(rows).toHaveLength(4);
    const num = (text: string) => ({ text, className: 'num' });
    const gap = (text: string) => ({ text, className: 'num missing' });
    expect(rows[0].cells).toEqual([{ header: true, text: '甲市人民政府' }, num('6'), num('60'), num('3'), num('30'), num('1'), num('10'), num('10'), { text: '', className: 'missing' }]);
    expect(rows[1].cells).toEqual([{ header: true, text: '<script>alert(1)</script>局' }, num('2'), num('50'), gap('未说明'), gap('未说明'), num('2'), num('50'), num('4'), { text: '未说明：部分公开' }]);
    expect(rows[3].cells).toEqual([{ header: true, text: '丁县' }, num('1'), gap('样本过少'), num('0'), gap('样本过少'), num('1'), gap('样本过少'), num('2'), { text: '样本过少' }]);
  });
});

describe('chartTable: bars', () => {
  const bars: BarsSpec = {
    kind: 'bars', title: '行政事业性收费', locale: 'zh',
    x: { label: '收费金额', unit: '万元' }, y: { label: '机关', unit: '份年报' },
    rows: [
      { id: 'a', label: '甲', value: 12.5 },
      { id: 'b', label: '乙', value: null },
      { id: 'c', label: '丙', value: 0 },
      { id: 'd', label: '丁', value: 80, tooFew: true },
    ],
  };

  it('keeps 0 as 0 and null as not stated', () => {
    const table = chartTable(bars);
    expect(table.columns.map((c) => c.header)).toEqual(['机关', '收费金额（万元）', '备注']);
    expect(table.rows).toEqual([
      ['甲', 12.5, null],
      ['乙', null, '未说明'],
      ['丙', 0, null],
      ['丁', null, '样本过少'],
    ]);
    expect(displayCell(table, 1, 1, 'zh')).toBe('未说明');
    expect(displayCell(table, 2, 1, 'zh')).toBe('0');
  });

  it('does not leak the value of a too-few row into the table or CSV', () => {
    expect(chartCsv(bars)).not.toContain('80');
  });

  it('a median withheld over too few reports: its cell the dash marked 年报过少, its CSV cell empty (not 0), the note why', () => {
    const table = chartTable({ ...bars, tooFewWords: '年报过少' });
    expect(displayCell(table, 3, 1, 'zh')).toBe('—（年报过少）');
    expect(displayCell(table, 3, 2, 'zh')).toBe('年报过少');
    expect(displayCell(chartTable({ ...bars, locale: 'en', tooFewWords: 'too few reports' }), 3, 1, 'en')).toBe('— (too few reports)');
    const last = chartCsv({ ...bars, tooFewWords: '年报过少' }).trim().split(/\r?\n/).at(-1);
    expect(last).toBe('丁,,年报过少');
  });

  it('describes each bar with its unit, or why there is none', () => {
    expect(describeBar(bars, bars.rows[0])).toEqual(['甲', '收费金额：12.5万元']);
    expect(describeBar(bars, bars.rows[1])).toEqual(['乙', '收费金额：未说明']);
    expect(describeBar(bars, bars.rows[3])).toEqual(['丁', '样本过少']);
    expect(describeBar({ ...bars, locale: 'en', x: { label: 'Fees', unit: 'yuan' } }, bars.rows[0]))
      .toEqual(['甲', 'Fees: 12.5 yuan']);
  });
});

describe('chartTable: scatter', () => {
  const scatter: ScatterSpec = {
    kind: 'scatter', title: '申请与复议诉讼', locale: 'zh', pointLabel: '机关',
    x: { label: '办理申请', unit: '件' }, y: { label: '复议诉讼', unit: '件' },
    groups: { label: '层级', categories: [{ key: 'county', label: '县级' }] },
    points: [
      { id: 'a', label: '甲', x: 1000, y: 3, group: 'county' },
      { id: 'b', label: '乙', x: null, y: 2 },
      { id: 'c', label: '丙', x: 0, y: 0 },
    ],
  };

  it('lists every point, with unplaceable ones marked not stated', () => {
    const table = chartTable(scatter);
    expect(table.columns.map((c) => c.header)).toEqual(['机关', '层级', '办理申请（件）', '复议诉讼（件）', '备注']);
    expect(table.rows).toEqual([
      ['甲', '县级', 1000, 3, null],
      ['乙', null, null, 2, '未说明'],
      ['丙', null, 0, 0, null],
    ]);
  });

  it('describes points with both coordinates and the group', () => {
    expect(describePoint(scatter, scatter.points[0])).toEqual(['甲', '办理申请：1,000件', '复议诉讼：3件', '层级：县级']);
    expect(describePoint(scatter, scatter.points[1])[1]).toBe('办理申请：未说明');
  });

  it('says a density bin\'s range, not the centre it is drawn at, in the table and the tooltip', () => {
    // The litigation scatter above 3,000 reports: the bin of 68–91 applications and 6–8 disputes is
    // drawn at (81.54, 7.25); its table said 「办理申请（件）81.54」.
    const bin = { id: 'bin:8:3', label: '办理申请 68–91 件，复议与诉讼 6–8 件：8 份年报', x: 81.54, y: 7.25, xText: '68–91', yText: '6–8', group: 'county' };
    const dense: ScatterSpec = { ...scatter, points: [bin] };
    expect(chartTable(dense).rows).toEqual([[bin.label, '县级', '68–91', '6–8', null]]);
    expect(describePoint(dense, bin)).toEqual([bin.label, '办理申请：68–91件', '复议诉讼：6–8件', '层级：县级']);
  });
});

describe('chartCsv', () => {
  it('writes exactly the table: BOM, CRLF, empty cells for null, data markup as text', () => {
    const csv = chartCsv(stacked());
    expect(csv.startsWith('\uFEFF机关,予以公开（件）')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true }).data;
    expect(parsed[1]).toEqual(['甲市人民政府', '6', '60', '3', '30', '1', '10', '10', '']);
    expect(parsed[2]).toEqual(['<script>alert(1)</script>局', '2', '50', '', '', '2', '50', '4', '未说明：部分公开']);
    expect(parsed[3]).toEqual(['丙县', '', '', '', '', '', '', '', '未说明']);
  });

  it('neutralises formula-like agency names', () => {
    const spec = stacked({ rows: [{ id: 'x', label: '=HYPERLINK("http://x")', counts: { granted: 1, partly: 1, refused: 1 } }] });
    expect(chartCsv(spec)).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});

describe('describe', () => {
  it('says category, count and share for a segment', () => {
    const spec = stacked();
    const shares = rowShares(spec.rows[0].counts, categories);
    expect(describeSegment(spec, spec.rows[0], shares, shares.segments[0])).toEqual(['甲市人民政府', '予以公开：6件', '占比：60%']);
    const partly = rowShares(spec.rows[1].counts, categories);
    expect(describeSegment(spec, spec.rows[1], partly, partly.segments[0])).toEqual([
      '<script>alert(1)</script>局', '予以公开：2件', '占比：50%', '未说明：部分公开',
    ]);
  });

  it('says why a row has no bar', () => {
    const spec = stacked();
    expect(describeRow(spec, spec.rows[2], rowShares(spec.rows[2].counts, categories))).toEqual(['丙县', '未说明']);
    expect(describeRow(spec, spec.rows[3], rowShares(spec.rows[3].counts, categories))).toEqual(['丁县', '样本过少', '合计：2件']);
  });
});

describe('scales', () => {
  it('goes log only beyond two orders of magnitude, ignoring zeros and nulls', () => {
    expect(spansOrders([1, 100])).toBe(false);
    expect(spansOrders([1, 101])).toBe(true);
    expect(spansOrders([0, 0, 5, 50_000, null])).toBe(true);
    expect(spansOrders([0, 0, 0])).toBe(false);
    expect(resolveScale('auto', [0, 3, 40_000])).toBe('log');
    expect(resolveScale(undefined, [2, 30])).toBe('linear');
    expect(resolveScale('linear', [1, 1e6])).toBe('linear');
  });

  it('gives 0 and powers of ten as symlog ticks', () => {
    expect(symlogTicks(12_000)).toEqual([0, 1, 10, 100, 1000, 10_000]);
    expect(symlogTicks(60)).toEqual([0, 1, 2, 5, 10, 20, 50]);
    expect(symlogTicks(0)).toEqual([0]);
  });
});

describe('words and numbers', () => {
  it('puts units in axis titles in each language', () => {
    expect(axisTitle({ label: '收费金额', unit: '万元' }, 'zh')).toBe('收费金额（万元）');
    expect(axisTitle({ label: 'Fees', unit: '10,000 yuan' }, 'en')).toBe('Fees (10,000 yuan)');
    expect(withUnit('33.3', '%', 'en')).toBe('33.3%');
  });

  it('reads naturally in English: no unit said twice, a numeric unit in parentheses (issue 8 item 5)', () => {
    expect(axisTitle({ label: 'Applications', unit: 'applications' }, 'en')).toBe('Applications');
    expect(axisTitle({ label: 'Applications handled', unit: 'applications' }, 'en')).toBe('Applications handled');
    expect(axisTitle({ label: 'Disputes', unit: 'cases' }, 'en')).toBe('Disputes (cases)');
    expect(axisTitle({ label: '申请', unit: '件' }, 'zh')).toBe('申请（件）');
    expect(withUnit('446', '10,000 yuan', 'en')).toBe('446 (10,000 yuan)');
    expect(withUnit('12', 'cases', 'en')).toBe('12 cases');
    expect(withUnit('446', '万元', 'zh')).toBe('446万元');
    // One of a count is singular ("Not handled: 1 applications" in a tooltip); a rate's or money's unit is not a count.
    expect(withUnit('1', 'applications', 'en')).toBe('1 application');
    expect(withUnit('1', 'cases', 'en')).toBe('1 case');
    expect(withUnit('1', 'reports', 'en')).toBe('1 report');
    expect(withUnit('1', 'per 100 applications', 'en')).toBe('1 per 100 applications');
    expect(withUnit('1', 'yuan', 'en')).toBe('1 yuan');
    expect(withUnit('0', 'applications', 'en')).toBe('0 applications');
    expect(withUnit('1.5', 'applications', 'en')).toBe('1.5 applications');
    expect(withUnit('1,001', 'applications', 'en')).toBe('1,001 applications');
  });

  it('keeps the two titles above the rows apart in a narrow chart (the years view\'s small multiples in English), the value axis\'s whole on two lines', () => {
    // Chromium's widths of these bold 12 px titles (getComputedTextLength): Latin 1.12–1.13× textWidth.
    const width = (t: string) => textWidth(t, FONT_SIZE) * (/[\u4e00-\u9fff]/u.test(t) ? 1.02 : 1.13);
    // A 3-column small multiple at 1280 px: the value axis ends ~300 px from the left.
    for (const right of [300, 220, 160, 120]) {
      const { y, x } = rowTitles('Year (one per row)', 'Lawsuits (per 100 applications)', right);
      for (const line of x) expect(width(line)).toBeLessThanOrEqual(right + 1e-9);
      // Whole, in one or two lines, the arrow at the end, unless a single word is wider than the chart (120 px: 「applications)」).
      if (right >= 160) expect(x.join(' ')).toBe('Lawsuits (per 100 applications) →');
      expect(x.length).toBeLessThanOrEqual(2);
      // Drawn from 0 and ending at `right - width(x[0])`: the two never meet.
      if (y) expect(width(y)).toBeLessThanOrEqual(right - width(x[0]) + 1e-9);
    }
    expect(rowTitles('Year (one per row)', 'Lawsuits (per 100 applications)', 160).x).toEqual(['Lawsuits (per 100', 'applications) →']);
    // Past two lines it is cut (the whole title on hover).
    const tiny = rowTitles('Year (one per row)', 'Information-processing fee, total (yuan)', 60).x;
    expect(tiny).toHaveLength(2);
    expect(tiny[1].endsWith('… →')).toBe(true);
    // A wide chart keeps both whole on one line; Chinese titles that fit are unchanged.
    expect(rowTitles('Year (one per row)', 'Lawsuits (per 100 applications)', 900)).toEqual({ y: 'Year (one per row)', x: ['Lawsuits (per 100 applications) →'] });
    expect(rowTitles('年度（每行一个年度）', '行政诉讼（每百件申请）', 270)).toEqual({ y: '年度（每行一个年度）', x: ['行政诉讼（每百件申请） →'] });
  });

  it('does not say a unit twice when the Chinese label already carries it in brackets (the distribution and map measures)', () => {
    expect(axisTitle({ label: '行政复议（每百件申请）', unit: '每百件申请' }, 'zh')).toBe('行政复议（每百件申请）');
    expect(axisTitle({ label: '予以公开比例', unit: '%' }, 'zh')).toBe('予以公开比例（%）');
    // Every measure the distribution and map views offer: its unit said exactly once, in both languages.
    for (const m of [...MEASURES, ...MAP_MEASURES]) {
      for (const lang of ['zh', 'en'] as const) {
        const title = axisTitle({ label: m.label[lang], unit: m.unit[lang] }, lang);
        const said = title.split(lang === 'zh' ? `（${m.unit.zh}）` : m.unit.en).length - 1;
        expect([m.key, lang, title, said]).toEqual([m.key, lang, title, 1]);
      }
    }
  });

  it('formats through Intl for zh-CN and en', () => {
    expect(formatNumber(1234567.891, 'zh')).toBe('1,234,567.89');
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatTick(12_000, 'zh')).toBe(new Intl.NumberFormat('zh-CN', { notation: 'compact', maximumFractionDigits: 1 }).format(12_000));
    expect(formatTick(12_000, 'en')).toBe('12K');
  });

  it('writes integers and percentages exactly as Intl does (integers without Intl, percentages remembered)', () => {
    let seed = 5;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const integers = [0, -0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 9999, 10000, 99999, 100000, 999999, 1000000, 123456789, -987654321, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1), 1e15 - 1, 1e15, 1e16, 1e21, 1e22];
    for (let i = 0; i < 2000; i++) integers.push(Math.floor((next() - 0.3) * 10 ** Math.floor(next() * 16)));
    const percents = [0, -0, 0.1, 33.3, 66.7, 100, 12.25, 99.95, 1e-7, NaN, Infinity, -5.5];
    for (let i = 0; i < 500; i++) percents.push(Math.round(next() * 1000) / 10);
    for (const [locale, tag] of [['zh', 'zh-CN'], ['en', 'en']] as const) {
      for (const digits of [0, 1, 2, WAN_YUAN_DIGITS]) {
        const intl = new Intl.NumberFormat(tag, { maximumFractionDigits: digits });
        for (const n of integers) expect([n, formatNumber(n, locale, digits)]).toEqual([n, intl.format(n)]);
      }
      const intl = new Intl.NumberFormat(tag, { minimumFractionDigits: 0, maximumFractionDigits: 1 });
      // Twice: the second time from memory; 0 before -0 and -0 before 0.
      for (const p of [...percents, ...percents, -0, 0, -0]) expect([p, formatPercent(p, locale)]).toEqual([p, intl.format(p)]);
    }
  });

  // rev17: a fee in 万元 is stated to the yuan (渑池 2023: 344.0982; 沭阳 2025: 4068.208); the fees
  // chart's data table, which promises the full number, read 344.1 and 4,068.21.
  it('writes a fee in 万元 to the yuan, in the data table, the bar and its tooltip', () => {
    const spec: BarsSpec = {
      kind: 'bars', locale: 'zh', title: '行政事业性收费',
      rows: [{ id: 'a', label: '渑池县人民政府（2023年）', value: 344.0982 }, { id: 'b', label: '沭阳县人民政府（2025年）', value: 4068.208 }, { id: 'c', label: 'x', value: 0 }],
      x: { label: '行政事业性收费', unit: '万元', digits: WAN_YUAN_DIGITS }, y: { label: '机关', unit: '每行一份年报' },
    };
    const table = chartTable(spec);
    expect([0, 1, 2].map((r) => displayCell(table, r, 1, 'zh'))).toEqual(['344.0982', '4,068.208', '0']);
    expect(describeBar(spec, spec.rows[0])[1]).toContain('344.0982');
    // A rate keeps two decimals.
    const rate = chartTable({ ...spec, rows: [{ id: 'a', label: 'a', value: 17.307692 }], x: { label: '行政复议', unit: '每百件申请' } });
    expect(displayCell(rate, 0, 1, 'zh')).toBe('17.31');
  });
});

describe('row labels', () => {
  // rev17: at 390 px the litigation charts' total read 「筛选…（N=368）」 and "Filter… (N=368)".
  it('draw the short form when the label would be cut, the label when it fits', () => {
    for (const [label, short] of [['筛选范围合计（N=368）', '合计（N=368）'], ['Filtered set as a whole (N=368)', 'Total (N=368)']]) {
      const room = textWidth(short, 12) + 1;
      expect(room).toBeLessThan(textWidth(label, 12));
      expect(rowLabel(label, short, room)).toBe(short);
      expect(rowLabel(label, short, textWidth(label, 12) + 1)).toBe(label);
      expect(rowLabel(label, undefined, room)).toContain('…');
    }
  });

  // At 390 px a group chart read "Henan · 1 report" above "Zhejiang (N=1)": one form per chart.
  it('draw every row in its short form when every row has one and one label would be cut', () => {
    const labels = ['All · 5 reports', 'Henan · 1 report', 'Zhejiang · 1 report'];
    const shorts = ['All (N=5)', 'Henan (N=1)', 'Zhejiang (N=1)'];
    const room = textWidth('Henan · 1 report', 12) + 1;
    expect(rowLabels(labels, shorts, labels.map(() => room))).toEqual(shorts);
    // Every label fits: every label drawn whole.
    expect(rowLabels(labels, shorts, labels.map(() => 500))).toEqual(labels);
    // A row without a short form (an agency) leaves each row to itself: the total alone takes its short form.
    const agencies = ['Filtered set as a whole (N=368)', 'A county government (2024) (N=52)', 'B (2024) (N=9)'];
    const drawn = rowLabels(agencies, ['Total (N=368)'], agencies.map(() => textWidth('B (2024) (N=9)', 12) + 30));
    expect(drawn[0]).toBe('Total (N=368)');
    expect(drawn[1]).toMatch(/… \(N=52\)$/);
    expect(drawn[2]).toBe('B (2024) (N=9)');
  });
});

describe('text', () => {
  it('counts CJK as full width', () => {
    expect(textWidth('机关', 12)).toBe(24);
    expect(textWidth('ab', 10)).toBe(12);
  });

  it('measures every character as the rule says: wide ranges 1 em, white space and .,:;\'|!il()[] 0.32, any other 0.6 (bold: × 1.15 but wide)', () => {
    // The rule as written before the width was read by code unit: one regular expression per character.
    const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
    const em = (char: string, bold: boolean) => (WIDE.test(char) ? 1 : (/[\s.,:;'|!il()[\]]/.test(char) ? 0.32 : 0.6) * (bold ? 1.15 : 1));
    const byRule = (text: string, size: number, bold: boolean) => {
      let width = 0;
      for (const char of text) width += em(char, bold);
      return width * size;
    };
    // Every code unit alone (lone surrogates included), then strings with surrogate pairs.
    for (let code = 0; code < 0x10000; code++) {
      const char = String.fromCharCode(code);
      if (textWidth(char, 12) !== byRule(char, 12, false) || textWidth(char, 16, true) !== byRule(char, 16, true)) {
        throw new Error(`U+${code.toString(16)}: ${textWidth(char, 12)} / ${textWidth(char, 16, true)}, the rule ${byRule(char, 12, false)} / ${byRule(char, 16, true)}`);
      }
    }
    const pool = Array.from('长沙市人民政府（2024年）Reform, il1 (x) 𠀀😀\u3000\u00a0\t…—“”\ud800\udc00x\udc00\ud83d');
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 60) }, () => pool[Math.floor(next() * pool.length)]).join('');
      expect(textWidth(text, 12)).toBe(byRule(text, 12, false));
      expect(textWidth(text, 16, true)).toBe(byRule(text, 16, true));
    }
  });

  it('gives row charts a label column in which the longest label is drawn whole (below the 38% cap)', () => {
    // The outcomes chart's total bar alone (before the database): its label was cut to 「全部 996 份年…」
    // when the column's width was rounded down.
    const totals = [1, 9, 81, 996, 1896, 4967, 80830, 1234567].flatMap((n) => [`全部 ${n.toLocaleString('zh-CN')} 份年报`, `All ${n.toLocaleString('en')} reports`]);
    for (const label of totals) {
      const left = labelColumnWidth([label], 1280);
      expect(truncateKeepingSuffix(label, left - PAD * 2, FONT_SIZE)).toBe(label);
    }
    const rows = ['全部 996 份年报', '夹江县文化和旅游局（2025年）（N=13）', 'Development and Reform Commission (2024) (N=1,041)'];
    const left = labelColumnWidth(rows, 1280);
    for (const label of rows) expect(truncateKeepingSuffix(label, left - PAD * 2, FONT_SIZE)).toBe(label);
    // Above the cap, labels are cut (the cap holds).
    expect(labelColumnWidth(['很长的机关名称'.repeat(20)], 1000)).toBe(380);
  });

  it('truncates with an ellipsis within the width', () => {
    const cut = truncate('湖南省长沙市人民政府办公厅', 60, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 12)).toBeLessThanOrEqual(60);
    expect(truncate('短', 60, 12)).toBe('短');
  });

  it('truncates to the longest prefix that fits with its ellipsis, as measuring each prefix again would (mixed scripts, many widths)', () => {
    // The plain definition, measuring every candidate prefix whole: quadratic, but obviously right.
    const byPrefixes = (text: string, max: number, size: number) => {
      if (textWidth(text, size) <= max) return text;
      const chars = Array.from(text);
      let n = 0;
      while (n < chars.length && textWidth(chars.slice(0, n + 1).join('') + '…', size) <= max) n++;
      return chars.slice(0, n).join('') + '…';
    };
    const pool = Array.from('长沙市人民政府办公室（2024年）Development and Reform, il1 (x) 𠀀');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 400; i++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 40) }, () => pool[Math.floor(next() * pool.length)]).join('');
      const max = Math.floor(next() * 300);
      const size = [10, 11, 12, 13.5][i % 4];
      expect(truncate(text, max, size)).toBe(byPrefixes(text, max, size));
    }
  });

  it('cuts a long name, not the year after it (issue 8 item 5)', () => {
    const en = truncateKeepingSuffix('Development and Reform Commission of Changji Hui Autonomous Prefecture (2024)', 150, 12);
    expect(en.endsWith('… (2024)')).toBe(true);
    expect(textWidth(en, 12)).toBeLessThanOrEqual(150);
    const zh = truncateKeepingSuffix('昌吉回族自治州发展和改革委员会（2024年）', 120, 12);
    expect(zh).toBe('昌吉回…（2024年）');
    expect(textWidth(zh, 12)).toBeLessThanOrEqual(120);
    expect(truncateKeepingSuffix('短（2024年）', 200, 12)).toBe('短（2024年）');
    // No room for the suffix: an ordinary cut.
    expect(truncateKeepingSuffix('长沙市人民政府办公室（2024年）', 30, 12)).toBe(truncate('长沙市人民政府办公室（2024年）', 30, 12));
  });

  it('wraps Chinese anywhere and English at spaces', () => {
    expect(wrapText('一二三四五六', 36, 12)).toEqual(['一二三', '四五六']);
    expect(wrapText('hello world again', 60, 10)).toEqual(['hello world', 'again']);
  });

  it('keeps a bracket or a comma with its character: no line starts with 「）」 or ends with 「（」', () => {
    // 16 px, 8 characters a line: a plain cut would leave 「（」 at the end of line 1 and 「）」 opening line 3.
    const lines = wrapText('县级：收费中位数（万元）（按年度）', 128, 16);
    expect(lines.join('')).toBe('县级：收费中位数（万元）（按年度）');
    for (const line of lines) {
      expect(line).not.toMatch(/^[）》」』】〕〉、，。：；！？]/u);
      expect(line).not.toMatch(/[（《「『【〔〈]$/u);
      expect(textWidth(line, 16)).toBeLessThanOrEqual(128);
    }
  });

  it('keeps a curly quote with the word it quotes, in English and Chinese', () => {
    // The litigation view's title at 390 px was drawn as 'Share of concluded cases ending “' / 'corrected”'.
    for (const text of ['Share of concluded cases ending “corrected”', '已审结案件中结果为“纠正”的比例', 'The ‘other’ outcome']) {
      for (let width = 60; width <= 400; width += 2) {
        const lines = wrapText(text, width, 16, { bold: true });
        for (const line of lines) {
          expect(line, `${width}: ${lines.join(' / ')}`).not.toMatch(/[“‘]$/u);
          expect(line, `${width}: ${lines.join(' / ')}`).not.toMatch(/^[”’]/u);
        }
      }
    }
  });
});

describe('chart titles (bold, wrapped, at most three lines)', () => {
  // What Chromium drew (getBoundingClientRect, DejaVu Sans Bold 16 px: the years view's small
  // multiples in English, before this estimate) for lines that the regular estimate said fit.
  const DRAWN: [string, number][] = [
    ['County: Concluded cases corrected (%) by', 382],
    ['Prefecture: Administrative fees, median', 363],
    ['report (10,000 yuan) by year', 261],
    ['median per report (10,000 yuan) by year', 369],
  ];

  it('estimates bold Latin at least as wide as Chromium drew it', () => {
    for (const [text, px] of DRAWN) {
      expect(textWidth(text, 16), text).toBeLessThan(px);
      expect(textWidth(text, 16, true), text).toBeGreaterThanOrEqual(px);
    }
  });

  it('wraps the small multiples\' longest titles inside the panel, whole', () => {
    // The panel's inner width at 390 px (340 px wide, less the padding) and at 1,280 px (384).
    for (const width of [324, 368]) {
      for (const title of ['Prefecture: Administrative fees, median per report (10,000 yuan) by year',
        '新疆维吾尔自治区: Information-processing fee, median per report (yuan) by year',
        '地市级：行政事业性收费每份年报中位数（万元）（按年度）']) {
        const lines = titleLines(title, width);
        expect(lines.length, title).toBeLessThanOrEqual(TITLE_LINES);
        for (const line of lines) expect(textWidth(line, 16, true), line).toBeLessThanOrEqual(width);
        // Nothing cut: the words, in order.
        expect(lines.join(' ').replace(/\s+/g, ''), title).toBe(title.replace(/\s+/g, ''));
      }
    }
  });

  it('cuts a title too long for three lines with an ellipsis, and a word wider than the chart', () => {
    const title = 'A title far too long for any small multiple, going on and on about what the chart shows, and then some more words';
    const lines = titleLines(title, 200);
    expect(lines).toHaveLength(TITLE_LINES);
    expect(lines[2].endsWith('…')).toBe(true);
    for (const line of lines) expect(textWidth(line, 16, true)).toBeLessThanOrEqual(200);
    const word = titleLines('Supercalifragilisticexpialidocious', 100);
    expect(word).toHaveLength(1);
    expect(word[0].endsWith('…')).toBe(true);
    expect(textWidth(word[0], 16, true)).toBeLessThanOrEqual(100);
  });
});

describe('keyboard', () => {
  // Row 0: three segments; row 1: a gap; row 2: two segments.
  const grid = [{ row: 0, col: 0 }, { row: 0, col: 1 }, { row: 0, col: 2 }, { row: 1, col: 0 }, { row: 2, col: 0 }, { row: 2, col: 1 }];

  it('walks in reading order with Left/Right and jumps with Home/End', () => {
    expect(nextMark(grid, 0, 'ArrowRight')).toBe(1);
    expect(nextMark(grid, 2, 'ArrowRight')).toBe(3);
    expect(nextMark(grid, 5, 'ArrowRight')).toBe(5);
    expect(nextMark(grid, 0, 'ArrowLeft')).toBe(0);
    expect(nextMark(grid, 3, 'Home')).toBe(0);
    expect(nextMark(grid, 0, 'End')).toBe(5);
  });

  it('moves to the nearest column of the next row with Up/Down', () => {
    expect(nextMark(grid, 2, 'ArrowDown')).toBe(3);
    expect(nextMark(grid, 3, 'ArrowDown')).toBe(4);
    expect(nextMark(grid, 5, 'ArrowUp')).toBe(3);
    expect(nextMark(grid, 3, 'ArrowUp')).toBe(0);
    expect(nextMark(grid, 1, 'ArrowUp')).toBe(1);
    expect(nextMark(grid, 4, 'ArrowDown')).toBe(4);
  });

  it('ignores other keys and empty charts', () => {
    expect(nextMark(grid, 0, 'a')).toBeNull();
    expect(nextMark([], 0, 'ArrowRight')).toBeNull();
  });
});

describe('histogram bin labels', () => {
  it('put the closed last bin\'s mark after the unit, an open bin as ≥', () => {
    expect(binLabel({ from: 95, to: 100, count: 3, closed: true }, '%', 'zh')).toBe('95–100%（含）');
    expect(binLabel({ from: 95, to: 100, count: 3, closed: true }, '%', 'en')).toBe('95–100% (incl.)');
    expect(binLabel({ from: 10, to: 15, count: 3 }, '%', 'zh')).toBe('10–15%');
    expect(binLabel({ from: 250, to: null, count: 3 }, '元', 'zh')).toBe('≥ 250元');
  });

  // niceStep makes widths of 2.5 × 10^k: a p95 of 0.45 lawsuits per 100 gives bins 0.025 wide,
  // whose edges have three decimals. Rounded to two they read 0.1–0.13 for [0.1, 0.125) and
  // "≥ 0.13" for an open bin holding every report from 0.125 (by hand: 5 × 0.025 = 0.125).
  it('write a bin edge with every decimal it has, not rounded to two (nor its binary noise)', () => {
    expect(binLabel({ from: 4 * 0.025, to: 5 * 0.025, count: 3 }, '', 'en')).toBe('0.1–0.125');
    expect(binLabel({ from: 5 * 0.025, to: null, count: 3 }, '', 'zh')).toBe('≥ 0.125');
    // 3 × 0.1 is 0.30000000000000004 in binary: written 0.3.
    expect(binLabel({ from: 3 * 0.1, to: 4 * 0.1, count: 1 }, '', 'en')).toBe('0.3–0.4');
    expect(binEdgeDigits(5 * 0.025)).toBe(3);
    expect(binEdgeDigits(3 * 0.1)).toBe(2);
    expect(binEdgeDigits(0.0005 * 7)).toBe(4);
    expect([binEdgeDigits(250), binEdgeDigits(1e-7 * 3), binEdgeDigits(1e25)]).toEqual([2, 7, 2]);
    // The axis under the bins: 0.125 there too; 25,000 compact as before.
    expect([binEdgeTick(5 * 0.025, 'en'), binEdgeTick(3 * 0.1, 'en'), binEdgeTick(25_000, 'en'), binEdgeTick(250, 'zh')]).toEqual(['0.125', '0.3', '25K', '250']);
  });

  it("show a bin's edges in the data table with every decimal they have (0.125, not 0.13); bins of two decimals as before", () => {
    const spec = (width: number): HistogramSpec => ({
      kind: 'histogram', locale: 'en', title: 't', description: 'd', x: { label: 'Lawsuits', unit: 'per 100 applications' }, y: { label: 'Reports', unit: 'reports' },
      bins: [0, 1, 2, 3, 4, 5, 6].map((i) => ({ from: i * width, to: i === 6 ? null : (i + 1) * width, count: 1 })), markers: [],
    });
    const table = chartTable(spec(0.025));
    // Bin 4 is [0.1, 0.125), bin 5 [0.125, 0.15), by hand.
    expect([4, 5].map((r) => [displayCell(table, r, 1, 'en'), displayCell(table, r, 2, 'en')])).toEqual([['0.1', '0.125'], ['0.125', '0.15']]);
    const tenths = chartTable(spec(0.1));
    expect([displayCell(tenths, 3, 1, 'en'), displayCell(tenths, 3, 2, 'en')]).toEqual(['0.3', '0.4']);
  });
});
