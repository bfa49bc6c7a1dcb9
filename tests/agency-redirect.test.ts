// The id an agency link of an older build has now (src/app/agency-redirect.ts): ids written by hand,
// as the build spelled them before parent places were dropped, and as it spells them now.
import { describe, expect, it } from 'vitest';
import { currentAgencyId, renamedAgencyId } from '../src/app/agency-redirect.ts';
import { agencyId } from '../src/build/agencies.ts';

describe('an agency id of an older build', () => {
  it('drops the places above the region in front of the name, as the build does now', async () => {
    const cases: [string, string][] = [
      ['370800-山东省济宁市人民政府办公室', '370800-济宁市人民政府办公室'],
      // A county: the province and the prefecture, either, or both.
      ['320813-江苏省淮安市洪泽区人民政府', '320813-洪泽区人民政府'],
      ['320813-淮安市洪泽区人民政府', '320813-洪泽区人民政府'],
      ['320813-江苏省洪泽区人民政府', '320813-洪泽区人民政府'],
      ['330400-浙江省嘉兴市人民政府办公室', '330400-嘉兴市人民政府办公室'],
    ];
    for (const [old, now] of cases) {
      expect(await renamedAgencyId(old), old).toBe(now);
      expect(currentAgencyId(old, agencyId), old).toBe(now);
    }
  });

  it('has nothing to try for an id spelled as now, an unknown region, a province, or what is not an id', async () => {
    for (const id of [
      '370800-济宁市人民政府办公室', // as now
      '000000-山东省济宁市人民政府办公室', // no region: nothing to drop
      '370000-山东省人民政府办公室', // a province: nothing above it
      '370800-山东省人民政府办公室', // what is left does not start with the region's own name
      '370800-', 'abc', '', '37080-山东省济宁市人民政府办公室',
    ]) {
      expect(await renamedAgencyId(id), id).toBeNull();
    }
  });

  it('asks the spelling function it is given with the id\'s name and code', () => {
    const asked: [string, string][] = [];
    expect(currentAgencyId('110101-北京市东城区X', (name, code) => (asked.push([name, code]), `${code}-${name.slice(3)}`))).toBe('110101-东城区X');
    expect(asked).toEqual([['北京市东城区X', '110101']]);
  });
});
