// Which report the agency page shows, without the database: the build writes, per agency, its
// charted reports (readable, not superseded: the ones reportOfSeries may choose) into one file of
// AGENCY_BUCKETS gzipped buckets by a hash of the agency id, behind a header of their byte offsets
// (src/build/agency-index.ts), so the page can fetch the report's source text while the series
// query still runs: the header once per page, then one Range request of the agency's bucket
// (about 1 KB at 100k reports). Builds before it wrote AGENCY_INDEX_SHARDS JSON files
// (agencies-NN.json, versions 1 and 2), still read when the page finds no agencies.bin. The choice
// is reportOfSeries's (src/db/agencies.ts) on the same rows; an agency the index does not know (no
// file, a failed fetch, a build without the index) simply waits for the series query.
// Pure apart from the lookups, whose fetch function is passed in.
import { reportOfSeries } from '../db/agencies.ts';

export const AGENCY_INDEX_DIR = 'agency-index';
/** The JSON files of builds before agencies.bin (read only): fixed, so that the page knows the file of an agency. */
export const AGENCY_INDEX_SHARDS = 64;
/** The one file of the index (a build since version 3). */
export const AGENCY_INDEX_FILE = 'agencies.bin';
/**
 * Buckets of agencies.bin, fixed so that the page knows an agency's bucket and the header's size:
 * about 1 KB gzipped per bucket at 100k reports, 8 KB at 1M; the header is 16 KB.
 */
export const AGENCY_BUCKETS = 4096;
/** The header: these 4 bytes, the bucket count (uint32 LE), then AGENCY_BUCKETS + 1 offsets (uint32 LE) from the file's start. */
export const AGENCY_INDEX_MAGIC = 'AGIX';
export const AGENCY_INDEX_HEADER_BYTES = 8 + 4 * (AGENCY_BUCKETS + 1);

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

/** One bucket of agencies.bin, gunzipped: the agencies whose agencyBucket is `bucket`. */
export interface AgencyBucket {
  version: 3;
  bucket: number;
  sources: string[];
  agencies: Record<string, AgencyIndexEntry[]>;
  names: Record<string, string>;
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
  return agencyHash(agencyId) % AGENCY_INDEX_SHARDS;
}

/** The bucket of an agency id in agencies.bin: the same hash, mod AGENCY_BUCKETS. */
export function agencyBucket(agencyId: string): number {
  return agencyHash(agencyId) % AGENCY_BUCKETS;
}

function agencyHash(agencyId: string): number {
  let h: number | null = null;
  for (const ch of agencyId) {
    const c = ch.codePointAt(0)!;
    h = h === null ? c : (h * 31 + c) % 1_000_003;
  }
  return h ?? 0;
}

const hashSql = (expr: string) => `list_reduce(list_transform(string_split(${expr}, ''), c -> unicode(c)::BIGINT), (a, x) -> (a * 31 + x) % 1000003)`;

/** agencyShard in DuckDB SQL, over a VARCHAR expression. */
export function agencyShardSql(expr: string): string {
  return `(${hashSql(expr)} % ${AGENCY_INDEX_SHARDS})`;
}

/** agencyBucket in DuckDB SQL, over a VARCHAR expression. */
export function agencyBucketSql(expr: string): string {
  return `(${hashSql(expr)} % ${AGENCY_BUCKETS})`;
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
  const binary = await lookupInBuckets(base, agencyId, fetcher);
  return binary ?? lookupInShards(base, agencyId, fetcher);
}

/** What one index (a bucket or a JSON shard) says of the agency. */
function answerOf(body: { agencies: Record<string, AgencyIndexEntry[]>; names?: Record<string, string>; sources?: string[] }, agencyId: string): AgencyLookup {
  const entries = Object.hasOwn(body.agencies, agencyId) ? body.agencies[agencyId] : undefined;
  if (!Array.isArray(entries) || entries.length === 0) return { state: 'absent' };
  const name = body.names && Object.hasOwn(body.names, agencyId) ? body.names[agencyId] : null;
  return { state: 'found', agency: { entries, sources: body.sources ?? [], name: typeof name === 'string' && name ? name : null } };
}

/** The header's bucket offsets, or 'none' (no agencies.bin: a build before it) or null (could not be read). */
type Header = Uint32Array | 'none' | null;

/** Headers read so far in this page, by file URL (a failed read is tried again next time). */
const headers = new Map<string, Promise<Header>>();

/** The bytes `from`..`to` (excluded) of `url` by one Range request; null when the answer is not them. */
async function readRange(url: string, from: number, to: number, fetcher: typeof fetch): Promise<Uint8Array | 'none' | null> {
  const res = await fetcher(url, { headers: { Range: `bytes=${from}-${to - 1}` } });
  // A dev server answers unknown paths with index.html.
  if (res.status === 404 || (res.headers.get('content-type') ?? '').includes('text/html')) return 'none';
  if (!res.ok) return null;
  if (res.status === 206 && !(res.headers.get('content-range') ?? '').startsWith(`bytes ${from}-`)) return null;
  let bytes = new Uint8Array(await res.arrayBuffer());
  // A server that ignores Range sends the whole file (200): take the slice ourselves.
  if (res.status === 200) bytes = bytes.subarray(from, to);
  return bytes.length === to - from ? bytes : null;
}

