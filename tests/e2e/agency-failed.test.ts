// An agency whose only file could not be read: manifest.csv names it (agency_id included), so the
// build knows it, but its report failed to parse. Its link must not say that no agency has the id
// (it has, in facts.parquet, with status failed); the page says its files could not be read.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { launchBrowser, makeSite, screenshot, waitForDb, type Browsing, type Site, type Visit } from './site.ts';
import { pagePerFile } from './one-page.ts';

const ID = '330421-某县统计局';
let dir: string;
let site: Site;
let browsing: Browsing;
/** From facts.parquet (DuckDB in node): the agency's files by status. */
let statuses: Record<string, number>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agency-failed-'));
  for (const name of readdirSync('data/reports')) copyFileSync(join('data/reports', name), join(dir, name));
  writeFileSync(join(dir, 'zz_unreadable.txt'), '');
  // Passed over by name (not reports): the data quality page accounts for them too.
  writeFileSync(join(dir, 'README.md'), '# 说明\n');
  writeFileSync(join(dir, '.notes.txt'), 'x');
  writeFileSync(join(dir, 'manifest.csv'), `file,agency,year,region_code,source_url,agency_id\nzz_unreadable.txt,某县统计局,2024,330421,,${ID}\n`);
  [site, browsing] = await Promise.all([makeSite({ reports: dir }), launchBrowser()]);
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const facts = join(site.root, 'data', 'facts.parquet').replace(/'/g, "''");
  const rows = (await db.runAndReadAll(`SELECT status, count(*)::INTEGER AS n FROM read_parquet('${facts}') WHERE agency_id = '${ID}' GROUP BY status`)).getRowObjectsJson();
  statuses = Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
}, 300_000);

afterAll(async () => {
  await browsing?.close();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

// The four links share one page (one start of DuckDB, not four), each shown in it as the app's own
// links do, the about page between so that each view is drawn anew in its language.
const pages = pagePerFile(() => ({ browsing, site }));
async function shown(search: string): Promise<Visit> {
  await pages.show(`${site.url}?view=about`);
  return pages.show(site.url + search);
}

describe('an agency whose every file failed', () => {
  it('is in the data with one failed file and nothing else', () => {
    expect(statuses).toEqual({ failed: 1 });
  });

  it('says its files could not be read, not that no agency has the id', async () => {
    const words = {
      zh: '这个机关的 1 份报告文件都未能读取，没有可显示的数字；原因见“数据质量”页的失败文件。',
      en: 'None of this agency’s report files (1) could be read, so there are no figures to show; the data quality page lists the failed files and why.',
    };
    for (const lang of ['zh', 'en'] as const) {
      const v = await shown(`?view=agency&agency=${encodeURIComponent(ID)}${lang === 'en' ? '&lang=en' : ''}`);
      await waitForDb(v.page, 60_000);
      await v.page.waitForSelector('[data-testid="agency-missing"]', { timeout: 30_000 });
      expect(await v.page.getByTestId('agency-missing').innerText()).toBe(words[lang]);
      expect(await v.page.getByTestId('agency-unknown').count()).toBe(0);
      // Headed with the name its manifest line gives, not 「未找到」.
      expect(await v.page.getByTestId('report-heading').innerText()).toBe('某县统计局');
      // The id is kept (no redirect to another agency) and no text section waits for a report.
      expect(new URL(v.page.url()).searchParams.get('agency')).toBe(ID);
      expect(await v.page.locator('#text-title').count()).toBe(0);
      if (lang === 'en') await screenshot(v.page, 'agency-failed-en');
      expect(v.errors).toEqual([]);
    }
  }, 120_000);
});

describe('files passed over by their name', () => {
  it('are listed on the data quality page with the reason, zh and en', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const v = await shown(`?view=quality${lang === 'en' ? '&lang=en' : ''}`);
      const box = v.page.getByTestId('skipped-files');
      await box.locator('summary').click();
      expect(await box.locator('summary').innerText()).toBe(lang === 'zh' ? '按文件名未当作报告读取的文件（2）' : 'Files not read as reports, by their name (2)');
      const items = await box.locator('li').allInnerTexts();
      expect(items).toHaveLength(2);
      expect(items.map((t) => t.split(lang === 'zh' ? '：' : ': ')[0]).sort()).toEqual(['.notes.txt', 'README.md']);
      for (const t of items) expect(t.length).toBeGreaterThan(15); // each with its reason
      expect(v.errors).toEqual([]);
    }
  }, 120_000);
});
