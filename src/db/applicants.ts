// New applications by applicant (table 3, row 本年新收: 自然人 and the five kinds of 法人或其他组织),
// summed over the reports that state all six columns, for the filtered set and per group.
// Group-level numbers are sums of counts; shares are divided once, in the chart.
import { T3, T3_TOTAL_COLUMN, TABLE3_COLUMNS, table3Column } from '../format/schema.ts';
import { where, type Filters, type Query } from './queries.ts';
import { groupColumns } from './groups.ts';

export type ApplicantKey = 'natural_person' | 'business' | 'research' | 'nonprofit' | 'legal_services' | 'other_org';
export const APPLICANT_COLUMNS = TABLE3_COLUMNS.slice(0, T3_TOTAL_COLUMN) as readonly (typeof TABLE3_COLUMNS[number] & { key: ApplicantKey })[];

/** Columns a group can be split by (the `group` URL parameter's values). */
export type ApplicantGroupBy = 'province' | 'city' | 'county' | 'level' | 'kind' | 'year';
export const APPLICANT_GROUPS: readonly ApplicantGroupBy[] = ['province', 'city', 'county', 'level', 'kind', 'year'];

/**
 * The next level of the region cascade under the filters: provinces; a province's cities (a
 * municipality's districts and counties: it has no cities, they would be one 无地市 bar, as
 * groups.ts drillDown says); a city's counties.
 */
export function nextRegionLevel(filters: Pick<Filters, 'province' | 'city'>): ApplicantGroupBy {
  if (filters.city) return 'county';
  if (filters.province) return filters.province.endsWith('市') ? 'county' : 'city';
  return 'province';
}

export interface ApplicantRow {
  /** True for the row of the whole filtered set (first). */
  is_total: boolean;
  /** The group's value (as text); null for the total, and for a group of reports without one (无地市, 未注明层级). */
  grp: string | null;
  /** The group's province and city when grouped by city or county (a city is a city of its province: 朝阳区 is in 北京市 and in 长春市). */
  province: string | null;
  city: string | null;
  /** Reports that state all six columns (the sums are over these). */
  reports: number;
  /** Reports of the group that leave at least one column out (not in the sums). */
  incomplete: number;
  natural_person: number | null;
  business: number | null;
  research: number | null;
  nonprofit: number | null;
  legal_services: number | null;
  other_org: number | null;
}

const column = (c: number) => table3Column(T3.NEW, c);
const ALL_STATED = APPLICANT_COLUMNS.map((_, c) => `${column(c)} IS NOT NULL`).join(' AND ');
const SUMS = APPLICANT_COLUMNS.map((col, c) => `SUM(${column(c)}) FILTER (WHERE ${ALL_STATED})::DOUBLE AS ${col.key}`).join(', ');

/**
 * The whole filtered set (is_total), then one row per group, largest first. A city or county is
 * grouped with the places above it (groups.ts groupColumns), and the reports without a value are a
 * group of their own: the groups add up to the total.
 */
export function applicantsBy(filters: Filters, by: ApplicantGroupBy | null): Query {
  const w = where(filters);
  const counts = `COUNT(*) FILTER (WHERE ${ALL_STATED})::INTEGER AS reports, COUNT(*) FILTER (WHERE NOT (${ALL_STATED}))::INTEGER AS incomplete`;
  const total = `SELECT true AS is_total, NULL::VARCHAR AS grp, NULL::VARCHAR AS province, NULL::VARCHAR AS city, ${counts}, ${SUMS} FROM facts ${w.sql}`;
  if (!by) return { sql: total, params: w.params };
  // `by` is one of APPLICANT_GROUPS (checked), never user text.
  if (!APPLICANT_GROUPS.includes(by)) throw new Error(`unknown grouping: ${by}`);
  const keys = groupColumns(by);
  const sum = APPLICANT_COLUMNS.map((col) => `COALESCE(${col.key}, 0)`).join(' + ');
  return {
    sql: `SELECT * FROM (
        ${total}
        UNION ALL
        SELECT false AS is_total, ${by}::VARCHAR AS grp, ${keys.includes('province') ? 'province' : 'NULL::VARCHAR'} AS province,
          ${keys.includes('city') ? 'city' : 'NULL::VARCHAR'} AS city, ${counts}, ${SUMS}
        FROM facts ${w.sql} GROUP BY ${keys.join(', ')}
      ) ORDER BY is_total DESC, ${sum} DESC, ${keys.map((k) => `${k === by ? 'grp' : k} NULLS LAST`).join(', ')}`,
    params: [...w.params, ...w.params],
  };
}
