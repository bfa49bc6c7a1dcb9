// The agency index (src/build/agency-index.ts, read by src/app/agency-index.ts) lets the agency
// page pick an agency's report before the series query answers. On a built series corpus (gaps and
// duplicate filings included), through the page's own reader (loadAgencyReports on the files), its
// pick for every agency and year is the one SQL written here picks on facts.parquet; each file
// bucket of agencies.bin holds only agencies of its own bucket (read here with node's zlib, not the
// page's reader); agencies with no charted report are not in it. At 100,000 reports' worth of
// agencies, one lookup reads the header once and then one bucket of a few KB (issue 13.2), with the
// same answers as SQL on the rows written.
import { describe, expect, it, vi } from 'vitest';
import { builtSeries } from './built-series.ts';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  AGENCY_INDEX_DIR, agencyShard, loadAgency, loadAgencyReports, lookupAgency, placeOfReport, reportOfIndex,
} from '../src/app/agency-index.ts';
import { writeAgencyIndex } from '../src/build/agency-index.ts';
import { shouldCompress } from '../src/server/precompress.ts';
import { builtSource } from './helpers.ts';
import { fnv1a32 } from '../src/lib/checksum.ts';

const series = builtSeries({ prefix: 'agency-index-', agencies: 8, seed: 5, table: 'facts', parquet: 'facts.parquet' });
const all = series.all;

/**
 * A folder served by a fetch of our own (a path under `root`, 404 when absent), answering Range
 * as a plain static host does; `log` gets each request's path and the bytes of its body.
 */
const folderFetch = (root: string, log?: { path: string; bytes: number }[]) => (async (url: string, init?: RequestInit) => {
  const rel = String(url).replace(/^\/data\//, '');
  const path = join(root, rel);
  if (!existsSync(path)) return new Response('', { status: 404 });
  const file = readFileSync(path);
  const range = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('range') ?? '');
  const body = range ? file.subarray(Number(range[1]), Math.min(Number(range[2]) + 1, file.length)) : file;
  log?.push({ path: rel, bytes: body.length });
  return new Response(body, {
    status: range ? 206 : 200,
    headers: { 'content-type': 'application/octet-stream', ...(range ? { 'content-range': `bytes ${range[1]}-${Number(range[1]) + body.length - 1}/${file.length}` } : {}) },
  });
}) as typeof fetch;
const fileFetch = ((url: string, init?: RequestInit) => folderFetch(series.out)(url, init)) as typeof fetch;

/** agencies.bin read by hand (the format of src/build/agency-index.ts): bucket number → its JSON. */
function buckets(file: Buffer): Map<number, { bucket: number; agencies: Record<string, unknown[]> }> {
  expect(file.subarray(0, 4).toString('latin1')).toBe('AGIX');
  const count = file.readUInt32LE(4);
  const offsets = Array.from({ length: count + 1 }, (_, i) => file.readUInt32LE(8 + 4 * i));
  expect(offsets[0]).toBe(8 + 4 * (count + 1));
  expect(offsets[count]).toBe(file.length);
  const out = new Map<number, { bucket: number; agencies: Record<string, unknown[]> }>();
  for (let b = 0; b < count; b++) {
    if (offsets[b] === offsets[b + 1]) continue;
    out.set(b, JSON.parse(gunzipSync(file.subarray(offsets[b], offsets[b + 1])).toString('utf8')));
  }
  return out;
}

/** The same hash as the page's, written again here: (h·31 + code point) mod 1,000,003. */
function hash(id: string): number {
  let h = -1;
  for (const ch of id) h = h < 0 ? ch.codePointAt(0)! : (h * 31 + ch.codePointAt(0)!) % 1_000_003;
  return Math.max(h, 0);
}

