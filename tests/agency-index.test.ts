// The agency index (src/build/agency-index.ts, read by src/app/agency-index.ts) lets the agency
// page pick an agency's report before the series query answers. On a built series corpus (gaps and
// duplicate filings included), through the page's own reader (loadAgencyReports on the files), its
// pick for every agency and year is the one SQL written here picks on facts.parquet; each file
// holds only agencies of its own shard; agencies with no charted report are not in it.
import { describe, expect, it } from 'vitest';
import { builtSeries, type Row } from './built-series.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENCY_INDEX_DIR, agencyShard, loadAgency, loadAgencyReports, placeOfReport, reportOfIndex } from '../src/app/agency-index.ts';
import { builtSource } from './helpers.ts';
import { fnv1a32 } from '../src/lib/checksum.ts';

const series = builtSeries({ prefix: 'agency-index-', agencies: 8, seed: 5, table: 'facts', parquet: 'facts.parquet' });
const all = series.all;

/** The built folder served by a fetch of our own: a path under out/, 404 when absent. */
const fileFetch = (async (url: string) => {
  const path = join(series.out, String(url).replace(/^\/data\//, ''));
  if (!existsSync(path)) return new Response('', { status: 404 });
  return new Response(readFileSync(path), { headers: { 'content-type': 'application/json' } });
}) as typeof fetch;

describe('the agency index', () => {
  it('files hold only their own shard', () => {
    const dir = join(series.out, AGENCY_INDEX_DIR);
    const names = readdirSync(dir);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const shard = Number(/^agencies-(\d\d)\.json$/.exec(name)![1]);
      const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { agencies: Record<string, unknown> };
      for (const id of Object.keys(file.agencies)) expect(agencyShard(id), id).toBe(shard);
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

  it("reads a version-1 file (no places) as before: the page then reads the sources' index", async () => {
    const v1 = (async () => new Response(JSON.stringify({ version: 1, agencies: { a: [['00ff', 2024]] } }), { headers: { 'content-type': 'application/json' } })) as typeof fetch;
    const agency = await loadAgency('/data/', 'a', v1);
    expect(agency?.entries).toEqual([['00ff', 2024]]);
    expect(placeOfReport(agency!, '00ff')).toBeNull();
  });

  it('an unknown agency or a missing file is "cannot say" (null), not an error', async () => {
    expect(await loadAgencyReports('/data/', 'no-such-agency', fileFetch)).toBeNull();
    expect(await loadAgencyReports('/nowhere/', 'x', fileFetch)).toBeNull();
  });
});
