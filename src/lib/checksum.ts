// A 32-bit FNV-1a checksum of bytes, the same in the build (node) and in the page. Written by hand
// (five lines) because it must be synchronous and work where the page has no crypto.subtle (any
// plain-http origin but localhost): it only tells whether the bytes at a remembered place are still
// the text that was there (src/app/agency-index.ts), not a defence against anyone.
export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}
