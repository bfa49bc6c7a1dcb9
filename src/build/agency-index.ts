// The agency index (format and page side: src/app/agency-index.ts): per agency, its name (the
// agency page's heading before the database is ready) and its charted reports — readable (status not failed) and not superseded, the rows reportOfSeries chooses
// from — as [report_id, year] or, when the build knows where the report's text is,
// [report_id, year, source shard, offset, length, checksum] (the shard by its place in the bucket's
// `sources` list; the checksum, fnv1a32 of the text's bytes, lets a page still open after a new
// build notice that the bytes at that place are another text, since shard names are reused).
// One file, agency-index/agencies.bin: a header of AGENCY_BUCKETS + 1 byte offsets, then per bucket
// (by a hash of the agency id) its JSON, gzipped on its own, so the page reads one agency's bucket
// with one Range request of about a kilobyte at 100k reports (a few at 1M) instead of a 190 KB JSON
// shard it had to decompress and parse while the new agency's page was rendering (issue 13.2).
// Stored as is (a binary file: no host compresses it, so a range addresses these bytes). Streamed in
// bucket order: one bucket in memory at a time.
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  AGENCY_BUCKETS, AGENCY_INDEX_DIR, AGENCY_INDEX_FILE, AGENCY_INDEX_HEADER_BYTES, AGENCY_INDEX_MAGIC, agencyBucketSql,
  type AgencyBucket, type AgencyIndexEntry,
} from '../app/agency-index.ts';
import { LOCATION_COLUMNS } from './sources.ts';

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Writes `outDir`/agency-index/agencies.bin from `facts` (a FROM expression) and, if given, the
 * texts' places (`locations`: packSources' file; a report without a line there gets no place);
 * returns the file written (its path under outDir and size).
 */
export async function writeAgencyIndex(db: DuckDBConnection, outDir: string, facts: string, locations?: string): Promise<{ name: string; bytes: number }[]> {
  const dir = join(outDir, AGENCY_INDEX_DIR);
  mkdirSync(dir, { recursive: true });
  const placed = locations !== undefined && existsSync(locations) && statSync(locations).size > 0;
  const columns = `{${Object.entries(LOCATION_COLUMNS).map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ')}}`;
  const place = placed
    ? `LEFT JOIN read_csv(${sqlString(locations)}, delim = '\\t', header = false, quote = '', escape = '', columns = ${columns}) l USING (report_id)`
    : '';
  // The name: that of the report the agency page shows with no year chosen (reportOfSeries: the
  // newest year, then the smallest report_id), so its heading does not change when the database answers.
  const result = await db.stream(`SELECT ${agencyBucketSql('f.agency_id')}::INTEGER AS bucket, f.agency_id, f.report_id, f.year,
      ${placed ? 'l.source_shard, l.source_offset, l.source_length, l.source_check' : 'NULL, NULL, NULL, NULL'},
      first_value(f.agency) OVER (PARTITION BY f.agency_id ORDER BY f.year DESC NULLS LAST, f.report_id) AS name
    FROM ${facts} f ${place} WHERE f.agency_id IS NOT NULL AND f.status <> 'failed' AND f.superseded_by IS NULL
    ORDER BY bucket, f.agency_id, f.report_id`);
  const name = `${AGENCY_INDEX_DIR}/${AGENCY_INDEX_FILE}`;
  const path = join(outDir, name);
  const fd = openSync(path, 'w');
  try {
    // offsets[b]..offsets[b + 1]: bucket b's bytes (equal when it holds no agency).
    const offsets = new Uint32Array(AGENCY_BUCKETS + 1);
    let at = AGENCY_INDEX_HEADER_BYTES;
    writeSync(fd, new Uint8Array(AGENCY_INDEX_HEADER_BYTES), 0, AGENCY_INDEX_HEADER_BYTES, 0);
    let bucket = -1;
    let agencies: Record<string, AgencyIndexEntry[]> = {};
    let sources = new Map<string, number>();
    let names: Record<string, string> = {};
    const flush = () => {
      if (bucket < 0) return;
      const body: AgencyBucket = { version: 3, bucket, sources: [...sources.keys()], agencies, names };
      const bytes = gzipSync(JSON.stringify(body), { level: 9 });
      writeSync(fd, bytes, 0, bytes.length, at);
      at += bytes.length;
      if (at > 0xffffffff) throw new Error('agency index: over 4 GiB');
    };
    /** Buckets up to `to` (excluded) end where the writing stands. */
    const close = (to: number) => {
      for (let b = bucket + 1; b <= to; b++) offsets[b] = at;
    };
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const [b, agency, report, year, sourceShard, offset, length, check, agencyName] of chunk.getRows()) {
        const n = Number(b);
        if (n !== bucket) {
          flush();
          // offsets[k] is where bucket k starts: every bucket after the last one written, up to n, starts here.
          close(n);
          bucket = n;
          agencies = {};
          sources = new Map();
          names = {};
        }
        if (agencyName !== null && agencyName !== '') names[String(agency)] = String(agencyName);
        const y = year === null ? null : Number(year);
        let entry: AgencyIndexEntry = [String(report), y];
        if (sourceShard !== null && offset !== null && length !== null && check !== null) {
          const shard = String(sourceShard);
          let s = sources.get(shard);
          if (s === undefined) sources.set(shard, (s = sources.size));
          entry = [String(report), y, s, Number(offset), Number(length), Number(check)];
        }
        (agencies[String(agency)] ??= []).push(entry);
      }
    }
    flush();
    close(AGENCY_BUCKETS);
    const header = new Uint8Array(AGENCY_INDEX_HEADER_BYTES);
    const view = new DataView(header.buffer);
    header.set(new TextEncoder().encode(AGENCY_INDEX_MAGIC), 0);
    view.setUint32(4, AGENCY_BUCKETS, true);
    offsets.forEach((o, i) => view.setUint32(8 + 4 * i, o, true));
    writeSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  return [{ name, bytes: statSync(path).size }];
}
