// The parsing thread allocates without allocation-site pretenuring (worker.ts): V8 then makes no
// pretenuring decision in that thread. Seen through V8's own trace (--trace-pretenuring-statistics,
// one line per decision, prefixed by the isolate) of `npm run parse` (scripts/parse-cli.mjs: the
// bundle, no tsx loader thread besides). Without the flag the parsing thread printed ~40 lines here.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

describe('parsing thread without allocation-site pretenuring', () => {
  it('makes no pretenuring decision over 750 parses', () => {
    const dir = join(ROOT, 'data', 'reports');
    const samples = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => join(dir, f));
    expect(samples.length).toBe(5);
    // The five sample reports 150 times each, in the CLI's one parsing thread.
    const files = Array.from({ length: 150 }, () => samples).flat();
    const out = execFileSync(process.execPath, ['--trace-pretenuring-statistics', join(ROOT, 'scripts', 'parse-cli.mjs'), ...files],
      { cwd: ROOT, encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 30 });
    expect(out.match(/"status":"/g)?.length ?? 0).toBeGreaterThan(700);
    // Once the thread has set its flags (before its first report's line; V8's flags are the
    // process's), no isolate decides anything: the main thread's few decisions at start-up stay
    // before that line. (V8's trace and the CLI's lines share stdout, in the order written.)
    const during = out.slice(out.indexOf('{"'));
    expect(during.match(/\] pretenuring:/g)?.length ?? 0).toBe(0);
  }, 300_000);

  it('(the trace prints decisions in this node: pairs kept alive across scavenges)', () => {
    const code = 'const keep = []; const pair = (i) => [i, i + 1]; for (let i = 0; i < 3e6; i++) { keep.push(pair(i)); if (keep.length > 2e5) keep.length = 0; }';
    const out = execFileSync(process.execPath, ['--trace-pretenuring-statistics', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(out.match(/\] pretenuring:/g)?.length ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
