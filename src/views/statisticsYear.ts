// The agency page's 统计期限所属年度 row. A report whose stated statistics period is not its own
// year (渑池县人民政府's 2023 report says “统计期限为 2022 年 1 月 1 日至 2022 年 12 月 31 日”: a
// sentence kept from the year before) reads as the parser's mistake unless the row says where it was read; it does not claim the reading is right
// (a sentence read by a pattern can be misread), it points to the text to check.
import type { Lang } from '../app/url.ts';

/**
 * The row's value: the year alone when it agrees with the report's year (or either is unknown);
 * else the year with why it differs: the report's own text, kept as printed, the report filed
 * under its year from `yearSource` (its words, e.g. 标题 / "title"), and the check that says so.
 */
export function statisticsYearText(lang: Lang, statisticsYear: number | null, year: number | null, yearSource: string): string {
  if (statisticsYear === null) return '—';
  if (year === null || statisticsYear === year) return String(statisticsYear);
  return lang === 'zh'
    ? `${statisticsYear}（与报告年度 ${year} 不同：读自报告原文所写的统计期限（可在原文中核对）；本报告按${yearSource}归入 ${year} 年度，见下方校验 meta.year_period_conflict）`
    : `${statisticsYear} (not the report year, ${year}: read from the statistics period the report's own text states (check it in the source text); the report is filed under ${year}, from its ${yearSource}; see the check meta.year_period_conflict below)`;
}
