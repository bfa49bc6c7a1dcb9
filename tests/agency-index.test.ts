// The agency index (src/build/agency-index.ts, read by src/app/agency-index.ts) lets the agency
// page pick an agency's report before the series query answers. On a built series corpus (gaps and
// duplicate filings included), through the page's own reader (loadAgencyReports on the files), its
// pick for every agency and year is the one SQL written here picks on facts.parquet; each file
// holds only agencies of its own shard; agencies with no charted report are not in it.
import { describe, expect, it } from 'vitest';
import { builtSeries, type Row } from './built-series.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENCY_INDEX_DIR, agencyShard, loadAgency, loadAgencyReports, lookupAgency, placeOfReport, reportOfIndex } from '../src/app/agency-index.ts';
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
    const files = new Set(readdirSync(join(series.out, AGENCY_INDEX_DIR)));
    const withFile = (id: string) => files.has(`agencies-${String(agencyShard(id)).padStart(2, '0')}.json`);
    // An id no agency has, in a shard that has a file; and one whose shard has none (then the index cannot say).
    const absent = Array.from({ length: 200 }, (_, i) => `no-such-agency-${i}`);
    expect(await lookupAgency('/data/', absent.find(withFile)!, fileFetch)).toEqual({ state: 'absent' });
    const noFile = absent.find((id) => !withFile(id));
    if (noFile) expect(await lookupAgency('/data/', noFile, fileFetch)).toEqual({ state: 'unknown' });
    expect(await lookupAgency('/nowhere/', 'x', fileFetch)).toEqual({ state: 'unknown' });
    // Not a key of the object's prototype either.
    for (const key of ['constructor', 'toString', '__proto__']) {
      expect(['absent', 'unknown']).toContain((await lookupAgency('/data/', key, fileFetch)).state);
    }
    const [id] = (await all('SELECT agency_id FROM facts WHERE agency_id IS NOT NULL AND status <> \'failed\' AND superseded_by IS NULL LIMIT 1')).map((r) => String(r.agency_id));
    expect((await lookupAgency('/data/', id, fileFetch)).state).toBe('found');
  });

  it("reads a version-1 file (no places) as before: the page then reads the sources' index", async () => {
    const v1 = (async () => new Response(JSON.stringify({ version: 1, agencies: { a: [['00ff', 2024]] } }), { headers: { 'content-type': 'application/json' } })) as typeof fetch;
    const agency = await loadAgency('/data/', 'a', v1);
    expect(agency?.entries).toEqual([['00ff', 2024]]);
    expect(agency?.name).toBeNull();
    expect(placeOfReport(agency!, '00ff')).toBeNull();
  });

  it('an unknown agency or a missing file is "cannot say" (null), not an error', async () => {
    expect(await loadAgencyReports('/data/', 'no-such-agency', fileFetch)).toBeNull();
    expect(await loadAgencyReports('/nowhere/', 'x', fileFetch)).toBeNull();
  });
});
