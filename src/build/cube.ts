// The pre-aggregated summaries ("cube") the page draws its first grouped charts from while
// DuckDB-wasm starts: sums of counts per province × year × level × kind (cube/regions.json) and,
// for each province, per city × year × level × kind (cube/cities-<i>.json). Computed here in SQL
// over facts.parquet with the same exclusions as every view (where(): failed and superseded
// reports out). Only additive measures (sums and counts); the medians of the unfiltered groupings
// are written beside them (src/build/group-medians.ts), any other median is left to the database.
// The format and the browser's arithmetic over it: src/app/cube.ts.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { OUTCOME_GROUPS, T3, table3Column } from '../format/schema.ts';
import { APPLICANT_COLUMNS } from '../db/applicants.ts';
import { FACT_SQL, NO_FILTERS, outcomeSql, where } from '../db/queries.ts';
import { DISPUTE_SUMS, POOLED_SUMS } from '../db/pooled.ts';
import { writeBins } from './cube-bins.ts';
import { CUBE_DIR, CUBE_MEASURES, CUBE_REGIONS_FILE, cityFileName, type CubeFile, type CubeListedRow, type CubeMeasure, type CubeRow } from '../app/cube.ts';

const OUTCOME_KEYS = OUTCOME_GROUPS.map((g) => g.key);
const notNull = (...e: string[]) => e.map((x) => `${x} IS NOT NULL`).join(' AND ');
/** New applications by applicant type (table 3, 本年新收): the base columns new_0 … new_5. */
const NEW = APPLICANT_COLUMNS.map((_, c) => `new_${c}`);
const ALL_NEW = notNull(...NEW);

/** Each measure's SQL over the `base` columns below: a SUM or COUNT, nothing else. */
const MEASURE_SQL: Record<CubeMeasure, string> = {
  reports: 'COUNT(*)',
  handled: 'SUM(handled)',
  outcome_base: 'SUM(outcome_sum)',
  ...Object.fromEntries(OUTCOME_KEYS.map((k) => [k, `SUM(${k})`])),
  ...Object.fromEntries(OUTCOME_KEYS.map((k) => [`stated_${k}`, `SUM(${k}) FILTER (WHERE outcome_sum IS NOT NULL)`])),
  ...POOLED_SUMS,
  ...DISPUTE_SUMS,
  fees_10k_yuan_sum: 'SUM(t2_fees_10k_yuan)',
  fees_reports: 'COUNT(t2_fees_10k_yuan)',
  processing_fee_yuan_sum: 'SUM(processing_fee_yuan)',
  processing_fee_reports: 'COUNT(processing_fee_yuan)',
  old_template: "COUNT(*) FILTER (WHERE template = '2019')",
  applicant_reports: `COUNT(*) FILTER (WHERE ${ALL_NEW})`,
  applicant_incomplete: `COUNT(*) FILTER (WHERE NOT (${ALL_NEW}))`,
  ...Object.fromEntries(APPLICANT_COLUMNS.map((col, c) => [`new_${col.key}`, `SUM(new_${c}) FILTER (WHERE ${ALL_NEW})`])),
  outcome_reports: 'COUNT(*) FILTER (WHERE outcome_sum IS NOT NULL)',
  outcome_handled: 'SUM(handled) FILTER (WHERE outcome_sum IS NOT NULL)',
} as Record<CubeMeasure, string>;

/**
 * One scan of the facts, two groupings: per (province, city, year, level, kind) and per
 * (province, year, level, kind) — `by_city` tells them apart — every measure as a DOUBLE.
 */
export function cubeSql(factsTable = 'facts'): string {
  const w = where(NO_FILTERS);
  return `WITH base AS (
      SELECT province, city, year, level, kind, template,
        ${FACT_SQL.handled} AS handled, ${FACT_SQL.outcomeSum} AS outcome_sum,
        ${OUTCOME_KEYS.map((k) => `${outcomeSql(k)} AS ${k}`).join(', ')},
        ${FACT_SQL.reconsiderations} AS reconsiderations, ${FACT_SQL.lawsuits} AS lawsuits,
        ${FACT_SQL.corrected} AS corrected, ${FACT_SQL.concluded} AS concluded,
        t2_fees_10k_yuan, processing_fee_yuan,
        ${NEW.map((n, c) => `${table3Column(T3.NEW, c)} AS ${n}`).join(', ')}
      FROM ${factsTable} ${w.sql})
    SELECT GROUPING(city) = 0 AS by_city, province, city, year::INTEGER AS year, level, kind,
      ${CUBE_MEASURES.map((m) => `(${MEASURE_SQL[m]})::DOUBLE AS ${m}`).join(',\n      ')}
    FROM base GROUP BY GROUPING SETS ((province, city, year, level, kind), (province, year, level, kind))
    ORDER BY province NULLS LAST, city NULLS LAST, year NULLS LAST, level NULLS LAST, kind NULLS LAST`;
}

