// The distribution view's count line: how many reports the histogram counts, and why the others
// are left out. A pure function, so its words are tested against the counts (tests/distribution-counts.test.ts).
import { formatNumber } from '../app/i18n.ts';
import type { Lang } from '../app/url.ts';
import type { DistributionStats, Measure } from '../db/distribution.ts';

const WORDS = {
  zh: {
    n: (n: string) => `${n} 份年报计入`,
    too_few: (n: string, min: string, base: string) => `${n} 份因${base}少于 ${min} 件未计入（样本过少）`,
    not_stated: (n: string) => `${n} 份未说明`,
    // A rate's value is NULL also when its sample is a stated 0 (NULLIF in distribution.ts): those
    // reports are counted here, and must not be called "not stated" alone.
    not_stated_or_zero: (n: string, base: string) => `${n} 份未说明或${base}为 0`,
  },
  en: {
    n: (n: string) => `${n} reports counted`,
    too_few: (n: string, min: string, base: string) => `${n} left out with fewer than ${min} ${base} (too few to rate)`,
    not_stated: (n: string) => `${n} not stated`,
    not_stated_or_zero: (n: string, base: string) => `${n} not stated or with no ${base}`,
  },
};

export function distributionCounts(stats: Pick<DistributionStats, 'n' | 'too_few' | 'not_stated'>, measure: Measure, lang: Lang): string {
  const w = WORDS[lang];
  const parts = [w.n(formatNumber(lang, stats.n))];
  if (stats.too_few > 0 && measure.baseLabel) parts.push(w.too_few(formatNumber(lang, stats.too_few), formatNumber(lang, measure.min), measure.baseLabel[lang]));
  if (stats.not_stated > 0) {
    const n = formatNumber(lang, stats.not_stated);
    parts.push(measure.base && measure.baseLabel ? w.not_stated_or_zero(n, measure.baseLabel[lang]) : w.not_stated(n));
  }
  return parts.join(lang === 'zh' ? '；' : '; ');
}
