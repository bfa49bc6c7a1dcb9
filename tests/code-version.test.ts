// The no-change rebuild's context covers every module the build's output depends on: the views'
// SQL (src/db), the summaries' formats (src/app) and what they import. Before this, only src/format
// and src/build were hashed: a change to, say, a distribution measure's SQL left the next build a
// no-change one, and the site kept cube/bins-*.json that disagree with the SQL its database runs.
// The oracle: esbuild's own module graph of the build (not the hand-written scan under test).
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';
import { buildSources, outputSources, outputVersion } from '../src/build/code-version.ts';

/** esbuild's inputs under src/ for an entry, relative to src/. */
async function graph(entry: string): Promise<string[]> {
  const r = await build({ entryPoints: [join(ROOT, entry)], absWorkingDir: ROOT, bundle: true, metafile: true, platform: 'node', format: 'esm', packages: 'external', write: false, logLevel: 'silent' });
  return Object.keys(r.metafile.inputs).filter((f) => f.startsWith('src/')).map((f) => f.slice('src/'.length));
}

describe('the code the build output depends on (src/build/code-version.ts)', () => {
  it('holds every source module esbuild finds in the build and its parse worker', async () => {
    const found = new Set(buildSources());
    const wanted = [...new Set([...(await graph('src/build/build.ts')), ...(await graph('src/build/worker.ts'))])];
    expect(wanted.length).toBeGreaterThan(30);
    expect(wanted.filter((f) => !found.has(f))).toEqual([]);
  });

  it('hashes, beyond the parser’s folders, the views’ SQL and the summaries’ formats', () => {
    const out = outputSources();
    for (const f of ['db/queries.ts', 'db/distribution.ts', 'db/pooled.ts', 'app/cube.ts', 'app/cube-bins.ts', 'app/fee-lists.ts', 'app/outcome-lists.ts']) expect(out).toContain(f);
    expect(out.filter((f) => f.startsWith('build/') || f.startsWith('format/'))).toEqual([]);
    expect(outputVersion()).toMatch(/^[0-9a-f]{16}$/);
  });
});
