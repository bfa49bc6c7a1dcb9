// The code a build's output depends on beyond the parser's (src/format and src/build, hashed by
// build.ts parserVersion, which also keys the parse cache): the modules of src/db, src/app, src/lib
// and src/views the build imports — the views' SQL it runs at build (the lists, the distribution's
// bins, the summaries' sums) and the formats of the summaries' files. A change to any of them must
// make the next build a real one (the no-change rebuild, unchanged.ts), or the site keeps summaries
// that no longer agree with the SQL its database runs. Not in parserVersion: a change there would
// re-parse every report for nothing.
//
// Hand-written import scan (relative `from '…'` and `import('…')` specifiers, followed through):
// the build runs its .ts sources directly, with no bundler at hand to ask for its module graph. It
// reads type-only imports too, which can only add files (a rebuild for nothing), never miss one;
// tests/code-version.test.ts checks it against esbuild's own graph of the build.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The build and its parse workers (pool.ts starts worker.ts by path). */
const ENTRIES = [join(SRC, 'build', 'build.ts'), join(SRC, 'build', 'worker.ts')];
/** Hashed by parserVersion already. */
const PARSER_DIRS = ['format', 'build'];
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Every source file the build imports (relative to src/), its own and the parser's included, sorted. */
export function buildSources(entries: readonly string[] = ENTRIES): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(SPECIFIER)) visit(resolve(dirname(file), m[1]));
  };
  entries.forEach(visit);
  return [...seen].map((f) => relative(SRC, f)).sort();
}

/** The build's imported sources outside the parser's folders (relative to src/). */
export function outputSources(): string[] {
  return buildSources().filter((f) => !PARSER_DIRS.includes(f.split(/[\\/]/)[0]));
}

let version: string | null = null;
/** A hash of outputSources(): part of the no-change rebuild's context. */
export function outputVersion(): string {
  if (version) return version;
  const hash = createHash('sha256');
  for (const f of outputSources()) hash.update(`${f}\u0000`).update(readFileSync(join(SRC, f))).update('\u0001');
  version = hash.digest('hex').slice(0, 16);
  return version;
}
