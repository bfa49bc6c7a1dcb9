// The few words the library itself says. Everything domain-specific (titles, axis labels,
// category and agency names) is passed in by the caller in the current language.

import type { Axis, Locale } from './types.ts';

export interface ChartWords {
  notStated: string;
  tooFew: string;
  partlyNotStated: string;
  /** Said of a value axis whose every stated value is 0 (value-axis.ts allZeroNote). */
  allZero: string;
  share: string;
  total: string;
  note: string;
  /** Read after the chart description, pointing screen-reader users at the table. */
  keyboardHint: string;
  /** Shown under the buttons when a PNG could not be made; the reason follows. */
  pngFailed: string;
  csvFailed: string;
}

export const WORDS: Record<Locale, ChartWords> = {
  zh: {
    notStated: '未说明',
    tooFew: '样本过少',
    partlyNotStated: '部分未说明',
    allZero: '已说明的数值均为 0',
    share: '占比',
    total: '合计',
    note: '备注',
    keyboardHint: '用方向键逐项浏览，按 Esc 隐藏提示；完整数字见图下数据表。',
    pngFailed: 'PNG 图片未能生成，未下载',
    csvFailed: 'CSV 未能生成，未下载',
  },
  en: {
    notStated: 'not stated',
    tooFew: 'too few to rate',
    partlyNotStated: 'partly not stated',
    allZero: 'every stated value is 0',
    share: 'share',
    total: 'total',
    note: 'note',
    keyboardHint: 'Use the arrow keys to move between marks and Escape to hide the tooltip; the data table below has every number.',
    pngFailed: 'The PNG could not be made and was not downloaded',
    csvFailed: 'The CSV could not be made and was not downloaded',
  },
};

/**
 * The words of one chart: the library's, with the spec's own "too few" when it gives one (a bar
 * chart of medians withheld over too few reports says 年报过少 / "too few reports", not 样本过少).
 */
export function chartWords(spec: { locale: Locale; tooFewWords?: string }): ChartWords {
  return spec.tooFewWords ? { ...WORDS[spec.locale], tooFew: spec.tooFewWords } : WORDS[spec.locale];
}

/**
 * Whether a label needs its unit after it: not when there is none, nor when the label already
 * names it ("Applications (applications)", 「行政复议（每百件申请）（每百件申请）」 say the unit twice).
 */
export function unitWorthSaying(label: string, unit: string, locale: Locale): boolean {
  if (!unit) return false;
  if (locale === 'zh') return !label.includes(`（${unit}）`);
  return !(locale === 'en' && unit !== '%' && new RegExp(`\\b${unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(label));
}

/** 「标签（单位）」 in Chinese, "label (unit)" in English. */
export function axisTitle(axis: Axis, locale: Locale): string {
  if (!unitWorthSaying(axis.label, axis.unit, locale)) return axis.label;
  return locale === 'zh' ? `${axis.label}（${axis.unit}）` : `${axis.label} (${axis.unit})`;
}

/**
 * A formatted number with its unit: 「12.5万元」 in Chinese; "12.5 cases" in English, and a unit
 * that starts with a number goes in parentheses, "446 (10,000 yuan)", never "446 10,000 yuan".
 */
export function withUnit(formatted: string, unit: string, locale: Locale): string {
  if (!unit) return formatted;
  if (unit === '%') return `${formatted}%`;
  if (locale === 'zh') return `${formatted}${unit}`;
  if (/^\d/.test(unit)) return `${formatted} (${unit})`;
  return `${formatted} ${formatted === '1' || formatted === '-1' || formatted === '−1' ? (SINGULAR[unit] ?? unit) : unit}`;
}

/**
 * The count nouns the views pass as units, in the singular: "1 application", not "1 applications"
 * (a tooltip read "Not handled: 1 applications"). A list, not a rule, so that "1 per 100
 * applications" and "1 yuan" stay as they are.
 */
const SINGULAR: Readonly<Record<string, string>> = {
  applications: 'application', cases: 'case', reports: 'report', documents: 'document', decisions: 'decision', items: 'item',
};

/** 「名称：值」 / "name: value". */
export function labelled(label: string, value: string, locale: Locale): string {
  return locale === 'zh' ? `${label}：${value}` : `${label}: ${value}`;
}

/** Parts of an aria-label or tooltip joined in the language's list style. */
export function joinParts(parts: readonly string[], locale: Locale): string {
  return parts.join(locale === 'zh' ? '，' : ', ');
}
