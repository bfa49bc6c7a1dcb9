// Tiny static server for the benchmark: serves a `vite build` output directory on 127.0.0.1 with
// optional gzip/brotli (as a real static host would), HTTP Range support for uncompressed
// responses (DuckDB's registerFileURL reads Parquet by ranges), and a strict same-origin CSP.
// Usage: node serve.mjs <dir> <port> [none|gzip|br]
import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.parquet': 'application/vnd.apache.parquet',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json']);

export function serve(dir, port, compress = 'none', { csp = true } = {}) {
  const cache = new Map();
  const encode = (file, enc) => {
    const key = `${file}|${enc}`;
    let body = cache.get(key);
    if (!body) {
      const raw = readFileSync(file);
      body = enc === 'br'
        ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : enc === 'gzip' ? gzipSync(raw, { level: 9 }) : raw;
      cache.set(key, body);
    }
    return body;
  };
  // Pre-compress at start so no request pays for it (a real host serves pre-compressed files).
  if (compress !== 'none') {
    for (const f of readdirSync(dir, { recursive: true })) {
      if (COMPRESSIBLE.has(extname(f))) encode(join(dir, f), compress);
    }
  }
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir))) return res.writeHead(403).end();
    let st;
    try { st = statSync(file); } catch { return res.writeHead(404).end('not found'); }
    if (!st.isFile()) return res.writeHead(404).end('not found');
    const ext = extname(file);
    const headers = {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      ...(csp ? { 'Content-Security-Policy': CSP } : {}),
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'no-cache',
    };
    const range = req.headers.range && /^bytes=(\d*)-(\d*)$/.exec(req.headers.range);
    if (range) {
      const body = readFileSync(file);
      let start = range[1] === '' ? body.length - Number(range[2]) : Number(range[1]);
      let end = range[1] !== '' && range[2] !== '' ? Number(range[2]) : body.length - 1;
      end = Math.min(end, body.length - 1);
      if (start > end || start < 0) return res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 });
      return res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    let enc = null;
    if (COMPRESSIBLE.has(ext) && compress !== 'none' && accept.includes(compress)) enc = compress;
    const body = encode(file, enc);
    if (enc) headers['Content-Encoding'] = enc;
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, port = '4173', compress = 'none'] = process.argv.slice(2);
  await serve(dir, Number(port), compress);
  console.log(`serving ${dir} on http://127.0.0.1:${port} (compression: ${compress})`);
}
