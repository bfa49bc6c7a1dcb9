// The production server: serves the `vite build` output (dist/) with `send` (the file streamer
// of Express' serve-static), behind a thin handler that adds what `send` does not do.
//
// What `send` does: streams the file from disk (nothing is held in memory, nothing is read at
// start: listening takes the same time at any number of files), single byte ranges (206,
// 416 + `Content-Range: bytes */size` when unsatisfiable), If-Range, conditional requests
// (If-None-Match / If-Modified-Since → 304, also when a Range is sent, as RFC 9110 13.2.2 orders:
// the precondition is evaluated before the range), HEAD.
// Multi-range (`Range: bytes=0-0,-1`): `send` answers 200 with the whole file (RFC 9110 14.2
// allows a server to ignore Range); ranges that overlap are merged into one 206. We keep that:
// no client of this site asks for several ranges at once (DuckDB-wasm reads one range per request).
//
// What this handler adds, and why `send` (or sirv, whose range parsing gets `bytes=-8` and
// `bytes=0-0,-1` wrong and which applies a range to the compressed file) cannot:
// - Paths: only files under the root; `..`, encoded slashes/backslashes, NUL, dot-files and
//   symlinks leading out are refused (403/404). A missing file is a 404 in plain text (never
//   index.html), so a missing Parquet file shows up as the app's clear error.
// - Compression is done once, at build time (src/server/precompress.ts writes `x.br` / `x.gz`
//   beside each compressible file and then `.site-files.json` with every file's size). A copy is
//   sent only when the client accepts it, no Range is asked (byte offsets always refer to the file
//   itself), and the copy is valid: non-empty, and either its size and its source's size are those
//   recorded at build, or (no record) it is not older than its source.
// - A file that is not as the build left it is never published as if it were: a file whose size
//   differs from the record (a build is rewriting it) is answered 503 + Retry-After, and once the
//   record has been seen, its disappearance (vite empties dist/ when it starts) makes every answer
//   503 until the build has finished. Long-lived `immutable` caching is given only to
//   content-hashed files under assets/ whose size matches the record; everything else (the page,
//   data/) is `no-cache`, revalidated by its ETag.
// - Headers on every response: the Content-Security-Policy of index.html's <meta> (plus
//   frame-ancestors, which only a header can carry), nosniff, no referrer, same-origin resources.
// - ETags are strong (size and mtime of the file; `-br` / `-gzip` for a compressed copy), so
//   If-Range can use them and a tag of one representation never validates another.
import { existsSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import send from 'send';
import { COMPRESSIBLE, MANIFEST_FILE, type SiteManifest } from './precompress.ts';

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

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface ServeOptions {
  /** Folder to serve (the `vite build` output). */
  root: string;
  /** 0 picks a free port. Default 4173. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Ignored: compression moved to build time (src/server/precompress.ts). Kept so that callers
   * written for the former server still compile.
   */
  bestCompression?: boolean;
  /** Ignored, as bestCompression. */
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
  /** Already resolved: the compressed copies are made at build time, not by the server. */
  compressed: Promise<void>;
  close(): Promise<void>;
}

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const files = new StaticFiles(options);
  const server = createServer((req, res) => {
    const start = Date.now();
    const socket = req.socket;
    const before = socket.bytesWritten;
    res.on('finish', () => {
      const encoding = String(res.getHeader('content-encoding') ?? 'identity');
      options.log?.(`${req.method} ${req.url} ${res.statusCode} ${res.getHeader('content-length') ?? '-'} ${encoding}`);
      options.onResponse?.({
        method: req.method ?? '', url: req.url ?? '', status: res.statusCode,
        bytes: socket.bytesWritten - before, encoding, start, end: Date.now(),
      });
    });
    try {
      files.handle(req, res);
    } catch (error) {
      options.log?.(`error ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) plain(req, res, 500, 'Internal Server Error\n');
      else res.destroy();
    }
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
    compressed: Promise.resolve(),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The record the build wrote, re-read when it changes; 'gone' once seen and then removed. */
class ManifestWatch {
  #seen = false;
  #key = '';
  #value: SiteManifest | null = null;

  constructor(private readonly path: string) {}

  current(): SiteManifest | null | 'gone' {
    let stat: Stats;
    try {
      stat = statSync(this.path);
    } catch {
      return this.#seen ? 'gone' : null;
    }
    const key = `${stat.size}:${stat.mtimeMs}`;
    if (key !== this.#key) {
      this.#key = key;
      try {
        const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as SiteManifest;
        this.#value = parsed && typeof parsed.files === 'object' && parsed.files ? parsed : null;
      } catch {
        this.#value = null; // being written: treated as absent until it parses
      }
    }
    if (this.#value) this.#seen = true;
    return this.#value ?? (this.#seen ? 'gone' : null);
  }
}

class StaticFiles {
  readonly root: string;
  readonly #manifest: ManifestWatch;

  constructor(options: ServeOptions) {
    if (!existsSync(options.root) || !statSync(options.root).isDirectory()) {
      throw new Error(`nothing to serve: ${resolve(options.root)} is not a folder (run \`npm run build\` first)`);
    }
    this.root = realpathSync(options.root);
    this.#manifest = new ManifestWatch(join(this.root, MANIFEST_FILE));
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    setCommonHeaders(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(req, res, 405, 'Method Not Allowed\n');
    }
    const target = this.#resolve(req.url ?? '/');
    if (typeof target === 'number') {
      return plain(req, res, target, target === 403 ? 'Forbidden\n' : target === 400 ? 'Bad Request\n' : 'Not Found\n');
    }
    const { rel, stat } = target;
    const manifest = this.#manifest.current();
    if (manifest === 'gone') return unavailable(req, res, 'The site is being rebuilt; try again in a moment.\n');
    const record = manifest?.files[rel];
    if (record && record.size !== stat.size) return unavailable(req, res, 'This file is being rewritten; try again in a moment.\n');

    const ext = extname(rel).toLowerCase();
    const type = MIME_TYPES[ext] ?? 'application/octet-stream';
    const tag = `${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}`;
    let sent = rel;
    let etag = `"${tag}"`;
    if (COMPRESSIBLE.test(rel)) {
      res.setHeader('Vary', 'Accept-Encoding');
      // A range always refers to the file's own bytes: never answered from a compressed copy.
      if (req.headers.range === undefined) {
        for (const encoding of acceptedEncodings(req.headers['accept-encoding'])) {
          if (!this.#validCopy(rel, stat, encoding, record)) continue;
          res.setHeader('Content-Encoding', encoding);
          sent = rel + SUFFIX[encoding];
          etag = `"${tag}-${encoding}"`;
          break;
        }
      }
    }
    res.setHeader('Content-Type', type);
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', new Date(Math.floor(stat.mtimeMs / 1000) * 1000).toUTCString());
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', rel.startsWith('assets/') && record ? IMMUTABLE : 'no-cache');

    const stream = send(req, `/${sent.split('/').map(encodeURIComponent).join('/')}`, {
      root: this.root,
      index: false,
      dotfiles: 'ignore',
      etag: false,
      lastModified: false,
      cacheControl: false,
    });
    stream.on('error', (error: { status?: number }) => {
      const status = error.status ?? 500;
      if (res.headersSent) return void res.destroy();
      for (const name of ['content-encoding', 'etag', 'last-modified', 'cache-control', 'vary']) res.removeHeader(name);
      if (status === 416) res.setHeader('Content-Range', `bytes */${stat.size}`);
      plain(req, res, status, status === 416 ? 'Range Not Satisfiable\n' : status === 404 ? 'Not Found\n' : 'Error\n');
    });
    stream.pipe(res);
  }

  /** The compressed copy may be sent: non-empty, and its size as recorded at build (or, unrecorded, not older than its source). */
  #validCopy(rel: string, stat: Stats, encoding: Encoding, record: SiteManifest['files'][string] | undefined): boolean {
    let copy: Stats;
    try {
      copy = statSync(join(this.root, rel + SUFFIX[encoding]));
    } catch {
      return false;
    }
    if (!copy.isFile() || copy.size === 0) return false;
    if (record) return record[encoding] === copy.size;
    return copy.mtimeMs >= stat.mtimeMs;
  }

  /** The file a URL names (relative to the root, with its stat), or an HTTP status for why there is none. */
  #resolve(rawUrl: string): { rel: string; stat: Stats } | number {
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
    try {
      if (statSync(path).isDirectory()) {
        path = join(path, 'index.html');
        segments.push('index.html');
      }
      const real = realpathSync(path);
      if (real !== this.root && !real.startsWith(this.root + sep)) return 403;
      const stat = statSync(real);
      if (!stat.isFile()) return 404;
      return { rel: segments.join('/'), stat };
    } catch {
      return 404;
    }
  }
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', HEADER_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function plain(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(req.method === 'HEAD' ? undefined : text);
}

function unavailable(req: IncomingMessage, res: ServerResponse, text: string): void {
  res.setHeader('Retry-After', '2');
  plain(req, res, 503, text);
}

/** The encodings the client takes, best first: br, then gzip (q=0 means "not acceptable"). */
export function acceptedEncodings(header: string | string[] | undefined): Encoding[] {
  if (!header) return [];
  const accepted = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(ok);
}

/** br if the client takes it, else gzip, else none. */
export function pickEncoding(header: string | string[] | undefined): Encoding | null {
  return acceptedEncodings(header)[0] ?? null;
}
