// Agencies over several years, for testing the checks across reports (src/build/continuity.ts):
// each agency files one report a year whose 上年结转 equals the previous year's 结转下年度继续办理,
// column by column — except where a deliberate break is recorded — plus missing years, renamed
// agencies (joined by manifest.csv's agency_id), variant spellings of an office's name, and the
// same year filed twice (identical numbers, or numbers that differ in table 2). Everything made
// on purpose is recorded in the truth (series.json), so a test can check that each is found and
// nothing else is flagged.
//
//   writeSeries({ out, agencies, seed }) → out/reports/<shard>/<index>_<shape>.<ext>, out/reports/manifest.csv,
//                                          out/truth/<shard>/<name>.json, out/series.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { T3, TABLE3_COLUMNS } from '../format/schema.ts';
import { bodyKey, DEPARTMENTS, documentedAgencyId, pickAgency, type Agency } from './agencies.ts';
import { generateReport, SHAPES, type Generated, type Shape } from './index.ts';
import type { Numbers } from './numbers.ts';
import { Rng } from './prng.ts';

/** One file of a series, as the truth names it. */
export interface SeriesFile {
  file: string;
  year: number;
  agency: string;
}

export interface SeriesTruth {
  generator: 'series';
  seed: number;
  /** Each agency: every file it filed (duplicates included), oldest first. All share one agency_id: `id`, as README documents it. */
  agencies: { id: string; files: SeriesFile[]; renamed: boolean; variant: boolean }[];
  /** Carry-over breaks: `before` (year N) and `after` (year N+1) disagree in these table 3 columns. */
  breaks: { before: string; after: string; columns: number[] }[];
  /** Years missing between two filed years. */
  missing: { before: string; after: string; years: number[] }[];
  /** The same agency and year filed more than once; `identical`: every number the same. */
  duplicates: { files: string[]; year: number; identical: boolean }[];
}

export interface SeriesOptions {
  out: string;
  agencies: number;
  seed?: number;
  /** First and last year of the series (default 2021–2025). */
  years?: [number, number];
}

/** Glued digits are left out: their redraws would change the numbers a series fixes. */
const SERIES_SHAPES: Partial<Record<Shape, number>> = Object.fromEntries(SHAPES.filter((s) => s !== 'glued').map((s) => [s, 1]));

const clone = (n: Numbers): Numbers => ({
  ...n, table2: { ...n.table2, regulations: [...n.table2.regulations], normative_documents: [...n.table2.normative_documents] },
  table3: n.table3.map((r) => [...r]), table4: [...n.table4],
});

/**
 * The drawn numbers with 上年结转 (row 2) set to `carried`, the identities kept: per column the
 * change goes into 予以公开 and the total handled, or, where that would go below 0, into 本年新收
 * (new + carried = handled + forward still holds). The total column is then the sum again.
 */
export function withCarriedOver(drawn: Numbers, carried: readonly number[]): Numbers {
  const n = clone(drawn);
  const t = n.table3;
  const GRANTED = T3.FIRST_OUTCOME;
  for (let c = 0; c < 6; c++) {
    const delta = carried[c] - t[T3.CARRIED_OVER][c];
    t[T3.CARRIED_OVER][c] = carried[c];
    if (t[GRANTED][c] + delta >= 0) {
      t[GRANTED][c] += delta;
      t[T3.TOTAL_HANDLED][c] += delta;
    } else t[T3.NEW][c] -= delta;
  }
  for (const r of [T3.NEW, T3.CARRIED_OVER, GRANTED, T3.TOTAL_HANDLED]) t[r][6] = t[r].slice(0, 6).reduce((a, b) => a + b, 0);
  return n;
}

/** A department's old name, for a rename: another department of the same place (manifest.csv states the region), and the body that name is. */
function oldName(agency: Agency, rng: Rng): { name: string; body: string } | null {
  const dept = agency.department;
  if (!dept) return null;
  const other = rng.pick(DEPARTMENTS.filter((d) => d.key !== dept.key));
  const provincial = agency.name.endsWith(dept.provincial);
  const from = provincial ? dept.provincial : dept.local;
  const name = agency.name.slice(0, agency.name.length - from.length) + (provincial ? other.provincial : other.local);
  return { name, body: bodyKey({ ...agency, department: other }) };
}

/** 办公室 ↔ 办公厅: the other spelling of a government office's name. */
function variantName(agency: Agency): string | null {
  if (agency.kind !== 'government_office') return null;
  return agency.name.endsWith('办公厅') ? agency.name.replace(/办公厅$/, '办公室') : agency.name.replace(/办公室$/, '办公厅');
}

interface Planned {
  agency: Agency;
  name: string;
  year: number;
  numbers: (drawn: Numbers) => Numbers;
  /** manifest.csv agency_id: a renamed agency's old reports name the new one's id. */
  agencyIdOverride: string | null;
}

