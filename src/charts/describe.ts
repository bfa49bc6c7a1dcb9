// What each mark says, in words: the tooltip lines, and the same lines joined as the mark's
// aria-label, so a screen-reader user hears exactly what a mouse user reads.

import { formatNumber, formatPercent } from './numbers.ts';
import type { RowShares, Segment } from './shares.ts';
import type { BarRow, BarsSpec, ScatterPoint, ScatterSpec, StackedBar100Spec, StackedBarRow } from './types.ts';
import { chartWords, labelled, withUnit, WORDS } from './words.ts';

/** Tooltip lines for one segment of a 100% bar: row, category with count, share. */
export function describeSegment(spec: StackedBar100Spec, row: StackedBarRow, shares: RowShares, segment: Segment): string[] {
  const { locale } = spec;
  const words = WORDS[locale];
  const category = spec.categories[segment.index];
  const lines = [
    row.label,
    labelled(category.label, withUnit(formatNumber(segment.count, locale), spec.countUnit, locale), locale),
    labelled(words.share, withUnit(formatPercent(segment.percent, locale), '%', locale), locale),
  ];
  if (shares.status === 'partly') lines.push(notStatedLine(spec, shares));
  return lines;
}

/** Lines for a row that has no segments to draw: not stated, too few, or all zero. */
export function describeRow(spec: StackedBar100Spec, row: StackedBarRow, shares: RowShares): string[] {
  const { locale } = spec;
  const words = WORDS[locale];
  const sumText = labelled(words.total, withUnit(formatNumber(shares.sum, locale), spec.countUnit, locale), locale);
  if (shares.status === 'notStated') return [row.label, words.notStated];
  if (row.tooFew) return [row.label, words.tooFew, sumText];
  return [row.label, sumText];
}

function notStatedLine(spec: StackedBar100Spec, shares: RowShares): string {
  const names = shares.notStated.map((key) => spec.categories.find((c) => c.key === key)?.label ?? key);
  return labelled(WORDS[spec.locale].notStated, names.join(spec.locale === 'zh' ? '、' : ', '), spec.locale);
}

/** Lines for one bar: row and value with unit, or why there is no bar. */
export function describeBar(spec: BarsSpec, row: BarRow): string[] {
  const { locale } = spec;
  const words = chartWords(spec);
  if (row.tooFew) return [row.label, words.tooFew];
  const value = row.value === null || !Number.isFinite(row.value)
    ? words.notStated
    : withUnit(formatNumber(row.value, locale, spec.x.digits), spec.x.unit, locale);
  return [row.label, labelled(spec.x.label, value, locale)];
}

/** Lines for one point: its label, both coordinates with units, its group. */
export function describePoint(spec: ScatterSpec, point: ScatterPoint): string[] {
  const { locale } = spec;
  const words = WORDS[locale];
  const coordinate = (axis: ScatterSpec['x'], value: number | null, text: string | undefined) =>
    labelled(axis.label, value === null || !Number.isFinite(value) ? words.notStated : withUnit(text ?? formatNumber(value, locale), axis.unit, locale), locale);
  const lines = [point.label, coordinate(spec.x, point.x, point.xText), coordinate(spec.y, point.y, point.yText)];
  const group = spec.groups?.categories.find((c) => c.key === point.group);
  if (group && spec.groups) lines.push(labelled(spec.groups.label, group.label, locale));
  return lines;
}