describe('the agency index', () => {
  it('is one file, agencies.bin, stored as is (read by Range), each bucket holding only its own agencies', () => {
    const dir = join(series.out, AGENCY_INDEX_DIR);
    expect(readdirSync(dir)).toEqual(['agencies.bin']);
    expect(shouldCompress(`data/${AGENCY_INDEX_DIR}/agencies.bin`, 1 << 20)).toBe(false);
    const all = buckets(readFileSync(join(dir, 'agencies.bin')));
    expect(all.size).toBeGreaterThan(0);
    for (const [b, body] of all) {
      expect(body.bucket).toBe(b);
      for (const id of Object.keys(body.agencies)) expect(hash(id) % 4096, id).toBe(b);
    }
  });

  it('picks, for every agency and year, the report the SQL rule picks', async () => {
    const agencies = (await all('SELECT DISTINCT agency_id FROM facts WHERE agency_id IS NOT NULL ORDER BY 1')).map((r) => String(r.agency_id));
    expect(agencies.length).toBeGreaterThanOrEqual(8);
    let picked = 0;
    for (const id of agencies) {
      const entries = await loadAgencyReports('/data/', id, fileFetch);
      for (const year of [null, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]) {
        // The rule, written here: charted reports of the agency; the year asked first, then the newest, then by id.
        const expected = await all(`SELECT report_id FROM facts WHERE agency_id = $1 AND status <> 'failed' AND superseded_by IS NULL
          ORDER BY CASE WHEN $2::INTEGER IS NOT NULL AND year = $2::INTEGER THEN 0 ELSE 1 END, year DESC NULLS LAST, report_id LIMIT 1`, [id, year]);
        const want = (expected[0]?.report_id as string | undefined) ?? null;
        // Not in the index: exactly the agencies without a charted report.
        expect(entries === null ? null : reportOfIndex(entries, year), `${id} ${year}`).toBe(want);
        if (want) picked++;
      }
    }
    expect(picked).toBeGreaterThan(agencies.length * 4);
    // The corpus has superseded copies, which the index must have left out.
    expect((await all('SELECT COUNT(*) AS n FROM facts WHERE superseded_by IS NOT NULL'))[0].n).toBeGreaterThan(0);
  });

  it("gives each charted report the place of its text, the bytes the sources' own index gives", async () => {
    const reports = await all(`SELECT agency_id, report_id FROM facts WHERE agency_id IS NOT NULL AND status <> 'failed' AND superseded_by IS NULL ORDER BY 1, 2`);
    expect(reports.length).toBeGreaterThan(20);
    for (const { agency_id, report_id } of reports) {
      const agency = await loadAgency('/data/', String(agency_id), fileFetch);
      const place = placeOfReport(agency!, String(report_id));
      const text = builtSource(join(series.out, 'sources'), String(report_id));
      expect(text, String(report_id)).toBeTruthy();
      expect(place, String(report_id)).not.toBeNull();
      const at = readFileSync(join(series.out, 'sources', place!.shard)).subarray(place!.offset, place!.offset + place!.length);
      expect(at.toString('utf8')).toBe(text);
      expect(place!.check).toBe(fnv1a32(at));
    }
  });

  it("names each agency as its page's heading will: the agency of the report chosen with no year", async () => {
    const agencies = (await all('SELECT DISTINCT agency_id FROM facts WHERE agency_id IS NOT NULL AND status <> \'failed\' AND superseded_by IS NULL ORDER BY 1')).map((r) => String(r.agency_id));
    expect(agencies.length).toBeGreaterThanOrEqual(8);
    for (const id of agencies) {
      // The rule, written here: the newest charted report, then the smallest id; its agency.
      const want = await all(`SELECT agency FROM facts WHERE agency_id = $1 AND status <> 'failed' AND superseded_by IS NULL
        ORDER BY year DESC NULLS LAST, report_id LIMIT 1`, [id]);
      const agency = await loadAgency('/data/', id, fileFetch);
      expect(want[0].agency, id).toBeTruthy();
      expect(agency?.name, id).toBe(want[0].agency);
    }
  });

  it('tells an agency it does not list (absent) from an index it could not read (unknown)', async () => {
    const full = buckets(readFileSync(join(series.out, AGENCY_INDEX_DIR, 'agencies.bin')));
    // Ids no agency has, in an empty bucket and in one that holds agencies: absent both.
    const absent = Array.from({ length: 5000 }, (_, i) => `no-such-agency-${i}`);
    expect(await lookupAgency('/data/', absent.find((id) => !full.has(hash(id) % 4096))!, fileFetch)).toEqual({ state: 'absent' });
    expect(await lookupAgency('/data/', absent.find((id) => full.has(hash(id) % 4096))!, fileFetch)).toEqual({ state: 'absent' });
    // No index at all; an index whose bucket bytes are damaged (gzip's check fails): cannot say.
    expect(await lookupAgency('/nowhere/', 'x', fileFetch)).toEqual({ state: 'unknown' });
    const [known] = (await all('SELECT agency_id FROM facts WHERE agency_id IS NOT NULL AND status <> \'failed\' AND superseded_by IS NULL LIMIT 1')).map((r) => String(r.agency_id));
    const damaged = (async (url: string, init?: RequestInit) => {
      const res = await fileFetch(url, init);
      const range = new Headers(init?.headers).get('range') ?? '';
      if (range.startsWith('bytes=0-')) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      bytes[bytes.length - 6] ^= 1;
      return new Response(bytes, { status: res.status, headers: res.headers });
    }) as typeof fetch;
    expect(await lookupAgency('/data/', known, damaged)).toEqual({ state: 'unknown' });
    // Not a key of the object's prototype either.
    for (const key of ['constructor', 'toString', '__proto__']) {
      expect(['absent', 'unknown']).toContain((await lookupAgency('/data/', key, fileFetch)).state);
    }
    const [id] = (await all('SELECT agency_id FROM facts WHERE agency_id IS NOT NULL AND status <> \'failed\' AND superseded_by IS NULL LIMIT 1')).map((r) => String(r.agency_id));
    expect((await lookupAgency('/data/', id, fileFetch)).state).toBe('found');
  });

  it("reads a build before agencies.bin (its JSON shards, version 1 without places: the page then reads the sources' index)", async () => {
    const asked: string[] = [];
    const v1 = (async (url: string) => {
      asked.push(String(url));
      if (String(url).endsWith('.bin')) return new Response('', { status: 404 });
      return new Response(JSON.stringify({ version: 1, agencies: { a: [['00ff', 2024]] } }), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const agency = await loadAgency('/data/', 'a', v1);
    expect(agency?.entries).toEqual([['00ff', 2024]]);
    expect(agency?.name).toBeNull();
    expect(placeOfReport(agency!, '00ff')).toBeNull();
    expect(asked).toEqual(['/data/agency-index/agencies.bin', `/data/agency-index/agencies-${String(agencyShard('a')).padStart(2, '0')}.json`]);
    // Version 2 (with places), as session 21's builds wrote it.
    const v2 = (async (url: string) => String(url).endsWith('.bin') ? new Response('', { status: 404 })
      : new Response(JSON.stringify({ version: 2, sources: ['shard-000.txt'], agencies: { a: [['00ff', 2024, 0, 10, 5, 99]] }, names: { a: '某局' } }))) as typeof fetch;
    const two = await loadAgency('/data/', 'a', v2);
    expect(two?.name).toBe('某局');
    expect(placeOfReport(two!, '00ff')).toEqual({ shard: 'shard-000.txt', offset: 10, length: 5, check: 99 });
  });

  it('at 100,000 reports, a lookup reads the 16 KB header once, then one bucket of a few KB; answers as SQL on the rows', async () => {
    // 100,000 charted reports of 25,000 agencies (the bench's 100k corpus has about that many), with
    // places; written by the build's own writer, then looked up through a fetch that counts bytes.
    const dir = mkdtempSync(join(tmpdir(), 'agency-index-100k-'));
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await db.run(`CREATE TABLE f AS SELECT printf('%016x', hash(i)) AS report_id, printf('%d-某某市某某局%d', 110000 + (i // 4) % 3000, i // 4) AS agency_id,
          '某某市某某局' || (i // 4) AS agency, 2021 + i % 4 + (i % 7 = 0)::INTEGER AS year, 'ok' AS status, NULL::VARCHAR AS superseded_by
        FROM range(100000) t(i)`);
      await db.run(`COPY (SELECT report_id, printf('shard-%03d.txt', hash(report_id) % 200) AS shard, hash(report_id) % 30000000 AS offset, 3000 + hash(report_id) % 5000 AS length, hash(report_id) % 4000000000 AS check
        FROM f) TO '${join(dir, 'locations.tsv')}' (DELIMITER '\t', HEADER false)`);
      await writeAgencyIndex(db, dir, 'f', join(dir, 'locations.tsv'));
      const file = readFileSync(join(dir, AGENCY_INDEX_DIR, 'agencies.bin'));
      expect(buckets(file).size).toBeGreaterThan(4000);
      const offsets = Array.from({ length: 4097 }, (_, i) => file.readUInt32LE(8 + 4 * i));
      const largest = Math.max(...offsets.slice(1).map((o, i) => o - offsets[i]));
      // The whole index is ~2.4 MB gzipped; a bucket is a few KB at most.
      console.log(`agencies.bin at 100,000 reports: ${file.length} bytes, largest bucket ${largest} bytes`);
      expect(largest).toBeLessThan(4096);
      await db.run(`CREATE TABLE l AS SELECT * FROM read_csv('${join(dir, 'locations.tsv')}', header = false, delim = '\t')`);
      const ids = (await (await db.runAndReadAll('SELECT DISTINCT agency_id FROM f ORDER BY hash(agency_id) LIMIT 8')).getRowsJS()).map((r) => String(r[0]));
      for (const id of ids) {
        const log: { path: string; bytes: number }[] = [];
        const agency = await loadAgency('/data/', id, folderFetch(dir, log));
        // The header, then the agency's bucket; nothing else.
        expect(log.map((l) => l.path)).toEqual(['agency-index/agencies.bin', 'agency-index/agencies.bin']);
        expect(log[0].bytes).toBe(8 + 4 * 4097);
        expect(log[1].bytes).toBeLessThanOrEqual(largest);
        const want = (await (await db.runAndReadAll(`SELECT f.report_id, f.year, l.column1 AS shard, l.column2::BIGINT AS o, l.column3::BIGINT AS n, l.column4::BIGINT AS c
          FROM f JOIN l ON l.column0 = f.report_id WHERE f.agency_id = $1 ORDER BY f.report_id`, [id])).getRowsJS())
          .map(([r, y, s, o, n, c]) => ({ report: String(r), year: Number(y), place: { shard: String(s), offset: Number(o), length: Number(n), check: Number(c) } }));
        expect(agency!.entries.map((e) => ({ report: e[0], year: e[1], place: placeOfReport(agency!, e[0]) }))).toEqual(want);
        expect(agency!.name).toBe(`某某市某某局${id.replace(/^.*局/, '')}`);
      }
    } finally {
      db.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("in a page (the header read once), a lookup after a rebuild that moved the buckets reads the header again and answers for the new build", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agency-index-stale-'));
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    const log: { path: string; bytes: number }[] = [];
    vi.stubGlobal('fetch', folderFetch(dir, log));
    try {
      const facts = `read_parquet('${join(series.out, 'facts.parquet')}')`;
      const ids = (await all(`SELECT agency_id FROM facts WHERE agency_id IS NOT NULL AND status <> 'failed' AND superseded_by IS NULL GROUP BY 1 ORDER BY 1`)).map((r) => String(r.agency_id));
      const byBucket = [...ids].sort((a, b) => (hash(a) % 4096) - (hash(b) % 4096));
      const [first, last] = [byBucket[0], byBucket.at(-1)!];
      await writeAgencyIndex(db, dir, facts);
      expect((await lookupAgency('/data/', first)).state).toBe('found');
      expect(log.length).toBe(2);
      // Again (a year link of the same agency): nothing asked.
      expect((await lookupAgency('/data/', first)).state).toBe('found');
      expect(log.length).toBe(2);
      // The next build leaves the first agency out: every later bucket moves.
      await writeAgencyIndex(db, dir, `(SELECT * FROM ${facts} WHERE agency_id IS DISTINCT FROM '${first.replace(/'/g, "''")}')`);
      log.length = 0;
      const found = await lookupAgency('/data/', last);
      const want = (await all(`SELECT report_id FROM facts WHERE agency_id = $1 AND status <> 'failed' AND superseded_by IS NULL ORDER BY 1`, [last])).map((r) => r.report_id);
      expect(found.state === 'found' ? found.agency.entries.map((e) => e[0]) : found).toEqual(want);
      // The stale bucket, the header again, the bucket.
      expect(log.map((l) => l.bytes === 8 + 4 * 4097)).toEqual([false, true, false]);
      expect(await lookupAgency('/data/', first)).toEqual({ state: 'absent' });
    } finally {
      vi.unstubAllGlobals();
      db.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown agency or a missing file is "cannot say" (null), not an error', async () => {
    expect(await loadAgencyReports('/data/', 'no-such-agency', fileFetch)).toBeNull();
    expect(await loadAgencyReports('/nowhere/', 'x', fileFetch)).toBeNull();
  });
});
