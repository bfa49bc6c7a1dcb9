// Text → lines of cells, and lines → a stream of tokens. Every shape a report arrives in
// (`|` tables, tab-separated PDF text, one cell per line, HTML grids) becomes the same stream:
// label text, numbers and explicit blanks, with a row break after each line that is a row.
import { hasLabelChar, readCell, readCount, type CellRead, type CellValue } from './numbers.ts';
import { looksGlued, unglueLine } from './glued.ts';
import { MAX_DOCUMENT_CELLS, MAX_LINE_CHARS, tooManyCells } from './limits.ts';

export interface Line {
  cells: string[];
  /** From an HTML table: an empty cell there is a real, unfilled cell. */
  table: boolean;
  /** Cut from text whose cell boundaries were lost: a run of digits may hold several numbers. */
  glued?: boolean;
  /**
   * Where each cell starts in the text the report is shown as (the text written to sources/):
   * an offset in UTF-16 code units (JS string indices) into the whole text, so that
   * text.slice(at[i], at[i] + cells[i].length) === cells[i]. Absent where not known.
   */
  at?: number[];
}

/**
 * A Line, always with the same fields in the same order (glued and at undefined where not set):
 * lines made in different places with different fields had different hidden classes, and the
 * code reading them (tokenize, findSections…) was compiled for one and thrown away at the next.
 */
export function makeLine(cells: string[], table: boolean, at?: number[], glued?: boolean): Line {
  return { cells, table, glued, at };
}

export type Token =
  | { kind: 'text'; text: string; line: number }
  | { kind: 'value'; value: CellValue; raw: string; line: number; glued?: boolean; /** Range of `raw` in the whole source text (see Line.at). */ start?: number; end?: number }
  | { kind: 'break'; line: number; hadValues: boolean };

const MARKDOWN_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** Cells of a plain-text line are separated by three spaces or more, or two ideographic spaces. */
const WIDE_GAP = / {3,}|\u3000{2,}/g;
const HEADING_MARK = /^\s{0,3}#{1,6}\s+/;
const BULLET_MARK = /^\s*[-*]\s+(?=\S)/;

/** A character String.prototype.trim removes (white space and line terminators, as /\s/ matches them). */
function isTrimmed(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * text[from, end) trimmed, appended to `cells`, and where it starts (plus `base`) appended to `at`
 * (where the piece starts when nothing is left). Its ends are found by char code and it is sliced
 * once: slice() then trim() made a second string of every padded cell ("| 6 |").
 */
function pushTrimmed(cells: string[], at: number[], text: string, from: number, end: number, base: number): void {
  let a = from;
  let b = end;
  while (a < b && isTrimmed(text.charCodeAt(a))) a++;
  while (b > a && isTrimmed(text.charCodeAt(b - 1))) b--;
  cells.push(text.slice(a, b));
  at.push(base + (a === b ? from : a));
}

/**
 * Where `trimmed` (piece.trim()) starts in `piece`: at once when the piece starts with a printable
 * ASCII or a CJK character (no white space is one), else where its first character is.
 */
function leadOf(piece: string, trimmed: string): number {
  const c = piece.charCodeAt(0);
  return trimmed === '' || (c > 0x20 && c < 0x7f) || (c >= 0x4e00 && c <= 0x9fff) ? 0 : piece.indexOf(trimmed[0]);
}

/** `text` split at `separator` (a one-character string, or a global pattern), each piece trimmed, with the offset of each trimmed piece (plus `base`). */
export function splitTrimmed(text: string, separator: string | RegExp, base: number): { cells: string[]; at: number[] } {
  const cells: string[] = [];
  const at: number[] = [];
  if (typeof separator === 'string') {
    let from = 0;
    for (let end = text.indexOf(separator); end >= 0; end = text.indexOf(separator, from)) {
      pushTrimmed(cells, at, text, from, end, base);
      from = end + separator.length;
    }
    pushTrimmed(cells, at, text, from, text.length, base);
    return { cells, at };
  }
  let from = 0;
  for (const m of text.matchAll(separator)) {
    pushTrimmed(cells, at, text, from, m.index!, base);
    from = m.index! + m[0].length;
  }
  pushTrimmed(cells, at, text, from, text.length, base);
  return { cells, at };
}

/**
 * The text's lines as cells; a line longer than MAX_LINE_CHARS (no report has one) is cut into
 * pieces of that length. One pass over the text: each line is sliced once, and the patterns
 * below run only on a line holding the character they need.
 */
export function textToLines(text: string): Line[] {
  const lines: Line[] = [];
  // Cells of the lines so far: a 30 MB text of "1|1|…" made 15 million of them, and ran the
  // parsing thread out of memory after ~50 s (hos18). Throws LimitError past MAX_DOCUMENT_CELLS.
  let cells = 0;
  for (let from = 0; from <= text.length;) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    for (let at = from; at < end || at === from; at += MAX_LINE_CHARS) {
      const before = lines.length;
      pushTextLine(lines, text.slice(at, Math.min(end, at + MAX_LINE_CHARS)), at);
      for (let i = before; i < lines.length; i++) cells += lines[i].cells.length;
      if (cells > MAX_DOCUMENT_CELLS) throw tooManyCells();
    }
    from = end + 1;
  }
  return lines;
}

