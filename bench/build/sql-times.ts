// SQL statements timed on a build's staged reports, loaded once as the build loads them (build.ts
// loadGroup, a group of buckets at a time, sorted by report_id), without parsing again:
//
//   npx tsx bench/build/sql-times.ts --rows DIR --sql FILE [--threads 1] [--load-threads N] [--tables temp]
//
// DIR: the `.stage/rows` folder of a build, kept (bench/build/keep-rows.ts). FILE: statements
// separated by lines starting with ';;', each run in turn and timed (wall, process CPU, VmHWM);
// an EXPLAIN ANALYZE prints its plan. In a statement, $CELLS is cells.ts's query over
// stage_reports, $CELLS3 the same over a table `stage2` whose _spans hold three lists (lines,
// starts, ends) instead of a [line, start, end] per cell (a statement of the file makes it),
// $WORK a scratch folder. The ENUM types cells.ts's query needs exist while the statements run.
// --threads: DuckDB's threads for the statements (default 1), --load-threads for the load
// (default: one per core). --tables: where the staging tables are: `temp` (the build's TEMP
// tables of a file database), `memory` (ordinary tables of an in-memory database, which every
// connection sees), `memtemp` (TEMP tables of an in-memory database), `attach` (ordinary tables
// of an in-memory database attached to a file database). Groups are made from the files' sizes
// (about 7,500 bytes a report), not their lines: close to the build's, not the same.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { createStageTables, loadGroup, LOAD_GROUP_ROWS } from '../../src/build/build.ts';
import { loadGroups } from '../../src/build/staged.ts';
import { cellsSql, writeCells } from '../../src/build/cells.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    sql: { type: 'string' },
    threads: { type: 'string', default: '1' },
    'load-threads': { type: 'string' },
    tables: { type: 'string', default: 'temp' },
  },
});
if (!values.rows || !values.sql) throw new Error('--rows DIR and --sql FILE are required');
const tables = values.tables!;
if (!['temp', 'memory', 'memtemp', 'attach'].includes(tables)) throw new Error(`--tables ${tables}: temp, memory, memtemp or attach`);
const dir = resolve(values.rows);
const work = join(dir, '..', `sql-${process.pid}`);
mkdirSync(work);
const inMemory = tables === 'memory' || tables === 'memtemp';
// The build's settings (build.ts), the spill folder beside the database.
const instance = await DuckDBInstance.create(inMemory ? ':memory:' : join(work, 'stage.duckdb'), {
  temp_directory: join(work, 'stage.duckdb.tmp'), memory_limit: '512MB', preserve_insertion_order: 'true',
  allocator_flush_threshold: '8MB', allocator_background_threads: 'true',
});
const db = await instance.connect();
const hwm = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);
let t = performance.now();
let cpu = process.cpuUsage();
const took = () => {
  const c = process.cpuUsage(cpu);
  const line = `wall ${((performance.now() - t) / 1000).toFixed(1)} s, CPU ${((c.user + c.system) / 1e6).toFixed(1)} s, VmHWM ${hwm()} MiB`;
  t = performance.now();
  cpu = process.cpuUsage();
  return line;
};
/** cells.ts's query over `stage2`, whose _spans are [[lines], [starts], [ends]]. */
const cellsTransposed = () => cellsSql(`(SELECT *, from_json(_spans, '[["INTEGER"]]') AS _sp FROM stage2)`)
  .replace(`unnest(coalesce(from_json(_spans, '[["INTEGER"]]'), []::INTEGER[][])) AS span`,
    'unnest(coalesce(_sp[1], []::INTEGER[])) AS line, unnest(coalesce(_sp[2], []::INTEGER[])) AS char_start, unnest(coalesce(_sp[3], []::INTEGER[])) AS char_end')
  .replace('span[1] AS line, span[2] AS char_start, span[3] AS char_end', 'line, char_start, char_end');
try {
  if (values['load-threads']) await db.run(`SET threads = ${Number(values['load-threads'])}`);
  if (tables === 'attach') {
    await db.run("ATTACH ':memory:' AS mem");
    await db.run('USE mem');
  }
  await createStageTables(db, tables === 'temp' || tables === 'memtemp');
  const reports = new Map<string, string[]>();
  const counts = new Map<string, number>();
  for (const name of readdirSync(dir).sort()) {
    const m = /^reports-[A-Za-z0-9]+-([0-9a-f]{2})\.csv$/.exec(name);
    if (!m) continue;
    reports.set(m[1], [...(reports.get(m[1]) ?? []), join(dir, name)]);
    counts.set(m[1], (counts.get(m[1]) ?? 0) + Math.round(statSync(join(dir, name)).size / 7500));
  }
  for (const group of loadGroups(counts, LOAD_GROUP_ROWS)) await loadGroup(db, group, group.flatMap((b) => reports.get(b) ?? []), false);
  console.log(`load (${tables} tables): ${took()}`);
  await db.run(`SET threads = ${Number(values.threads)}`);
  await writeCells(db, 'stage_reports', async () => {
    for (const text of readFileSync(values.sql!, 'utf8').split(/^;;.*$/m)) {
      const sql = text.trim().replaceAll('$CELLS3', cellsTransposed()).replaceAll('$CELLS', cellsSql('stage_reports')).replaceAll('$WORK', work);
      if (!sql) continue;
      t = performance.now();
      cpu = process.cpuUsage();
      const result = await db.runAndReadAll(sql);
      if (sql.startsWith('EXPLAIN')) console.log(String(result.getRows()[0][1]));
      const shown = JSON.stringify(result.getRows().slice(0, 2), (_, v) => (typeof v === 'bigint' ? String(v) : v)).slice(0, 100);
      console.log(`${sql.replace(/\s+/g, ' ').slice(0, 150)}\n  => ${shown}: ${took()}`);
    }
  });
} finally {
  db.closeSync();
  instance.closeSync();
  rmSync(work, { recursive: true, force: true });
}
