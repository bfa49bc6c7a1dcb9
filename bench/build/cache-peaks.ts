// Peak RSS of the cache's reports COPY (src/build/cache.ts writeCache) under different settings, on
// one load of staged rows: the staged CSV files of a build (`.stage/rows`, reports-*.csv) listed
// COPIES times into the build's TEMP table (each copy's report_id, file and _key made distinct), with
// the build's DuckDB settings; then, for each variant ROWGROUP[@LIMIT] in turn, that COPY on one
// thread (ROW_GROUP_SIZE ROWGROUP, memory limit LIMIT, default 512MB) with VmHWM reset as it begins,
// and the file's footer and row groups. A variant's figure includes what the ones before it left in
// the process: run them in both orders.
//   npx tsx bench/build/cache-peaks.ts ROWS_DIR COPIES 8192@384MB 8192@512MB …
// (Positional arguments: a one-off measuring tool, no options beyond these.)
import { readdirSync, readFileSync, writeFileSync, rmSync, mkdirSync, statSync, openSync, readSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createStageTables, STAGE_REPORT_COLUMNS } from '../../src/build/build.ts';
import { loadGroups, stagedSql } from '../../src/build/staged.ts';
import { oneThread } from '../../src/build/memory.ts';
const [dir, copiesArg, ...groups] = process.argv.slice(2);
const copies = Number(copiesArg);
const status = (f: string) => Math.round(Number(new RegExp(`${f}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);
const work = join(dir, "..", `cache-peaks-${process.pid}`); mkdirSync(work);
const instance = await DuckDBInstance.create(join(work, 'stage.duckdb'), { memory_limit: '512MB', preserve_insertion_order: 'true', allocator_flush_threshold: '8MB', allocator_background_threads: 'true' });
const db = await instance.connect();
await createStageTables(db);
const files = new Map<string, string[]>(); const counts = new Map<string, number>();
for (const name of readdirSync(dir).sort()) { const m = /^reports-[A-Za-z0-9]+-([0-9a-f]{2})\.csv$/.exec(name); if (!m) continue; files.set(m[1], [...(files.get(m[1]) ?? []), join(dir, name)]); counts.set(m[1], (counts.get(m[1]) ?? 0) + Math.round(statSync(join(dir, name)).size / 4_700) * copies); }
for (const g of loadGroups(counts, 4_000)) { const paths = g.flatMap((b) => files.get(b) ?? []); if (!paths.length) continue;
  await db.run(`INSERT INTO stage_reports BY NAME SELECT * EXCLUDE (_copy) REPLACE (report_id || _copy AS report_id, file || _copy AS file, _key || _copy AS _key) FROM ${stagedSql(STAGE_REPORT_COLUMNS, paths)}, (SELECT unnest(range(${copies}))::VARCHAR AS _copy) ORDER BY report_id`); }
console.log(`loaded ${(await db.runAndReadAll('SELECT count(*) FROM stage_reports')).getRows()[0][0]}, RSS ${status('VmRSS')}`);
for (const variant of groups) {
  const [rg, limit] = variant.split('@');
  await db.run(`SET memory_limit = '${limit ?? '512MB'}'`);
  const path = join(work, `c-${rg}.parquet`);
  writeFileSync('/proc/self/clear_refs', '5');
  const t = performance.now();
  await oneThread(db, () => db.run(`COPY (SELECT * FROM stage_reports WHERE _key IS NOT NULL) TO '${path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rg})`));
  const peak = status('VmHWM');
  const fd = openSync(path, 'r'); const size = fstatSync(fd).size; const b = Buffer.alloc(8); readSync(fd, b, 0, 8, size - 8);
  const stats = (await db.runAndReadAll(`SELECT count(DISTINCT row_group_id), sum(coalesce(length(stats_min_value),0) + coalesce(length(stats_max_value),0) + coalesce(length(stats_min),0) + coalesce(length(stats_max),0)) FROM parquet_metadata('${path}')`)).getRows()[0];
  await db.run("SET memory_limit = '512MB'");
  console.log(`row group ${rg} at ${limit ?? '512MB'}: ${((performance.now() - t) / 1000).toFixed(1)} s, peak ${peak} MiB, RSS after ${status('VmRSS')}; footer ${b.readUInt32LE(0)} bytes, ${stats[0]} row groups, stats ${stats[1]} chars`);
  rmSync(path);
}
db.closeSync(); instance.closeSync(); rmSync(work, { recursive: true, force: true });
