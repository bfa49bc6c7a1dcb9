// One report file → one Report. Never throws: whatever goes wrong becomes the report's
// status and a reason a person can act on.
import { reportStatus } from './status.ts';
import type { Cell, Check, Position, Report, Table2 } from './report.ts';
import { decode } from './decode.ts';
import { checkLineCount, LimitError } from './limits.ts';
import { htmlToLines, looksLikeHtml } from './html.ts';
import { linesToText, shownText, textToLines, tokenize, type Line, type Token } from './lines.ts';
import type { Span } from './spans.ts';
import { findSections, table3Start, table4Start, type SectionKey } from './sections.ts';
import { readTable2, readTable2of2019, readTable3, readTable4, type TableRead } from './tables.ts';
import { agencyFromBody, agencyShape, chooseAgency, commonYear, findSignature, findTitle, statisticsYear } from './metadata.ts';
import { readProcessingFee } from './fee.ts';
import { numberChecks, processingFeeChecks } from './counts.ts';
import { expandPlaceless, placeless } from './abbreviations.ts';
import { narrativeCheck, statedDocumentCounts } from './narrative.ts';
import { canonicalAgencyName, classifyAgency, isNationalBody, regionByCode, resolveRegion } from './region.ts';
import { manifestEntry, type ManifestEntry, type ManifestRead } from './manifest.ts';
import { SAME_IN_2019, TABLE2_2019_FIELDS, TABLE2_FIELDS, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_FIELDS, type Template } from './schema.ts';

const WORDS_2019 = ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '政府集中采购'];
const TEMPLATE_2019_WORDS = new RegExp(WORDS_2019.join('|'));
/** A token shorter than every word cannot hold one: names2019Column skips the regex for it. */
const SHORTEST_2019_WORD = Math.min(...WORDS_2019.map((w) => w.length));

/**
 * A 2019 report's table 2 in the shape of the 2021 one: the decision counts mean the same and are
 * carried over; the rest exists in one template only and stays null in the other.
 */
function sameIn2021(read: TableRead<Record<string, Cell>>) {
  const values = emptyTable2();
  const raw: (string | null)[] = TABLE2_FIELDS.map(() => null);
  const spans: (Span | null)[] = TABLE2_FIELDS.map(() => null);
  for (const [field2021, field2019] of Object.entries(SAME_IN_2019) as [keyof Table2, string][]) {
    (values[field2021] as Cell) = read.values[field2019];
    const [to, from] = [TABLE2_FIELDS.findIndex((f) => f.key === field2021), TABLE2_2019_FIELDS.findIndex((f) => f.key === field2019)];
    raw[to] = read.raw[0][from];
    spans[to] = read.spans[0][from];
  }
  return { ...read, values, values2019: read.values, raw: [raw], raw2019: read.raw[0], spans: [spans], spans2019: read.spans[0] };
}

function emptyTable2(): Table2 {
  return { regulations: [null, null, null], normative_documents: [null, null, null], licensing: null, penalties: null, enforcement: null, fees_10k_yuan: null };
}

/**
 * Placeholders for the tables of a report not read yet: readLines replaces them with the tables it
 * read, and only a report that failed gets empty ones (withEmptyTables). Building 25 × 7 cells and
 * their raw texts for every report, to be overwritten at once for all but the failed ones, was a
 * few hundred calls and ~60 arrays per report.
 */
const PENDING_TABLE2 = Object.freeze(emptyTable2()) as Table2;
const PENDING_CELLS = Object.freeze([]) as unknown as Cell[];
const PENDING_GRID = Object.freeze([]) as unknown as Cell[][];
const PENDING_RAW = Object.freeze({ table2: [], table2_2019: null, table3: [], table3_other_total: null, table4: [] }) as unknown as Report['raw'];

function emptyReport(file: string): Report {
  return {
    file, agency: null, year: null, region_code: null, province: null, city: null, county: null, level: null, kind: null,
    template: null, table2: PENDING_TABLE2, table2_2019: null,
    table3: PENDING_GRID,
    table3_layout: null,
    table3_other_total: null,
    table4: PENDING_CELLS,
    processing_fee_yuan: null, derived: [], checks: [],
    sources: { agency: 'none', year: 'none', region: 'none', source_url: 'none' },
    source_url: null, statistics_year: null, encoding: null, status: 'failed', error: null,
    raw: PENDING_RAW,
  };
}

