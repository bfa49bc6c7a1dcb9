// The parser as plain JavaScript: scripts/parse.ts and the parsing thread's entry
// (src/build/worker.ts) bundled once with esbuild into node_modules/.cache/parse-cli/.
//
// tsx compiles each source file at every start, in the main thread and again in each parsing
// thread (about 1 s of CPU before the first file), and runs pdf.js (4 MB of JavaScript) through
// its loader (about 3 s of CPU at the first PDF of each thread). The bundle is made again when
// any of its source files changed (size or modification time, checked by stat at each use).
// pdf.js and DuckDB stay outside the bundle: pdf.js is loaded from node_modules only when a PDF
// appears. Used by `npm run parse` (scripts/parse-cli.mjs) and by the build's parsing threads
// when the build runs from the TypeScript sources (src/build/pool.ts).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'parse-cli');
const CURRENT = join(CACHE, 'current.json');
const ENTRIES = { parse: join(ROOT, 'scripts', 'parse.ts'), worker: join(ROOT, 'src', 'build', 'worker.ts') };
/** Loaded at run time from node_modules: pdf.js only when a PDF appears, DuckDB's native binding. */
const EXTERNAL = ['pdfjs-dist', 'pdfjs-dist/*', '@duckdb/node-api'];

const fingerprint = (path) => {
  const s = statSync(path);
  return `${s.size}:${s.mtimeMs}`;
};

/** The bundle's folder when it is there and every source it was made from is unchanged. */
export function fresh() {
  try {
    const current = JSON.parse(readFileSync(CURRENT, 'utf8'));
    const dir = join(CACHE, current.dir);
    if (!existsSync(join(dir, 'parse.js')) || !existsSync(join(dir, 'worker.js'))) return null;
    for (const [file, print] of Object.entries(current.inputs)) if (fingerprint(join(ROOT, file)) !== print) return null;
    return dir;
  } catch {
    return null;
  }
}

async function bundle() {
  const esbuild = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const dir = mkdtempSync(join(CACHE, 'b-'));
  // Stat before bundling: a source changed during the bundling makes the next start bundle again.
  const before = new Map();
  // esbuild runs as a child process: stopped when done, or it keeps this process alive.
  let result;
  try {
    result = await esbuild.build({
      entryPoints: ENTRIES, outdir: dir, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20',
      external: EXTERNAL, metafile: true, logLevel: 'silent', absWorkingDir: ROOT,
      plugins: [{ name: 'stat', setup: (b) => b.onLoad({ filter: /.*/ }, (args) => { before.set(args.path, fingerprint(args.path)); return undefined; }) }],
    });
  } finally {
    esbuild.stop();
  }
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const path = resolve(ROOT, file);
    inputs[relative(ROOT, path)] = before.get(path) ?? fingerprint(path);
  }
  const next = `${CURRENT}.${process.pid}`;
  writeFileSync(next, `${JSON.stringify({ dir: relative(CACHE, dir), inputs })}\n`);
  renameSync(next, CURRENT);
  // Bundles of older sources: removed once they are an hour old (a run may still be using one).
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (name.startsWith('b-') && path !== dir && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return dir;
}

/** The bundle's folder, made first when it is missing or stale; null when esbuild cannot make it. */
export async function parseBundle() {
  const dir = fresh();
  if (dir) return dir;
  try {
    return await bundle();
  } catch {
    return null;
  }
}

export { ENTRIES };
