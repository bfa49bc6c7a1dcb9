// PDF → lines. We read the PDF's text layer with its positions (pdf.js, pure JavaScript, the
// same code in Node and in the browser) and rebuild what the eye sees: lines of text, and
// tables as rows of cells whose columns come from where their numbers stand.
//
// Running it:
// - No worker: pdf.js's worker module is imported and run in-process (its "fake worker"), in
//   Node and in the browser alike, so no worker URL has to be configured. (A browser app that
//   wants the parsing off the main thread can call pdfToLines from its own Web Worker.)
// - No network: CMaps (needed by PDFs whose CJK fonts are not embedded and use a predefined
//   encoding such as UniGB-UCS2-H) and the standard fonts are read from the pdfjs-dist package's
//   own files through `assets.read(path)`. In Node the default reads them from the installed
//   package (node_modules/pdfjs-dist/cmaps/*.bcmap, standard_fonts/*). In the browser there is
//   no default: copy those two folders of pdfjs-dist to the site (e.g. public/pdfjs/) and pass
//   `assets: { read: (p) => fetch('/pdfjs/' + p).then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b)) }`.
//   Without them, such PDFs read with missing characters; nothing is fetched from elsewhere.
//
// How rows and columns are rebuilt (see layoutLines):
// - Items whose vertical centres agree (tolerance from the font size) form a line.
// - Within a line, items close together form a segment: digits whose gap is under half a glyph
//   are one number ("2" "0" → "20"); words closer than a glyph are one phrase.
// - A line with a number standing apart is a table row. Consecutive rows (across a page break,
//   and across lines that hold only label text) form a table; its columns are the x ranges of
//   its numbers, clustered. Rows of such a table are emitted with `table: true`, an empty
//   string for a column with no number: a real blank cell.
// - Lines holding only label text inside a table are joined to the nearest row's label (a
//   label wrapped over two lines stays one label); a label standing left of the rows' own
//   labels is a merged group label ("（三）不予公开") and is emitted as a line of its own.
// - A lone row (no other row to take columns from) is emitted as its printed cells,
//   `table: false`: we claim no blank we did not see.
// - Page numbers ("- 3 -", "— 4 —", "第 3 页") and text repeated in the margin of every page are dropped.
// - Two numbers glued into one text item ("21710000218", "0 0 0") are emitted as printed and
//   listed in `notes`; the parser's identities split or flag them. We never guess.
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api';
import { makeLine, type Line } from './lines.ts';
import { readCell } from './numbers.ts';
import { inflatedSize } from './inflate.ts';
import { MAX_INFLATED_BYTES, MAX_PDF_PAGES, MAX_PDF_TEXT_CHUNKS, MAX_PDF_TEXT_ITEMS } from './limits.ts';

export interface PdfAssets {
  /** Read a file of the pdfjs-dist package by its relative path ("cmaps/UniGB-UCS2-H.bcmap"). */
  read(path: string): Promise<Uint8Array>;
}

export interface PdfOptions {
  assets?: PdfAssets;
}

export type PdfRead =
  | { ok: true; lines: Line[]; encoding: 'pdf'; title: string | null; notes: string[] }
  | { ok: false; code: string; message_zh: string; message_en: string };

/** One text item of a page, in PDF units (origin bottom left, y up). */
export interface PdfItem {
  str: string;
  /** Left end and baseline. */
  x: number;
  y: number;
  w: number;
  /** Font size. */
  fs: number;
  /** Vertical or rotated text (a label written down a merged cell). */
  vertical?: boolean;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
}

// ---------------------------------------------------------------------------------------
// Reading the PDF