/** A report's tables that were not read: empty (every cell null, as the template's shape). */
function withEmptyTables(report: Report): void {
  if (report.table2 === PENDING_TABLE2) report.table2 = emptyTable2();
  if (report.table3 === PENDING_GRID) report.table3 = TABLE3_ROWS.map(() => TABLE3_COLUMNS.map((): Cell => null));
  if (report.table4 === PENDING_CELLS) report.table4 = TABLE4_FIELDS.map((): Cell => null);
  if (report.raw === PENDING_RAW) {
    report.raw = {
      table2: TABLE2_FIELDS.map(() => null),
      table2_2019: null,
      table3: TABLE3_ROWS.map(() => TABLE3_COLUMNS.map(() => null)),
      table3_other_total: null,
      table4: TABLE4_FIELDS.map(() => null),
    };
  }
}

function failed(report: Report, code: string, zh: string, en: string): Report {
  return { ...report, status: 'failed', error: { code, message_zh: zh, message_en: en } };
}

function section(lines: Line[], sections: ReturnType<typeof findSections>, key: SectionKey, fallback: [number, number] | null): Line[] {
  const range = sections.range(key) ?? fallback;
  return range ? lines.slice(range[0], range[1]) : [];
}

export interface ParseOptions {
  manifest?: ManifestRead;
}

/** The report as plain text (an HTML page's text and table rows), for showing the source. */
export function reportText(bytes: Uint8Array, file: string): string | null {
  const decoded = decode(bytes);
  if (!decoded.ok) return null;
  try {
    if (!looksLikeHtml(decoded.text, file)) {
      checkLineCount(decoded.text);
      return decoded.text;
    }
    return linesText(htmlToLines(decoded.text).lines);
  } catch (error) {
    if (error instanceof LimitError) return null;
    throw error;
  }
}

export function parseReport(bytes: Uint8Array, file: string, options: ParseOptions = {}): Report {
  return parseText(bytes, file, options).report;
}

/** A document read: its Report and its plain text (see readDocument). */
export interface DocumentRead {
  report: Report;
  text: string | null;
  /**
   * The text's UTF-8 bytes where they are the file's own (a UTF-8 text file without a BOM or a
   * carriage return: decoding it changed nothing), so that they need not be encoded again.
   */
  textBytes?: Uint8Array;
}

/** A text or HTML file → its Report and its plain text, decoding it once. */
function parseText(bytes: Uint8Array, file: string, options: ParseOptions): DocumentRead {
  let text: string | null = null;
  let textBytes: Uint8Array | undefined;
  const report = guarded(file, options, (report, entry) => {
    const decoded = decode(bytes);
    if (!decoded.ok) return failed(report, decoded.code, decoded.message_zh, decoded.message_en);
    report.encoding = decoded.encoding;
    if (!looksLikeHtml(decoded.text, file)) {
      // Before its text is kept: a text refused as too complex (too many lines or cells) leaves
      // none (as an HTML page does).
      checkLineCount(decoded.text);
      const lines = textToLines(decoded.text);
      text = decoded.text;
      // Valid UTF-8 decodes and encodes back to the same bytes; only \r\n → \n (decode.ts) changes them.
      if (decoded.encoding === 'utf-8' && decoded.unchanged) textBytes = bytes;
      return readLines(report, lines, null, entry);
    }
    const { lines, title } = htmlToLines(decoded.text);
    text = linesText(lines);
    return readLines(report, lines, title, entry);
  });
  if (text !== null) withLineNumbers(report, text);
  return { report, text, textBytes: text !== null ? textBytes : undefined };
}

/**
 * Formats whose reading is asynchronous (PDF, Word) register a reader here; text and HTML do
 * not need one. A reader turns the file into lines, or says why it cannot.
 */
export type LinesReader = (bytes: Uint8Array) => Promise<
  | { ok: true; lines: Line[]; encoding: string; title?: string | null }
  | { ok: false; code: string; message_zh: string; message_en: string }
>;

const readers: { test: (bytes: Uint8Array, file: string) => boolean; read: LinesReader }[] = [];

export function registerReader(test: (bytes: Uint8Array, file: string) => boolean, read: LinesReader): void {
  readers.push({ test, read });
}

/** Any supported file → one Report; uses a registered reader where the format needs one. */
export async function parseDocument(bytes: Uint8Array, file: string, options: ParseOptions = {}): Promise<Report> {
  return (await readDocument(bytes, file, options)).report;
}

/** The text shown for lines from a reader; records each cell's offset in it (lines.ts shownText). */
function linesText(lines: Line[]): string {
  return shownText(lines);
}

