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
import { IDENTITIES, T3_OTHER_TOTAL_ROW, TABLE3_ROWS, type Kind } from '../format/schema.ts';
import { placeShortRow, type Grid } from '../format/identities.ts';
import { unglueRows } from '../format/glued.ts';
import { countSplits } from './splits.ts';
import type { Cell } from '../format/report.ts';
import { pickAgency, type Agency } from './agencies.ts';
import { drawNumbers, redraw, type Numbers, type Table2Values } from './numbers.ts';
import { Rng } from './prng.ts';
import { renderGlued, renderHtml, renderText, SHAPE_EXTENSIONS, SHAPES, type Doc, type Shape } from './shapes.ts';
import { inject, introduction, otherMatters, overview, periodSentence, problems, signatureDate, titleLine, type TitleForm } from './text.ts';

export { SHAPES, type Shape } from './shapes.ts';

export type CellRefTuple = [table: 'table2' | 'table3' | 'table4', row: number, col: number];

export interface Truth {
  file: string;
  agency: string;
  year: number;
  region_code: string;
  province: string;
  city: string | null;
  county: string | null;
  level: 'province' | 'prefecture' | 'county';
  kind: Kind;
  shape: Shape;
  table2: Table2Values;
  table3: number[][];
  table4: number[];
  processing_fee_yuan: number | null;
  /** Cells the report does not print (their value is the one the identities force). */
  absent_cells: CellRefTuple[];
  /**
   * Glued cells that more than one split satisfies: table 2's three-number rows (no identity
   * ties them) and, rarely, table 3 rows of big agencies that no redraw made unique. The parser
   * must leave them null, never guess. Table 2 uses the flat field index of TABLE2_FIELDS as row, col 0.
   */
  ambiguous_cells: CellRefTuple[];
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
}

export const DEFAULT_SHAPE_WEIGHTS: Record<Shape, number> = {
  pipe: 0.22, pdf_tabs: 0.2, cell_per_line: 0.15, html: 0.16, glued: 0.1, markdown: 0.17,
};
const SHAPE_CODE: Record<Shape, string> = { pipe: 'a', pdf_tabs: 'b', cell_per_line: 'c', html: 'd', glued: 'e', markdown: 'f' };

const T3_IDENTITIES = IDENTITIES.filter((i) => i.table === 'table3' && (!i.layout || i.layout === 'template'));
const T4_FLAT = IDENTITIES.filter((i) => i.table === 'table4').map((i) => ({
  ...i, parts: i.parts.map(([r]) => [0, r] as [number, number]), whole: i.whole.map(([r]) => [0, r] as [number, number]),
}));

// ---------------------------------------------------------------------------------------
// Glued digits: a run must split one way only.

/**
 * Table 3 glued: the rows whose run does not split one way (the parser leaves them null).
 * Each row's run is read alone first by its row sum (what the parser does first); rows left
 * open go to the project's joint search over every identity (unglueRows), as in the parser.
 */
export function gluedTable3Open(t3: number[][]): number[] {
  const open: number[] = [];
  for (let r = 0; r < t3.length; r++) {
    const chunk = t3[r].join('');
    // Seven digits for seven cells: one reading only (most rows: 0000000).
    if (chunk.length > 7 && countSplits(chunk, 7, 7) !== 1) open.push(r);
  }
  if (open.length === 0) return [];
  // The parser's joint search (unglueRows) over the open rows. Rows with one reading are single
  // options there, fixed in every joint reading: giving them as known values yields the same survivors.
  const grid: Grid = Array.from({ length: T3_OTHER_TOTAL_ROW + 1 }, (_, r) => (r < t3.length && !open.includes(r) ? [...t3[r]] : new Array<Cell>(7).fill(null)));
  const rows = open.map((row) => ({ row, chunks: [t3[row].join('')] }));
  const result = unglueRows(grid, rows, T3_IDENTITIES, 7);
  return open.filter((row) => {
    const r = result.get(row);
    return !(r?.kind === 'split' && r.values.every((v, c) => v === t3[row][c]));
  });
}

export function gluedTable4Unique(t4: number[]): boolean {
  return t4.every((v) => v < 10) || countSplits(t4.join(''), 15, 5) === 1;
}

/** Table 2 rows of three numbers glued: no identity helps, so only a run that splits one way is read. */
export function gluedTable2Ambiguous(t2: Table2Values): CellRefTuple[] {
  const out: CellRefTuple[] = [];
  const rows: [keyof Table2Values, number][] = [['regulations', 0], ['normative_documents', 3]];
  for (const [key, offset] of rows) {
    const values = t2[key] as number[];
    if (values.every((v) => v < 10)) continue;
    if (countSplits(values.join(''), 3, 0) !== 1) out.push(['table2', offset, 0], ['table2', offset + 1, 0], ['table2', offset + 2, 0]);
  }
  return out;
}

