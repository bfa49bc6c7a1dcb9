// Text copied from web pages often loses the cell boundaries: `21710000218` for
// 217 | 1 | 0 | 0 | 0 | 0 | 218. The digits are all there, only the splits are lost; the
// identities of the template usually allow exactly one split. Where more than one split
// satisfies every identity, the cells stay null and the report says so.
import { makeLine, type Line } from './lines.ts';
import type { Cell } from './report.ts';
import type { Identity } from './schema.ts';
import { copyGrid, hasNull, holds, rowOf, solve, type Grid } from './identities.ts';
import { headingNumerals, mayHoldNearHeading, nearHeading, type SectionKey } from './sections.ts';

/** Table labels that only a table holds: a long line with two of them has a table glued into it. */
const TABLE_WORDS = ['本年新收', '上年结转', '予以公开', '结转下年度', '本年制发件数', '行政许可', '结果维持', '本年新制作数量'];
const HEADING = /(?=[二三四五六][、.．](?:主动公开政府信息|收到和处理政府信息公开申请|政府信息公开行政复议|因政府信息公开申请行政复议|(?:政府信息公开工作)?存在的?主要问题|其他需要报告的事项))/g;

export function looksGlued(line: string): boolean {
  if (line.length <= 150) return false;
  // Counted in a loop (no array per long line), stopping at the second word.
  let found = 0;
  for (let i = 0; i < TABLE_WORDS.length; i++) if (line.includes(TABLE_WORDS[i]) && ++found === 2) return true;
  return false;
}

/**
 * One long line with tables glued in → lines, one per section, each cut into cells at every
 * boundary between words and digits. Digit runs are kept whole (marked glued); a digit run
 * followed by ".属于…" gives its last digit back to the label it numbers.
 */
export function unglueLine(line: string, base = 0): Line[] {
  return splitAtHeadings(line).filter(({ part }) => part.trim()).map(({ part, from }) => {
    const { cells, at } = cutCells(part, base + from);
    return makeLine(cells, false, at, true);
  });
}

const NEAR_KEYS: [SectionKey, number][] = [['table2', 10], ['table3', 17], ['table4', 18], ['problems', 13], ['other', 9]];
/**
 * The NEAR_KEYS a heading numbered with each numeral can be (sections.ts nearHeading is false for
 * the others: its numeral is not theirs), so that each numeral found is compared with its own
 * section's words only, not with all five.
 */
const NEAR_KEYS_BY_NUMERAL = new Map(['二', '三', '四', '五', '六'].map((numeral) => [numeral, NEAR_KEYS.filter(([key]) => headingNumerals(key).includes(numeral))]));

