// The build's steps after the parse, at larger N without parsing again: the load of the staged
// rows (build.ts loadGroup into its staging tables), the step across reports (across.ts), the
// checks' load (build.ts checksGroupSql) and the Parquet files, on the staged CSV files of a build
// listed `--copies` times (×2, ×4, ×10 the reports).
//
//   npx tsx bench/build/phases.ts --rows DIR [--copies 4] [--across] [--same-agency K] [--reports-parquet]
//                                 [--checks-parquet] [--checks-only] [--chunk N] [--ordinary]
//                                 [--memory-limit 512MB] [--allocator-flush SIZE] [--allocator-threads] [--threads N]
//                                 [--across-variants THREADS@LIMIT,…]
//
// DIR: the `.stage/rows` folder of a build, kept (hard links) before the build removes it, e.g.
// with the build's onStage('parsed'); a folder of the layout before checks were staged by bucket
// is converted by bench/build/bucket-checks.ts; rows staged before agency_id was set as each row
// is staged (work.ts) have none, and the step across reports finds no agency in them. --ordinary loads into ordinary tables of the
// database file instead of the build's TEMP tables (the former load). For --across the copies are
// made distinct as they are loaded (report_id, file, agency and agency_id get the copy's number: rows of one
// report are adjacent after the sorted load), so that the duplicates found are those of one copy,
// times the copies; with --same-agency K the first K copies keep the agency's name (copy 0's), so
// each of their reports is filed again for the same agency and year: duplicate groups of K filings
// (the 1M corpus had 175,017 agency-years filed more than once, 556,323 superseded reports).
// --reports-parquet then writes reports.parquet as the build does (sorted-copy.ts, one thread);
// --chunk N: wide rows one sort holds (the build's sortChunkRows; a huge N is one sort of all, as
// before sorted-copy.ts and across.ts's chunks). --checks-parquet loads the checks as the build
// does (a group of buckets at a time, sorted, with across's continuity checks when --across; the
// reports' groups) and writes checks.parquet from that table in its order (one thread; without
// --across the copies' checks are the same rows ×copies: ties, the same amount to load);
// --checks-only loads no reports (the groups are still the reports' groups, by their line
// counts). The build before checks were loaded by group (one INSERT, then one sort of every check
// for checks.parquet) is measured with main's phases.ts of that time (bench/build/README.md).
// --allocator-flush SIZE / --allocator-threads: DuckDB's allocator settings (below). DuckDB's
// out-of-memory retry is on, as in the build (memory.ts), its lines printed. Each step's peak is
// the process's VmHWM, reset as the step begins.
// Prints wall time, CPU time of the process and its peak RSS (VmHWM: DuckDB alone, no parse).
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { CELLS_ROW_GROUP, checksGroupSql, createStageTables, loadGroup, LOAD_GROUP_ROWS, REPORTS_ORDER, REPORTS_ROW_GROUP, STAGE_CHECK_COLUMNS, STAGE_REPORT_COLUMNS } from '../../src/build/build.ts';
import { loadGroups, stagedSql } from '../../src/build/staged.ts';
import { acrossReports, findingsFiles } from '../../src/build/across.ts';
import { oneThread, retryOutOfMemory } from '../../src/build/memory.ts';
import { copySorted } from '../../src/build/sorted-copy.ts';
import { CHECK_COLUMNS } from '../../src/build/rows.ts';
import { REPORT_FIELDS } from '../../src/format/fields.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    copies: { type: 'string', default: '1' },
    across: { type: 'boolean', default: false },
    ordinary: { type: 'boolean', default: false },
    'memory-limit': { type: 'string', default: '512MB' },
    'same-agency': { type: 'string', default: '0' },
    'reports-parquet': { type: 'boolean', default: false },
    chunk: { type: 'string' },
    'checks-parquet': { type: 'boolean', default: false },
    'checks-only': { type: 'boolean', default: false },
    'allocator-flush': { type: 'string' },
    'allocator-threads': { type: 'boolean', default: false },
    'across-variants': { type: 'string' },
    threads: { type: 'string' },
  },
});
if (!values.rows) throw new Error('--rows DIR is required');
const dir = resolve(values.rows);
const copies = Number(values.copies);
if (!Number.isInteger(copies) || copies < 1) throw new Error('--copies must be a positive integer');
const sameAgency = Number(values['same-agency']);
const chunk = values.chunk === undefined ? undefined : Number(values.chunk);

