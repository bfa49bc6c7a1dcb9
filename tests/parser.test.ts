// Every cell and the metadata of the five sample reports, and the real reports of the corpus
// that are HTML or Markdown, exactly, against truth files made independently of the parser.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/format/parse.ts';
import { IDENTITIES } from '../src/format/schema.ts';
import { holds } from '../src/format/identities.ts';
import { SEEDS, parseSeed, readFixture } from './helpers.ts';

interface Truth {
  agency: string;
  agency_aliases?: string[];
  year: number;
  region_code: string;
  province?: string;
  city?: string | null;
  county?: string | null;
  level?: string;
  kind?: string;
  statistics_year?: number | null;
  table2: Record<string, unknown>;
  table3: number[][];
  table4: number[];
  processing_fee_yuan: number;
  derived_cells?: [string, number, number][];
  absent_cells?: [string, number, number][];
}

function truth(...path: string[]): Truth {
  return JSON.parse(readFixture(...path).toString('utf8'));
}

describe.each(SEEDS)('sample report %s', (name) => {
  const t = truth('seeds', name.replace('.txt', '.truth.json'));
  const r = parseSeed(name);

  it('reads every cell of tables 2, 3 and 4 exactly', () => {
    expect(r.table2).toEqual(t.table2);
    expect(r.table3).toEqual(t.table3);
    expect(r.table4).toEqual(t.table4);
  });

  it('reads the metadata', () => {
    expect({
      agency: r.agency, year: r.year, region_code: r.region_code, province: r.province, city: r.city, county: r.county,
      level: r.level, kind: r.kind, processing_fee_yuan: r.processing_fee_yuan, statistics_year: r.statistics_year,
    }).toEqual({
      agency: t.agency, year: t.year, region_code: t.region_code, province: t.province, city: t.city, county: t.county,
      level: t.level, kind: t.kind, processing_fee_yuan: t.processing_fee_yuan, statistics_year: t.statistics_year,
    });
  });

  it('flags exactly the cells it derived', () => {
    expect(r.derived.map((d) => [d.table, d.row, d.col])).toEqual(t.derived_cells ?? []);
  });

  it('satisfies every identity of the template', () => {
    const t3 = IDENTITIES.filter((i) => i.table === 'table3' && !i.layout).map((i) => holds(r.table3, i));
    const t4 = IDENTITIES.filter((i) => i.table === 'table4').map((i) => holds(r.table4.map((v) => [v]), i));
    expect(new Set([...t3, ...t4])).toEqual(new Set([true]));
    expect(r.checks.filter((c) => c.code.startsWith('source.'))).toEqual([]);
  });
});

describe('sample report specifics', () => {
  it('001: recovers the 总计 row that prints 6 numbers for 7 columns', () => {
    const r = parseSeed('001_0f68198b50857d74.txt');
    expect(r.table3[23]).toEqual([52, 0, 0, 0, 0, 0, 52]);
    expect(r.derived).toHaveLength(1);
    expect(r.derived[0]).toMatchObject({ table: 'table3', row: 23, col: 0, value: 52 });
    expect(r.derived[0].rule).toMatch(/^t3\./);
    expect(r.checks.map((c) => c.code)).toContain('parse.t3.row_placed_by_identities');
  });

  it('001: flags the title year 2023 against the stated period 2022', () => {
    const r = parseSeed('001_0f68198b50857d74.txt');
    expect(r.year).toBe(2023);
    expect(r.sources.year).toBe('title');
    const conflict = r.checks.find((c) => c.code === 'meta.year_period_conflict');
    expect(conflict?.severity).toBe('warning');
    expect(conflict?.message_zh).toContain('2022');
  });

  it('001: warns that the narrative says 13 applications where table 3 says 52', () => {
    const r = parseSeed('001_0f68198b50857d74.txt');
    const w = r.checks.find((c) => c.code === 'narrative.applications_mismatch');
    expect(w?.message_en).toContain('13');
    expect(w?.message_en).toContain('52');
    expect(r.status).toBe('warning');
  });

  it('002: finds the agency in the body when there is no title', () => {
    const r = parseSeed('002_54ed621f2e25daf5.txt');
    expect(r.agency).toBe('南昌市人民政府办公室');
    expect(r.sources.agency).toBe('body');
  });

  it('003: ignores the page furniture and injected words around the title', () => {
    const r = parseSeed('003_837e2621b604486e.txt');
    expect(r.agency).toBe('长沙市人民政府办公室');
    expect(r.sources.agency).toBe('title');
  });

  it('004: resolves 昌吉州 to 昌吉回族自治州 and reads 规范性文件 as normative documents', () => {
    const r = parseSeed('004_55d435d651c286e9.txt');
    expect(r.city).toBe('昌吉回族自治州');
    expect(r.table2.normative_documents).toEqual([5, 0, 16]);
  });

  it('000, 002, 003, 004 are clean', () => {
    for (const name of [SEEDS[0], SEEDS[2], SEEDS[3], SEEDS[4]]) {
      const r = parseSeed(name);
      expect(r.checks.filter((c) => c.severity !== 'info'), name).toEqual([]);
      expect(r.status, name).toBe('ok');
    }
  });

  it('keeps table 2 fees (万元) and the section 六 processing fee (元) apart', () => {
    const r = parseSeed('001_0f68198b50857d74.txt');
    expect(r.table2.fees_10k_yuan).toBe(344.0982);
    expect(r.processing_fee_yuan).toBe(0);
  });

  it('keeps the raw text of every cell it read', () => {
    const r = parseSeed('000_91b38fa976f5289e.txt');
    expect(r.raw.table3[0]).toEqual(['109', '17', '0', '0', '0', '0', '126']);
    expect(r.raw.table4[4]).toBe('7');
  });
});

describe.each([
  ['pingtan-2024.html', 'pingtan-2024-html.json'],
  ['shuyang-2025.txt', 'shuyang-2025.json'],
])('real report %s', (file, truthFile) => {
  const t = truth('corpus', 'truth', truthFile);
  const r = parseReport(readFixture('corpus', file), file);

  it('reads every cell exactly as its truth file', () => {
    expect(r.table2).toEqual(t.table2);
    expect(r.table3).toEqual(t.table3);
    expect(r.table4).toEqual(t.table4);
    expect(r.processing_fee_yuan).toBe(t.processing_fee_yuan);
  });

  it('reads its metadata', () => {
    expect(r.year).toBe(t.year);
    expect(r.region_code).toBe(t.region_code);
    expect([t.agency, ...(t.agency_aliases ?? [])]).toContain(r.agency);
    expect(r.agency).toBe(t.agency);
  });

  it('has no failed check', () => {
    expect(r.checks.filter((c) => c.severity === 'error')).toEqual([]);
  });
});

describe('shuyang-2025 (OCR)', () => {
  it('corrects the OCR misreading 沐阳 to 沭阳 and says so', () => {
    const r = parseReport(readFixture('corpus', 'shuyang-2025.txt'), 'shuyang-2025.txt');
    expect(r.agency).toBe('沭阳县人民政府');
    expect(r.county).toBe('沭阳县');
    expect(r.checks.map((c) => c.code)).toContain('meta.agency_ocr_corrected');
    expect(r.processing_fee_yuan).toBe(380);
  });
});