/** The line cut before every heading: the template's words, or words near them (a typo, a stray character). */
function splitAtHeadings(line: string): { part: string; from: number }[] {
  const cuts = new Set<number>();
  for (const m of line.matchAll(HEADING)) cuts.add(m.index!);
  for (const m of line.matchAll(/[二三四五六][、.．]/g)) {
    const at = m.index!;
    if (cuts.has(at)) continue;
    // A heading near the template's: its numeral, then about as many characters as the template's words.
    if (NEAR_KEYS_BY_NUMERAL.get(line[at])!.some(([key, len]) => {
      // The longest window tried below holds every shorter one: too few of the words there, none is near.
      if (!mayHoldNearHeading(line.slice(at, at + 2 + len + 5), key)) return false;
      for (let l = len - 2; l <= len + 5; l++) if (nearHeading(line.slice(at, at + 2 + l), key)) return true;
      return false;
    })) cuts.add(at);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const parts: { part: string; from: number }[] = [];
  let from = 0;
  for (const c of sorted) {
    if (c > from) parts.push({ part: line.slice(from, c), from });
    from = c;
  }
  parts.push({ part: line.slice(from), from });
  return parts;
}

/** The cells of a part of a glued line, and where each starts in the source text (the part starts at `base`). */
function cutCells(text: string, base: number): { cells: string[]; at: number[] } {
  // A run of digits, with decimal points and separators only between digits, and runs
  // separated by spaces kept together (each run is one chunk).
  // A minus sign right before digits (the 2019 template's 本年增/减) stays with them.
  const pieces = text.split(/([-−]?[0-9０-９](?:[0-9０-９]|[.,](?=[0-9０-９]))*(?:[ \u00a0\u3000]+[-−]?[0-9０-９](?:[0-9０-９]|[.,](?=[0-9０-９]))*)*)/);
  const cells: string[] = [];
  const at: number[] = [];
  // The pieces of a split with one capture group are the whole text, in order: offsets add up.
  const offsets: number[] = [];
  for (let i = 0, o = base; i < pieces.length; o += pieces[i].length, i++) offsets.push(o);
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i];
    if (i % 2 === 1) {
      // "…1.属于国家秘密": a trailing digit glued to a numbered label belongs to the label.
      const next = pieces[i + 1] ?? '';
      if (/^[.．、]\s*[\u4e00-\u9fff]/.test(next)) {
        const m = /^(.*?)\s*(\d)$/.exec(piece);
        if (m) {
          pieces[i + 1] = m[2] + next;
          offsets[i + 1] = offsets[i] + piece.length - 1;
          piece = m[1];
        }
      }
      let from = 0;
      for (const cell of piece.trim().split(/[ \u00a0\u3000]+/).filter(Boolean)) {
        const k = piece.indexOf(cell, from);
        from = k + cell.length;
        cells.push(cell);
        at.push(offsets[i] + k);
      }
    } else if (piece.trim()) {
      cells.push(piece.trim());
      at.push(offsets[i] + piece.length - piece.trimStart().length);
    }
  }
  return { cells, at };
}

/** Every way to cut a run of digits into `k` numbers, none with a leading zero. */
export function compositions(chunk: string, k: number): number[][] {
  return rowReadings([chunk], k) ?? [];
}

/** A constraint within one row: the numbers at `parts` add up to the number at `whole`. */
export interface RowSum {
  parts: number[];
  whole: number;
}

/**
 * Every way to read `chunks` (runs of digits, in order) as exactly `width` numbers that keep
 * every `sums` constraint. A depth-first search that checks each constraint as soon as its
 * numbers are all placed, so a long run of table 4 (24 digits into 15 numbers, ~800,000 cuts)
 * is pruned group by group. Returns null, never a partial list, when the search grows past
 * `budget` steps or `limit` readings: a truncated list could make a wrong reading look unique.
 *
 * `counts` (tables 3 and 4): a reading holds only numbers a count can be (`holdable`), so that
 * no sum or identity is kept or broken by a number numberChecks would then throw away (3 billion,
 * 12.5), as a row read the normal way sets such a number aside before its identities (tables.ts
 * countOf). A number cut out of a run is the reader's guess, and a guess no count can be is not
 * made (as solve derives none); a chunk that is one such number leaves the row no reading. Then
 * `counts.refused` is set, so that the report can say why no split was found.
 */
