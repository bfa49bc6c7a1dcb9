// The agency page (its years, the changes between them, its peers) and the compare view, read
// as a reader sees them in Chinese and in English, against an oracle that does not call the code
// it judges (numbers-oracle.ts: plain arithmetic over facts.parquet). A generated series corpus
// (gaps, duplicate filings, renames) with the sample reports: every cell of the year-over-year
// table, every peer statistic (N, quartiles, percentile, or "—" under 5 rated peers), every cell
// of the compare table and of its CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { writeSeries } from '../../src/gen/series.ts';
import { launchBrowser, makeSite, REPORTS, waitForDb, waitForIdle, type Browsing, type Site } from './site.ts';
import { pagePerFile } from './one-page.ts';
import { charted, close, derived, loadFacts, quantile, shown, state, type Row } from './numbers-oracle.ts';

let site: Site;
let browsing: Browsing;
let facts: Row[];
let root = '';
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'agency-numbers-'));
  writeSeries({ out: root, agencies: 10, seed: 5 });
  for (const name of readdirSync(REPORTS)) cpSync(join(REPORTS, name), join(root, 'reports', 'samples', name), { recursive: true });
  [site, browsing] = await Promise.all([makeSite({ reports: join(root, 'reports') }), launchBrowser()]);
  facts = await loadFacts(site.root);
}, 300_000);
afterAll(async () => {
  await browsing?.close();
  await site?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

// One page for the file (one start of DuckDB, not one per agency and language): each link is shown
// in it whole, as the app's own links do, and read once the page has taken it (nothing busy).
const pages = pagePerFile(() => ({ browsing, site }));

const digits = (k: string) => (k === 'new_applications' || k === 'handled' ? 0 : k === 'processing_fee_yuan' ? 2 : k === 'fees_10k_yuan' ? 4 : 1);
const WORDS = { zh: { too_few: '样本过少', not_stated: '未说明' }, en: { too_few: 'too few to rate', not_stated: 'not stated' } } as const;
const AMOUNTS = new Set(['fees_10k_yuan', 'processing_fee_yuan']);

/** The oracle's state and value of a measure of one report (the agency page's and compare view's rules). */
function expected(r: Row, key: string): { st: string; v: number | null } {
  const d = derived(r);
  if (key === 'new_applications') return { st: r.t3_new_total == null ? 'not_stated' : 'value', v: r.t3_new_total ?? null };
  if (key === 'handled') return { st: d.handled == null ? 'not_stated' : 'value', v: d.handled };
  if (r.template === '2019' && key === 'fees_10k_yuan') return { st: 'not_comparable', v: null };
  const x = d.m[key];
  const st = state(x, AMOUNTS.has(key));
  return { st, v: st === 'value' ? x.v : null };
}
/** Agencies with several charted years, a gap or a duplicate filing first. */
function agencies(): string[] {
  const ids = [...new Set(facts.filter((r) => r.agency_id && charted(r)).map((r) => r.agency_id as string))].sort();
  const years = (id: string) => [...new Set(facts.filter((r) => r.agency_id === id && charted(r)).map((r) => r.year))].sort();
  const gap = (id: string) => years(id).some((y, i, ys) => i > 0 && y - ys[i - 1] > 1);
  const dup = (id: string) => facts.some((r) => r.agency_id === id && r.superseded_by);
  return [...ids.filter((id) => gap(id) && dup(id)), ...ids.filter((id) => gap(id) !== dup(id)), ...ids.filter((id) => !gap(id) && !dup(id))];
}

describe('the agency page against the oracle', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`every year, change and peer statistic (${lang})`, async () => {
      // Chinese: a gap and a duplicate filing, and another; English: a third (each page load starts DuckDB).
      const all = agencies();
      expect(all.length).toBeGreaterThanOrEqual(3);
      const picked = lang === 'zh' ? all.slice(0, 2) : all.slice(2, 3);
      let compared = 0;
      for (const id of picked) {
        const mine = facts.filter((r) => r.agency_id === id && r.status !== 'failed' && r.year != null);
        const years = [...new Set(mine.filter(charted).map((r) => r.year as number))].sort();
        const chartedOf = (y: number) => mine.find((r) => charted(r) && r.year === y)!;
        const year = years[years.length - 1];
        const v = await pages.show(`${site.url}?view=agency&agency=${encodeURIComponent(id)}&year=${year}${lang === 'en' ? '&lang=en' : ''}`);
        await waitForDb(v.page);
        await waitForIdle(v.page);
        await v.page.waitForSelector('[data-testid="yoy-table"]');
        await v.page.waitForSelector('[data-testid="peers-table"]');
        const head = await v.page.$$eval('[data-testid="yoy-table"] thead th', (ths) => ths.map((t) => t.textContent!.trim()));
        expect(head.slice(1).map((h) => Number(h.match(/\d{4}/)![0]))).toEqual(years);
        const table = await v.page.$$eval('[data-testid="yoy-table"] tbody tr', (trs) => trs.map((tr) => ({
          key: tr.getAttribute('data-measure')!,
          cells: [...tr.querySelectorAll('td')].map((td) => ({ state: td.getAttribute('data-state'), full: td.textContent!.trim(), change: td.querySelector('.change')?.textContent?.trim() ?? '' })),
        })));
        for (const line of table) {
          let previous: { y: number; v: number } | null = null;
          years.forEach((y, i) => {
            const want = expected(chartedOf(y), line.key);
            const cell = line.cells[i];
            const where = `${id} ${y} ${line.key}: ${cell.full}`;
            expect(cell.state, where).toBe(want.st);
            const text = cell.full.replace(cell.change, '').trim();
            if (want.st === 'value') expect(close(shown(text), want.v, digits(line.key)), where).toBe(true);
            else if (want.st !== 'not_comparable') expect(text, where).toContain(WORDS[lang][want.st as 'too_few']);
            if (want.st === 'value' && previous) {
              // The change from the last year with a value (a missing year or a year without one skipped).
              const m = cell.change.match(/(\d{4}).*?([+−±])([\d,.]+)/);
              expect(m, where).not.toBeNull();
              expect(Number(m![1]), where).toBe(previous.y);
              expect(close((m![2] === '−' ? -1 : 1) * Number(m![3].replace(/,/g, '')), want.v! - previous.v, digits(line.key)), where).toBe(true);
            } else expect(cell.change, where).toBe('');
            if (want.st === 'value') previous = { y, v: want.v! };
            compared++;
          });
        }
        // Peers: the charted reports of the same year, level and kind (and province).
        const me = chartedOf(year);
        const peersTable = await v.page.$$eval('[data-testid="peers-table"] tbody tr', (trs) => trs.map((tr) => ({
          key: tr.getAttribute('data-measure')!,
          cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.getAttribute('data-cell'), td.textContent!.trim()])) as Record<string, string>,
        })));
        for (const scope of ['national', 'province'] as const) {
          const peers = facts.filter((r) => charted(r) && r.year === me.year && r.level === me.level && r.kind === me.kind && (scope === 'national' || r.province === me.province));
          for (const { key, cells } of peersTable) {
            const amount = AMOUNTS.has(key);
            const values = peers.map((r) => derived(r).m[key]).filter((x) => state(x, amount) === 'value').map((x) => x.v!).sort((a, b) => a - b);
            const own = derived(me).m[key];
            const where = `${id} ${scope} ${key}: ${JSON.stringify(cells)}`;
            expect(shown(cells[`${scope}-n`]), where).toBe(values.length);
            if (values.length >= 5) {
              expect(close(shown(cells[`${scope}-q1`]), quantile(values, 0.25), digits(key)), where).toBe(true);
              expect(close(shown(cells[`${scope}-median`]), quantile(values, 0.5), digits(key)), where).toBe(true);
              expect(close(shown(cells[`${scope}-q3`]), quantile(values, 0.75), digits(key)), where).toBe(true);
              const pct = state(own, amount) === 'value' ? Math.round((values.filter((x) => x <= own.v!).length * 100) / values.length) : null;
              expect(shown(cells[`${scope}-pct`]), where).toBe(pct);
            } else {
              for (const q of ['q1', 'median', 'q3', 'pct']) expect(cells[`${scope}-${q}`], where).toBe('—');
              if (values.length > 0) expect(cells[`${scope}-n`], where).toMatch(/年报过少|too few reports/);
            }
            compared++;
          }
        }
        expect(v.errors).toEqual([]);
      }
      expect(compared).toBeGreaterThan(lang === 'zh' ? 60 : 30);
    }, 120_000);
  }
});

