// The per-agency charts' labels (src/views/agencyLabel.ts): a report whose agency was not read still has a name on its bar.
import { describe, expect, it } from 'vitest';
import { agencyYearLabel } from '../src/views/agencyLabel.ts';

describe('agencyYearLabel', () => {
  it('names the agency and the year, and any note after the year', () => {
    expect(agencyYearLabel('内江市人民政府', 2024, 'zh')).toBe('内江市人民政府（2024年）');
    expect(agencyYearLabel('内江市人民政府', 2024, 'en')).toBe('内江市人民政府 (2024)');
    expect(agencyYearLabel('某县人民政府', 2020, 'zh', ['旧模板无此项'])).toBe('某县人民政府（2020年，旧模板无此项）');
    expect(agencyYearLabel('某县人民政府', null, 'zh')).toBe('某县人民政府');
  });

  it('says the name was not read instead of leaving a bare year (at 100,000 reports: 「（2021年）（N=28）」 on 办理结果)', () => {
    expect(agencyYearLabel(null, 2021, 'zh')).toBe('［机关名称未能读出］（2021年）');
    expect(agencyYearLabel(null, 2021, 'en')).toBe('[agency name not read] (2021)');
    expect(agencyYearLabel(null, null, 'zh')).toBe('［机关名称未能读出］');
  });
});
