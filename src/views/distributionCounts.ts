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
  },
  en: {
    n: (n: string) => `${n} reports counted`,
    too_few: (n: string, min: string, base: string) => `${n} left out with fewer than ${min} ${base} (too few to rate)`,
    not_stated: (n: string) => `${n} not stated`,
  },
};

export function distributionCounts(stats: Pick<DistributionStats, 'n' | 'too_few' | 'not_stated'>, measure: Measure, lang: Lang): string {
  const w = WORDS[lang];
  const parts = [w.n(formatNumber(lang, stats.n))];
  if (stats.too_few > 0 && measure.baseLabel) parts.push(w.too_few(formatNumber(lang, stats.too_few), formatNumber(lang, measure.min), measure.baseLabel[lang]));
  // A stated sample of 0 is too few, not "not stated" (tooFewSql in src/db/distribution.ts).
  if (stats.not_stated > 0) parts.push(w.not_stated(formatNumber(lang, stats.not_stated)));
  return parts.join(lang === 'zh' ? '；' : '; ');
}
