// The words and cells of the group views (src/views/groupView.ts): "too few to rate" versus
// "not stated", labels, the headline's years and changes, and the CSV of every group.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { labelColumnWidth, rowLabel } from '../src/charts/draw-rows.ts';
import { textWidth } from '../src/charts/text.ts';
import { agrees, reportNoun } from '../src/app/i18n.ts';
import type { GroupRow } from '../src/db/groups.ts';
import { groupLabel, groupRowSpecs, needsRegionNote, groupsCsv, orderNote, headlineChange, headlineMinimum, headlineYears, measureCell, measureOf, minimumNote, pendingWord, withReports, withReportsShort } from '../src/views/groupView.ts';

const row = (over: Partial<GroupRow>): GroupRow => ({
  grouping: 'province', is_total: false, value: 'x', facet: null, province: null, city: null, reports: 3, handled: 40, outcome_base: 40,
  granted: 10, partly_granted: 10, refused: 10, unable: 10, not_handled: 0, other: 0,
  granted_share: 0.25, partly_granted_share: 0.25, refused_share: 0.25, unable_share: 0.25, not_handled_share: 0, other_share: 0, too_few_outcomes: false,
  reconsiderations: 2, reconsiderations_base: 40, reconsiderations_per_100: 5, lawsuits: 1, lawsuits_base: 40, lawsuits_per_100: 2.5,
  too_few_reconsiderations: false, too_few_lawsuits: false, corrected: 1, concluded: 3, corrected_share: null, too_few_cases: true,
  fees_10k_yuan_sum: null, fees_10k_yuan_median: null, fees_reports: 0, too_few_fees_reports: false,
  processing_fee_yuan_sum: 120, processing_fee_yuan_median: 60, processing_fee_reports: 5, too_few_processing_fee_reports: false,
  old_template: 0, ...over,
});

