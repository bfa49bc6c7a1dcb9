// The one builder of WHERE clauses. Every query of the dashboard filters through `where`, so a
// filter means the same thing in every view: the place, year, level and kind are equalities,
// the name search is a literal substring of any of its names (search.ts), failed files are left out unless asked for, and the
// user's values are always bound `?` parameters (column names come from this module, never
// from the user).
import type { Kind, Level } from '../format/schema.ts';
import { nameTerms } from './search.ts';

export type Param = string | number | boolean | null;
export interface Query {
  sql: string;
  params: Param[];
}

export interface Filters {
  province: string | null;
  city: string | null;
  county: string | null;
  year: number | null;
  level: Level | null;
  kind: Kind | null;
  /** Free text matched against the agency name: several names (space or comma between) match any. */
  q: string;
}

export const NO_FILTERS: Filters = { province: null, city: null, county: null, year: null, level: null, kind: null, q: '' };

export type FilterKey = keyof Filters;

/** Filter → its column in `facts` / `reports` (the same name in both). */
const EQUALITIES: readonly FilterKey[] = ['province', 'city', 'county', 'year', 'level', 'kind'];

export interface WhereOptions {
  /** Filters to leave out (a cascade counts its own level). */
  except?: FilterKey[];
  /** Keep files that failed to parse (lists of every input). */
  includeFailed?: boolean;
  /** More conditions, ANDed: SQL text without user values, or a Query with its parameters. */
  and?: (string | Query)[];
}

/**
 * `WHERE …` for the filters (or '' when nothing filters), with its parameters in order.
 * `alias` qualifies the columns (`f` → `f.province`) for joins.
 */
export function where(filters: Filters, options: WhereOptions = {}, alias = ''): Query {
  const except = new Set(options.except ?? []);
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  const clauses: string[] = [];
  const params: Param[] = [];
  for (const key of EQUALITIES) {
    const value = filters[key];
    if (except.has(key) || value === null || value === '') continue;
    clauses.push(`${col(key)} = ?`);
    params.push(value as Param);
  }
  const terms = nameTerms(filters.q);
  if (!except.has('q') && terms.length) {
    // contains() matches literally: no LIKE wildcards for a user to trip over. Any name matches.
    clauses.push(`(${terms.map(() => `contains(lower(coalesce(${col('agency')}, '')), lower(?))`).join(' OR ')})`);
    params.push(...terms);
  }
  // A filing superseded by another of the same agency and year (continuity.duplicate) counts in no total.
  if (!options.includeFailed) clauses.push(`${col('status')} <> 'failed'`, `${col('superseded_by')} IS NULL`);
  for (const extra of options.and ?? []) {
    if (typeof extra === 'string') clauses.push(`(${extra})`);
    else {
      clauses.push(`(${extra.sql})`);
      params.push(...extra.params);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
