// The words and cells of the group views (src/views/groupView.ts): "too few to rate" versus
// "not stated", labels, the headline's years and changes, and the CSV of every group.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { GroupRow } from '../src/db/groups.ts';
import { groupLabel, groupRowsHtml, groupsCsv, headlineChange, headlineYears, measureCell, measureOf } from '../src/views/groupView.ts';

const row = (over: Partial<GroupRow>): GroupRow => ({
  grouping: 'province', is_total: false, value: 'x', facet: null, province: null, city: null, reports: 3, handled: 40, outcome_base: 40,
  granted: 10, partly_granted: 10, refused: 10, unable: 10, not_handled: 0, other: 0,
  granted_share: 0.25, partly_granted_share: 0.25, refused_share: 0.25, unable_share: 0.25, not_handled_share: 0, other_share: 0, too_few_outcomes: false,
  reconsiderations: 2, reconsiderations_base: 40, reconsiderations_per_100: 5, lawsuits: 1, lawsuits_base: 40, lawsuits_per_100: 2.5,
  too_few_reconsiderations: false, too_few_lawsuits: false, corrected: 1, concluded: 3, corrected_share: null, too_few_cases: true,
  fees_10k_yuan_sum: null, fees_10k_yuan_median: null, fees_reports: 0, processing_fee_yuan_sum: 120, processing_fee_yuan_median: 60, processing_fee_reports: 2,
  old_template: 0, ...over,
});

describe('cells', () => {
  it('tells "too few to rate" from "not stated"', () => {
    const r = row({});
    expect(measureCell('zh', r, measureOf('granted_share'))).toBe('25%');
    expect(measureCell('zh', r, measureOf('corrected_share'))).toBe('样本过少');
    expect(measureCell('en', r, measureOf('corrected_share'))).toBe('too few to rate');
    expect(measureCell('zh', r, measureOf('fees_10k_yuan_sum'))).toBe('未说明');
    expect(measureCell('en', r, measureOf('lawsuits_per_100'))).toBe('2.5');
  });
  it('names groups: a city with its province unless one is chosen, levels by label, missing values', () => {
    expect(groupLabel('zh', 'city', { value: '郑州市', province: '河南省', city: null }, { province: null, city: null })).toBe('河南省 郑州市');
    expect(groupLabel('zh', 'city', { value: '郑州市', province: '河南省', city: null }, { province: '河南省', city: null })).toBe('郑州市');
    expect(groupLabel('en', 'year', { value: '2023', province: null, city: null }, { province: null, city: null })).toBe('2023');
    expect(groupLabel('zh', 'city', { value: null, province: '河南省', city: null }, { province: '河南省', city: null })).toBe('未注明地市');
  });
});

describe('the table body as HTML', () => {
  const words = { all: '全部', label: (r: GroupRow) => r.value ?? '未注明省份', drill: (l: string) => `查看${l}`, drillable: (r: GroupRow) => r.value !== null };
  it('writes the total row, then each group with a button to drill into it and every measure, escaped', () => {
    const html = groupRowsHtml('zh', row({ is_total: true, value: null, reports: 9 }), [row({ value: '<b>"甲"</b>' }), row({ value: null })], words);
    const rows = html.split('</tr>');
    expect(rows).toHaveLength(4);
    const cells = (r: GroupRow) => ['reports', 'handled', 'granted_share', 'partly_granted_share', 'refused_share', 'unable_share', 'not_handled_share', 'other_share',
      'reconsiderations_per_100', 'lawsuits_per_100', 'corrected_share', 'fees_10k_yuan_sum', 'fees_10k_yuan_median', 'processing_fee_yuan_sum', 'processing_fee_yuan_median']
      .map((k) => `<td data-measure="${k}">${measureCell('zh', r, measureOf(k as never))}</td>`).join('');
    expect(rows[0]).toBe(`<tr class="total" data-total=""><th scope="row">全部</th>${cells(row({ reports: 9 }))}`);
    expect(rows[1]).toBe('<tr data-group-value="&lt;b&gt;&quot;甲&quot;&lt;/b&gt;"><th scope="row"><button type="button" class="drill" data-row="0" aria-label="查看&lt;b&gt;&quot;甲&quot;&lt;/b&gt;">'
      + `&lt;b&gt;&quot;甲&quot;&lt;/b&gt;</button></th>${cells(row({}))}`);
    expect(rows[2]).toBe(`<tr data-group-value=""><th scope="row">未注明省份</th>${cells(row({}))}`);
    expect(rows[0]).toContain('<td data-measure="granted_share">25%</td><td data-measure="partly_granted_share">25%</td>');
    expect(rows[0]).toContain('<td data-measure="corrected_share">样本过少</td>');
    expect(rows[0]).toContain('<td data-measure="fees_10k_yuan_sum">未说明</td>');
  });
  it('writes no total row without a total', () => {
    expect(groupRowsHtml('en', null, [], words)).toBe('');
  });
});

describe('headline', () => {
  it('takes the chosen year, else the latest, and the year before when there is one', () => {
    expect(headlineYears([2021, 2022, 2023], null)).toEqual({ year: 2023, previous: 2022, latest: true });
    expect(headlineYears([2021, 2022, 2023], 2022)).toEqual({ year: 2022, previous: 2021, latest: false });
    expect(headlineYears([2021, 2023], 2023)).toEqual({ year: 2023, previous: null, latest: false });
    expect(headlineYears([], null)).toEqual({ year: null, previous: null, latest: true });
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
    expect(parsed.data[1]['样本过少的指标']).toContain('结果纠正');
  });
});
