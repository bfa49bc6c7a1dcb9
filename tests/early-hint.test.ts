// src/server/vite-early-hint.ts: the script index.html loads first. It must preload the lazy views'
// chunk exactly for the links whose page shows a lazy view (src/app/early-view.ts lazyViewOf, the
// app's own answer): a missed link waits for the chunk as before; a grouped link that got it would
// fetch ~60 KB its first chart does not need. The script is run here with a stand-in document.
import { describe, expect, it } from 'vitest';
import { earlyHintSource } from '../src/server/vite-early-hint.ts';
import { lazyViewOf } from '../src/app/early-view.ts';
import { parseState } from '../src/app/url.ts';

const FILES = { modules: ['/assets/lazy-x.js', '/assets/shared-y.js'], styles: ['/assets/lazy-z.css'] };

/** The links the hint adds to <head> when the page's search is `search`. */
type Link = { rel: string; href: string; as?: string; crossOrigin: string; fetchPriority: string };
function hinted(search: string): Link[] {
  const added: Link[] = [];
  const document = { createElement: () => ({}), head: { appendChild: (l: Link) => added.push(l) } };
  new Function('location', 'document', earlyHintSource(FILES))({ search }, document);
  return added;
}

const LINKS = [
  '', '?province=四川省', '?group=province', '?view=outcomes&group=year',
  '?view=litigation&province=四川省', '?view=litigation&group=province', '?view=litigation&group=nonsense',
  '?view=fees', '?view=fees&group=level&year=2023', '?view=distribution&group=province', '?view=distribution&province=四川省',
  '?view=agency&agency=x', '?view=years&by=level', '?view=sql', '?view=map', '?view=quality', '?view=about', '?view=extract',
  '?view=compare', '?view=applicants', '?view=nope', '?view=LITIGATION', '?view=litigation&view=fees', '?group=city&view=fees&province=四川省',
];

describe('early hint', () => {
  it('preloads the chunk for every link that shows a lazy view, and for no other (as lazyViewOf answers)', () => {
    for (const search of LINKS) {
      const expected = lazyViewOf(parseState(search)) !== null;
      expect(hinted(search).length > 0, search).toBe(expected);
    }
    // Both answers occur among the links.
    expect(LINKS.filter((s) => hinted(s).length > 0).length).toBeGreaterThan(5);
    expect(LINKS.filter((s) => hinted(s).length === 0).length).toBeGreaterThan(5);
  });

  it('preloads the chunk\'s files at low priority, with the credentials mode of the app\'s own import', () => {
    expect(hinted('?view=litigation')).toEqual([
      { rel: 'modulepreload', href: '/assets/lazy-x.js', crossOrigin: '', fetchPriority: 'low' },
      { rel: 'modulepreload', href: '/assets/shared-y.js', crossOrigin: '', fetchPriority: 'low' },
      { rel: 'preload', href: '/assets/lazy-z.css', as: 'style', crossOrigin: '', fetchPriority: 'low' },
    ]);
  });
});