describe('cells', () => {
  it('tells "too few to rate" from "not stated"', () => {
    const r = row({});
    expect(measureCell('zh', r, measureOf('granted_share'))).toBe('25%');
    expect(measureCell('zh', r, measureOf('corrected_share'))).toBe('样本过少');
    expect(measureCell('en', r, measureOf('corrected_share'))).toBe('too few to rate');
    expect(measureCell('zh', r, measureOf('fees_10k_yuan_sum'))).toBe('未说明');
    // rev17: a fee in 万元 to the yuan (was 344.1).
    expect(measureCell('zh', row({ fees_10k_yuan_sum: 344.0982 }), measureOf('fees_10k_yuan_sum'))).toBe('344.0982');
    // A fee in 元 to the fen, as the agency page (a sum of 9,382.21 read 9,382); a whole sum stays whole.
    expect(measureCell('zh', row({ processing_fee_yuan_sum: 9382.21 }), measureOf('processing_fee_yuan_sum'))).toBe('9,382.21');
    expect(measureCell('zh', row({ processing_fee_yuan_sum: 380 }), measureOf('processing_fee_yuan_sum'))).toBe('380');
    expect(measureCell('en', r, measureOf('lawsuits_per_100'))).toBe('2.5');
  });
  it('tells a median withheld over too few reports from one not stated, and states the rule with the others', () => {
    const few = row({ processing_fee_reports: 4, processing_fee_yuan_median: null, too_few_processing_fee_reports: true });
    // The rule of every withheld distribution figure: a dash, marked 年报过少 (not the words alone).
    expect(measureCell('zh', few, measureOf('processing_fee_yuan_median'))).toBe('—（年报过少）');
    expect(measureCell('en', few, measureOf('processing_fee_yuan_median'))).toBe('— (too few reports)');
    expect(measureCell('zh', row({ fees_reports: 1, fees_10k_yuan_median: null, too_few_fees_reports: true }), measureOf('fees_10k_yuan_median'))).toBe('—（年报过少）');
    // A rate under its minimum sample keeps its own words.
    expect(measureCell('zh', row({ lawsuits_per_100: null, too_few_lawsuits: true }), measureOf('lawsuits_per_100'))).toBe('样本过少');
    expect(measureCell('en', row({}), measureOf('fees_10k_yuan_median'))).toBe('not stated');
    // A row from the summaries: pending, whatever the count.
    expect(measureCell('en', { ...row({ processing_fee_yuan_median: null, processing_fee_reports: 2 }), pending: true } as GroupRow, measureOf('processing_fee_yuan_median'))).toBe('awaiting the database');
    // The database failed: the median will not come, and the cell says so (not "awaiting").
    const pendingRow = { ...row({ processing_fee_yuan_median: null, processing_fee_reports: 2 }), pending: true } as GroupRow;
    expect(measureCell('zh', pendingRow, measureOf('processing_fee_yuan_median'), pendingWord('zh', true))).toBe('数据库未能启动');
    expect(measureCell('zh', pendingRow, measureOf('processing_fee_yuan_median'), pendingWord('zh', false))).toBe('待数据库');
    const spec = groupRowSpecs('en', null, [pendingRow], { all: 'All', label: () => 'x', drill: (l) => l, drillable: () => false, pending: pendingWord('en', true) });
    expect(spec[0].cells.find((c) => c.attrs?.['data-measure'] === 'processing_fee_yuan_median')?.text).toBe('database unavailable');
    const csv = Papa.parse<Record<string, string>>(groupsCsv('zh', 'province', null, [pendingRow], { province: null, city: null }, null, pendingWord('zh', true)).slice(1), { header: true }).data;
    expect(Object.values(csv[0])).toContain('数据库未能启动');
    expect(minimumNote('zh')).toContain('四分位数、中位数和百分位只在计入的年报不少于 5 份时计算');
    expect(minimumNote('en')).toContain('computed only over at least 5 counted reports');
  });
  it('names groups: a city with its province unless one is chosen, levels by label, missing values', () => {
    expect(groupLabel('zh', 'city', { value: '郑州市', province: '河南省', city: null }, { province: null, city: null })).toBe('河南省 郑州市');
    expect(groupLabel('zh', 'city', { value: '郑州市', province: '河南省', city: null }, { province: '河南省', city: null })).toBe('郑州市');
    expect(groupLabel('en', 'year', { value: '2023', province: null, city: null }, { province: null, city: null })).toBe('2023');
    expect(groupLabel('zh', 'city', { value: null, province: '河南省', city: null }, { province: '河南省', city: null })).toBe('无地市');
    // Without the place above chosen, each place's reports without a city (county) are a row of their own, named by it.
    expect(groupLabel('zh', 'city', { value: null, province: '河南省', city: null }, { province: null, city: null })).toBe('河南省 无地市');
    expect(groupLabel('zh', 'county', { value: null, province: '河南省', city: '郑州市' }, { province: null, city: null })).toBe('郑州市 无区县');
    expect(groupLabel('zh', 'county', { value: null, province: '河南省', city: '郑州市' }, { province: '河南省', city: null })).toBe('郑州市 无区县');
    expect(groupLabel('zh', 'county', { value: null, province: '河南省', city: null }, { province: null, city: null })).toBe('河南省 无区县');
    expect(groupLabel('zh', 'county', { value: null, province: '河南省', city: null }, { province: '河南省', city: null })).toBe('无区县');
    expect(groupLabel('zh', 'county', { value: null, province: '河南省', city: '郑州市' }, { province: '河南省', city: '郑州市' })).toBe('无区县');
    expect(groupLabel('en', 'county', { value: null, province: '河南省', city: '郑州市' }, { province: null, city: null })).toBe('郑州市: no county');
    // A municipality's district (no city) by its province, beside a city's district of the same name.
    expect(groupLabel('zh', 'county', { value: '通州区', province: '北京市', city: null }, { province: null, city: null })).toBe('北京市 通州区');
    expect(groupLabel('zh', 'county', { value: '通州区', province: '江苏省', city: '南通市' }, { province: null, city: null })).toBe('南通市 通州区');
    expect(groupLabel('zh', 'county', { value: '通州区', province: '北京市', city: null }, { province: '北京市', city: null })).toBe('通州区');
    // No province (a national body, or a region not identified): no city or county either.
    expect(groupLabel('zh', 'province', { value: null, province: null, city: null }, { province: null, city: null })).toBe('无省份');
    expect(groupLabel('zh', 'city', { value: null, province: null, city: null }, { province: null, city: null })).toBe('无省份');
    expect(groupLabel('en', 'county', { value: null, province: null, city: null }, { province: null, city: null })).toBe('no province');
    // Not a region: a value the report did not state.
    expect(groupLabel('zh', 'level', { value: null, province: null, city: null }, { province: null, city: null })).toBe('未注明层级');
    expect(groupLabel('en', 'year', { value: null, province: null, city: null }, { province: null, city: null })).toBe('no year');
  });
  it('explains 无省份 / 无地市 / 无区县 under a region grouping that has such a row, and only there', () => {
    expect(needsRegionNote('city', [{ value: '郑州市' }, { value: null }])).toBe(true);
    expect(needsRegionNote('city', [{ value: '郑州市' }])).toBe(false);
    expect(needsRegionNote('level', [{ value: null }])).toBe(false);
  });
  it('names a province in English on an English page, a city keeping its Chinese name, the city first', () => {
    const none = { province: null, city: null };
    expect(groupLabel('en', 'province', { value: '河南省', province: '河南省', city: null }, none)).toBe('Henan');
    expect(groupLabel('en', 'province', { value: '内蒙古自治区', province: '内蒙古自治区', city: null }, none)).toBe('Inner Mongolia');
    expect(groupLabel('zh', 'province', { value: '河南省', province: '河南省', city: null }, none)).toBe('河南省');
    expect(groupLabel('en', 'city', { value: '郑州市', province: '河南省', city: null }, none)).toBe('郑州市, Henan');
    expect(groupLabel('en', 'city', { value: '郑州市', province: '河南省', city: null }, { province: '河南省', city: null })).toBe('郑州市');
    expect(groupLabel('en', 'county', { value: '中原区', province: '河南省', city: '郑州市' }, none)).toBe('中原区, 郑州市');
    expect(groupLabel('en', 'city', { value: null, province: '河南省', city: null }, none)).toBe('Henan: no city');
    expect(groupLabel('en', 'county', { value: null, province: '河南省', city: null }, none)).toBe('Henan: no county');
  });
});