const FAIL = {
  no_text_layer: ['这是扫描件 PDF，没有文字层，无法读取；需要先做文字识别（OCR）。',
    'This is a scanned PDF with no text layer; it cannot be read without OCR (text recognition) first.'],
  encrypted_pdf: ['PDF 已加密（需要密码才能打开），无法读取；请提供未加密的文件。',
    'The PDF is encrypted (it needs a password to open) and cannot be read; please provide an unencrypted file.'],
  truncated_pdf: ['PDF 文件不完整（被截断，缺少文件结尾），无法可靠读取；请重新下载完整文件。',
    'The PDF is incomplete (cut off: its end is missing) and cannot be read reliably; please download the whole file again.'],
  broken_pdf: ['PDF 文件已损坏或不是有效的 PDF，无法读取。', 'The PDF is damaged or not a valid PDF; it cannot be read.'],
  empty_pdf: ['PDF 没有页面。', 'The PDF has no pages.'],
  too_large: ['PDF 超出读取上限，不像一份年度报告，未读取', 'The PDF is beyond the reading limit, not like an annual report; not read'],
  too_complex: ['PDF 的内容过于复杂（如层层嵌套、反复绘制的表单对象），超出读取上限，不像一份年度报告，未读取',
    'The PDF is too complex (e.g. form objects nested and drawn over and over), beyond the reading limit, not like an annual report; not read'],
  pdf_assets_missing: ['PDF 的中文字体未嵌入，读取所需的字符映射文件（CMap）无法加载，文字读不出来。',
    'The PDF does not embed its Chinese fonts, and the character maps (CMaps) needed to read them could not be loaded.'],
} as const;

function fail(code: keyof typeof FAIL, detail?: string, detailEn = detail): PdfRead {
  const [zh, en] = FAIL[code];
  return { ok: false, code, message_zh: detail ? `${zh}（${detail}）` : zh, message_en: detailEn ? `${en} (${detailEn})` : en };
}

export function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk (the spec allows it within the first 1024 bytes).
  // A byte search (what `includes('%PDF-')` on those bytes as Latin-1 found), without making a
  // string of them: it runs on every file, most of which are text.
  const end = Math.min(bytes.length, 1024) - 5;
  for (let i = 0; i <= end; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
  }
  return false;
}

function hasEnd(bytes: Uint8Array): boolean {
  const tail = String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 4096)));
  return tail.includes('%%EOF');
}

/** Reads files of the installed pdfjs-dist package, in Node only; null elsewhere. */
function nodeAssets(): PdfAssets | null {
  const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (m: string) => unknown } }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return null;
  const getBuiltin = proc.getBuiltinModule.bind(proc);
  return {
    async read(path) {
      const { createRequire } = getBuiltin('module') as typeof import('node:module');
      const fs = getBuiltin('fs') as typeof import('node:fs');
      const pathMod = getBuiltin('path') as typeof import('node:path');
      const root = pathMod.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
      const full = pathMod.join(root, path);
      if (!full.startsWith(root)) throw new Error(`not a pdfjs-dist file: ${path}`);
      return new Uint8Array(await fs.promises.readFile(full));
    },
  };
}

let workerReady: Promise<void> | null = null;

/** pdf.js runs its worker code in-process when `globalThis.pdfjsWorker` is set. */
function setUpWorker(): Promise<void> {
  workerReady ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown };
    // @ts-ignore -- pdf.worker.mjs ships no type declarations
    g.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  })();
  return workerReady;
}

const tooMuchText = {
  zh: `文字超过 ${MAX_PDF_TEXT_ITEMS} 项或分 ${MAX_PDF_TEXT_CHUNKS} 段以上送出`,
  en: `more than ${MAX_PDF_TEXT_ITEMS} text items, or sent in more than ${MAX_PDF_TEXT_CHUNKS} pieces`,
};

/** A page of pdf.js (the part of its API textItems uses). */
interface TextPage {
  streamTextContent(): ReadableStream;
}

/** What the text of a document may still cost: text items, and pieces (chunks) pdf.js sends them in. */
export interface TextBudget {
  items: number;
  chunks: number;
}

export const textBudget = (): TextBudget => ({ items: MAX_PDF_TEXT_ITEMS, chunks: MAX_PDF_TEXT_CHUNKS });

/**
 * The page's text items as pdf.js streams them (what getTextContent gathers), taken from the
 * document's budget; null once it is spent. pdf.js has no bound of its own: a 4 KB PDF of form
 * XObjects each drawing the one below it ten times, nine deep, shows 10^8 texts, each sent as a
 * piece of its own, and getTextContent held a parsing thread until the 60 s deadline (hos17).
 * The stream is not cancelled (pdf.js then closed a stream already closed, an uncaught error):
 * it is left unread, pdf.js waits for it to be read (its reading stops there), and the caller
 * destroys the document.
 */
export async function textItems(page: TextPage, budget: TextBudget): Promise<(TextItem | TextMarkedContent)[] | null> {
  const reader = (page.streamTextContent() as ReadableStream<{ items: (TextItem | TextMarkedContent)[] }>).getReader();
  const items: (TextItem | TextMarkedContent)[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return items;
    budget.items -= value.items.length;
    budget.chunks--;
    if (budget.items < 0 || budget.chunks < 0) return null;
    for (const item of value.items) items.push(item);
  }
}

