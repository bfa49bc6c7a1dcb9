// Design B: a current @duckdb/duckdb-wasm; Parquet decoded in the page by hyparquet (+ zstd from
// hyparquet-compressors) and handed to DuckDB as an Arrow table.
//   ?mode=arrow  hyparquet -> Arrow -> insertArrowTable   [default]
//   ?mode=trap   read_parquet() directly (shows the extension download the offline site cannot do)
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import * as arrow from 'apache-arrow';
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { Q1, Q2, Q3, done, fail, fileName, fileUrl, mark, params } from '../shared';

// Build Arrow Data by hand (makeData + a validity bitmap). apache-arrow's vectorFromArray/builders
// compile code with `new Function`, which a CSP without 'unsafe-eval' forbids.
function toArrow(el: any, values: any[]): arrow.Data {
  const n = values.length;
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] === null || values[i] === undefined) nulls++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  const nullBitmap = nulls ? bitmap : undefined;
  const t = el.type;
  if (t === 'INT32' || t === 'DOUBLE' || t === 'INT64') {
    const [type, Arr] = t === 'INT32' ? [new arrow.Int32(), Int32Array] : t === 'DOUBLE' ? [new arrow.Float64(), Float64Array] : [new arrow.Int64(), BigInt64Array];
    const data = new (Arr as any)(n);
    for (let i = 0; i < n; i++) if (values[i] != null) data[i] = values[i];
    return arrow.makeData({ type: type as any, length: n, nullCount: nulls, nullBitmap, data });
  }
  if (t === 'BYTE_ARRAY') {
    const enc = new TextEncoder();
    const parts = values.map((v) => (v == null ? new Uint8Array(0) : enc.encode(v)));
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + parts[i].length;
    const data = new Uint8Array(offsets[n]);
    for (let i = 0; i < n; i++) data.set(parts[i], offsets[i]);
    return arrow.makeData({ type: new arrow.Utf8(), length: n, nullCount: nulls, nullBitmap, valueOffsets: offsets, data });
  }
  throw new Error(`unsupported parquet type ${t}`);
}

async function main() {
  mark('script');
  const worker = new Worker(workerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(wasmUrl);
  const con = await db.connect();
  mark('ready');
  const mode = params.get('mode') ?? 'arrow';
  if (mode === 'trap') {
    await db.registerFileURL(fileName, fileUrl, duckdb.DuckDBDataProtocol.HTTP, false);
    await con.query(`CREATE TABLE reports AS SELECT * FROM read_parquet('${fileName}')`);
  } else {
    const ab = await (await fetch(fileUrl)).arrayBuffer();
    mark('fetched');
    const file = { byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) };
    const meta = parquetMetadata(ab);
    const fields = parquetSchema(meta).children.map((c: any) => c.element);
    const cols: Record<string, any[]> = {};
    await parquetRead({
      file, metadata: meta, compressors,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const a = (cols[columnName] ??= new Array(Number(meta.num_rows)));
        for (let i = 0; i < columnData.length; i++) a[rowStart + i] = columnData[i];
      },
    });
    mark('decoded');
    const vectors: Record<string, arrow.Vector> = {};
    for (const f of fields) vectors[f.name] = arrow.makeVector(toArrow(f, cols[f.name]));
    const table = new arrow.Table(vectors);
    await con.insertArrowTable(table, { name: 'reports' });
  }
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
  done({ design: 'B', mode, version, r1, r2, r3 });
}
main().catch(fail);
