// The build's pre-aggregated summaries (src/build/cube.ts writes them) and the one piece of
// arithmetic the page does on them before DuckDB is ready: pick the cells that match the
// filters, add them up per group, divide once. The results have the shape of the SQL answers
// they stand in for (groups.ts groupStats, province-map.ts provinceFigures, applicants.ts, the filter counts), with the same
// minimum-sample rules; what cannot be summed (medians) is null and marked `pending`.
// Cells are per province × year × level × kind (regions.json) and per city of one province ×
// year × level × kind (cities-<i>.json). A name search (q), a county filter or a county grouping
// are not in the cells: `cubeNeed` says null and the view waits for the database.
import { OUTCOME_GROUPS, type OutcomeGroup } from '../format/schema.ts';
import { MIN_APPLICATIONS_FOR_RATE, MIN_CASES_FOR_SHARE, type Filters } from '../db/queries.ts';
import type { Facet, GroupRow, Grouping } from '../db/groups.ts';
import type { ProvinceFigures } from '../db/province-map.ts';
import { compareText } from '../views/firstPaint.ts';
import { APPLICANT_COLUMNS, type ApplicantGroupBy, type ApplicantRow } from '../db/applicants.ts';
import type { Count } from './overview.ts';
import type { OutcomesTotal } from '../views/firstPaint.ts';
import type { LitigationSums } from '../db/pooled.ts';

export const CUBE_DIR = 'cube';
export const CUBE_REGIONS_FILE = 'regions.json';
export const cityFileName = (i: number) => `cities-${i}.json`;

/**
 * False when the build's summary.json lists its cube/ files and `name` is not among them: a build
 * from before that file, whose request would only come back 404 (an error in the console) while
 * the view waits for the database anyway. True when listed, or when the summary does not say (not
 * here yet, or a build before the list): then the file is asked for, and a 404 is taken as absent.
 */
export function builtCubeFile(summary: { cube?: { files?: readonly { name: string }[] } } | null | undefined, name: string): boolean {
  const files = summary?.cube?.files;
  return !Array.isArray(files) || files.some((f) => f.name === `${CUBE_DIR}/${name}`);
}

const OUTCOME_KEYS: OutcomeGroup[] = OUTCOME_GROUPS.map((g) => g.key);

/** Every measure of a cell: sums and counts only (see src/build/cube.ts for each one's SQL). */
export const CUBE_MEASURES = [
  'reports', 'handled', 'outcome_base',
  ...OUTCOME_KEYS,
  ...OUTCOME_KEYS.map((k) => `stated_${k}` as const),
  'reconsiderations', 'reconsiderations_base', 'lawsuits', 'lawsuits_base', 'corrected', 'concluded',
  'disputes_reconsiderations', 'disputes_lawsuits', 'disputes_base',
  'fees_10k_yuan_sum', 'fees_reports', 'processing_fee_yuan_sum', 'processing_fee_reports', 'old_template',
  // New applications by applicant type, over the reports that state all six (applicants.ts).
  'applicant_reports', 'applicant_incomplete', ...APPLICANT_COLUMNS.map((c) => `new_${c.key}` as const),
  // The reports that state every outcome group, and their applications handled (queries.ts outcomesOverall).
  'outcome_reports', 'outcome_handled',
] as const;
export type CubeMeasure = (typeof CUBE_MEASURES)[number];

/** [province or city, year, level, kind, ...measures in the file's `measures` order]. */
export type CubeRow = (string | number | null)[];

export interface CubeFile {
  version: 1;
  measures: readonly string[];
  keys: string[];
  /** regions.json: the provinces in the order of the cities-<i>.json files. */
  provinces?: (string | null)[];
  /** cities-<i>.json: the province of every row. */
  province?: string | null;
  rows: CubeRow[];
  /**
   * Every file, failed and superseded ones included (what the extract lists), per key × year ×
   * level × kind: [province or city, year, level, kind, files]. Absent in builds before it.
   */
  listed?: CubeListedRow[];
}