interface Spans {
  table2: (Span | null)[];
  table2_2019: (Span | null)[] | null;
  table3: (Span | null)[][];
  table3_other_total: (Span | null)[] | null;
  table4: (Span | null)[];
}

/** The cells' spans readLines found, until the text they index is known (their line numbers need it). */
const spansOf = new WeakMap<Report, Spans>();

/**
 * Line numbers of offsets into a text. Cells come mostly in text order: from the last offset's
 * line on, a few steps forward; else a binary search. (A class with fields, not closures over
 * variables swapped by destructuring: those were ~3 % of a parse for some 250 cells a report.)
 */
class LineNumbers {
  private readonly breaks: number[] = [];
  private last = -1;
  private lastLine = 0;

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.breaks.push(i);
  }

  /** The 1-based line of `offset`: one more than the number of line breaks before it. */
  lineOf(offset: number): number {
    const breaks = this.breaks;
    if (offset >= this.last) {
      let lo = this.lastLine;
      while (lo < breaks.length && breaks[lo] < offset && lo - this.lastLine < 8) lo++;
      if (lo === breaks.length || breaks[lo] >= offset) {
        this.last = offset;
        this.lastLine = lo;
        return lo + 1;
      }
    }
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** Each span as a position (null stays null), in order. */
  place(spans: readonly (Span | null)[]): (Position | null)[] {
    const out: (Position | null)[] = new Array(spans.length);
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      out[i] = s ? { line: this.lineOf(s[0]), start: s[0], end: s[1] } : null;
    }
    return out;
  }
}

/** The report's cell spans (offsets into `text`) as positions with their 1-based line numbers. */
function withLineNumbers(report: Report, text: string): void {
  const spans = spansOf.get(report);
  if (!spans || report.status === 'failed') return;
  const lines = new LineNumbers(text);
  const table2 = lines.place(spans.table2);
  const table2_2019 = spans.table2_2019 ? lines.place(spans.table2_2019) : null;
  const table3: (Position | null)[][] = new Array(spans.table3.length);
  for (let r = 0; r < spans.table3.length; r++) table3[r] = lines.place(spans.table3[r]);
  const table3_other_total = spans.table3_other_total ? lines.place(spans.table3_other_total) : null;
  report.positions = { table2, table2_2019, table3, table3_other_total, table4: lines.place(spans.table4) };
}

