// The reports' plain texts, packed: a few shard files and a small index, instead of one file per
// report (1M reports would be 1M files, more than static hosts take).
//
//   sources/shard-000.txt …   the texts, UTF-8, one after another (at most SHARD_MAX_BYTES each,
//                             unless one text is larger)
//   sources/index-00.json …   one per first two hex digits of the report id (≤ 256 files):
//                             {"shards": ["shard-000.txt", …], "entries": {"<id>": [shard, offset, length]}}
//                             shard = position in `shards`; offset and length in bytes.
//
// The page reads its index (a few KB at 100k reports) and then the text with one HTTP Range
// request (src/app/sources.ts). The site's file count is at most 256 indexes + (total text bytes /
// SHARD_MAX_BYTES) + one partly filled shard per writer (~420 files at 1M reports of ~5 KB), and
// never more than 256 + SHARD_BUDGET: past that, consecutive parts are joined into larger shards.
//
// While parsing, each writer (one per worker thread) appends to its own `.part-*` pair: the text
// file and a TSV of `id offset length` lines, written after the text, so a writer killed mid-write
// leaves no index line for a text that is not whole. packSources then turns the parts into shards
// (a rename, no copy) and writes the indexes. A file that failed (dropSource) gets no text.
//
// A writer tells, with each file's answer, where its index file ends (SourceEnd); the build records
// the ends it heard of (SourceEnds) and packSources takes each part only up to there, as staged.ts
// seals the rows: a thread stopped mid-batch may have written the texts of files whose answers the
// pool never heard, and those files are parsed again by another thread, which writes their texts
// again. Without the ends each such text was packed twice (bytes in a shard and counted in `bytes`
// twice, the index keeping either place); with them, a text is packed exactly when its answer arrived.
import { appendFileSync, closeSync, mkdirSync, openSync, readdirSync, readSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { fnv1a32 } from '../lib/checksum.ts';

export const SHARD_MAX_BYTES = 32 << 20;
/**
 * At most this many shard files at any number of reports: past it (at SHARD_MAX_BYTES a part,
 * ~8 GiB of text, ~1.6M reports of ~5 KB) packSources joins consecutive parts into larger shards.
 * With the 256 indexes, the site's file count stays bounded whatever N (issue 13: under 1,000).
 */
export const SHARD_BUDGET = 256;
/** Hex digits of the report id that name its index file. */
export const INDEX_PREFIX = 2;

export interface SourceIndex {
  shards: string[];
  entries: Record<string, [shard: number, offset: number, length: number]>;
}

/** Where a writer's index file (`<part>.tsv`) ends after a text: sent with the file's answer. */
export interface SourceEnd {
  /** The part's name, without `.txt` / `.tsv`. */
  part: string;
  /** Bytes of its index file that hold whole lines, up to and with this text's. */
  index: number;
}

/** The ends of the writers' index files the main thread heard of, with the files' answers. */
export class SourceEnds {
  private readonly ends = new Map<string, number>();

  record(end: SourceEnd): void {
    // Answers of one writer arrive in order; keep the furthest in any case.
    this.ends.set(end.part, Math.max(this.ends.get(end.part) ?? 0, end.index));
  }

  /** Bytes of the part's index file heard of (0: none). */
  end(part: string): number {
    return this.ends.get(part) ?? 0;
  }
}

export function indexFileFor(id: string): string {
  return `index-${id.slice(0, INDEX_PREFIX).toLowerCase()}.json`;
}

let writers = 0;

/** Appends texts to this writer's own part files under `dir` (created by the build). */
export class SourceWriter {
  private readonly tag = `${process.pid}-${threadId}-${writers++}-${Math.random().toString(36).slice(2, 8)}`;
  private part = 0;
  private offset = 0;
  /** Bytes of the current part's index file. */
  private indexBytes = 0;
  /** The open part files (text, index lines), until close() or the next part. */
  private fds: [number, number] | null = null;

  constructor(private readonly dir: string, private readonly maxBytes = SHARD_MAX_BYTES) {}

  /** `utf8`: the text's UTF-8 bytes where the caller has them (the file's own bytes): not encoded again. */
  write(id: string, text: string, utf8?: Uint8Array): SourceEnd {
    if (!/^[0-9a-f]+$/i.test(id)) throw new Error(`not a report id: ${id}`);
    const bytes = utf8 ?? Buffer.from(text, 'utf8');
    if (this.offset > 0 && this.offset + bytes.length > this.maxBytes) {
      this.close();
      this.part++;
      this.offset = 0;
      this.indexBytes = 0;
    }
    const name = `.part-${this.tag}-${this.part}`;
    // Synchronous appends: the former one-file-per-report writes were synchronous too (measured
    // faster than fs.promises here: libuv's threads compete for the same cores). The files stay
    // open between writes (an open and a close per write cost as much as the write).
    if (!this.fds) {
      const path = join(this.dir, name);
      const text = openSync(`${path}.txt`, 'a');
      try {
        this.fds = [text, openSync(`${path}.tsv`, 'a')];
      } catch (error) {
        closeSync(text);
        throw error;
      }
    }
    writeAll(this.fds[0], bytes);
    // The text's checksum travels with its place (the agency index carries both: agency-index.ts).
    const line = Buffer.from(`${id}\t${this.offset}\t${bytes.length}\t${fnv1a32(bytes)}\n`);
    writeAll(this.fds[1], line);
    this.offset += bytes.length;
    this.indexBytes += line.length;
    return { part: name, index: this.indexBytes };
  }

  /** Closes the open part files (the next write opens them again, appending). */
  close(): void {
    if (!this.fds) return;
    const [text, index] = this.fds;
    this.fds = null;
    closeSync(text);
    closeSync(index);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** This report gets no text, whatever a writer wrote for it (its file failed: e.g. its thread was stopped). */
export function dropSource(dir: string, id: string): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `.drop-${process.pid}-${threadId}.tsv`), `${id}\n`);
}

