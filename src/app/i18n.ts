// Interface words in Chinese (the default) and English. Field and category labels are not
// here: they come from the schema module (src/format/schema.ts), so every place agrees.
import type { Lang } from './url.ts';
import type { Label } from '../format/schema.ts';
import { formatDecimal } from '../lib/decimal-format.ts';

const WORDS = {
  title: { zh: '政府信息公开工作年度报告 · 开放数据', en: 'Government information annual reports · open data' },
  subtitle: {
    zh: '把各级政府机关的年度报告变成可比较的数据：依申请公开的办理结果、行政复议与诉讼、收费。',
    en: "China's government-information annual reports as comparable data: application outcomes, reconsideration and litigation, fees.",
  },
  language: { zh: 'English', en: '中文' },
  views_outcomes: { zh: '办理结果', en: 'Outcomes' },
  views_litigation: { zh: '复议与诉讼', en: 'Litigation' },
  views_fees: { zh: '收费', en: 'Fees' },
  views_distribution: { zh: '分布', en: 'Distribution' },
  views_map: { zh: '省份地图', en: 'Province map' },
  views_applicants: { zh: '申请人类型', en: 'Applicants' },
  views_sql: { zh: 'SQL 查询', en: 'SQL' },
  views_years: { zh: '逐年变化', en: 'By year' },
  views_agency: { zh: '机关详情', en: 'Agency' },
  views_compare: { zh: '机关比较', en: 'Compare agencies' },
  views_quality: { zh: '数据质量', en: 'Data quality' },
  views_about: { zh: '关于数据', en: 'About the data' },
  filters: { zh: '筛选', en: 'Filters' },
  province: { zh: '省份', en: 'Province' },
  city: { zh: '地市', en: 'City' },
  county: { zh: '区县', en: 'County' },
  year: { zh: '年度', en: 'Year' },
  level: { zh: '层级', en: 'Level' },
  kind: { zh: '机关类型', en: 'Kind of body' },
  search: { zh: '搜索机关名称', en: 'Search agency name' },
  all: { zh: '全部', en: 'All' },
  clear: { zh: '清除筛选', en: 'Clear filters' },
  reports_n: { zh: '份报告', en: 'reports' },
  loading_db: { zh: '正在启动数据库（首屏图表来自预先计算的摘要）…', en: 'Starting the database (the first charts come from a precomputed summary)…' },
  db_ready: { zh: '数据库已就绪', en: 'Database ready' },
  db_error: { zh: '数据无法加载', en: 'The data could not be loaded' },
  summary_error: { zh: '摘要文件无法加载', en: 'The summary file could not be loaded' },
  reload: { zh: '重新加载页面', en: 'Reload the page' },
  download_csv_all: { zh: '下载筛选结果（CSV，全部字段）', en: 'Download filtered reports (CSV, every field)' },
  csv_headers: { zh: '表头语言', en: 'Header language' },
  download_parquet: { zh: '下载原始 Parquet 文件', en: 'Download the raw Parquet files' },
  download_csv: { zh: '下载 CSV', en: 'Download CSV' },
  download_svg: { zh: '下载 SVG', en: 'Download SVG' },
  download_png: { zh: '下载 PNG', en: 'Download PNG' },
  data_table: { zh: '图表数据表', en: 'Data table' },
  not_stated: { zh: '未说明', en: 'not stated' },
  too_few: { zh: '样本过少，不计算比率', en: 'too few to rate' },
  no_data: { zh: '当前筛选下没有报告。', en: 'No reports match the filters.' },
  previous: { zh: '上一页', en: 'Previous' },
  next: { zh: '下一页', en: 'Next' },
  sort_by: { zh: '排序', en: 'Sort by' },
} satisfies Record<string, Label>;

export type Word = keyof typeof WORDS;

export function t(lang: Lang, word: Word): string {
  return WORDS[word][lang];
}

/** The colon after a label: full-width in Chinese, ASCII and a space in English. */
export function colon(lang: Lang): string {
  return lang === 'zh' ? '：' : ': ';
}

/** A schema label in the current language. */
export function label(lang: Lang, l: Label): string {
  return l[lang];
}

// Without Intl: the first Intl.NumberFormat of a page costs 60–120 ms (src/lib/decimal-format.ts), the same strings.
export function formatNumber(lang: Lang, value: number | null, digits = 0): string {
  if (value === null || value === undefined) return lang === 'zh' ? '未说明' : 'not stated';
  return formatDecimal(value, lang, digits);
}

export function formatShare(lang: Lang, share: number | null): string {
  if (share === null || share === undefined) return lang === 'zh' ? '未说明' : 'not stated';
  return formatDecimal(share, lang, 1, 'percent');
}

/** English count of reports with its noun: "1 report", "12 reports" (Chinese needs no plural: 「份」). */
export function reportsEn(n: number): string {
  const formatted = formatNumber('en', n);
  return `${formatted} ${reportNoun(formatted)}`;
}

/** reportsEn's noun for a count already formatted ("1" → "report"), and a verb agreeing with it. */
export function reportNoun(n: string): string {
  return n === '1' ? 'report' : 'reports';
}
export function agrees(n: string, one: string, many: string): string {
  return n === '1' ? one : many;
}