/** The Report and the document's plain text (for showing the source), reading the file once. */
export async function readDocument(bytes: Uint8Array, file: string, options: ParseOptions = {}): Promise<DocumentRead> {
  const reader = readers.find((r) => r.test(bytes, file));
  if (!reader) return parseText(bytes, file, options);
  let read: Awaited<ReturnType<LinesReader>>;
  try {
    read = await reader.read(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    read = error instanceof LimitError
      ? { ok: false, code: error.code, message_zh: error.zh, message_en: error.en }
      : { ok: false, code: 'unreadable_document', message_zh: `文件无法读取：${message}`, message_en: `The file cannot be read: ${message}` };
  }
  // The text first: it records where each cell sits in it.
  const text = read.ok ? linesText(read.lines) : null;
  const report = guarded(file, options, (report, entry) => {
    if (!read.ok) return failed(report, read.code, read.message_zh, read.message_en);
    report.encoding = read.encoding;
    return readLines(report, read.lines, read.title ?? null, entry);
  });
  if (text !== null) withLineNumbers(report, text);
  return { report, text, textBytes: undefined };
}

function guarded(file: string, options: ParseOptions, run: (report: Report, entry: ManifestEntry | undefined) => Report): Report {
  const entry = manifestEntry(options.manifest, file);
  let report = emptyReport(file);
  try {
    report = run(report, entry);
  } catch (error) {
    // A defect of ours must not take the other files down with it; it is reported as such.
    const message = error instanceof Error ? error.message : String(error);
    report = error instanceof LimitError
      ? failed(emptyReport(file), error.code, error.zh, error.en)
      : failed(report, 'internal_error', `解析器内部错误：${message}`, `Internal parser error: ${message}`);
  }
  withEmptyTables(report);
  // What a person stated in the manifest holds even for a file we could not read.
  if (report.status === 'failed' && entry) applyManifest(report, entry);
  return report;
}

function applyManifest(report: Report, entry: ManifestEntry): void {
  if (entry.agency) [report.agency, report.sources.agency] = [entry.agency, 'manifest'];
  if (entry.year) [report.year, report.sources.year] = [entry.year, 'manifest'];
  if (entry.source_url) [report.source_url, report.sources.source_url] = [entry.source_url, 'manifest'];
  const region = entry.region_code ? regionByCode(entry.region_code) : null;
  if (region) {
    Object.assign(report, { region_code: region.code, province: region.province, city: region.city, county: region.county, level: region.level });
    report.sources.region = 'manifest';
  }
  if (entry.agency) report.kind = classifyAgency(entry.agency);
}

type SectionsFound = ReturnType<typeof findSections>;

/** The line after a section's heading (0 when its heading was not found). */
function after(sections: SectionsFound, k: SectionKey): number {
  const at = sections.start[k];
  return at !== undefined ? at + 1 : 0;
}

/** The line of the first of these headings found, else the end. */
function before(lines: Line[], sections: SectionsFound, ...ks: SectionKey[]): number {
  for (const k of ks) if (sections.start[k] !== undefined) return sections.start[k]!;
  return lines.length;
}

interface TablesRead {
  template: Template;
  t2: ReturnType<typeof readTable2> & { values2019: Record<string, Cell> | null; raw2019: (string | null)[] | null; spans2019: (Span | null)[] | null };
  t3: ReturnType<typeof readTable3>;
  t4: ReturnType<typeof readTable4>;
}

/** A token of table 2 that names a column only the 2019 template has. */
function names2019Column(t: Token): boolean {
  return t.kind === 'text' && t.text.length >= SHORTEST_2019_WORD && TEMPLATE_2019_WORDS.test(t.text);
}

// readLines is split in steps of its own (tables, agency, year, region, the rest): whole, its
// bytecode was over the parsing thread's --max-optimized-bytecode-size (worker.ts), so it always
// ran unoptimized; each step is under it.

/** Tables 2, 3 and 4, where their headings (or, missing, their own header words) put them. */
function readTables(lines: Line[], sections: SectionsFound, text: string): TablesRead {
  // Where a heading is missing, a table is looked for between its neighbours.
  // The 2019 template (国办公开办函〔2019〕60号) is told apart by its table 2 columns.
  let t2tokens = tokenize(section(lines, sections, 'table2', [after(sections, 'overview'), before(lines, sections, 'table3', 'table4')]));
  // Table 3's heading not found: table 2's section runs on into it; table 3 starts at its own header words.
  const t3at = sections.range('table3') ? -1 : table3Start(t2tokens);
  const t3head = t3at >= 0 ? t2tokens.slice(t3at) : null;
  if (t3at >= 0) t2tokens = t2tokens.slice(0, t3at);
  const template: Template = t2tokens.some(names2019Column) ? '2019' : '2021';
  const stated = (row: string) => (row === 'regulations' || row === 'normative_documents' ? statedDocumentCounts(text, row) : []);
  // (The fresh read gets the 2019 fields added: a spread copied it through a generic clone.)
  const t2 = template === '2021' ? Object.assign(readTable2(t2tokens, stated), { values2019: null, raw2019: null, spans2019: null }) : sameIn2021(readTable2of2019(t2tokens));
  let t3tokens = t3head ?? tokenize(section(lines, sections, 'table3', [after(sections, 'table2'), before(lines, sections, 'table4', 'problems')]));
  let t4tokens = sections.range('table4') ? tokenize(section(lines, sections, 'table4', null)) : [];
  if (!sections.range('table4')) {
    // Its heading not found (misspelt beyond recognition, or missing): table 4 by its own header words.
    const at = table4Start(t3tokens);
    if (at >= 0) [t3tokens, t4tokens] = [t3tokens.slice(0, at), t3tokens.slice(at)];
  }
  const t3 = readTable3(t3tokens);
  const t4 = readTable4(t4tokens);
  return { template, t2: t2 as TablesRead['t2'], t3, t4 };
}

/** The tables into the report; their checks (and the template's, and a missing table's). */
function withTables(report: Report, { template, t2, t3, t4 }: TablesRead): Check[] {
  report.template = template;
  report.table2 = t2.values as Table2;
  report.table2_2019 = t2.values2019;
  report.table3 = t3.values;
  report.table3_layout = t3.layout;
  report.table3_other_total = t3.otherTotal;
  report.table4 = t4.values;
  report.raw = { table2: t2.raw[0], table2_2019: t2.raw2019, table3: t3.raw, table3_other_total: t3.otherTotalRaw, table4: t4.raw.map((r) => r[0]) };
  spansOf.set(report, { table2: t2.spans[0], table2_2019: t2.spans2019, table3: t3.spans, table3_other_total: t3.otherTotalSpans, table4: t4.spans.map((r) => r[0]) });
  report.derived = [...t2.derived, ...t3.derived, ...t4.derived];
  // Printed numbers no cell can hold (nulled) or negative counts (kept): counts.ts.
  const checks: Check[] = [...t2.checks, ...t3.checks, ...t4.checks, ...numberChecks(report)];
  if (template === '2019') {
    checks.push({
      code: 'meta.template_2019', severity: 'info', cells: [],
      message_zh: '2019 年版模板（国办公开办函〔2019〕60号）：表二的栏目与 2021 年版不同，只有行政许可、行政处罚、行政强制的处理决定数量可与之比较；表三的“其他处理”只有一行合计。',
      message_en: 'The 2019 template (国办公开办函〔2019〕60号): table 2 has other columns than the 2021 one, and only the licensing, penalty and enforcement decision counts compare; table 3 prints “other” as one total row.',
    });
  }
  const missing = ([['table2', t2.found, '表二（主动公开）', 'table 2 (proactive disclosure)'], ['table3', t3.found, '表三（依申请公开）', 'table 3 (applications)'],
    ['table4', t4.found, '表四（行政复议、行政诉讼）', 'table 4 (reconsideration and litigation)']] as const).filter(([, found]) => !found);
  for (const [table, , zh, en] of missing) {
    checks.push({ code: `parse.${table}.missing`, severity: 'error', cells: [], message_zh: `未找到${zh}：报告可能不完整（被截断）。`, message_en: `Could not find ${en}: the report may be incomplete (cut off).` });
  }
  return checks;
}

/** The publishing agency: from the title, the signature or the body; an abbreviation expanded where the text makes its place certain. */
function readAgency(report: Report, lines: Line[], title: ReturnType<typeof findTitle>, text: string, checks: Check[]): void {
  const signature = findSignature(lines);
  // The body is searched when the title names no agency, or a candidate that is no agency name.
  const titleUsable = title?.agency ? agencyShape(canonicalAgencyName(title.agency), text) !== null : false;
  const bodyAgency = titleUsable ? null : agencyFromBody(text, (name) => resolveRegion(name, text)?.matched ?? null);
  const agency = chooseAgency(title?.agency ?? null, signature, bodyAgency, text);
  report.agency = agency.agency;
  report.sources.agency = agency.source;
  const short = report.agency ? placeless(report.agency) : null;
  if (short && report.agency) {
    // 市科委, 区政府办: the full name only where the text makes its place certain, else none.
    const printed = report.agency;
    const expansion = expandPlaceless(short, text);
    if (expansion.kind === 'expanded') {
      report.agency = expansion.name;
      checks.push({
        code: 'meta.agency_abbreviation_expanded', severity: 'info', cells: [],
        message_zh: `机关名称“${printed}”是简称，未写地名；正文${expansion.evidence === expansion.place ? `只提到“${expansion.place}”这一个地名` : `写明“${expansion.evidence}”`}，故为“${expansion.name}”。`,
        message_en: `The agency name "${printed}" is an abbreviation without its place; the text ${expansion.evidence === expansion.place ? `names one place only, "${expansion.place}"` : `spells out "${expansion.evidence}"`}, so it is "${expansion.name}".`,
      });
    } else {
      report.agency = null;
      report.sources.agency = 'none';
      checks.push({
        code: 'meta.agency_abbreviated', severity: 'warning', cells: [],
        message_zh: `机关名称“${printed}”是简称，未写地名，正文${expansion.reason === 'no_place' ? '也未写明地名' : `提到多个地名（${expansion.places.slice(0, 4).join('、')}）`}，无法确定全称；可在 manifest.csv 中注明。`,
        message_en: `The agency name "${printed}" is an abbreviation without its place, and the text ${expansion.reason === 'no_place' ? 'names no place' : `names several (${expansion.places.slice(0, 4).join(', ')})`}: the full name is unknown; state it in manifest.csv.`,
      });
    }
  }
}

/** The report year (title, statistics period, body), then what the manifest states. */
function readYear(report: Report, title: ReturnType<typeof findTitle>, text: string, overview: string, entry: ManifestEntry | undefined, checks: Check[]): void {
  report.statistics_year = statisticsYear(text);
  if (title?.year) [report.year, report.sources.year] = [title.year, 'title'];
  else if (report.statistics_year) [report.year, report.sources.year] = [report.statistics_year, 'period'];
  else {
    const year = commonYear(overview || text);
    if (year) [report.year, report.sources.year] = [year, 'body'];
  }

  if (entry?.agency) [report.agency, report.sources.agency] = [entry.agency, 'manifest'];
  if (entry?.year) [report.year, report.sources.year] = [entry.year, 'manifest'];
  if (entry?.source_url) [report.source_url, report.sources.source_url] = [entry.source_url, 'manifest'];

  if (report.year && report.statistics_year && report.year !== report.statistics_year) {
    checks.push({
      code: 'meta.year_period_conflict', severity: 'warning', cells: [],
      message_zh: `报告年度为 ${report.year}（${report.sources.year === 'title' ? '标题' : '清单'}），但正文所述统计期限为 ${report.statistics_year} 年。`,
      message_en: `The report year is ${report.year} (from the ${report.sources.year}), but the stated statistics period is ${report.statistics_year}.`,
    });
  }
}

/** The region (manifest, else from the agency's name), the level and kind. */
function readRegion(report: Report, text: string, entry: ManifestEntry | undefined, checks: Check[]): void {
  const region = entry?.region_code ? regionByCode(entry.region_code) : report.agency ? resolveRegion(report.agency, text) : null;
  if (region) {
    Object.assign(report, { region_code: region.code, province: region.province, city: region.city, county: region.county, level: region.level });
    report.sources.region = entry?.region_code ? 'manifest' : 'agency';
    if ('corrected_from' in region && region.corrected_from && report.agency && report.sources.agency !== 'manifest') {
      const corrected = report.agency.replace(region.corrected_from, region.matched);
      checks.push({
        code: 'meta.agency_ocr_corrected', severity: 'info', cells: [],
        message_zh: `机关名称“${report.agency}”中的“${region.corrected_from}”不是现行行政区划，按字形相近更正为“${region.matched}”。`,
        message_en: `"${region.corrected_from}" in the agency name "${report.agency}" is no administrative division; corrected to the look-alike "${region.matched}".`,
      });
      report.agency = corrected;
    }
  } else if (report.agency && isNationalBody(report.agency)) {
    report.level = 'national';
  } else if (report.agency) {
    checks.push({ code: 'meta.region_unresolved', severity: 'warning', cells: [], message_zh: `无法从机关名称“${report.agency}”确定行政区划；可在 manifest.csv 中注明 region_code。`, message_en: `Could not tell the region from the agency name "${report.agency}"; state region_code in manifest.csv.` });
  }
  report.kind = report.agency ? classifyAgency(report.agency) : null;
  if (!report.agency && !checks.some((c) => c.code === 'meta.agency_abbreviated')) checks.push({ code: 'meta.agency_missing', severity: 'warning', cells: [], message_zh: '未能确定发布机关；可在 manifest.csv 中注明。', message_en: 'The publishing agency could not be found; state it in manifest.csv.' });
  if (!report.year) checks.push({ code: 'meta.year_missing', severity: 'warning', cells: [], message_zh: '未能确定报告年度；可在 manifest.csv 中注明。', message_en: 'The report year could not be found; state it in manifest.csv.' });
}

/** The document as lines of cells, whatever format it came in: the rest does not care. */
function readLines(report: Report, lines: Line[], htmlTitle: string | null, entry: ManifestEntry | undefined): Report {
  const text = linesToText(lines);
  const sections = findSections(lines);
  const tables = readTables(lines, sections, text);
  if (!tables.t2.found && !tables.t3.found && !tables.t4.found) {
    return failed(report, 'no_tables', '未找到年度报告的表二、表三、表四：这不像一份政府信息公开工作年度报告，或其表格无法读取。',
      'None of tables 2, 3 and 4 was found: this does not look like an annual report, or its tables cannot be read.');
  }
  const checks = withTables(report, tables);

  // Metadata.
  const title = findTitle(lines, htmlTitle);
  readAgency(report, lines, title, text, checks);
  const overview = linesToText(section(lines, sections, 'overview', [0, before(lines, sections, 'table2', 'table3')]));
  readYear(report, title, text, overview, entry, checks);
  readRegion(report, text, entry, checks);

  // Section 六 and the narrative.
  const other = sections.range('other') ? linesToText(section(lines, sections, 'other', null)) : null;
  report.processing_fee_yuan = readProcessingFee(other, text).yuan;
  checks.push(...processingFeeChecks(report));
  checks.push(...narrativeCheck(overview, report.table3));

  report.checks = checks;
  // A missing table is an error-level check (above): the one rule of status.ts makes it partial.
  report.status = reportStatus(report);
  return report;
}
