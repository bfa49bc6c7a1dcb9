// data/reports/manifest.csv states what a report does not; the output says it came from there.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/format/parse.ts';
import { parseManifest } from '../src/format/manifest.ts';
import { readFixture } from './helpers.ts';

const manifest = parseManifest([
  'file,agency,year,region_code,source_url',
  '002_54ed621f2e25daf5.txt,南昌市人民政府办公室,2024,360100,https://www.nc.gov.cn/report.html',
  'hongze-2024.pdf,,,,',
  'empty.txt,某某县人民政府,2023,411221,',
  'bad.txt,,20x4,12345,',
].join('\n'));

describe('manifest.csv', () => {
  it('overrides and says so', () => {
    const r = parseReport(readFixture('..', '..', 'data', 'reports', '002_54ed621f2e25daf5.txt'), 'data/reports/002_54ed621f2e25daf5.txt', { manifest });
    expect(r.sources).toEqual({ agency: 'manifest', year: 'manifest', region: 'manifest', source_url: 'manifest' });
    expect([r.region_code, r.province, r.city, r.level, r.source_url]).toEqual(['360100', '江西省', '南昌市', 'prefecture', 'https://www.nc.gov.cn/report.html']);
  });

  it('holds for a file that cannot be read', () => {
    const r = parseReport(new Uint8Array(), 'empty.txt', { manifest });
    expect(r.status).toBe('failed');
    expect([r.agency, r.year, r.region_code, r.county, r.kind]).toEqual(['某某县人民政府', 2023, '411221', '渑池县', 'people_government']);
  });

  it('reports its own problems instead of using bad values', () => {
    expect(manifest.problems).toEqual([
      'manifest.csv row 5: year "20x4" is not a year',
      'manifest.csv row 5: region_code "12345" is not a 6-digit GB/T 2260 code',
    ]);
    expect(manifest.entries.get('bad.txt')).toEqual({ file: 'bad.txt' });
  });
});