/** Every report of the series corpus, in file order, and the truth; pure and deterministic per seed. */
export function planSeries(options: Omit<SeriesOptions, 'out'>): { reports: { generated: Generated; planned: Planned }[]; truth: SeriesTruth } {
  const seed = options.seed ?? 1;
  const [first, last] = options.years ?? [2021, 2025];
  const truth: SeriesTruth = { generator: 'series', seed, agencies: [], breaks: [], missing: [], duplicates: [] };
  const reports: { generated: Generated; planned: Planned }[] = [];
  // Bodies already in the series, by the generator's own key (never by the build's agencyId, which the series judges).
  const used = new Set<string>();
  let index = 0;
  const emit = (p: Planned): Generated => {
    const generated = generateReport(seed, index++, { shapes: SERIES_SHAPES, plan: { agency: { ...p.agency, name: p.name }, year: p.year, numbers: p.numbers } });
    reports.push({ generated, planned: p });
    return generated;
  };
  for (let k = 0; k < options.agencies; k++) {
    const rng = new Rng(seed, 1_000_000_000 + k);
    let agency = pickAgency(rng);
    for (let tries = 0; used.has(bodyKey(agency)) && tries < 20; tries++) agency = pickAgency(rng);
    used.add(bodyKey(agency));
    const id = documentedAgencyId(agency);
    const start = rng.int(first, Math.max(first, last - 3));
    let years: number[] = [];
    for (let y = start; y <= last; y++) years.push(y);
    const gap = years.length >= 4 && rng.chance(0.3) ? years[rng.int(1, years.length - 2)] : null;
    if (gap !== null) years = years.filter((y) => y !== gap);
    const rename = rng.chance(0.3) ? oldName(agency, rng) : null;
    const renamed = rename?.name ?? null;
    const pivot = renamed ? years[rng.int(1, years.length - 1)] : null;
    if (rename) used.add(rename.body);
    const variant = variantName(agency);
    const variantYear = variant && rng.chance(0.6) ? rng.pick(years) : null;
    const breakAfter = rng.chance(0.35) ? rng.pick(years.filter((y) => years.includes(y + 1))) ?? null : null;
    const duplicateYear = rng.chance(0.3) ? rng.pick(years) : null;
    const identical = rng.chance(0.5);

    const files: SeriesFile[] = [];
    let carried: number[] | null = null;
    let before: Generated | null = null;
    for (const year of years) {
      const name = renamed && year < pivot! ? renamed : year === variantYear ? variant! : agency.name;
      let broken: number | null = null;
      const wanted = carried === null ? null : [...carried];
      if (wanted && breakAfter === year - 1) {
        broken = rng.int(0, 5);
        wanted[broken] += rng.int(1, 5);
      }
      const held: { printed?: Numbers } = {};
      const numbers = (drawn: Numbers) => (held.printed = wanted ? withCarriedOver(drawn, wanted) : drawn);
      const override = renamed && year < pivot! ? id : null;
      const g = emit({ agency, name, year, numbers, agencyIdOverride: override });
      files.push({ file: g.path, year, agency: name });
      const fixed = held.printed!;
      if (before && broken !== null) truth.breaks.push({ before: before.path, after: g.path, columns: [broken, TABLE3_COLUMNS.length - 1] });
      if (before && year > before.truth.year + 1) {
        const missing: number[] = [];
        for (let y = before.truth.year + 1; y < year; y++) missing.push(y);
        truth.missing.push({ before: before.path, after: g.path, years: missing });
      }
      if (year === duplicateYear) {
        // Same carry-over rows either way: whichever copy is charted, the series stays as planned.
        const copy = (drawn: Numbers) => {
          const n = clone(fixed);
          if (!identical) {
            n.table2.licensing = drawn.table2.licensing === n.table2.licensing ? n.table2.licensing + 1 : drawn.table2.licensing;
            n.table2.penalties += 1;
          }
          return n;
        };
        const d = emit({ agency, name, year, numbers: copy, agencyIdOverride: override });
        files.push({ file: d.path, year, agency: name });
        truth.duplicates.push({ files: [g.path, d.path], year, identical });
      }
      carried = fixed.table3[T3.CARRIED_FORWARD].slice(0, 6);
      before = g;
    }
    truth.agencies.push({ id, files, renamed: renamed !== null, variant: variantYear !== null });
  }
  return { reports, truth };
}

/** The manifest the series needs: each file's agency, year and region; a renamed agency's old files name its id. */
function manifestCsv(reports: { generated: Generated; planned: Planned }[]): string {
  const lines = ['file,agency,year,region_code,source_url,agency_id'];
  for (const { generated, planned } of reports) {
    lines.push([generated.name, planned.name, planned.year, planned.agency.region.code, '', planned.agencyIdOverride ?? ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function writeSeries(options: SeriesOptions): SeriesTruth {
  const { reports, truth } = planSeries(options);
  for (const { generated } of reports) {
    mkdirSync(join(options.out, 'reports', generated.shard), { recursive: true });
    mkdirSync(join(options.out, 'truth', generated.shard), { recursive: true });
    writeFileSync(join(options.out, generated.path), generated.content);
    writeFileSync(join(options.out, generated.truthPath), JSON.stringify(generated.truth));
  }
  writeFileSync(join(options.out, 'reports', 'manifest.csv'), manifestCsv(reports));
  writeFileSync(join(options.out, 'series.json'), `${JSON.stringify(truth, null, 1)}\n`);
  return truth;
}
