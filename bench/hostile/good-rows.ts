// npx tsx bench/hostile/good-rows.ts GOOD MIXED [--skip-prefix zz-bad/]
// The rows of the good reports in two builds compared with DuckDB EXCEPT, both ways: GOOD built
// from the good reports alone, MIXED from the same reports and hostile files beside them (under
// a folder of their own, --skip-prefix). reports.parquet, cells.parquet and checks.parquet, each
// row of a file GOOD has, whole. Prints the rows only one side has (at most 5 a table) and their
// counts; exit code 1 on any.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'skip-prefix': { type: 'string', default: 'zz-bad/' } } });
const [good, mixed] = positionals;
if (!good || !mixed) {
  console.error('usage: npx tsx bench/hostile/good-rows.ts GOOD MIXED [--skip-prefix zz-bad/]');
  process.exit(2);
}
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const db = await instance.connect();
let differing = 0;
for (const table of ['reports', 'cells', 'checks']) {
  const a = `(SELECT * FROM read_parquet(${quote(join(good, `${table}.parquet`))}))`;
  // The mixed build's rows of the good files: the files the good build has.
  const b = `(SELECT * FROM read_parquet(${quote(join(mixed, `${table}.parquet`))}) WHERE file IN (SELECT file FROM read_parquet(${quote(join(good, 'reports.parquet'))})))`;
  const count = async (sql: string) => Number((await db.runAndReadAll(`SELECT count(*) FROM (${sql})`)).getRows()[0][0]);
  const onlyGood = `${a} EXCEPT ALL ${b}`;
  const onlyMixed = `${b} EXCEPT ALL ${a}`;
  const [n, x, y] = [await count(a), await count(onlyGood), await count(onlyMixed)];
  const hostile = Number((await db.runAndReadAll(`SELECT count(*) FROM read_parquet(${quote(join(mixed, `${table}.parquet`))}) WHERE starts_with(file, ${quote(values['skip-prefix']!)})`)).getRows()[0][0]);
  console.log(`${table}.parquet: ${n} rows of the good files; only in GOOD ${x}, only in MIXED ${y}; the hostile files' rows in MIXED: ${hostile}`);
  for (const [side, sql] of [['GOOD', onlyGood], ['MIXED', onlyMixed]] as const) {
    for (const row of (await db.runAndReadAll(`SELECT file FROM (${sql}) LIMIT 5`)).getRows()) console.log(`  only in ${side}: ${String(row[0])}`);
  }
  differing += x + y;
}
db.closeSync();
instance.closeSync();
console.log(differing ? `${differing} ROWS DIFFER` : 'THE GOOD FILES\' ROWS ARE THE SAME');
process.exit(differing ? 1 : 0);
