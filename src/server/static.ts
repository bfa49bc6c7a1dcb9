// The production server: serves the `vite build` output (dist/) with node:http, no framework.
//
// - MIME types for everything the site ships (.wasm as application/wasm, so it streams-compiles).
// - Compression: brotli (or gzip) for every file it pays off for — measured on the build output:
//   duckdb-eh.wasm 17.3 MiB → 2.6 MiB (brotli 11), reports.parquet 49 KB → 6.5 KB (its many small
//   zstd column chunks and footer compress well), cells.parquet −19 %, checks.parquet −53 %.
//   A file is sent compressed only if that saves at least 5 %. Compressed bodies are computed once
//   per file version and kept in memory; brotli level 11 on the 17 MiB wasm takes ~25 s on one core,
//   so big files get a fast brotli (level 5, ~0.3 s) at once and level 11 in the background, cached on
//   disk (.cache/serve/) by content hash for the next start.
// - HTTP Range (bytes=a-b, a-, -n): answered from the uncompressed file with 206 + Content-Range,
//   416 + `Content-Range: bytes */size` for unsatisfiable or invalid ranges. A Range request is never
//   compressed, so byte offsets always refer to the file on disk. If-Range is honoured.
// - Headers: the Content-Security-Policy of index.html's <meta> (plus frame-ancestors, which only a
//   header can carry), X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer; ETag +
//   Last-Modified; Cache-Control immutable for hashed files under assets/, no-cache elsewhere
//   (index.html, data/).
// - Only files under the root: `..`, encoded slashes/backslashes, NUL, dot-files and symlinks
//   leading out are refused (403/404). A missing file is a 404 — never index.html — so a missing
//   Parquet file shows up as the app's clear error, not as HTML parsed as data.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The policy of index.html's <meta http-equiv="Content-Security-Policy"> (tests/e2e check they agree). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; object-src 'none'; " +
  "base-uri 'self'; form-action 'none'";
/** Sent as a header only: `frame-ancestors` is ignored in a <meta> policy. */
export const HEADER_CSP = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.parquet': 'application/vnd.apache.parquet',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
};

/** Formats that are already compressed: never worth compressing again. */
const INCOMPRESSIBLE = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.woff', '.woff2', '.pdf', '.gz', '.br', '.zip']);
/** Files above this size get a fast brotli at once and the best one in the background. */
const BIG = 1 << 20;
/** Send the compressed body only if it saves at least this share of the bytes. */
const MIN_SAVING = 0.05;

export interface ServeOptions {
  /** Folder to serve (the `vite build` output). */
  root: string;
  /** 0 picks a free port. Default 4173. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Compress big files at brotli 11 in the background (and reuse/write the disk cache). Default
   * true. Tests turn it off to keep both cores for the browser; the fast level is still used.
   */
  bestCompression?: boolean;
  /** Where the level-11 results are cached, by content hash. Default <cwd>/.cache/serve; null = no disk cache. */
  cacheDir?: string | null;
  /** One line per request (method, path, status, bytes, encoding). Default: nothing. */
  log?: (line: string) => void;
  /** Called when each response is finished, with the bytes written to the socket (headers included). */
  onResponse?: (served: Served) => void;
}

export interface Served {
  method: string;
  url: string;
  status: number;
  /** Bytes written to the connection for this response: status line, headers and body. */
  bytes: number;
  encoding: string;
  /** Date.now() when the request arrived and when the response was finished. */
  start: number;
  end: number;
}

export interface RunningServer {
  server: Server;
  /** e.g. http://127.0.0.1:4173/ */
  url: string;
  port: number;
  /** Resolves when every file found at start has its final compressed bodies (best level included). */
  compressed: Promise<void>;
  close(): Promise<void>;
}

type Encoding = 'br' | 'gzip';