async function readHeader(url: string, fetcher: typeof fetch): Promise<Header> {
  try {
    const bytes = await readRange(url, 0, AGENCY_INDEX_HEADER_BYTES, fetcher);
    if (bytes === 'none' || bytes === null) return bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (new TextDecoder().decode(bytes.subarray(0, 4)) !== AGENCY_INDEX_MAGIC || view.getUint32(4, true) !== AGENCY_BUCKETS) return null;
    const offsets = new Uint32Array(AGENCY_BUCKETS + 1);
    for (let i = 0; i <= AGENCY_BUCKETS; i++) offsets[i] = view.getUint32(8 + 4 * i, true);
    if (offsets[0] !== AGENCY_INDEX_HEADER_BYTES) return null;
    for (let i = 0; i < AGENCY_BUCKETS; i++) if (offsets[i] > offsets[i + 1]) return null;
    return offsets;
  } catch {
    return null;
  }
}

async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

function isBucket(body: unknown, bucket: number): body is AgencyBucket {
  const b = body as AgencyBucket | null;
  return !!b && b.version === 3 && b.bucket === bucket && typeof b.agencies === 'object' && b.agencies !== null
    && Array.isArray(b.sources) && typeof b.names === 'object' && b.names !== null;
}

/** A bucket read (null: this is not a bucket of `offsets`, e.g. a header from before a rebuild); 'empty': no agency hashes there. */
async function readBucket(url: string, offsets: Uint32Array, bucket: number, fetcher: typeof fetch): Promise<AgencyBucket | 'empty' | null> {
  const from = offsets[bucket];
  const to = offsets[bucket + 1];
  if (from === to) return 'empty';
  try {
    const bytes = await readRange(url, from, to, fetcher);
    if (bytes === 'none' || bytes === null) return null;
    // gzip's CRC-32 and the bucket's own number: bytes from another build's layout do not pass.
    const body: unknown = JSON.parse(await gunzip(bytes));
    return isBucket(body, bucket) ? body : null;
  } catch {
    return null;
  }
}

/** Buckets read so far in this page, per header read (a year link of the same agency asks nothing again). */
const bucketsRead = new WeakMap<Uint32Array, Map<number, Promise<AgencyBucket | 'empty' | null>>>();

function cachedBucket(url: string, offsets: Uint32Array, bucket: number): Promise<AgencyBucket | 'empty' | null> {
  let read = bucketsRead.get(offsets);
  if (!read) bucketsRead.set(offsets, (read = new Map()));
  const known = read.get(bucket);
  if (known) return known;
  const b = readBucket(url, offsets, bucket, fetch);
  read.set(bucket, b);
  void b.then((x) => {
    if (x === null) read.delete(bucket);
  });
  return b;
}

/**
 * The lookup in agencies.bin: the header, then the bucket (each once per page with the default fetch).
 * null: no such file (a build before it: the JSON shards are read instead). A bucket that is not
 * one (the site rebuilt since the header was read) makes the header read again, once.
 */
async function lookupInBuckets(base: string, agencyId: string, fetcher?: typeof fetch): Promise<AgencyLookup | null> {
  const url = `${base}${AGENCY_INDEX_DIR}/${AGENCY_INDEX_FILE}`;
  const bucket = agencyBucket(agencyId);
  const header = (fresh: boolean): Promise<Header> => (fetcher ? readHeader(url, fetcher) : cachedHeader(url, fresh));
  let cached = !fetcher && headers.has(url);
  for (let attempt = 0; attempt < 2; attempt++) {
    const offsets = await header(attempt > 0);
    if (offsets === 'none') return null;
    if (offsets === null) return { state: 'unknown' };
    const body = await (fetcher ? readBucket(url, offsets, bucket, fetcher) : cachedBucket(url, offsets, bucket));
    if (body === 'empty') return { state: 'absent' };
    if (body) return answerOf(body, agencyId);
    if (!cached) break;
    cached = false;
  }
  if (!fetcher) headers.delete(url);
  return { state: 'unknown' };
}

/** The header of `url` as this page read it (`fresh`: read it again). */
function cachedHeader(url: string, fresh: boolean): Promise<Header> {
  const known = fresh ? undefined : headers.get(url);
  if (known) return known;
  const h = readHeader(url, fetch);
  headers.set(url, h);
  void h.then((x) => {
    if (x === null && headers.get(url) === h) headers.delete(url);
  });
  return h;
}

/** Reads the header of agencies.bin ahead of the first lookup (the source worker does so as it starts). */
export function warmAgencyIndex(base: string): void {
  void cachedHeader(`${base}${AGENCY_INDEX_DIR}/${AGENCY_INDEX_FILE}`, false);
}

/** The lookup in a build before agencies.bin: its JSON shard (versions 1 and 2), fetched once per page with the default fetch. */
async function lookupInShards(base: string, agencyId: string, fetcher?: typeof fetch): Promise<AgencyLookup> {
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
  return answerOf(body, agencyId);
}
