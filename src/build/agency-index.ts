// The agency index (format and page side: src/app/agency-index.ts): per agency, its charted
// reports — readable (status not failed) and not superseded, the rows reportOfSeries chooses
// from — as [report_id, year], in AGENCY_INDEX_SHARDS files agency-index/agencies-NN.json by
// a hash of the agency id. Streamed in shard order: one shard in memory at a time.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AGENCY_INDEX_DIR, AGENCY_INDEX_SHARDS, agencyIndexFileName, agencyShardSql, type AgencyIndexEntry, type AgencyIndexFile } from '../app/agency-index.ts';

/** Writes `outDir`/agency-index/ from `facts` (a FROM expression); returns the files written (paths under outDir). */
export async function writeAgencyIndex(db: DuckDBConnection, outDir: string, facts: string): Promise<{ name: string; bytes: number }[]> {
  const dir = join(outDir, AGENCY_INDEX_DIR);
  mkdirSync(dir, { recursive: true });
  const result = await db.stream(`SELECT ${agencyShardSql('agency_id')}::INTEGER AS shard, agency_id, report_id, year
    FROM ${facts} WHERE agency_id IS NOT NULL AND status <> 'failed' AND superseded_by IS NULL
    ORDER BY shard, agency_id, report_id`);
  const files: { name: string; bytes: number }[] = [];
  let shard = -1;
  let agencies: Record<string, AgencyIndexEntry[]> = {};
  const flush = () => {
    if (shard < 0) return;
    const name = `${AGENCY_INDEX_DIR}/${agencyIndexFileName(shard)}`;
    const file: AgencyIndexFile = { version: 1, agencies };
    writeFileSync(join(outDir, name), JSON.stringify(file));
    files.push({ name, bytes: statSync(join(outDir, name)).size });
  };
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const [s, agency, report, year] of chunk.getRows()) {
      const n = Number(s);
      if (n !== shard) {
        flush();
        shard = n;
        agencies = {};
      }
      (agencies[String(agency)] ??= []).push([String(report), year === null ? null : Number(year)]);
    }
  }
  flush();
  if (files.length > AGENCY_INDEX_SHARDS) throw new Error(`agency index: ${files.length} files, more than ${AGENCY_INDEX_SHARDS}`);
  return files;
}
