// Word (.docx, OOXML) → lines. A .docx is a zip; its body is word/document.xml. Paragraphs
// become lines of text; every <w:tbl> becomes a real grid, read like an HTML table (html.ts):
// w:gridSpan is a colspan (the cell once), w:vMerge a rowspan (a merged label is repeated
// down its rows, a merged number is kept once, where it is printed).
//
// Unzipping: fflate, a small pure-JS zip library that runs unchanged in Node and in the
// browser and lets us inflate only the two entries we need. (mammoth would do the unzipping
// and XML for us, but it turns the document into HTML and drops vMerge/gridSpan details we need
// to rebuild the grid exactly, and is far larger.)
//
// Old binary Word (.doc, an OLE compound file) is not read: it fails with unsupported_format.
import { Inflate } from 'fflate';
import { makeLine, type Line } from './lines.ts';
import { decodeEntities } from './html.ts';
import { CellBudget, MAX_INFLATED_BYTES, MAX_LINES, MAX_NESTING, MAX_SPAN, MAX_ZIP_ENTRIES, nestingTooDeep, removeElements, tooManyLines } from './limits.ts';

export type DocxRead =
  | { ok: true; lines: Line[]; encoding: 'docx'; title: string | null }
  | { ok: false; code: string; message_zh: string; message_en: string };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Whether the bytes hold `needle` (ASCII), e.g. a zip entry's name. */
function holds(bytes: Uint8Array, needle: string): boolean {
  const first = needle.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - needle.length; i = bytes.indexOf(first, i + 1)) {
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}

export function looksLikeDocx(bytes: Uint8Array, file: string): boolean {
  return startsWith(bytes, ZIP) && (/\.docx$/i.test(file) || holds(bytes, 'word/document.xml'));
}

/** Old binary Word: an OLE compound file named .doc (or .wps, WPS's own binary format). */
export function looksLikeOldDoc(bytes: Uint8Array, file: string): boolean {
  return startsWith(bytes, OLE) && /\.(doc|wps|dot)$/i.test(file);
}

function fail(code: string, zh: string, en: string): DocxRead {
  return { ok: false, code, message_zh: zh, message_en: en };
}

/** Larger than any real report's document.xml: a zip bomb is refused before inflating. */
const MAX_XML = 64 * 1024 * 1024;

export async function docxToLines(bytes: Uint8Array): Promise<DocxRead> {
  if (startsWith(bytes, OLE)) {
    return fail('unsupported_format', '这是旧版 Word（.doc）文件，暂不支持读取；请在 Word 或 WPS 中另存为 .docx 或 PDF 后再试。',
      'This is an old binary Word (.doc) file, which is not supported; save it as .docx or PDF in Word or WPS and try again.');
  }
  if (!startsWith(bytes, ZIP)) return fail('broken_docx', '文件不是有效的 .docx（不是 zip 压缩包）。', 'The file is not a valid .docx (not a zip archive).');
  const central = zipEntries(bytes);
  if (!Array.isArray(central)) return central;
  const docEntry = central.find((e) => e.name === 'word/document.xml');
  if (!docEntry) {
    return fail('not_docx', '这是 zip 压缩包，但不是 Word 文档（缺少 word/document.xml）。',
      'This is a zip archive but not a Word document (it has no word/document.xml).');
  }
  if (docEntry.size > MAX_XML) return fail('too_large', '.docx 的正文过大，不像一份年度报告。', 'The .docx body is too large to be one annual report.');
  const xml = entryBytes(bytes, docEntry);
  if (!(xml instanceof Uint8Array)) return xml;
  const coreEntry = central.find((e) => e.name === 'docProps/core.xml' && e.size <= MAX_XML);
  const coreBytes = coreEntry ? entryBytes(bytes, coreEntry) : null;
  const core = coreBytes instanceof Uint8Array ? coreBytes : null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch {
    try {
      text = new TextDecoder('utf-16le', { fatal: true }).decode(xml);
    } catch {
      return fail('broken_docx', '.docx 的正文无法解码。', 'The .docx body cannot be decoded.');
    }
  }
  const titleMatch = core ? /<dc:title[^>]*>([\s\S]*?)<\/dc:title>/.exec(new TextDecoder().decode(core)) : null;
  const title = titleMatch ? decodeEntities(titleMatch[1]).trim() || null : null;
  return { ok: true, lines: documentXmlToLines(text), encoding: 'docx', title };
}

