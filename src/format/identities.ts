// The identities of the template drive the reading: they place the values of a row that
// printed fewer cells than its columns, fill a cell that only one value can satisfy, and
// tell a source's own arithmetic error from a cell the parser could not read.
import type { Identity } from './schema.ts';
import type { Cell } from './report.ts';
import { MAX_INT32 } from './counts.ts';

export type Grid = Cell[][];

/**
 * A row of `width` empty cells. Every grid row is made by this or rowOf, so that all rows have
 * one array shape (a row of numbers only would have another): the loops over grids stay
 * monomorphic and are not thrown back to the interpreter when a new shape turns up.
 */
export function emptyRow(width: number): Cell[] {
  return new Array<Cell>(width).fill(null);
}

/** A grid row holding `values` (see emptyRow). */
export function rowOf(values: readonly Cell[]): Cell[] {
  const row = emptyRow(values.length);
  for (let i = 0; i < values.length; i++) row[i] = values[i];
  return row;
}

/** A copy of the grid, row by row (see emptyRow). */
export function copyGrid(grid: Grid): Grid {
  return grid.map(rowOf);
}

const key = (r: number, c: number) => `${r},${c}`;

function sum(grid: Grid, cells: readonly (readonly [number, number])[]): number | null {
  let total = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const v = grid[cell[0]][cell[1]];
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
 * Each identity's cells as flat arrays (rows, columns, sign: +1 part, −1 whole), built once: the
 * loops below index them (no iterators, no destructuring: they run fast before the JIT warms up).
 */
interface Flat {
  rows: Int32Array;
  cols: Int32Array;
  signs: Int8Array;
}
const flatCells = new WeakMap<Identity, Flat>();
function flat(identity: Identity): Flat {
  let f = flatCells.get(identity);
  if (!f) {
    const cells = [...identity.parts.map((c) => [c, 1] as const), ...identity.whole.map((c) => [c, -1] as const)];
    f = { rows: Int32Array.from(cells, ([c]) => c[0]), cols: Int32Array.from(cells, ([c]) => c[1]), signs: Int8Array.from(cells, ([, s]) => s) };
    flatCells.set(identity, f);
  }
  return f;
}

export function hasNull(grid: Grid): boolean {
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    for (let c = 0; c < row.length; c++) if (row[c] === null) return true;
  }
  return false;
}

/**
 * Repeatedly solve every identity that has exactly one unknown cell. A solution that would be
 * negative or fractional is not a count: it is left unsolved (the source is inconsistent).
 * Mutates `grid`; returns what it filled, in order.
 */
export function solve(grid: Grid, identities: readonly Identity[]): Solved[] {
  const solved: Solved[] = [];
  // A table printed in full (the usual case) has nothing to solve.
  if (!hasNull(grid)) return solved;
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < identities.length; k++) {
      const identity = identities[k];
      const { rows, cols, signs } = flat(identity);
      const n = rows.length;
      // The unknown cells: how many, the last one, and whether any is a whole; the sum of the known ones.
      let nulls = 0;
      let last = -1;
      let wholeUnknown = false;
      let rest = 0;
      for (let i = 0; i < n; i++) {
        const v = grid[rows[i]][cols[i]];
        if (v === null) {
          nulls++;
          last = i;
          if (signs[i] !== 1) wholeUnknown = true;
        } else rest += signs[i] * v;
      }
      if (nulls === 0) continue;
      if (nulls > 1 && !wholeUnknown) {
        // Counts are never negative: parts that must add up to nothing are each zero.
        if (rest !== 0) continue;
        for (let i = 0; i < n; i++) {
          const r = rows[i];
          const c = cols[i];
          if (grid[r][c] !== null) continue;
          grid[r][c] = 0;
          solved.push({ row: r, col: c, value: 0, identity });
        }
        changed = true;
        continue;
      }
      if (nulls !== 1) continue;
      const value = -rest * signs[last];
      // Counts only: a negative or fractional solution means the source disagrees with itself;
      // one beyond the 32-bit column (a sum of printed numbers no count can be) is no count
      // either: derived, it would be flagged as printed (source.number_unholdable) and nulled
      // while `derived` kept it (counts.ts numberChecks). The cell stays empty.
      if (value < 0 || value > MAX_INT32 || Math.abs(value - Math.round(value)) > 1e-9) continue;
      const count = Math.round(value) === 0 ? 0 : Math.round(value); // never -0
      grid[rows[last]][cols[last]] = count;
      solved.push({ row: rows[last], col: cols[last], value: count, identity });
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
  /** `tooLarge`: of the placements, how many were refused only because a cell they force is beyond MAX_INT32 (no count). */
  | { kind: 'inconsistent'; placements: number; tooLarge: number };

/** The value an identity with one empty cell forces there. */
function forced(grid: Grid, identity: Identity): number {
  const { rows, cols, signs } = flat(identity);
  let rest = 0;
  let sign = 1;
  for (let i = 0; i < rows.length; i++) {
    const v = grid[rows[i]][cols[i]];
    if (v === null) sign = signs[i];
    else rest += signs[i] * v;
  }
  return -rest * sign;
}

/**
 * A row printed `values.length` numbers for `width` columns. Try every way of keeping the
 * printed order; keep the ways under which no identity touching the row is broken. Accept when
 * every surviving way yields the same completed row (so the choice cannot change a number).
 */
export function placeShortRow(grid: Grid, identities: readonly Identity[], row: number, values: number[], width: number): Placed {
  const relevant = touching(identities, row);
  const outcomes: { positions: number[]; completed: string }[] = [];
  const all = combinations(width, values.length);
  let tooLarge = 0;
  for (const positions of all) {
    const trial = copyGrid(grid);
    trial[row] = emptyRow(width);
    positions.forEach((p, i) => (trial[row][p] = values[i]));
    solve(trial, identities);
    // Broken, or left with one unknown that no count can fill (negative, fractional, or beyond
    // the column: solve leaves it); the last only, counted, so the report can say so.
    if (relevant.some((i) => holds(trial, i) === false)) continue;
    const unfilled = relevant.filter((i) => unknowns(trial, i) === 1);
    if (unfilled.length) {
      if (unfilled.every((i) => forced(trial, i) > MAX_INT32)) tooLarge++;
      continue;
    }
    outcomes.push({ positions, completed: JSON.stringify(trial[row]) });
  }
  if (outcomes.length === 0) return { kind: 'inconsistent', placements: all.length, tooLarge };
  if (new Set(outcomes.map((o) => o.completed)).size > 1) return { kind: 'ambiguous', candidates: outcomes.length };
  return { kind: 'placed', positions: outcomes[0].positions, candidates: outcomes.length };
}

export function cellsOf(identity: Identity): [number, number][] {
  return [...identity.parts, ...identity.whole];
}

export { key as cellKey };
