import { describe, expect, it } from 'vitest';
import {
  agencyLevel,
  canonicalAgencyName,
  classifyAgency,
  isNationalBody,
  regionByCode,
  resolveRegion,
} from '../src/format/region.ts';

describe('resolveRegion', () => {
  it('reads a prefecture government office', () => {
    expect(resolveRegion('嘉兴市人民政府办公室')).toEqual({
      code: '330400', province: '浙江省', city: '嘉兴市', county: null, level: 'prefecture', matched: '嘉兴市',
    });
  });

  it('reads a county government', () => {
    expect(resolveRegion('渑池县人民政府')).toEqual({
      code: '411221', province: '河南省', city: '三门峡市', county: '渑池县', level: 'county', matched: '渑池县',
    });
  });

  it('prefers the prefecture to a county sharing its stem', () => {
    expect(resolveRegion('南昌市人民政府办公室')).toMatchObject({ code: '360100', city: '南昌市', county: null, level: 'prefecture' });
    expect(resolveRegion('长沙市人民政府办公室')).toMatchObject({ code: '430100', city: '长沙市', county: null, level: 'prefecture' });
    expect(resolveRegion('长沙县人民政府')).toMatchObject({ code: '430121', city: '长沙市', county: '长沙县', level: 'county' });
  });

  it('reads the short name of an autonomous prefecture', () => {
    for (const name of ['昌吉州发改委', '昌吉州发展和改革委员会']) {
      expect(resolveRegion(name)).toEqual({
        code: '652300', province: '新疆维吾尔自治区', city: '昌吉回族自治州', county: null, level: 'prefecture', matched: '昌吉州',
      });
      expect(classifyAgency(name)).toBe('department');
    }
    expect(resolveRegion('湘西州人民政府')).toMatchObject({ code: '433100', city: '湘西土家族苗族自治州' });
    // 昌吉市 is a county-level city inside 昌吉州.
    expect(resolveRegion('昌吉市人民政府')).toMatchObject({ code: '652301', county: '昌吉市', level: 'county' });
  });

  it('reads a zone that governs a whole county', () => {
    expect(resolveRegion('平潭综合实验区管理委员会')).toEqual({
      code: '350128', province: '福建省', city: '福州市', county: '平潭县', level: 'county', matched: '平潭',
    });
  });

  it('reads a chain prefecture → county', () => {
    expect(resolveRegion('淮安市洪泽区人民政府')).toEqual({
      code: '320813', province: '江苏省', city: '淮安市', county: '洪泽区', level: 'county', matched: '淮安市洪泽区',
    });
    expect(resolveRegion('浙江省嘉兴市南湖区人民政府')).toMatchObject({ code: '330402', matched: '浙江省嘉兴市南湖区' });
    expect(resolveRegion('北京市朝阳区人民政府')).toMatchObject({ code: '110105', province: '北京市', city: null, county: '朝阳区' });
  });

  it('corrects an OCR misreading to the one place it can be', () => {
    expect(resolveRegion('沐阳县人民政府')).toEqual({
      code: '321322', province: '江苏省', city: '宿迁市', county: '沭阳县', level: 'county', matched: '沭阳县', corrected_from: '沐阳县',
    });
    expect(resolveRegion('宿迁市沐阳县人民政府')).toMatchObject({ code: '321322', corrected_from: '宿迁市沐阳县' });
    expect(resolveRegion('毫州市人民政府')).toMatchObject({ code: '341600', city: '亳州市', corrected_from: '毫州市' });
  });

  it('leaves a correctly printed name uncorrected', () => {
    const match = resolveRegion('沭阳县人民政府');
    expect(match).toEqual({
      code: '321322', province: '江苏省', city: '宿迁市', county: '沭阳县', level: 'county', matched: '沭阳县',
    });
    expect(match).not.toHaveProperty('corrected_from');
  });

  it('reads a province', () => {
    expect(resolveRegion('浙江省人民政府')).toEqual({
      code: '330000', province: '浙江省', city: null, county: null, level: 'province', matched: '浙江省',
    });
    expect(resolveRegion('新疆发改委')).toMatchObject({ code: '650000', province: '新疆维吾尔自治区', level: 'province' });
  });

  it('settles a shared county name with the report text, or not at all', () => {
    expect(resolveRegion('朝阳区人民政府')).toBeNull();
    expect(resolveRegion('朝阳区人民政府', '北京市朝阳区2024年政务公开工作要点。北京市人民政府')).toMatchObject({
      code: '110105', province: '北京市', city: null, county: '朝阳区',
    });
    expect(resolveRegion('朝阳区人民政府', '长春市朝阳区人民政府。长春市政务公开')).toMatchObject({
      code: '220104', province: '吉林省', city: '长春市', county: '朝阳区',
    });
    expect(resolveRegion('朝阳区人民政府', '北京 长春')).toBeNull();
    expect(resolveRegion('鼓楼区人民政府', '江苏省南京市鼓楼区')).toMatchObject({ code: '320106' });
  });

  it('gives a township body the county code', () => {
    expect(resolveRegion('渑池县城关镇人民政府')).toEqual({
      code: '411221', province: '河南省', city: '三门峡市', county: '渑池县', level: 'township',
      matched: '渑池县城关镇', township: '城关镇',
    });
    expect(resolveRegion('嘉兴市南湖区新兴街道办事处')).toMatchObject({ code: '330402', level: 'township', township: '新兴街道' });
    // 乡村振兴局 is a department, not a township.
    expect(resolveRegion('嘉兴市乡村振兴局')).toMatchObject({ code: '330400', level: 'prefecture' });
  });

  it('returns null for national bodies and unknown places', () => {
    expect(resolveRegion('国务院办公厅')).toBeNull();
    expect(resolveRegion('教育部')).toBeNull();
    expect(resolveRegion('民政局')).toBeNull();
    expect(resolveRegion('公安交通管理局')).toBeNull();
    // A district the index does not know must not fall back to its prefecture as if it were the body.
    expect(resolveRegion('嘉兴市南胡区人民政府')).toBeNull();
  });

  it('reads the local office of a national system', () => {
    expect(resolveRegion('国家税务总局嘉兴市税务局')).toMatchObject({ code: '330400', level: 'prefecture' });
    expect(isNationalBody('国家税务总局嘉兴市税务局')).toBe(false);
  });
});