/**
 * Every file (failed and superseded ones included, as the extract lists them: queries.ts
 * listCount) counted per (province, city, year, level, kind) and per (province, year, level, kind).
 */
export function listedSql(factsTable = 'facts'): string {
  return `SELECT GROUPING(city) = 0 AS by_city, province, city, year::INTEGER AS year, level, kind, COUNT(*)::DOUBLE AS files
    FROM ${factsTable} GROUP BY GROUPING SETS ((province, city, year, level, kind), (province, year, level, kind))
    ORDER BY province NULLS LAST, city NULLS LAST, year NULLS LAST, level NULLS LAST, kind NULLS LAST`;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface CubeWritten {
  files: { name: string; bytes: number }[];
  regionRows: number;
  cityRows: number;
}

/**
 * Writes cube/regions.json and one cube/cities-<i>.json per province (i: the province's place in
 * regions.json `provinces`, null province included) into `outDir`, from the `facts` table or view
 * of `db`; beside them the distribution's bins (src/build/cube-bins.ts).
 */
export async function writeCube(db: DuckDBConnection, outDir: string, factsTable = 'facts'): Promise<CubeWritten> {
  const rows = (await db.runAndReadAll(cubeSql(factsTable))).getRows();
  // Columns: by_city, province, city, year, level, kind, then CUBE_MEASURES in order.
  const regions: CubeRow[] = [];
  const byProvince = new Map<string | null, CubeRow[]>();
  for (const r of rows) {
    const province = str(r[1]);
    const rest = [num(r[3]), str(r[4]), str(r[5]), ...r.slice(6).map(num)];
    if (!r[0]) {
      regions.push([province, ...rest]);
      continue;
    }
    if (!byProvince.has(province)) byProvince.set(province, []);
    byProvince.get(province)!.push([str(r[2]), ...rest]);
  }
  // Every file, for the extract's count: beside the cells, in the same files.
  const listedRegions: CubeListedRow[] = [];
  const listedByProvince = new Map<string | null, CubeListedRow[]>();
  for (const r of (await db.runAndReadAll(listedSql(factsTable))).getRows()) {
    const province = str(r[1]);
    const rest = [num(r[3]), str(r[4]), str(r[5]), num(r[6]) ?? 0] as [number | null, string | null, string | null, number];
    if (!r[0]) {
      listedRegions.push([province, ...rest]);
      continue;
    }
    // A province with failed files only gets a city file too (no cells, its files listed).
    if (!byProvince.has(province)) byProvince.set(province, []);
    if (!listedByProvince.has(province)) listedByProvince.set(province, []);
    listedByProvince.get(province)!.push([str(r[2]), ...rest]);
  }
  const names = [...byProvince.keys()];
  mkdirSync(join(outDir, CUBE_DIR), { recursive: true });
  const files: { name: string; bytes: number }[] = [];
  const write = (name: string, body: CubeFile) => {
    const path = join(outDir, CUBE_DIR, name);
    writeFileSync(path, JSON.stringify(body));
    files.push({ name: `${CUBE_DIR}/${name}`, bytes: statSync(path).size });
  };
  let cityRows = 0;
  names.forEach((province, i) => {
    const rows = byProvince.get(province)!;
    cityRows += rows.length;
    write(cityFileName(i), { version: 1, measures: CUBE_MEASURES, keys: ['city', 'year', 'level', 'kind'], province, rows, listed: listedByProvince.get(province) ?? [] });
  });
  write(CUBE_REGIONS_FILE, { version: 1, measures: CUBE_MEASURES, keys: ['province', 'year', 'level', 'kind'], provinces: names, rows: regions, listed: listedRegions });
  // The distribution's bins, in files of their own: only its view reads them.
  for (const f of await writeBins(db, outDir, names, factsTable)) files.push({ name: f.name, bytes: statSync(f.path).size });
  return { files, regionRows: regions.length, cityRows };
}
