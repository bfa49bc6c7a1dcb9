// CPU seconds of cells.parquet's COPY and the cache's reports COPY (by codec) on the rows of a
// build's cache (every staging column), loaded into a TEMP table as the build has them (one
// DuckDB thread, 512MB), twice each: the query alone, the writer alone (cells.parquet copied),
// and the COPY without the report_id and file columns (what those two cost the writer).
//   npx tsx bench/build/cells-steps.ts --rows CACHE_DIR/rows-XXXX --work DIR
// (a cache written by this code: cache.ts FORMAT, the spans' JSON as cells.ts reads it)
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { cellsSql } from '../../src/build/cells.ts';
import { CELL_SLOTS } from '../../src/build/rows.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, work: { type: 'string' } } });
if (!values.rows || !values.work) throw new Error('--rows DIR and --work DIR are required');
const [rowsDir, out] = [values.rows, values.work];
const inst = await DuckDBInstance.create(join(out, 'x.duckdb'), { threads: '1', memory_limit: '512MB' });
const db = await inst.connect();
const cpu = () => ((c) => (c.user + c.system) / 1e6)(process.cpuUsage());
await db.run(`CREATE TEMP TABLE all_reports AS SELECT * FROM read_parquet('${join(rowsDir, 'reports.parquet')}') ORDER BY report_id`);
const time = async (name: string, sql: string) => {
  const c0 = cpu(); const t0 = performance.now();
  await db.run(sql);
  console.log(`${name.padEnd(40)} ${(cpu() - c0).toFixed(2)} CPU s ${((performance.now() - t0) / 1000).toFixed(2)} s`);
};
// the cells' types (cells.ts createTypes is private: the same statements)
const SLOT_TEXTS = { table: 'table_name', rowKey: 'row_key', colKey: 'col_key', field: 'field', zh: 'label_zh', en: 'label_en' } as const;
const lit = (t: string) => `'${t.replace(/'/g, "''")}'`;
for (const [key, column] of Object.entries(SLOT_TEXTS)) await db.run(`CREATE TYPE _cell_${column} AS ENUM (${[...new Set(CELL_SLOTS.map((c) => c[key as keyof typeof SLOT_TEXTS]))].map(lit).join(', ')})`);
await db.run(`CREATE TYPE _cell_flag AS ENUM ('stated', 'derived', 'missing')`);
const cells = cellsSql('all_reports');
for (let rep = 0; rep < 2; rep++) {
  for (const codec of ['zstd', 'snappy', 'lz4', 'uncompressed']) {
    await time(`cache reports ${codec}`, `COPY (SELECT * FROM all_reports WHERE _key IS NOT NULL) TO '${join(out, `c-${codec}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 8192)`);
  }
  await time('cells query only (count)', `SELECT count(*), sum(char_end), count(raw), count(rule), sum(value) FROM (${cells})`);
  await time('cells COPY', `COPY (${cells}) TO '${join(out, 'cells.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  await time('cells COPY from parquet (writer alone)', `COPY (SELECT * FROM read_parquet('${join(out, 'cells.parquet')}')) TO '${join(out, 'cells2.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  await time('read cells.parquet (count)', `SELECT count(*), sum(char_end), count(raw), count(rule), sum(value), count(report_id), count(file) FROM read_parquet('${join(out, 'cells.parquet')}')`);
  await time('cells COPY without report_id, file', `COPY (SELECT * EXCLUDE (report_id, file) FROM (${cells})) TO '${join(out, 'cells3.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
}
db.closeSync(); inst.closeSync();
rmSync(join(out, 'x.duckdb'), { force: true });
