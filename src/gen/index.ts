// Synthetic annual reports with exact truth, for testing the parser at scale.
//
//   generateReport(seed, index)   → one report: its file text and its truth (pure, deterministic)
//   generateReports(n, options)   → a lazy sequence of them
//   writeCorpus(options)          → writes DIR/reports/<shard>/<name>.<ext>, DIR/truth/<shard>/<name>.json
//                                   and DIR/manifest.json, streaming (nothing kept but counters)
//
// Report i of seed s depends only on (s, i): any report can be regenerated alone, and a corpus
// can be written in pieces or in parallel.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDENTITIES, TABLE3_ROWS, type Kind } from '../format/schema.ts';
import { undecidableTable3, undecidableTable4, undecidableTriple } from './splits.ts';
import { pickAgency, type Agency } from './agencies.ts';
import { drawNumbers, redraw, type Numbers, type Table2Values } from './numbers.ts';
import { Rng } from './prng.ts';
import { HEADINGS, renderGlued, renderHtml, renderText, SHAPE_EXTENSIONS, SHAPES, type Doc, type Shape } from './shapes.ts';
import { inject, introduction, otherMatters, overview, periodSentence, problems, signatureDate, titleLine, type TitleForm } from './text.ts';

export { SHAPES, type Shape } from './shapes.ts';

export type CellRefTuple = [table: 'table2' | 'table3' | 'table4', row: number, col: number];

export interface Truth {
  file: string;
  /** Null (with region and kind) where the report names its agency only by an abbreviation and no place (class 3). */
  agency: string | null;
  year: number;
  region_code: string | null;
  province: string | null;
  city: string | null;
  county: string | null;
  level: 'province' | 'prefecture' | 'county' | null;
  kind: Kind | null;
  shape: Shape;
  table2: Table2Values;
  table3: number[][];
  table4: number[];
  processing_fee_yuan: number | null;
  /** Cells the report does not print (their value is the one the identities force). */
  absent_cells: CellRefTuple[];
  /**
   * Cells no reader can tell: a glued run whose readings keeping every identity (and the numbers
   * the narrative states) disagree on the cell, or a row printed with a cell missing whose
   * possible completions disagree. Computed by the generator from its own numbers (splits.ts).
   * A correct parser leaves them null (with a check), never guesses. Table 2 uses the flat field
   * index of TABLE2_FIELDS as row, col 0; table 4 its index as row, col 0.
   */
  ambiguous_cells: CellRefTuple[];
  /** Glued table 2 cells that only the numbers stated in the narrative decide (flagged as derived from it). */
  narrative_cells: CellRefTuple[];
  source_errors: never[];
  /** How the report was written, for breakdowns. */
  title_form: TitleForm;
  period: 'intro' | 'other' | 'none' | 'mismatch';
  digits: Doc['digits'];
}

export interface Generated {
  index: number;
  /** File name without directory, e.g. 0000042_b.txt. */
  name: string;
  shard: string;
  /** Path relative to the corpus directory: reports/000/0000042_b.txt. */
  path: string;
  truthPath: string;
  content: string;
  truth: Truth;
}

export interface GenerateOptions {
  seed?: number;
  /** Relative weights of the shapes; missing shapes get weight 0 when any is given. */
  shapes?: Partial<Record<Shape, number>>;
  /** Digits of the shard folder name (default 3: 1,000 folders of 1,000 reports). */
  shardDigits?: number;
  /** Agency, year and numbers chosen by the caller (agency series: src/gen/series.ts) instead of drawn. */
  plan?: ReportPlan;
}

export interface ReportPlan {
  agency: Agency;
  year: number;
  /** Given the drawn numbers, the ones to print (they must satisfy every identity). */
  numbers?: (drawn: Numbers) => Numbers;
}

export const DEFAULT_SHAPE_WEIGHTS: Record<Shape, number> = {
  pipe: 0.22, pdf_tabs: 0.2, cell_per_line: 0.15, html: 0.16, glued: 0.1, markdown: 0.17,
};
const SHAPE_CODE: Record<Shape, string> = { pipe: 'a', pdf_tabs: 'b', cell_per_line: 'c', html: 'd', glued: 'e', markdown: 'f' };