describe('the table body rows', () => {
  const words = { all: '全部', label: (r: GroupRow) => r.value ?? '未注明省份', drill: (l: string) => `查看${l}`, drillable: (r: GroupRow) => r.value !== null };
  const KEYS = ['reports', 'handled', 'granted_share', 'partly_granted_share', 'refused_share', 'unable_share', 'not_handled_share', 'other_share',
    'reconsiderations_per_100', 'lawsuits_per_100', 'corrected_share', 'fees_10k_yuan_sum', 'fees_10k_yuan_median', 'processing_fee_yuan_sum', 'processing_fee_yuan_median'];
  const cells = (r: GroupRow) => KEYS.map((k) => ({ text: measureCell('zh', r, measureOf(k as never)), attrs: { 'data-measure': k } }));
  it('the total row, then each group with a button to drill into it and every measure, the names as they are', () => {
    const name = '<img src=x onerror=alert(1)>';
    const rows = groupRowSpecs('zh', row({ is_total: true, value: null, reports: 9 }), [row({ value: name }), row({ value: null })], words);
    expect(rows).toEqual([
      { className: 'total', attrs: { 'data-total': '' }, cells: [{ header: true, text: '全部' }, ...cells(row({ reports: 9 }))] },
      { attrs: { 'data-group-value': name }, cells: [{ header: true, text: name, button: { className: 'drill', attrs: { 'data-row': '0', 'aria-label': `查看${name}` } } }, ...cells(row({}))] },
      { attrs: { 'data-group-value': '' }, cells: [{ header: true, text: '未注明省份' }, ...cells(row({}))] },
    ]);
    expect(rows[0].cells.slice(3, 5).map((c) => c.text)).toEqual(['25%', '25%']);
    expect(rows[0].cells[11].text).toBe('样本过少');
    expect(rows[0].cells[12].text).toBe('未说明');
  });
  it('no total row without a total', () => {
    expect(groupRowSpecs('en', null, [], words)).toEqual([]);
  });
});

