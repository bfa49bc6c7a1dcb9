// One page per viewport width for the tests of a file that look at what a state of the app draws:
// the first link is loaded (page.goto), the next ones are shown in the same page as the app's own
// buttons do (showInPage), so that DuckDB-wasm starts once per width and file, not once per test
// (5–7 s each on a loaded 2-core machine). Every test shows its whole link (the state lives in the
// URL alone: no storage), so none depends on what another showed; each waits for its own state, as
// after a showInPage. Tests about a cold load (what a link does as opened, before the database,
// the requests of a load) keep their own visit().
import { afterAll } from 'vitest';
import { showInPage, visit, type Browsing, type Site, type Visit } from './site.ts';

export interface PagePerFile {
  /** The page at this width showing `url` (loaded if it is the width's first, else shown in it). */
  show(url: string, width?: number): Promise<Visit>;
}

export function pagePerFile(env: () => { browsing: Browsing; site: Site }): PagePerFile {
  const pages = new Map<number, Promise<Visit>>();
  afterAll(async () => {
    for (const page of pages.values()) await page.then((v) => v.context.close()).catch(() => {});
  });
  return {
    async show(url, width = 1280) {
      const existing = pages.get(width);
      if (existing) {
        const v = await existing;
        await showInPage(v.page, url);
        return v;
      }
      const opening = (async () => {
        const { browsing, site } = env();
        const v = await visit(browsing, site);
        await v.page.setViewportSize({ width, height: 900 });
        await v.page.goto(url, { timeout: 90_000 });
        return v;
      })();
      pages.set(width, opening);
      // A first load that failed is not kept: the next test loads anew.
      opening.catch(() => pages.delete(width));
      return opening;
    },
  };
}
