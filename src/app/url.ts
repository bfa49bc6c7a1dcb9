// The whole view state lives in the URL: a copied link opens the same view, and the browser's
// back and forward buttons move through filter changes.
import { NO_FILTERS, type Filters } from '../db/queries.ts';
import { KINDS, LEVELS, type Kind, type Level, type Status } from '../format/schema.ts';
import { FACETS, GROUPINGS, type Facet, type Grouping } from '../db/groups.ts';
import { isFamily, isSeverity, isStatus } from '../db/quality.ts';
import type { Severity } from '../format/status.ts';

export const VIEWS = ['outcomes', 'litigation', 'fees', 'years', 'distribution', 'map', 'applicants', 'agency', 'compare', 'quality', 'sql', 'about'] as const;
export type View = (typeof VIEWS)[number];
export type Lang = 'zh' | 'en';

export interface ViewState {
  view: View;
  lang: Lang;
  filters: Filters;
  /** Sort key of the current view's per-agency chart. */
  sort: string | null;
  /** The report shown on the agency page. */
  report: string | null;
  /** Page of the per-agency lists (0-based). */
  page: number;
  /** The measure of the distribution and map views (a MeasureKey / map measure key). */
  measure?: string | null;
  /** The report marked on the distribution (report_id). */
  highlight?: string | null;
  /** The SQL view's query text. */
  sql?: string | null;
  /** The agency page's agency (agency_id, across years); its year is the year filter. */
  agency?: string | null;
  /** Compare groups of reports instead of listing them: `group=province|city|county|level|kind|year`. */
  group?: Grouping | null;
  /** Small multiples of the years view: `by=level|province`. */
  by?: Facet | null;
  /** The compare view's agencies (agency_id), at most four, in the order chosen. */
  agencies?: string[] | null;
  /** The data-quality view's filter: status, check family (`source`, `parse`…) and severity. */
  qstatus?: Status | null;
  family?: string | null;
  severity?: Severity | null;
}

export const DEFAULT_STATE: ViewState = { view: 'outcomes', lang: 'zh', filters: NO_FILTERS, sort: null, report: null, page: 0, group: null, by: null };

const LEVEL_KEYS = new Set<string>(LEVELS.map((l) => l.key));
const KIND_KEYS = new Set<string>(KINDS.map((k) => k.key));

export function parseState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const text = (k: string) => {
    const v = p.get(k)?.trim();
    return v ? v.slice(0, 100) : null;
  };
  const year = Number(p.get('year'));
  const view = p.get('view') as View;
  const page = Number(p.get('page'));
  return {
    view: VIEWS.includes(view) ? view : 'outcomes',
    lang: p.get('lang') === 'en' ? 'en' : 'zh',
    filters: {
      province: text('province'),
      city: text('city'),
      county: text('county'),
      year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null,
      level: LEVEL_KEYS.has(p.get('level') ?? '') ? (p.get('level') as Level) : null,
      kind: KIND_KEYS.has(p.get('kind') ?? '') ? (p.get('kind') as Kind) : null,
      q: text('q') ?? '',
    },
    sort: text('sort'),
    report: text('report'),
    page: Number.isInteger(page) && page > 0 ? page : 0,
    measure: text('measure'),
    highlight: text('highlight'),
    // The query keeps its line breaks and may be long; capped so a link stays a link.
    sql: p.get('sql')?.slice(0, 8000) || null,
    agency: p.get('agency')?.trim().slice(0, 200) || null,
    group: (GROUPINGS as readonly string[]).includes(p.get('group') ?? '') ? (p.get('group') as Grouping) : null,
    by: (FACETS as readonly string[]).includes(p.get('by') ?? '') ? (p.get('by') as Facet) : null,
    agencies: agencyList(p.get('agencies')),
    qstatus: isStatus(p.get('status') ?? '') ? (p.get('status') as Status) : null,
    family: isFamily(p.get('family') ?? '') ? p.get('family') : null,
    severity: isSeverity(p.get('severity') ?? '') ? (p.get('severity') as Severity) : null,
  };
}

/**
 * The link's parameters that parseState could not use and dropped, as `key=value`: a value outside
 * its choices (`year=1999`, `level=abc`, `view=nope`). The page says so, rather than show every
 * year as if the link had asked for that. Free-text ones (province, measure, sort…) are judged by
 * the views that read them.
 */
export function ignoredParams(search: string): string[] {
  const p = new URLSearchParams(search);
  const state = parseState(search);
  const dropped: [string, boolean][] = [
    ['view', state.view !== p.get('view')],
    ['lang', state.lang !== p.get('lang')],
    ['year', state.filters.year === null],
    ['level', state.filters.level === null],
    ['kind', state.filters.kind === null],
    ['page', state.page === 0 && !/^\s*0*\s*$/.test(p.get('page') ?? '')],
    ['group', !state.group],
    ['by', !state.by],
    ['status', !state.qstatus],
    ['family', !state.family],
    ['severity', !state.severity],
  ];
  return dropped.filter(([key, out]) => out && p.get(key)?.trim()).map(([key]) => `${key}=${p.get(key)!.trim().slice(0, 40)}`);
}

export function stateToSearch(state: ViewState): string {
  const p = new URLSearchParams();
  if (state.view !== 'outcomes') p.set('view', state.view);
  const f = state.filters;
  for (const key of ['province', 'city', 'county', 'level', 'kind'] as const) if (f[key]) p.set(key, f[key] as string);
  if (f.year !== null) p.set('year', String(f.year));
  if (f.q.trim()) p.set('q', f.q.trim());
  if (state.sort) p.set('sort', state.sort);
  if (state.report) p.set('report', state.report);
  if (state.page > 0) p.set('page', String(state.page));
  if (state.measure) p.set('measure', state.measure);
  if (state.highlight) p.set('highlight', state.highlight);
  if (state.sql) p.set('sql', state.sql);
  if (state.agency) p.set('agency', state.agency);
  if (state.group) p.set('group', state.group);
  if (state.by) p.set('by', state.by);
  if (state.agencies?.length) p.set('agencies', state.agencies.join(','));
  // The quality view's own filter, only in its links.
  if (state.view === 'quality') {
    if (state.qstatus) p.set('status', state.qstatus);
    if (state.family) p.set('family', state.family);
    if (state.severity) p.set('severity', state.severity);
  }
  if (state.lang !== 'zh') p.set('lang', state.lang);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** `agencies=a,b,c`: agency ids (no commas in them, see src/build/agencies.ts), distinct, at most four. */
function agencyList(value: string | null): string[] | null {
  if (!value) return null;
  const ids = [...new Set(value.split(',').map((v) => v.trim().slice(0, 200)).filter(Boolean))].slice(0, 4);
  return ids.length ? ids : null;
}
