// fnv1a32 (src/lib/checksum.ts) against the published FNV-1a 32-bit test vectors
// (http://www.isthe.com/chongo/src/fnv/test_fnv.c: FNV1A_32 of "", "a", "foobar").
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnv1a32 } from '../src/lib/checksum.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('fnv1a32', () => {
  it('gives the published FNV-1a values', () => {
    expect(fnv1a32(bytes(''))).toBe(0x811c9dc5);
    expect(fnv1a32(bytes('a'))).toBe(0xe40c292c);
    expect(fnv1a32(bytes('foobar'))).toBe(0xbf9cf968);
  });
});

// Under a parsing thread's V8 flags (src/build/worker.ts), fnv1a32 with the `>>> 0` in its loop's
// function was compiled on stack replacement with no feedback for it and left that code at the
// return of every later call: 299–301 deoptimizations in 301 calls here (five runs), 504 in a thread's first
// 2,000 files (bench/parse/runs/2026-11-30-prs23-stages.log). Counted by V8 itself (--trace-deopt)
// in a node started with those flags, calling it as a thread does: once per file, between other work.
const ROOT = resolve(import.meta.dirname, '..');
const SCRIPT = `
const { fnv1a32 } = await import(${JSON.stringify(resolve(ROOT, 'src/lib/checksum.ts'))});
// A first long call: its loop is compiled on stack replacement while it runs (without it, whether
// the compile lands in time is left to the compiler thread).
let x = fnv1a32(new Uint8Array(8 << 20));
for (let k = 0; k < 300; k++) {
  const b = new Uint8Array(5000 + (k * 37) % 20000);
  b[k] = k;
  x ^= fnv1a32(b);
  let y = 0;
  for (let j = 0; j < 20000; j++) y += j % 7;
  x ^= y;
}
console.log(x);
`;

it('does not deoptimize at every call under the parsing thread’s flags', () => {
  const out = execFileSync(process.execPath, ['--no-turbo-inlining', '--max-optimized-bytecode-size=2000', '--trace-deopt', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const deopts = out.split('\n').filter((line) => line.startsWith('[bailout') && /JSFunction fnv1a32 /.test(line)).length;
  expect(deopts).toBeLessThan(5);
}, 60_000);