describe('headline', () => {
  it('takes the chosen year, else the latest, and the year before when there is one', () => {
    expect(headlineYears([2021, 2022, 2023], null)).toEqual({ year: 2023, previous: 2022, latest: true });
    expect(headlineYears([2021, 2022, 2023], 2022)).toEqual({ year: 2022, previous: 2021, latest: false });
    expect(headlineYears([2021, 2023], 2023)).toEqual({ year: 2023, previous: null, latest: false });
    expect(headlineYears([], null)).toEqual({ year: null, previous: null, latest: true });
    // The headline's share and rates state their minimum sample (10 applications, written out here).
    // rev17: the share rests on the outcomes in all, the rates on the applications handled (it said 申请 for both).
    expect(headlineMinimum('zh')).toBe('占比和每百件比率为各年报件数之和再相除；占比的办理结果合计、每百件比率的办理申请少于 10 件（含 0 件）时不计算，标为“样本过少”。');
    expect(headlineMinimum('en')).toContain('fewer than 10 outcomes in all (the share) or applications handled (the rates), 0 included');
  });
  it('changes: counts absolute and relative, shares in percentage points, nothing to compare with too few', () => {
    expect(headlineChange(row({ reports: 12 }), row({ reports: 10 }), measureOf('reports'))).toEqual({ delta: 2, relative: 0.2 });
    const pp = headlineChange(row({ granted_share: 0.3 }), row({ granted_share: 0.25 }), measureOf('granted_share'));
    expect(pp.delta).toBeCloseTo(5, 12);
    expect(pp.relative).toBeNull();
    expect(headlineChange(row({}), row({ lawsuits_per_100: null, too_few_lawsuits: true }), measureOf('lawsuits_per_100'))).toEqual({ delta: null, relative: null });
  });
});

describe('CSV of the groups', () => {
  it('holds the total and every group, with units in the headers and empty cells for withheld rates', () => {
    const rows = Array.from({ length: 120 }, (_, i) => row({ value: `g${i}` }));
    const text = groupsCsv('zh', 'province', row({ is_total: true, value: null }), rows, { province: null, city: null });
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.data).toHaveLength(121);
    expect(parsed.data[0]['省份']).toBe('全部');
    expect(parsed.data[1]['省份']).toBe('g0');
    expect(new Set(parsed.meta.fields).size).toBe(parsed.meta.fields!.length);
    expect(parsed.data[1]['予以公开占比（%）']).toBe('25');
    expect(parsed.data[1]['已审结案件结果纠正比例（%）']).toBe('');
    expect(parsed.data[1]['样本过少或年报过少的指标']).toContain('结果纠正');
  });
});

describe('the order the charts of a group view list the groups in', () => {
  it('is said on every chart: the measure of the sort, which way, and where the unrated go', () => {
    // Written out here: what a reader of the chart sees under its title.
    expect(orderNote('zh', 'lawsuits_per_100', '省份')).toBe('各组按行政诉讼（每百件申请）从高到低排列，样本过少或未说明的组在后。');
    expect(orderNote('zh', 'reports', '省份')).toBe('各组按年报数（份）从多到少排列，样本过少或未说明的组在后。');
    expect(orderNote('zh', 'value', '年度')).toBe('各组按年度排列。');
    expect(orderNote('en', 'granted_share', 'Province')).toBe('Groups in order of Granted share (%), highest first; those too few to rate or not stated last.');
  });
});

