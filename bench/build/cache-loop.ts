// The cache step (src/build/cache.ts writeCache) run again and again on one load of a build's
// staged rows, to catch the rare slow run (about one 100k build in six took 60-85 s in this step,
// CPU seconds about equal to wall, against ~4 s): each run's wall, process CPU, VmHWM, and the CPU of
// each thread that used more than 0.5 s (from /proc/self/task), so a slow run says which thread spun.
//
//   npx tsx bench/build/cache-loop.ts --rows DIR --work DIR [--runs 20] [--threads 2] [--across] [--row-group N] [--limit 448MB]
//
// DIR: the `.stage/rows` folder of a build, kept (bench/build/keep-rows.ts). The reports and checks
// are loaded as the build loads them (build.ts loadGroup, loadChecksGroup: TEMP tables of a file
// database, one thread), with the build's DuckDB settings; --threads is DuckDB's setting while the
// cache is written (the build's: one per core; writeCache runs its COPYs on one). --across: the
// step across reports (across.ts: its UPDATEs of the reports table) before the checks are loaded
// with its findings, as the build does. --row-group: the cached reports' ROW_GROUP_SIZE (default cache.ts's); --limit:
// DuckDB's memory_limit while the cache is written (default the build's 512MB).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { createStageTables, loadChecksGroup, loadGroup, LOAD_GROUP_ROWS } from '../../src/build/build.ts';
import { loadGroups } from '../../src/build/staged.ts';
import { writeCache } from '../../src/build/cache.ts';
import { acrossReports, findingsFiles } from '../../src/build/across.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, work: { type: 'string' }, runs: { type: 'string', default: '20' }, threads: { type: 'string', default: '2' }, across: { type: 'boolean', default: false }, 'row-group': { type: 'string' }, limit: { type: 'string' } } });
if (!values.rows || !values.work) throw new Error('--rows DIR and --work DIR are required');
const dir = resolve(values.rows);
const work = resolve(values.work, `cache-loop-${process.pid}`);
mkdirSync(work, { recursive: true });
const instance = await DuckDBInstance.create(join(work, 'stage.duckdb'), {
  memory_limit: '512MB', preserve_insertion_order: 'true',
  allocator_flush_threshold: '8MB', allocator_background_threads: 'true',
});
const db = await instance.connect();
const hwm = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);
/** CPU ticks (user + system) of each thread of this process. */
const threadTicks = () => new Map(readdirSync('/proc/self/task').map((t) => {
  const f = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
  const name = f.slice(f.indexOf('(') + 1, f.lastIndexOf(')'));
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return [`${t}:${name}`, Number(rest[11]) + Number(rest[12])] as [string, number];
}));
try {
  await createStageTables(db);
  const files = { reports: new Map<string, string[]>(), checks: new Map<string, string[]>() };
  const counts = new Map<string, number>();
  for (const name of readdirSync(dir).sort()) {
    const m = /^(reports|checks)-[A-Za-z0-9]+-([0-9a-f]{2})\.csv$/.exec(name);
    if (!m) continue;
    const map = files[m[1] as 'reports' | 'checks'];
    map.set(m[2], [...(map.get(m[2]) ?? []), join(dir, name)]);
    if (m[1] === 'reports') counts.set(m[2], (counts.get(m[2]) ?? 0) + Math.round(statSync(join(dir, name)).size / 7500));
  }
  await db.run('SET threads = 1');
  const groups = loadGroups(counts, LOAD_GROUP_ROWS);
  for (const g of groups) await loadGroup(db, g, g.flatMap((b) => files.reports.get(b) ?? []), false);
  await db.run('ALTER TABLE stage_reports RENAME TO all_reports');
  const findingsDir = join(work, 'findings');
  if (values.across) console.log(JSON.stringify(await acrossReports(db, 'all_reports', findingsDir, undefined)));
  for (const g of groups) await loadChecksGroup(db, g, g.flatMap((b) => files.checks.get(b) ?? []), values.across ? findingsFiles(findingsDir, g) : [], false);
  await db.run('ALTER TABLE stage_checks RENAME TO all_checks');
  await db.run(`SET threads = ${Number(values.threads)}`);
  const n = (await db.runAndReadAll('SELECT (SELECT COUNT(*) FROM all_reports), (SELECT COUNT(*) FROM all_checks)')).getRows()[0];
  console.log(`loaded ${n[0]} reports, ${n[1]} checks; VmHWM ${hwm()} MiB`);
  const cacheDir = join(work, 'cache');
  const hz = 100;
  for (let run = 1; run <= Number(values.runs); run++) {
    const before = (await db.runAndReadAll("SELECT tag, memory_usage_bytes // 1048576, temporary_storage_bytes // 1048576 FROM duckdb_memory() WHERE memory_usage_bytes + temporary_storage_bytes > 8388608 ORDER BY tag")).getRows();
    console.log(`run ${run} before: memory (MiB in memory/spilled) ${before.map((r) => `${r[0]} ${r[1]}/${r[2]}`).join(', ')}`);
    const ticks = threadTicks();
    // CLOCK_MONOTONIC, perf's clock with -k CLOCK_MONOTONIC: a slow run's window in a perf record of the loop.
    const mono0 = Number(process.hrtime.bigint()) / 1e9;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    if (values.limit) await db.run(`SET memory_limit = '${values.limit.replace(/'/g, '')}'`);
    await writeCache(db, cacheDir, 'loop', values['row-group'] ? Number(values['row-group']) : undefined);
    if (values.limit) await db.run("SET memory_limit = '512MB'");
    const c = process.cpuUsage(c0);
    const after = threadTicks();
    const busy = [...after].map(([k, v]) => [k, (v - (ticks.get(k) ?? 0)) / hz] as const).filter(([, s]) => s > 0.5).sort((a, b) => b[1] - a[1]);
    const temp = (await db.runAndReadAll('SELECT count(*), coalesce(sum(size), 0) // 1048576 FROM duckdb_temporary_files()')).getRows()[0];
    const memory = (await db.runAndReadAll("SELECT tag, memory_usage_bytes // 1048576, temporary_storage_bytes // 1048576 FROM duckdb_memory() WHERE memory_usage_bytes + temporary_storage_bytes > 8388608 ORDER BY tag")).getRows();
    console.log(`run ${run}: monotonic ${mono0.toFixed(1)}-${(Number(process.hrtime.bigint()) / 1e9).toFixed(1)} s; temporary files ${temp[0]}, ${temp[1]} MiB; memory (MiB in memory/spilled) ${memory.map((r) => `${r[0]} ${r[1]}/${r[2]}`).join(', ')}`);
    console.log(`run ${run}: wall ${((performance.now() - t0) / 1000).toFixed(1)} s, CPU ${((c.user + c.system) / 1e6).toFixed(1)} s (user ${(c.user / 1e6).toFixed(1)}, sys ${(c.system / 1e6).toFixed(1)}), VmHWM ${hwm()} MiB; threads ${busy.map(([k, s]) => `${k} ${s.toFixed(1)}`).join(', ')}`);
  }
} finally {
  db.closeSync();
  instance.closeSync();
  rmSync(work, { recursive: true, force: true });
}
