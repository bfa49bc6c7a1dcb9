// Number formatting by locale, so 12345 reads 12,345 in both languages and compact ticks read
// 1.2万 in Chinese and 12K in English: Intl.NumberFormat's strings, made without Intl (its first
// formatter costs a cold page 60–120 ms before its first chart: src/lib/decimal-format.ts).

import type { Locale } from './types.ts';
import { formatDecimal } from '../lib/decimal-format.ts';

/**
 * A fee in 万元 is stated to the yuan, four decimals (渑池 344.0982, 沭阳 4068.208): shown with two
 * it read 344.1 and 4,068.21, where the data table promises the full number.
 */
export const WAN_YUAN_DIGITS = 4;

/** A value as stated: grouping, up to `maxDigits` decimals (two: rates; fees in 万元 pass WAN_YUAN_DIGITS). */
export function formatNumber(value: number, locale: Locale, maxDigits = 2): string {
  return formatDecimal(value, locale, maxDigits);
}

/** A percentage number (33.3, not 0.333) with one decimal, without the % sign. */
export function formatPercent(percent: number, locale: Locale): string {
  return formatDecimal(percent, locale, 1);
}

/** Axis ticks: compact from 10,000 up (1万, 10K), otherwise as stated. */
export function formatTick(value: number, locale: Locale): string {
  if (Math.abs(value) >= 10_000) return formatDecimal(value, locale, 1, 'compact');
  return formatNumber(value, locale);
}
