// HTML → lines. A saved government page holds the report among navigation, scripts and
// styles. We drop what is not content, read every <table> as a real grid (rowspan and
// colspan honoured) and keep the rest as lines of text. No DOM: this runs in Node and in
// the browser alike, and never executes or renders anything from the page.
import { makeLine, type Line } from './lines.ts';
import { CellBudget, MAX_LINES, MAX_NESTING, MAX_SPAN, nestingTooDeep, tooManyLines } from './limits.ts';

// A Map, not an object literal: `&constructor;` or `&toString;` must stay as written, not read
// Object.prototype's members.
const NAMED_ENTITIES = new Map<string, string>(Object.entries({
  nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”',
  lsquo: '‘', rsquo: '’', mdash: '—', ndash: '–', hellip: '…', middot: '·', times: '×',
  ensp: ' ', emsp: ' ', thinsp: ' ', yen: '¥', deg: '°', bull: '•', laquo: '«', raquo: '»',
  lang: '〈', rang: '〉', zwj: '', zwnj: '', shy: '',
}));

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    // (Lower-cased only when it holds a capital: toLowerCase of a two-byte string is a runtime call, see lowerName.)
    return NAMED_ENTITIES.get(/[A-Z]/.test(name) ? name.toLowerCase() : name) ?? whole;
  });
}

/** Elements whose content is never report text. */
const DROPPED = ['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'select', 'textarea', 'head'];
/** Elements that end a line of text. */
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header',
  'footer', 'nav', 'blockquote', 'pre', 'hr', 'dd', 'dt', 'dl', 'form', 'title', 'main', 'aside', 'figure',
  'figcaption', 'center', 'address',
]);

export function looksLikeHtml(text: string, fileName: string): boolean {
  if (/\.(html?|xhtml|shtml)$/i.test(fileName)) return true;
  const head = text.slice(0, 2000);
  // Every pattern starts with "<": a text without one in its head is no page (most reports).
  return head.includes('<') && /<!doctype html|<html[\s>]|<body[\s>]|<table[\s>]/.test(head.toLowerCase());
}

function stripDropped(html: string): string {
  // Each pattern ends at its close or at the end of the text: an unclosed one never makes the
  // next match scan the rest again (linear time).
  let out = html.replace(/<!--[\s\S]*?(-->|$)/g, ' ').replace(/<![^>]*(>|$)/g, ' ');
  // A pattern matches only where "<tag" is written (in any case): a page without it is not scanned.
  // Which tags are written is found in one pass, before any element is dropped, with the patterns'
  // own case rule (/i): dropping only removes text (each element becomes a space), so a "<tag"
  // missing then is missing after.
  const written = new Set<string>();
  for (const m of out.matchAll(DROPPED_OPEN)) written.add(m[1].toLowerCase());
  for (const [tag, pattern] of DROPPED_PATTERNS) {
    if (!written.has(tag)) continue;
    out = out.replace(pattern, ' ');
  }
  return out;
}

const DROPPED_OPEN = new RegExp(`<(${DROPPED.join('|')})`, 'gi');
const DROPPED_PATTERNS = DROPPED.map((tag) => [tag, new RegExp(`<${tag}\\b[\\s\\S]*?(<\\/${tag}\\s*>|$)`, 'gi')] as const);

interface PendingCell {
  /** The cell's text, one entry per block (paragraph) inside it. */
  parts: string[];
  rowspan: number;
  colspan: number;
}

const cellText = (cell: PendingCell) => cell.parts.filter(Boolean).join(' ');

interface TableState {
  rows: PendingCell[][];
  row: PendingCell[] | null;
  cell: PendingCell | null;
  /** A table that holds another table is page layout, not data: its cells are read as text. */
  layout: boolean;
}

