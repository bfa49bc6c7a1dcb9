// The agency page reads one report's row with reportById, which takes only the page's columns
// (reports.parquet is read by HTTP range in the browser, a request per column chunk). On a built
// series corpus (a file that fails included): every field the page shows is there, with the
// value SQL written here reads from the Parquet (SELECT * on the same report), for every report.
import { describe, expect, it } from 'vitest';
import { builtSeries, type Row } from './built-series.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportById } from '../src/db/queries.ts';

const { all } = builtSeries({ prefix: 'report-row-', agencies: 4, seed: 5, table: 'reports', parquet: 'reports.parquet',
  addFiles: (dir) => writeFileSync(join(dir, 'not-a-report.txt'), '这不是年报，没有表格。\n') });

/** Every field src/views/Agency.svelte (and the AgencyYears and AgencyPeers it mounts) reads from the report's row. */
const SHOWN = [
  'report_id', 'agency_id', 'superseded_by', 'agency', 'agency_source', 'year', 'year_source', 'province', 'city', 'county', 'region_code', 'region_source',
  'level', 'kind', 'template', 't3_layout', 'statistics_year', 'processing_fee_yuan', 'status', 'file', 'encoding', 'source_url', 'error', 'error_en',
];

describe('the report row of the agency page', () => {
  it('has every shown field, with the value of SELECT * on the Parquet, for every report (a failed one included)', async () => {
    const ids = (await all('SELECT report_id, status FROM reports ORDER BY report_id'));
    expect(ids.some((r) => r.status === 'failed')).toBe(true);
    for (const { report_id: id } of ids) {
      const q = reportById(String(id));
      const [got] = await all(q.sql, q.params);
      const [want] = await all('SELECT * FROM reports WHERE report_id = ?', [String(id)]);
      for (const k of SHOWN) expect([k, got[k]]).toEqual([k, want[k]]);
      // Narrow: not the table cells.
      expect(Object.keys(got).length).toBeLessThan(Object.keys(want).length / 4);
    }
  });
});