export type CubeListedRow = [string | null, number | null, string | null, string | null, number];

/** A `listed` row as the keys of a cell and its count of files. */
export interface ListedCell extends Pick<Cell, 'province' | 'city' | 'year' | 'level' | 'kind'> {
  files: number;
}

/** A file's `listed` rows, or null when the file has none (a build before them). */
export function listedOf(file: CubeFile): ListedCell[] | null {
  if (!Array.isArray(file.listed)) return null;
  const byCity = file.keys[0] === 'city';
  return file.listed.map((r) => ({
    province: byCity ? (file.province ?? null) : r[0],
    ...(byCity ? { city: r[0] } : {}),
    year: r[1], level: r[2], kind: r[3], files: r[4],
  }));
}

/** listCount(filters) from the listed rows: every file the extract would hold. */
export function cubeListCount(listed: readonly ListedCell[], filters: Filters): number {
  filters = plain(filters);
  let n = 0;
  for (const l of listed) if (cellMatches(l, filters)) n += l.files;
  return n;
}

export type Sums = Record<CubeMeasure, number | null>;

export interface Cell {
  province: string | null;
  /** undefined in regions.json cells (not split by city). */
  city?: string | null;
  year: number | null;
  level: string | null;
  kind: string | null;
  sums: Sums;
}

/**
 * Every measure null, as an object V8 keeps in fast mode: a sums object is a copy of it with its
 * values set. Made as `{}` and given its 39 keys one by one (keyed stores), each sums object went
 * to dictionary mode after 16 of them: making the 1,974 cells of regions.json and one province's
 * cities took 39–50 ms of CPU in a fresh process, from this 15–18 ms, the same objects (keys in the
 * same order, the same values). JSON.parse makes it in fast mode whatever its size.
 */
const NULL_SUMS: Readonly<Sums> = JSON.parse(JSON.stringify(Object.fromEntries(CUBE_MEASURES.map((m) => [m, null]))));

/** A file's rows as cells (measures by name, so files of another measure order still read right). */
export function cellsOf(file: CubeFile): Cell[] {
  const at = CUBE_MEASURES.map((m) => {
    const i = file.measures.indexOf(m);
    return i < 0 ? -1 : 4 + i;
  });
  const byCity = file.keys[0] === 'city';
  return file.rows.map((r) => {
    const sums: Sums = { ...NULL_SUMS };
    for (let k = 0; k < at.length; k++) if (at[k] >= 0) sums[CUBE_MEASURES[k]] = r[at[k]] as number | null;
    const first = r[0] as string | null;
    return {
      province: byCity ? (file.province ?? null) : first,
      ...(byCity ? { city: first } : {}),
      year: r[1] as number | null, level: r[2] as string | null, kind: r[3] as string | null, sums,
    };
  });
}

/** Which cells answer a question: 'regions', the cities of one province or of all, or null (not from the cells). */
export type CubeNeed = { cells: 'regions' } | { cells: 'cities'; province: string | null } | null;

export function cubeNeed(filters: Filters, group: Grouping | null = null, facet: Facet | null = null): CubeNeed {
  if (filters.q.trim() !== '' || filters.county !== null || group === 'county') return null;
  if (facet && facet === group) return null;
  if (filters.city !== null || group === 'city') return { cells: 'cities', province: filters.province };
  return { cells: 'regions' };
}

/** The `where()` equalities on a cell (SQL `col = ?` is never true for a null column). */
export function cellMatches(cell: Pick<Cell, 'province' | 'city' | 'year' | 'level' | 'kind'>, filters: Filters): boolean {
  if (filters.province !== null && cell.province !== filters.province) return false;
  if (filters.city !== null && (cell.city === undefined || cell.city !== filters.city)) return false;
  if (filters.year !== null && cell.year !== filters.year) return false;
  if (filters.level !== null && cell.level !== filters.level) return false;
  if (filters.kind !== null && cell.kind !== filters.kind) return false;
  return true;
}

