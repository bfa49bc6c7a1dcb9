// Design A: @duckdb/duckdb-wasm 1.28.0 (parquet extension linked in) reads the Parquet itself.
//   ?mode=url     registerFileURL (HTTP range reads)      [default]
//   ?mode=buffer  fetch() the whole file, registerFileBuffer
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { Q1, Q2, Q3, done, fail, fileName, fileUrl, mark, params } from '../shared';

async function main() {
  mark('script');
  const worker = new Worker(workerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(wasmUrl);
  const con = await db.connect();
  mark('ready');
  const mode = params.get('mode') ?? 'url';
  if (mode === 'buffer') {
    const buf = new Uint8Array(await (await fetch(fileUrl)).arrayBuffer());
    await db.registerFileBuffer(fileName, buf);
  } else {
    await db.registerFileURL(fileName, fileUrl, duckdb.DuckDBDataProtocol.HTTP, false);
  }
  await con.query(`CREATE TABLE reports AS SELECT * FROM read_parquet('${fileName}')`);
  mark('loaded');
  const r1 = (await con.query(Q1)).toArray().map((r) => r.toJSON());
  mark('q1');
  const r2 = (await con.query(Q2)).toArray().map((r) => r.toJSON());
  mark('q2');
  const st = await con.prepare(Q3);
  const r3 = (await st.query(2020, '北京市')).toArray().map((r) => r.toJSON());
  await st.close();
  mark('q3');
  const version = (await con.query('SELECT version() AS v')).toArray()[0].toJSON().v;
  done({ design: 'A', mode, version, r1, r2, r3 });
}
main().catch(fail);
