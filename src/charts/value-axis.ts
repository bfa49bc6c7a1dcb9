// The value axis of a bar chart (and a scatter's linear axes): its domain and the ticks it
// writes. Two degenerate cases made an axis say what the data do not:
// - every stated value 0 (a page of processing fees all 0 元): d3 made the domain 0–1 and wrote
//   0, 0.1, … 1 元, fees that exist nowhere. Now the axis has the one tick 0, and the chart says in
//   words that every stated value is 0 (allZeroNote);
// - counts (whole numbers) over a short range (1 case): ticks of 0.2 case. Where every value is a
//   whole number, only whole ticks are written.

import * as d3 from 'd3';
import type { BarsSpec, ChartSpec } from './types.ts';
import { axisTitle, labelled, WORDS } from './words.ts';

export interface ValueAxis {
  /** The scale's domain, from 0 or below; [0, 1] when every value is 0 (0 at the left, nothing else drawn). */
  domain: [number, number];
  /** The ticks to write. */
  ticks: number[];
  /** At least one value, and every one 0. */
  allZero: boolean;
}

/**
 * `values`: the stated values (finite numbers); `fixed`: a domain shared with other panels (small
 * multiples), widened to hold these values and 0; `count`: about how many ticks fit.
 */
export function valueAxis(values: readonly number[], count: number, fixed?: readonly [number, number]): ValueAxis {
  const lo = Math.min(0, fixed?.[0] ?? 0, d3.min(values) ?? 0);
  const hi = Math.max(0, fixed?.[1] ?? 0, d3.max(values) ?? 0);
  const allZero = values.length > 0 && values.every((v) => v === 0);
  if (lo === hi) return { domain: [0, 1], ticks: [0], allZero };
  const scale = d3.scaleLinear().domain([lo, hi]).nice();
  const whole = values.every(Number.isInteger) && (!fixed || fixed.every(Number.isInteger));
  const ticks = scale.ticks(count).filter((t) => !whole || Number.isInteger(t));
  const [a, b] = scale.domain();
  return { domain: [a, b], ticks, allZero };
}

/** A bar chart's stated values: the rows (and total) neither too few nor not stated. */
export function statedValues(spec: BarsSpec): number[] {
  return [spec.total, ...spec.rows].flatMap((row) => (row && !row.tooFew && typeof row.value === 'number' && Number.isFinite(row.value) ? [row.value] : []));
}

/**
 * The sentence a bar chart adds to its description when every stated value is 0 (its axis then
 * shows 0 alone): 「信息处理费（元）：已说明的数值均为 0。」, "Processing fee (yuan): every stated value is 0."
 */
export function allZeroNote(spec: ChartSpec): string | null {
  if (spec.kind !== 'bars') return null;
  const values = statedValues(spec);
  if (values.length === 0 || values.some((v) => v !== 0)) return null;
  const words = WORDS[spec.locale];
  return `${labelled(axisTitle(spec.x, spec.locale), words.allZero, spec.locale)}${spec.locale === 'zh' ? '。' : '.'}`;
}
