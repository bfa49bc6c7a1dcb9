// Compression once, at build time: `x.br` and `x.gz` beside every compressible file of the built
// site, then `.site-files.json` (written last, by rename) with the size of every file and of its
// copies. The server (static.ts) sends a copy only if it is as recorded here, and gives long-lived
// caching only to files the record lists; a copy that is missing, empty or of another size is not
// sent.
//
// Levels (measured on this machine, duckdb-eh.wasm 18.1 MB): brotli 11 → 2.75 MB in 108 s,
// brotli 9 → 3.15 MB in 1.9 s, gzip 9 → 4.2 MB in 1.2 s. So brotli 11 for files up to 1 MiB (the
// app's scripts and styles, summary.json) and brotli 9 above; gzip 9 up to 1 MiB, 6 above.
// The source indexes (data/sources/index-XX.json, up to 256) and the agency indexes of older builds
// (data/agency-index/agencies-NN.json, up to 64) get a brotli copy only, to keep the
// site under 1,000 files. Not compressed: source-text shards (data/sources/*.txt, read only by Range, and a range is never
// answered from a compressed copy), the agency index (agencies.bin: binary, read by Range, its buckets gzipped each), already-compressed formats, files under 256 bytes, and copies
// that would save less than 5 %.
import { existsSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The record of the build, at the root of the served folder (a dot-file: never served). */
export const MANIFEST_FILE = '.site-files.json';

export interface SiteManifest {
  version: 1;
  built_at: string;
  /** By path relative to the root ('/' separators): the file's size and, when written, each copy's. */
  files: Record<string, { size: number; br?: number; gzip?: number }>;
}

/** Formats worth compressing, by extension. */
export const COMPRESSIBLE = /\.(html|js|mjs|css|json|map|svg|txt|csv|md|xml|webmanifest|wasm|parquet)$/i;
/** Read by Range only: a compressed copy would never be sent. */
const RANGE_ONLY = /^data\/sources\/[^/]+\.txt$/;
/** One copy only (brotli): 256 source indexes (and the 64 agency index files of builds before agencies.bin, which is binary and read by Range) at most, so the site stays under 1,000 files at 1M reports. */
const BROTLI_ONLY = /^data\/(sources\/index-[^/]+|agency-index\/agencies-\d+)\.json$/;
const MIN_BYTES = 256;
const MIN_SAVING = 0.05;
const BIG = 1 << 20;
/** Above this, no copies (brotli 9 runs at ~10 MB/s here: a bigger file is read by Range anyway). */
const MAX_BYTES = 256 << 20;

export function shouldCompress(rel: string, size: number): boolean {
  return COMPRESSIBLE.test(rel) && !RANGE_ONLY.test(rel) && size >= MIN_BYTES && size <= MAX_BYTES;
}

export interface PrecompressResult {
  files: number;
  compressed: number;
  bytes: number;
  brBytes: number;
  ms: number;
}

/** Write the copies and the record for every file under `root`. */
export async function precompress(root: string, options: { concurrency?: number } = {}): Promise<PrecompressResult> {
  const started = performance.now();
  rmSync(join(root, MANIFEST_FILE), { force: true });
  const files = listFiles(root);
  const manifest: SiteManifest = { version: 1, built_at: new Date().toISOString(), files: {} };
  const result: PrecompressResult = { files: files.length, compressed: 0, bytes: 0, brBytes: 0, ms: 0 };
  const queue = [...files];
  const work = async () => {
    for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
      const path = join(root, rel);
      const size = statSync(path).size;
      const record: SiteManifest['files'][string] = { size };
      manifest.files[rel] = record;
      if (!shouldCompress(rel, size)) {
        removeCopies(path);
        continue;
      }
      const body = await readFile(path);
      const [br, gz] = await Promise.all([
        brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: size <= BIG ? 11 : 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } }),
        BROTLI_ONLY.test(rel) ? null : gzip(body, { level: size <= BIG ? 9 : 6 }),
      ]);
      for (const [encoding, out, suffix] of [['br', br, '.br'], ['gzip', gz, '.gz']] as const) {
        if (!out || out.length > size * (1 - MIN_SAVING)) {
          rmSync(path + suffix, { force: true });
          continue;
        }
        await writeFile(`${path + suffix}.tmp`, out);
        renameSync(`${path + suffix}.tmp`, path + suffix);
        record[encoding] = out.length;
      }
      if (record.br !== undefined) {
        result.compressed++;
        result.bytes += size;
        result.brBytes += record.br;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, work));
  const sorted: SiteManifest = { ...manifest, files: Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : 1))) };
  writeFileSync(join(root, `${MANIFEST_FILE}.tmp`), `${JSON.stringify(sorted)}\n`);
  renameSync(join(root, `${MANIFEST_FILE}.tmp`), join(root, MANIFEST_FILE));
  result.ms = Math.round(performance.now() - started);
  return result;
}

function removeCopies(path: string): void {
  rmSync(`${path}.br`, { force: true });
  rmSync(`${path}.gz`, { force: true });
}

/** Every served file (not dot-files, not the copies themselves), relative to root with '/'. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  // A folder may be a link (the data build publishes `data/` as a link to its latest output):
  // links are followed, each real folder once, so a loop cannot trap the walk.
  const seen = new Set<string>();
  const walk = (dir: string, prefix: string) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      if (item.name.startsWith('.')) continue;
      const rel = prefix + item.name;
      const path = join(dir, item.name);
      const kind = item.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : item;
      if (!kind) continue;
      if (kind.isDirectory()) walk(path, `${rel}/`);
      else if (kind.isFile() && !/\.(br|gz)$/.test(item.name)) out.push(rel);
    }
  };
  if (existsSync(root)) walk(root, '');
  return out.sort();
}
