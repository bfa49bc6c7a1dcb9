// The distribution view's count line: how many reports the histogram counts, and why the others
// are left out; the minimum-sample rule the view states beside the chart; and how one report
// stands (counted, too few, not stated). Pure functions, so their words are tested against the
// counts (tests/distribution-counts.test.ts).
import { formatNumber, reportsEn } from '../app/i18n.ts';
import type { Lang } from '../app/url.ts';
import type { DistributionStats, Measure } from '../db/distribution.ts';
import { WAN_YUAN_DIGITS } from '../charts/numbers.ts';

const WORDS = {
  zh: {
    n: (n: number) => `${formatNumber('zh', n)} 份年报计入`,
    too_few: (n: string, min: string, base: string) => `${n} 份因${base}少于 ${min} 件未计入（样本过少）`,
    not_stated: (n: string) => `${n} 份未说明`,
    minimum: (min: string, base: string) => `最少样本规则：只计入${base}不少于 ${min} 件的年报；少于 ${min} 件（含 0 件）的年报为样本过少，不计入。`,
    state: { rated: '计入', too_few: '样本过少', not_stated: '未说明' },
  },
  en: {
    n: (n: number) => `${reportsEn(n)} counted`,
    too_few: (n: string, min: string, base: string) => `${n} left out with fewer than ${min} ${base} (too few to rate)`,
    not_stated: (n: string) => `${n} not stated`,
    minimum: (min: string, base: string) => `Minimum sample: only reports with at least ${min} ${base} are counted; those with fewer (0 included) are too few to rate.`,
    state: { rated: 'counted', too_few: 'too few to rate', not_stated: 'not stated' },
  },
};

export function distributionCounts(stats: Pick<DistributionStats, 'n' | 'too_few' | 'not_stated'>, measure: Measure, lang: Lang): string {
  const w = WORDS[lang];
  const parts = [w.n(stats.n)];
  if (stats.too_few > 0 && measure.baseLabel) parts.push(w.too_few(formatNumber(lang, stats.too_few), formatNumber(lang, measure.min), measure.baseLabel[lang]));
  // A stated sample of 0 is too few, not "not stated" (tooFewSql in src/db/distribution.ts).
  if (stats.not_stated > 0) parts.push(w.not_stated(formatNumber(lang, stats.not_stated)));
  return parts.join(lang === 'zh' ? '；' : '; ');
}

/** The minimum-sample rule of a rate, as the view states it beside the chart; null for an amount (no sample). */
export function distributionMinimum(measure: Measure, lang: Lang): string | null {
  if (!measure.base || !measure.baseLabel) return null;
  return WORDS[lang].minimum(formatNumber(lang, measure.min), measure.baseLabel[lang]);
}

export type ReportState = 'rated' | 'too_few' | 'not_stated';

/** One report's place by the rule of measuredColumns (src/db/distribution.ts): its `rated` and `too_few`. */
export function reportState(row: { rated: boolean; too_few: boolean }): ReportState {
  return row.rated ? 'rated' : row.too_few ? 'too_few' : 'not_stated';
}

/** The words of a report's state: 「计入」 / 「样本过少」 / 「未说明」. */
export const stateWords = (state: ReportState, lang: Lang): string => WORDS[lang].state[state];

/**
 * Decimals a value of the measure is written with on the distribution page (a report's value, the
 * quartiles, the chart's markers and tooltips): a fee in 万元 to the yuan (WAN_YUAN_DIGITS, as the
 * agency page, the compare and the group views: 渑池 344.0982 read 344.1 here), the rest to two.
 */
export function distributionDigits(measure: { key: string }): number {
  return measure.key === 'fees_10k_yuan' ? WAN_YUAN_DIGITS : 2;
}

/** A value of the measure as the page writes it (distributionDigits). The province map's median fees too (its measures' keys are these). */
export function distributionValue(value: number, measure: { key: string }, lang: Lang): string {
  return formatNumber(lang, value, distributionDigits(measure));
}