const T3_IDENTITIES = IDENTITIES.filter((i) => i.table === 'table3' && !i.layout);

// ---------------------------------------------------------------------------------------
// Glued digits: which cells no reader can tell, computed from the numbers by construction.

/** Table 3 glued: the cells the joint readings disagree on (splits.ts); null when the search is too large. */
export function gluedTable3Undecidable(t3: number[][]): CellRefTuple[] | null {
  const cells = undecidableTable3(t3);
  return cells && cells.map(([r, c]) => ['table3', r, c] as CellRefTuple);
}

/** What the narrative states of a table 2 row of three numbers (class 4 of issue 11): index → number. */
export type Stated = Partial<Record<'regulations' | 'normative_documents', (number | undefined)[]>>;

/** Table 2 rows of three numbers glued: no identity helps; the narrative's numbers may. */
export function gluedTable2Undecidable(t2: Table2Values, stated: Stated = {}): CellRefTuple[] | null {
  const out: CellRefTuple[] = [];
  for (const [key, offset] of [['regulations', 0], ['normative_documents', 3]] as const) {
    const cells = undecidableTriple(t2[key], stated[key] ?? []);
    if (cells === null) return null;
    out.push(...cells.map((i) => ['table2', offset + i, 0] as CellRefTuple));
  }
  return out;
}

/**
 * The glued shape: tables as drawn, with the cells no reading can settle listed as ambiguous
 * (a correct parser leaves them null). Numbers are drawn again only when the generator's own
 * exhaustive count is too large to finish (so the truth is always exact).
 */
function gluedTruth(rng: Rng, agency: Agency, n: Numbers, stated: Stated): CellRefTuple[] {
  let t3 = gluedTable3Undecidable(n.table3);
  for (let k = 0; k < 8 && t3 === null; k++) {
    n.table3 = redraw.table3(rng, agency);
    t3 = gluedTable3Undecidable(n.table3);
  }
  if (t3 === null) {
    n.table3 = n.table3.map((row) => row.map(() => 0));
    t3 = [];
  }
  let t4 = undecidableTable4(n.table4);
  for (let k = 0; k < 8 && t4 === null; k++) {
    n.table4 = redraw.table4(rng, n.table3[0][6] + n.table3[1][6]);
    t4 = undecidableTable4(n.table4);
  }
  if (t4 === null) {
    n.table4 = new Array(15).fill(0);
    t4 = [];
  }
  let t2 = gluedTable2Undecidable(n.table2, stated);
  for (let k = 0; k < 8 && t2 === null; k++) {
    const t = redraw.table2(rng, agency);
    n.table2 = t.values;
    n.feeDecimals = t.feeDecimals;
    t2 = gluedTable2Undecidable(n.table2, stated);
  }
  return [...(t2 ?? []), ...t3, ...t4.map((i) => ['table4', i, 0] as CellRefTuple)];
}

/** Some glued reports state table 2's document counts in their narrative; which, drawn here. */
function drawStated(rng: Rng, n: Numbers): { stated: Stated; sentences: string[] } {
  const stated: Stated = {};
  const sentences: string[] = [];
  const words = {
    regulations: { issued: '制发规章', inForce: '现行有效规章' },
    normative_documents: { issued: rng.pick(['制发规范性文件', '制发行政规范性文件']), inForce: rng.pick(['现行有效行政规范性文件', '现行有效规范性文件']) },
  };
  for (const key of ['regulations', 'normative_documents'] as const) {
    const v = n.table2[key];
    if (v.every((x) => x < 10) || !rng.chance(0.5)) continue;
    const which = rng.weighted([['issued', 0.35], ['in_force', 0.25], ['both', 0.25], ['all', 0.15]] as const);
    const s: (number | undefined)[] = [which !== 'in_force' ? v[0] : undefined, which === 'all' ? v[1] : undefined, which !== 'issued' ? v[2] : undefined];
    stated[key] = s;
    const parts = [
      s[0] !== undefined ? `本年度${words[key].issued}${v[0]}件` : null,
      s[1] !== undefined ? `废止${v[1]}件` : null,
      s[2] !== undefined ? `${words[key].inForce}${v[2]}件` : null,
    ].filter(Boolean);
    sentences.push(parts.join('，') + '。');
  }
  return { stated, sentences };
}