export function rowReadings(chunks: string[], width: number, sums: readonly RowSum[] = [], budget = 2_000_000, limit = 10_000,
  counts: CountRule | null = null): number[][] | null {
  // Each chunk read once: its digits, its sign, and whether it is a decimal (one number, never cut).
  const n = chunks.length;
  const digitsOf: string[] = new Array(n);
  const signedOf: boolean[] = new Array(n);
  const decimalOf: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = chunks[i];
    const signed = /^[-−]/.test(c);
    const digits = signed ? c.slice(1) : c;
    if (!/^[0-9.,]+$/.test(digits)) return [];
    digitsOf[i] = digits;
    signedOf[i] = signed;
    decimalOf[i] = /[.,]/.test(digits) ? Number(digits.replace(/,/g, '')) * (signed ? -1 : 1) : null;
  }
  // The sums to check once the number at a position is placed (their last cell), by position.
  const checkAt: RowSum[][] = [];
  for (const sum of sums) {
    const last = Math.max(sum.whole, ...sum.parts);
    (checkAt[last] ??= []).push(sum);
  }
  const out: number[][] = [];
  const values: number[] = [];
  const holdable = counts?.holdable;
  // How many numbers the chunks after each can give at most (a digit each; a decimal one): a
  // number no count can be is said to be refused only where a reading could have held it.
  const room: number[] = new Array(n).fill(0);
  for (let i = n - 2; i >= 0; i--) room[i] = room[i + 1] + (decimalOf[i + 1] !== null ? 1 : digitsOf[i + 1].length);
  let steps = 0;
  let overflow = false;
  /** Every sum whose last cell is the number just placed holds. */
  const ok = (): boolean => {
    const due = checkAt[values.length - 1];
    if (due === undefined) return true;
    for (let s = 0; s < due.length; s++) {
      const { parts, whole } = due[s];
      let total = 0;
      for (let k = 0; k < parts.length; k++) total += values[parts[k]];
      if (total !== values[whole]) return false;
    }
    return true;
  };
  // chunk i, position within its digits, first: at the chunk's start (where its sign applies)
  const walk = (i: number, at: number, first: boolean): void => {
    if (overflow) return;
    if (++steps > budget || out.length > limit) {
      overflow = true;
      return;
    }
    const digits = digitsOf[i];
    // Every later chunk needs at least one number.
    if (width - values.length <= n - i - 1) return;
    const decimal = decimalOf[i];
    if (decimal !== null) {
      if (holdable !== undefined && !holdable(decimal)) return void (counts!.refused = true);
      values.push(decimal);
      if (ok()) next(i);
      values.pop();
      return;
    }
    const sign = signedOf[i] && first ? -1 : 1;
    // No part of more than one digit starts with a zero: "0" alone, then stop.
    const zero = digits.charCodeAt(at) === 0x30;
    // The part's value, digit by digit (exact below 16 digits; longer parts as Number reads them).
    let value = 0;
    for (let end = at + 1; end <= digits.length; end++) {
      if (zero && end > at + 1) break;
      value = end - at <= 15 ? value * 10 + (digits.charCodeAt(end - 1) - 0x30) : Number(digits.slice(at, end));
      if (holdable !== undefined && !holdable(value * sign)) {
        // No count: nor is any longer number from here (its sign is the same).
        if (digits.length - end + room[i] >= width - values.length - 1) counts!.refused = true;
        break;
      }
      values.push(value * sign);
      if (ok()) {
        if (end === digits.length) next(i);
        else if (values.length < width) walk(i, end, false);
      }
      values.pop();
      if (overflow) return;
    }
  };
  const next = (i: number): void => {
    if (i + 1 === n) {
      if (values.length === width) out.push(rowOf(values) as number[]);
    } else walk(i + 1, 0, true);
  };
  if (n) walk(0, 0, true);
  return overflow ? null : out;
}

/** What the numbers of a glued row must be (rowReadings): `refused` is set when a number was not read because no count can be it. */
export interface CountRule {
  holdable: (n: number) => boolean;
  refused?: boolean;
}

export interface GluedRow {
  row: number;
  chunks: string[];
}

/** For a list of identities (the schema's, so few and fixed; a table's printed numbers break some: a list without them): each row's sums within the row, and the identities touching the row. */
interface RowIndex {
  sums: Map<number, RowSum[]>;
  touching: Map<number, Identity[]>;
}
const rowIndexes = new WeakMap<readonly Identity[], RowIndex>();

