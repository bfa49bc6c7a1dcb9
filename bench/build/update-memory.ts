// What UPDATEs cost a TEMP table in DuckDB memory (duckdb_memory() tags, RSS), as across.ts does them:
// N rows of 40 text and 40 number columns, agency_id set on every row and superseded_by on about
// half, then (MODE rewrite) the table written again, then a COPY of it to Parquet. A one-off
// measuring tool (positional arguments):  npx tsx bench/build/update-memory.ts N temp|rewrite
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const st = (f: string) => Math.round(Number(new RegExp(`${f}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);
const [n, mode] = [Number(process.argv[2]), process.argv[3]];
const inst = await DuckDBInstance.create(`/work/big/mem11/upd-${process.pid}.duckdb`, { memory_limit: '512MB', preserve_insertion_order: 'true' });
const db = await inst.connect();
const mem = async (label: string) => { const r = (await db.runAndReadAll("SELECT tag, memory_usage_bytes//1048576 AS mib FROM duckdb_memory() WHERE memory_usage_bytes > 1048576")).getRows(); console.log(mode, n, label, 'RSS', st('VmRSS'), JSON.stringify(r.map(x => x.map(String)))); };
const cols = Array.from({ length: 40 }, (_, k) => `md5(i::VARCHAR || '${k}') || repeat('文', ${k % 5 * 20}) AS c${k}, (i * ${k + 1}) % 1000 AS n${k}`).join(', ');
await db.run(`CREATE TEMP TABLE t AS SELECT lpad(i::VARCHAR, 16, '0') AS report_id, '某某市人民政府办公厅' || (i % 170000)::VARCHAR AS agency, '110000' AS region_code, NULL::VARCHAR AS agency_id, NULL::VARCHAR AS superseded_by, ${cols} FROM range(${n}) r(i)`);
await mem('created');
await db.run(`CREATE TEMP TABLE ids AS SELECT DISTINCT agency, region_code, region_code || '-' || agency AS agency_id FROM t`);
await db.run('SET threads = 1');
let t = performance.now();
await db.run(`UPDATE t SET superseded_by = NULL, agency_id = NULL`);
await db.run(`UPDATE t SET agency_id = i.agency_id FROM ids i WHERE i.agency = t.agency AND i.region_code IS NOT DISTINCT FROM t.region_code`);
await db.run(`UPDATE t SET superseded_by = lpad((hash(report_id) % 1000000)::VARCHAR, 16, '0') WHERE hash(report_id) % 9 < 5`);
console.log('updates ms', Math.round(performance.now() - t));
await mem('after updates');
if (mode === 'rewrite') { t = performance.now(); await db.run('CREATE TEMP TABLE t2 AS SELECT * FROM t; DROP TABLE t; ALTER TABLE t2 RENAME TO t'); console.log('rewrite ms', Math.round(performance.now() - t)); await mem('after rewrite'); }
t = performance.now(); await db.run(`COPY (SELECT * FROM t) TO '/work/big/mem11/x.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 8192)`); console.log('copy ms', Math.round(performance.now() - t));
await mem('after copy');
console.log('HWM', st('VmHWM'));
