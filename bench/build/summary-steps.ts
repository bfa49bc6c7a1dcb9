// The summary step's statements timed one by one on a build's facts.parquet (wall, process CPU),
// on the build's DuckDB settings (512MB, two threads unless --threads):
//
//   npx tsx bench/build/summary-steps.ts --facts FILE --out DIR [--threads 2] [--repeat 1]
//
// DIR receives the cube/ files written (scratch).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { binsSql } from '../../src/build/cube-bins.ts';
import { cubeSql, listedSql } from '../../src/build/cube.ts';
import { writeFeeLists, writeOutcomeLists } from '../../src/build/outcome-lists.ts';

const { values } = parseArgs({ options: { facts: { type: 'string' }, out: { type: 'string' }, threads: { type: 'string', default: '2' }, repeat: { type: 'string', default: '1' } } });
if (!values.facts || !values.out) throw new Error('--facts FILE and --out DIR are required');
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const instance = await DuckDBInstance.create(':memory:', { memory_limit: '512MB', threads: values.threads!, preserve_insertion_order: 'true' });
const db = await instance.connect();
const file = `read_parquet('${resolve(values.facts).replace(/'/g, "''")}')`;
await db.run(`CREATE VIEW facts AS SELECT * FROM ${file}`);
const time = async (name: string, work: () => Promise<unknown>) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const c = process.cpuUsage(c0);
  console.log(`${name.padEnd(16)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms  CPU ${((c.user + c.system) / 1000).toFixed(0).padStart(6)} ms`);
};
for (let i = 0; i < Number(values.repeat); i++) {
  await time('cube', () => db.runAndReadAll(cubeSql(file)));
  await time('listed', () => db.runAndReadAll(listedSql(file)));
  await time('bins', () => db.runAndReadAll(binsSql(file)));
  await time('outcome-lists', () => writeOutcomeLists(db, out));
  await time('fee-lists', () => writeFeeLists(db, out));
}
db.closeSync();
