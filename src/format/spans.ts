// Where a cell was printed: a range of the source text (the text written to sources/ and shown on
// the report's page), in UTF-16 code units (JS string indices) of the whole text, end exclusive.
import type { PrintedValue } from './rows.ts';

export type Span = [start: number, end: number];

export function spanOf(v: { start?: number; end?: number } | undefined): Span | null {
  return v && v.start !== undefined && v.end !== undefined ? [v.start, v.end] : null;
}

/** The whole of a run of printed values: from the first one's start to the last one's end. */
export function runSpan(values: readonly PrintedValue[]): Span | null {
  const first = spanOf(values[0]);
  const last = spanOf(values[values.length - 1]);
  return first && last ? [first[0], last[1]] : null;
}

/**
 * A glued run (runs of digits, in order) read as `numbers` (glued.ts rowReadings: each number a
 * contiguous piece of one run, no leading zeros, a decimal never cut): each number's own
 * sub-range. Where the numbers do not retrace the run, every number gets the whole run.
 */
export function splitSpans(values: readonly PrintedValue[], numbers: readonly number[]): (Span | null)[] {
  const whole = () => numbers.map(() => runSpan(values));
  const out: (Span | null)[] = [];
  let i = 0;
  let pos = 0;
  for (const n of numbers) {
    const v = values[i];
    if (!v || v.start === undefined) return whole();
    const raw = v.raw;
    if (/[.,]/.test(raw)) {
      if (pos !== 0) return whole();
      out.push([v.start, v.start + raw.length]);
      i++;
      continue;
    }
    const signed = pos === 0 && /^[-−]/.test(raw) ? 1 : 0;
    const digits = String(Math.abs(n));
    if (!raw.startsWith(digits, pos + signed)) return whole();
    out.push([v.start + pos, v.start + pos + signed + digits.length]);
    pos += signed + digits.length;
    if (pos === raw.length) [i, pos] = [i + 1, 0];
  }
  return i === values.length ? out : whole();
}
