// Where a parsing thread's time goes per file, inside and outside the parser: the steps of
// src/build/work.ts FileWorker (read, hashes, parse, source text written, rows built, their JSON)
// and the structured clone postMessage makes of the result, timed one by one (wall ms, one thread).
//   npx tsx bench/parse/worker-stages.ts [--reports DIR] [--files 3000] [--cold 2000]
// The first --cold files (a fresh process: JIT warm-up included) and the rest are shown apart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serialize } from 'node:v8';
import { readDocument } from '../../src/format/parse.ts';
import '../../src/format/readers.ts';
import { readInput, sha256, walkInputs, type Input } from '../../src/build/inputs.ts';
import { SourceWriter } from '../../src/build/sources.ts';
import { CELL_SLOTS, CHECK_COLUMNS, REPORT_COLUMNS, cellPosition, cellRaw, checkRows, reportRow } from '../../src/build/rows.ts';
import { fit, reportId } from '../../src/build/work.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, files: { type: 'string' }, cold: { type: 'string' } } });
const root = values.reports ?? '/work/big/bb/gen-100000/reports';
const N = Number(values.files ?? 3000);
const COLD = Number(values.cold ?? 2000);
const inputs: Input[] = [];
for (const input of walkInputs(root)) {
  inputs.push(input);
  if (inputs.length >= N) break;
}
const sourcesDir = mkdtempSync(join(tmpdir(), 'stages-'));
const sources = new SourceWriter(sourcesDir);
const STAGES = ['read', 'sha256 ×3', 'parse', 'write source', 'report row', 'checks rows', 'raws JSON', 'spans JSON', 'rules JSON', 'postMessage clone'] as const;
type Stage = (typeof STAGES)[number];
const phases = [new Map<Stage, number>(), new Map<Stage, number>()];

let clock = performance.now();
let into = phases[0];
const lap = (stage: Stage) => {
  const now = performance.now();
  into.set(stage, (into.get(stage) ?? 0) + now - clock);
  clock = now;
};
for (let i = 0; i < inputs.length; i++) {
  into = phases[i < COLD ? 0 : 1];
  const task = inputs[i];
  clock = performance.now();
  const id = reportId(task.file);
  const read = readInput(task);
  if (!read.ok) continue;
  const bytes = read.bytes;
  lap('read');
  const contentHash = sha256(bytes);
  const key = sha256(`v\u0000${task.file}\u0000null\u0000${contentHash}`);
  const kp = BigInt.asIntN(64, BigInt(`0x${key.slice(0, 16)}`));
  lap('sha256 ×3');
  const { report, text } = await readDocument(bytes, task.file);
  lap('parse');
  if (text !== null) sources.write(id, text);
  lap('write source');
  const warnings: string[] = [];
  const row = fit('reports', report.file, REPORT_COLUMNS, reportRow(report, { report_id: id, sha256: contentHash, bytes: bytes.length }), warnings);
  lap('report row');
  const checks = checkRows(report, id).map((r) => fit('checks', report.file, CHECK_COLUMNS, r, warnings));
  lap('checks rows');
  const raws = JSON.stringify(CELL_SLOTS.map((s) => cellRaw(report, s)));
  lap('raws JSON');
  const spans = report.positions ? JSON.stringify(CELL_SLOTS.map((s) => {
    const p = cellPosition(report, s);
    return p ? [p.line, p.start, p.end] : null;
  })) : null;
  lap('spans JSON');
  let rules: string | null = null;
  if (report.derived.length) {
    const bySlot = new Map(report.derived.map((d) => [`${d.table}[${d.row},${d.col}]`, d.rule]));
    rules = JSON.stringify(CELL_SLOTS.map((s) => bySlot.get(`${s.table}[${s.row},${s.col}]`) ?? null));
  }
  lap('rules JSON');
  serialize({ type: 'result', result: { file: report.file, key, kp, hit: false, row, raws, spans, rules, checks } });
  lap('postMessage clone');
}
rmSync(sourcesDir, { recursive: true, force: true });
const counts = [Math.min(COLD, inputs.length), Math.max(0, inputs.length - COLD)];
console.log(`${root}: ${inputs.length} files, one thread, wall ms per file`);
console.log(`${'stage'.padEnd(18)}${`first ${counts[0]}`.padStart(12)}${`next ${counts[1]}`.padStart(12)}`);
for (const stage of STAGES) {
  console.log(`${stage.padEnd(18)}${phases.map((m, k) => (counts[k] ? ((m.get(stage) ?? 0) / counts[k]).toFixed(3) : '—').padStart(12)).join('')}`);
}
const total = (k: number) => [...phases[k].values()].reduce((a, b) => a + b, 0);
console.log(`${'total'.padEnd(18)}${phases.map((_, k) => (counts[k] ? (total(k) / counts[k]).toFixed(3) : '—').padStart(12)).join('')}`);
console.log(`${'files/s'.padEnd(18)}${phases.map((_, k) => (counts[k] ? (counts[k] / total(k) * 1000).toFixed(0) : '—').padStart(12)).join('')}`);
