// 渑池县人民政府's 2023 report shows 统计期限所属年度 2022. The report's own words (a sentence kept
// from the year before), not the parser's: its text says so, the hand-checked truth says so, and
// the agency page's row now says whose the year is instead of looking like a misreading.
import { describe, expect, it } from 'vitest';
import { parseSeed, readFixture, seedText } from './helpers.ts';
import { statisticsYearText } from '../src/views/statisticsYear.ts';

const FILE = '001_0f68198b50857d74.txt';

describe('渑池县 2023: the statistics period of 2022 is the report\'s', () => {
  it('the text states 2022 and the truth records it; the parser reads the same, with the check', () => {
    const text = seedText(FILE);
    expect(text).toMatch(/^渑池县人民政府 2023 年政府信息公开工作年度报告/);
    expect(text).toContain('统计期限为 2022 年 1 月 1 日至 2022 年 12 月 31 日');
    const truth = JSON.parse(readFixture('seeds', FILE.replace('.txt', '.truth.json')).toString('utf8'));
    expect([truth.year, truth.statistics_year]).toEqual([2023, 2022]);
    const r = parseSeed(FILE);
    expect([r.year, r.sources.year, r.statistics_year]).toEqual([2023, 'title', 2022]);
    expect(r.checks.filter((c) => c.code === 'meta.year_period_conflict').map((c) => c.message_zh)).toEqual(['报告年度为 2023（标题），但正文所述统计期限为 2022 年。']);
  });

  it('the agency page\'s row says the year is the report\'s own, and under which year the report is filed', () => {
    expect(statisticsYearText('zh', 2022, 2023, '标题')).toBe('2022（与报告年度 2023 不同：读自报告原文所写的统计期限（可在原文中核对）；本报告按标题归入 2023 年度，见下方校验 meta.year_period_conflict）');
    expect(statisticsYearText('en', 2022, 2023, 'title')).toBe("2022 (not the report year, 2023: read from the statistics period the report's own text states (check it in the source text); the report is filed under 2023, from its title; see the check meta.year_period_conflict below)");
    // Agreeing, or either unknown: the year alone, or the dash.
    expect(statisticsYearText('zh', 2023, 2023, '标题')).toBe('2023');
    expect(statisticsYearText('en', 2022, null, 'not found')).toBe('2022');
    expect(statisticsYearText('zh', null, 2023, '标题')).toBe('—');
  });
});
