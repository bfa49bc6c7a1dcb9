// One report's plain text from the packed sources/ folder (format: src/build/sources.ts): its
// index file (by the first two hex digits of the id), then the text's bytes with one HTTP Range
// request into the shard; or only that request when the place is known (loadSourceAt). Pure: the
// fetch function is passed in (tests give their own).

import { fnv1a32 } from '../lib/checksum.ts';

export type SourceResult =
  | { state: 'done'; text: string }
  | { state: 'missing' }
  | { state: 'error'; message: string };

interface SourceIndex {
  shards: string[];
  entries: Record<string, [number, number, number]>;
}

const ID = /^[0-9a-f]{8,64}$/i;
const SHARD = /^shard-\d{3,}\.txt$/;

/** `base` ends with '/', e.g. '/data/sources/'. */
export async function loadSource(base: string, id: string, fetcher: typeof fetch = fetch): Promise<SourceResult> {
  // The id goes into a path: only the hex ids the build makes are fetched.
  if (!ID.test(id)) return { state: 'missing' };
  const indexUrl = `${base}index-${id.slice(0, 2).toLowerCase()}.json`;
  const indexRes = await fetcher(indexUrl);
  // No index for this prefix: no readable report has such an id. A dev server answers unknown paths with index.html.
  if (indexRes.status === 404 || (indexRes.headers.get('content-type') ?? '').includes('text/html')) return { state: 'missing' };
  if (!indexRes.ok) return { state: 'error', message: `${indexUrl}: HTTP ${indexRes.status}` };
  let index: SourceIndex;
  try {
    index = (await indexRes.json()) as SourceIndex;
  } catch {
    return { state: 'error', message: `${indexUrl}: not JSON` };
  }
  const entry = index?.entries?.[id];
  if (!entry) return { state: 'missing' };
  const [shard, offset, length] = entry;
  const name = index.shards?.[shard];
  if (!placeIsValid(name, offset, length)) return { state: 'error', message: `${indexUrl}: bad entry for ${id}` };
  return loadSourceAt(base, name, offset, length, fetcher);
}

/** A shard file name the build makes and a byte range in it (the name goes into a path). */
function placeIsValid(name: unknown, offset: unknown, length: unknown): name is string {
  return typeof name === 'string' && SHARD.test(name) && Number.isSafeInteger(offset) && Number.isSafeInteger(length) && (offset as number) >= 0 && (length as number) >= 0;
}

/**
 * A text whose place is known already (the agency index carries it: src/app/agency-index.ts):
 * `length` bytes at `offset` of the shard file `name` under `base`, with one Range request. With
 * `check`, bytes whose fnv1a32 differs are an error (a newer build put another text there).
 */
export async function loadSourceAt(base: string, name: string, offset: number, length: number, fetcher: typeof fetch = fetch, check?: number): Promise<SourceResult> {
  if (!placeIsValid(name, offset, length)) return { state: 'error', message: `${base}${String(name)}: bad place ${offset}+${length}` };
  if (length === 0) return { state: 'done', text: '' };
  const shardUrl = `${base}${name}`;
  const res = await fetcher(shardUrl, { headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
  if (!res.ok) return { state: 'error', message: `${shardUrl}: HTTP ${res.status}` };
  if (res.status === 206 && !(res.headers.get('content-range') ?? '').startsWith(`bytes ${offset}-`)) {
    return { state: 'error', message: `${shardUrl}: answered another range (${res.headers.get('content-range')})` };
  }
  let bytes = new Uint8Array(await res.arrayBuffer());
  // A server that ignores Range sends the whole shard (200): take the slice ourselves.
  if (res.status === 200) bytes = bytes.subarray(offset, offset + length);
  if (bytes.length !== length) return { state: 'error', message: `${shardUrl}: ${bytes.length} bytes instead of ${length}` };
  if (check !== undefined && fnv1a32(bytes) !== check) return { state: 'error', message: `${shardUrl}: the bytes at ${offset}+${length} are not the text indexed there (a newer build?)` };
  return { state: 'done', text: new TextDecoder('utf-8').decode(bytes) };
}
