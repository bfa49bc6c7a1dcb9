// The agency page's text in one piece of work (src/app/source-fetch.ts, what its worker runs): for
// an agency and a year, the report the rule written here in SQL picks on facts.parquet, and that
// report's text as the build packed it (read from disk by tests/helpers.ts); over the project's server.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { builtSeries } from './built-series.ts';
import { builtSource } from './helpers.ts';
import { answerSource } from '../src/app/source-fetch.ts';
import { startServer } from '../src/server/static.ts';

const series = builtSeries({ prefix: 'source-fetch-', agencies: 4, seed: 7, table: 'facts', parquet: 'facts.parquet' });

describe('the source text of an agency page, picked and fetched in one go', () => {
  it('is the text of the report the rule picks, for every agency and year; a report named is read as is', async () => {
    const server = await startServer({ root: series.root, port: 0 });
    try {
      const data = `${server.url}out/`;
      const agencies = (await series.all('SELECT DISTINCT agency_id FROM facts WHERE agency_id IS NOT NULL ORDER BY 1')).map((r) => String(r.agency_id));
      expect(agencies.length).toBeGreaterThanOrEqual(4);
      let texts = 0;
      /** Choices of a report other than the agency's newest (no name from the index then). */
      let otherYears = 0;
      for (const agency of agencies) {
        for (const year of [null, 2021, 2023, 2025]) {
          const [want] = await series.all(`SELECT report_id, file FROM facts WHERE agency_id = $1 AND status <> 'failed' AND superseded_by IS NULL
            ORDER BY CASE WHEN $2::INTEGER IS NOT NULL AND year = $2::INTEGER THEN 0 ELSE 1 END, year DESC NULLS LAST, report_id LIMIT 1`, [agency, year]);
          // The agency's text in three requests: the agency index's header and the agency's bucket (a page
          // reads the header once: this fetch is not the page's, so it is read each time), then the text's range.
          const asked: string[] = [];
          const counting = ((url: string | URL | Request, init?: RequestInit) => {
            asked.push(String(url));
            return fetch(url, init);
          }) as typeof fetch;
          // What the index says comes first, before the text's request: the chosen report and, when it
          // is the agency's newest charted report (the name the index holds), its name; another
          // year's report may print another name (a rename, 办公厅 for 办公室), so none then.
          const choices: unknown[] = [];
          const got = await answerSource({ ticket: 7, data, agency, year }, counting, (c) => choices.push({ ...c, asked: asked.length }));
          const [newest] = await series.all(`SELECT report_id, agency FROM facts WHERE agency_id = $1 AND status <> 'failed' AND superseded_by IS NULL
            ORDER BY year DESC NULLS LAST, report_id LIMIT 1`, [agency]);
          const [chosen] = want ? await series.all('SELECT year, agency FROM facts WHERE report_id = $1', [String(want.report_id)]) : [];
          const name = newest && want && newest.report_id === want.report_id ? newest.agency : null;
          if (name !== null) expect(name).toBe(chosen.agency);
          if (want && newest.report_id !== want.report_id) otherYears++;
          expect(choices).toEqual([{ ticket: 7, choice: true, known: !!newest, reportId: want ? want.report_id : null, name, year: chosen?.year ?? null, asked: 2 }]);
          expect(got.ticket).toBe(7);
          expect(got.reportId, `${agency} ${year}`).toBe(want ? want.report_id : null);
          if (!want) continue;
          const text = builtSource(join(series.out, 'sources'), String(want.report_id));
          expect(text).toBeTruthy();
          expect(got.result).toEqual({ state: 'done', text });
          expect(asked.map((u) => u.slice(data.length).replace(/\d+/g, 'N')), `${agency} ${year}`).toEqual(['agency-index/agencies.bin', 'agency-index/agencies.bin', 'sources/shard-N.txt']);
          texts++;
          expect(await answerSource({ ticket: 8, data, report: String(want.report_id) })).toEqual({ ticket: 8, reportId: want.report_id, result: { state: 'done', text } });
        }
      }
      expect(texts).toBeGreaterThan(agencies.length * 2);
      expect(otherYears).toBeGreaterThan(0);
      // A place whose bytes are another text now (a page still open after a rebuild: shard names are
      // reused): the same number of other bytes answer the Range request; the text still comes right,
      // through the sources' own index.
      const agency = agencies[0];
      const [want] = await series.all(`SELECT report_id FROM facts WHERE agency_id = $1 AND status <> 'failed' AND superseded_by IS NULL
        ORDER BY year DESC NULLS LAST, report_id LIMIT 1`, [agency]);
      const text = builtSource(join(series.out, 'sources'), String(want.report_id))!;
      const asked: string[] = [];
      let swapped = false;
      const stale = (async (url: string | URL | Request, init?: RequestInit) => {
        asked.push(String(url));
        const res = await fetch(url, init);
        if (swapped || !String(url).includes('/sources/shard-')) return res;
        swapped = true;
        const bytes = new Uint8Array(await res.arrayBuffer());
        return new Response(bytes.map((b) => (b === 0x20 ? 0x2e : b === 0x2e ? 0x20 : b ^ 1)), { status: res.status, headers: res.headers });
      }) as typeof fetch;
      expect(await answerSource({ ticket: 3, data, agency, year: null }, stale)).toEqual({ ticket: 3, reportId: want.report_id, result: { state: 'done', text } });
      expect(swapped).toBe(true);
      expect(asked.map((u) => u.slice(data.length).replace(/index-[0-9a-f]+/, 'index-X').replace(/\d+/g, 'N'))).toEqual(['agency-index/agencies.bin', 'agency-index/agencies.bin', 'sources/shard-N.txt', 'sources/index-X.json', 'sources/shard-N.txt']);
      // Only whether the index lists it (an id tried for a link of an older build): the index file, no text.
      const only: string[] = [];
      const listed: (boolean | null)[] = [];
      const onlyFetch = ((url: string | URL | Request, init?: RequestInit) => (only.push(String(url)), fetch(url, init))) as typeof fetch;
      expect(await answerSource({ ticket: 4, data, agency, year: null, choiceOnly: true }, onlyFetch, (c) => listed.push(c.known))).toEqual({ ticket: 4, reportId: want.report_id, result: null });
      expect(listed).toEqual([true]);
      expect(only.map((u) => u.slice(data.length).replace(/\d+/g, 'N'))).toEqual(['agency-index/agencies.bin', 'agency-index/agencies.bin']);
      // An agency the index does not know: no choice (the page waits for the database); a report without a text: missing.
      expect(await answerSource({ ticket: 1, data, agency: 'no-such-agency', year: null })).toEqual({ ticket: 1, reportId: null, result: null });
      expect(await answerSource({ ticket: 2, data, report: 'ffffffffffffffff' })).toEqual({ ticket: 2, reportId: 'ffffffffffffffff', result: { state: 'missing' } });
    } finally {
      await server.close();
    }
  });
});