/**
 * The filters as a plain object, read once. A view passes its $state (a proxy): every read of it is
 * a trap and a dependency tracked, and cellMatches reads it for each of thousands of cells.
 */
const plain = (filters: Filters): Filters => ({ ...filters });

// The sums, done on arrays (SQL SUM over the union of cells: nulls skipped, null only when every
// part is null): a cell's measures as a Float64Array in CUBE_MEASURES order, NaN
// for null. Added up by name (a record of ~50 keys is a dictionary in V8), the headline's years over
// the 1,339 region cells of 100,000 reports took 5–11 ms on each filter change, a grouping by city
// (10,211 cells) 48–116 ms; on arrays 0.3 ms and 9–23 ms. The same additions in the same order on
// the same doubles: the same sums, bit for bit.
const MEASURE_COUNT = CUBE_MEASURES.length;
/**
 * Where a sums object keeps its vector, made on first use: a property of its own that is not
 * enumerable, so a copy with other sums ({ ...cell, sums: { ...cell.sums, x } }) does not carry it
 * and gets its own. (A WeakMap of every city cell's sums cost more in lookups and GC than it saved.)
 */
const VECTOR = Symbol('measures as a vector');

function vectorOf(sums: Sums): Float64Array {
  const cached = (sums as Sums & { [VECTOR]?: Float64Array })[VECTOR];
  if (cached) return cached;
  const v = new Float64Array(MEASURE_COUNT);
  for (let i = 0; i < MEASURE_COUNT; i++) {
    const x = sums[CUBE_MEASURES[i]];
    v[i] = x === null || x === undefined ? NaN : x;
  }
  // Kept only where it can be: a frozen sums object, or one in a deep $state (Svelte's proxy refuses
  // a property that is not enumerable: state_descriptors_fixed), is summed without the cache
  // rather than make every summed answer throw.
  if (Object.isExtensible(sums)) {
    try {
      Object.defineProperty(sums, VECTOR, { value: v, enumerable: false });
    } catch { /* a proxy's refusal: not kept */ }
  }
  return v;
}

const emptyVector = () => new Float64Array(MEASURE_COUNT).fill(NaN);

/** SQL SUM on vectors: NaN (null) skipped, a first value added to 0 as `(into ?? 0) + v` would. */
function addVector(into: Float64Array, from: Float64Array): void {
  for (let i = 0; i < MEASURE_COUNT; i++) {
    const x = from[i];
    if (x === x) {
      const a = into[i];
      into[i] = (a === a ? a : 0) + x;
    }
  }
}

type Column = 'province' | 'city' | 'year' | 'level' | 'kind';
interface Group { keys: Key[]; sums: Float64Array }
type GroupIndex = Map<Key, GroupIndex | Group>;

/**
 * Cells summed per value of `columns` (none: one group of all), the groups in the order of their
 * first cell. Looked up through one Map per column (a Map tells 2024 from '2024', as the JSON keys
 * it replaces did), so a cell adds to its group without making a key.
 */
