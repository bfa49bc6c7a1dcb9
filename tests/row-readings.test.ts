// glued.ts rowReadings was rewritten for speed (each chunk read once, numbers built digit by
// digit, sums looked up by position): every reading, in the same order, and the same null on
// overflow, as the search it replaced (kept here verbatim as the reference), over random rows.
import { describe, expect, it } from 'vitest';
import { rowReadings, type RowSum } from '../src/format/glued.ts';
import { rowOf } from '../src/format/identities.ts';

function referenceReadings(chunks: string[], width: number, sums: readonly RowSum[] = [], budget = 2_000_000, limit = 10_000): number[][] | null {
  const parsed = chunks.map((c) => {
    const signed = /^[-−]/.test(c);
    return { digits: signed ? c.slice(1) : c, signed };
  });
  if (parsed.some((p) => !/^[0-9.,]+$/.test(p.digits))) return [];
  const checkAt = new Map<number, RowSum[]>();
  for (const sum of sums) {
    const last = Math.max(sum.whole, ...sum.parts);
    checkAt.set(last, [...(checkAt.get(last) ?? []), sum]);
  }
  const out: number[][] = [];
  const values: number[] = [];
  let steps = 0;
  let overflow = false;
  const ok = () => (checkAt.get(values.length - 1) ?? []).every((s) => s.parts.reduce((t, i) => t + values[i], 0) === values[s.whole]);
  // chunk i, position within its digits, numbers still to place
  const walk = (i: number, at: number, first: boolean) => {
    if (overflow) return;
    if (++steps > budget || out.length > limit) return void (overflow = true);
    const { digits, signed } = parsed[i];
    const chunksLeft = parsed.length - i - 1;
    const numbersLeft = width - values.length;
    if (numbersLeft <= chunksLeft) return; // every later chunk needs at least one number
    if (/[.,]/.test(digits)) {
      // A decimal is one number: it is never cut.
      values.push(Number(digits.replace(/,/g, '')) * (signed ? -1 : 1));
      if (ok()) next(i);
      values.pop();
      return;
    }
    for (let end = at + 1; end <= digits.length; end++) {
      const part = digits.slice(at, end);
      if (part.length > 1 && part[0] === '0') break;
      values.push(Number(part) * (signed && first ? -1 : 1));
      if (ok()) {
        if (end === digits.length) next(i);
        else if (values.length < width) walk(i, end, false);
      }
      values.pop();
      if (overflow) return;
    }
  };
  const next = (i: number) => {
    if (i + 1 === parsed.length) {
      if (values.length === width) out.push(rowOf(values) as number[]);
    } else walk(i + 1, 0, true);
  };
  if (parsed.length) walk(0, 0, true);
  return overflow ? null : out;
}

describe('rowReadings', () => {
  it('gives what the former search gave, reading for reading', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    let compared = 0;
    for (let n = 0; n < 3000; n++) {
      const chunks = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
        const length = 1 + Math.floor(rnd() * (rnd() < 0.1 ? 20 : 9));
        let digits = Array.from({ length }, () => pick([...'0000123456789'])).join('');
        if (rnd() < 0.05) digits = `${digits.slice(0, 3)}.${digits.slice(3) || '5'}`;
        if (rnd() < 0.03) digits = `${digits},${pick(['000', '123'])}`;
        if (rnd() < 0.02) digits = `${digits}x`;
        return (rnd() < 0.1 ? pick(['-', '−']) : '') + digits;
      });
      const width = 1 + Math.floor(rnd() * 9);
      const sums: RowSum[] = [];
      for (let k = 0; k < Math.floor(rnd() * 3); k++) {
        const whole = Math.floor(rnd() * width);
        const parts = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Math.floor(rnd() * width)).filter((p) => p !== whole);
        if (parts.length) sums.push({ parts, whole });
      }
      const budget = rnd() < 0.2 ? 50 : 2_000_000;
      const limit = rnd() < 0.2 ? 5 : 10_000;
      const want = referenceReadings(chunks, width, sums, budget, limit);
      const got = rowReadings(chunks, width, sums, budget, limit);
      expect(got, JSON.stringify({ chunks, width, sums, budget, limit })).toEqual(want);
      if (want && want.length) compared++;
    }
    // Most draws have readings to compare (not only empty lists).
    expect(compared).toBeGreaterThan(500);
  });
});
