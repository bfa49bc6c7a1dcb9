// The distribution view's first paint: for each measure whose bins do not depend on the data
// (the shares, binned in fives: src/db/distribution.ts binPlan), the rated reports per bin and the
// too-few and not-stated counts, per cell of cube/ (province × year × level × kind, and city × year
// × level × kind within each province). Counts add up across cells, so the page sums the cells a
// filter picks, as it does cube/'s (src/app/cube-bins.ts). Quartiles do not add up: they come with
// the database. Each report is binned by the same SQL as the view's histogram (measuredColumns,
// binSql), over the same reports (where(): failed and superseded ones out), and counted too few or
// not stated by the same rule as the view's counts (measuredColumns' rated and too_few).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { NO_FILTERS, where } from '../db/queries.ts';
import { binSql, measuredColumns } from '../db/distribution.ts';
import { BIN_MEASURES, BINS_CITY_FILES, BINS_PLAN, BINS_REGIONS_FILE, NOT_STATED_BIN, TOO_FEW_BIN, binsCityFileName, binsCityFileOf, type BinsFile } from '../app/cube-bins.ts';
import { CUBE_DIR } from '../app/cube.ts';

/**
 * One row per file: `by_city`, `province` (for a cities file), and `rows`, the file's rows as JSON
 * text. DuckDB writes the JSON because the rows are many (265,000 (cell, measure, bin) counts at
 * 100,000 reports): reading them into JS took 0.7 s, longer than the query.
 */
export function binsSql(factsTable = 'facts'): string {
  const w = where(NO_FILTERS);
  const each = BIN_MEASURES.map((m, i) => `SELECT province, city, year, level, kind, ${i} AS measure,
        CASE WHEN rated THEN ${binSql(BINS_PLAN)} WHEN too_few THEN ${TOO_FEW_BIN} ELSE ${NOT_STATED_BIN} END AS bin
      FROM (SELECT province, city, year, level, kind, ${measuredColumns(m)} FROM ${factsTable} ${w.sql})`);
  const json = (x: string) => `COALESCE(to_json(${x})::VARCHAR, 'null')`;
  return `WITH c AS (
      SELECT province, city, year::INTEGER AS year, level, kind, measure, bin, COUNT(*)::INTEGER AS n
      FROM (${each.join('\n      UNION ALL ')}) GROUP BY ALL),
    cells AS (
      SELECT true AS by_city, province, city AS key, year, level, kind, measure, bin, n FROM c
      UNION ALL
      SELECT false, province, province, year, level, kind, measure, bin, SUM(n)::INTEGER FROM c GROUP BY province, year, level, kind, measure, bin),
    r AS (
      SELECT by_city, province, key, year, level, kind, measure,
        COALESCE(MAX(n) FILTER (WHERE bin = ${TOO_FEW_BIN}), 0) AS too_few, COALESCE(MAX(n) FILTER (WHERE bin = ${NOT_STATED_BIN}), 0) AS not_stated,
        string_agg(bin::VARCHAR || ',' || n::VARCHAR, ',' ORDER BY bin) FILTER (WHERE bin >= 0) AS pairs
      FROM cells GROUP BY ALL)
    SELECT by_city, CASE WHEN by_city THEN province END AS province,
      string_agg('[' || ${json('province')} || ',' || CASE WHEN by_city THEN ${json('key')} || ',' ELSE '' END || ${json('year')} || ',' || ${json('level')} || ',' || ${json('kind')} || ',' || measure::VARCHAR
        || ',' || too_few::VARCHAR || ',' || not_stated::VARCHAR || COALESCE(',' || pairs, '') || ']', ','
        ORDER BY key NULLS LAST, year NULLS LAST, level NULLS LAST, kind NULLS LAST, measure) AS rows
    FROM r GROUP BY 1, 2`;
}

/**
 * Writes cube/bins-regions.json and the BINS_CITY_FILES cube/bins-cities-<n>.json, province i's
 * cities in file binsCityFileOf(i), i its place in `provinces` (regions.json's order). Returns the files written.
 */
export async function writeBins(db: DuckDBConnection, outDir: string, provinces: readonly (string | null)[], factsTable = 'facts'): Promise<{ name: string; path: string }[]> {
  let regions = '';
  const cities = new Map<string | null, string>();
  for (const [byCity, province, rows] of (await db.runAndReadAll(binsSql(factsTable))).getRows()) {
    if (!byCity) regions = String(rows);
    else if (!provinces.includes(province === null ? null : String(province))) throw new Error(`bins: province ${String(province)} is not in cube/regions.json`);
    else cities.set(province === null ? null : String(province), String(rows));
  }
  const head = { version: 2 as const, measures: BIN_MEASURES.map((m) => m.key), width: BINS_PLAN.width, count: BINS_PLAN.count };
  const written: { name: string; path: string }[] = [];
  // The head as JSON, then the rows DuckDB wrote (already JSON).
  const write = (name: string, fields: Omit<BinsFile, 'rows'>, rows: string) => {
    const path = join(outDir, CUBE_DIR, name);
    writeFileSync(path, `${JSON.stringify(fields).slice(0, -1)},"rows":[${rows}]}`);
    written.push({ name: `${CUBE_DIR}/${name}`, path });
  };
  const parts: string[][] = Array.from({ length: BINS_CITY_FILES }, () => []);
  provinces.forEach((province, i) => {
    const rows = cities.get(province);
    if (rows) parts[binsCityFileOf(i)].push(rows);
  });
  parts.forEach((rows, n) => write(binsCityFileName(n), { ...head, keys: ['province', 'city', 'year', 'level', 'kind'] }, rows.join(',')));
  write(BINS_REGIONS_FILE, { ...head, keys: ['province', 'year', 'level', 'kind'], provinces: [...provinces] }, regions);
  return written;
}