describe('isNationalBody / agencyLevel', () => {
  it('recognises central bodies', () => {
    for (const name of ['国务院办公厅', '教育部', '国家税务总局', '海关总署', '住房和城乡建设部']) {
      expect(isNationalBody(name)).toBe(true);
    }
    expect(agencyLevel('国务院办公厅')).toBe('national');
    expect(isNationalBody('嘉兴市人民政府办公室')).toBe(false);
    expect(agencyLevel('嘉兴市人民政府办公室')).toBe('prefecture');
  });
});

describe('classifyAgency', () => {
  it('tells governments, their offices and departments apart', () => {
    expect(classifyAgency('嘉兴市人民政府办公室')).toBe('government_office');
    expect(classifyAgency('浙江省人民政府办公厅')).toBe('government_office');
    expect(classifyAgency('县政府办')).toBe('government_office');
    expect(classifyAgency('长沙市政府办公室')).toBe('government_office');
    expect(classifyAgency('国务院办公厅')).toBe('government_office');
    expect(classifyAgency('渑池县人民政府')).toBe('people_government');
    expect(classifyAgency('渑池县城关镇人民政府')).toBe('people_government');
    expect(classifyAgency('嘉兴市南湖区新兴街道办事处')).toBe('people_government');
    expect(classifyAgency('平潭综合实验区管理委员会')).toBe('people_government');
    expect(classifyAgency('平潭综合实验区')).toBe('people_government');
    expect(classifyAgency('渑池县')).toBe('people_government');
    expect(classifyAgency('昌吉州发改委')).toBe('department');
    expect(classifyAgency('嘉兴市发展和改革委员会')).toBe('department');
    expect(classifyAgency('浙江省教育厅')).toBe('department');
    expect(classifyAgency('嘉兴市大数据发展管理中心')).toBe('department');
    expect(classifyAgency('教育部')).toBe('department');
    expect(classifyAgency('')).toBeNull();
  });
});

describe('canonicalAgencyName', () => {
  it('turns a bare place into its body', () => {
    expect(canonicalAgencyName('平潭综合实验区')).toBe('平潭综合实验区管理委员会');
    expect(canonicalAgencyName('渑池县')).toBe('渑池县人民政府');
    expect(canonicalAgencyName('嘉兴市')).toBe('嘉兴市人民政府');
    expect(canonicalAgencyName('淮安市洪泽区')).toBe('淮安市洪泽区人民政府');
    expect(canonicalAgencyName('浦东新区')).toBe('浦东新区人民政府');
    expect(canonicalAgencyName('阿克苏地区')).toBe('阿克苏地区行政公署');
    expect(canonicalAgencyName('城关镇')).toBe('城关镇人民政府');
    expect(canonicalAgencyName('新兴街道')).toBe('新兴街道办事处');
  });

  it('leaves body names alone', () => {
    for (const name of ['嘉兴市人民政府办公室', '平潭综合实验区管理委员会', '昌吉州发改委', '浙江省教育厅', '国务院办公厅']) {
      expect(canonicalAgencyName(name)).toBe(name);
    }
  });
});

describe('performance', () => {
  it('resolves 100,000 names quickly', () => {
    const names = ['嘉兴市人民政府办公室', '淮安市洪泽区人民政府', '昌吉州发改委', '渑池县城关镇人民政府', '浙江省人民政府'];
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) resolveRegion(names[i % names.length]);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe('regionByCode', () => {
  it('looks a code up', () => {
    expect(regionByCode('330400')).toEqual({
      code: '330400', province: '浙江省', city: '嘉兴市', county: null, level: 'prefecture', matched: '嘉兴市',
    });
    expect(regionByCode('321322')).toMatchObject({ province: '江苏省', city: '宿迁市', county: '沭阳县', level: 'county' });
    expect(regionByCode('110000')).toMatchObject({ province: '北京市', city: null, level: 'province' });
    expect(regionByCode('999999')).toBeNull();
  });
});
