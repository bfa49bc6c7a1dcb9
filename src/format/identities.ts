// The identities of the template drive the reading: they place the values of a row that
// printed fewer cells than its columns, fill a cell that only one value can satisfy, and
// tell a source's own arithmetic error from a cell the parser could not read.
import type { Identity } from './schema.ts';
import type { Cell } from './report.ts';

export type Grid = Cell[][];

const key = (r: number, c: number) => `${r},${c}`;

function sum(grid: Grid, cells: [number, number][]): number | null {
  let total = 0;
  for (const [r, c] of cells) {
    const v = grid[r][c];
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** Floating sums of integers stay exact here, but fees and rounding in sources do not. */
const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

export function holds(grid: Grid, identity: Identity): boolean | null {
  const parts = sum(grid, identity.parts);
  const whole = sum(grid, identity.whole);
  if (parts === null || whole === null) return null;
  return same(parts, whole);
}

export interface Solved {
  row: number;
  col: number;
  value: number;
  identity: Identity;
}

/**
 * Repeatedly solve every identity that has exactly one unknown cell. A solution that would be
 * negative or fractional is not a count: it is left unsolved (the source is inconsistent).
 * Mutates `grid`; returns what it filled, in order.
 */
/** Each identity's cells with their sign (+1 part, −1 whole), built once. */
const signedCells = new WeakMap<Identity, (readonly [readonly [number, number], 1 | -1])[]>();
function signed(identity: Identity) {
  let cells = signedCells.get(identity);
  if (!cells) {
    cells = [...identity.parts.map((c) => [c, 1] as const), ...identity.whole.map((c) => [c, -1] as const)];
    signedCells.set(identity, cells);
  }
  return cells;
}

function hasNull(grid: Grid): boolean {
  for (const row of grid) for (const v of row) if (v === null) return true;
  return false;
}

export function solve(grid: Grid, identities: readonly Identity[]): Solved[] {
  const solved: Solved[] = [];
  // A table printed in full (the usual case) has nothing to solve.
  if (!hasNull(grid)) return solved;
  for (let changed = true; changed; ) {
    changed = false;
    for (const identity of identities) {
      const cells = signed(identity);
      let nulls = 0;
      for (const [[r, c]] of cells) if (grid[r][c] === null) nulls++;
      if (nulls === 0) continue;
      const unknown = cells.filter(([[r, c]]) => grid[r][c] === null);
      if (unknown.length > 1 && unknown.every(([, sign]) => sign === 1)) {
        // Counts are never negative: parts that must add up to nothing are each zero.
        let rest = 0;
        for (const [[rr, cc], s] of cells) if (grid[rr][cc] !== null) rest += s * (grid[rr][cc] as number);
        if (rest !== 0) continue;
        for (const [[r, c]] of unknown) {
          grid[r][c] = 0;
          solved.push({ row: r, col: c, value: 0, identity });
        }
        changed = true;
        continue;
      }
      if (unknown.length !== 1) continue;
      const [[r, c], sign] = unknown[0];
      let rest = 0;
      for (const [[rr, cc], s] of cells) if (grid[rr][cc] !== null) rest += s * (grid[rr][cc] as number);
      const value = -rest * sign;
      // Counts only: a negative or fractional solution means the source disagrees with itself.
      if (value < 0 || Math.abs(value - Math.round(value)) > 1e-9) continue;
      const count = Math.round(value) === 0 ? 0 : Math.round(value); // never -0
      grid[r][c] = count;
      solved.push({ row: r, col: c, value: count, identity });
      changed = true;
    }
  }
  return solved;
}

function unknowns(grid: Grid, identity: Identity): number {
  return cellsOf(identity).filter(([r, c]) => grid[r][c] === null).length;
}

export function touching(identities: readonly Identity[], row: number): Identity[] {
  return identities.filter((i) => [...i.parts, ...i.whole].some(([r]) => r === row));
}

function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, acc: number[]) => {
    if (acc.length === k) return void out.push([...acc]);
    for (let i = start; i <= n - (k - acc.length); i++) pick(i + 1, [...acc, i]);
  };
  pick(0, []);
  return out;
}

export type Placed =
  | { kind: 'placed'; positions: number[]; candidates: number }
  | { kind: 'ambiguous'; candidates: number }
  | { kind: 'inconsistent' };

/**
 * A row printed `values.length` numbers for `width` columns. Try every way of keeping the
 * printed order; keep the ways under which no identity touching the row is broken. Accept when
 * every surviving way yields the same completed row (so the choice cannot change a number).
 */
export function placeShortRow(grid: Grid, identities: readonly Identity[], row: number, values: number[], width: number): Placed {
  const relevant = touching(identities, row);
  const outcomes: { positions: number[]; completed: string }[] = [];
  for (const positions of combinations(width, values.length)) {
    const trial = grid.map((r) => [...r]);
    trial[row] = new Array<Cell>(width).fill(null);
    positions.forEach((p, i) => (trial[row][p] = values[i]));
    solve(trial, identities);
    // Broken, or left with one unknown that no count can fill (it would be negative).
    if (relevant.some((i) => holds(trial, i) === false || unknowns(trial, i) === 1)) continue;
    outcomes.push({ positions, completed: JSON.stringify(trial[row]) });
  }
  if (outcomes.length === 0) return { kind: 'inconsistent' };
  if (new Set(outcomes.map((o) => o.completed)).size > 1) return { kind: 'ambiguous', candidates: outcomes.length };
  return { kind: 'placed', positions: outcomes[0].positions, candidates: outcomes.length };
}

export function cellsOf(identity: Identity): [number, number][] {
  return [...identity.parts, ...identity.whole];
}

export { key as cellKey };