/**
 * A short line holding none of the characters the steps of pushTextLine look for ("-" of a rule or
 * a bullet, "*", "#", "|", a tab, three spaces, two ideographic spaces): one cell, found by one
 * loop over its char codes where those steps made eight searches of it (most lines of a report
 * printed one cell per line are a label or a number). Long lines (prose) keep the searches: on
 * them the native searches are quicker than a loop.
 */
const PLAIN_SCAN_MAX = 64;
function plainShortLine(raw: string): boolean {
  if (raw.length > PLAIN_SCAN_MAX) return false;
  let spaces = 0;
  let ideographic = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x2d || c === 0x2a || c === 0x23 || c === 0x7c || c === 0x09) return false;
    spaces = c === 0x20 ? spaces + 1 : 0;
    ideographic = c === 0x3000 ? ideographic + 1 : 0;
    if (spaces === 3 || ideographic === 2) return false;
  }
  return true;
}

function pushTextLine(lines: Line[], raw: string, offset: number): void {
  if (plainShortLine(raw)) {
    // What the last step below does with such a line (no rule, not glued: 64 characters or fewer).
    const trimmed = raw.trim();
    lines.push(makeLine([trimmed], false, [offset + leadOf(raw, trimmed)]));
    return;
  }
  // A Markdown rule has "--"; a heading mark "#"; a bullet "-" or "*".
  if (raw.includes('--') && MARKDOWN_RULE.test(raw)) return;
  if (looksGlued(raw)) {
    for (const line of unglueLine(raw, offset)) lines.push(line);
    return;
  }
  let stripped = raw.includes('#') ? raw.replace(HEADING_MARK, '') : raw;
  if (stripped.includes('-') || stripped.includes('*')) stripped = stripped.replace(BULLET_MARK, '');
  // Both replacements only remove a prefix: `stripped` starts that many characters into the line.
  const base = offset + raw.length - stripped.length;
  const separator = stripped.includes('|') ? '|' : stripped.includes('\t') ? '\t'
    : stripped.includes('   ') || stripped.includes('\u3000\u3000') ? WIDE_GAP : null;
  if (separator !== null) {
    const { cells, at } = splitTrimmed(stripped, separator, base);
    lines.push(makeLine(cells, false, at));
    return;
  }
  // No separator: the whole line is one cell (arrays of one: an empty array pushed to grows room for 17).
  const trimmed = stripped.trim();
  lines.push(makeLine([trimmed], false, [base + leadOf(stripped, trimmed)]));
}

/** A label cell that ends in numbers separated by spaces ("行政许可 4529"). */
const LABEL_THEN_NUMBERS = /^(.*[^\s\d０-９,，.．])\s+((?:[\d０-９][\d０-９,，.．]*\s*)+)$/;

/** A value token; on a line cut from glued text, a run of two or more digits may hold several numbers. */
function valueToken(value: CellValue | CellRead, raw: string, line: number, glued: boolean, start?: number, length = raw.length): Token {
  const v = value as CellValue;
  // One shape for every value token (fields unset are undefined): the readers stay monomorphic.
  const known = start !== undefined && raw !== '';
  return { kind: 'value', value: v, raw, line, glued: glued && v.kind === 'number' && /^\d{2,}$/.test(raw) ? true : undefined, start: known ? start : undefined, end: known ? start + length : undefined };
}