// ---------------------------------------------------------------------------------------

interface Cell {
  /** One entry per paragraph. */
  parts: string[];
  span: number;
  vmerge: 'restart' | 'continue' | null;
}

interface Row {
  cells: Cell[];
  /** Grid columns skipped before the first cell (w:gridBefore). */
  before: number;
}

interface Table {
  rows: Row[];
  row: Row | null;
  cell: Cell | null;
  /** A table that holds another table is page layout: its own cells are read as text. */
  layout: boolean;
}

const NUMERIC = /^[\s\d０-９.,，．、/／—–\-－]*$/;

function val(tag: string): string | null {
  const m = /\bw:val\s*=\s*["']([^"']*)["']/.exec(tag);
  return m ? m[1] : null;
}

function count(tag: string): number {
  const n = parseInt(val(tag) ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

const cellText = (c: Cell) => c.parts.map((p) => p.replace(/[\u00a0\u3000\s]+/g, ' ').trim()).filter(Boolean).join(' ');

/** Lay a table on its grid. A vertically merged label is repeated down its rows; a merged
 *  number is kept once; a gridSpan'd cell is one cell. */
function gridLines(rows: Row[], budget: CellBudget): Line[] {
  const origin: (string | null)[] = []; // text of the cell that started a vertical merge, by grid column
  budget.startTable();
  return rows.map((row) => {
    const cells: string[] = [];
    let col = row.before;
    budget.add(row.before);
    for (const cell of row.cells) {
      budget.add(cell.span);
      const text = cellText(cell);
      if (cell.vmerge === 'continue') {
        const above = origin[col] ?? null;
        if (above !== null && above !== '' && !NUMERIC.test(above)) cells.push(above);
      } else {
        cells.push(text);
        for (let c = col; c < col + cell.span; c++) origin[c] = cell.vmerge === 'restart' ? text : null;
      }
      col += cell.span;
    }
    return makeLine(cells, true);
  });
}

/** word/document.xml → lines: paragraphs as text lines, tables as grid rows. */
export function documentXmlToLines(xml: string): Line[] {
  // The same content twice (text boxes), tracked deletions, field codes. One pass each, an
  // unclosed element cut to the end (a regex would rescan the rest for every opening tag).
  const body = removeElements(removeElements(removeElements(xml, 'mc:Fallback'), 'w:delText'), 'w:instrText');
  const lines: Line[] = [];
  const tables: Table[] = [];
  const budget = new CellBudget();
  let para = '';
  let inText = false;

  const flushPara = () => {
    const t = decodeEntities(para).replace(/[\u00a0\u3000\s]+/g, ' ').trim();
    para = '';
    const table = tables[tables.length - 1];
    if (table && !table.layout && table.cell) {
      table.cell.parts.push(t);
      return;
    }
    if (t) lines.push(makeLine([t], false));
    if (lines.length > MAX_LINES) throw tooManyLines();
  };
  const becomeLayout = (table: Table) => {
    if (table.layout) return;
    table.layout = true;
    for (const row of [...table.rows, ...(table.row ? [table.row] : [])]) {
      for (const cell of row.cells) for (const part of cell.parts) if (part.trim()) lines.push(makeLine([part.trim()], false));
    }
    table.rows = [];
    table.row = null;
    table.cell = null;
  };

  // The name is matched atomically (a lookahead) and a tag never spans a `<`: an unclosed tag
  // costs one scan to the next `<`, never a rescan of the rest of the document.
  const tagRe = /<(\/?)(?=([a-zA-Z][\w.:-]*))\2([^<>]*)>/g;
  let last = 0;
  for (let m = tagRe.exec(body); m; m = tagRe.exec(body)) {
    if (inText) para += body.slice(last, m.index);
    last = m.index + m[0].length;
    const closing = m[1] === '/';
    const selfClosing = m[3].endsWith('/');
    const name = m[2];
    const table = tables[tables.length - 1];
    switch (name) {
      case 'w:t':
        inText = !closing && !selfClosing;
        break;
      case 'w:tab':
        if (!closing) para += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        if (!closing) para += ' ';
        break;
      case 'w:p':
        if (closing || selfClosing) flushPara();
        else para = '';
        break;
      case 'w:tbl':
        if (!closing) {
          // Every ancestor but the innermost is layout already.
          if (table) becomeLayout(table);
          if (tables.length >= MAX_NESTING) throw nestingTooDeep();
          tables.push({ rows: [], row: null, cell: null, layout: false });
        } else if (table) {
          tables.pop();
          if (table.row) table.rows.push(table.row);
          if (!table.layout) for (const line of gridLines(table.rows, budget)) lines.push(line);
          if (lines.length > MAX_LINES) throw tooManyLines();
        }
        break;
      case 'w:tr':
        if (table && !table.layout) {
          if (table.row) table.rows.push(table.row);
          table.row = closing ? null : { cells: [], before: 0 };
          table.cell = null;
        }
        break;
      case 'w:gridBefore':
        if (table?.row && !table.layout && !table.cell) table.row.before = count(m[0]);
        break;
      case 'w:tc':
        if (table && !table.layout) {
          if (closing) table.cell = null;
          else {
            table.row ??= { cells: [], before: 0 };
            table.cell = { parts: [], span: 1, vmerge: null };
            table.row.cells.push(table.cell);
          }
        }
        break;
      case 'w:gridSpan':
        if (table?.cell && !table.layout) table.cell.span = count(m[0]);
        break;
      case 'w:vMerge':
        if (table?.cell && !table.layout) table.cell.vmerge = val(m[0]) === 'restart' ? 'restart' : 'continue';
        break;
    }
  }
  // A truncated document still yields what it had.
  while (tables.length) {
    const table = tables.pop()!;
    if (table.row) table.rows.push(table.row);
    if (!table.layout) for (const line of gridLines(table.rows, budget)) lines.push(line);
  }
  if (lines.length > MAX_LINES) throw tooManyLines();
  return lines;
}

// ---------------------------------------------------------------------------------------
// The zip's central directory, checked before anything is inflated.

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const FULL32 = 0xffffffff;

/** One entry of the central directory: where its data starts and what it claims to hold. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressed: number;
  /** The size it claims to inflate to (never trusted: entryBytes stops there). */
  size: number;
  /** Offset of its data in the file. */
  data: number;
}

/**
 * The zip's entries, read from its central directory (the zip64 one when there is one, as unzip
 * tools do), or the reason the file is refused before anything is inflated: more than
 * MAX_ZIP_ENTRIES entries, two entries of the same name, entries whose data overlap (many names
 * pointing at one compressed body), or entries that claim to inflate to more than
 * MAX_INFLATED_BYTES in all. (Hand-written: the zip library's own reader trusted the sizes an
 * entry claims and read a second, zip64 directory that this check did not see.)
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | DocxRead {
  const broken = (why: string, whyZh: string) => fail('broken_docx', `.docx 文件已损坏或被改造（${whyZh}），未读取。`, `The .docx file is damaged or crafted (${why}); not read.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return broken('no end of central directory', '找不到中央目录结尾');
  let entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const record = Number(view.getBigUint64(eocd - 12, true));
    if (record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_EOCD) return broken('bad zip64 end of central directory', 'zip64 中央目录结尾无效');
    entries = Number(view.getBigUint64(record + 32, true));
    at = Math.min(Number(view.getBigUint64(record + 48, true)), bytes.length);
  }
  if (entries > MAX_ZIP_ENTRIES) {
    return fail('too_complex', `.docx 压缩包的条目过多（${entries} 个，上限 ${MAX_ZIP_ENTRIES}），未读取。`,
      `The .docx archive has too many entries (${entries}, limit ${MAX_ZIP_ENTRIES}); not read.`);
  }
  const names = new Set<string>();
  const list: ZipEntry[] = [];
  const spans: [number, number][] = [];
  let inflated = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return broken('bad central directory entry', '中央目录条目无效');
    const method = view.getUint16(at + 10, true);
    let compressed = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let local = view.getUint32(at + 42, true);
    if (at + 46 + nameLength + extraLength > bytes.length) return broken('bad central directory entry', '中央目录条目无效');
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // Sizes and offset too large for 32 bits are in the zip64 extra field (id 1), in this order.
    if (size === FULL32 || compressed === FULL32 || local === FULL32) {
      const extra = zip64Extra(view, at + 46 + nameLength, extraLength);
      const next = () => (extra.length ? extra.shift()! : Infinity);
      if (size === FULL32) size = next();
      if (compressed === FULL32) compressed = next();
      if (local === FULL32) local = next();
    }
    if (names.has(name)) return broken(`two entries named ${name}`, `两个条目同名：${name}`);
    names.add(name);
    // The local header is 30 bytes plus its own name and extra field; its data follows.
    if (local + 30 > bytes.length) return broken(`entry ${name} points outside the file`, `条目 ${name} 指向文件之外`);
    const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    spans.push([local, data + compressed]);
    list.push({ name, method, compressed, size, data });
    inflated += size;
    at += 46 + nameLength + extraLength + commentLength;
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) return broken('entries overlap', '条目的数据相互重叠');
  }
  if (inflated > MAX_INFLATED_BYTES) {
    return fail('too_large', `.docx 解压后过大（${inflated} 字节，上限 ${MAX_INFLATED_BYTES}），不像一份年度报告。`,
      `The .docx inflates to too much (${inflated} bytes, limit ${MAX_INFLATED_BYTES}) to be one annual report.`);
  }
  return list;
}

/** The 64-bit values of an entry's zip64 extra field (id 1). */
function zip64Extra(view: DataView, from: number, length: number): number[] {
  for (let at = from; at + 4 <= from + length;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 1) {
      const values: number[] = [];
      for (let k = at + 4; k + 8 <= Math.min(at + 4 + size, from + length); k += 8) values.push(Number(view.getBigUint64(k, true)));
      return values;
    }
    at += 4 + size;
  }
  return [];
}

