// The command-line contract: one JSON object per file, one per line; a file that cannot be
// read still gets its line; the exit code is non-zero only for a usage error.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

function parse(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'parse.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)), stderr: r.stderr };
}

describe('npm run parse', () => {
  it('prints one JSON object per file, in order, with the documented fields', () => {
    const r = parse('data/reports/000_91b38fa976f5289e.txt', 'data/reports/001_0f68198b50857d74.txt', 'no/such/file.txt', 'tests/fixtures/corpus/hongze-2024.pdf');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.file)).toEqual(['data/reports/000_91b38fa976f5289e.txt', 'data/reports/001_0f68198b50857d74.txt', 'no/such/file.txt', 'tests/fixtures/corpus/hongze-2024.pdf']);
    const [jiaxing, mianchi, missing, pdf] = r.lines;
    expect(jiaxing).toMatchObject({
      agency: '嘉兴市人民政府办公室', year: 2024, region_code: '330400', province: '浙江省', city: '嘉兴市', county: null,
      level: 'prefecture', kind: 'government_office',
      table2: { regulations: [1, 0, 5], normative_documents: [24, 67, 380], licensing: 4, penalties: 0, enforcement: 0, fees_10k_yuan: 0 },
      table4: [1, 0, 4, 2, 7, 4, 0, 0, 0, 4, 2, 0, 0, 0, 2], processing_fee_yuan: 0, derived: [], checks: [], status: 'ok',
    });
    expect(jiaxing.table3).toHaveLength(25);
    expect(jiaxing.table3[0]).toEqual([109, 17, 0, 0, 0, 0, 126]);
    expect(jiaxing.raw).toBeUndefined();
    expect(mianchi.derived).toEqual([expect.objectContaining({ table: 'table3', row: 23, col: 0, value: 52 })]);
    expect(missing.status).toBe('failed');
    expect(missing.error.message_en).toMatch(/Cannot read/);
    expect(pdf).toMatchObject({ agency: '淮安市洪泽区人民政府', year: 2024, region_code: '320813', template: '2021', table3_layout: 'single_other_row' });
    expect(pdf.table4).toEqual([1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]);
  });

  it('exits non-zero only for a usage error', () => {
    const r = parse();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});