const ROWSPAN = /\browspan\s*=\s*["']?\s*(\d+)/i;
const COLSPAN = /\bcolspan\s*=\s*["']?\s*(\d+)/i;

function span(tag: string, re: RegExp): number {
  // Both patterns need an "=": a bare <td> (most cells) is not searched.
  if (!tag.includes('=')) return 1;
  const m = re.exec(tag);
  const n = m ? parseInt(m[1], 10) : 1;
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

const NUMERIC = /^[\s\d０-９.,，．、/／—–\-－]*$/;

/** Lay a table's cells on a grid. A rowspan'd label is repeated down its rows so every row
 *  carries its full label; a rowspan'd number is kept once, where it is printed. */
function gridLines(rows: PendingCell[][], budget: CellBudget): Line[] {
  const grid: (string | null)[][] = [];
  const occupied: boolean[][] = [];
  budget.startTable();
  rows.forEach((cells, r) => {
    grid[r] ??= [];
    occupied[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (occupied[r][c]) c++;
      // Counted before it is laid: a table of huge spans fails here, not after filling memory.
      budget.add(Math.min(cell.rowspan, rows.length - r) * cell.colspan);
      const text = cellText(cell);
      const repeatable = !NUMERIC.test(text);
      for (let dr = 0; dr < cell.rowspan && r + dr < rows.length; dr++) {
        grid[r + dr] ??= [];
        occupied[r + dr] ??= [];
        for (let dc = 0; dc < cell.colspan; dc++) {
          occupied[r + dr][c + dc] = true;
          const origin = dr === 0 && dc === 0;
          const repeatLabel = dr > 0 && dc === 0 && repeatable;
          grid[r + dr][c + dc] = origin || repeatLabel ? text : null;
        }
      }
      c += cell.colspan;
    }
  });
  return grid.map((row) => {
    // null: covered by a number spanning from above; a hole (never written) is an empty cell.
    const cells: string[] = [];
    for (let i = 0; i < row.length; i++) if (row[i] !== null) cells.push(row[i] ?? '');
    return makeLine(cells, true);
  });
}

function cleanText(s: string): string {
  // Most text between tags is indentation, and most holds no entity: skip the work then.
  const decoded = s.includes('&') ? decodeEntities(s) : s;
  // No white space in it (most cells' text): nothing to collapse or trim, and no string made.
  if (!maySpace(decoded)) return decoded;
  if (decoded.trim() === '') return '';
  return decoded.replace(/[\u00a0\u3000\s]+/g, ' ').trim();
}

/**
 * Whether `s` may hold a character of /\s/ (or \u00a0, \u3000), which trim() and cleanText's
 * pattern act on: a charCode loop, no match made. A superset of /\s/ (all of U+2000–U+205F):
 * a false "may" only takes the pattern's way.
 */
function maySpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x205f) || c === 0x3000 || c === 0xfeff)) return true;
  }
  return false;
}

/** Set by nextTag: where the tag found ends, and its element name in lower case ('' for an unclosed "<…" at the end). */
let tagEnd = 0;
let tagName = '';

/**
 * The tag name html[from, to) (ASCII letters and digits) in lower case. Not slice().toLowerCase():
 * a page with any Chinese in it is a two-byte string, and V8 lower-cases a two-byte string in
 * its runtime, not inline (a quarter of htmlToLines' time, one call per tag).
 */
