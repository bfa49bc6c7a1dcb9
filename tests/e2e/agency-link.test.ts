// An agency's link (?view=agency&agency=<agency_id>) before the database is ready, on a corpus whose
// summary has no per-report overview (as the build writes it above 5,000 reports): the heading is
// the agency's name from the build's agency index as soon as that file is read, a neutral loading
// heading before, never an id; the same name once the database answers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, makeSite, screenshot, visit, waitForDb, type Browsing, type Site, type Visit } from './site.ts';
import { pagePerFile } from './one-page.ts';

let site: Site;
let browsing: Browsing;
/** Per charted agency, from facts.parquet (DuckDB in node): the name and year of its newest charted report. */
let agencies: { agency_id: string; agency: string; year: number; province: string; report_id: string }[];

/** Without `overview`, as the build writes it above 5,000 reports: the page then has no name from the summary. */
function dropOverview(root: string): void {
  const path = join(root, 'data', 'summary.json');
  const s = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete s.overview;
  writeFileSync(path, JSON.stringify(s));
}

beforeAll(async () => {
  [site, browsing] = await Promise.all([makeSite({ mutate: dropOverview }), launchBrowser()]);
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const facts = join(site.root, 'data', 'facts.parquet').replace(/'/g, "''");
  const reader = await db.runAndReadAll(`SELECT agency_id, agency, year, province, report_id FROM (
      SELECT *, row_number() OVER (PARTITION BY agency_id ORDER BY year DESC NULLS LAST, report_id) AS n
      FROM read_parquet('${facts}') WHERE agency_id IS NOT NULL AND status <> 'failed' AND superseded_by IS NULL)
    WHERE n = 1 ORDER BY agency_id`);
  agencies = reader.getRowObjectsJson() as unknown as typeof agencies;
}, 300_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
});

/** Holds back requests matching `pattern` until the returned function is called. */
async function hold(context: BrowserContext, pattern: string): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await context.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const heading = 'article.report h2';
const stage = '[data-db-stage]';

// The tests of what a link shows once the database is ready share one page (one start of DuckDB,
// not five): each link shown in it as the app's own links do, the about page between so that the
// agency page is drawn anew. Those about the page before the database, or without the agency
// index, keep their own page.
const pages = pagePerFile(() => ({ browsing, site }));
/** The shared page showing `url` (after the about page), the database ready. */
async function shown(url: string): Promise<Visit> {
  await pages.show(`${site.url}?view=about`);
  const v = await pages.show(url);
  await waitForDb(v.page, 60_000);
  return v;
}

