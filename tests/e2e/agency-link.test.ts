// An agency's link (?view=agency&agency=<agency_id>) before the database is ready, on a corpus whose
// summary has no per-report overview (as the build writes it above 5,000 reports): the heading is
// the agency's name from the build's agency index as soon as that file is read, a neutral loading
// heading before, never an id; the same name once the database answers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, makeSite, screenshot, visit, waitForDb, type Browsing, type Site } from './site.ts';

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
