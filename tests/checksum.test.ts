// fnv1a32 (src/lib/checksum.ts) against the published FNV-1a 32-bit test vectors
// (http://www.isthe.com/chongo/src/fnv/test_fnv.c: FNV1A_32 of "", "a", "foobar").
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