export async function pdfToLines(bytes: Uint8Array, options: PdfOptions = {}): Promise<PdfRead> {
  if (!looksLikePdf(bytes)) return fail('broken_pdf', 'no %PDF header');
  if (!hasEnd(bytes)) return fail('truncated_pdf');
  // A deflate bomb is refused before pdf.js inflates it.
  if (await inflatedSize(bytes, MAX_INFLATED_BYTES) === Infinity) {
    return fail('too_large', `压缩流解压后超过 ${MAX_INFLATED_BYTES} 字节`, `its streams inflate to more than ${MAX_INFLATED_BYTES} bytes`);
  }
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await setUpWorker();
  const assets = options.assets ?? nodeAssets();
  const missing: string[] = [];
  const read = async (path: string) => {
    try {
      if (!assets) throw new Error(`no local copy of pdfjs-dist/${path} (see PdfOptions.assets)`);
      return await assets.read(path);
    } catch (error) {
      missing.push(path);
      throw error;
    }
  };
  class CMapReader {
    constructor(_: unknown) {}
    async fetch({ name }: { name: string }) {
      return { cMapData: await read(`cmaps/${name}.bcmap`), isCompressed: true };
    }
  }
  class FontReader {
    constructor(_: unknown) {}
    async fetch({ filename }: { filename: string }) {
      return read(`standard_fonts/${filename}`);
    }
  }
  const open = (stopAtErrors: boolean) => pdfjs.getDocument({
    data: bytes.slice(), // pdf.js takes ownership of (detaches) the buffer it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors,
    verbosity: 0,
    CMapReaderFactory: CMapReader as never,
    StandardFontDataFactory: FontReader as never,
  });
  /** What the document's text may still cost (textItems). */
  const budget = textBudget();
  /** Why the pages' contents cannot be read (pdf.js skips such errors by default), or null. */
  const contentError = async (pageCount: number): Promise<string | null> => {
    const strict = open(true);
    const again = textBudget();
    try {
      const doc = await strict.promise;
      for (let p = 1; p <= pageCount; p++) {
        try {
          if (await textItems(await doc.getPage(p), again) === null) return `page ${p}: ${tooMuchText.en}`;
        } catch (error) {
          return `page ${p}: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await strict.destroy().catch(() => {});
    }
  };
  const task = open(false);
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => {});
    const name = (error as { name?: string })?.name ?? '';
    if (name === 'PasswordException') return fail('encrypted_pdf');
    return fail('broken_pdf', error instanceof Error ? error.message : String(error));
  }
  try {
    if (doc.numPages === 0) return fail('empty_pdf');
    if (doc.numPages > MAX_PDF_PAGES) return fail('too_large', `${doc.numPages} 页，上限 ${MAX_PDF_PAGES}`, `${doc.numPages} pages, limit ${MAX_PDF_PAGES}`);
    let title: string | null = null;
    try {
      const meta = await doc.getMetadata();
      const t = (meta.info as { Title?: unknown } | undefined)?.Title;
      if (typeof t === 'string' && t.trim()) title = t.trim();
    } catch { /* metadata is optional */ }
    const pages: PdfPage[] = [];
    // A page tree is a tree: no page object sits in it twice. A 116 KB PDF listing one page of
    // 3,000 words 1,999 times held a parsing thread until the deadline (hos17).
    const seen = new Set<string>();
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const ref = page.ref ? `${page.ref.num} ${page.ref.gen}` : null;
      if (ref !== null && seen.has(ref)) {
        return fail('broken_pdf', `页面树多次列出同一页面对象（第 ${p} 页即对象 ${ref}），文件已损坏或被改造`,
          `its page tree lists one page object more than once (page ${p} is object ${ref} again): damaged or crafted`);
      }
      if (ref !== null) seen.add(ref);
      const viewport = page.getViewport({ scale: 1 });
      const texts = await textItems(page, budget);
      if (texts === null) {
        return fail('too_complex', `${tooMuchText.zh}，读到第 ${p} 页`, `${tooMuchText.en}, by page ${p}`);
      }
      // The text space of the page: pdf.js gives item positions in PDF user space; shift by the
      // page's own origin (view box) so that 0..width, 0..height hold the page.
      const [vx, vy] = page.view;
      const items: PdfItem[] = [];
      for (const it of texts) {
        if (!('str' in it) || !it.str || !it.str.trim()) continue;
        const [a, b, c, d, e, f] = it.transform as number[];
        const fs = Math.hypot(c, d) || Math.hypot(a, b) || it.height || 1;
        const rotated = Math.abs(b) > 0.1 * Math.abs(a) || Math.abs(a) < 1e-6;
        const tall = it.height > 1.6 * fs && it.width < 1.6 * fs && it.str.trim().length > 1;
        items.push({ str: it.str, x: e - vx, y: f - vy, w: it.width, fs, vertical: rotated || tall });
      }
      pages.push({ width: viewport.width, height: viewport.height, items });
      page.cleanup();
    }
    const chars = pages.reduce((n, p) => n + p.items.reduce((m, i) => m + i.str.replace(/\s/g, '').length, 0), 0);
    if (chars < 20 * pages.length) {
      if (missing.length) return fail('pdf_assets_missing', missing.join(', '));
      // No text: a scan, or page contents pdf.js could not interpret (e.g. nested too deeply).
      const why = await contentError(pages.length);
      return why ? fail('broken_pdf', `页面内容无法解析：${why}`, `the page contents cannot be interpreted: ${why}`) : fail('no_text_layer');
    }
    const { lines, notes } = layoutLines(pages);
    const empty = pages.flatMap((p, i) => (p.items.length === 0 ? [i + 1] : []));
    if (missing.length) notes.push(`pdf.js files that could not be loaded (characters may be missing): ${missing.join(', ')}`);
    if (empty.length) notes.push(`pages without text (scanned?): ${empty.join(', ')}`);
    return { ok: true, lines, encoding: 'pdf', title, notes };
  } catch (error) {
    const name = (error as { name?: string })?.name ?? '';
    if (name === 'PasswordException') return fail('encrypted_pdf');
    return fail('broken_pdf', error instanceof Error ? error.message : String(error));
  } finally {
    await doc.destroy().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------
// Layout: positioned items → lines of cells. Pure; no pdf.js here.

interface Segment {
  text: string;
  x0: number;
  x1: number;
  fs: number;
  /** A number or an explicit blank marker ("/", "—", "无"). */
  value: boolean;
}

interface PLine {
  page: number;
  /** Vertical centre, PDF units (y up). */
  cy: number;
  fs: number;
  x0: number;
  x1: number;
  segments: Segment[];
  items: PdfItem[];
}

const centre = (i: PdfItem) => i.y + 0.35 * i.fs;
const DIGITS = /^[0-9０-９]+$/;
const isValue = (s: string) => {
  const k = readCell(s).kind;
  return k === 'number' || k === 'blank';
};

/** Several numbers in one item, separated by spaces: glued by the producer. */
const GLUED_BY_SPACES = /^[0-9０-９.,]+(\s+[0-9０-９.,]+)+$/;

function groupLines(items: PdfItem[], page: number): PLine[] {
  const sorted = [...items].sort((a, b) => centre(b) - centre(a) || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const item of sorted) {
    const g = groups[groups.length - 1];
    if (g) {
      const cy = g.reduce((s, i) => s + centre(i), 0) / g.length;
      const fs = Math.min(item.fs, ...g.map((i) => i.fs));
      if (Math.abs(centre(item) - cy) <= 0.4 * fs) {
        g.push(item);
        continue;
      }
    }
    groups.push([item]);
  }
  return groups.map((g) => {
    const items = g.sort((a, b) => a.x - b.x);
    return {
      page, items, segments: segmentsOf(items),
      cy: items.reduce((s, i) => s + centre(i), 0) / items.length,
      fs: Math.max(...items.map((i) => i.fs)),
      x0: Math.min(...items.map((i) => i.x)),
      x1: Math.max(...items.map((i) => i.x + i.w)),
    };
  });
}

function segmentsOf(items: PdfItem[]): Segment[] {
  const out: Segment[] = [];
  let cur: { items: PdfItem[]; text: string } | null = null;
  const flush = () => {
    if (!cur) return;
    const text = cur.text.trim();
    const x0 = cur.items[0].x;
    const x1 = Math.max(...cur.items.map((i) => i.x + i.w));
    out.push({ text, x0, x1, fs: Math.max(...cur.items.map((i) => i.fs)), value: isValue(text) });
    cur = null;
  };
  for (const item of items) {
    const str = item.str.trim();
    if (cur) {
      const prev = cur.items[cur.items.length - 1];
      const gap = item.x - (prev.x + prev.w);
      const fs = Math.min(prev.fs, item.fs);
      const prevStr = prev.str.trim();
      const bothDigits = DIGITS.test(prevStr) && DIGITS.test(str);
      // A number split in two by the layout: digits closer than half a glyph are one number.
      const glyph = bothDigits ? Math.min(prev.w / prevStr.length, item.w / str.length) : fs;
      const limit = bothDigits ? 0.5 * glyph : DIGITS.test(prevStr) || DIGITS.test(str) ? 0.5 * fs : 1.0 * fs;
      if (gap < limit) {
        // Words of Latin script keep a space between them; CJK text and split numbers none.
        const latin = /[A-Za-z0-9]$/.test(cur.text) && /^[A-Za-z0-9]/.test(str);
        cur.text += bothDigits || gap < 0.15 * fs || !latin ? str : ` ${str}`;
        cur.items.push(item);
        continue;
      }
      flush();
    }
    cur = { items: [item], text: str };
  }
  flush();
  return out;
}

const lineText = (l: PLine) => l.segments.map((s) => s.text).join(' ');

const PAGE_NUMBER = [
  /^[-—–－_~\s]*[0-9０-９]{1,4}[-—–－_~\s]*$/,
  /^第\s*[0-9０-９]{1,4}\s*页(\s*[,，/／]?\s*共\s*[0-9０-９]{1,4}\s*页)?$/,
  /^[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}$/,
  /^(page|p\.)\s*[0-9]{1,4}(\s*(of|\/)\s*[0-9]{1,4})?$/i,
];

/** Page numbers and running headers/footers: in the top or bottom margin, or repeated there. */
function dropFurniture(pages: PLine[][], sizes: PdfPage[]): PLine[][] {
  const inMargin = (l: PLine) => {
    const h = sizes[l.page].height;
    return l.cy < 0.1 * h || l.cy > 0.9 * h;
  };
  const key = (l: PLine) => `${Math.round(l.cy / 4)}|${lineText(l).replace(/[0-9０-９]+/g, '#').replace(/\s+/g, '')}`;
  const seen = new Map<string, Set<number>>();
  for (const lines of pages) for (const l of lines) if (inMargin(l)) {
    const k = key(l);
    if (!seen.has(k)) seen.set(k, new Set());
    seen.get(k)!.add(l.page);
  }
  const repeated = (l: PLine) => pages.length >= 2 && (seen.get(key(l))?.size ?? 0) >= Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((lines) => lines.filter((l) => {
    if (!inMargin(l)) return true;
    const text = lineText(l).trim();
    return !(PAGE_NUMBER.some((re) => re.test(text)) || repeated(l));
  }));
}

/** A table row: a number standing apart from the words, or a line of numbers only. */
function isValueRow(l: PLine): boolean {
  const values = l.segments.filter((s) => s.value);
  if (!values.length) return false;
  return l.segments.length >= 2 || l.segments[0].value;
}

interface Run {
  rows: PLine[];
  /** Label-only lines between, before and after the rows. */
  between: PLine[];
}

interface Column {
  x0: number;
  x1: number;
}

/** Columns of a table: the x ranges of its numbers. Narrow numbers first, so that a wide
 *  (glued) one cannot bridge two columns; two numbers of one row never share a column. */
function columnsOf(rows: PLine[]): { columns: Column[]; misfits: Set<Segment> } {
  const segs = rows.flatMap((r, ri) => r.segments.filter((s) => s.value).map((s) => ({ s, ri })));
  segs.sort((a, b) => a.s.x1 - a.s.x0 - (b.s.x1 - b.s.x0) || a.s.x0 - b.s.x0);
  const columns: (Column & { rows: Set<number> })[] = [];
  const misfits = new Set<Segment>();
  const pad = 1;
  for (const { s, ri } of segs) {
    const hits = columns.filter((c) => s.x0 < c.x1 + pad && s.x1 > c.x0 - pad);
    if (hits.length === 0) columns.push({ x0: s.x0, x1: s.x1, rows: new Set([ri]) });
    else if (hits.length === 1 && !hits[0].rows.has(ri)) {
      const c = hits[0];
      c.x0 = Math.min(c.x0, s.x0);
      c.x1 = Math.max(c.x1, s.x1);
      c.rows.add(ri);
    } else misfits.add(s);
  }
  columns.sort((a, b) => a.x0 - b.x0);
  return { columns: columns.map(({ x0, x1 }) => ({ x0, x1 })), misfits };
}

/** Where the first column of numbers starts: left of it is the label. */
function labelEdge(rows: PLine[]): number {
  let edge = Infinity;
  for (const r of rows) {
    const first = r.segments.findIndex((s) => s.value);
    // Words right of a row's first number are cells (a "—" written as text), not label.
    if (first >= 0) edge = Math.min(edge, r.segments[first].x0);
  }
  return edge;
}

const labelOnly = (l: PLine, edge: number) => l.segments.every((s) => s.x1 <= edge - 0.3 * s.fs);

export function layoutLines(pages: PdfPage[]): { lines: Line[]; notes: string[] } {
  const notes: string[] = [];
  const perPage = pages.map((p, i) => {
    const flat = p.items.filter((it) => !it.vertical && it.str.trim());
    for (const it of flat) if (GLUED_BY_SPACES.test(it.str.trim())) notes.push(`page ${i + 1}: numbers glued in one text item "${it.str.trim()}": emitted as printed`);
    return groupLines(flat, i);
  });
  const stream = dropFurniture(perPage, pages).flat();

  // Runs of table rows.
  const runs: Run[] = [];
  const runOf = new Map<PLine, Run>();
  let run: Run | null = null;
  let pending: PLine[] = [];
  const close = () => {
    if (run) {
      runs.push(run);
      for (const l of [...run.rows, ...run.between]) runOf.set(l, run);
    }
    run = null;
    pending = [];
  };
  for (const line of stream) {
    if (isValueRow(line)) {
      if (run) {
        const edge = labelEdge([...run.rows, line]);
        const lastPage = run.rows[run.rows.length - 1].page;
        const near = line.page === lastPage || line.page === lastPage + 1;
        if (near && pending.every((l) => labelOnly(l, edge))) {
          run.between.push(...pending);
          run.rows.push(line);
          pending = [];
          continue;
        }
        close();
      }
      run = { rows: [line], between: [] };
      pending = [];
    } else if (run) {
      pending.push(line);
      if (!labelOnly(line, labelEdge(run.rows))) close();
    }
  }
  close();

  // Label-only lines just before a run's first row (a label printed above its numbers).
  const index = new Map(stream.map((l, i) => [l, i] as const));
  for (const r of runs) {
    const edge = labelEdge(r.rows);
    const first = r.rows[0];
    const last = r.rows[r.rows.length - 1];
    for (let i = index.get(first)! - 1; i >= 0; i--) {
      const l = stream[i];
      if (runOf.has(l) || l.page !== first.page || !labelOnly(l, edge) || Math.abs(l.cy - first.cy) > 1.2 * Math.max(first.fs, l.fs)) break;
      r.between.push(l);
      runOf.set(l, r);
    }
    for (let i = index.get(last)! + 1; i < stream.length; i++) {
      const l = stream[i];
      if (runOf.has(l) || l.page !== last.page || !labelOnly(l, edge) || Math.abs(l.cy - last.cy) > 1.2 * Math.max(last.fs, l.fs)) break;
      r.between.push(l);
      runOf.set(l, r);
    }
  }

  // Each run → its rows of cells.
  const emitted = new Map<PLine, Line | null>();
  for (const r of runs) {
    const edge = labelEdge(r.rows);
    const { columns, misfits } = columnsOf(r.rows);
    const real = r.rows.length >= 2;
    const labels = new Map<PLine, { parts: { cy: number; page: number; text: string }[]; x0: number }>();
    for (const row of r.rows) {
      const own = row.segments.filter((s) => s.x1 <= edge - 0.3 * s.fs);
      labels.set(row, { parts: own.length ? [{ cy: row.cy, page: row.page, text: own.map((s) => s.text).join(' ') }] : [], x0: own.length ? own[0].x0 : Infinity });
    }
    // Continuation lines: to the nearest row on the same page; a line standing left of that
    // row's own label is a merged group label, kept as a line of its own.
    for (const l of r.between) {
      const candidates = r.rows.filter((row) => row.page === l.page);
      if (!candidates.length) { emitted.set(l, makeLine([lineText(l)], true)); continue; }
      const dist = (row: PLine) => Math.abs(row.cy - l.cy);
      candidates.sort((a, b) => dist(a) - dist(b));
      let target = candidates[0];
      const second = candidates[1];
      // Nearly equally near two rows: wrapped text goes down, so it belongs to the row above.
      if (second && dist(second) < 1.2 * dist(target) && second.cy > l.cy && labels.get(second)!.parts.length && labels.get(target)!.parts.length) target = second;
      const lab = labels.get(target)!;
      const far = dist(target) > 2.5 * Math.max(l.fs, target.fs);
      if (far || (lab.parts.length && l.x0 < lab.x0 - 0.5 * l.fs)) {
        emitted.set(l, makeLine([lineText(l)], true));
        continue;
      }
      lab.parts.push({ cy: l.cy, page: l.page, text: lineText(l) });
      lab.x0 = Math.min(lab.x0, l.x0);
      emitted.set(l, null);
    }
    for (const row of r.rows) {
      const lab = labels.get(row)!;
      const label = lab.parts.sort((a, b) => a.page - b.page || b.cy - a.cy).map((p) => p.text).join('');
      const cellSegs = row.segments.filter((s) => !(s.x1 <= edge - 0.3 * s.fs));
      for (const s of cellSegs) {
        if (misfits.has(s)) notes.push(`page ${row.page + 1}: "${s.text}" spans more than one column (numbers glued?): emitted as printed`);
      }
      if (!real) {
        emitted.set(row, makeLine([label, ...cellSegs.map((s) => s.text)].filter((c) => c !== ''), false));
        continue;
      }
      const cells = columns.map(() => [] as string[]);
      for (const s of cellSegs) {
        const mid = (s.x0 + s.x1) / 2;
        let at = columns.findIndex((c) => s.x0 < c.x1 + 1 && s.x1 > c.x0 - 1 && (misfits.has(s) ? s.x0 <= c.x1 : true));
        if (at < 0) at = columns.reduce((best, c, i) => (Math.abs((c.x0 + c.x1) / 2 - mid) < Math.abs((columns[best].x0 + columns[best].x1) / 2 - mid) ? i : best), 0);
        cells[at].push(s.text);
      }
      emitted.set(row, makeLine([...(label ? [label] : []), ...cells.map((c) => c.join(' '))], true));
    }
  }

  // Narrative: lines of one paragraph (a line running to the right margin, then one starting
  // at the left margin in the same font) are joined; so is a title wrapped over two lines.
  const lines: Line[] = [];
  const bodyFs = mode(stream.filter((l) => !runOf.has(l)).map((l) => Math.round(l.fs)));
  // The text block's left and right edges, over the whole document.
  const body = stream.filter((l) => !runOf.has(l) && Math.round(l.fs) === bodyFs);
  const margin = { left: Math.min(...body.map((l) => l.x0)), right: Math.max(...body.map((l) => l.x1)) };
  let prev: PLine | null = null;
  for (const l of stream) {
    if (runOf.has(l)) {
      const e = emitted.get(l);
      if (e) lines.push(e);
      prev = null;
      continue;
    }
    if (isValueRow(l) || l.segments.length >= 2 && l.segments.some((s, i) => i > 0 && s.x0 - l.segments[i - 1].x1 > 2 * s.fs)) {
      // Words set apart on one line (a table header, or a row whose columns we could not
      // rebuild): its printed cells, with no blanks claimed.
      lines.push(makeLine(l.segments.map((s) => s.text), false));
      prev = null;
      continue;
    }
    const text = lineText(l);
    const m = body.length ? margin : null;
    const samePage = prev && (prev.page === l.page || prev.page + 1 === l.page);
    const paragraph = prev && samePage && m && Math.round(prev.fs) === Math.round(l.fs) && Math.round(l.fs) === bodyFs
      && prev.x1 >= m.right - 1.5 * l.fs && l.x0 <= m.left + 0.5 * l.fs;
    const title = prev && prev.page === l.page && Math.round(prev.fs) === Math.round(l.fs) && l.fs >= 1.2 * bodyFs
      && prev.cy - l.cy < 2.2 * l.fs;
    if ((paragraph || title) && lines.length) {
      const last = lines[lines.length - 1];
      last.cells[0] += text;
    } else lines.push(makeLine([text], false));
    prev = l;
  }
  return { lines, notes };
}

function mode(xs: number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = 0;
  let n = -1;
  for (const [x, c] of counts) if (c > n) [best, n] = [x, c];
  return best;
}