class GroupSums {
  readonly list: Group[] = [];
  #index: GroupIndex = new Map();
  #columns: readonly Column[];
  constructor(columns: readonly Column[]) {
    this.#columns = columns;
  }
  add(cell: Cell, v: Float64Array): void {
    const cols = this.#columns;
    let group: Group;
    if (cols.length === 0) group = this.list[0] ?? this.#made(cell);
    else {
      let node = this.#index;
      for (let i = 0; ; i++) {
        const k = keyOf(cell, cols[i]);
        let next = node.get(k);
        if (i === cols.length - 1) {
          if (next === undefined) node.set(k, (next = this.#made(cell)));
          group = next as Group;
          break;
        }
        if (next === undefined) node.set(k, (next = new Map()));
        node = next as GroupIndex;
      }
    }
    addVector(group.sums, v);
  }
  #made(cell: Cell): Group {
    const g = { keys: this.#columns.map((c) => keyOf(cell, c)), sums: emptyVector() };
    this.list.push(g);
    return g;
  }
}

/** A vector back as named sums (NaN → null). */
function sumsOfVector(v: Float64Array): Sums {
  const s: Sums = { ...NULL_SUMS };
  for (let i = 0; i < MEASURE_COUNT; i++) s[CUBE_MEASURES[i]] = v[i] === v[i] ? v[i] : null;
  return s;
}

/** `CASE WHEN base >= min THEN num * scale / base END`, as groups.ts computes it. */
function rate(num: number | null, base: number | null, min: number, scale: number): number | null {
  if (num === null || base === null || !(base >= min)) return null;
  return (num * scale) / base;
}
const below = (base: number | null, min: number) => base !== null && base < min;

/** Marks a row drawn from the cells: its medians are not known yet. */
export interface FromCube {
  pending: true;
}

type Key = string | number | null;

/** groupStats' row from summed measures (the final SELECT of groups.ts). */
function groupRow(group: Grouping, s: Sums, is_total: boolean, value: Key, facet: Key, province: string | null, city: string | null): GroupRow & FromCube {
  // Each group's count over the reports that state all six (stated_*), as outcome_base: groups.ts.
  const shares = Object.fromEntries(OUTCOME_KEYS.map((k) => [`${k}_share`, rate(s[`stated_${k}`], s.outcome_base, MIN_APPLICATIONS_FOR_RATE, 1.0)]));
  return {
    grouping: group, is_total,
    value: value === null ? null : String(value), facet: facet === null ? null : String(facet),
    province, city,
    reports: s.reports ?? 0, handled: s.handled, outcome_base: s.outcome_base,
    granted: s.stated_granted, partly_granted: s.stated_partly_granted, refused: s.stated_refused, unable: s.stated_unable, not_handled: s.stated_not_handled, other: s.stated_other,
    ...(shares as Pick<GroupRow, `${OutcomeGroup}_share`>),
    too_few_outcomes: below(s.outcome_base, MIN_APPLICATIONS_FOR_RATE),
    reconsiderations: s.reconsiderations, reconsiderations_base: s.reconsiderations_base,
    reconsiderations_per_100: rate(s.reconsiderations, s.reconsiderations_base, MIN_APPLICATIONS_FOR_RATE, 100.0),
    lawsuits: s.lawsuits, lawsuits_base: s.lawsuits_base,
    lawsuits_per_100: rate(s.lawsuits, s.lawsuits_base, MIN_APPLICATIONS_FOR_RATE, 100.0),
    too_few_reconsiderations: below(s.reconsiderations_base, MIN_APPLICATIONS_FOR_RATE),
    too_few_lawsuits: below(s.lawsuits_base, MIN_APPLICATIONS_FOR_RATE),
    corrected: s.corrected, concluded: s.concluded,
    corrected_share: rate(s.corrected, s.concluded, MIN_CASES_FOR_SHARE, 1.0),
    too_few_cases: below(s.concluded, MIN_CASES_FOR_SHARE),
    // The medians and whether they are withheld (too few reports) are the database's: pending.
    fees_10k_yuan_sum: s.fees_10k_yuan_sum, fees_10k_yuan_median: null, fees_reports: s.fees_reports ?? 0, too_few_fees_reports: false,
    processing_fee_yuan_sum: s.processing_fee_yuan_sum, processing_fee_yuan_median: null, processing_fee_reports: s.processing_fee_reports ?? 0, too_few_processing_fee_reports: false,
    old_template: s.old_template ?? 0,
    pending: true,
  };
}

const keyOf = (cell: Cell, col: 'province' | 'city' | 'year' | 'level' | 'kind'): Key => (cell[col] === undefined ? null : (cell[col] as Key));

/** ORDER BY on one key column, NULLS LAST: numbers by value, text in code point order (DuckDB). */
function compareKey(a: Key, b: Key): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
}

/**
 * groupStats(filters, group, facet) from the cells: the same rows, in the same order. The
 * caller passes cells that `cubeNeed` chose (city cells when the group or a filter is a city).
 */
export function cubeGroupStats(cells: readonly Cell[], filters: Filters, group: Grouping, facet: Facet | null = null): (GroupRow & FromCube)[] {
  filters = plain(filters);
  if (group === 'county') throw new Error('the summaries have no counties');
  const keys: ('province' | 'city' | 'year' | 'level' | 'kind')[] = group === 'city' ? ['province', 'city'] : [group];
  const facetCols = facet && !keys.includes(facet) ? [facet] : [];
  const all = [...facetCols, ...keys];
  const groups = new GroupSums(all);
  const totals = new GroupSums(facetCols);
  for (const cell of cells) {
    if (!cellMatches(cell, filters)) continue;
    const v = vectorOf(cell.sums);
    groups.add(cell, v);
    totals.add(cell, v);
  }
  // GROUPING SETS ((…), ()) always has the total row, even over no reports (COUNT 0, SUMs null).
  if (!facet && totals.list.length === 0) totals.list.push({ keys: [], sums: emptyVector() });
  const rows: { row: GroupRow & FromCube; keys: Key[]; facetKey: Key }[] = [];
  const at = (k: Key[], col: string) => k[all.indexOf(col as never)] ?? null;
  for (const t of totals.list) {
    const f = facet ? t.keys[0] : null;
    rows.push({ row: groupRow(group, sumsOfVector(t.sums), true, null, f, null, null), keys: t.keys, facetKey: f });
  }
  for (const g of groups.list) {
    const f = facet ? at(g.keys, facet) : null;
    rows.push({
      row: groupRow(group, sumsOfVector(g.sums), false, at(g.keys, group), f,
        keys.includes('province') ? (at(g.keys, 'province') as string | null) : null,
        keys.includes('city') ? (at(g.keys, 'city') as string | null) : null),
      keys: g.keys, facetKey: f,
    });
  }
  rows.sort((a, b) => {
    if (facet) {
      const d = compareKey(a.facetKey, b.facetKey);
      if (d) return d;
    }
    if (a.row.is_total !== b.row.is_total) return a.row.is_total ? -1 : 1;
    if (group === 'year') return compareKey(at(a.keys, 'year'), at(b.keys, 'year'));
    if (a.row.reports !== b.row.reports) return b.row.reports - a.row.reports;
    for (const c of all) {
      const d = compareKey(at(a.keys, c), at(b.keys, c));
      if (d) return d;
    }
    return 0;
  });
  return rows.map((r) => r.row);
}

/** provinceFigures(filters) from the region cells (the region filters left out, as the map does; the reports naming no province last); the medians null (the map draws no median from here). */
export function cubeProvinceFigures(cells: readonly Cell[], filters: Filters): ProvinceFigures[] {
  filters = plain(filters);
  const scope = { ...filters, province: null, city: null, county: null };
  const by = new Map<string | null, Float64Array>();
  for (const cell of cells) {
    if (!cellMatches(cell, scope)) continue;
    let s = by.get(cell.province);
    if (!s) by.set(cell.province, (s = emptyVector()));
    addVector(s, vectorOf(cell.sums));
  }
  return [...by].sort((a, b) => compareText(a[0], b[0])).map(([province, v]) => ({ province, s: sumsOfVector(v) })).map(({ province, s }) => ({
    province, reports: s.reports ?? 0, handled: s.handled, outcome_sum: s.outcome_base,
    granted: s.stated_granted, partly_granted: s.stated_partly_granted, refused: s.stated_refused,
    unable: s.stated_unable, not_handled: s.stated_not_handled, other: s.stated_other,
    reconsiderations: s.reconsiderations, reconsiderations_base: s.reconsiderations_base,
    lawsuits: s.lawsuits, lawsuits_base: s.lawsuits_base,
    disputes: s.disputes_reconsiderations === null || s.disputes_lawsuits === null ? null : s.disputes_reconsiderations + s.disputes_lawsuits,
    disputes_base: s.disputes_base, corrected: s.corrected, concluded: s.concluded,
    fees_10k_yuan_median: null, fees_10k_yuan_sum: s.fees_10k_yuan_sum,
    processing_fee_yuan_median: null, processing_fee_yuan_sum: s.processing_fee_yuan_sum,
    too_few_fees_reports: null, too_few_processing_fee_reports: null,
  }));
}

/** applicantsBy(filters, by) from the cells: the whole set (grp null), then each group, largest first. */
export function cubeApplicants(cells: readonly Cell[], filters: Filters, by: Exclude<ApplicantGroupBy, 'county'>): ApplicantRow[] {
  filters = plain(filters);
  const keys: ('province' | 'city' | 'year' | 'level' | 'kind')[] = by === 'city' ? ['province', 'city'] : [by];
  const total = emptyVector();
  const groups = new GroupSums(keys);
  for (const cell of cells) {
    if (!cellMatches(cell, filters)) continue;
    const v = vectorOf(cell.sums);
    addVector(total, v);
    groups.add(cell, v);
  }
  const at = (k: Key[], col: string) => (k[keys.indexOf(col as never)] ?? null) as string | number | null;
  const text = (v: Key | undefined) => (v === null || v === undefined ? null : String(v));
  const row = (isTotal: boolean, k: Key[] | null, s: Sums): ApplicantRow => ({
    is_total: isTotal, grp: k ? text(at(k, by)) : null,
    province: k && keys.includes('province') ? text(at(k, 'province')) : null,
    city: k && keys.includes('city') ? text(at(k, 'city')) : null,
    reports: s.applicant_reports ?? 0, incomplete: s.applicant_incomplete ?? 0,
    ...(Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c.key, s[`new_${c.key}`]])) as Pick<ApplicantRow, (typeof APPLICANT_COLUMNS)[number]['key']>),
  });
  const size = (r: ApplicantRow) => APPLICANT_COLUMNS.reduce((a, c) => a + (r[c.key] ?? 0), 0);
  // applicantsBy's ORDER BY: largest first, then the key columns as text (grp is VARCHAR), NULLS LAST.
  const list = groups.list.map((g) => row(false, g.keys, sumsOfVector(g.sums))).sort((a, b) => size(b) - size(a)
    || (by === 'city' ? compareKey(a.province, b.province) : 0) || compareKey(a.grp, b.grp));
  return [row(true, null, sumsOfVector(total)), ...list];
}

