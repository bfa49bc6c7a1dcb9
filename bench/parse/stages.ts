// CPU time per report of each stage of parseReport, per shape of a generated corpus.
//   npm run --silent gen:corpus -- --reports 2000 --out /tmp/gen2k --seed 7
//   npx tsx bench/parse/stages.ts /tmp/gen2k
// The stages mirror parse.ts readLines; the total is parseReport itself, timed separately.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '../../src/format/decode.ts';
import { htmlToLines, looksLikeHtml } from '../../src/format/html.ts';
import { linesToText, textToLines, tokenize, type Line } from '../../src/format/lines.ts';
import { findSections } from '../../src/format/sections.ts';
import { readTable2, readTable3, readTable4 } from '../../src/format/tables.ts';
import { agencyFromBody, findSignature, findTitle, statisticsYear } from '../../src/format/metadata.ts';
import { resolveRegion } from '../../src/format/region.ts';
import { parseReport } from '../../src/format/parse.ts';

const root = join(process.argv[2] ?? '/tmp/gen2k', 'reports');
const files: { name: string; shape: string; bytes: Buffer }[] = [];
for (const d of readdirSync(root).sort()) {
  for (const f of readdirSync(join(root, d)).sort()) {
    files.push({ name: f, shape: /_([a-z])\./.exec(f)?.[1] ?? '?', bytes: readFileSync(join(root, d, f)) });
  }
}

const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const totals = new Map<string, Map<string, number>>();
function add(shape: string, stage: string, ms: number) {
  const m = totals.get(shape) ?? totals.set(shape, new Map()).get(shape)!;
  m.set(stage, (m.get(stage) ?? 0) + ms);
}

function stages(name: string, bytes: Buffer, shape: string) {
  // Each stage is repeated so that its CPU time rises above the clock's resolution.
  const time = <T>(stage: string, f: () => T): T => {
    const t = cpu();
    let r!: T;
    for (let i = 0; i < REPEAT; i++) r = f();
    add(shape, stage, (cpu() - t) / REPEAT);
    return r;
  };
  const decoded = time('decode', () => decode(bytes));
  if (!decoded.ok) return;
  const html = looksLikeHtml(decoded.text, name);
  const lines: Line[] = time(html ? 'htmlToLines' : 'textToLines', () => (html ? htmlToLines(decoded.text).lines : textToLines(decoded.text)));
  const text = time('linesToText', () => linesToText(lines));
  const sections = time('findSections', () => findSections(lines));
  const slice = (k: 'table2' | 'table3' | 'table4') => { const r = sections.range(k); return r ? lines.slice(r[0], r[1]) : []; };
  const t2 = time('tokenize', () => [tokenize(slice('table2')), tokenize(slice('table3')), tokenize(slice('table4'))]);
  time('readTable2', () => readTable2(t2[0]));
  time('readTable3', () => readTable3(t2[1]));
  time('readTable4', () => readTable4(t2[2]));
  const title = time('findTitle', () => findTitle(lines, null));
  time('findSignature', () => findSignature(lines));
  if (!title?.agency) time('agencyFromBody', () => agencyFromBody(text, (n) => resolveRegion(n, text)?.matched ?? null));
  time('statisticsYear', () => statisticsYear(text));
  if (title?.agency) time('resolveRegion', () => resolveRegion(title.agency!, text));
}

const REPEAT = 5;
for (const f of files.slice(0, 200)) { parseReport(f.bytes, f.name); stages(f.name, f.bytes, f.shape); }
totals.clear();
for (const f of files) stages(f.name, f.bytes, f.shape);
const whole = new Map<string, number>();
for (let pass = 0; pass < 3; pass++) {
  for (const f of files) { const t = cpu(); parseReport(f.bytes, f.name); whole.set(f.shape, (whole.get(f.shape) ?? 0) + (cpu() - t) / 3); }
}
const count = new Map<string, number>();
for (const f of files) count.set(f.shape, (count.get(f.shape) ?? 0) + 1);
const shapes = [...count.keys()].sort();
const stageNames = [...new Set([...totals.values()].flatMap((m) => [...m.keys()]))];
console.log(['stage (µs/report)'.padEnd(18), ...shapes.map((s) => s.padStart(7)), '    all'].join(''));
const row = (label: string, get: (s: string) => number) => {
  const all = shapes.reduce((t, s) => t + get(s), 0) / files.length;
  console.log([label.padEnd(18), ...shapes.map((s) => (get(s) / count.get(s)! * 1000).toFixed(0).padStart(7)), (all * 1000).toFixed(0).padStart(7)].join(''));
};
for (const stage of stageNames) row(stage, (s) => totals.get(s)?.get(stage) ?? 0);
row('parseReport', (s) => whole.get(s) ?? 0);
const all = [...whole.values()].reduce((a, b) => a + b, 0);
console.log(`parseReport: ${(all / files.length).toFixed(3)} ms CPU each → ${(files.length / all * 1000).toFixed(0)} reports/s per core`);
