// The distribution view's first paint: for each measure whose bins do not depend on the data
// (the shares, binned in fives: src/db/distribution.ts binPlan), the rated reports per bin and the
// too-few and not-stated counts, per cell of cube/ (province × year × level × kind, and city × year
// × level × kind within each province). Counts add up across cells, so the page sums the cells a
// filter picks, as it does cube/'s (src/app/cube-bins.ts). Quartiles do not add up: they come with
// the database. Each report is binned by the same SQL as the view's histogram (measuredColumns,
// binSql), over the same reports (where(): failed and superseded ones out).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { NO_FILTERS, where } from '../db/queries.ts';
import { binSql, measuredColumns } from '../db/distribution.ts';
import { BIN_MEASURES, BINS_PLAN, BINS_REGIONS_FILE, NOT_STATED_BIN, TOO_FEW_BIN, binsCityFileName, type BinsFile, type BinsRow } from '../app/cube-bins.ts';
import { CUBE_DIR } from '../app/cube.ts';

/** One row per (cell, measure, bin) with reports in it; bin -1: too few, -2: not stated. */
export function binsSql(factsTable = 'facts'): string {
  const w = where(NO_FILTERS);
  const each = BIN_MEASURES.map((m, i) => `SELECT province, city, year, level, kind, ${i} AS measure,
        CASE WHEN rated THEN ${binSql(BINS_PLAN)} WHEN v IS NULL THEN ${NOT_STATED_BIN} ELSE ${TOO_FEW_BIN} END AS bin
      FROM (SELECT province, city, year, level, kind, ${measuredColumns(m)} FROM ${factsTable} ${w.sql})`);
  return `SELECT GROUPING(city) = 0 AS by_city, province, city, year::INTEGER AS year, level, kind, measure, bin, COUNT(*)::INTEGER AS n
    FROM (${each.join('\n      UNION ALL ')})
    GROUP BY GROUPING SETS ((province, city, year, level, kind, measure, bin), (province, year, level, kind, measure, bin))
    ORDER BY bin`;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Writes cube/bins-regions.json and cube/bins-cities-<i>.json, i the province's place in `provinces`
 * (regions.json's order, so that both files of a province share their index). Returns the files written.
 */
export async function writeBins(db: DuckDBConnection, outDir: string, provinces: readonly (string | null)[], factsTable = 'facts'): Promise<{ name: string; path: string }[]> {
  const regions = new Map<string, BinsRow>();
  const cities = new Map<string | null, Map<string, BinsRow>>(provinces.map((p) => [p, new Map()]));
  // Ordered by bin, so that each row's (bin, reports) pairs come in order.
  for (const r of (await db.runAndReadAll(binsSql(factsTable))).getRows()) {
    const [byCity, province, city, year, level, kind, measure, bin, n] = r;
    const key = byCity ? str(city) : str(province);
    const into = byCity ? cities.get(str(province)) : regions;
    if (!into) throw new Error(`bins: province ${String(province)} is not in cube/regions.json`);
    const id = JSON.stringify([key, num(year), str(level), str(kind), num(measure)]);
    let row = into.get(id);
    if (!row) into.set(id, (row = [key, num(year), str(level), str(kind), Number(measure), 0, 0]));
    const b = Number(bin);
    if (b === TOO_FEW_BIN) row[5] = Number(n);
    else if (b === NOT_STATED_BIN) row[6] = Number(n);
    else row.push(b, Number(n));
  }
  const head = { version: 1 as const, measures: BIN_MEASURES.map((m) => m.key), width: BINS_PLAN.width, count: BINS_PLAN.count };
  const written: { name: string; path: string }[] = [];
  const write = (name: string, body: BinsFile) => {
    const path = join(outDir, CUBE_DIR, name);
    writeFileSync(path, JSON.stringify(body));
    written.push({ name: `${CUBE_DIR}/${name}`, path });
  };
  // Sorted, so that the same facts always give the same bytes.
  const sorted = (rows: Map<string, BinsRow>) => [...rows.keys()].sort().map((k) => rows.get(k)!);
  provinces.forEach((province, i) => write(binsCityFileName(i), { ...head, keys: ['city', 'year', 'level', 'kind'], province, rows: sorted(cities.get(province)!) }));
  write(BINS_REGIONS_FILE, { ...head, keys: ['province', 'year', 'level', 'kind'], provinces: [...provinces], rows: sorted(regions) });
  return written;
}