/** The columns of packSources' `locations` file, as DuckDB's read_csv takes them. */
export const LOCATION_COLUMNS = { report_id: 'VARCHAR', source_shard: 'VARCHAR', source_offset: 'BIGINT', source_length: 'BIGINT', source_check: 'BIGINT' } as const;

export interface Packed {
  reports: number;
  shards: number;
  indexes: number;
  bytes: number;
}

/**
 * Turn the writers' parts in `dir` into shard-NNN.txt and index-XX.json; nothing else is left.
 * With `locations` (a path outside `dir`), every text's place is also written there, one
 * `id<TAB>shard file<TAB>offset<TAB>length<TAB>checksum` line each (LOCATION_COLUMNS; the
 * checksum is fnv1a32 of the text's bytes, empty if unknown), for the agency index
 * (agency-index.ts), which carries it so that the agency page needs no index-XX.json.
 *
 * In two passes, so that its memory does not grow with the number of reports: the parts' index
 * lines are sorted out by index file into `.pack-XX.tsv` files (a bounded number of lines held at
 * once), then each index is made from its own file alone. Holding every entry in maps until the
 * end, this thread's JS heap held 319 MiB at 1M reports, garbage after this step but not collected
 * (V8 had no reason to): it sat on the build's peak in the steps after (bench/build/runs/README.md).
 */
export function packSources(dir: string, locations?: string, holdLines = PACK_HOLD_LINES, shardBudget = SHARD_BUDGET, heard?: SourceEnds): Packed {
  const names = readdirSync(dir);
  const dropped = new Set<string>();
  for (const name of names) {
    if (name.startsWith('.drop-')) for (const id of readFileSync(join(dir, name), 'utf8').split('\n')) if (id) dropped.add(id);
    // Left by a pack of this folder that did not finish: not this pack's lines.
    if (name.startsWith('.pack-')) rmSync(join(dir, name), { force: true });
  }
  const parts = names.filter((n) => n.startsWith('.part-') && n.endsWith('.txt')).sort();
  const groups = shardGroups(parts.map((part) => ({ part, bytes: statSync(join(dir, part)).size })), shardBudget);
  // Pass 1: each index line, with its shard's number, to its index's file, in the parts' order.
  const prefixes = new Set<string>();
  const held = new Map<string, string[]>();
  let heldLines = 0;
  const spill = () => {
    for (const [prefix, lines] of held) appendFileSync(packFile(dir, prefix), lines.join(''));
    held.clear();
    heldLines = 0;
  };
  const shards: string[] = [];
  let bytes = 0;
  for (const group of groups) {
    // A shard: its group's parts one after another (one part: renamed, no copy), each part's
    // offsets moved by where the part starts in it. A part with no index line holds no whole text.
    let name: string | null = null;
    let at = 0;
    for (const part of group) {
      const base = part.replace(/\.txt$/, '');
      const lines = readTsv(join(dir, `${base}.tsv`), heard ? heard.end(base) : Infinity);
      if (!lines.length) {
        rmSync(join(dir, part), { force: true });
        continue;
      }
      // Texts written after the last one heard of (a stopped thread's): not packed, not kept.
      if (heard) cutTo(join(dir, part), lines.reduce((end, [, offset, length]) => Math.max(end, offset + length), 0));
      if (name === null) {
        name = `shard-${String(shards.length).padStart(3, '0')}.txt`;
        renameSync(join(dir, part), join(dir, name));
        shards.push(name);
      } else {
        at = appendFile(join(dir, name), join(dir, part));
        rmSync(join(dir, part), { force: true });
      }
      for (const [id, offset, length, check] of lines) {
        if (dropped.has(id)) continue;
        const prefix = id.slice(0, INDEX_PREFIX).toLowerCase();
        let list = held.get(prefix);
        if (!list) {
          held.set(prefix, (list = []));
          prefixes.add(prefix);
        }
        list.push(`${id}\t${shards.length - 1}\t${at + offset}\t${length}\t${check ?? ''}\n`);
        bytes += length;
        if (++heldLines >= holdLines) spill();
      }
    }
  }
  spill();
  for (const name of names) {
    if ((name.startsWith('.part-') && name.endsWith('.tsv')) || name.startsWith('.drop-')) rmSync(join(dir, name), { force: true });
  }
  // Pass 2: one index at a time.
  if (locations !== undefined) writeFileSync(locations, '');
  let reports = 0;
  for (const prefix of prefixes) {
    const file = packFile(dir, prefix);
    // id → [shard, offset, length, checksum (for the locations file only)]
    const entries = new Map<string, [number, number, number, string]>();
    for (const [id, shard, offset, length, check] of readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'))) {
      // The same report written twice (re-parsed after a cache miss): the texts are the same file's; the last place is kept.
      entries.set(id, [Number(shard), Number(offset), Number(length), check]);
    }
    rmSync(file, { force: true });
    reports += entries.size;
    const used = [...new Set([...entries.values()].map((e) => e[0]))].sort((a, b) => a - b);
    const local = new Map(used.map((s, i) => [s, i]));
    const index: SourceIndex = {
      shards: used.map((s) => shards[s]),
      entries: Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, [s, o, l]]) => [id, [local.get(s)!, o, l]])),
    };
    writeFileSync(join(dir, `index-${prefix}.json`), JSON.stringify(index));
    if (locations !== undefined) appendFileSync(locations, [...entries].map(([id, [s, o, l, c]]) => `${id}\t${shards[s]}\t${o}\t${l}\t${c}\n`).join(''));
  }
  return { reports, shards: shards.length, indexes: prefixes.size, bytes };
}