describe('the compare view against the oracle', () => {
  it('every cell of the table (zh, en) and of its CSV (unrounded)', async () => {
    const ids = agencies().slice(0, 4);
    const keys = ['new_applications', 'handled', 'share_granted', 'share_refused', 'disputes_per_100', 'corrected_share', 'fees_10k_yuan', 'processing_fee_yuan'];
    const rows = ids.flatMap((id) => [...new Set(facts.filter((r) => r.agency_id === id && charted(r) && r.year != null).map((r) => r.year as number))].sort()
      .map((y) => ({ id, y, r: facts.find((r) => r.agency_id === id && charted(r) && r.year === y)! })));
    for (const lang of ['zh', 'en'] as const) {
      const v = await pages.show(`${site.url}?view=compare&agencies=${ids.map(encodeURIComponent).join(',')}${lang === 'en' ? '&lang=en' : ''}`);
      await waitForDb(v.page);
      await waitForIdle(v.page);
      await v.page.waitForSelector('[data-testid="compare-table"] tbody tr');
      const table = await v.page.$$eval('[data-testid="compare-table"] tbody tr', (trs) => trs.map((tr) => ({
        id: tr.getAttribute('data-agency-id'), year: Number(tr.getAttribute('data-year')),
        cells: Object.fromEntries([...tr.querySelectorAll('td[data-measure]')].map((td) => [td.getAttribute('data-measure'), { st: td.getAttribute('data-state'), text: td.textContent!.trim() }])) as Record<string, { st: string; text: string }>,
      })));
      expect(table.map((t) => [t.id, t.year])).toEqual(rows.map((e) => [e.id, e.y]));
      rows.forEach((e, i) => {
        for (const key of keys) {
          const want = expected(e.r, key);
          const cell = table[i].cells[key];
          const where = `${e.id} ${e.y} ${key}: ${cell.text}`;
          expect(cell.st, where).toBe(want.st);
          if (want.st === 'value') expect(close(shown(cell.text), want.v, digits(key)), where).toBe(true);
          else if (want.st !== 'not_comparable') expect(cell.text, where).toContain(WORDS[lang][want.st as 'too_few']);
        }
      });
      const [download] = await Promise.all([v.page.waitForEvent('download'), v.page.click('[data-testid="compare-csv"]')]);
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [, ...body] = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
      expect(body.length).toBe(rows.length);
      body.forEach((line, i) => keys.forEach((key, j) => {
        const want = expected(rows[i].r, key);
        const got = line[4 + j];
        if (want.st === 'value') expect(Math.abs(Number(got) - want.v!), `${rows[i].id} ${rows[i].y} ${key} ${got}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(want.v!)));
        else expect(got === '' || Number.isNaN(Number(got)), `${key} ${got}`).toBe(true);
      }));
      expect(v.errors).toEqual([]);
    }
  }, 120_000);
});