interface Entry {
  path: string;
  size: number;
  mtimeMs: number;
  body: Buffer;
  etag: string;
  lastModified: string;
  type: string;
  compressible: boolean;
  br?: Promise<Buffer | null>;
  gzip?: Promise<Buffer | null>;
  /** Resolves when the brotli body is final (the best level done, or not wanted). */
  settled: Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const files = new StaticFiles(options);
  files.warm();
  const server = createServer((req, res) => {
    if (options.onResponse) {
      const start = Date.now();
      const socket = req.socket;
      const before = socket.bytesWritten;
      res.on('finish', () => {
        options.onResponse!({
          method: req.method ?? '', url: req.url ?? '', status: res.statusCode,
          bytes: socket.bytesWritten - before, encoding: String(res.getHeader('content-encoding') ?? 'identity'),
          start, end: Date.now(),
        });
      });
    }
    files.handle(req, res).catch((error: unknown) => {
      options.log?.(`error ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4173, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${port}/`,
    port,
    compressed: files.settled(),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

class StaticFiles {
  readonly root: string;
  readonly #options: ServeOptions;
  readonly #cache = new Map<string, Entry>();
  readonly #cacheDir: string | null;

  constructor(options: ServeOptions) {
    this.#options = options;
    if (!existsSync(options.root) || !statSync(options.root).isDirectory()) {
      throw new Error(`nothing to serve: ${resolve(options.root)} is not a folder (run \`npm run build\` first)`);
    }
    this.root = realpathSync(options.root);
    this.#cacheDir = options.cacheDir === null ? null : resolve(options.cacheDir ?? join(process.cwd(), '.cache', 'serve'));
  }

  /** Read and compress every file now, so the first visitor does not wait. */
  warm(): void {
    const walk = (dir: string) => {
      for (const item of readdirSync(dir, { withFileTypes: true })) {
        if (item.name.startsWith('.')) continue;
        const path = join(dir, item.name);
        if (item.isDirectory()) walk(path);
        else if (item.isFile()) this.#entry(path);
      }
    };
    walk(this.root);
  }

  settled(): Promise<void> {
    return Promise.all([...this.#cache.values()].map((e) => e.settled)).then(() => {});
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return this.#finish(req, res, 405, 'Method Not Allowed\n');
    }
    const target = this.#resolve(req.url ?? '/');
    if (typeof target === 'number') {
      return this.#finish(req, res, target, target === 403 ? 'Forbidden\n' : target === 400 ? 'Bad Request\n' : 'Not Found\n');
    }
    const entry = this.#entry(target.path);
    if (!entry) return this.#finish(req, res, 404, 'Not Found\n');

    res.setHeader('Content-Type', entry.type);
    res.setHeader('Cache-Control', cacheControl(target.urlPath));
    res.setHeader('Last-Modified', entry.lastModified);
    res.setHeader('Accept-Ranges', 'bytes');
    if (entry.compressible) res.setHeader('Vary', 'Accept-Encoding');

    const range = req.headers.range;
    const ifRange = req.headers['if-range'];
    const rangeApplies = range !== undefined && (ifRange === undefined || ifRange === entry.etag || ifRange === entry.lastModified);

    if (rangeApplies) {
      const parsed = parseRange(range, entry.size);
      if (parsed === 'ignore') {
        // Not a bytes range (another unit): serve the whole file as if there were no Range.
      } else if (parsed === 'unsatisfiable') {
        res.setHeader('Content-Range', `bytes */${entry.size}`);
        return this.#finish(req, res, 416, 'Range Not Satisfiable\n');
      } else {
        const { start, end } = parsed;
        res.setHeader('ETag', entry.etag);
        res.setHeader('Content-Range', `bytes ${start}-${end}/${entry.size}`);
        res.setHeader('Content-Length', end - start + 1);
        res.statusCode = 206;
        this.#log(req, 206, end - start + 1, 'identity');
        if (req.method === 'HEAD') return void res.end();
        return void res.end(entry.body.subarray(start, end + 1));
      }
    }

    const encoding = entry.compressible ? pickEncoding(req.headers['accept-encoding']) : null;
    let body = entry.body;
    let etag = entry.etag;
    let used: Encoding | null = null;
    if (encoding) {
      const compressed = await this.#compressed(entry, encoding);
      if (compressed) {
        body = compressed;
        used = encoding;
        etag = `${entry.etag.slice(0, -1)}-${encoding}"`;
      }
    }
    res.setHeader('ETag', etag);
    if (used) res.setHeader('Content-Encoding', used);

    if (notModified(req, etag, entry)) {
      res.statusCode = 304;
      res.removeHeader('Content-Encoding');
      this.#log(req, 304, 0, used ?? 'identity');
      return void res.end();
    }
    res.setHeader('Content-Length', body.length);
    res.statusCode = 200;
    this.#log(req, 200, body.length, used ?? 'identity');
    if (req.method === 'HEAD') return void res.end();
    res.end(body);
  }

  #finish(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    this.#log(req, status, Buffer.byteLength(text), 'identity');
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  #log(req: IncomingMessage, status: number, bytes: number, encoding: string): void {
    this.#options.log?.(`${req.method} ${req.url} ${status} ${bytes} ${encoding}`);
  }

  /** The file a URL names, or an HTTP status for why there is none. */
  #resolve(rawUrl: string): { path: string; urlPath: string } | number {
    let pathname: string;
    try {
      pathname = new URL(rawUrl, 'http://x').pathname;
    } catch {
      return 400;
    }
    // Encoded separators would let one segment smuggle a path: refuse them outright.
    if (/%(2f|5c|00)/i.test(pathname)) return 403;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return 400;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return 403;
    const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.some((s) => s === '..')) return 403;
    if (segments.some((s) => s.startsWith('.'))) return 404;
    let path = resolve(this.root, ...segments);
    if (path !== this.root && !path.startsWith(this.root + sep)) return 403;
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return 404;
    }
    let urlPath = `/${segments.join('/')}`;
    if (stat.isDirectory()) {
      path = join(path, 'index.html');
      urlPath = `${urlPath.replace(/\/$/, '')}/index.html`;
    }
    try {
      const real = realpathSync(path);
      if (real !== this.root && !real.startsWith(this.root + sep)) return 403;
      if (!statSync(real).isFile()) return 404;
    } catch {
      return 404;
    }
    return { path, urlPath };
  }

  /** The file's current version: re-read when its size or mtime changed (e.g. after build:data). */
  #entry(path: string): Entry | null {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      this.#cache.delete(path);
      return null;
    }
    if (!stat.isFile()) return null;
    const cached = this.#cache.get(path);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached;
    const body = readFileSync(path);
    const ext = extname(path).toLowerCase();
    const hash = createHash('sha256').update(body).digest('hex');
    const entry: Entry = {
      path,
      size: body.length,
      mtimeMs: stat.mtimeMs,
      body,
      etag: `"${hash.slice(0, 20)}"`,
      lastModified: new Date(Math.floor(stat.mtimeMs / 1000) * 1000).toUTCString(),
      type: MIME_TYPES[ext] ?? 'application/octet-stream',
      compressible: body.length > 256 && !INCOMPRESSIBLE.has(ext),
      settled: Promise.resolve(),
    };
    if (entry.compressible) this.#startBrotli(entry, hash);
    this.#cache.set(path, entry);
    return entry;
  }

  #startBrotli(entry: Entry, hash: string): void {
    const worth = (out: Buffer) => (out.length <= entry.size * (1 - MIN_SAVING) ? out : null);
    const best = (input: Buffer) =>
      brotli(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length } });
    if (entry.size < BIG) {
      entry.br = best(entry.body).then(worth);
      entry.settled = entry.br.then(() => {});
      return;
    }
    const cacheFile = this.#cacheDir ? join(this.#cacheDir, `${hash}.br`) : null;
    if (cacheFile && existsSync(cacheFile)) {
      entry.br = Promise.resolve(worth(readFileSync(cacheFile)));
      return;
    }
    const fast = brotli(entry.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.size } }).then(worth);
    entry.br = fast;
    if (this.#options.bestCompression === false) {
      entry.settled = fast.then(() => {});
      return;
    }
    entry.settled = best(entry.body).then((out) => {
      if (this.#cache.get(entry.path) !== entry) return; // the file changed meanwhile
      entry.br = Promise.resolve(worth(out));
      if (cacheFile) {
        try {
          mkdirSync(this.#cacheDir!, { recursive: true });
          writeFileSync(`${cacheFile}.tmp`, out);
          renameSync(`${cacheFile}.tmp`, cacheFile);
        } catch {
          // A read-only checkout just recompresses next time.
        }
      }
    });
  }

  #compressed(entry: Entry, encoding: Encoding): Promise<Buffer | null> {
    if (encoding === 'br') return entry.br ?? Promise.resolve(null);
    // Almost every browser takes brotli; gzip is made on first demand.
    entry.gzip ??= gzip(entry.body, { level: 9 }).then((out) => (out.length <= entry.size * (1 - MIN_SAVING) ? out : null));
    return entry.gzip;
  }
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', HEADER_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function send(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