/**
 * The writers' parts in shards, in order: one part a shard while there are at most `budget` of
 * them; past that, consecutive parts joined so that there are at most `budget` shards, each about
 * an equal share of the bytes (a part is never split: its index lines hold offsets within it).
 */
export function shardGroups(parts: readonly { part: string; bytes: number }[], budget: number): string[][] {
  if (budget < 2) throw new Error(`shard budget ${budget}: at least 2`);
  if (parts.length <= budget) return parts.map((p) => [p.part]);
  // Each group but the last closes once it holds `share` bytes or more, so there are at most
  // total / share ≤ budget - 1 of them, and the last one makes at most `budget`.
  const total = parts.reduce((a, p) => a + p.bytes, 0);
  const share = Math.max(1, Math.ceil(total / (budget - 1)));
  const groups: string[][] = [];
  let group: string[] = [];
  let size = 0;
  for (const p of parts) {
    group.push(p.part);
    size += p.bytes;
    if (size >= share) {
      groups.push(group);
      group = [];
      size = 0;
    }
  }
  if (group.length) groups.push(group);
  return groups;
}

/** `from`'s bytes appended to `to`; returns where they start in `to` (its size before). */
function appendFile(to: string, from: string): number {
  const start = statSync(to).size;
  const out = openSync(to, 'a');
  const input = openSync(from, 'r');
  try {
    const buffer = Buffer.allocUnsafe(8 << 20);
    for (let n; (n = readSync(input, buffer, 0, buffer.length, null)) > 0;) writeAll(out, buffer.subarray(0, n));
  } finally {
    closeSync(input);
    closeSync(out);
  }
  return start;
}

/** Index lines packSources holds before writing them out to their index's `.pack-XX.tsv`: about 2 MB. */
export const PACK_HOLD_LINES = 20_000;

const packFile = (dir: string, prefix: string) => join(dir, `.pack-${prefix}.tsv`);

/** The file cut back to `bytes` if it is longer. */
function cutTo(path: string, bytes: number): void {
  if (statSync(path).size > bytes) truncateSync(path, bytes);
}

/**
 * A part's index lines (its first `heard` bytes): id, offset, length and the text's checksum
 * (null in a line without one).
 */
function readTsv(path: string, heard = Infinity): [string, number, number, number | null][] {
  let text: string;
  try {
    const bytes = readFileSync(path);
    text = (heard < bytes.length ? bytes.subarray(0, heard) : bytes).toString('utf8');
  } catch {
    return [];
  }
  const out: [string, number, number, number | null][] = [];
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a line a killed writer did not finish
  for (const line of lines) {
    const [id, offset, length, check] = line.split('\t');
    if (!id || length === undefined || !/^\d+$/.test(offset) || !/^\d+$/.test(length)) continue;
    out.push([id, Number(offset), Number(length), check !== undefined && /^\d+$/.test(check) ? Number(check) : null]);
  }
  return out;
}

/** The text of one report, read back as the page does (for tests and scripts). */
export function readSource(dir: string, id: string): string | null {
  let index: SourceIndex;
  try {
    index = JSON.parse(readFileSync(join(dir, indexFileFor(id)), 'utf8')) as SourceIndex;
  } catch {
    return null;
  }
  const entry = index.entries[id];
  if (!entry) return null;
  const [shard, offset, length] = entry;
  const fd = openSync(join(dir, index.shards[shard]), 'r');
  try {
    const bytes = Buffer.alloc(length);
    readSync(fd, bytes, 0, length, offset);
    return bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