/** Inflated this much at a time: one push inflates to at most ~1,000× its size (16 MB here). */
const CHUNK = 16 * 1024;

/**
 * An entry's bytes, inflated no further than the size it claims: an entry that inflates to
 * more (a small zip hiding a bomb behind a small stated size) is refused as soon as it does.
 */
export function entryBytes(bytes: Uint8Array, entry: ZipEntry): Uint8Array | DocxRead {
  const crafted = () => fail('broken_docx', `.docx 文件已损坏或被改造（条目 ${entry.name} 解压后大于其声明的大小），未读取。`,
    `The .docx file is damaged or crafted (entry ${entry.name} inflates to more than its stated size); not read.`);
  const data = bytes.subarray(entry.data, entry.data + entry.compressed);
  if (entry.method === 0) return data.length > entry.size ? crafted() : data;
  if (entry.method !== 8) {
    return fail('broken_docx', `.docx 文件已损坏（条目 ${entry.name} 的压缩方式 ${entry.method} 不受支持）。`, `The .docx file is damaged (entry ${entry.name} uses compression method ${entry.method}, which is not supported).`);
  }
  const out = new Uint8Array(entry.size);
  let n = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over) return;
    if (n + chunk.length > out.length) over = true;
    else {
      out.set(chunk, n);
      n += chunk.length;
    }
  });
  try {
    for (let i = 0; i < data.length && !over; i += CHUNK) inflater.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail('broken_docx', `.docx 文件已损坏（压缩包无法解开：${message}）。`, `The .docx file is damaged (the zip cannot be opened: ${message}).`);
  }
  return over ? crafted() : out.subarray(0, n);
}