// ---------------------------------------------------------------------------------------
// Shape b: one cell not printed. The row then prints six numbers for seven columns; the cell is
// known only when exactly one gap position gives a table that keeps every identity. Else the
// cells on which the possible completions differ are ambiguous.

export function missingCellTruth(t3: number[][], row: number, col: number): CellRefTuple[] {
  const printed = t3[row].filter((_, c) => c !== col);
  const completions: number[][] = [];
  for (let gap = 0; gap < 7; gap++) {
    const values = [...printed.slice(0, gap), NaN, ...printed.slice(gap)];
    // The one unknown is forced by the row sum.
    values[gap] = gap === 6 ? values.slice(0, 6).reduce((a, b) => a + b, 0) : values[6] - values.slice(0, 6).reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
    if (values[gap] < 0) continue;
    const grid = t3.map((r, i) => (i === row ? values : r));
    const ok = T3_IDENTITIES.every((id) => id.parts.reduce((s, [r, c]) => s + grid[r][c], 0) === id.whole.reduce((s, [r, c]) => s + grid[r][c], 0));
    if (ok) completions.push(values);
  }
  return t3[row].flatMap((_, c) => (new Set(completions.map((v) => v[c])).size > 1 ? [['table3', row, c] as CellRefTuple] : []));
}

// ---------------------------------------------------------------------------------------
// Shape a: rows printed without their label (class 5). One row, or two adjacent ones, lose their
// label; the numbers stay in place. Their places are known only where one order of the rows keeps
// every identity; cells the valid orders disagree on are ambiguous.

/** Rows whose label can be lifted: outcome rows that carry no group label on their line. */
const LIFTABLE = TABLE3_ROWS.map((_, r) => r).filter((r) => r >= 3 && r <= 23 && ![4, 12, 15, 20].includes(r));

export function liftedTruth(t3: number[][], rows: number[]): CellRefTuple[] {
  const orders = rows.length === 2 ? [[rows[0], rows[1]], [rows[1], rows[0]]] : [rows];
  const valid = orders.filter((order) => {
    const grid = t3.map((r) => [...r]);
    order.forEach((slot, i) => (grid[slot] = [...t3[rows[i]]]));
    return T3_IDENTITIES.every((id) => id.parts.reduce((s, [r, c]) => s + grid[r][c], 0) === id.whole.reduce((s, [r, c]) => s + grid[r][c], 0));
  });
  const out: CellRefTuple[] = [];
  for (const slot of rows) {
    for (let c = 0; c < 7; c++) {
      const values = new Set(valid.map((order) => t3[rows[order.indexOf(slot)]][c]));
      if (values.size > 1) out.push(['table3', slot, c]);
    }
  }
  return out;
}

function liftedRows(rng: Rng): number[] {
  if (!rng.chance(0.12)) return [];
  const at = rng.int(0, LIFTABLE.length - 1);
  const r = LIFTABLE[at];
  return rng.chance(0.5) && LIFTABLE[at + 1] === r + 1 ? [r, r + 1] : [r];
}

// ---------------------------------------------------------------------------------------
// Class 1: a heading printed with a typo or a stray character.

const TYPOS: [string, string][] = [['议', '仪'], ['复', '覆'], ['诉', '拆'], ['政', '正'], ['息', '恩'], ['动', '功'], ['理', '里'], ['申', '甲'], ['情', '清']];

function headings(rng: Rng): Doc['headings'] {
  const h = { ...HEADINGS };
  if (!rng.chance(0.08)) return h;
  const key = rng.pick(['table2', 'table3', 'table4', 'table4', 'problems'] as const);
  const s = h[key];
  const kind = rng.weighted([['typo', 0.5], ['stray', 0.3], ['numeral', 0.2]] as const);
  if (kind === 'numeral') h[key] = s.slice(2);
  else if (kind === 'stray') {
    const at = rng.int(3, s.length - 2);
    h[key] = s.slice(0, at) + rng.pick(['x', '的', '之', '·', '和']) + s.slice(at);
  } else {
    const options = TYPOS.filter(([a]) => s.slice(2).includes(a));
    if (options.length) {
      const [a, b] = rng.pick(options);
      h[key] = s.slice(0, 2) + s.slice(2).replace(a, b);
    }
  }
  return h;
}

