// Which report the agency page shows, without the database: the build writes, per agency, its
// charted reports (readable, not superseded: the ones reportOfSeries may choose) into
// AGENCY_INDEX_SHARDS small files by a hash of the agency id (src/build/agency-index.ts), so the
// page can fetch the report's source text while the series query still runs. The choice is
// reportOfSeries's (src/db/agencies.ts) on the same rows; an agency the index does not know
// (no file, a failed fetch, a build without the index) simply waits for the series query.
// Pure apart from loadAgencyReports, whose fetch function is passed in.
import { reportOfSeries } from '../db/agencies.ts';

export const AGENCY_INDEX_DIR = 'agency-index';
/** Fixed, so that the page knows the file of an agency; 64 files keep the site under 1,000 files at 1M reports. */
export const AGENCY_INDEX_SHARDS = 64;

/**
 * [report_id, year] of one charted report or, where the build knew where its text is,
 * [report_id, year, source, offset, length, checksum]: the text's shard (its place in the file's
 * `sources`), its bytes there (src/build/sources.ts) and their fnv1a32 (src/lib/checksum.ts), so
 * the page reads it with one Range request and can tell when those bytes are no longer it.
 */
export type AgencyIndexEntry = [string, number | null] | [string, number | null, number, number, number, number];

export interface AgencyIndexFile {
  /** 1: entries without the text's place (an older build); 2: with it where known. */
  version: 1 | 2;
  /** The source shard files the entries name (version 2). */
  sources?: string[];
  /** agency_id → its charted reports, by report_id. */
  agencies: Record<string, AgencyIndexEntry[]>;
  /**
   * agency_id → the name its latest charted report prints (that report's `agency`, as the
   * agency page's heading shows it once the database has it): the page's heading before then.
   * Absent in builds before it, and for an agency whose latest report names none.
   */
  names?: Record<string, string>;
}

/** Where one report's text is: its shard file (under sources/), its bytes there and their checksum. */
export interface SourcePlace {
  shard: string;
  offset: number;
  length: number;
  check: number;
}

/** An agency's indexed reports and the shard files their places name. */
export interface AgencyReports {
  entries: AgencyIndexEntry[];
  sources: readonly string[];
  /** Its name (the file's `names`), or null when the build did not write one. */
  name: string | null;
}

/**
 * What the index says of an agency id: its reports; `absent`, the index was read and does not list
 * it (no agency of that id has a charted report); `unknown`, the index could not be read (no file,
 * a failed fetch, a build without the index).
 */
export type AgencyLookup = { state: 'found'; agency: AgencyReports } | { state: 'absent' } | { state: 'unknown' };

/**
 * The shard of an agency id: (h·31 + code point) mod 1,000,003 over its code points, mod the
 * shard count. The build computes the same in SQL (agencyShardSql); a test holds them equal.
 */
export function agencyShard(agencyId: string): number {
  let h: number | null = null;
  for (const ch of agencyId) {
    const c = ch.codePointAt(0)!;
    h = h === null ? c : (h * 31 + c) % 1_000_003;
  }
  return (h ?? 0) % AGENCY_INDEX_SHARDS;
}

/** agencyShard in DuckDB SQL, over a VARCHAR expression. */
export function agencyShardSql(expr: string): string {
  return `(list_reduce(list_transform(string_split(${expr}, ''), c -> unicode(c)::BIGINT), (a, x) -> (a * 31 + x) % 1000003) % ${AGENCY_INDEX_SHARDS})`;
}

export function agencyIndexFileName(shard: number): string {
  return `agencies-${String(shard).padStart(2, '0')}.json`;
}

/** The report reportOfSeries would choose for `year` among the agency's indexed reports, or null. */
export function reportOfIndex(entries: readonly AgencyIndexEntry[], year: number | null): string | null {
  const rows = entries.map(([report_id, y]) => ({ report_id, year: y, status: 'ok', superseded_by: null }));
  return reportOfSeries(rows, year)?.report_id ?? null;
}

/** The place of `reportId`'s text among the entries, or null (not there, or no place given: the caller reads the sources' index). */
export function placeOfReport({ entries, sources }: AgencyReports, reportId: string): SourcePlace | null {
  const entry = entries.find((e) => e[0] === reportId);
  if (!entry || entry.length !== 6) return null;
  const shard = sources[entry[2]];
  return typeof shard === 'string' ? { shard, offset: entry[3], length: entry[4], check: entry[5] } : null;
}

function isFile(body: unknown): body is AgencyIndexFile {
  const b = body as AgencyIndexFile | null;
  return !!b && (b.version === 1 || b.version === 2) && typeof b.agencies === 'object' && b.agencies !== null
    && (b.sources === undefined || Array.isArray(b.sources)) && (b.names === undefined || (typeof b.names === 'object' && b.names !== null));
}

/** The shard files fetched so far in this page (each fetched once; a failed one is fetched again next time). */
const loaded = new Map<string, Promise<AgencyIndexFile | null>>();

async function fetchShard(url: string, fetcher: typeof fetch): Promise<AgencyIndexFile | null> {
  try {
    const res = await fetcher(url);
    if (!res.ok || (res.headers.get('content-type') ?? '').includes('text/html')) return null;
    const body: unknown = await res.json();
    return isFile(body) ? body : null;
  } catch {
    return null;
  }
}

/**
 * The agency's indexed reports, or null when the index cannot say (no such agency in it, no
 * file, a failed fetch): the caller then waits for the database. `base` ends with '/'. With the
 * default fetch, each shard file is fetched once per page.
 */
export async function loadAgencyReports(base: string, agencyId: string, fetcher?: typeof fetch): Promise<AgencyIndexEntry[] | null> {
  return (await loadAgency(base, agencyId, fetcher))?.entries ?? null;
}

/** loadAgencyReports, with the shard files the entries' places name. */
export async function loadAgency(base: string, agencyId: string, fetcher?: typeof fetch): Promise<AgencyReports | null> {
  const found = await lookupAgency(base, agencyId, fetcher);
  return found.state === 'found' ? found.agency : null;
}

/** loadAgency, telling an agency the index does not list from an index that could not be read. */
export async function lookupAgency(base: string, agencyId: string, fetcher?: typeof fetch): Promise<AgencyLookup> {
  const url = `${base}${AGENCY_INDEX_DIR}/${agencyIndexFileName(agencyShard(agencyId))}`;
  let file: Promise<AgencyIndexFile | null>;
  if (fetcher) file = fetchShard(url, fetcher);
  else {
    file = loaded.get(url) ?? fetchShard(url, fetch);
    loaded.set(url, file);
    void file.then((f) => {
      if (!f) loaded.delete(url);
    });
  }
  const body = await file;
  if (!body) return { state: 'unknown' };
  const entries = Object.hasOwn(body.agencies, agencyId) ? body.agencies[agencyId] : undefined;
  if (!Array.isArray(entries) || entries.length === 0) return { state: 'absent' };
  const name = body.names && Object.hasOwn(body.names, agencyId) ? body.names[agencyId] : null;
  return { state: 'found', agency: { entries, sources: body.sources ?? [], name: typeof name === 'string' && name ? name : null } };
}
