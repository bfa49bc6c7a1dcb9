// Where a parsing thread's allocations go: FileWorker (as profile.ts) run inline over the first
// --files inputs of a corpus under V8's sampling heap profiler, counting every object sampled,
// also those the young-generation GC collected at once (most of a parse's objects), by the
// function that allocated it (self) and by every function on the stack (inclusive).
//   npx tsx bench/parse/alloc.ts [--reports DIR] [--files 2000] [--warm 2000] [--top 40]
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { inlineWorker } from './inline-worker.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, files: { type: 'string' }, top: { type: 'string' }, warm: { type: 'string' } } });
const root = values.reports ?? '/work/big/bb/gen-100000/reports';
const { worker, inputs, done } = await inlineWorker(root, Number(values.files ?? 2000), Number(values.warm ?? 2000), 'alloc');
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
let bytesIn = 0;
for (let i = 0; i < inputs.length; i++) {
  await worker.run(inputs[i]);
  if (i % 16 === 15) worker.idle();
}
const { profile } = await session.post('HeapProfiler.stopSampling');
done();

interface Node { callFrame: { functionName: string; url: string }; selfSize: number; children: Node[] }
const name = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/^node:/, '')}`.trim();
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
const walk = (n: Node, stack: string[]) => {
  const label = name(n);
  const here = [...stack, label];
  if (n.selfSize) {
    total += n.selfSize;
    self.set(label, (self.get(label) ?? 0) + n.selfSize);
    for (const l of new Set(here)) inclusive.set(l, (inclusive.get(l) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, here);
};
walk(profile.head as Node, []);
void bytesIn;
const kb = (b: number) => `${(b / inputs.length / 1024).toFixed(1).padStart(7)} KB`;
console.log(`${inputs.length} files: ${kb(total)} allocated per file (sampled)`);
console.log('inclusive per file:');
for (const [l, b] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top ?? 40))) console.log(`${kb(b)}  ${l}`);
console.log('\nself per file:');
for (const [l, b] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top ?? 40))) console.log(`${kb(b)}  ${l}`);