// ---------------------------------------------------------------------------------------
// Class 3: title and signature name the agency by a level word and an abbreviation (县政府办,
// 市发改委). The body either spells the full name out (then it is the truth) or names no place at
// all (then no reader can tell the agency: the truth is null).

const DEPARTMENT_ABBREVIATIONS: Partial<Record<string, string>> = {
  development: '发改委', health: '卫健委', housing: '住建局', human_resources: '人社局', market: '市场监管局',
  transport: '交通局', culture: '文旅局', emergency: '应急局', medical_insurance: '医保局', veterans: '退役军人局',
};

function abbreviatedName(rng: Rng, agency: Agency): string | null {
  const r = agency.region;
  const level = r.level === 'county' ? (/[县区市旗]$/.test(r.name) ? r.name.slice(-1) : null)
    : r.level === 'prefecture' ? (/市$/.test(r.name) ? '市' : /州$/.test(r.name) ? '州' : null) : null;
  if (!level) return null;
  if (agency.kind === 'people_government') return level + '政府';
  if (agency.kind === 'government_office') return level + rng.pick(['政府办', '府办']);
  const d = agency.department!;
  return level + (DEPARTMENT_ABBREVIATIONS[d.key] ?? d.local);
}

// ---------------------------------------------------------------------------------------
// Class 2: a scraped page's metadata box; its labels lose their colon when cells are joined.

function metadataBox(rng: Rng, shape: Shape, title: string | null, agency: string, site: string): Doc['box'] {
  if (!title || !['pipe', 'markdown', 'cell_per_line'].includes(shape) || !rng.chance(0.1)) return null;
  const sep = () => rng.pick(['：', ':', ' ', '', '\t']);
  const lines = [
    `${rng.pick(['单位', '发布机构', '来源', '信息来源'])}${sep()}${rng.chance(0.5) ? site : agency}`,
    ...(rng.chance(0.5) ? [`索引号${sep()}${rng.int(10000000, 99999999)}-${rng.int(2021, 2026)}-${rng.int(1, 999)}`] : []),
  ];
  return { lines, title: `${rng.pick(['标题', '名称', '文件名称', '题名'])}${sep()}${title}` };
}

function missingCell(rng: Rng): [number, number] | null {
  if (!rng.chance(0.3)) return null;
  const row = rng.int(0, TABLE3_ROWS.length - 1);
  const col = rng.chance(0.5) ? 0 : rng.int(0, 6);
  return [row, col];
}

// ---------------------------------------------------------------------------------------

function shardOf(index: number, digits: number): string {
  return String(Math.floor(index / 1000)).padStart(digits, '0');
}