/**
 * The filter controls' counts (queries.ts filterCounts) from the cells: each facet leaves out its
 * own choice (a region also those below it), counts only non-null values, largest first (years
 * newest first), ties in code point order. `cities`: the cells of the chosen province's cities.
 * Null when a county is chosen or a name searched (not in the cells), or a city without its
 * province's cells. With a city chosen, `county` is undefined: no cell holds the counties' counts.
 */
export function cubeCounts(regions: readonly Cell[], cities: readonly Cell[] | null, filters: Filters): {
  province: Count[]; city: Count[]; county: Count[] | undefined; year: Count[]; level: Count[]; kind: Count[]; total: number;
} | null {
  filters = plain(filters);
  if (filters.q.trim() !== '' || filters.county !== null) return null;
  if (filters.province !== null && !cities) return null;
  if (filters.city !== null && (filters.province === null || !cities)) return null;
  // With a city chosen, every count below it is in the city's cells; the counties' are in no cell.
  const within = filters.city !== null ? cities! : regions;
  const count = (cells: readonly Cell[], facet: 'province' | 'city' | 'year' | 'level' | 'kind', scope: Filters): Count[] => {
    const n = new Map<string | number, number>();
    for (const cell of cells) {
      const v = keyOf(cell, facet);
      if (v === null || !cellMatches(cell, scope)) continue;
      n.set(v, (n.get(v) ?? 0) + (cell.sums.reports ?? 0));
    }
    const list = [...n].map(([value, c]) => ({ value, n: c }));
    if (facet === 'year') return list.sort((a, b) => Number(b.value) - Number(a.value));
    return list.sort((a, b) => b.n - a.n || compareText(String(a.value), String(b.value)));
  };
  const total = within.reduce((a, c) => a + (cellMatches(c, filters) ? (c.sums.reports ?? 0) : 0), 0);
  return {
    // As filterCounts: the region cascade leaves out its own level and the levels below it.
    province: count(regions, 'province', { ...filters, province: null, city: null }),
    city: filters.province !== null ? count(cities ?? [], 'city', { ...filters, city: null }) : [],
    county: filters.city !== null ? undefined : [],
    year: count(within, 'year', { ...filters, year: null }),
    level: count(within, 'level', { ...filters, level: null }),
    kind: count(within, 'kind', { ...filters, kind: null }),
    total,
  };
}

