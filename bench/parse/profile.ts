// Where a parsing thread's CPU time goes, top-down: FileWorker (the thread's whole job per file:
// read, hashes, parse, source text, rows staged to disk) run inline over the first --files inputs
// of a corpus under the V8 sampling profiler. Prints, per function, the share of samples in which
// it is on the stack (inclusive) and at the top (self), the largest first; then the same as a
// tree under FileWorker.run (calls merged by function, branches under --tree percent left out).
//   npx tsx bench/parse/profile.ts [--reports DIR] [--files 6000] [--top 40] [--tree 1] [--warm 0] [--stages]
// --warm N: N more files are run first, unprofiled (the warm state alone; 0: the thread's first files).
// --stages: the samples by stage of the thread's job (read, decode, lex, tables, glued digits,
// identities, metadata, output, writing, GC…): each sample goes to the stage of the nearest frame on
// its stack that names one (a native write under the staged writer is "write rows"), and the
// µs per file of each stage from the process's CPU time over the run (the profiler's own cost and
// V8's compiler threads spread over all; under tsx, whose `__name` helper counts in parse.ts).
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { inlineWorker } from './inline-worker.ts';
import { fastPathCounts } from '../../src/format/tables.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, files: { type: 'string' }, top: { type: 'string' }, tree: { type: 'string' }, lines: { type: 'string' }, warm: { type: 'string' }, stages: { type: 'boolean' } } });
const root = values.reports ?? '/work/big/bb/gen-100000/reports';
const { worker, inputs, done } = await inlineWorker(root, Number(values.files ?? 6000), Number(values.warm ?? 0), 'profile');
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const [t0, c0] = [performance.now(), cpu()];
for (let i = 0; i < inputs.length; i++) {
  await worker.run(inputs[i]);
  if (i % 16 === 15) worker.idle();
}
const ms = performance.now() - t0;
const cpuMs = cpu() - c0;
const { profile } = await session.post('Profiler.stop');
done();

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[]; positionTicks?: { line: number; ticks: number }[] }
const nodes = new Map<number, Node>(profile.nodes.map((n: Node) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of nodes.values()) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/^node:/, '')}`.trim();
const samples = new Map<number, number>();
for (const s of profile.samples as number[]) samples.set(s, (samples.get(s) ?? 0) + 1);
const inclusive = new Map<string, number>();
const self = new Map<string, number>();
let total = 0;
for (const [id, count] of samples) {
  total += count;
  const top = name(nodes.get(id)!);
  self.set(top, (self.get(top) ?? 0) + count);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const label = name(nodes.get(at)!);
    if (seen.has(label)) continue;
    seen.add(label);
    inclusive.set(label, (inclusive.get(label) ?? 0) + count);
  }
}
const pct = (n: number) => `${(n / total * 100).toFixed(1)}%`.padStart(7);
const paths = fastPathCounts();
console.log(`${inputs.length} files in ${ms.toFixed(0)} ms (${(inputs.length / ms * 1000).toFixed(0)}/s inline, profiler on); table 3 read by the fast path in ${paths.fast} of ${paths.fast + paths.full} reports`);
console.log(`${'incl'.padStart(7)}${'self'.padStart(7)}  function`);
for (const [label, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top ?? 40))) {
  console.log(`${pct(n)}${pct(self.get(label) ?? 0)}  ${label}`);
}
console.log('\nself time, largest:');
for (const [label, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(n)}  ${label}`);

// Top-down: the call tree under FileWorker.run, merged by function name along each path.
interface Branch { count: number; self: number; children: Map<string, Branch> }
const tree: Branch = { count: 0, self: 0, children: new Map() };
for (const [id, count] of samples) {
  const path: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) path.push(name(nodes.get(at)!));
  path.reverse();
  const from = path.findIndex((label) => label.startsWith('run '));
  let branch = tree;
  branch.count += count;
  for (const label of from < 0 ? ['(outside FileWorker.run)', ...path.slice(1)] : path.slice(from)) {
    let next = branch.children.get(label);
    if (!next) branch.children.set(label, (next = { count: 0, self: 0, children: new Map() }));
    next.count += count;
    branch = next;
  }
  branch.self += count;
}
const floor = Number(values.tree ?? 1) / 100 * total;
console.log('\ntop-down (incl, self):');
const print = (branch: Branch, depth: number) => {
  for (const [label, child] of [...branch.children].sort((a, b) => b[1].count - a[1].count)) {
    if (child.count < floor) continue;
    console.log(`${pct(child.count)}${pct(child.self)}  ${'  '.repeat(depth)}${label}`);
    if (depth < 14) print(child, depth + 1);
  }
};
print(tree, 0);

