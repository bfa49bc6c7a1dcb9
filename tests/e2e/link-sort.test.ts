// A link's sort= that the view does not know is said, not silently replaced by the default order
// (rev17; the known gap of session 16: `sort=bogus` fell back without a word while other unusable
// parameters got a note). A sort the view knows gets no note; the reader's own change clears it.
import { describe, expect, it } from 'vitest';
import { visit, waitForDb, type Browsing, type Site } from './site.ts';
import { withSampleSite } from './sample-site.ts';

let site: Site;
let browsing: Browsing;

withSampleSite((s, b) => {
  site = s;
  browsing = b;
});

describe('a link\'s unknown sort', () => {
  it('is named, with the order shown instead, on every view that sorts', async () => {
    const v = await visit(browsing, site);
    try {
      const cases: { link: string; shown: string }[] = [
        { link: '?sort=bogus', shown: '予以公开占比' },
        { link: '?view=fees&sort=bogus', shown: '行政事业性收费' },
        { link: '?view=litigation&sort=bogus', shown: '从高到低' },
        { link: '?view=litigation&sort=lawsuits_per_100:sideways', shown: '从高到低' },
        { link: '?group=province&sort=bogus', shown: '年报数' },
      ];
      // Each link loaded anew (the note is for a link as opened: app.asOpened). The note depends on the
      // link and the view alone, not on the database: it is read without waiting for DuckDB to start.
      for (const { link, shown } of cases) {
        await v.page.goto(`${site.url}${link}`);
        const note = v.page.getByTestId('sort-unknown');
        await note.waitFor({ timeout: 30_000 });
        const text = await note.innerText();
        expect(text, link).toContain(`“${new URLSearchParams(link).get('sort')}”`);
        expect(text, link).toContain(shown);
      }
      // Markup in the value stays text.
      await v.page.goto(`${site.url}?sort=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
      await v.page.getByTestId('sort-unknown').waitFor({ timeout: 30_000 });
      expect(await v.page.locator('[data-testid="sort-unknown"] img').count()).toBe(0);
      expect(v.dialogs).toEqual([]);

      // Known sorts: no note.
      for (const link of ['?sort=handled', '?view=fees&sort=agency', '?view=litigation&sort=lawsuits_per_100:asc,corrected_share:desc', '?group=province&sort=granted_share']) {
        await v.page.goto(`${site.url}${link}`);
        await waitForDb(v.page, 60_000);
        await v.page.waitForSelector('svg .mark', { timeout: 30_000, state: 'attached' });
        expect(await v.page.getByTestId('sort-unknown').count(), link).toBe(0);
      }

      // The reader's own choice clears the note.
      await v.page.goto(`${site.url}?sort=bogus`);
      await waitForDb(v.page, 60_000);
      await v.page.getByTestId('sort-unknown').waitFor({ timeout: 30_000 });
      await v.page.locator('[data-sort-select]').selectOption('handled');
      await v.page.waitForFunction(() => !document.querySelector('[data-testid="sort-unknown"]'));
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  }, 180_000);
});
