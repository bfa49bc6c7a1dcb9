// The bounds every reader keeps, far above any real annual report (the largest seen: ~2 MB of
// HTML, ~30 PDF pages, tables of ~30 rows × 10 columns). A file beyond one of them is not read:
// it fails with a reason a person can act on, and the other files are not affected.
// The build adds a time and memory budget per file (src/build/pool.ts).

/** Any input file: its size is checked (stat) before a byte is read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** rowspan / colspan / w:gridSpan / w:gridBefore above this count as this. */
export const MAX_SPAN = 200;
/** Grid cells of one table (spans counted in full). */
export const MAX_TABLE_CELLS = 100_000;
/** Grid cells of all the tables of one document (and cells of all the lines of a text: lines.ts textToLines). */
export const MAX_DOCUMENT_CELLS = 1_000_000;
/** Tables inside tables. */
export const MAX_NESTING = 32;
/** Pages of one PDF. */
export const MAX_PDF_PAGES = 2_000;
/**
 * Text items (pdf.js's runs of text) of one PDF, and the pieces pdf.js sends them in (about ten
 * items a piece, one per form XObject drawn). hongze-2024.pdf (5 pages): 1,001 items in 100 pieces;
 * a real report's PDF (~30 pages) some 600 pieces. 298,220 items on one page came in 2,966 pieces.
 * A 4 KB PDF of form XObjects drawing each other over and over sends 10^8 items, one a piece, at
 * ~0.15 ms of CPU each (hos18): it is stopped after 20,000, in a few seconds.
 */
export const MAX_PDF_TEXT_ITEMS = 500_000;
export const MAX_PDF_TEXT_CHUNKS = 20_000;
/** Bytes the compressed streams of one PDF (or the entries of one .docx) may inflate to. */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;
/** Entries of one .docx (zip). */
export const MAX_ZIP_ENTRIES = 10_000;
/** Characters of one line of text; a longer line is cut into lines of this length. */
export const MAX_LINE_CHARS = 65_536;
/**
 * Lines of one document (text lines, paragraphs, table rows). The longest reports seen have
 * ~1,000; reading 100,000 lines of numbers took ~1 s and ~400 MB, 400,000 took 10 s and 1.1 GB,
 * and 2.2 million (a 30 MB text) ran the parsing thread out of memory after 27 s (hos17).
 */
export const MAX_LINES = 100_000;

/** A bound was exceeded: the file fails with this code and message. */
export class LimitError extends Error {
  override name = 'LimitError';
  constructor(readonly code: 'too_large' | 'too_complex', readonly zh: string, readonly en: string) {
    super(en);
  }
}

export function tooComplex(zh: string, en: string): LimitError {
  return new LimitError('too_complex', `${zh}：超出读取上限，不像一份年度报告，未读取。`, `${en}: beyond the reading limit, not like an annual report; not read.`);
}

/** Counts grid cells of a document's tables against MAX_TABLE_CELLS and MAX_DOCUMENT_CELLS. */
export class CellBudget {
  private total = 0;
  private table = 0;

  startTable(): void {
    this.table = 0;
  }

  /** Adds `n` grid cells; throws LimitError beyond a bound. */
  add(n: number): void {
    this.table += n;
    this.total += n;
    if (this.table > MAX_TABLE_CELLS) {
      throw tooComplex(`表格过大（超过 ${MAX_TABLE_CELLS} 个单元格，计入合并单元格）`, `A table is too large (more than ${MAX_TABLE_CELLS} cells, merged cells counted in full)`);
    }
    if (this.total > MAX_DOCUMENT_CELLS) throw tooManyCells();
  }
}

export function tooManyCells(): LimitError {
  return tooComplex(`表格单元格总数过多（超过 ${MAX_DOCUMENT_CELLS} 个）`, `Too many table cells in all (more than ${MAX_DOCUMENT_CELLS})`);
}

export function tooManyLines(): LimitError {
  return tooComplex(`行数过多（超过 ${MAX_LINES} 行）`, `Too many lines (more than ${MAX_LINES})`);
}

/** Throws LimitError when `text` has more than MAX_LINES lines (counted, not split). */
export function checkLineCount(text: string): void {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    if (++n >= MAX_LINES) throw tooManyLines();
  }
}

export function nestingTooDeep(): LimitError {
  return tooComplex(`表格嵌套过深（超过 ${MAX_NESTING} 层）`, `Tables nested too deeply (more than ${MAX_NESTING} levels)`);
}

/**
 * Removes every `<name …>…</name>` element (and `<name …/>`) in one pass. An element that is
 * never closed is cut to the end of the text. Linear: the text is scanned once.
 */
export function removeElements(xml: string, name: string): string {
  const open = `<${name}`;
  const close = `</${name}`;
  let at = xml.indexOf(open);
  if (at < 0) return xml;
  const out: string[] = [];
  let kept = 0;
  while (at >= 0) {
    const next = xml.charCodeAt(at + open.length);
    // `<w:delTextX`: another element whose name starts the same.
    if (!(next === 0x3e || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d)) {
      at = xml.indexOf(open, at + open.length);
      continue;
    }
    out.push(xml.slice(kept, at));
    const tagEnd = xml.indexOf('>', at);
    if (tagEnd < 0) return out.join('');
    if (xml.charCodeAt(tagEnd - 1) === 0x2f) {
      kept = tagEnd + 1;
    } else {
      const end = xml.indexOf(close, tagEnd);
      if (end < 0) return out.join('');
      const endTag = xml.indexOf('>', end);
      if (endTag < 0) return out.join('');
      kept = endTag + 1;
    }
    at = xml.indexOf(open, kept);
  }
  out.push(xml.slice(kept));
  return out.join('');
}
