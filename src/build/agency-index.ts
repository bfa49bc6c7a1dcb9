// The agency index (format and page side: src/app/agency-index.ts): per agency, its name (the
// agency page's heading before the database is ready) and its charted reports — readable (status not failed) and not superseded, the rows reportOfSeries chooses
// from — as [report_id, year] or, when the build knows where the report's text is,
// [report_id, year, source shard, offset, length, checksum] (the shard by its place in the file's
// `sources` list; the checksum, fnv1a32 of the text's bytes, lets a page still open after a new
// build notice that the bytes at that place are another text, since shard names are reused), in AGENCY_INDEX_SHARDS files agency-index/agencies-NN.json by a hash of the
// agency id. With the text's place in it, the agency page reads the text with one Range request
// after this file, without the sources' index-XX.json (one request fewer; that index is about
// 150 KB of JSON at 1M reports). Streamed in shard order: one shard in memory at a time.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AGENCY_INDEX_DIR, AGENCY_INDEX_SHARDS, agencyIndexFileName, agencyShardSql, type AgencyIndexEntry, type AgencyIndexFile } from '../app/agency-index.ts';
import { LOCATION_COLUMNS } from './sources.ts';

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Writes `outDir`/agency-index/ from `facts` (a FROM expression) and, if given, the texts'
 * places (`locations`: packSources' file; a report without a line there gets no place); returns
 * the files written (paths under outDir).
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
  const result = await db.stream(`SELECT ${agencyShardSql('f.agency_id')}::INTEGER AS shard, f.agency_id, f.report_id, f.year,
      ${placed ? 'l.source_shard, l.source_offset, l.source_length, l.source_check' : 'NULL, NULL, NULL, NULL'},
      first_value(f.agency) OVER (PARTITION BY f.agency_id ORDER BY f.year DESC NULLS LAST, f.report_id) AS name
    FROM ${facts} f ${place} WHERE f.agency_id IS NOT NULL AND f.status <> 'failed' AND f.superseded_by IS NULL
    ORDER BY shard, f.agency_id, f.report_id`);
  const files: { name: string; bytes: number }[] = [];
  let shard = -1;
  let agencies: Record<string, AgencyIndexEntry[]> = {};
  let sources = new Map<string, number>();
  let names: Record<string, string> = {};
  const flush = () => {
    if (shard < 0) return;
    const name = `${AGENCY_INDEX_DIR}/${agencyIndexFileName(shard)}`;
    const file: AgencyIndexFile = { version: 2, sources: [...sources.keys()], agencies, names };
    writeFileSync(join(outDir, name), JSON.stringify(file));
    files.push({ name, bytes: statSync(join(outDir, name)).size });
  };
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const [s, agency, report, year, sourceShard, offset, length, check, agencyName] of chunk.getRows()) {
      const n = Number(s);
      if (n !== shard) {
        flush();
        shard = n;
        agencies = {};
        sources = new Map();
        names = {};
      }
      if (agencyName !== null && agencyName !== '') names[String(agency)] = String(agencyName);
      const y = year === null ? null : Number(year);
      let entry: AgencyIndexEntry = [String(report), y];
      if (sourceShard !== null && offset !== null && length !== null && check !== null) {
        const name = String(sourceShard);
        let at = sources.get(name);
        if (at === undefined) sources.set(name, (at = sources.size));
        entry = [String(report), y, at, Number(offset), Number(length), Number(check)];
      }
      (agencies[String(agency)] ??= []).push(entry);
    }
  }
  flush();
  if (files.length > AGENCY_INDEX_SHARDS) throw new Error(`agency index: ${files.length} files, more than ${AGENCY_INDEX_SHARDS}`);
  return files;
}
