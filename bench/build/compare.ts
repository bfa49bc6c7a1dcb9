// Two build outputs compared, to show a change to the build changed nothing:
//   npx tsx bench/build/compare.ts BEFORE AFTER
// every Parquet file by DuckDB on one thread (row count, schema, and the sum of the hashes of
// each row with its position: order counts), each report's source text through sources/index-*.json
// (the shards are filled in the order the threads finish) and each agency index entry with its
// place read as the text there, summary.json without its timings and byte sizes, every other file
// byte for byte. Exit code 1 on any difference.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
const [a, b] = process.argv.slice(2);
const walk = (d: string): string[] => readdirSync(d).flatMap((n) => statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]);
const fa = walk(a).map((p) => relative(a, p)).sort();
const fb = walk(b).map((p) => relative(b, p)).sort();
let bad = 0;
if (JSON.stringify(fa) !== JSON.stringify(fb)) { console.log('file lists differ', fa.filter((x) => !fb.includes(x)), fb.filter((x) => !fa.includes(x))); bad++; }
const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const db = await inst.connect();
for (const f of fa) {
  if (!fb.includes(f)) continue;
  if (f.endsWith('.parquet')) {
    const q = (p: string) => `SELECT count(*), sum(hash(t, rn)) FROM (SELECT t, row_number() OVER () AS rn FROM read_parquet('${p}') t)`;
    const ra = JSON.stringify((await db.runAndReadAll(q(join(a, f)))).getRows(), (_, v) => typeof v === 'bigint' ? String(v) : v);
    const rb = JSON.stringify((await db.runAndReadAll(q(join(b, f)))).getRows(), (_, v) => typeof v === 'bigint' ? String(v) : v);
    const sa = JSON.stringify((await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${join(a, f)}')`)).getRows());
    const sb = JSON.stringify((await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${join(b, f)}')`)).getRows());
    if (ra !== rb || sa !== sb) { console.log('DIFF', f, ra, rb, sa === sb ? '' : 'schema differs'); bad++; } else console.log('same', f, ra);
  } else if (f === 'summary.json') {
    const strip = (p: string) => { const s = JSON.parse(readFileSync(p, 'utf8')); delete s.built_at; delete s.duration_ms; delete s.parse; s.files = s.files.map((x: { name: string }) => x.name); if (s.layout?.partition) s.layout.partition.files = s.layout.partition.files.map((x: { path: string; rows: number }) => [x.path, x.rows]); if (s.cube) s.cube.files = s.cube.files.map((x: {name: string; bytes: number}) => [x.name, x.bytes]); s.warnings = s.warnings.filter((w: string) => !/ran out of memory/.test(w)); return JSON.stringify(s); };
    if (strip(join(a, f)) !== strip(join(b, f))) { console.log('DIFF summary.json'); bad++; } else console.log('same summary.json (minus timings, Parquet byte sizes)');
  } else if (/^sources\/index-[0-9a-f]{2}\.json$/.test(f)) {
    // The shards are filled in the order the parsing threads finish: compare each entry's text.
    const texts = (root: string) => {
      const index = JSON.parse(readFileSync(join(root, f), 'utf8')) as { shards: string[]; entries: Record<string, [number, number, number]> };
      const shards = index.shards.map((s) => readFileSync(join(root, 'sources', s)));
      return Object.fromEntries(Object.entries(index.entries).map(([id, [s, o, n]]) => [id, shards[s].subarray(o, o + n).toString('base64')]));
    };
    if (JSON.stringify(texts(a)) !== JSON.stringify(texts(b))) { console.log('DIFF texts of', f); bad++; }
  } else if (/^agency-index\/.*\.(json|bin)$/.test(f)) {
    // Each text's place (shard, offset) depends on the order the parsing threads finished, as the
    // sources' do: compare each entry with its place read as the text there (and its checksum).
    // agencies.bin: each bucket gunzipped (its byte offsets then differ with the places' digits).
    const files = (root: string): { sources: string[]; agencies: Record<string, unknown[][]> }[] => {
      const bytes = readFileSync(join(root, f));
      if (f.endsWith('.json')) return [JSON.parse(bytes.toString('utf8'))];
      const count = bytes.readUInt32LE(4);
      const at = (i: number) => bytes.readUInt32LE(8 + 4 * i);
      return Array.from({ length: count }, (_, i) => i).filter((i) => at(i) < at(i + 1)).map((i) => JSON.parse(gunzipSync(bytes.subarray(at(i), at(i + 1))).toString('utf8')));
    };
    const entries = (root: string) => {
      const shards = new Map<string, Buffer>();
      const shard = (name: string) => shards.get(name) ?? shards.set(name, readFileSync(join(root, 'sources', name))).get(name)!;
      return files(root).map((file) => JSON.stringify({ ...file, sources: null, agencies: Object.fromEntries(Object.entries(file.agencies).map(([agency, list]) => [agency,
        list.map((e) => (e.length > 2 ? [e[0], e[1], shard(file.sources[e[2] as number]).subarray(e[3] as number, (e[3] as number) + (e[4] as number)).toString('base64'), e[5]] : e))])) })).join('\n');
    };
    if (entries(a) !== entries(b)) { console.log('DIFF entries (texts at their places) of', f); bad++; }
  } else if (/^sources\/shard-\d+\.txt$/.test(f)) {
    continue;
  } else if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) { console.log('DIFF', f); bad++; }
}
console.log(bad ? `${bad} DIFFERENCES` : `ALL SAME (${fa.length} files)`);
process.exit(bad ? 1 : 0);