export function generateReport(seed: number, index: number, options: GenerateOptions = {}): Generated {
  const rng = new Rng(seed, index);
  const weights = options.shapes ? SHAPES.map((s) => [s, options.shapes![s] ?? 0] as const) : SHAPES.map((s) => [s, DEFAULT_SHAPE_WEIGHTS[s]] as const);
  const shape: Shape = rng.weighted(weights);

  let titleForm: TitleForm = rng.weighted([
    ['agency_year_du', 0.5], ['agency_year', 0.22], ['year_first', 0.1], ['spaced', shape === 'pdf_tabs' ? 0.1 : 0.02], ['none', 0.1],
  ] as const);
  if (shape === 'glued' && titleForm === 'none') titleForm = 'agency_year_du';
  // Without a title the parser finds a government or its office by the names in the body, and
  // any body by a signature (name over a date) at the end.
  const bodyOnly = titleForm === 'none' && rng.chance(0.5);
  const agency = options.plan?.agency ?? pickAgency(rng, bodyOnly ? { kinds: ['people_government', 'government_office'] } : {});
  const year = options.plan?.year ?? rng.int(2021, 2025);
  const drawn = drawNumbers(rng, agency);
  const numbers = options.plan?.numbers ? options.plan.numbers(drawn) : drawn;
  const absent: CellRefTuple[] = [];
  let ambiguous: CellRefTuple[] = [];
  const narrative = shape === 'glued' ? drawStated(rng, numbers) : { stated: {}, sentences: [] };
  if (shape === 'glued') ambiguous = gluedTruth(rng, agency, numbers, narrative.stated);
  // Cells only the narrative's numbers decide: undecidable without them, decided with them.
  const narrativeCells = shape === 'glued' ? (gluedTable2Undecidable(numbers.table2) ?? []).filter(([, r]) => !ambiguous.some(([t, rr]) => t === 'table2' && rr === r)) : [];
  const missing = shape === 'pdf_tabs' ? missingCell(rng) : null;
  if (missing) {
    absent.push(['table3', missing[0], missing[1]]);
    ambiguous.push(...missingCellTruth(numbers.table3, missing[0], missing[1]));
  }

  let period: Truth['period'] = titleForm === 'none' ? rng.weighted([['intro', 0.7], ['other', 0.3]] as const)
    : rng.weighted([['intro', 0.6], ['other', 0.25], ['none', 0.14], ['mismatch', 0.01]] as const);
  const periodText = period === 'none' ? null : periodSentence(rng, period === 'mismatch' ? year - 1 : year);
  const signature = titleForm === 'none' && !bodyOnly ? true : rng.chance(0.3);
  const other = otherMatters(rng, agency, year, numbers.processing_fee_yuan);
  if (period === 'other') other.push(periodText!);
  const digits: Doc['digits'] = shape === 'glued' ? 'plain'
    : rng.weighted([['plain', 0.86], ['grouped', 0.1], ['fullwidth', shape === 'pdf_tabs' || shape === 'html' ? 0 : 0.04]] as const);
  const lifted = shape === 'pipe' ? liftedRows(rng) : [];
  if (lifted.length) ambiguous.push(...liftedTruth(numbers.table3, lifted));
  const title = titleLine(agency, year, titleForm);
  const site = agency.kind === 'department' ? agency.name : agency.name.replace(/办公(室|厅)$/, '');
  const doc: Doc = {
    agency: agency.name,
    year,
    title,
    intro: introduction(rng, agency, year, period === 'intro' || period === 'mismatch' ? periodText : null),
    overview: [...overview(rng, agency, year, numbers, bodyOnly || rng.chance(0.3)), ...narrative.sentences],
    problems: problems(rng, year),
    other,
    signature: signature ? [agency.name, signatureDate(rng, year)] : null,
    numbers,
    half: rng.chance(0.5),
    digits,
    missing,
    headings: headings(rng),
    lifted,
    box: metadataBox(rng, shape, title, agency.name, site),
  };
  // Class 3: an abbreviated agency in title and signature, in a few text reports.
  const short = (shape === 'pipe' || shape === 'markdown') && titleForm !== 'none' && titleForm !== 'spaced' && !doc.box && rng.chance(0.06)
    ? abbreviatedName(rng, agency) : null;
  let unknownAgency = false;
  if (short) {
    doc.title = `${short}${year}年度政府信息公开工作年度报告`;
    if (doc.signature) doc.signature = [short, doc.signature[1]];
    if (rng.chance(0.5)) doc.other.push(`如对本报告有疑问，请与${agency.name}联系。`);
    else {
      // No place anywhere: every mention of the agency becomes 本机关.
      unknownAgency = true;
      const scrub = (t: string) => t.split(agency.name).join('本机关');
      doc.intro = scrub(doc.intro);
      doc.overview = doc.overview.map(scrub);
      doc.other = doc.other.map(scrub);
    }
  }
  let content = shape === 'html' ? renderHtml(doc, rng, site)
    : shape === 'glued' ? renderGlued(doc, rng, site)
      : renderText(shape, doc, rng, site, (s) => inject(rng, s));
  // Files saved on Windows: CRLF line ends, sometimes a BOM.
  const windows = rng.chance(0.08);
  if (windows) content = content.replace(/\n/g, '\r\n');
  if (rng.chance(windows ? 0.5 : 0.02)) content = '\ufeff' + content;

  const shardDigits = options.shardDigits ?? 3;
  const shard = shardOf(index, shardDigits);
  const base = `${String(index).padStart(7, '0')}_${SHAPE_CODE[shape]}`;
  const name = base + SHAPE_EXTENSIONS[shape];
  const path = `reports/${shard}/${name}`;
  const r = agency.region;
  return {
    index, name, shard, path, truthPath: `truth/${shard}/${base}.json`, content,
    truth: {
      file: path, year, shape,
      ...(unknownAgency ? { agency: null, region_code: null, province: null, city: null, county: null, level: null, kind: null }
        : { agency: agency.name, region_code: r.code, province: r.province, city: r.city, county: r.county, level: r.level, kind: agency.kind }),
      table2: numbers.table2, table3: numbers.table3, table4: numbers.table4, processing_fee_yuan: numbers.processing_fee_yuan,
      absent_cells: absent, ambiguous_cells: ambiguous, narrative_cells: narrativeCells, source_errors: [],
      title_form: titleForm, period, digits,
    },
  };
}