describe('an agency link before the database is ready', () => {
  it('heads the page with the agency\'s name from the agency index, a loading heading before it, never the id', async () => {
    // A prefecture's office: a name and an id that differ (the id is the region code and the name).
    const a = agencies.find((x) => x.agency_id.startsWith('330400-'))!;
    expect(a, JSON.stringify(agencies)).toBeTruthy();
    const v = await visit(browsing, site);
    try {
      const releaseDb = await hold(v.context, '**/*.wasm');
      const releaseIndex = await hold(v.context, '**/agency-index/**');
      await v.page.goto(`${site.url}?view=agency&agency=${encodeURIComponent(a.agency_id)}`);
      await v.page.waitForSelector(heading, { timeout: 30_000 });
      // Nothing known yet: a loading heading in the page's language.
      expect(await v.page.locator(heading).innerText()).toBe('正在读取机关信息…');
      releaseIndex();
      await expect.poll(() => v.page.locator(heading).innerText(), { timeout: 30_000 }).toBe(`${a.agency} ${a.year}`);
      expect(await v.page.locator(stage).getAttribute('data-db-stage')).toBe('loading');
      await screenshot(v.page, 'agency-link-before-db');
      releaseDb();
      await waitForDb(v.page, 60_000);
      await v.page.waitForSelector('[data-testid="metadata"]', { timeout: 30_000 });
      expect(await v.page.locator(heading).innerText()).toBe(`${a.agency} ${a.year}`);
      expect(await v.page.locator('article.report').getAttribute('data-report-id')).toBe(a.report_id);
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 120_000);

  it('heads a report link with a loading heading, in English too, not its id, until the report is read', async () => {
    const a = agencies[0];
    const v = await visit(browsing, site);
    try {
      const releaseDb = await hold(v.context, '**/*.wasm');
      await v.page.goto(`${site.url}?view=agency&report=${a.report_id}&lang=en`);
      await v.page.waitForSelector(heading, { timeout: 30_000 });
      await v.page.waitForTimeout(1_000);
      expect(await v.page.locator(stage).getAttribute('data-db-stage')).toBe('loading');
      expect(await v.page.locator(heading).innerText()).toBe('Loading the report…');
      releaseDb();
      await waitForDb(v.page, 60_000);
      await expect.poll(() => v.page.locator(heading).innerText(), { timeout: 30_000 }).toBe(`${a.agency} ${a.year}`);
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 120_000);
});

// Agency ids of an older build kept the places above the region in front of the name
// (`330400-浙江省嘉兴市人民政府办公室`, now `330400-嘉兴市人民政府办公室`): such a link shows the agency
// and its URL is replaced with the id it has now; an id no agency has, in either spelling, is said
// to be none in the data.
describe('an agency link with an id of an older build', () => {
  /** The old spelling, written here: the province's name in front of the name part of the id. */
  const oldId = (a: { agency_id: string; province: string }) => a.agency_id.replace('-', `-${a.province}`);

  it('shows the agency and replaces the URL with its id now, before the database is ready (from the agency index)', async () => {
    const a = agencies.find((x) => x.agency_id.startsWith('330400-'))!;
    const old = oldId(a);
    expect(old).toBe('330400-浙江省嘉兴市人民政府办公室');
    const v = await visit(browsing, site);
    try {
      const releaseDb = await hold(v.context, '**/*.wasm');
      await v.context.addInitScript(`
        window.__history = [];
        for (const name of ['pushState', 'replaceState']) {
          const own = history[name].bind(history);
          history[name] = (state, title, url) => { window.__history.push([name, String(url)]); return own(state, title, url); };
        }`);
      await v.page.goto(`${site.url}?view=agency&agency=${encodeURIComponent(old)}`);
      await expect.poll(() => v.page.evaluate(() => new URL(location.href).searchParams.get('agency')), { timeout: 30_000 }).toBe(a.agency_id);
      await expect.poll(() => v.page.locator(heading).innerText(), { timeout: 30_000 }).toBe(`${a.agency} ${a.year}`);
      expect(await v.page.locator(stage).getAttribute('data-db-stage')).toBe('loading');
      // Replaced, not pushed: back does not return to the old id.
      const changes = (await v.page.evaluate('window.__history')) as [string, string][];
      expect(changes.map(([how, url]) => [how, new URL(url, site.url).searchParams.get('agency')])).toEqual([['replaceState', a.agency_id]]);
      releaseDb();
      await waitForDb(v.page, 60_000);
      await v.page.waitForSelector('[data-testid="metadata"]', { timeout: 30_000 });
      expect(await v.page.locator('article.report').getAttribute('data-report-id')).toBe(a.report_id);
      expect(await v.page.locator('[data-testid="agency-unknown"], [data-testid="agency-missing"]').count()).toBe(0);
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 120_000);

  it('does the same from the database when the agency index cannot be read', async () => {
    const a = agencies.find((x) => /^\d{4}00-/.test(x.agency_id) && !x.agency_id.startsWith('330400-') && x.province && !x.agency_id.slice(7).startsWith(x.province))!;
    expect(a).toBeTruthy();
    const v = await visit(browsing, site);
    try {
      await v.context.route('**/agency-index/**', (route) => route.abort('failed'));
      await v.page.goto(`${site.url}?view=agency&agency=${encodeURIComponent(oldId(a))}&lang=en`);
      await waitForDb(v.page, 60_000);
      await expect.poll(() => v.page.evaluate(() => new URL(location.href).searchParams.get('agency')), { timeout: 30_000 }).toBe(a.agency_id);
      await expect.poll(() => v.page.locator(heading).innerText(), { timeout: 30_000 }).toBe(`${a.agency} ${a.year}`);
      expect(await v.page.locator('article.report').getAttribute('data-report-id')).toBe(a.report_id);
    } finally {
      await v.context.close();
    }
  }, 120_000);

  it('says so when the agency has no report for the year asked, and which year it shows instead', async () => {
    // Independently: an agency and a year it has no report for (facts.parquet, above).
    const a = agencies[0];
    const asked = a.year - 1;
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const facts = join(site.root, 'data', 'facts.parquet').replace(/'/g, "''");
    const [[n]] = (await db.runAndReadAll(`SELECT COUNT(*)::INTEGER FROM read_parquet('${facts}') WHERE agency_id = ? AND year = ?`, [a.agency_id, asked])).getRows();
    expect(n).toBe(0);
    for (const [lang, words] of [['zh', `该机关没有 ${asked} 年的年报，下面是其最近一年（${a.year} 年）的报告。`], ['en', `This agency has no report for ${asked}; below is its latest, for ${a.year}.`]] as const) {
      const v = await shown(`${site.url}?view=agency&agency=${encodeURIComponent(a.agency_id)}&year=${asked}${lang === 'en' ? '&lang=en' : ''}`);
      await expect.poll(() => v.page.locator(heading).innerText(), { timeout: 30_000 }).toBe(`${a.agency} ${a.year}`);
      await v.page.waitForSelector('[data-testid="agency-other-year"]', { timeout: 30_000 });
      expect(await v.page.getByTestId('agency-other-year').innerText()).toBe(words);
      expect(v.errors).toEqual([]);
    }
    // The year it has: no note.
    const v = await shown(`${site.url}?view=agency&agency=${encodeURIComponent(a.agency_id)}&year=${a.year}`);
    await expect.poll(() => v.page.locator(heading).innerText(), { timeout: 30_000 }).toBe(`${a.agency} ${a.year}`);
    expect(await v.page.getByTestId('agency-other-year').count()).toBe(0);
  }, 180_000);

  it('says plainly that no agency has an id found in neither spelling', async () => {
    for (const [lang, words] of [['zh', '数据中没有标识为“330400-浙江省嘉兴市不存在的机关”的机关。'], ['en', 'No agency with the id “330400-浙江省嘉兴市不存在的机关” is in the data.']] as const) {
      const v = await shown(`${site.url}?view=agency&agency=${encodeURIComponent('330400-浙江省嘉兴市不存在的机关')}${lang === 'en' ? '&lang=en' : ''}`);
      await v.page.waitForSelector('[data-testid="agency-unknown"]', { timeout: 30_000 });
      expect(await v.page.getByTestId('agency-unknown').innerText()).toBe(words);
      expect(await v.page.locator(heading).innerText()).toBe(lang === 'zh' ? '未找到' : 'Not found');
      expect(new URL(v.page.url()).searchParams.get('agency')).toBe('330400-浙江省嘉兴市不存在的机关');
      // No report, so no text section loading for ever.
      expect(await v.page.locator('#text-title').count()).toBe(0);
      if (lang === 'en') await screenshot(v.page, 'agency-link-unknown-en');
      expect(v.errors).toEqual([]);
    }
  }, 120_000);
});
