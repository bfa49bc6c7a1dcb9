// Self time of readDocument (warm: 2 passes unprofiled, then --passes profiled) over the files of
// one shape (the _x suffix of a generated report) among the first --files of a corpus; with the
// hottest source lines of the top functions (positionTicks).
//   npx tsx bench/parse/shape-profile.ts --shape e [--files 3000] [--top 30] [--lines 12]
// Under tsx each module is one line (no line numbers): PARSE_BUNDLE=/path/parse.mjs loads an unminified
// esbuild bundle of src/format/parse.ts instead (esbuild.build({ entryPoints: ['src/format/parse.ts'],
// bundle: true, format: 'esm', platform: 'node', external: ['pdfjs-dist', 'pdfjs-dist/*'], outfile })),
// whose lines the hot-line figures then name.
import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { walkInputs } from '../../src/build/inputs.ts';
const { readDocument } = await import(process.env.PARSE_BUNDLE ?? '../../src/format/parse.ts');

const { values } = parseArgs({ options: { reports: { type: 'string' }, shape: { type: 'string' }, files: { type: 'string' }, top: { type: 'string' }, lines: { type: 'string' }, passes: { type: 'string' } } });
const root = values.reports ?? '/work/big/bb/gen-100000/reports';
const files: { path: string; bytes: Uint8Array }[] = [];
let seen = 0;
for (const input of walkInputs(root)) {
  if (++seen > Number(values.files ?? 3000)) break;
  if (values.shape && !input.path.endsWith(`_${values.shape}.${input.path.split('.').pop()}`)) continue;
  files.push({ path: input.path, bytes: new Uint8Array(readFileSync(input.path)) });
}
for (let p = 0; p < 2; p++) for (const f of files) await readDocument(f.bytes, f.path);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const passes = Number(values.passes ?? 3);
const c0 = process.cpuUsage();
for (let p = 0; p < passes; p++) for (const f of files) await readDocument(f.bytes, f.path);
const c = process.cpuUsage(c0);
const { profile } = await session.post('Profiler.stop');
console.log(`${files.length} files shape ${values.shape ?? 'all'}: ${((c.user + c.system) / passes / files.length).toFixed(0)} µs CPU/file (profiler on)`);
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; positionTicks?: { line: number; ticks: number }[] }
const self = new Map<string, number>();
const lines = new Map<string, Map<number, number>>();
let total = 0;
for (const n of profile.nodes as Node[]) {
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*\//, '')}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
  total += n.hitCount ?? 0;
  const m = lines.get(key) ?? lines.set(key, new Map()).get(key)!;
  for (const t of n.positionTicks ?? []) m.set(t.line, (m.get(t.line) ?? 0) + t.ticks);
}
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top ?? 30));
for (const [k, v] of top) {
  const l = [...(lines.get(k) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, Number(values.lines ?? 4)).map(([line, t]) => `${line}:${(t / total * 100).toFixed(1)}`).join(' ');
  console.log(`${(v / total * 100).toFixed(1).padStart(5)}%  ${k}   ${l}`);
}
