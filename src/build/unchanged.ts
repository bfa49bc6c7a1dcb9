// The no-change rebuild: when no input changed since the last build into the same output, the
// build stats every input and stops there: nothing is parsed, nothing is written.
//
// After each build with a cache folder, a stamp (`inputs.json` in the cache folder) records a
// digest of what the build read: every input's path, size, modification and change times and
// inode (by stat, not by reading the files), the names skipped, the manifest's text, the parser
// version and the options that shape the output; and the build folder it published. The next
// build computes the same digest; equal, with the output still linking to that build and every
// file the summary lists still there with its size, the build is that build.
//
// A file modified within the clock's resolution of the stat could keep its times and size: files
// whose modification time is within RACY_MS of the walk are digested by their content as well
// (listed in the stamp, so that the next build digests them the same way), as git does.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { walkInputs } from './inputs.ts';
import { currentBuild } from './publish.ts';

export const STAMP_FILE = 'inputs.json';
const FORMAT = 1;
/** Files modified this close to the walk are digested by content too. */
export const RACY_MS = 3_000;

export interface InputsStamp {
  format: number;
  /** Digest of the inputs, with the content of the files in `racy`. */
  key: string;
  /** Files digested by content (modified just before the build that wrote the stamp). */
  racy: string[];
  /** The output folder and the build folder it linked to. */
  out: string;
  build: string;
}

export interface InputsDigest {
  /** The digest as the last stamp computed it (its racy files by content), or null without a stamp. */
  againstStamp: string | null;
  /** The digest for the next stamp, and its racy files. */
  key: string;
  racy: string[];
  inputs: number;
}

/**
 * Stats every input under `reportsDir` (the build's own walk: same names, same skips). `context`
 * holds what else shapes the output (parser version, manifest text, options).
 */
export function digestInputs(reportsDir: string, context: string[], previous: InputsStamp | null): InputsDigest {
  const started = Date.now();
  const old = createHash('sha256');
  const next = createHash('sha256');
  const oldRacy = new Set(previous?.racy ?? []);
  const racy: string[] = [];
  const both = (text: string) => {
    old.update(text);
    next.update(text);
  };
  both(`${context.join('\u0000')}\u0001`);
  let inputs = 0;
  const skips: string[] = [];
  for (const input of walkInputs(reportsDir, (file) => skips.push(file))) {
    inputs++;
    let line: string;
    let mtimeMs = 0;
    if (input.unreadable) {
      line = `${input.file}\u0000!${input.unreadable.code ?? ''}\u0000${input.unreadable.en}\n`;
    } else {
      try {
        const s = statSync(input.path, { bigint: true });
        mtimeMs = Number(s.mtimeMs);
        line = `${input.file}\u0000${s.size}\u0000${s.mtimeNs}\u0000${s.ctimeNs}\u0000${s.ino}\u0000${s.dev}\n`;
      } catch (error) {
        line = `${input.file}\u0000?${(error as { code?: string }).code ?? ''}\n`;
      }
    }
    both(line);
    const recent = mtimeMs > started - RACY_MS;
    if (recent || oldRacy.has(input.file)) {
      const content = contentDigest(input.path);
      if (oldRacy.has(input.file)) old.update(content);
      if (recent) {
        next.update(content);
        racy.push(input.file);
      }
    }
  }
  both(`\u0001${skips.sort().join('\u0000')}`);
  return { againstStamp: previous ? old.digest('hex') : null, key: next.digest('hex'), racy, inputs };
}

function contentDigest(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '-';
  }
}

export function readStamp(cacheDir: string): InputsStamp | null {
  try {
    const stamp = JSON.parse(readFileSync(join(cacheDir, STAMP_FILE), 'utf8')) as InputsStamp;
    if (stamp.format !== FORMAT || typeof stamp.key !== 'string' || !Array.isArray(stamp.racy)) return null;
    return stamp;
  } catch {
    return null;
  }
}

export function writeStamp(cacheDir: string, stamp: Omit<InputsStamp, 'format'>): void {
  const path = join(cacheDir, STAMP_FILE);
  writeFileSync(`${path}.new`, `${JSON.stringify({ format: FORMAT, ...stamp })}\n`);
  renameSync(`${path}.new`, path);
}

/**
 * True when the output is still the build the stamp names and every file its summary lists is
 * there with its size (`files`: name and bytes, relative to the build folder).
 */
export function outputIntact(stamp: InputsStamp, outDir: string, files: { name: string; bytes: number }[]): boolean {
  if (stamp.out !== outDir || currentBuild(outDir) !== stamp.build) return false;
  for (const f of files) {
    const path = join(stamp.build, f.name);
    if (!existsSync(path)) return false;
    try {
      if (statSync(path).size !== f.bytes) return false;
    } catch {
      return false;
    }
  }
  return true;
}
