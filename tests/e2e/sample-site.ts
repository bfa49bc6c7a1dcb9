// The setup most browser test files share: the site on the sample reports and a browser, made
// once before the file's tests and closed after them. `ready` receives both.
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, makeSite, type Browsing, type Site } from './site.ts';

export function withSampleSite(ready: (site: Site, browsing: Browsing) => void): void {
  let site: Site | undefined;
  let browsing: Browsing | undefined;
  beforeAll(async () => {
    [site, browsing] = await Promise.all([makeSite(), launchBrowser()]);
    ready(site, browsing);
  }, 300_000);
  afterAll(async () => {
    await browsing?.close();
    await site?.close();
  });
}