/**
 * templateMix(filters) from the cells: reports in the 2019 template (`old`) and the others, a
 * report without a template among them (`template IS DISTINCT FROM '2019'`), and the first and
 * last year of the old ones (null when none states a year).
 */
export function cubeTemplateMix(cells: readonly Cell[], filters: Filters): { old: number; other: number; first_old: number | null; last_old: number | null } {
  filters = plain(filters);
  let old = 0;
  let all = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const cell of cells) {
    if (!cellMatches(cell, filters)) continue;
    const n = cell.sums.old_template ?? 0;
    old += n;
    all += cell.sums.reports ?? 0;
    if (n > 0 && cell.year !== null) {
      first = first === null ? cell.year : Math.min(first, cell.year);
      last = last === null ? cell.year : Math.max(last, cell.year);
    }
  }
  return { old, other: all - old, first_old: first, last_old: last };
}

/** countReports(filters) from the cells: the reports every chart counts (failed and superseded ones left out, as the build's summaries). */
export function cubeReportCount(cells: readonly Cell[], filters: Filters): number {
  filters = plain(filters);
  let n = 0;
  for (const cell of cells) if (cellMatches(cell, filters)) n += cell.sums.reports ?? 0;
  return n;
}

/**
 * outcomesOverall(filters) from the cells: the reports that state every outcome group, their
 * applications handled and each group's count. Null when the cells are of a build without these
 * measures (an older cube/: `outcome_reports`, a COUNT, is never null in a cell that has it).
 */
