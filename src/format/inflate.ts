// How many bytes a PDF's compressed streams inflate to, counted without keeping them: a small
// PDF holding a deflate bomb is refused before pdf.js inflates it into memory (pdf.js keeps
// its buffers outside the JavaScript heap, where a worker's heap limit does not reach).
import { Unzlib } from 'fflate';

const STREAM = [0x73, 0x74, 0x72, 0x65, 0x61, 0x6d]; // "stream"
const END = [0x65, 0x6e, 0x64, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d]; // "endstream"
/** Pushed to the inflater this much at a time: one push inflates to at most ~1,000× its size. */
const CHUNK = 16 * 1024;

function indexOf(bytes: Uint8Array, needle: number[], from: number): number {
  for (let i = bytes.indexOf(needle[0], from); i >= 0 && i <= bytes.length - needle.length; i = bytes.indexOf(needle[0], i + 1)) {
    let k = 1;
    while (k < needle.length && bytes[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** A zlib header (RFC 1950): deflate method, and the check bits of the first two bytes. */
function isZlib(bytes: Uint8Array, at: number): boolean {
  const cmf = bytes[at];
  const flg = bytes[at + 1];
  return (cmf & 0x0f) === 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

type Counter = (data: Uint8Array, budget: number) => Promise<number>;

/** Node's zlib (native, several times faster), streamed: bytes are counted, never kept. */
function nodeCounter(): Counter | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (m: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return null;
  const zlib = proc.getBuiltinModule('zlib') as typeof import('node:zlib') | undefined;
  if (!zlib) return null;
  return (data, budget) => new Promise((resolve) => {
    const inflate = zlib.createInflate({ chunkSize: 64 * 1024 });
    let n = 0;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(n);
    };
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) settle();
    });
    inflate.on('error', settle); // a damaged stream: pdf.js will say what it makes of it
    inflate.on('end', settle);
    inflate.on('close', settle);
    inflate.end(data);
  });
}

/** fflate, where there is no Node (the browser). */
const fflateCounter: Counter = async (data, budget) => {
  let n = 0;
  const inflater = new Unzlib((chunk) => {
    n += chunk.length;
  });
  try {
    for (let i = 0; i < data.length && n <= budget; i += CHUNK) inflater.push(data.subarray(i, Math.min(data.length, i + CHUNK)), i + CHUNK >= data.length);
  } catch {
    // A damaged stream: pdf.js will say what it makes of it.
  }
  return n;
};

/**
 * The total number of bytes the zlib streams (`stream … endstream`) of a PDF inflate to, or
 * `Infinity` as soon as it passes `limit`. Broken streams count what they gave.
 */
export async function inflatedSize(bytes: Uint8Array, limit: number): Promise<number> {
  const count = nodeCounter() ?? fflateCounter;
  let total = 0;
  let at = 0;
  for (;;) {
    const keyword = indexOf(bytes, STREAM, at);
    if (keyword < 0) return total;
    let start = keyword + STREAM.length;
    at = start;
    // "endstream" contains "stream": skip it.
    if (keyword >= 3 && bytes[keyword - 3] === 0x65 && bytes[keyword - 2] === 0x6e && bytes[keyword - 1] === 0x64) continue;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] !== 0x0a) continue;
    start++;
    const end = indexOf(bytes, END, start);
    const stop = end < 0 ? bytes.length : end;
    at = stop;
    if (stop - start < 2 || !isZlib(bytes, start)) continue;
    total += await count(bytes.subarray(start, stop), limit - total);
    if (total > limit) return Infinity;
  }
}
