// The older template (国办公开办函〔2019〕60号, reports for 2019 and 2020): the same data with an
// explicit template, fields of one template null in the other, and one 其他处理 row.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/format/parse.ts';
import { IDENTITIES } from '../src/format/schema.ts';
import { holds } from '../src/format/identities.ts';
import { readFixture } from './helpers.ts';

describe('a 2019-template report (synthetic, pipe tables)', () => {
  const r = parseReport(readFixture('inputs', 'template-2019.txt'), 'template-2019.txt');

  it('says which template it is and reads its metadata', () => {
    expect([r.template, r.agency, r.year, r.region_code, r.level, r.kind, r.status]).toEqual(['2019', '武义县人民政府', 2020, '330723', 'county', 'people_government', 'ok']);
    expect(r.checks.map((c) => c.code)).toContain('meta.template_2019');
  });

  it('reads table 2 into the 2019 fields, with signs and decimals', () => {
    expect(r.table2_2019).toEqual({
      regulations_new_made: 0, regulations_new_published: 0, regulations_total_published: 2,
      normative_documents_new_made: 12, normative_documents_new_published: 11, normative_documents_total_published: 86,
      licensing_prev_items: 315, licensing_change: -12, licensing_decisions: 4210,
      other_services_prev_items: 48, other_services_change: 3, other_services_decisions: 977,
      penalties_prev_items: 1203, penalties_change: 27, penalties_decisions: 1688,
      enforcement_prev_items: 36, enforcement_change: 0, enforcement_decisions: 95,
      fees_prev_items: 21, fees_change: -2, procurement_items: 64, procurement_amount: 5321.5,
    });
  });

  it('carries only the measures both templates share into the 2021 fields; the rest stays null', () => {
    expect(r.table2).toEqual({
      regulations: [null, null, null], normative_documents: [null, null, null],
      licensing: 4210, penalties: 1688, enforcement: 95, fees_10k_yuan: null,
    });
  });

  it('keeps the single 其他处理 row as the total of the three', () => {
    expect(r.table3_layout).toBe('single_other_row');
    expect(r.table3_other_total).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(r.table3[20]).toEqual([null, 0, 0, 0, 0, 0, null]);
    expect(r.table3[23]).toEqual([36, 3, 0, 0, 2, 0, 41]);
    expect(r.table3[0]).toEqual([35, 3, 0, 0, 2, 0, 40]);
    expect(r.table4).toEqual([2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]);
    expect(r.checks.filter((c) => c.severity !== 'info')).toEqual([]);
  });

  it('a 2021 report has no 2019 fields', () => {
    const r2021 = parseReport(readFixture('..', '..', 'data', 'reports', '000_91b38fa976f5289e.txt'), '000.txt');
    expect([r2021.template, r2021.table2_2019, r2021.table3_layout]).toEqual(['2021', null, 'template']);
  });
});

describe('pingtan-2020.txt (2019 template, digits glued)', () => {
  const r = parseReport(readFixture('corpus', 'pingtan-2020.txt'), 'pingtan-2020.txt');

  it('is read as the 2019 template, its table 3 split by the identities', () => {
    expect([r.template, r.agency, r.year, r.region_code]).toEqual(['2019', '平潭综合实验区管理委员会', 2020, '350128']);
    expect(r.table3[0]).toEqual([20, 0, 0, 0, 0, 1, 21]);
    expect(r.table3[23]).toEqual([20, 0, 0, 0, 0, 1, 21]);
    expect(r.table3_other_total).toEqual([4, 0, 0, 0, 0, 0, 4]);
    expect(r.table4).toEqual(new Array(15).fill(0));
    const grid = [...r.table3, r.table3_other_total!];
    for (const identity of IDENTITIES.filter((i) => i.table === 'table3' && (!i.layout || i.layout === r.table3_layout))) {
      expect(holds(grid, identity)).not.toBe(false);
    }
  });

  it('leaves glued table 2 rows that split more than one way null, and says so', () => {
    expect(r.table2_2019?.normative_documents_new_made).toBeNull();
    expect(r.table2_2019?.regulations_total_published).toBe(7);
    expect(r.checks.filter((c) => c.code === 'parse.t2.glued_ambiguous').length).toBeGreaterThan(0);
    expect(r.table2.fees_10k_yuan).toBeNull();
  });
});
