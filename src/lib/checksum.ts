// A 32-bit FNV-1a checksum of bytes, the same in the build (node) and in the page. Written by hand
// (five lines) because it must be synchronous and work where the page has no crypto.subtle (any
// plain-http origin but localhost): it only tells whether the bytes at a remembered place are still
// the text that was there (src/app/agency-index.ts), not a defence against anyone.
export function fnv1a32(bytes: Uint8Array): number {
  return fnvLoop(bytes) >>> 0;
}

// The loop apart from the `>>> 0`: in a parsing thread V8 compiled the loop on stack replacement
// before the function had ever returned, with no feedback for the `>>> 0`, and that code left
// again (deoptimized) at every call after it: 504 of the 547 deoptimizations of a thread's first
// 2,000 files (node --trace-deopt, bench/parse/warmup.ts). Returning the int32 from here, no call
// deoptimizes (same arithmetic, same values).
function fnvLoop(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h;
}