export function cubeOutcomesOverall(cells: readonly Cell[], filters: Filters): OutcomesTotal | null {
  filters = plain(filters);
  const v = emptyVector();
  for (const cell of cells) {
    if (cell.sums.outcome_reports === null) return null;
    if (cellMatches(cell, filters)) addVector(v, vectorOf(cell.sums));
  }
  const s = sumsOfVector(v);
  return {
    reports: s.outcome_reports ?? 0, handled: s.outcome_handled,
    ...(Object.fromEntries(OUTCOME_KEYS.map((k) => [k, s[`stated_${k}`]])) as Pick<OutcomesTotal, OutcomeGroup>),
  };
}

/** litigationCounts' pooled sums (src/db/pooled.ts) from the cells: the same FILTER clauses, summed at build time. */
export function cubeLitigationSums(cells: readonly Cell[], filters: Filters): LitigationSums {
  filters = plain(filters);
  const v = emptyVector();
  for (const cell of cells) if (cellMatches(cell, filters)) addVector(v, vectorOf(cell.sums));
  const s = sumsOfVector(v);
  return {
    reconsiderations: s.reconsiderations, reconsiderations_base: s.reconsiderations_base,
    lawsuits: s.lawsuits, lawsuits_base: s.lawsuits_base,
    corrected: s.corrected, concluded: s.concluded,
  };
}