export function* generateReports(n: number, options: GenerateOptions = {}): Generator<Generated> {
  const seed = options.seed ?? 1;
  for (let i = 0; i < n; i++) yield generateReport(seed, i, options);
}

// ---------------------------------------------------------------------------------------

export interface Manifest {
  generator: string;
  seed: number;
  reports: number;
  layout: { reports: string; truth: string; per_folder: number };
  shape_weights: Record<string, number>;
  counts: {
    shape: Record<string, number>;
    kind: Record<string, number>;
    level: Record<string, number>;
    year: Record<string, number>;
    title_form: Record<string, number>;
    processing_fee: Record<'zero' | 'amount' | 'not_mentioned', number>;
    absent_cells: number;
    ambiguous_cells: number;
  };
  applications: { total: number; max: number; zero_reports: number; median: number; p90: number; p99: number; over_1000: number };
  bytes: { reports: number; truth: number; per_report: number };
}

export interface WriteOptions extends GenerateOptions {
  out: string;
  reports: number;
  /**
   * `file` (default): truth/<shard>/<name>.json, one per report. `shard`: truth/<shard>.jsonl,
   * one line per report in index order — a million small files less (each costs a 4 KB block).
   */
  truthLayout?: 'file' | 'shard';
  onProgress?: (done: number) => void;
}

/** What one writer saw, mergeable across parallel writers. */
export interface PartStats {
  reports: number;
  counts: Manifest['counts'];
  /** Reports by new applications (total column), 0–1000; `above` counts the rest. */
  apps: number[];
  above: number;
  totalApps: number;
  maxApps: number;
  bytesReports: number;
  bytesTruth: number;
}

const bump = (m: Record<string, number>, k: string | number, n = 1) => void (m[k] = (m[k] ?? 0) + n);

export function shardDigitsFor(reports: number): number {
  return Math.max(3, String(Math.max(0, Math.ceil(reports / 1000) - 1)).length);
}

function emptyStats(): PartStats {
  return {
    reports: 0,
    counts: { shape: {}, kind: {}, level: {}, year: {}, title_form: {}, processing_fee: { zero: 0, amount: 0, not_mentioned: 0 }, absent_cells: 0, ambiguous_cells: 0 },
    apps: new Array<number>(1001).fill(0), above: 0, totalApps: 0, maxApps: 0, bytesReports: 0, bytesTruth: 0,
  };
}

