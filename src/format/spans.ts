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
  // Char-code tests and plain loops, not patterns and destructuring: a glued report calls this for
  // some thirty runs (prs19: ~10 % of such a report's parse before).
  const out: (Span | null)[] = [];
  let i = 0;
  let pos = 0;
  for (let k = 0; k < numbers.length; k++) {
    const v = values[i];
    if (v === undefined || v.start === undefined) return wholeSpans(values, numbers.length);
    const raw = v.raw;
    if (hasDecimalMark(raw)) {
      if (pos !== 0) return wholeSpans(values, numbers.length);
      out.push([v.start, v.start + raw.length]);
      i++;
      continue;
    }
    const first = pos === 0 ? raw.charCodeAt(0) : 0;
    const signed = first === 0x2d || first === 0x2212 ? 1 : 0;
    const length = printedAt(raw, pos + signed, Math.abs(numbers[k]));
    if (length < 0) return wholeSpans(values, numbers.length);
    out.push([v.start + pos, v.start + pos + signed + length]);
    pos += signed + length;
    if (pos === raw.length) {
      i++;
      pos = 0;
    }
  }
  return i === values.length ? out : wholeSpans(values, numbers.length);
}

/** Every one of `count` numbers spans the whole run. */
function wholeSpans(values: readonly PrintedValue[], count: number): (Span | null)[] {
  const out: (Span | null)[] = [];
  for (let k = 0; k < count; k++) out.push(runSpan(values));
  return out;
}

/**
 * The length of String(n) where `raw` holds it at `from`, else -1. A whole number below 10^15
 * is compared digit by digit: String() of a number read from a double array is a runtime call
 * where V8's small cache misses (most of splitSpans' time in a parse).
 */
function printedAt(raw: string, from: number, n: number): number {
  if (!(Number.isInteger(n) && n < 1e15)) {
    const digits = String(n);
    return raw.startsWith(digits, from) ? digits.length : -1;
  }
  let length = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) length++;
  if (from + length > raw.length) return -1;
  let x = n;
  for (let j = from + length - 1; j >= from; j--) {
    if (raw.charCodeAt(j) !== 0x30 + (x % 10)) return -1;
    x = Math.floor(x / 10);
  }
  return length;
}

/** Whether `raw` holds a "." or a "," (as /[.,]/ tests). */
function hasDecimalMark(raw: string): boolean {
  for (let j = 0; j < raw.length; j++) {
    const c = raw.charCodeAt(j);
    if (c === 0x2e || c === 0x2c) return true;
  }
  return false;
}
