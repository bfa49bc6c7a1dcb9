// index.html preloads cube/regions.json for the first paint of grouped and filtered links. A
// preload the page never reads is a console warning in Chromium ("…was preloaded using link
// preload but not used within a few seconds from the window's load event"): it was, on the views
// without filters (about, sql, compare). Every view reads it now, from the preload (one request).
import { describe, it } from 'vitest';
import { visit, waitForDb, type Browsing, type Site } from './site.ts';
import { withSampleSite } from './sample-site.ts';

let site: Site;
let browsing: Browsing;

withSampleSite((s, b) => {
  site = s;
  browsing = b;
});

// The four visits run at once, each in its own context: the 6 s each waits after its load is spent
// once for all (one after another, the file took 41 s, 24 of them waiting).
describe('the preloaded regions.json', () => {
  for (const search of ['?view=about', '?view=sql', '?view=compare', '?group=province']) {
    it.concurrent(`is read, once, on ${search}: no "preloaded but not used" warning`, async ({ expect }) => {
      const v = await visit(browsing, site);
      const console: string[] = [];
      v.page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
      try {
        await v.page.goto(site.url + search, { waitUntil: 'load' });
        const loaded = Date.now();
        // Four pages start DuckDB at once: more time than one alone.
        await waitForDb(v.page, 120_000);
        // Chromium says it "a few seconds" after the load event (3 s in its source); 6 s after the load
        // event leaves room on a loaded machine (the time DuckDB took to start counts in them).
        await v.page.waitForTimeout(Math.max(0, loaded + 6_000 - Date.now()));
        expect(console.filter((m) => /preload/i.test(m))).toEqual([]);
        expect(v.requests.filter((u) => u.endsWith('/data/cube/regions.json'))).toHaveLength(1);
        expect(v.errors).toEqual([]);
      } finally {
        await v.context.close();
      }
    }, 180_000);
  }
});
