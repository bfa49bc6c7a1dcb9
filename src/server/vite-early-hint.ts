// `vite build` → assets/early-<hash>.js, a few lines loaded by index.html with `async` beside the
// main script: a link to a view whose code is loaded on demand (?view=litigation, fees,
// distribution…, src/app/lazy-views.ts) asks for that chunk as the page is
// parsed, not once the main script has arrived and run. That chunk was asked for only by
// src/app/early-view.ts, after the main script's ~300 KB had been fetched and evaluated: the
// view's first chart waited for a fetch that could have gone beside the main script's.
// A classic script, not a module: it runs as soon as it arrives, whatever the main script's state;
// an external file, as the CSP (script-src 'self') wants. It decides as src/app/early-view.ts's
// lazyViewOf does (tests/early-hint checks they agree): a lazy view's name, and no grouping shown
// in its place (src/app/groupable.ts).
import type { Plugin } from 'vite';
import { LAZY_VIEWS } from '../app/lazy-view-names.ts';
import { isGroupable } from '../app/groupable.ts';
import { GROUPINGS } from '../db/groups.ts';
import { VIEWS } from '../app/url.ts';

/** What the hint preloads, as URLs: the chunk's code; stylesheets (none: tried, see below). */
export interface HintFiles { modules: string[]; styles: string[] }

/**
 * The hint's source: given the page's `location.search`, a lazy view's link preloads its chunk's
 * files at low priority, so that over HTTP/1.1's 6 connections they queue behind the page's own
 * requests (data, main script, stylesheets) instead of taking one of them: with the chunk's imports
 * and stylesheet preloaded at the default priority, the main script arrived later and the first
 * chart was not sooner (100k site, load 20-25).
 */
export function earlyHintSource(files: HintFiles): string {
  // A link names a view of the URL's (extract is shown inside others, never by ?view=).
  const views = VIEWS.filter((v) => Object.hasOwn(LAZY_VIEWS, v));
  const groupable = views.filter((v) => isGroupable(v));
  return `// A link to a view loaded on demand asks for its code now (src/server/vite-early-hint.ts).
(function () {
  var p = new URLSearchParams(location.search), v = p.get('view');
  if (${JSON.stringify(views)}.indexOf(v) < 0) return;
  if (${JSON.stringify(groupable)}.indexOf(v) >= 0 && ${JSON.stringify([...GROUPINGS])}.indexOf(p.get('group')) >= 0) return;
  var add = function (rel, href, as) {
    var l = document.createElement('link');
    l.rel = rel; l.href = href; l.crossOrigin = ''; l.fetchPriority = 'low';
    if (as) l.as = as;
    document.head.appendChild(l);
  };
  ${JSON.stringify(files.modules)}.forEach(function (u) { add('modulepreload', u); });
  ${JSON.stringify(files.styles)}.forEach(function (u) { add('preload', u, 'style'); });
})();
`;
}

/** The module id whose chunk holds the views loaded on demand (src/app/lazy-views.ts imports it). */
const LAZY_MODULE = /\/src\/views\/lazy\.ts$/;

export function earlyHintPlugin(): Plugin {
  let base = '/';
  return {
    name: 'site-early-hint',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      base = config.base;
    },
    generateBundle(_options, bundle) {
      const html = bundle['index.html'];
      const chunk = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId !== null && LAZY_MODULE.test(c.facadeModuleId));
      // The DuckDB worker's bundle (no index.html) has nothing to hint.
      if (!html || html.type !== 'asset' || !chunk || chunk.type !== 'chunk') return;
      const files: HintFiles = {
        // Its imports are the main script's own, which index.html preloads already. Its stylesheet
        // is small (3.5 KB brotli) and asked for by the app's import as before.
        modules: [base + chunk.fileName],
        styles: [],
      };
      const ref = this.emitFile({ type: 'asset', name: 'early.js', source: earlyHintSource(files) });
      const src = base + this.getFileName(ref);
      // First in <head>, and asked for at high priority: over HTTP/1.1 the browser opens 6
      // connections to the site, and the page's own 6 requests (the preloaded data, the scripts, the
      // stylesheets) would otherwise go before this async script (low priority by default).
      const page = String(html.source);
      const at = page.indexOf('<link rel="preload"');
      if (at < 0) this.error('index.html: no preload link to put the early hint before');
      html.source = `${page.slice(0, at)}<script async fetchpriority="high" src="${src}"></script>\n    ${page.slice(at)}`;
    },
  };
}
