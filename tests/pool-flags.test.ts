// A build started as `node --max-old-space-size=… --input-type=module -e …` (as `npm run bench` starts it) must be able to
// start its parsing threads: a worker started from a file refuses `--input-type`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

describe('parsing threads of a build started with --input-type=module -e', () => {
  it('start, and the build reads every sample', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pool-flags-'));
    try {
      const code = `import { buildData } from ${JSON.stringify(join(ROOT, 'src', 'build', 'build.ts'))};
        const r = await buildData({ reportsDir: ${JSON.stringify(join(ROOT, 'data', 'reports'))}, outDir: ${JSON.stringify(join(dir, 'out'))}, cacheDir: null, threads: 2 });
        console.log(JSON.stringify({ threads: r.summary.parse.threads, parsed: r.summary.parse.parsed }));`;
      const out = execFileSync(process.execPath, ['--max-old-space-size=4000', '--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      const parse = JSON.parse(out.trim().split('\n').pop()!) as { threads: number; parsed: number };
      expect(parse.threads).toBeGreaterThanOrEqual(1); // on threads, not in the main thread
      expect(parse.parsed).toBe(5);
      expect(JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).reports).toBe(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
