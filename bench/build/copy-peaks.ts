// Peak RSS of reports.parquet's sorted copy (src/build/sorted-copy.ts) under different settings,
// on one load of staged rows: the build's DuckDB settings (memory limit, allocator), the staged
// CSV files of a build (`.stage/rows`, reports-*.csv only) listed `--copies` times into the
// build's TEMP table, then each variant in turn, VmHWM reset as it begins (so a variant's figure
// includes what the ones before it left in the process: run them in both orders).
//
//   npx tsx bench/build/copy-peaks.ts --rows DIR [--copies 3] [--variants 65536@512MB,32768@512MB,65536@256MB] [--per-statement]
//
// A variant is CHUNK@LIMIT[/PART]: copySorted's chunkRows (and oneSortRows), DuckDB's memory limit
// for the copy, and the row group of the chunks' own files (partRowGroup; default copySorted's).
// Each variant's output is described after it (rows, a hash of the rows with their positions, the
// row groups' sizes), so that variants can be shown to write the same file. --per-statement: the
// peak of each statement of the copy too (VmHWM reset before each; the variant's peak is their highest).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { createStageTables, REPORTS_ORDER, REPORTS_ROW_GROUP, STAGE_REPORT_COLUMNS } from '../../src/build/build.ts';
import { loadGroups, stagedSql } from '../../src/build/staged.ts';
import { oneThread, retryOutOfMemory } from '../../src/build/memory.ts';
import { copySorted } from '../../src/build/sorted-copy.ts';
import { REPORT_FIELDS } from '../../src/format/fields.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, copies: { type: 'string', default: '3' }, variants: { type: 'string', default: '65536@512MB,32768@512MB,65536@256MB' }, 'per-statement': { type: 'boolean', default: false } } });
if (!values.rows) throw new Error('--rows DIR is required');
const dir = resolve(values.rows);
const copies = Number(values.copies);
const variants = values.variants!.split(',').map((v) => {
  const m = /^(\d+)@(\d+MB)(?:\/(\d+))?$/.exec(v);
  if (!m) throw new Error(`variant ${v}: CHUNK@LIMIT[/PART], e.g. 65536@512MB or 65536@384MB/8192`);
  return { chunk: Number(m[1]), limit: m[2], part: m[3] ? Number(m[3]) : undefined };
});
const status = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);
const resetHwm = () => writeFileSync('/proc/self/clear_refs', '5');
const cpu = () => ((c) => (c.user + c.system) / 1e6)(process.cpuUsage());
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);

const work = join(dir, '..', `copy-peaks-${process.pid}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work);
// The build's settings (build.ts: memory limit, insertion order, ALLOCATOR).
const instance = await DuckDBInstance.create(join(work, 'stage.duckdb'), {
  memory_limit: '512MB', preserve_insertion_order: 'true',
  allocator_flush_threshold: '8MB', allocator_background_threads: 'true',
});
const db = retryOutOfMemory(await instance.connect(), (line) => console.log(line));
// --per-statement: each statement of a variant's copy with its own peak (VmHWM reset before it).
let statements = false;
let statementsPeak = 0;
if (values['per-statement']) {
  const run = db.run.bind(db);
  db.run = (async (sql: string, ...rest: unknown[]) => {
    if (!statements) return run(sql, ...(rest as []));
    resetHwm();
    const t = performance.now();
    const c = cpu();
    const result = await run(sql, ...(rest as []));
    statementsPeak = Math.max(statementsPeak, status('VmHWM'));
    if (!/^\s*(SET|DROP)/.test(sql)) console.log(`  ${sql.replace(/\s+/g, ' ').slice(0, 110)}: ${((performance.now() - t) / 1000).toFixed(1)} s, CPU ${(cpu() - c).toFixed(1)}, peak ${status('VmHWM')} MiB, RSS after ${status('VmRSS')}`);
    return result;
  }) as typeof db.run;
}
try {
  await createStageTables(db);
  const files = new Map<string, string[]>();
  const counts = new Map<string, number>();
  for (const name of readdirSync(dir).sort()) {
    const m = /^reports-[A-Za-z0-9]+-([0-9a-f]{2})\.csv$/.exec(name);
    if (!m) continue;
    files.set(m[1], [...(files.get(m[1]) ?? []), join(dir, name)]);
    // Rows per bucket, about (a line per row): enough to group by.
    counts.set(m[1], (counts.get(m[1]) ?? 0) + Math.round(statSync(join(dir, name)).size / 4_700) * copies);
  }
  const copiesSql = `(SELECT unnest(range(${copies}))::VARCHAR AS _copy)`;
  let t = performance.now();
  for (const group of loadGroups(counts, 4_000)) {
    const paths = group.flatMap((b) => files.get(b) ?? []);
    if (!paths.length) continue;
    // Each copy distinct (report_id and file: REPORTS_ORDER is then a total order, as in a build).
    await db.run(`INSERT INTO stage_reports BY NAME SELECT * EXCLUDE (_copy) REPLACE (report_id || _copy AS report_id, file || _copy AS file)
      FROM ${stagedSql(STAGE_REPORT_COLUMNS, paths)}, ${copiesSql} ORDER BY report_id`);
  }
  const n = Number((await db.runAndReadAll('SELECT COUNT(*) FROM stage_reports')).getRows()[0][0]);
  console.log(`load ×${copies}: ${n} reports, ${((performance.now() - t) / 1000).toFixed(1)} s, VmHWM ${status('VmHWM')} MiB, RSS ${status('VmRSS')} MiB`);
  const fields = REPORT_FIELDS.map((f) => `"${f.name}"`).join(', ');
  for (const v of variants) {
    await db.run(`SET memory_limit = '${v.limit}'`);
    const rssBefore = status('VmRSS');
    resetHwm();
    statements = true;
    statementsPeak = 0;
    t = performance.now();
    const c = cpu();
    const path = join(work, 'reports.parquet');
    await oneThread(db, () => copySorted(db, 'stage_reports', fields, REPORTS_ORDER, path, REPORTS_ROW_GROUP, v.chunk, v.chunk, v.part));
    statements = false;
    const peak = Math.max(statementsPeak, status('VmHWM'));
    console.log(`copySorted chunk ${v.chunk} at ${v.limit}${v.part ? `, parts' row group ${v.part}` : ''}: ${((performance.now() - t) / 1000).toFixed(1)} s, CPU ${(cpu() - c).toFixed(1)} s, peak ${peak} MiB, RSS before ${rssBefore}, after ${status('VmRSS')} MiB`);
    // What the variant wrote: rows, a hash of each row with its position (order counts), row group sizes.
    const h = (await db.runAndReadAll(`SELECT count(*)::VARCHAR, sum(hash(t, rn))::VARCHAR FROM (SELECT t, row_number() OVER () AS rn FROM read_parquet('${path}') t)`)).getRows()[0];
    const g = (await db.runAndReadAll(`SELECT string_agg(n::VARCHAR, ',' ORDER BY rg) FROM (SELECT row_group_id AS rg, any_value(row_group_num_rows) AS n FROM parquet_metadata('${path}') GROUP BY rg)`)).getRows()[0];
    console.log(`  wrote ${h[0]} rows, hash ${h[1]}, row groups ${g[0]}`);
    await db.run("SET memory_limit = '512MB'");
    rmSync(path, { force: true });
  }
} finally {
  db.closeSync();
  instance.closeSync();
  rmSync(work, { recursive: true, force: true });
}
