// Number formatting by locale through Intl, so 12345 reads 12,345 in both languages and
// compact ticks read 1.2万 in Chinese and 12K in English.

import type { Locale } from './types.ts';

const TAGS: Record<Locale, string> = { zh: 'zh-CN', en: 'en' };
const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(TAGS[locale], options);
    cache.set(key, format);
  }
  return format;
}

/** formatNumber's and formatPercent's formatters by a short key. */
const byDigits = new Map<string, Intl.NumberFormat>();
const percents: Partial<Record<Locale, Intl.NumberFormat>> = {};

/**
 * A fee in 万元 is stated to the yuan, four decimals (渑池 344.0982, 沭阳 4068.208): shown with two
 * it read 344.1 and 4,068.21, where the data table promises the full number.
 */
export const WAN_YUAN_DIGITS = 4;

/** A value as stated: grouping, up to `maxDigits` decimals (two: rates; fees in 万元 pass WAN_YUAN_DIGITS). */
export function formatNumber(value: number, locale: Locale, maxDigits = 2): string {
  // By a short key: a 50-row chart's marks format ~600 numbers, each without a JSON of its options.
  const key = `${locale}${maxDigits}`;
  let format = byDigits.get(key);
  if (!format) byDigits.set(key, (format = formatter(locale, { maximumFractionDigits: maxDigits })));
  return format.format(value);
}

/** A percentage number (33.3, not 0.333) with one decimal, without the % sign. */
export function formatPercent(percent: number, locale: Locale): string {
  return (percents[locale] ??= formatter(locale, { minimumFractionDigits: 0, maximumFractionDigits: 1 })).format(percent);
}

/** Axis ticks: compact from 10,000 up (1万, 10K), otherwise as stated. */
export function formatTick(value: number, locale: Locale): string {
  if (Math.abs(value) >= 10_000) return formatter(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  return formatNumber(value, locale);
}
