// The fast path for clean tables (tables.ts cleanTable3) against the full reading, both run over
// the same varied inputs: generated reports in every shape, the same reports with one defect put
// into table 3 (a blank, a broken identity, a row lost, a row without its label, two numbers run together, the
// 其他处理 total printed as one row), the shared corpus, the seeds and the regression, input
// and hostile fixtures. Each input's whole result (report, cell positions, text) must be the same
// both ways; the fast path must be taken by most clean reports and by none of the damaged ones.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateReport } from '../src/gen/index.ts';
import { readDocument } from '../src/format/parse.ts';
import '../src/format/readers.ts';
import { fastPathCounts, useFastPath } from '../src/format/tables.ts';
import { rememberAlignments } from '../src/format/rows.ts';
import type { Report } from '../src/format/report.ts';
import { ROOT, SEEDS } from './helpers.ts';

const SEED = 77;
const N = 180;
const te = new TextEncoder();

interface Input { name: string; bytes: Uint8Array; damaged: boolean }

/** Table 3's rows in the plain-text shapes: lines of a label and seven numbers. */
const T3_ROW = /^(.*(?:本年新收|上年结转|予以公开|部分公开|国家秘密|不掌握|信访举报|重复申请|总计|结转下年度).*?)((?:[ |\t]+\d+){7})[ |\t]*$/m;

/** The same report with one defect in table 3, or null when the shape has no such line. */
function damaged(content: string, how: number): string | null {
  const m = T3_ROW.exec(content);
  if (!m) return null;
  const [line, label, numbers] = m;
  const at = m.index;
  const replace = (next: string) => content.slice(0, at) + next + content.slice(at + line.length);
  switch (how) {
    case 0: return replace(`${label}${numbers.replace(/\d+(?=\D*$)/, '—')}`); // a blank
    case 1: return replace(`${label}${numbers.replace(/\d+/, (d) => String(Number(d) + 1))}`); // an identity broken
    case 2: return replace(''); // a row lost
    case 3: return replace(numbers); // its label lost
    case 4: return replace(`${label}${numbers.replace(/(\d+)([ |\t]+)(\d+)/, '$1$3')}`); // two numbers glued
    default: return null;
  }
}

function inputs(): Input[] {
  const list: Input[] = [];
  for (let i = 0; i < N; i++) {
    const g = generateReport(SEED, i);
    list.push({ name: g.name, bytes: te.encode(g.content), damaged: false });
    const bad = damaged(g.content, i % 5);
    if (bad !== null) list.push({ name: `damaged-${i % 5}-${g.name}`, bytes: te.encode(bad), damaged: true });
  }
  // 其他处理 printed as one total row (the 2019 layout of table 3) in a generated pipe report.
  const pipe = Array.from({ length: 40 }, (_, i) => generateReport(SEED + 1, i)).find((g) => g.name.endsWith('_a.txt'))!;
  const single = pipe.content.replace(/[（(]六[）)]其他处理 \| 1\.[^\n]*\n2\.[^\n]*\n3\.其他([^\n]*)\n/, '（六）其他处理$1\n');
  expect(single).not.toBe(pipe.content);
  list.push({ name: 'single-other.txt', bytes: te.encode(single), damaged: true });
  const folder = (dir: string, filter = (_: string) => true) => {
    for (const name of readdirSync(dir).sort()) {
      if (/\.(txt|html?|md|pdf|docx)$/i.test(name) && filter(name)) list.push({ name, bytes: new Uint8Array(readFileSync(join(dir, name))), damaged: false });
    }
  };
  folder(join(ROOT, 'tests', 'fixtures', 'corpus'));
  folder(join(ROOT, 'tests', 'fixtures', 'regressions'));
  folder(join(ROOT, 'tests', 'fixtures', 'inputs'));
  folder(join(ROOT, 'data', 'reports'), (name) => SEEDS.includes(name));
  return list;
}

async function read(input: Input, fast: boolean): Promise<string> {
  useFastPath(fast);
  const { report, text } = await readDocument(input.bytes, input.name);
  return JSON.stringify({ report, text });
}

afterAll(() => useFastPath(true));

describe('fast path for clean table 3', () => {
  it('gives every input the same result as the full reading, and is taken by most clean reports', async () => {
    // Alignments are remembered across reports: made anew here, so neither way reuses the other's.
    rememberAlignments(false);
    try {
      const list = inputs();
      let [clean, cleanFast, damagedFast] = [0, 0, 0];
      for (const input of list) {
        const before = fastPathCounts().fast;
        const fast = await read(input, true);
        const took = fastPathCounts().fast > before;
        const full = await read(input, false);
        expect(fast, input.name).toBe(full);
        if (took) {
          // Taken only where table 3 is clean: nothing derived, flagged or missing in it.
          const report = JSON.parse(full).report as Report;
          expect(report.derived.filter((d) => d.table === 'table3'), input.name).toEqual([]);
          expect(report.checks.filter((c) => c.code.startsWith('parse.t3') || c.cells.some((x) => x.table === 'table3')), input.name).toEqual([]);
          expect(report.table3_layout, input.name).toBe('template');
        }
        if (input.damaged) damagedFast += took ? 1 : 0;
        else if (/^\d+_[a-f]\./.test(input.name)) {
          clean++;
          cleanFast += took ? 1 : 0;
        }
      }
      console.log(`fast path: ${cleanFast} of ${clean} generated reports, ${damagedFast} of ${list.filter((i) => i.damaged).length} damaged ones; ${list.length} inputs compared`);
      expect(list.filter((i) => i.damaged).length).toBeGreaterThan(N / 2);
      // A defect in table 3 sends the report the full way (the single 其他处理 row, a blank, a
      // broken identity, a row lost or unlabelled, two numbers run together); a Markdown row
      // whose label cell is cut keeps its label in the cell before and stays clean.
      expect(damagedFast / list.filter((i) => i.damaged).length).toBeLessThan(0.05);
      expect(cleanFast / clean).toBeGreaterThan(0.5);
    } finally {
      rememberAlignments(true);
    }
  });
});
