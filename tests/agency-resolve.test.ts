// The agency page picks the report of an agency and a year from the agency's series
// (reportOfSeries, src/db/agencies.ts), not from a query of its own. On a generated series corpus
// (gaps and duplicate filings included) its pick for every agency and year is the one SQL written
// here picks: the charted report (not failed, not superseded) of that year, else of the latest
// year, a report without a year last, ties by report_id.
import { describe, expect, it } from 'vitest';
import { builtSeries, type Row } from './built-series.ts';
import { agencySeries, reportOfSeries, type SeriesRow } from '../src/db/agencies.ts';

const { all } = builtSeries({ prefix: 'resolve-', agencies: 6, seed: 3, table: 'facts', parquet: 'facts.parquet' });

describe('reportOfSeries on a built series corpus', () => {
  it('picks, for every agency and year, the report the SQL rule picks', async () => {
    const agencies = (await all('SELECT DISTINCT agency_id FROM facts WHERE agency_id IS NOT NULL ORDER BY 1')).map((r) => String(r.agency_id));
    expect(agencies.length).toBeGreaterThanOrEqual(6);
    let duplicates = 0;
    let checked = 0;
    for (const id of agencies) {
      const q = agencySeries(id);
      const series = (await all(q.sql, q.params as string[])) as SeriesRow[];
      duplicates += series.filter((r) => r.superseded_by !== null).length;
      for (const year of [null, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]) {
        // The rule, written here: charted reports of the agency; the year asked first, then the newest, then by id.
        const expected = await all(`SELECT report_id FROM facts WHERE agency_id = $1 AND status <> 'failed' AND superseded_by IS NULL
          ORDER BY CASE WHEN $2::INTEGER IS NOT NULL AND year = $2::INTEGER THEN 0 ELSE 1 END, year DESC NULLS LAST, report_id LIMIT 1`, [id, year]);
        expect(reportOfSeries(series, year)?.report_id ?? null, `${id} ${year}`).toBe((expected[0]?.report_id as string | undefined) ?? null);
        checked++;
      }
    }
    // The corpus has duplicate filings, so the superseded copies were there to be skipped.
    expect(duplicates).toBeGreaterThan(0);
    expect(checked).toBe(agencies.length * 9);
  });
});

describe('reportOfSeries on hand-made rows', () => {
  const r = (report_id: string, year: number | null, over: Partial<SeriesRow> = {}) => ({ report_id, year, status: 'ok', superseded_by: null, ...over }) as SeriesRow;
  const rows = [r('b', 2022), r('a', 2022), r('c', 2023, { superseded_by: 'd' }), r('d', 2021), r('e', null), r('f', 2024, { status: 'failed' })];

  it('takes the year asked, ties by report_id', () => {
    expect(reportOfSeries(rows, 2022)!.report_id).toBe('a');
    expect(reportOfSeries(rows, 2021)!.report_id).toBe('d');
  });
  it('skips superseded and failed reports; a year without a charted one gives the latest year', () => {
    expect(reportOfSeries(rows, 2023)!.report_id).toBe('a');
    expect(reportOfSeries(rows, 2024)!.report_id).toBe('a');
    expect(reportOfSeries(rows, null)!.report_id).toBe('a');
  });
  it('puts a report without a year last, and gives null when nothing is charted', () => {
    expect(reportOfSeries([r('e', null), r('z', 2001)], null)!.report_id).toBe('z');
    expect(reportOfSeries([r('e', null)], 2001)!.report_id).toBe('e');
    expect(reportOfSeries([r('c', 2023, { superseded_by: 'x' })], 2023)).toBeNull();
  });
});
