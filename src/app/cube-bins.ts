// The distribution's bins summed from the build's cells (src/build/cube-bins.ts writes them): the
// histogram and the counts of a share under any filter the cells answer (cubeNeed), before the
// database is ready. What does not add up across cells (the quartiles) stays null until then.
import { MEASURES, binPlan, type BinPlan, type DistributionStats, type HistogramBin, type Measure } from '../db/distribution.ts';
import type { Filters } from '../db/queries.ts';
import { cellMatches, type Cell } from './cube.ts';

/** The measures whose bins are fixed in advance (the shares: binPlan ignores the data). */
export const BIN_MEASURES: readonly Measure[] = MEASURES.filter((m) => m.bounded);
export const BINS_PLAN: BinPlan = binPlan({ bounded: true }, { max: null, p95: null });
export const BINS_REGIONS_FILE = 'bins-regions.json';
/**
 * The cities' bins in a few files, not one per province: with a .br and a .gz copy each, 32 files
 * would have taken the site past 1,000 files at 1M reports. Province i (its place in
 * bins-regions.json `provinces`) is in file i mod BINS_CITY_FILES.
 */
export const BINS_CITY_FILES = 4;
export const binsCityFileName = (file: number) => `bins-cities-${file}.json`;
export const binsCityFileOf = (province: number) => province % BINS_CITY_FILES;
/** The bins the build's SQL gives the reports not in the histogram. */
export const TOO_FEW_BIN = -1;
export const NOT_STATED_BIN = -2;

/**
 * [...the file's `keys` (province, [city,] year, level, kind), measure (index in `measures`), too
 * few, not stated, then (bin, reports) pairs for the bins with reports, in bin order]: most cells
 * hold a few reports, so pairs are several times smaller than twenty counts.
 */
export type BinsRow = (string | number | null)[];

export interface BinsFile {
  /**
   * 2: a report stating a sample below the minimum counts too few whatever its value, a stated 0
   * included (version 1 counted a 0 as not stated). A version 1 file is not used: its counts
   * would not be the database's.
   */
  version: 2;
  measures: string[];
  /** The plan the rows are binned by (checked against binPlan before use). */
  width: number;
  count: number;
  /** ['province', 'year', 'level', 'kind'], or with 'city' after the province (bins-cities-<n>.json). */
  keys: string[];
  /** bins-regions.json: the provinces, in the order binsCityFileOf counts them. */
  provinces?: (string | null)[];
  rows: BinsRow[];
}

/** One cell's counts for one measure. */
export interface BinCell extends Pick<Cell, 'province' | 'city' | 'year' | 'level' | 'kind'> {
  measure: string;
  too_few: number;
  not_stated: number;
  /** The file's row, its (bin, reports) pairs from `pairs` on (checked against the plan), read in place when summed. */
  row: BinsRow;
  pairs: number;
}

/** True when a parsed file has the shape and the plan this page bins by. */
export function usableBins(body: unknown): body is BinsFile {
  const f = body as BinsFile | null;
  return !!f && f.version === 2 && Array.isArray(f.rows) && Array.isArray(f.measures) && f.width === BINS_PLAN.width && f.count === BINS_PLAN.count;
}

/**
 * The file's rows as cells, the pairs left in their row: a spread for the optional city, a slice
 * and an array of 20 counts per row made the 9,373 rows of bins-regions.json (100,000 reports) cost
 * ~60 ms of CPU before a distribution link's first chart (node, cold). Throws on a pair outside the plan.
 */
export function binCellsOf(file: BinsFile): BinCell[] {
  const measures = file.measures;
  const cells = new Array<BinCell>(file.rows.length);
  if (file.keys.includes('city')) {
    file.rows.forEach((r, i) => {
      cells[i] = {
        province: r[0] as string | null, city: r[1] as string | null, year: r[2] as number | null, level: r[3] as string | null, kind: r[4] as string | null,
        measure: measures[r[5] as number] ?? '', too_few: r[6] as number, not_stated: r[7] as number, row: checkPairs(r, 8), pairs: 8,
      };
    });
  } else {
    file.rows.forEach((r, i) => {
      cells[i] = {
        province: r[0] as string | null, year: r[1] as number | null, level: r[2] as string | null, kind: r[3] as string | null,
        measure: measures[r[4] as number] ?? '', too_few: r[5] as number, not_stated: r[6] as number, row: checkPairs(r, 7), pairs: 7,
      };
    });
  }
  return cells;
}

/** The row, once every (bin, reports) pair from row[from] on is inside the plan; else an error. */
function checkPairs(row: BinsRow, from: number): BinsRow {
  for (let i = from; i + 1 < row.length; i += 2) {
    const bin = row[i] as number;
    if (!(bin >= 0 && bin < BINS_PLAN.count)) throw new Error(`bins: bin ${bin} is outside the plan`);
  }
  return row;
}

export interface CubeDistribution {
  /** n, too_few, not_stated as the database's; the quartiles, min and max null (not summable), too_few_reports null (the database's to say). */
  stats: DistributionStats;
  plan: BinPlan;
  bins: HistogramBin[];
}

/**
 * distributionStats' counts and histogram(filters, m, plan)'s rows from the cells, or null when
 * the measure's bins are not fixed in advance (amounts and rates per 100: planned from the data).
 */
export function cubeDistribution(cells: readonly BinCell[], filters: Filters, m: Measure): CubeDistribution | null {
  if (!BIN_MEASURES.some((b) => b.key === m.key)) return null;
  // A plain copy: a view's filters are a $state proxy, read through a trap for each cell otherwise.
  filters = { ...filters };
  const counts = new Array<number>(BINS_PLAN.count).fill(0);
  let tooFew = 0;
  let notStated = 0;
  for (const c of cells) {
    if (c.measure !== m.key || !cellMatches(c, filters)) continue;
    tooFew += c.too_few;
    notStated += c.not_stated;
    for (let i = c.pairs; i + 1 < c.row.length; i += 2) counts[c.row[i] as number] += c.row[i + 1] as number;
  }
  const n = counts.reduce((a, b) => a + b, 0);
  return {
    // too_few_reports null: not known until the database says whether the quartiles are given.
    stats: { n, too_few: tooFew, not_stated: notStated, too_few_reports: null, min: null, q1: null, median: null, q3: null, p95: null, max: null },
    plan: BINS_PLAN,
    // As the SQL: bins without reports are absent.
    bins: counts.flatMap((c, bin) => (c > 0 ? [{ bin, n: c }] : [])),
  };
}