// --lines N: the N source lines with the most self samples (where inside a function the time goes).
if (values.lines) {
  const byLine = new Map<string, number>();
  let ticks = 0;
  for (const n of nodes.values()) {
    for (const p of n.positionTicks ?? []) {
      const at = `${name(n)}:${p.line}`;
      byLine.set(at, (byLine.get(at) ?? 0) + p.ticks);
      ticks += p.ticks;
    }
  }
  console.log('\nself samples by source line:');
  for (const [at, n] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, Number(values.lines))) console.log(`${`${(n / ticks * 100).toFixed(1)}%`.padStart(7)}  ${at}`);
}

// --stages: each sample to the stage of the nearest frame that names one (leaf first).
if (values.stages) {
  const file = (n: Node) => n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/');
  const fn = (n: Node) => n.callFrame.functionName;
  const STAGES: [string, (n: Node) => boolean][] = [
    ['GC', (n) => fn(n) === '(garbage collector)'],
    ['glued digits (glued.ts, applyUnglued, splitSpans)', (n) => file(n) === 'src/format/glued.ts' || fn(n) === 'applyUnglued' || fn(n) === 'splitSpans'],
    ['identity checks (identities.ts, counts.ts)', (n) => file(n) === 'src/format/identities.ts' || file(n) === 'src/format/counts.ts'],
    ['table recognition (tables.ts, rows.ts, labels.ts, spans.ts)', (n) => ['src/format/tables.ts', 'src/format/rows.ts', 'src/format/labels.ts', 'src/format/spans.ts'].includes(file(n))],
    ['sections (sections.ts)', (n) => file(n) === 'src/format/sections.ts'],
    ['metadata (metadata, region, abbreviations, fee, narrative)', (n) => ['src/format/metadata.ts', 'src/format/region.ts', 'src/format/abbreviations.ts', 'src/format/fee.ts', 'src/format/narrative.ts'].includes(file(n))],
    ['lex: HTML (html.ts)', (n) => file(n) === 'src/format/html.ts'],
    ['lex: text lines, tokens, text (lines.ts, numbers.ts)', (n) => file(n) === 'src/format/lines.ts' || file(n) === 'src/format/numbers.ts'],
    ['decode + detect format (decode.ts, limits.ts)', (n) => file(n) === 'src/format/decode.ts' || file(n) === 'src/format/limits.ts'],
    ['report object + positions (parse.ts: emptyReport, withLineNumbers, readLines self)', (n) => file(n) === 'src/format/parse.ts'],
    ['write source text (sources.ts)', (n) => file(n) === 'src/build/sources.ts' || fn(n) === 'writeSource'],
    ['write rows (staged.ts)', (n) => file(n) === 'src/build/staged.ts'],
    ['output rows + CSV bytes (rows.ts, csv-bytes, agencies, work.ts rows)', (n) => ['src/build/rows.ts', 'src/build/csv-bytes.ts', 'src/build/agencies.ts', 'src/format/fields.ts'].includes(file(n)) || (file(n) === 'src/build/work.ts' && (fn(n) === 'rows' || fn(n) === 'fit'))],
    ['hashes (sha256 ×3)', (n) => fn(n) === 'sha256' || fn(n) === 'reportId'],
    ['read file (inputs.ts readInput)', (n) => fn(n) === 'readInput'],
  ];
  const byStage = new Map<string, number>();
  for (const [id, count] of samples) {
    let stage = 'other (work.ts, promises, profiler, idle)';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const hit = STAGES.find(([, test]) => test(nodes.get(at!)!));
      if (hit) {
        stage = hit[0];
        break;
      }
    }
    byStage.set(stage, (byStage.get(stage) ?? 0) + count);
  }
  const usPerFile = (n: number) => (n / total * cpuMs * 1000 / inputs.length).toFixed(0).padStart(6);
  console.log(`\nby stage (share of samples; µs of process CPU per file, profiler on: ${(cpuMs * 1000 / inputs.length).toFixed(0)} in all):`);
  for (const [stage, n] of [...byStage].sort((a, b) => b[1] - a[1])) console.log(`${pct(n)}${usPerFile(n)}  ${stage}`);
}