/** Vite puts content-hashed files under assets/: they never change under the same name. */
export function cacheControl(urlPath: string): string {
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/** br if the client takes it, else gzip, else none (q=0 means "not acceptable"). */
export function pickEncoding(header: string | string[] | undefined): Encoding | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/**
 * One byte range of a file of `size` bytes. Several ranges in one header are answered with the
 * smallest range covering them all (a client reading Parquet asks for one at a time anyway).
 */
export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | 'ignore' {
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match) return 'ignore';
  let start = Infinity;
  let end = -1;
  for (const part of match[1].split(',')) {
    const m = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(part);
    if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
    let a: number;
    let b: number;
    if (m[1] === '') {
      // Suffix: the last n bytes.
      const n = Number(m[2]);
      if (n === 0) return 'unsatisfiable';
      a = Math.max(0, size - n);
      b = size - 1;
    } else {
      a = Number(m[1]);
      b = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
      if (m[2] !== '' && Number(m[2]) < a) return 'unsatisfiable';
    }
    if (a >= size || !Number.isSafeInteger(a)) continue; // this part is unsatisfiable
    start = Math.min(start, a);
    end = Math.max(end, b);
  }
  if (end < 0 || start > end) return 'unsatisfiable';
  return { start, end };
}

function notModified(req: IncomingMessage, etag: string, entry: Entry): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    return inm.split(',').some((tag) => {
      const t = tag.trim().replace(/^W\//, '');
      return t === '*' || t === etag;
    });
  }
  const ims = req.headers['if-modified-since'];
  if (ims !== undefined) {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Math.floor(entry.mtimeMs / 1000) * 1000 <= since;
  }
  return false;
}