/** Write reports [from, to) of the corpus; streaming: only counters are kept. */
export function writeRange(options: WriteOptions, from: number, to: number): PartStats {
  const seed = options.seed ?? 1;
  const shardDigits = options.shardDigits ?? shardDigitsFor(options.reports);
  const stats = emptyStats();
  const { counts } = stats;
  const made = new Set<string>();
  const perShard = options.truthLayout === 'shard';
  let lines: string[] = [];
  let lineShard: string | null = null;
  const flush = () => {
    if (lineShard !== null && lines.length) writeFileSync(join(options.out, 'truth', `${lineShard}.jsonl`), lines.join(''), { flag: 'a' });
    lines = [];
  };
  for (let i = from; i < to; i++) {
    const g = generateReport(seed, i, { ...options, shardDigits });
    if (!made.has(g.shard)) {
      mkdirSync(join(options.out, 'reports', g.shard), { recursive: true });
      mkdirSync(join(options.out, 'truth', perShard ? '' : g.shard), { recursive: true });
      made.add(g.shard);
    }
    const report = Buffer.from(g.content, 'utf8');
    const truth = Buffer.from(JSON.stringify(g.truth) + (perShard ? '\n' : ''), 'utf8');
    writeFileSync(join(options.out, g.path), report);
    if (perShard) {
      if (lineShard !== g.shard) {
        flush();
        lineShard = g.shard;
      }
      lines.push(truth.toString('utf8'));
    } else writeFileSync(join(options.out, g.truthPath), truth);
    stats.reports++;
    stats.bytesReports += report.length;
    stats.bytesTruth += truth.length;
    const t = g.truth;
    bump(counts.shape, t.shape);
    bump(counts.kind, t.kind ?? 'unknown');
    bump(counts.level, t.level ?? 'unknown');
    bump(counts.year, t.year);
    bump(counts.title_form, t.title_form);
    counts.processing_fee[t.processing_fee_yuan === null ? 'not_mentioned' : t.processing_fee_yuan === 0 ? 'zero' : 'amount']++;
    counts.absent_cells += t.absent_cells.length;
    counts.ambiguous_cells += t.ambiguous_cells.length;
    const apps = t.table3[0][6];
    stats.totalApps += apps;
    stats.maxApps = Math.max(stats.maxApps, apps);
    if (apps <= 1000) stats.apps[apps]++;
    else stats.above++;
    if (options.onProgress && stats.reports % 1000 === 0) options.onProgress(stats.reports);
  }
  flush();
  return stats;
}

export function mergeStats(options: WriteOptions, parts: PartStats[]): Manifest {
  const all = emptyStats();
  for (const p of parts) {
    all.reports += p.reports;
    for (const key of ['shape', 'kind', 'level', 'year', 'title_form'] as const) {
      for (const [k, v] of Object.entries(p.counts[key])) bump(all.counts[key], k, v);
    }
    for (const k of ['zero', 'amount', 'not_mentioned'] as const) all.counts.processing_fee[k] += p.counts.processing_fee[k];
    all.counts.absent_cells += p.counts.absent_cells;
    all.counts.ambiguous_cells += p.counts.ambiguous_cells;
    p.apps.forEach((v, i) => (all.apps[i] += v));
    all.above += p.above;
    all.totalApps += p.totalApps;
    all.maxApps = Math.max(all.maxApps, p.maxApps);
    all.bytesReports += p.bytesReports;
    all.bytesTruth += p.bytesTruth;
  }
  const n = all.reports;
  const quantile = (q: number) => {
    for (let acc = 0, k = 0; k <= 1000; k++) {
      acc += all.apps[k];
      if (acc >= q * n) return k;
    }
    return 1001;
  };
  const sorted = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)));
  return {
    generator: 'src/gen (npm run gen:corpus)',
    seed: options.seed ?? 1,
    reports: n,
    layout: {
      reports: 'reports/<shard>/<index>_<shape code>.<ext>',
      truth: options.truthLayout === 'shard' ? 'truth/<shard>.jsonl (one line per report, in index order)' : 'truth/<shard>/<index>_<shape code>.json',
      per_folder: 1000,
    },
    shape_weights: { ...(options.shapes ?? DEFAULT_SHAPE_WEIGHTS) },
    counts: { ...all.counts, shape: sorted(all.counts.shape), kind: sorted(all.counts.kind), level: sorted(all.counts.level), year: sorted(all.counts.year), title_form: sorted(all.counts.title_form) },
    applications: { total: all.totalApps, max: all.maxApps, zero_reports: all.apps[0], median: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), over_1000: all.above },
    bytes: { reports: all.bytesReports, truth: all.bytesTruth, per_report: n ? Math.round((all.bytesReports + all.bytesTruth) / n) : 0 },
  };
}

export function writeManifest(out: string, manifest: Manifest): void {
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
}

/** The whole corpus in this thread: reports, truth files and manifest.json. */
export function writeCorpus(options: WriteOptions): Manifest {
  mkdirSync(options.out, { recursive: true });
  const manifest = mergeStats(options, [writeRange(options, 0, options.reports)]);
  writeManifest(options.out, manifest);
  return manifest;
}