/**
 * Redraw the glued tables until every run splits one way (this biases the glued shape toward
 * smaller tables: big agencies' runs split many ways). What still does not after a few draws is
 * listed as ambiguous: the parser must leave those cells null.
 */
function makeGluedUnique(rng: Rng, agency: Agency, n: Numbers): CellRefTuple[] {
  let open = gluedTable3Open(n.table3);
  for (let k = 0; k < 8 && open.length; k++) {
    n.table3 = redraw.table3(rng, agency);
    open = gluedTable3Open(n.table3);
  }
  for (let k = 0; k < 8 && !gluedTable4Unique(n.table4); k++) n.table4 = redraw.table4(rng, n.table3[0][6] + n.table3[1][6]);
  if (!gluedTable4Unique(n.table4)) n.table4 = new Array(15).fill(0);
  for (let k = 0; k < 6 && gluedTable2Ambiguous(n.table2).length; k++) {
    const t = redraw.table2(rng, agency);
    n.table2 = t.values;
    n.feeDecimals = t.feeDecimals;
  }
  return [...gluedTable2Ambiguous(n.table2), ...open.flatMap((row) => [0, 1, 2, 3, 4, 5, 6].map((c) => ['table3', row, c] as CellRefTuple))];
}

// ---------------------------------------------------------------------------------------
// Shape b: one cell not printed, where the identities place the rest.

function missingCell(rng: Rng, t3: number[][]): [number, number] | null {
  if (!rng.chance(0.3)) return null;
  const row = rng.int(0, TABLE3_ROWS.length - 1);
  const col = rng.chance(0.5) ? 0 : rng.int(0, 6);
  const values = t3[row].filter((_, c) => c !== col);
  const grid: Grid = t3.map((r) => [...r]);
  grid[row] = new Array<Cell>(7).fill(null);
  const placed = placeShortRow(grid, T3_IDENTITIES, row, values, 7);
  if (placed.kind !== 'placed') return null;
  // The completed row must be the truth (placeShortRow already requires one completion).
  const expect = [...Array(7).keys()].filter((c) => c !== col);
  return placed.positions.every((p, i) => p === expect[i]) || placed.candidates > 0 ? [row, col] : null;
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
  const agency = pickAgency(rng, bodyOnly ? { kinds: ['people_government', 'government_office'] } : {});
  const year = rng.int(2021, 2025);
  const numbers = drawNumbers(rng, agency);
  const absent: CellRefTuple[] = [];
  let ambiguous: CellRefTuple[] = [];
  if (shape === 'glued') ambiguous = makeGluedUnique(rng, agency, numbers);
  const missing = shape === 'pdf_tabs' ? missingCell(rng, numbers.table3) : null;
  if (missing) absent.push(['table3', missing[0], missing[1]]);

  let period: Truth['period'] = titleForm === 'none' ? rng.weighted([['intro', 0.7], ['other', 0.3]] as const)
    : rng.weighted([['intro', 0.6], ['other', 0.25], ['none', 0.14], ['mismatch', 0.01]] as const);
  const periodText = period === 'none' ? null : periodSentence(rng, period === 'mismatch' ? year - 1 : year);
  const signature = titleForm === 'none' && !bodyOnly ? true : rng.chance(0.3);
  const other = otherMatters(rng, agency, year, numbers.processing_fee_yuan);
  if (period === 'other') other.push(periodText!);
  const digits: Doc['digits'] = shape === 'glued' ? 'plain'
    : rng.weighted([['plain', 0.86], ['grouped', 0.1], ['fullwidth', shape === 'pdf_tabs' || shape === 'html' ? 0 : 0.04]] as const);
  const doc: Doc = {
    agency: agency.name,
    year,
    title: titleLine(agency, year, titleForm),
    intro: introduction(rng, agency, year, period === 'intro' || period === 'mismatch' ? periodText : null),
    overview: overview(rng, agency, year, numbers, bodyOnly || rng.chance(0.3)),
    problems: problems(rng, year),
    other,
    signature: signature ? [agency.name, signatureDate(rng, year)] : null,
    numbers,
    half: rng.chance(0.5),
    digits,
    missing,
  };
  const site = agency.kind === 'department' ? agency.name : agency.name.replace(/办公(室|厅)$/, '');
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
      file: path, agency: agency.name, year, region_code: r.code, province: r.province, city: r.city, county: r.county,
      level: r.level, kind: agency.kind, shape,
      table2: numbers.table2, table3: numbers.table3, table4: numbers.table4, processing_fee_yuan: numbers.processing_fee_yuan,
      absent_cells: absent, ambiguous_cells: ambiguous, source_errors: [],
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
    bump(counts.kind, t.kind);
    bump(counts.level, t.level);
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
