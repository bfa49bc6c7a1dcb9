// Intl.NumberFormat's output for the few formats the page uses (zh-CN and en: grouping by three
// with ",", "." before the decimals, "-" for a negative, "%" after a percentage, 万/亿/万亿 and
// K/M/B/T when compact), made without Intl. The first Intl.NumberFormat a fresh renderer makes
// loads ICU's number data: 60–120 ms of the main thread (headless chromium on this machine,
// more under load), on the way to every first chart of a cold load (every chart formats a
// number). The same strings, char for char: tests/decimal-format.test.ts compares with Intl.
//
// As ICU does: the number's shortest round-trip decimal digits (what toExponential() gives),
// shifted by two places for a percentage (in decimal, not by `* 100`), rounded half away from zero
// (halfExpand) to the fraction digits asked for, trailing zeros dropped; a compact number is
// scaled by its magnitude's unit, rounded, and scaled by the next unit when the rounding reached it
// (99,999,999 → 1亿, not 10000万). -0 and a negative rounded to 0 read "-0", as Intl's.

export type Lang = 'zh' | 'en';
export type Style = 'decimal' | 'percent' | 'compact';

/** Digits d1d2… of a positive finite number and where its point is: value = 0.d1d2… × 10^point. */
interface Decimal { digits: number[]; point: number }

function decimalOf(x: number): Decimal {
  if (x === 0) return { digits: [], point: 0 };
  const [m, e] = x.toExponential().split('e');
  const digits = m.replace('.', '').split('').map(Number);
  return { digits, point: Number(e) + 1 };
}

/** Rounded half away from zero to `fraction` digits after the point (digits beyond dropped). */
function round(d: Decimal, fraction: number): Decimal {
  const keep = d.point + fraction;
  if (keep >= d.digits.length) return d;
  if (keep < 0) return { digits: [], point: 0 };
  const digits = d.digits.slice(0, keep);
  if (d.digits[keep] >= 5) {
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === 9) digits[i--] = 0;
    if (i >= 0) digits[i]++;
    else return { digits: [1], point: d.point + 1 };
  }
  while (digits.length && digits[digits.length - 1] === 0) digits.pop();
  return digits.length ? { digits, point: d.point } : { digits: [], point: 0 };
}

/**
 * The integer part grouped by three, the fraction after "." (none when it is all zeros). A compact
 * number is grouped only from five integer digits on (CLDR's minimum grouping digits 2 there:
 * 9999.5万, 10,000万亿).
 */
function text(d: Decimal, minDigitsToGroup = 4): string {
  const { digits, point } = d;
  let int = '';
  for (let i = 0; i < point; i++) int += i < digits.length ? digits[i] : 0;
  if (int === '') int = '0';
  let frac = '';
  for (let i = Math.max(point, 0); i < digits.length; i++) frac += digits[i];
  if (point < 0 && digits.length) frac = '0'.repeat(-point) + frac;
  let grouped = '';
  if (int.length < minDigitsToGroup) grouped = int;
  else for (let i = 0; i < int.length; i++) grouped += (i > 0 && (int.length - i) % 3 === 0 ? ',' : '') + int[i];
  return frac ? `${grouped}.${frac}` : grouped;
}

/** An integer's digits grouped by three from four digits on, as `text` groups them. */
function grouped(int: string): string {
  if (int.length < 4) return int;
  let out = int.slice(0, ((int.length - 1) % 3) + 1);
  for (let i = out.length; i < int.length; i += 3) out += `,${int.slice(i, i + 3)}`;
  return out;
}

/** The power of ten each language's compact unit stands for, by the number's magnitude (its point − 1). */
function unitOf(lang: Lang, magnitude: number): { power: number; word: string } {
  if (lang === 'zh') {
    if (magnitude >= 12) return { power: 12, word: '万亿' };
    if (magnitude >= 8) return { power: 8, word: '亿' };
    if (magnitude >= 4) return { power: 4, word: '万' };
    return { power: 0, word: '' };
  }
  if (magnitude >= 12) return { power: 12, word: 'T' };
  if (magnitude >= 9) return { power: 9, word: 'B' };
  if (magnitude >= 6) return { power: 6, word: 'M' };
  if (magnitude >= 3) return { power: 3, word: 'K' };
  return { power: 0, word: '' };
}

/**
 * `new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', options).format(value)` for the options
 * `{ maximumFractionDigits }` (decimal), `{ style: 'percent', maximumFractionDigits }` (percent) and
 * `{ notation: 'compact', maximumFractionDigits }` (compact), minimumFractionDigits 0.
 */
export function formatDecimal(value: number, lang: Lang, maxFraction: number, style: Style = 'decimal'): string {
  // Typed a number; a bigint or a numeric string that slipped through reads as Intl would read it (in the safe range).
  if (typeof value !== 'number') value = Number(value);
  const percent = style === 'percent' ? '%' : '';
  if (Number.isNaN(value)) return `NaN${percent}`;
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (!Number.isFinite(value)) return `${sign}∞${percent}`;
  // An integer in decimal style (most of the counts a grouped table and its chart write): its own
  // digits grouped, without the digit arrays (~3x faster; the same text, tests/decimal-format).
  if (style === 'decimal' && Number.isSafeInteger(value)) return `${sign}${grouped(String(Math.abs(value)))}`;
  const d = decimalOf(Math.abs(value));
  if (percent) return `${sign}${text(round(d.digits.length ? { digits: d.digits, point: d.point + 2 } : d, maxFraction))}%`;
  if (style === 'decimal' || d.digits.length === 0) return `${sign}${text(round(d, maxFraction))}`;
  const unit = unitOf(lang, d.point - 1);
  let r = round({ digits: d.digits, point: d.point - unit.power }, maxFraction);
  let used = unit;
  // Rounded up to the next magnitude (999.96K → 1000K): its unit, if another, and rounded again from the digits.
  if (r.digits.length && r.point + unit.power > d.point) {
    const next = unitOf(lang, d.point);
    if (next.power !== unit.power) {
      used = next;
      r = round({ digits: d.digits, point: d.point - next.power }, maxFraction);
    }
  }
  return `${sign}${text(r, 5)}${used.word}`;
}
