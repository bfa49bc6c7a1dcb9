// Text copied from web pages often loses the cell boundaries: `21710000218` for
// 217 | 1 | 0 | 0 | 0 | 0 | 218. The digits are all there, only the splits are lost; the
// identities of the template usually allow exactly one split. Where more than one split
// satisfies every identity, the cells stay null and the report says so.
import type { Line } from './lines.ts';
import type { Cell } from './report.ts';
import type { Identity } from './schema.ts';
import { holds, solve, type Grid } from './identities.ts';

/** Table labels that only a table holds: a long line with two of them has a table glued into it. */
const TABLE_WORDS = ['本年新收', '上年结转', '予以公开', '结转下年度', '本年制发件数', '行政许可', '结果维持', '本年新制作数量'];
const HEADING = /(?=[二三四五六][、.．](?:主动公开政府信息|收到和处理政府信息公开申请|政府信息公开行政复议|因政府信息公开申请行政复议|(?:政府信息公开工作)?存在的?主要问题|其他需要报告的事项))/g;

export function looksGlued(line: string): boolean {
  return line.length > 150 && TABLE_WORDS.filter((w) => line.includes(w)).length >= 2;
}

/**
 * One long line with tables glued in → lines, one per section, each cut into cells at every
 * boundary between words and digits. Digit runs are kept whole (marked glued); a digit run
 * followed by ".属于…" gives its last digit back to the label it numbers.
 */
export function unglueLine(line: string): Line[] {
  return line.split(HEADING).filter((part) => part.trim()).map((part) => ({ cells: cutCells(part), table: false, glued: true }));
}

function cutCells(text: string): string[] {
  // A run of digits, with decimal points and separators only between digits, and runs
  // separated by spaces kept together (each run is one chunk).
  // A minus sign right before digits (the 2019 template's 本年增/减) stays with them.
  const pieces = text.split(/([-−]?[0-9０-９](?:[0-9０-９]|[.,](?=[0-9０-９]))*(?:[ \u00a0\u3000]+[-−]?[0-9０-９](?:[0-9０-９]|[.,](?=[0-9０-９]))*)*)/);
  const cells: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i];
    if (i % 2 === 1) {
      // "…1.属于国家秘密": a trailing digit glued to a numbered label belongs to the label.
      const next = pieces[i + 1] ?? '';
      if (/^[.．、]\s*[\u4e00-\u9fff]/.test(next)) {
        const m = /^(.*?)\s*(\d)$/.exec(piece);
        if (m) {
          pieces[i + 1] = m[2] + next;
          piece = m[1];
        }
      }
      cells.push(...piece.trim().split(/[ \u00a0\u3000]+/).filter(Boolean));
    } else if (piece.trim()) {
      cells.push(piece.trim());
    }
  }
  return cells;
}

/** Every way to cut a run of digits into `k` numbers, none with a leading zero. */
export function compositions(chunk: string, k: number, limit = 100_000): number[][] {
  const signed = /^[-−]/.test(chunk);
  const digits = signed ? chunk.slice(1) : chunk;
  if (!/^[0-9.,]+$/.test(digits)) return [];
  if (signed) return compositions(digits, k, limit).map(([first, ...rest]) => [-first, ...rest]);
  if (/[.,]/.test(digits)) return k === 1 ? [[Number(digits.replace(/,/g, ''))]] : [];
  const out: number[][] = [];
  const walk = (start: number, left: number, acc: number[]) => {
    if (out.length >= limit) return;
    if (left === 1) {
      const rest = digits.slice(start);
      if (rest.length && !(rest.length > 1 && rest[0] === '0')) out.push([...acc, Number(rest)]);
      return;
    }
    const maxEnd = digits.length - (left - 1);
    for (let end = start + 1; end <= maxEnd; end++) {
      const part = digits.slice(start, end);
      if (part.length > 1 && part[0] === '0') break;
      walk(end, left - 1, [...acc, Number(part)]);
    }
  };
  walk(0, k, []);
  return out;
}

/** Every way to read `chunks` (runs of digits, in order) as exactly `width` numbers. */
export function rowReadings(chunks: string[], width: number, limit = 50_000): number[][] | null {
  let readings: number[][] = [[]];
  for (let i = 0; i < chunks.length; i++) {
    const laterMin = chunks.length - i - 1;
    const next: number[][] = [];
    for (const head of readings) {
      const room = width - head.length - laterMin;
      for (let k = 1; k <= Math.min(room, chunks[i].length); k++) {
        if (i === chunks.length - 1 && head.length + k !== width) continue;
        for (const split of compositions(chunks[i], k)) {
          next.push([...head, ...split]);
          if (next.length > limit) return null;
        }
      }
    }
    readings = next;
  }
  return readings.filter((r) => r.length === width);
}

export interface GluedRow {
  row: number;
  chunks: string[];
}

export type Unglued =
  | { kind: 'split'; values: number[]; readings: number }
  | { kind: 'ambiguous'; readings: number }
  | { kind: 'none' }
  | { kind: 'too_many' };

/**
 * Read glued rows into `grid`: each row's readings are kept when no identity touching only
 * known cells breaks; then the rows still open are tried together against every identity.
 * A row is filled when all surviving joint readings agree on it.
 */
export function unglueRows(grid: Grid, rows: GluedRow[], identities: readonly Identity[], width: number): Map<number, Unglued> {
  const result = new Map<number, Unglued>();
  const options = new Map<number, number[][]>();
  for (const { row, chunks } of rows) {
    const readings = rowReadings(chunks, width);
    if (readings === null) {
      result.set(row, { kind: 'too_many' });
      continue;
    }
    const fitting = readings.filter((values) => {
      const trial = grid.map((r) => [...r]);
      trial[row] = [...values];
      return identities.every((i) => holds(trial, i) !== false);
    });
    if (fitting.length === 0) result.set(row, { kind: 'none' });
    else options.set(row, fitting);
  }
  // Joint search over the rows that still have choices, bounded so it stays fast.
  const open = [...options.keys()];
  const product = open.reduce((p, r) => p * options.get(r)!.length, 1);
  if (product > 200_000) {
    for (const r of open) {
      const only = options.get(r)!;
      result.set(r, only.length === 1 ? { kind: 'split', values: only[0], readings: 1 } : { kind: 'ambiguous', readings: only.length });
    }
    return result;
  }
  const survivors: number[][][] = [];
  const pick = (i: number, chosen: number[][], trial: Grid) => {
    if (i === open.length) {
      const solved = trial.map((r) => [...r]);
      solve(solved, identities);
      if (identities.every((id) => holds(solved, id) !== false)) survivors.push(chosen);
      return;
    }
    for (const values of options.get(open[i])!) {
      const next = trial.map((r) => [...r]);
      next[open[i]] = [...values];
      if (identities.some((id) => holds(next, id) === false)) continue;
      pick(i + 1, [...chosen, values], next);
    }
  };
  pick(0, [], grid.map((r) => [...r]));
  open.forEach((r, i) => {
    if (survivors.length === 0) return void result.set(r, { kind: 'none' });
    const distinct = new Set(survivors.map((s) => JSON.stringify(s[i])));
    result.set(r, distinct.size === 1 ? { kind: 'split', values: survivors[0][i], readings: options.get(r)!.length } : { kind: 'ambiguous', readings: distinct.size });
  });
  return result;
}

export type { Cell };
