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

/**
 * An integer as Intl.NumberFormat writes it in zh-CN and in en: groups of three digits with ",",
 * "-" before a negative (and before -0, as Intl does), no decimals. Written here because a chart's
 * counts are integers and Intl's format() was an eighth of the outcomes chart's drawing (~250
 * counts in its marks' words on every redraw). tests/charts.test.ts compares it with Intl.
 */
function groupedInteger(value: number): string {
  const digits = String(Math.abs(value));
  let out = digits.length > 3 ? digits.slice(0, ((digits.length - 1) % 3) + 1) : digits;
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return value < 0 || Object.is(value, -0) ? `-${out}` : out;
}

/** Integers below this are written by groupedInteger (String() writes them without an exponent). */
const PLAIN_INTEGER = 1e15;

/** A value as stated: grouping, up to `maxDigits` decimals (two: rates; fees in 万元 pass WAN_YUAN_DIGITS). */
export function formatNumber(value: number, locale: Locale, maxDigits = 2): string {
  if (Number.isInteger(value) && Math.abs(value) < PLAIN_INTEGER) return groupedInteger(value);
  // By a short key: a 50-row chart's marks format ~600 numbers, each without a JSON of its options.
  const key = `${locale}${maxDigits}`;
  let format = byDigits.get(key);
  if (!format) byDigits.set(key, (format = formatter(locale, { maximumFractionDigits: maxDigits })));
  return format.format(value);
}

/**
 * Percentages written already, by locale: a chart's shares are rounded to one decimal (shares.ts),
 * so the same few hundred values come back on every redraw, and Intl's format() is slow.
 */
const percentText: Partial<Record<Locale, Map<number, string>>> = {};

/** A percentage number (33.3, not 0.333) with one decimal, without the % sign. */
export function formatPercent(percent: number, locale: Locale): string {
  const known = (percentText[locale] ??= new Map());
  // A Map takes -0 for 0, which Intl writes "-0".
  if (Object.is(percent, -0)) return (percents[locale] ??= formatter(locale, { minimumFractionDigits: 0, maximumFractionDigits: 1 })).format(percent);
  let text = known.get(percent);
  if (text === undefined) {
    text = (percents[locale] ??= formatter(locale, { minimumFractionDigits: 0, maximumFractionDigits: 1 })).format(percent);
    // Bounded: a page that formats many distinct values starts the memo again.
    if (known.size >= 4096) known.clear();
    known.set(percent, text);
  }
  return text;
}

/** Axis ticks: compact from 10,000 up (1万, 10K), otherwise as stated. */
export function formatTick(value: number, locale: Locale): string {
  if (Math.abs(value) >= 10_000) return formatter(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  return formatNumber(value, locale);
}