function rowIndex(identities: readonly Identity[]): RowIndex {
  let index = rowIndexes.get(identities);
  if (index) return index;
  index = { sums: new Map(), touching: new Map() };
  const add = <T>(map: Map<number, T[]>, row: number, item: T) => (map.get(row) ?? map.set(row, []).get(row)!).push(item);
  for (const identity of identities) {
    const rows = new Set([...identity.parts, ...identity.whole].map(([r]) => r));
    for (const row of rows) add(index.touching, row, identity);
    if (rows.size === 1 && identity.whole.length === 1) {
      add(index.sums, identity.whole[0][0], { parts: identity.parts.map(([, c]) => c), whole: identity.whole[0][1] });
    }
  }
  rowIndexes.set(identities, index);
  return index;
}

export type Unglued =
  /**
   * `alone`: no choice of the open rows together keeps every identity (the printed numbers
   * disagree somewhere), and this row's own checks allow one split: read, to be looked at.
   */
  | { kind: 'split'; values: number[]; readings: number; alone?: true }
  | { kind: 'ambiguous'; readings: number; /** Per cell: the number every surviving reading agrees on, else null. */ agreed: (number | null)[] }
  | { kind: 'none'; /** A number no count can be was not read (rowReadings `counts`): no split into counts was found. */ refused?: true }
  | { kind: 'too_many' };

/**
 * Read glued rows into `grid`: each row's readings are kept when no identity touching only
 * known cells breaks; then the rows still open are tried together against every identity.
 * A row is filled when all surviving joint readings agree on it; when no joint reading survives,
 * by its own readings (`alone`).
 * `holdable` (tables 3 and 4): the numbers a count can be; no reading holds another (rowReadings).
 */
