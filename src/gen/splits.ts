// Glued digits, seen from the generator's side: the generator knows the numbers it glued, and
// computes here, by brute force over the template's identities (schema.ts) and nothing of the
// parser, which cells any reader of the glued text could tell and which it could not.
//
//   readings(digits, k, group)   every way to read a run as k numbers (no leading zeros) such that in
//                                every group of `group` numbers the last is the sum of the others
//   countSplits(...)             how many, stopping at a limit
//   undecidable(...)             the cells of a glued table that differ between the readings of the
//                                whole table satisfying every identity (a correct reader leaves them null)
import { IDENTITIES, type Identity } from '../format/schema.ts';

/** Readings of a run; null when there are more than `limit` (the caller decides what that means). */
export function readings(digits: string, k: number, group: number, limit = 20_000): number[][] | null {
  const out: number[][] = [];
  const n = digits.length;
  const values: number[] = [];
  let overflow = false;
  const walk = (pos: number, sum: number): void => {
    if (overflow) return;
    const part = values.length;
    const left = k - part;
    if (left === 0) {
      if (pos === n) {
        if (out.length >= limit) overflow = true;
        else out.push([...values]);
      }
      return;
    }
    if (group > 0 && (part + 1) % group === 0) {
      // The group's total is forced: it must read as the sum of the others.
      const s = String(sum);
      if (digits.startsWith(s, pos) && n - pos - s.length >= left - 1) {
        values.push(sum);
        walk(pos + s.length, 0);
        values.pop();
      }
      return;
    }
    const maxEnd = n - (left - 1);
    for (let end = pos + 1; end <= maxEnd; end++) {
      if (end - pos > 1 && digits[pos] === '0') break;
      const v = Number(digits.slice(pos, end));
      values.push(v);
      walk(end, sum + v);
      values.pop();
      if (overflow) return;
    }
  };
  walk(0, 0);
  return overflow ? null : out;
}

export function countSplits(digits: string, k: number, group: number, limit = 2): number {
  const r = readings(digits, k, group, limit);
  return r === null ? limit : r.length;
}

const T3_IDENTITIES: readonly Identity[] = IDENTITIES.filter((i) => i.table === 'table3' && !i.layout);

/**
 * Table 3 printed with each row's digits glued into one run: every reading of every row that
 * keeps its row sum, then every combination across rows that keeps the column identities.
 * Returns the cells ([row, col]) whose value is not the same in all surviving combinations, or
 * null when the search is too large to finish (the caller draws other numbers).
 */
export function undecidableTable3(t3: number[][], budget = 3_000_000): [number, number][] | null {
  const options: number[][][] = [];
  for (const row of t3) {
    const r = readings(row.join(''), 7, 7, 5_000);
    if (r === null) return null;
    options.push(r);
  }
  const rows = t3.length;
  // The identities, each checked once its last row is chosen.
  const checkAt = new Map<number, Identity[]>();
  for (const id of T3_IDENTITIES) {
    const last = Math.max(...[...id.parts, ...id.whole].map(([r]) => r));
    checkAt.set(last, [...(checkAt.get(last) ?? []), id]);
  }
  const chosen: number[][] = [];
  const seen: Set<number>[][] = t3.map((row) => row.map(() => new Set<number>()));
  let steps = 0;
  let overflow = false;
  const value = (cells: [number, number][]) => cells.reduce((s, [r, c]) => s + chosen[r][c], 0);
  const pick = (r: number): void => {
    if (overflow) return;
    if (r === rows) {
      chosen.forEach((row, i) => row.forEach((v, c) => seen[i][c].add(v)));
      return;
    }
    for (const reading of options[r]) {
      if (++steps > budget) return void (overflow = true);
      chosen.push(reading);
      if ((checkAt.get(r) ?? []).every((id) => value(id.parts) === value(id.whole))) pick(r + 1);
      chosen.pop();
      if (overflow) return;
    }
  };
  pick(0);
  if (overflow) return null;
  const out: [number, number][] = [];
  seen.forEach((row, r) => row.forEach((s, c) => {
    if (s.size > 1) out.push([r, c]);
  }));
  return out;
}

/** Table 4 printed as one run of fifteen numbers in three groups of five: the cells its readings disagree on; null when too many. */
export function undecidableTable4(t4: number[]): number[] | null {
  const r = readings(t4.join(''), 15, 5, 20_000);
  if (r === null) return null;
  return t4.flatMap((_, i) => (new Set(r.map((x) => x[i])).size > 1 ? [i] : []));
}

/**
 * A table 2 row of three numbers glued (no identity ties them): the cells its readings disagree
 * on, after keeping only the readings that agree with the numbers the narrative states
 * (`stated[i]` the number stated for cell i, or undefined).
 */
export function undecidableTriple(values: readonly number[], stated: readonly (number | undefined)[] = []): number[] | null {
  const r = readings(values.join(''), 3, 0, 20_000);
  if (r === null) return null;
  const kept = r.filter((x) => x.every((v, i) => stated[i] === undefined || stated[i] === v));
  return values.flatMap((_, i) => (new Set(kept.map((x) => x[i])).size > 1 ? [i] : []));
}
