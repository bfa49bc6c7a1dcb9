// Scale choice for the scatter: counts of applications run from 0 to tens of thousands, so a
// linear axis crushes most agencies into a corner. A symlog scale (linear near 0, log beyond)
// spreads them and, unlike log, draws zero.

import type { ScaleType } from './types.ts';

/** True when the positive values span more than `orders` orders of magnitude (max/min > 10^orders). */
export function spansOrders(values: readonly (number | null)[], orders = 2): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value === null || !Number.isFinite(value) || value <= 0) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return max > 0 && min < Infinity && max / min > 10 ** orders;
}

/** The scale actually drawn: 'auto' becomes 'log' (symlog) when the data span more than two orders. */
export function resolveScale(type: ScaleType | undefined, values: readonly (number | null)[]): 'linear' | 'log' {
  if (type === 'linear' || type === 'log') return type;
  return spansOrders(values) ? 'log' : 'linear';
}

/** Ticks for a symlog axis from 0 to max: 0, 1, 10, 100, …, adding 2× and 5× steps when there are few decades. */
export function symlogTicks(max: number): number[] {
  if (!(max > 0)) return [0];
  const ticks = [0];
  const decades = Math.ceil(Math.log10(max));
  const steps = decades <= 2 ? [1, 2, 5] : [1];
  for (let power = 0; power <= decades; power++) {
    for (const step of steps) {
      const tick = step * 10 ** power;
      if (tick <= max * 1.0001) ticks.push(tick);
    }
  }
  return ticks;
}
