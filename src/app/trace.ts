// Tracing a number of a report's tables back to the place in its source text it was read from
// (issue 10 item 6). Pure: the cells come from cells.parquet (line, char_start, char_end: offsets
// into the whole source text in UTF-16 code units, i.e. JS string indices), the text from sources/.
import { IDENTITIES, type Identity } from '../format/schema.ts';

export interface TracedCell {
  table_name: string;
  row_index: number;
  col_index: number;
  value: number | null;
  flag: string;
  rule: string | null;
  line?: number | null;
  char_start?: number | null;
  char_end?: number | null;
}

export interface Mark {
  start: number;
  end: number;
  /** The cell this mark belongs to (table[row,col]). */
  key: string;
}

export type Trace =
  /** Read from the text: one mark (a derived cell whose number is printed, e.g. split by the narrative, too). */
  | { kind: 'read'; marks: Mark[]; line: number; rule: string | null }
  /** Derived by an identity: the printed cells of that identity. */
  | { kind: 'derived'; marks: Mark[]; identity: Identity | null; rule: string }
  /** Nothing printed to point at (a null or blank cell, or a position unknown). */
  | { kind: 'none'; marks: [] };

const key = (table: string, row: number, col: number) => `${table}[${row},${col}]`;

function markOf(cell: TracedCell | undefined): Mark | null {
  if (!cell || cell.char_start == null || cell.char_end == null || !(cell.char_end > cell.char_start)) return null;
  return { start: Number(cell.char_start), end: Number(cell.char_end), key: key(cell.table_name, cell.row_index, cell.col_index) };
}

/** The identity a derived cell was inferred from: its rule, its table, and the cell among its cells. */
export function identityOf(cell: TracedCell): Identity | null {
  return IDENTITIES.find((i) => i.rule === cell.rule && i.table === cell.table_name
    && [...i.parts, ...i.whole].some(([r, c]) => r === cell.row_index && c === cell.col_index)) ?? null;
}

export function traceCell(cell: TracedCell, cells: readonly TracedCell[]): Trace {
  const own = markOf(cell);
  if (own) return { kind: 'read', marks: [own], line: Number(cell.line), rule: cell.rule };
  if (cell.flag === 'derived' && cell.rule) {
    const identity = identityOf(cell);
    const byKey = new Map(cells.map((c) => [key(c.table_name, c.row_index, c.col_index), c]));
    const marks = (identity ? [...identity.parts, ...identity.whole] : [])
      .filter(([r, c]) => !(r === cell.row_index && c === cell.col_index))
      .map(([r, c]) => markOf(byKey.get(key(identity!.table, r, c))))
      .filter((m): m is Mark => m !== null)
      .sort((a, b) => a.start - b.start);
    return { kind: 'derived', marks, identity, rule: cell.rule };
  }
  return { kind: 'none', marks: [] };
}

export interface Segment {
  text: string;
  /** The mark this piece of text is, or null for text between marks. */
  mark: Mark | null;
}

/** The text cut into plain pieces and marked pieces (marks clipped to the text; overlapping marks merged into the first). */
export function segments(text: string, marks: readonly Mark[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of [...marks].sort((a, b) => a.start - b.start)) {
    const start = Math.max(m.start, at);
    const end = Math.min(m.end, text.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), mark: null });
    out.push({ text: text.slice(start, end), mark: m });
    at = end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: null });
  return out;
}