describe('CSV of the years by level or province (small multiples)', () => {
  it('names the level or province of each row in a first column', () => {
    const rows = [
      row({ grouping: 'year', value: '2023', facet: 'county', reports: 5 }),
      row({ grouping: 'year', value: '2024', facet: 'county', reports: 6 }),
      row({ grouping: 'year', value: '2023', facet: 'prefecture', reports: 7 }),
      row({ grouping: 'year', value: '2023', facet: null, reports: 1 }),
    ];
    const parsed = Papa.parse<Record<string, string>>(groupsCsv('zh', 'year', null, rows, { province: null, city: null }, 'level').slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields!.slice(0, 2)).toEqual(['层级', '年度']);
    expect(parsed.data.map((r) => [r['层级'], r['年度'], r['年报数（份）']])).toEqual([['县级', '2023年', '5'], ['县级', '2024年', '6'], ['地市级', '2023年', '7'], ['未注明', '2023年', '1']]);
    const en = Papa.parse<Record<string, string>>(groupsCsv('en', 'year', null, [row({ grouping: 'year', value: '2023', facet: '河南省' })], { province: null, city: null }, 'province').slice(1), { header: true, skipEmptyLines: true });
    expect([en.meta.fields![0], en.data[0].Province]).toEqual(['Province', '河南省']);
  });
});

describe('CSV values', () => {
  it('keep the data\'s region names in English too (an extract joins with the data), the words in English', () => {
    const rows = [row({ value: '河南省', province: '河南省' }), row({ value: null, province: '河南省' })];
    const parse = (lang: 'zh' | 'en', group: 'province' | 'city') => Papa.parse<Record<string, string>>(
      groupsCsv(lang, group, row({ is_total: true, value: null }), rows, { province: null, city: null }).slice(1), { header: true, skipEmptyLines: true }).data;
    expect(parse('en', 'province').map((r) => r.Province)).toEqual(['All', '河南省', 'no province']);
    const cities = [row({ grouping: 'city', value: '郑州市', province: '河南省' }), row({ grouping: 'city', value: null, province: '河南省' })];
    const csv = Papa.parse<Record<string, string>>(groupsCsv('en', 'city', null, cities, { province: null, city: null }).slice(1), { header: true, skipEmptyLines: true }).data;
    expect(csv.map((r) => [r.City, r['In province']])).toEqual([['郑州市, 河南省', '河南省'], ['河南省: no city', '河南省']]);
  });
});

describe('headers', () => {
  it('say a unit once: "Reports", not "Reports (reports)"; the Chinese keep theirs', () => {
    const text = groupsCsv('en', 'province', row({ is_total: true, value: null }), [row({ value: 'g0' })], { province: null, city: null });
    const fields = Papa.parse<Record<string, string>>(text.slice(1), { header: true }).meta.fields!;
    expect(fields).toContain('Reports');
    expect(fields).toContain('Applications handled');
    expect(fields).toContain('Lawsuits (per 100 applications)');
    expect(fields).not.toContain('Reports (reports)');
    expect(fields).not.toContain('Applications handled (applications)');
    const zh = Papa.parse<Record<string, string>>(groupsCsv('zh', 'province', row({ is_total: true, value: null }), [row({ value: 'g0' })], { province: null, city: null }).slice(1), { header: true }).meta.fields!;
    expect(zh).toContain('年报数（份）');
    expect(zh).toContain('办理申请（件）');
  });

  it('name the count of reports stating a fee with its unit once, in either language', () => {
    const fields = (lang: 'zh' | 'en') => Papa.parse<Record<string, string>>(groupsCsv(lang, 'province', row({ is_total: true, value: null }), [row({ value: 'g0' })], { province: null, city: null }).slice(1), { header: true }).meta.fields!;
    // Written out here, not built from the schema's labels: what a reader of the CSV sees.
    expect(fields('en')).toEqual(expect.arrayContaining(['Reports stating the administrative fees', 'Reports stating the information-processing fee']));
    expect(fields('zh')).toEqual(expect.arrayContaining(['填报行政事业性收费的年报（份）', '填报信息处理费的年报（份）']));
    // No header says its unit twice: "reports … (reports)", 「年报（份）（份）」.
    for (const f of fields('en')) expect([f, /\breports?\b.*\(reports\)/i.test(f)]).toEqual([f, false]);
    for (const f of fields('zh')) expect([f, /（(.+)）（\1）/.test(f)]).toEqual([f, false]);
  });
});

