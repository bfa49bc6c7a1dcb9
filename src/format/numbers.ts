// One cell's text → a number, an explicit blank, or not-a-number. A blank is never zero:
// "/", "—", "-", "无" and empty cells say nothing the parser may turn into 0.

export type CellValue =
  | { kind: 'number'; value: number }
  | { kind: 'blank'; marker: string };

export type CellRead = CellValue | { kind: 'empty' } | { kind: 'text' };

const BLANK_MARKERS = new Set(['/', '—', '——', '–', '-', '--', '---', '无', '\\', 'N/A', 'n/a']);

/** Full-width digits and punctuation to ASCII. */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

export function toHalfWidth(s: string): string {
  if (!FULL_WIDTH.test(s)) return s;
  // One pass, the unchanged runs copied whole (a report's text is full of full-width commas and
  // brackets: a replace with a function per character cost twice as much).
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += s.slice(from, i) + String.fromCharCode(c - 0xfee0);
      from = i + 1;
    } else if (c === 0x3000) {
      out += `${s.slice(from, i)} `;
      from = i + 1;
    }
  }
  return out + s.slice(from);
}

// A sign appears only in the 2019 template's 本年增/减 column; elsewhere the identities catch it.
const PLAIN = /^[+-]?\d+(\.\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** Not-a-number reads carry nothing: one object each, shared (numbers and blanks are kept in tokens, so each is its own). */
const TEXT: CellRead = { kind: 'text' };
const EMPTY: CellRead = { kind: 'empty' };

/** /^\d{1,15}$/.test(s), as a loop (most cells are counts: no regular expression call for them). */
function isAsciiCount(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * A Han character other than 无 (/[\u4e00-\u65df\u65e1-\u9fff]/), as a loop: no number or blank
 * marker holds one, every label does.
 */
function hasHan(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff && c !== 0x65e0) return true;
  }
  return false;
}

/**
 * The reads of the counts 0–1023, made once: most cells of most tables are such counts, read
 * into an object each before. Nothing writes to a read.
 */
const SMALL_COUNTS: CellValue[] = Array.from({ length: 1024 }, (_, value): CellValue => ({ kind: 'number', value }));

/** readCell's read of a plain count (/^\d{1,15}$/: most cells), else null; the rest of readCell is not run. */
export function readCount(raw: string): CellValue | null {
  if (!isAsciiCount(raw)) return null;
  const value = Number(raw);
  return value < SMALL_COUNTS.length ? SMALL_COUNTS[value] : { kind: 'number', value };
}

export function readCell(raw: string): CellRead {
  // (readCount's test, written out: no second call per cell.)
  if (isAsciiCount(raw)) {
    const value = Number(raw);
    return value < SMALL_COUNTS.length ? SMALL_COUNTS[value] : { kind: 'number', value };
  }
  // An empty cell (the last of every "| … |" row): what the normalising below would find.
  if (raw === '') return EMPTY;
  // Labels are most of the cells that are not plain counts: spare them the normalising below.
  if (hasHan(raw)) return TEXT;
  // Spaces inside a cell separate numbers ("1 0 4"): they are never read as one glued number.
  const s = toHalfWidth(raw).replace(/[\u00a0\u200b\ufeff]/g, ' ').replace(/\u2212/g, '-').trim();
  if (s === '') return EMPTY;
  if (/\s/.test(s)) return TEXT;
  if (BLANK_MARKERS.has(s)) return { kind: 'blank', marker: s };
  // "+ 0": a printed "-0" is zero, not IEEE -0 (which no "< 0" test catches and formats as "-0").
  if (PLAIN.test(s)) return { kind: 'number', value: Number(s) + 0 };
  if (GROUPED.test(s)) return { kind: 'number', value: Number(s.replace(/,/g, '')) + 0 };
  return TEXT;
}

/** A Han character other than 无 in `raw`: it is no number (readCell reads it as text). */
export function hasLabelChar(raw: string): boolean {
  return hasHan(raw);
}

/** Read a number written in running text ("1,234", "３８０", "344.0982"). */
export function readNumber(raw: string): number | null {
  const read = readCell(raw);
  return read.kind === 'number' ? read.value : null;
}