/** Lines of a file, read a MiB at a time (reading the 937 MB of reports whole left the process's RSS at 450 MiB before the step measured). */
function lines(path: string): number {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  try {
    for (let got = readSync(fd, buffer); got > 0; got = readSync(fd, buffer)) for (let i = 0; i < got; i++) if (buffer[i] === 10) n++;
  } finally {
    closeSync(fd);
  }
  return n;
}

let phasePeak = 0;
setInterval(() => { phasePeak = Math.max(phasePeak, process.memoryUsage.rss()); }, 50).unref();
const hwm = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);
/** Peak RSS from now on (Linux: clear_refs 5 resets VmHWM to the current RSS). */
const resetHwm = () => writeFileSync('/proc/self/clear_refs', '5');
const work = join(dir, '..', `phases-${process.pid}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work);
const instance = await DuckDBInstance.create(join(work, 'stage.duckdb'), { memory_limit: values['memory-limit']!, preserve_insertion_order: 'true' });
const db = retryOutOfMemory(await instance.connect(), (line) => console.log(line));
// DuckDB's allocator (jemalloc) keeps memory freed until a flush: --allocator-flush SIZE sets the
// peak allocation past which it flushes after a task (DuckDB's default 128 MiB), --allocator-threads its background threads.
if (values['allocator-flush']) await db.run(`SET allocator_flush_threshold = '${values['allocator-flush'].replace(/'/g, '')}'`);
if (values['allocator-threads']) await db.run('SET allocator_background_threads = true');
// --threads N: DuckDB's threads (default one per core).
if (values.threads) await db.run(`SET threads = ${Number(values.threads)}`);
try {
  if (values.ordinary) {
    const columns = (cs: typeof STAGE_CHECK_COLUMNS) => cs.map((c) => `"${c.name}" ${c.type}`).join(', ');
    await db.run(`CREATE TABLE stage_reports (${columns(STAGE_REPORT_COLUMNS)})`);
    await db.run(`CREATE TABLE stage_checks (${columns(STAGE_CHECK_COLUMNS)})`);
  } else await createStageTables(db);

  // The files by bucket, each listed `copies` times; rows per bucket counted by lines (the staged
  // values have no raw newline but inside a quoted text: close enough to group by).
  const reports = new Map<string, string[]>();
  const checks = new Map<string, string[]>();
  const counts = new Map<string, number>();
  for (const name of readdirSync(dir).sort()) {
    const m = /^(reports|checks)-[A-Za-z0-9]+-([0-9a-f]{2})\.csv$/.exec(name);
    if (!m) {
      if (/^checks-[A-Za-z0-9]+\.csv$/.test(name)) throw new Error(`${name}: checks not staged by bucket (convert the folder with bench/build/bucket-checks.ts)`);
      continue;
    }
    const path = join(dir, name);
    const paths = Array.from({ length: copies }, () => path);
    const byBucket = m[1] === 'checks' ? checks : reports;
    byBucket.set(m[2], [...(byBucket.get(m[2]) ?? []), ...paths]);
    if (m[1] === 'reports') counts.set(m[2], (counts.get(m[2]) ?? 0) + lines(path) * copies);
  }
  const copiesSql = `(SELECT unnest(range(${copies}))::VARCHAR AS _copy)`;
  const distinct = values.across && copies > 1;
  const once = (paths: string[]) => [...new Set(paths)];

  resetHwm();
  const loadStartRss = Math.round(process.memoryUsage.rss() / 2 ** 20);
  let t = performance.now();
  let cpu = process.cpuUsage();
  const groups = loadGroups(counts, LOAD_GROUP_ROWS);
  if (distinct) {
    // Each copy distinct as it is loaded (an UPDATE afterwards would add its own memory to the step measured).
    if (!values['checks-only']) for (const group of groups) {
      const files = once(group.flatMap((b) => reports.get(b) ?? []));
      await db.run(`INSERT INTO stage_reports BY NAME SELECT * EXCLUDE (_copy) REPLACE (report_id || _copy AS report_id, file || _copy AS file,
          CASE WHEN _copy::INTEGER < ${sameAgency} THEN agency ELSE agency || _copy END AS agency,
          CASE WHEN _copy::INTEGER < ${sameAgency} THEN agency_id ELSE agency_id || _copy END AS agency_id)
        FROM ${stagedSql(STAGE_REPORT_COLUMNS, files)}, ${copiesSql} ORDER BY report_id`);
    }
  } else if (!values['checks-only']) for (const group of groups) await loadGroup(db, group, group.flatMap((b) => reports.get(b) ?? []), false);
  let startRss = loadStartRss;
  const took = () => {
    const c = process.cpuUsage(cpu);
    const line = `wall ${((performance.now() - t) / 1000).toFixed(1)} s, CPU ${((c.user + c.system) / 1e6).toFixed(1)} s, peak RSS of the step (sampled) ${Math.round(Math.max(phasePeak, process.memoryUsage.rss()) / 2 ** 20)} MiB, of the process ${hwm()} MiB (since the step began: VmHWM reset; RSS ${startRss} MiB as it began)`;
    resetHwm();
    startRss = Math.round(process.memoryUsage.rss() / 2 ** 20);
    t = performance.now();
    cpu = process.cpuUsage();
    phasePeak = 0;
    return line;
  };
  const n = Number((await db.runAndReadAll('SELECT COUNT(*) FROM stage_reports')).getRows()[0][0]);
  console.log(`load (${values.ordinary ? 'ordinary' : 'TEMP'} tables, ×${copies}): ${n} reports in ${groups.length} groups: ${took()}`);
  const table = 'stage';
  console.log(`database file ${Math.round(statSync(join(work, 'stage.duckdb')).size / 1e6)} MB`);

  const findingsDir = join(work, 'findings');
  if (values.across) {
    // --across-variants THREADS@LIMIT,…: the step again for each, with DuckDB's threads and memory limit for it only.
    for (const variant of values['across-variants']?.split(',') ?? ['']) {
      const m = /^(\d+)@(\d+MB)$/.exec(variant);
      if (variant && !m) throw new Error(`--across-variants: ${variant} is not THREADS@LIMIT (e.g. 1@384MB)`);
      const threads = String((await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
      if (m) await db.run(`SET threads = ${Number(m[1])}; SET memory_limit = '${m[2]}'`);
      rmSync(findingsDir, { recursive: true, force: true });
      const r = await acrossReports(db, `${table}_reports`, findingsDir, undefined, chunk);
      if (m) await db.run(`SET threads = ${Number(threads)}; SET memory_limit = '${values['memory-limit']!.replace(/'/g, '')}'`);
      console.log(`across (×${copies}${variant ? `, ${variant}` : ''}): ${r.agencies} agencies, ${r.duplicateGroups} duplicate groups, ${r.superseded} superseded, ${r.findings} findings: ${took()}`);
    }
  }
  if (values['reports-parquet']) {
    const threads = String((await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
    await db.run('SET threads = 1');
    await copySorted(db, `${table}_reports`, REPORT_FIELDS.map((f) => `"${f.name}"`).join(', '), REPORTS_ORDER, join(work, 'reports.parquet'), REPORTS_ROW_GROUP, chunk);
    await db.run(`SET threads = ${threads}`);
    console.log(`reports.parquet (×${copies}, ${Math.round(statSync(join(work, 'reports.parquet')).size / 2 ** 20)} MiB): ${took()}`);
  }
  if (values['checks-parquet']) {
    // The build's load of the checks (build.ts loadChecksGroup), the copies made distinct as the reports were.
    for (const group of groups) {
      const files = group.flatMap((b) => checks.get(b) ?? []);
      const own = !files.length ? [] : distinct
        ? [`SELECT * EXCLUDE (_copy) REPLACE (report_id || _copy AS report_id, file || _copy AS file) FROM ${stagedSql(STAGE_CHECK_COLUMNS, once(files))}, ${copiesSql}`]
        : [`SELECT * FROM ${stagedSql(STAGE_CHECK_COLUMNS, files)}`];
      const sql = checksGroupSql(own, values.across ? findingsFiles(findingsDir, group) : []);
      if (sql) await db.run(sql);
    }
    const n = Number((await db.runAndReadAll(`SELECT COUNT(*) FROM ${table}_checks`)).getRows()[0][0]);
    console.log(`checks loaded (×${copies}, ${n} checks, ${groups.length} groups): ${took()}`);
    const columns = CHECK_COLUMNS.map((c) => `"${c.name}"`).join(', ');
    const path = join(work, 'checks.parquet');
    // The build's COPY (build.ts): the table in its order, one thread.
    await oneThread(db, () => db.run(`COPY (SELECT ${columns} FROM ${table}_checks) TO '${path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${CELLS_ROW_GROUP})`));
    console.log(`checks.parquet (×${copies}, ${n} checks, ${Math.round(statSync(path).size / 2 ** 20)} MiB, from the table in its order): ${took()}`);
  }
} finally {
  db.closeSync();
  instance.closeSync();
  rmSync(work, { recursive: true, force: true });
}