describe('a group\'s count of reports', () => {
  it('is "1 report" in English, "reports" from 2 (and for 0); Chinese has no plural', () => {
    expect(withReports('en', 'Zhengzhou', 1)).toBe('Zhengzhou · 1 report');
    expect(withReports('en', 'Zhengzhou', 2)).toBe('Zhengzhou · 2 reports');
    expect(withReports('en', 'Zhengzhou', 0)).toBe('Zhengzhou · 0 reports');
    expect(withReports('en', 'All', 12345)).toBe('All · 12,345 reports');
    expect(withReports('zh', '郑州市', 1)).toBe('郑州市 · 1 份');
    // The short form drawn in a narrow chart: the count in brackets, which a cut label keeps.
    expect(withReportsShort('en', 'Inner Mongolia', 1234)).toBe('Inner Mongolia (N=1,234)');
    expect(withReportsShort('zh', '内蒙古自治区', 12)).toBe('内蒙古自治区（12份）');
    // Counts already formatted (the views' sentences): "1" alone is singular, "1,001" is not.
    expect([reportNoun('1'), reportNoun('0'), reportNoun('1,001'), reportNoun('11')]).toEqual(['report', 'reports', 'reports', 'reports']);
    expect(`1 more ${reportNoun('1')} ${agrees('1', 'states', 'state')} no year`).toBe('1 more report states no year');
  });

  it('stays on a label cut to a phone\'s label column: the name is cut, not the count', () => {
    // A chart 360 px wide (a 390 px screen): its label column is at most 38% of it, less the padding.
    for (const [lang, name, n] of [['en', '郑州市, Inner Mongolia', 1234], ['zh', '内蒙古自治区 鄂尔多斯市', 56], ['en', 'All', 99999]] as const) {
      const label = withReports(lang, name, n);
      const room = labelColumnWidth([label], 360) - 16;
      const drawn = rowLabel(label, withReportsShort(lang, name, n), room);
      const count = lang === 'en' ? ` (N=${n.toLocaleString('en')})` : `（${n}份）`;
      expect([drawn, drawn.endsWith(count)]).toEqual([drawn, true]);
      expect(textWidth(drawn, 12)).toBeLessThanOrEqual(room);
    }
  });
});

describe('the table header of each measure, in two pieces', () => {
  // Groups.svelte draws the words and the unit apart, the unit unbroken: at 390 px the header
  // 「行政事业性收费每份年报中位数（万元）」 broke inside its unit. The pieces must spell the header.
  it('words + unit is measureHeader, and the unit is the bracketed tail where there is one', async () => {
    const { GROUP_MEASURES, measureHeader, measureHeaderParts } = await import('../src/views/groupView.ts');
    for (const lang of ['zh', 'en'] as const) {
      for (const m of GROUP_MEASURES) {
        const { words, unit } = measureHeaderParts(lang, m);
        expect(words + unit).toBe(measureHeader(lang, m));
        if (unit) expect(unit).toMatch(lang === 'zh' ? /^（[^（）]+）$/ : /^ \([^()]+\)$/);
      }
    }
    expect(measureHeaderParts('zh', GROUP_MEASURES.find((m) => m.key === 'fees_10k_yuan_median')!).unit).toBe('（万元）');
  });
});
