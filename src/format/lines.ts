// Text → lines of cells, and lines → a stream of tokens. Every shape a report arrives in
// (`|` tables, tab-separated PDF text, one cell per line, HTML grids) becomes the same stream:
// label text, numbers and explicit blanks, with a row break after each line that is a row.
import { readCell, type CellRead, type CellValue } from './numbers.ts';
import { looksGlued, unglueLine } from './glued.ts';
import { MAX_LINE_CHARS } from './limits.ts';

export interface Line {
  cells: string[];
  /** From an HTML table: an empty cell there is a real, unfilled cell. */
  table: boolean;
  /** Cut from text whose cell boundaries were lost: a run of digits may hold several numbers. */
  glued?: boolean;
}

export type Token =
  | { kind: 'text'; text: string; line: number }
  | { kind: 'value'; value: CellValue; raw: string; line: number; glued?: boolean }
  | { kind: 'break'; line: number; hadValues: boolean };

const MARKDOWN_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** The text's lines; a line longer than MAX_LINE_CHARS (no report has one) is cut into pieces of that length. */
function* rawLines(text: string): Generator<string> {
  for (let from = 0; from <= text.length;) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    for (let at = from; at < end || at === from; at += MAX_LINE_CHARS) yield text.slice(at, Math.min(end, at + MAX_LINE_CHARS));
    from = end + 1;
  }
}

export function textToLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const raw of rawLines(text)) {
    if (MARKDOWN_RULE.test(raw)) continue;
    if (looksGlued(raw)) {
      lines.push(...unglueLine(raw));
      continue;
    }
    const stripped = raw.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/^\s*[-*]\s+(?=\S)/, '');
    let cells: string[];
    if (stripped.includes('|')) cells = stripped.split('|');
    else if (stripped.includes('\t')) cells = stripped.split('\t');
    else cells = stripped.split(/ {3,}|\u3000{2,}/);
    lines.push({ cells: cells.map((c) => c.trim()), table: false });
  }
  return lines;
}

/** A label cell that ends in numbers separated by spaces ("行政许可 4529"). */
const LABEL_THEN_NUMBERS = /^(.*[^\s\d０-９,，.．])\s+((?:[\d０-９][\d０-９,，.．]*\s*)+)$/;

/** A value token; on a line cut from glued text, a run of two or more digits may hold several numbers. */
function valueToken(value: CellValue | CellRead, raw: string, line: number, glued: boolean): Token {
  const v = value as CellValue;
  return glued && v.kind === 'number' && /^\d{2,}$/.test(raw) ? { kind: 'value', value: v, raw, line, glued: true } : { kind: 'value', value: v, raw, line };
}

/** Appends the tokens of one cell to `out` (one pass over a line, no array per cell). */
function pushCellTokens(out: Token[], cell: string, line: number, table: boolean, glued: boolean): void {
  const read = readCell(cell);
  if (read.kind === 'number' || read.kind === 'blank') {
    out.push(valueToken(read, cell, line, glued));
    return;
  }
  if (read.kind === 'empty') {
    if (table) out.push(valueToken({ kind: 'blank', marker: '' }, '', line, glued));
    return;
  }
  // Several numbers in one cell, separated by spaces: PDF text that lost its tabs.
  const parts = cell.split(/\s+/);
  if (parts.length > 1 && parts.every((p) => readCell(p).kind === 'number')) {
    for (const p of parts) out.push(valueToken(readCell(p), p, line, glued));
    return;
  }
  const m = /[\d０-９]$/.test(cell) ? LABEL_THEN_NUMBERS.exec(cell) : null;
  if (m) {
    out.push({ kind: 'text', text: m[1], line });
    for (const p of m[2].trim().split(/\s+/)) out.push(valueToken(readCell(p), p, line, glued));
    return;
  }
  out.push({ kind: 'text', text: cell, line });
}

const isEmptyValue = (t: Token) => t.kind === 'value' && t.raw === '';

export function tokenize(lines: Line[]): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const from = tokens.length;
    let nonEmpty = 0;
    for (const cell of line.cells) {
      if (cell.trim() !== '') nonEmpty++;
      pushCellTokens(tokens, cell, index, line.table, line.glued === true);
    }
    if (line.table) {
      // Trailing empty cells of an HTML row are layout, not values.
      while (tokens.length > from && isEmptyValue(tokens[tokens.length - 1])) tokens.pop();
      // Empty cells before the first label are layout too.
      let first = from;
      while (first < tokens.length && isEmptyValue(tokens[first])) first++;
      if (first < tokens.length && tokens[first].kind === 'text') tokens.splice(from, first - from);
    }
    let values = 0;
    let hadValues = false;
    for (let i = from; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind !== 'value') continue;
      values++;
      if (t.raw !== '') hadValues = true;
    }
    if (line.table || nonEmpty >= 2 || values >= 2) tokens.push({ kind: 'break', line: index, hadValues });
  }
  return tokens;
}

/** Plain text of lines, for searching headings and narrative. */
export function linesToText(lines: Line[]): string {
  return lines.map((l) => l.cells.filter((c) => c !== '').join(' ')).join('\n');
}
