// Text → lines of cells, and lines → a stream of tokens. Every shape a report arrives in
// (`|` tables, tab-separated PDF text, one cell per line, HTML grids) becomes the same stream:
// label text, numbers and explicit blanks, with a row break after each line that is a row.
import { readCell, type CellValue } from './numbers.ts';
import { looksGlued, unglueLine } from './glued.ts';

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

export function textToLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
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

function cellTokens(cell: string, line: number, table: boolean): Token[] {
  const read = readCell(cell);
  if (read.kind === 'number' || read.kind === 'blank') return [{ kind: 'value', value: read, raw: cell, line }];
  if (read.kind === 'empty') return table ? [{ kind: 'value', value: { kind: 'blank', marker: '' }, raw: '', line }] : [];
  // Several numbers in one cell, separated by spaces: PDF text that lost its tabs.
  const parts = cell.split(/\s+/);
  if (parts.length > 1 && parts.every((p) => readCell(p).kind === 'number')) {
    return parts.map((p) => ({ kind: 'value', value: readCell(p), raw: p, line }) as Token);
  }
  const m = /[\d０-９]$/.test(cell) ? LABEL_THEN_NUMBERS.exec(cell) : null;
  if (m) {
    return [
      { kind: 'text', text: m[1], line },
      ...m[2].trim().split(/\s+/).map((p) => ({ kind: 'value', value: readCell(p), raw: p, line }) as Token),
    ];
  }
  return [{ kind: 'text', text: cell, line }];
}

export function tokenize(lines: Line[]): Token[] {
  const tokens: Token[] = [];
  lines.forEach((line, index) => {
    const cellTokenLists = line.cells.map((c) => cellTokens(c, index, line.table));
    let cells = cellTokenLists.flat();
    if (line.glued) {
      cells = cells.map((t) => (t.kind === 'value' && t.value.kind === 'number' && /^\d{2,}$/.test(t.raw) ? { ...t, glued: true } : t));
    }
    if (line.table) {
      // Trailing empty cells of an HTML row are layout, not values.
      while (cells.length && cells[cells.length - 1].kind === 'value' && (cells[cells.length - 1] as { raw: string }).raw === '') cells.pop();
      // Empty cells before the first label are layout too.
      const firstText = cells.findIndex((t) => t.kind === 'text');
      const firstValue = cells.findIndex((t) => t.kind === 'value' && t.raw !== '');
      if (firstText >= 0 && (firstValue < 0 || firstText < firstValue)) {
        cells = cells.filter((t, i) => i >= firstText || !(t.kind === 'value' && t.raw === ''));
      }
    }
    tokens.push(...cells);
    const nonEmpty = line.cells.filter((c) => c.trim() !== '').length;
    const isRow = line.table || nonEmpty >= 2 || cells.filter((t) => t.kind === 'value').length >= 2;
    if (isRow) tokens.push({ kind: 'break', line: index, hadValues: cells.some((t) => t.kind === 'value' && t.raw !== '') });
  });
  return tokens;
}

/** Plain text of lines, for searching headings and narrative. */
export function linesToText(lines: Line[]): string {
  return lines.map((l) => l.cells.filter((c) => c !== '').join(' ')).join('\n');
}