/** Where `part` starts in the source text, searching `cell` (which starts at `at`) from `from`; undefined where not known. */
function partAt(cell: string, at: number | undefined, part: string, from: number): number | undefined {
  if (at === undefined) return undefined;
  const i = cell.indexOf(part, from);
  return i < 0 ? undefined : at + i;
}

/** Appends the tokens of one cell to `out` (one pass over a line, no array per cell); `at`: the cell's offset in the source text. */
function pushCellTokens(out: Token[], cell: string, line: number, table: boolean, glued: boolean, at?: number): void {
  // A plain count (most cells): the token valueToken makes of it below (the cell is its own trimmed
  // text, found at its start; all digits, it may be glued from two on), without the steps that
  // find that out (readCell's other tests, trim, indexOf, a pattern): the parsing thread does not
  // inline them, so each was a call per cell.
  const count = readCount(cell);
  if (count !== null) {
    out.push({ kind: 'value', value: count, raw: cell, line, glued: glued && cell.length >= 2 ? true : undefined, start: at, end: at === undefined ? undefined : at + cell.length });
    return;
  }
  const read = readCell(cell);
  if (read.kind === 'number' || read.kind === 'blank') {
    // The range is the printed token, without the cell's surrounding spaces.
    const trimmed = cell.trim();
    out.push(valueToken(read, cell, line, glued, partAt(cell, at, trimmed, 0), trimmed.length));
    return;
  }
  if (read.kind === 'empty') {
    if (table) out.push(valueToken({ kind: 'blank', marker: '' }, '', line, glued));
    return;
  }
  // Several numbers in one cell, separated by spaces: PDF text that lost its tabs. (A cell with
  // a Han character is a label: one of its parts would be text.)
  const parts = hasLabelChar(cell) ? [cell] : cell.split(/\s+/);
  if (parts.length > 1 && parts.every((p) => readCell(p).kind === 'number')) {
    let from = 0;
    for (const p of parts) {
      const start = partAt(cell, at, p, from);
      if (start !== undefined) from = start - at! + p.length;
      out.push(valueToken(readCell(p), p, line, glued, start));
    }
    return;
  }
  const m = /[\d０-９]$/.test(cell) ? LABEL_THEN_NUMBERS.exec(cell) : null;
  if (m) {
    out.push({ kind: 'text', text: m[1], line });
    let from = m[1].length;
    for (const p of m[2].trim().split(/\s+/)) {
      const start = partAt(cell, at, p, from);
      if (start !== undefined) from = start - at! + p.length;
      out.push(valueToken(readCell(p), p, line, glued, start));
    }
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
    for (let c = 0; c < line.cells.length; c++) {
      const cell = line.cells[c];
      if (cell.trim() !== '') nonEmpty++;
      pushCellTokens(tokens, cell, index, line.table, line.glued === true, line.at?.[c]);
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

/**
 * The text a report read by a reader (HTML, PDF, Word) is shown as: its lines, cells joined by
 * " | " (table rows) or " " — the text written to sources/. Records each cell's offset in it (Line.at).
 */
export function shownText(lines: Line[]): string {
  let offset = 0;
  const out: string[] = [];
  for (const l of lines) {
    const join = l.table ? ' | ' : ' ';
    const at: number[] = [];
    for (let i = 0; i < l.cells.length; i++) {
      at.push(offset);
      offset += l.cells[i].length + (i + 1 < l.cells.length ? join.length : 0);
    }
    l.at = at;
    out.push(l.cells.join(join));
    offset += 1; // the newline
  }
  return out.join('\n');
}

/** Plain text of lines, for searching headings and narrative. */
export function linesToText(lines: Line[]): string {
  const out: string[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i].cells;
    // One cell (most lines of most reports): itself, with no array made.
    out[i] = cells.length === 1 ? cells[0] : cells.filter((c) => c !== '').join(' ');
  }
  return out.join('\n');
}
