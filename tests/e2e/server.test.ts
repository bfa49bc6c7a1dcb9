// scripts/serve.ts over HTTP (no browser): MIME types, the build-time compressed copies and when
// they are not sent, Range (single, multi, with conditions), headers, caching, 503 while a build
// rewrites the site, refusal of paths outside the root, 404 for missing files, and the command line.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../../src/build/build.ts';
import { CONTENT_SECURITY_POLICY, pickEncoding } from '../../src/server/static.ts';
import { MANIFEST_FILE, precompress } from '../../src/server/precompress.ts';
import { startServer, type RunningServer } from '../../scripts/serve.ts';
import { REPORTS, ROOT } from './site.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request line sent as written (no client-side normalisation of `..`). */
function raw(port: number, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.on('error', reject);
  });
}

const INDEX = readFileSync(join(ROOT, 'index.html'), 'utf8');
const metaCsp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(INDEX)?.[1];

let root: string;
let outside: string;
let server: RunningServer;
let base: string;
const BIG_JS = `${'export const words = ["政府信息公开", "依申请公开", "行政复议"];\n'.repeat(30_000)}`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'serve-test-'));
  outside = mkdtempSync(join(tmpdir(), 'serve-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-AbC123.js'), 'console.log("hello 你好");\n'.repeat(200));
  writeFileSync(join(root, 'assets', 'index-AbC123.css'), 'body { color: #123456; }\n'.repeat(100));
  writeFileSync(join(root, 'assets', 'big-XyZ987.js'), BIG_JS); // > 1 MiB: the fast-then-best path
  writeFileSync(join(root, 'assets', 'logo-1a2b.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(50)}</svg>`);
  writeFileSync(join(root, 'assets', 'engine-9f8e.wasm'), Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(4096, 7)]));
  writeFileSync(join(root, '.env'), 'HIDDEN=1');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
  await buildData({ reportsDir: REPORTS, outDir: join(root, 'data') });
  await precompress(root);
  server = await startServer({ root, port: 0 });
  base = server.url.replace(/\/$/, '');
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('headers', () => {
  it('sends the CSP of index.html, nosniff and no referrer on every response', async () => {
    expect(metaCsp).toBeTruthy();
    expect(CONTENT_SECURITY_POLICY).toBe(metaCsp);
    for (const path of ['/', '/assets/index-AbC123.js', '/data/reports.parquet', '/missing']) {
      const r = await get(base + path);
      expect(r.headers['content-security-policy'], path).toBe(`${metaCsp}; frame-ancestors 'none'`);
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['referrer-policy'], path).toBe('no-referrer');
    }
  });

  it('gives each file its MIME type', async () => {
    const types: Record<string, string> = {
      '/': 'text/html; charset=utf-8',
      '/index.html': 'text/html; charset=utf-8',
      '/assets/index-AbC123.js': 'text/javascript; charset=utf-8',
      '/assets/index-AbC123.css': 'text/css; charset=utf-8',
      '/assets/logo-1a2b.svg': 'image/svg+xml; charset=utf-8',
      '/assets/engine-9f8e.wasm': 'application/wasm',
      '/data/reports.parquet': 'application/vnd.apache.parquet',
      '/data/summary.json': 'application/json; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) expect((await get(base + path)).headers['content-type'], path).toBe(type);
    const summary = JSON.parse((await get(`${base}/data/summary.json`)).body.toString('utf8'));
    const id = summary.overview[0].report_id as string;
    const index = await get(`${base}/data/sources/index-${id.slice(0, 2)}.json`);
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('application/json; charset=utf-8');
    const [shard, offset, length] = JSON.parse(index.body.toString('utf8')).entries[id] as [number, number, number];
    const shardName = JSON.parse(index.body.toString('utf8')).shards[shard] as string;
    const source = await get(`${base}/data/sources/${shardName}`, { range: `bytes=${offset}-${offset + length - 1}`, 'accept-encoding': 'br' });
    expect(source.status).toBe(206);
    expect(source.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(source.headers['content-encoding']).toBeUndefined();
    expect(source.body.length).toBe(length);
    expect(source.body.toString('utf8')).toContain('政府信息公开');
  });

  it('caches hashed assets the build recorded for a year and revalidates the page, the data and anything unrecorded', async () => {
    for (const path of ['/assets/index-AbC123.js', '/assets/engine-9f8e.wasm']) {
      for (const enc of ['br', 'identity']) {
        expect((await get(base + path, { 'accept-encoding': enc })).headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
      }
    }
    for (const path of ['/', '/index.html', '/data/reports.parquet', '/data/summary.json']) {
      expect((await get(base + path)).headers['cache-control'], path).toBe('no-cache');
    }
    // Under assets/ but written after the build's record: not known to be whole, so not immutable.
    writeFileSync(join(root, 'assets', 'late-0000.js'), 'console.log(1);\n');
    expect((await get(`${base}/assets/late-0000.js`)).headers['cache-control']).toBe('no-cache');
  });

  it('answers a matching If-None-Match with 304', async () => {
    const first = await get(`${base}/data/summary.json`, { 'accept-encoding': 'br' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await get(`${base}/data/summary.json`, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The identity representation has another tag: no 304 for a tag of the compressed one.
    expect((await get(`${base}/data/summary.json`, { 'if-none-match': etag })).status).toBe(200);
  });

  it('answers If-None-Match with a Range by 304 when the tag matches (RFC 9110 13.2.2)', async () => {
    const etag = (await get(`${base}/data/reports.parquet`)).headers.etag as string;
    expect(etag).toMatch(/^"[^W].*"$/); // strong: usable by If-Range
    const r = await get(`${base}/data/reports.parquet`, { 'if-none-match': etag, range: 'bytes=0-3' });
    expect(r.status).toBe(304);
    expect(r.body.length).toBe(0);
    expect((await get(`${base}/data/reports.parquet`, { 'if-none-match': '"other"', range: 'bytes=0-3' })).status).toBe(206);
  });

  it('serves HEAD without a body and refuses other methods', async () => {
    const head = await get(`${base}/data/reports.parquet`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(readFileSync(join(root, 'data', 'reports.parquet')).length);
    expect(head.body.length).toBe(0);
    const post = await get(`${base}/`, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});

describe('compression', () => {
  it('sends brotli when accepted, gzip otherwise, identity when neither', async () => {
    const file = readFileSync(join(root, 'assets', 'index-AbC123.js'));
    const br = await get(`${base}/assets/index-AbC123.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(zlib.brotliDecompressSync(br.body).equals(file)).toBe(true);
    // the copy written at build time, as it is on disk
    expect(br.body.equals(readFileSync(join(root, 'assets', 'index-AbC123.js.br')))).toBe(true);
    expect(br.body.length).toBeLessThan(file.length / 5);

    const gz = await get(`${base}/assets/index-AbC123.js`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(file)).toBe(true);

    const none = await get(`${base}/assets/index-AbC123.js`);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(file)).toBe(true);
    expect((await get(`${base}/assets/index-AbC123.js`, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
  });

  it('compresses big files and the wasm', async () => {
    const big = await get(`${base}/assets/big-XyZ987.js`, { 'accept-encoding': 'br' });
    expect(big.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(big.body).toString('utf8')).toBe(BIG_JS);
    const wasm = await get(`${base}/assets/engine-9f8e.wasm`, { 'accept-encoding': 'br' });
    expect(wasm.headers['content-encoding']).toBe('br');
    expect(wasm.headers['content-type']).toBe('application/wasm');
  });

  it('compresses Parquet too (it pays off: measured) and the bytes come back exact', async () => {
    const file = readFileSync(join(root, 'data', 'reports.parquet'));
    const r = await get(`${base}/data/reports.parquet`, { 'accept-encoding': 'br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(r.body).equals(file)).toBe(true);
  });

  it('does not send a copy that is empty, cut short, or older than its unrecorded source', async () => {
    const js = join(root, 'assets', 'index-AbC123.css');
    const saved = readFileSync(`${js}.br`);
    try {
      writeFileSync(`${js}.br`, ''); // empty
      let r = await get(`${base}/assets/index-AbC123.css`, { 'accept-encoding': 'br, gzip' });
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(r.body).equals(readFileSync(js))).toBe(true);
      writeFileSync(`${js}.br`, saved.subarray(0, saved.length - 3)); // truncated: not the size recorded at build
      r = await get(`${base}/assets/index-AbC123.css`, { 'accept-encoding': 'br' });
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.body.equals(readFileSync(js))).toBe(true);
    } finally {
      writeFileSync(`${js}.br`, saved);
    }
    expect((await get(`${base}/assets/index-AbC123.css`, { 'accept-encoding': 'br' })).headers['content-encoding']).toBe('br');
    // Not in the record: a copy older than its source is stale.
    const late = join(root, 'assets', 'late-1111.js');
    writeFileSync(late, 'export const a = 1;\n'.repeat(100));
    writeFileSync(`${late}.br`, zlib.brotliCompressSync(readFileSync(late)));
    utimesSync(`${late}.br`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect((await get(`${base}/assets/late-1111.js`, { 'accept-encoding': 'br' })).headers['content-encoding']).toBeUndefined();
    utimesSync(`${late}.br`, new Date(), new Date(Date.now() + 60_000));
    expect((await get(`${base}/assets/late-1111.js`, { 'accept-encoding': 'br' })).headers['content-encoding']).toBe('br');
  });

  it('writes copies only where they save bytes, never for the source shards, and records every file', () => {
    const record = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as { files: Record<string, { size: number; br?: number; gzip?: number }> };
    expect(record.files['assets/index-AbC123.js'].br).toBe(readFileSync(join(root, 'assets', 'index-AbC123.js.br')).length);
    expect(record.files['data/summary.json'].size).toBe(readFileSync(join(root, 'data', 'summary.json')).length);
    const shards = Object.keys(record.files).filter((f) => /^data\/sources\/shard-/.test(f));
    expect(shards.length).toBeGreaterThan(0);
    for (const f of shards) {
      expect(record.files[f].br, f).toBeUndefined();
      expect(existsSync(join(root, `${f}.br`)), f).toBe(false);
    }
    // the dot-files and the copies themselves are not listed
    expect(Object.keys(record.files).some((f) => /\.(br|gz)$|(^|\/)\./.test(f))).toBe(false);
  });

  it('picks encodings by the Accept-Encoding rules', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
});

describe('range requests', () => {
  const parquet = () => readFileSync(join(root, 'data', 'reports.parquet'));

  it('answers a byte range with 206, uncompressed, even when brotli is accepted', async () => {
    const file = parquet();
    const head = await get(`${base}/data/reports.parquet`, { range: 'bytes=0-3', 'accept-encoding': 'br' });
    expect(head.status).toBe(206);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.headers['content-range']).toBe(`bytes 0-3/${file.length}`);
    expect(head.headers['content-length']).toBe('4');
    expect(head.body.toString('latin1')).toBe('PAR1');

    const tail = await get(`${base}/data/reports.parquet`, { range: 'bytes=-8' });
    expect(tail.status).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes ${file.length - 8}-${file.length - 1}/${file.length}`);
    expect(tail.body.equals(file.subarray(file.length - 8))).toBe(true);
    expect(tail.body.subarray(4).toString('latin1')).toBe('PAR1');

    const open = await get(`${base}/data/reports.parquet`, { range: 'bytes=100-' });
    expect(open.status).toBe(206);
    expect(open.body.equals(file.subarray(100))).toBe(true);

    const past = await get(`${base}/data/reports.parquet`, { range: `bytes=10-${file.length + 1000}` });
    expect(past.status).toBe(206);
    expect(past.headers['content-range']).toBe(`bytes 10-${file.length - 1}/${file.length}`);
    expect((await get(`${base}/data/reports.parquet`)).headers['accept-ranges']).toBe('bytes');
  });

  it('answers a range outside the file with 416, and ignores a malformed one (200, RFC 9110 14.2)', async () => {
    const file = parquet();
    const size = file.length;
    for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 9}`, 'bytes=9-2', 'bytes=-0']) {
      const r = await get(`${base}/data/reports.parquet`, { range });
      expect(r.status, range).toBe(416);
      expect(r.headers['content-range'], range).toBe(`bytes */${size}`);
    }
    for (const range of ['bytes=abc', 'bytes=-']) {
      const r = await get(`${base}/data/reports.parquet`, { range });
      expect(r.status, range).toBe(200);
      expect(r.body.equals(file), range).toBe(true);
    }
  });

  it('ignores a Range whose If-Range no longer matches, and ranges in other units', async () => {
    const file = parquet();
    const stale = await get(`${base}/data/reports.parquet`, { range: 'bytes=0-3', 'if-range': '"old"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(file)).toBe(true);
    const etag = (await get(`${base}/data/reports.parquet`)).headers.etag as string;
    expect((await get(`${base}/data/reports.parquet`, { range: 'bytes=0-3', 'if-range': etag })).status).toBe(206);
    expect((await get(`${base}/data/reports.parquet`, { range: 'items=0-3' })).status).toBe(200);
  });

  it('answers several ranges with the whole file (200), and overlapping ones as one range', async () => {
    const file = parquet();
    // RFC 9110 14.2: a server may ignore Range. Never a wrong 206.
    for (const range of ['bytes=0-0,-1', 'bytes=0-3, 100-103']) {
      const r = await get(`${base}/data/reports.parquet`, { range });
      expect(r.status, range).toBe(200);
      expect(r.headers['content-range'], range).toBeUndefined();
      expect(r.body.equals(file), range).toBe(true);
    }
    const merged = await get(`${base}/data/reports.parquet`, { range: 'bytes=0-3,2-5' });
    expect(merged.status).toBe(206);
    expect(merged.headers['content-range']).toBe(`bytes 0-5/${file.length}`);
    expect(merged.body.equals(file.subarray(0, 6))).toBe(true);
  });
});

describe('while a build rewrites the site', () => {
  it('answers 503 for a recorded file whose size changed, and for everything while the record is gone', async () => {
    const wasm = join(root, 'assets', 'engine-9f8e.wasm');
    const whole = readFileSync(wasm);
    try {
      writeFileSync(wasm, whole.subarray(0, 100)); // a build half-way through writing it
      const cut = await get(`${base}/assets/engine-9f8e.wasm`);
      expect(cut.status).toBe(503);
      expect(cut.headers['retry-after']).toBe('2');
      expect(cut.headers['cache-control']).toBe('no-store');
    } finally {
      writeFileSync(wasm, whole);
    }
    expect((await get(`${base}/assets/engine-9f8e.wasm`)).status).toBe(200);

    const record = join(root, MANIFEST_FILE);
    renameSync(record, `${record}.away`); // vite empties dist/ when it starts
    try {
      for (const path of ['/', '/assets/index-AbC123.js', '/data/summary.json']) {
        const r = await get(base + path);
        expect(r.status, path).toBe(503);
        expect(r.headers['cache-control'], path).toBe('no-store');
      }
    } finally {
      renameSync(`${record}.away`, record);
    }
    expect((await get(`${base}/`)).status).toBe(200);
    // The record itself is never served.
    expect((await get(`${base}/${MANIFEST_FILE}`)).status).toBe(404);
  });
});

describe('paths', () => {
  it('serves index.html for / and 404 (not index.html) for missing files', async () => {
    const home = await get(`${base}/`);
    expect(home.status).toBe(200);
    expect(home.body.toString('utf8')).toBe(INDEX);
    for (const path of ['/data/missing.parquet', '/nope', '/assets/index-000000.js', '/data/sources/none.txt', '/some/route']) {
      const r = await get(base + path);
      expect(r.status, path).toBe(404);
      expect(r.headers['content-type'], path).toBe('text/plain; charset=utf-8');
      expect(r.body.toString('utf8'), path).not.toContain('<html');
    }
  });

  it('reads a file again when it changes on disk', async () => {
    const path = join(root, 'assets', 'changing.txt');
    writeFileSync(path, 'first version');
    expect((await get(`${base}/assets/changing.txt`)).body.toString()).toBe('first version');
    writeFileSync(path, 'second version, longer');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect((await get(`${base}/assets/changing.txt`)).body.toString()).toBe('second version, longer');
  });

  it('refuses every way out of the root', async () => {
    const attempts = [
      '/../../../../etc/passwd',
      '/assets/../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/data/..%5c..%5c..%5cetc%5cpasswd',
      '/%252e%252e/etc/passwd',
      '/..\\..\\etc\\passwd',
      '/data/%00.parquet',
      '/.env',
      '/assets/%2e%2e/.env',
      '/link.txt',
      `/${'../'.repeat(10)}${outside.slice(1)}/secret.txt`,
    ];
    for (const path of attempts) {
      const r = await raw(server.port, path);
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.text, path).not.toMatch(/root:|TOP SECRET|HIDDEN=/);
    }
  });
});

describe('command line', () => {
  function run(args: string[]): Promise<{ code: number | null; out: string; err: string; url?: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'serve.ts'), ...args], { cwd: ROOT });
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => {
        out += c;
        const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
        if (url) {
          void get(url).then((r) => {
            child.kill('SIGTERM');
            resolve({ code: r.status, out, err, url });
          });
        }
      });
      child.stderr.on('data', (c) => (err += c));
      child.on('exit', (code) => resolve({ code, out, err }));
    });
  }

  it('prints the URL it serves', async () => {
    const r = await run(['--port', '0', '--root', root]);
    expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(r.code).toBe(200);
  });

  it('refuses bad arguments and a missing folder', async () => {
    const bad = await run(['--port', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('usage');
    const missing = await run(['--port', '0', '--root', join(root, 'no-such-dir')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('npm run build');
  });
});
