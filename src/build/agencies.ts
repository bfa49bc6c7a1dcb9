// The agency behind a report, across years: one identity (agency_id) for every year it filed,
// and agencies.parquet, one row per agency with its names and years.
//
// agency_id = `<GB/T 2260 region code>-<normalised name>`: readable, stable from year to year,
// and the same for the spellings one body is known by (办公厅/办公室, 管理委员会/管委会, full-width
// and half-width characters, spaces). A renamed body is joined to its new name by manifest.csv's
// agency_id column.

import { regionByCode } from '../format/region.ts';

/** Spellings of the same body: each variant → the one form agency_id uses. */
const VARIANTS: readonly [RegExp, string][] = [
  [/办公厅/g, '办公室'],
  [/管理委员会/g, '管委会'],
];

/** Stands in for the region code of a report whose region is not known. */
export const UNKNOWN_REGION = '000000';

/**
 * The name as agency_id spells it: NFKC (full-width letters and brackets to half-width), no
 * spaces, no commas or list marks (a list of ids in a URL is comma-separated), known variants unified.
 */
export function normaliseAgencyName(name: string): string {
  let s = name.normalize('NFKC').replace(/[\s\u3000,、·]+/g, '');
  for (const [variant, form] of VARIANTS) s = s.replace(variant, form);
  return s;
}

/**
 * The name without the places above its region spelled out in front: a body of 济宁市 (370800)
 * named 「山东省济宁市人民政府办公室」 is 「济宁市人民政府办公室」, one of 洪泽区 named 「江苏省淮安市洪泽区…」
 * or 「淮安市洪泽区…」 is 「洪泽区…」. Only when what is left starts with the region's own name: the
 * prefix then adds nothing the region code does not say. (Without this, the two spellings of one
 * body were two agencies, and both of its filings of a year counted: rev12, 2,427 such pairs at 100k.)
 */
export function withoutParentPlaces(normalised: string, regionCode: string): string {
  const region = regionByCode(regionCode);
  if (!region) return normalised;
  const county = region.level === 'county' || region.level === 'township';
  const own = county ? region.county : region.level === 'prefecture' ? region.city : null;
  if (!own) return normalised;
  // The longest first: 「江苏省淮安市」, then 「江苏省」, then 「淮安市」.
  const prefixes = county
    ? [region.province && region.city ? region.province + region.city : null, region.province, region.city]
    : [region.province];
  for (const prefix of prefixes) {
    if (prefix && prefix !== own && normalised.startsWith(prefix) && normalised.startsWith(own, prefix.length)) return normalised.slice(prefix.length);
  }
  return normalised;
}

/** The agency's identity across years; null when the report names no agency. */
export function agencyId(name: string | null | undefined, regionCode: string | null | undefined): string | null {
  const normalised = name ? normaliseAgencyName(name) : '';
  if (!normalised) return null;
  const region = regionCode && /^\d{6}$/.test(regionCode) ? regionCode : UNKNOWN_REGION;
  return `${region}-${withoutParentPlaces(normalised, region)}`;
}

/**
 * The agency_id a report is staged with (work.ts, as its row is written): manifest.csv's agency_id
 * for its file when the manifest names one (a renamed body), else agencyId of the row's name and
 * region code. Set where each row is made, not by an UPDATE of the whole reports table once every
 * report is staged: DuckDB keeps an UPDATE's undo in memory it cannot spill (mem11,
 * bench/build/update-memory.ts); without those UPDATEs the step's peak at 400,000 reports was
 * 731-807 against 887-940 MiB, its CPU the same (bench/build/README.md, branch bld13).
 */
export function reportAgencyId(name: string | null | undefined, regionCode: string | null | undefined, manifestAgencyId: string | undefined): string | null {
  return manifestAgencyId || agencyId(name, regionCode);
}

/**
 * agencies.parquet from the build's reports table (after agency_id is set): per agency, the name
 * and place of its latest report, every name it filed under, the years it reported, and how many
 * files it has (duplicates included) and how many of them are superseded.
 */
export function agenciesSql(table: string): string {
  const latest = (column: string) => `arg_max(${column}, coalesce(year, 0) * 1000 + (superseded_by IS NULL)::INTEGER)`;
  return `SELECT agency_id,
      ${latest('agency')} AS agency,
      list(DISTINCT agency ORDER BY agency) AS names,
      ${latest('region_code')} AS region_code,
      ${latest('province')} AS province,
      ${latest('city')} AS city,
      ${latest('county')} AS county,
      ${latest('level')} AS level,
      ${latest('kind')} AS kind,
      list(DISTINCT year ORDER BY year) FILTER (WHERE year IS NOT NULL AND superseded_by IS NULL AND status <> 'failed') AS years,
      COUNT(*)::INTEGER AS reports,
      COUNT(superseded_by)::INTEGER AS superseded
    FROM ${table} WHERE agency_id IS NOT NULL
    GROUP BY agency_id ORDER BY agency_id`;
}