export function unglueRows(grid: Grid, rows: GluedRow[], identities: readonly Identity[], width: number,
  holdable?: (n: number) => boolean): Map<number, Unglued> {
  const result = new Map<number, Unglued>();
  // An identity the printed numbers already break (all its cells known, none in a glued row) is
  // broken whatever the split: it says nothing of how to split, and kept it would refuse every
  // reading of every row. The table's identity checks report it; the splits use the others.
  const broken = identities.filter((i) => holds(grid, i) === false);
  if (broken.length) identities = identities.filter((i) => !broken.includes(i));
  const index = rowIndex(identities);
  const options = new Map<number, number[][]>();
  const refused = new Set<number>();
  const none = (row: number): Unglued => (refused.has(row) ? { kind: 'none', refused: true } : { kind: 'none' });
  for (const { row, chunks } of rows) {
    // Identities that lie within this row prune the search as it goes.
    const sums = index.sums.get(row) ?? [];
    const counts: CountRule | null = holdable ? { holdable } : null;
    const readings = rowReadings(chunks, width, sums, undefined, undefined, counts);
    if (counts?.refused) refused.add(row);
    if (readings === null) {
      result.set(row, { kind: 'too_many' });
      continue;
    }
    // holds() only reads the grid: one shallow copy, with this row swapped per reading. An
    // identity that does not touch the row reads the same under every reading, and none is
    // broken (above): only the identities touching the row are checked per reading.
    const trial = [...grid];
    const touchingThis = index.touching.get(row) ?? [];
    const fitting = readings.filter((values) => {
      trial[row] = values;
      for (let k = 0; k < touchingThis.length; k++) if (holds(trial, touchingThis[k]) === false) return false;
      return true;
    });
    if (fitting.length === 0) result.set(row, none(row));
    else options.set(row, fitting);
  }
  // Joint search over the rows that still have choices, bounded so it stays fast.
  const open = [...options.keys()];
  const product = open.reduce((p, r) => p * options.get(r)!.length, 1);
  if (product > 200_000) {
    for (const r of open) {
      const only = options.get(r)!;
      result.set(r, only.length === 1 ? { kind: 'split', values: only[0], readings: 1 } : { kind: 'ambiguous', readings: only.length, agreed: agreement(only) });
    }
    return result;
  }
  const survivors: number[][][] = [];
  // Depth-first over the open rows, swapping each row's reading into one shallow copy of the
  // grid (holds() only reads); solve() writes, so a complete choice is solved in a deep copy.
  // A level checks only the identities touching its row: any other reads as it did one level
  // up, where it was checked (at the first level: in every reading kept above).
  // Of those, only the ones that can come out false there: an identity reading an empty cell
  // outside the rows chosen so far (an open row further down still holds the grid's own row,
  // every other row is the grid's) reads null at that level whatever the choice, never false.
  // Each grid row's level among the open rows (-1: not open), looked up per cell below.
  // An array by grid row, not a Map: decidable() looks up every cell of every identity touching an open row.
  const levelOf: number[] = [];
  for (let r = 0; r < grid.length; r++) levelOf.push(-1);
  for (let i = open.length - 1; i >= 0; i--) levelOf[open[i]] = i;
  const touchingRow = open.map((r, i) => (index.touching.get(r) ?? []).filter((id) => decidable(grid, id, levelOf, i)));
  const trial = [...grid];
  const chosen: number[][] = [];
  const pick = (i: number) => {
    if (i === open.length) {
      // A choice that leaves no cell empty has nothing to solve, and every identity was checked
      // on these very values: those touching an open row at the deepest level they touch, the
      // others when the rows' readings were filtered. It survives (as the check below would say).
      if (open.length && !hasNull(trial)) return void survivors.push([...chosen]);
      const solved = copyGrid(trial);
      solve(solved, identities);
      if (identities.every((id) => holds(solved, id) !== false)) survivors.push([...chosen]);
      return;
    }
    const row = open[i];
    const saved = trial[row];
    for (const values of options.get(row)!) {
      trial[row] = values;
      if (touchingRow[i].some((id) => holds(trial, id) === false)) continue;
      chosen.push(values);
      pick(i + 1);
      chosen.pop();
    }
    trial[row] = saved;
  };
  pick(0);
  if (survivors.length === 0) {
    // The rows together break an identity whatever their splits, as a report wrong in its own
    // arithmetic does: each row is read as its own checks allow (above), as a printed row would
    // be; the broken identity is reported by the table's identity checks.
    for (const r of open) {
      const only = options.get(r)!;
      result.set(r, only.length === 1 ? { kind: 'split', values: only[0], readings: 1, alone: true }
        : { kind: 'ambiguous', readings: only.length, agreed: agreement(only) });
    }
    return result;
  }
  open.forEach((r, i) => {
    // One surviving choice agrees with itself; only several need comparing.
    const distinct = survivors.length === 1 ? 1 : new Set(survivors.map((s) => JSON.stringify(s[i]))).size;
    result.set(r, distinct === 1 ? { kind: 'split', values: survivors[0][i], readings: options.get(r)!.length }
      : { kind: 'ambiguous', readings: distinct, agreed: agreement(survivors.map((s) => s[i])) });
  });
  return result;
}

/**
 * True when every cell of `identity` outside the rows open[0..level] is filled in `grid` (the rows
 * chosen are numbers throughout); `levelOf`: each open row's place in `open` by grid row (-1: not open).
 */
function decidable(grid: Grid, identity: Identity, levelOf: readonly number[], level: number): boolean {
  return filledOutside(grid, identity.parts, levelOf, level) && filledOutside(grid, identity.whole, levelOf, level);
}

function filledOutside(grid: Grid, cells: Identity['parts'], levelOf: readonly number[], level: number): boolean {
  for (let k = 0; k < cells.length; k++) {
    const [r, c] = cells[k];
    const chosen = levelOf[r] ?? -1;
    // (A row the grid lacks is kept: holds() fails on it as before.)
    if ((chosen < 0 || chosen > level) && grid[r] !== undefined && grid[r][c] === null) return false;
  }
  return true;
}

/** Per position, the number all readings agree on, else null. */
function agreement(readings: number[][]): (number | null)[] {
  return readings[0].map((v, c) => (readings.every((r) => r[c] === v) ? v : null));
}

export type { Cell };
