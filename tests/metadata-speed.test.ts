// The metadata readers that now skip work (src/format/metadata.ts): the statistics period read
// from the first 统 on in one pass, a title line passed over without 年 or 公, the signature read
// from the end. Expected values are written by hand.
import { describe, expect, it } from 'vitest';
import { findSignature, parseTitle, statisticsYear } from '../src/format/metadata.ts';
import type { Line } from '../src/format/lines.ts';

describe('statisticsYear', () => {
  it('reads the period through spaces, ideographic spaces and full-width digits', () => {
    expect(statisticsYear('本报告所列数据的统计期限为2024年1月1日至12月31日。')).toBe(2024);
    expect(statisticsYear('统筹推进。本报告中所列数据的统 计 期限自２０２３年１月１日起至２０２３年１２月３１日止。')).toBe(2023);
    expect(statisticsYear('统计时间：\u30002022 年 1 月 1 日至12月31日')).toBe(2022);
    expect(statisticsYear('统计期限为\n2021年1月1日')).toBeNull(); // no line break between the words and the year
    // 期限 then a digit before the year: not this sentence
    expect(statisticsYear('统计期限第3季度2021年1月1日')).toBeNull();
    expect(statisticsYear('没有统计二字之外的期限 2024年1月1日')).toBeNull();
    expect(statisticsYear('')).toBeNull();
    expect(statisticsYear('系统统计期间为2020年1月1日')).toBe(2020);
  });

  it('tries each 统 on the characters after it, and on the whole rest where white space could carry a match further', () => {
    const filler = '各项工作稳步推进。'.repeat(40); // no 统, longer than the window tried after a 统
    expect(statisticsYear(`统筹${filler}统一${filler}本报告的统计期限为2019年1月1日至12月31日。${filler}`)).toBe(2019);
    // The first 统 that starts a match wins, even with later ones.
    expect(statisticsYear(`统计时限：2018年1月1日${filler}统计期限为2017年1月1日`)).toBe(2018);
    // White space the \s* take, longer than the window: still read.
    expect(statisticsYear(`统计期限为2016${'\t'.repeat(300)}年1月1日${filler}`)).toBe(2016);
    expect(statisticsYear(`统计期限为2015年${'\n'.repeat(250)}1月1日${filler}`)).toBe(2015);
    // A 统 near the end of the text: the window is cut by the end.
    expect(statisticsYear(`${filler}统计区间 2014 年 1 月 1 日`)).toBe(2014);
    expect(statisticsYear(`${filler}统计区间 2014 年 1 月`)).toBeNull();
  });
});

describe('parseTitle and findSignature', () => {
  it('reads a title only where it has 年 and 公, and the signature above the date at the end', () => {
    expect(parseTitle('嘉兴市人民政府办公室2024年度政府信息公开工作年度报告')).toEqual({ agency: '嘉兴市人民政府办公室', year: 2024, clean: true });
    expect(parseTitle('嘉兴市人民政府办公室工作报告')).toBeNull();
    const line = (text: string): Line => ({ cells: [text], table: false });
    const lines = [line('正文'), line('嘉兴市人民政府办公室'), line('2025年1月20日'), line('')];
    expect(findSignature(lines)).toBe('嘉兴市人民政府办公室');
    expect(findSignature([...lines, ...Array.from({ length: 12 }, () => line('附件说明'))])).toBeNull();
  });
});