function lowerName(html: string, from: number, to: number): string {
  let upper = false;
  for (let i = from; i < to && !upper; i++) {
    const c = html.charCodeAt(i);
    upper = c >= 0x41 && c <= 0x5a;
  }
  if (!upper) return html.slice(from, to);
  let name = '';
  for (let i = from; i < to; i++) {
    const c = html.charCodeAt(i);
    name += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return name;
}

const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isWordChar = (c: number) => isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f;

/**
 * Where the next tag starts at or after `from` (-1: none), as /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<[^>]*$/g
 * finds it, without a match object per tag: "<", an optional "/", a name (letters, then letters or
 * digits, not followed by "_"), anything up to the next ">"; or a "<" with no ">" after it (the
 * rest of a truncated page). Sets tagEnd and tagName.
 */
function nextTag(html: string, from: number): number {
  for (let at = html.indexOf('<', from); at >= 0; at = html.indexOf('<', at + 1)) {
    let j = at + 1;
    if (html.charCodeAt(j) === 0x2f) j++;
    if (isLetter(html.charCodeAt(j))) {
      let k = j + 1;
      // A letter or a digit, by char code (c | 0x20 folds A–Z onto a–z): a call per character of every tag name before.
      for (let c = html.charCodeAt(k); k < html.length && (((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || (c >= 0x30 && c <= 0x39)); c = html.charCodeAt(k)) k++;
      // The name ends at a word boundary: "_" after it (a word character the name cannot hold) fails the match.
      if (!isWordChar(html.charCodeAt(k))) {
        const close = html.indexOf('>', k);
        if (close >= 0) {
          tagEnd = close + 1;
          tagName = lowerName(html, j, k);
          return at;
        }
      }
    }
    if (html.indexOf('>', at) < 0) {
      tagEnd = html.length;
      tagName = '';
      return at;
    }
  }
  return -1;
}

/** Read an HTML page as lines: table rows become lines of cells, other text lines of one cell. */
export function htmlToLines(html: string): { lines: Line[]; title: string | null } {
  const title = pageTitle(html);
  const body = stripDropped(html);
  const lines: Line[] = [];
  const tables: TableState[] = [];
  const budget = new CellBudget();
  let text = '';

  const flushText = () => {
    // Nothing since the last tag (most tags of a table): nothing to clean or place.
    if (text === '') return;
    const t = cleanText(text);
    text = '';
    if (!t) return;
    const table = tables[tables.length - 1];
    if (table?.layout) lines.push(makeLine([t], false));
    else if (table?.cell) table.cell.parts[table.cell.parts.length - 1] += t;
    else if (!table) lines.push(makeLine([t], false));
    if (lines.length > MAX_LINES) throw tooManyLines();
    // text directly inside <table>/<tr> but outside a cell is stray markup: dropped
  };
  /** On meeting a nested table, its ancestors turn out to be layout: what they held so far is text. */
  const becomeLayout = (table: TableState) => {
    if (table.layout) return;
    table.layout = true;
    for (const row of [...table.rows, ...(table.row ? [table.row] : [])]) {
      for (const cell of row) for (const part of cell.parts) if (part.trim()) lines.push(makeLine([part.trim()], false));
    }
    table.rows = [];
    table.row = null;
    table.cell = null;
  };

  let last = 0;
  for (let at = nextTag(body, 0); at >= 0; at = nextTag(body, last)) {
    // (Adjacent tags, </td><td>: nothing between them, no empty string made.)
    if (at > last) text += body.slice(last, at);
    last = tagEnd;
    const name = tagName;
    const closing = body.charCodeAt(at + 1) === 0x2f;
    const table = tables[tables.length - 1];
    if (name === 'table') {
      flushText();
      if (!closing) {
        // Every ancestor but the innermost is layout already: one table to turn, not all of them.
        if (table) becomeLayout(table);
        if (tables.length >= MAX_NESTING) throw nestingTooDeep();
        tables.push({ rows: [], row: null, cell: null, layout: false });
      } else if (table) {
        tables.pop();
        if (table.row) table.rows.push(table.row);
        if (!table.layout) pushAll(lines, gridLines(table.rows, budget));
        if (lines.length > MAX_LINES) throw tooManyLines();
      }
    } else if (table?.layout && (name === 'tr' || name === 'td' || name === 'th')) {
      flushText();
    } else if (table && name === 'tr') {
      flushText();
      if (table.row) table.rows.push(table.row);
      table.row = closing ? null : [];
      table.cell = null;
    } else if (table && (name === 'td' || name === 'th')) {
      flushText();
      if (closing) table.cell = null;
      else {
        table.row ??= [];
        const tag = body.slice(at, tagEnd);
        table.cell = { parts: [''], rowspan: span(tag, ROWSPAN), colspan: span(tag, COLSPAN) };
        table.row.push(table.cell);
      }
    } else if (BLOCK.has(name)) {
      flushText();
      const cell = table?.cell;
      if (cell && cell.parts[cell.parts.length - 1] !== '') cell.parts.push('');
    }
  }
  text += body.slice(last);
  flushText();
  // An unclosed table (a truncated page) still yields what it had.
  while (tables.length) {
    const table = tables.pop()!;
    if (table.row) table.rows.push(table.row);
    if (!table.layout) pushAll(lines, gridLines(table.rows, budget));
  }
  if (lines.length > MAX_LINES) throw tooManyLines();
  return { lines, title };
}

/** push(...items) overflows the stack for very long lists. */
function pushAll<T>(target: T[], items: T[]): void {
  for (const item of items) target.push(item);
}

/**
 * The page's title: the ArticleTitle meta tag of government CMSs, else the first <title>. One
 * pass over the tags (an unclosed `<meta` or `<title>` never makes the search start again).
 */
function pageTitle(html: string): string | null {
  const meta = /<meta\b[^<>]*>/gi;
  for (let m = meta.exec(html); m; m = meta.exec(html)) {
    const tag = m[0];
    if (!/\bname\s*=\s*["']?ArticleTitle\b/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*(["'])([^"']+)\1/i.exec(tag);
    if (content) return cleanText(content[2]);
  }
  const open = /<title\b[^<>]*>/i.exec(html);
  if (!open) return null;
  const from = open.index + open[0].length;
  const close = /<\/title/gi;
  close.lastIndex = from;
  const end = close.exec(html);
  return end ? cleanText(html.slice(from, end.index)) : null;
}
