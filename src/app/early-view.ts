// Imported first by src/main.ts, for its side effect: a link to a view whose code is loaded on
// demand (?view=litigation, fees, distribution… src/app/lazy-views.ts) asks for that chunk as the
// main script starts to run, not once the app has mounted and drawn its frame (the chunk was then
// requested 150–270 ms after the main script arrived, and the view's first chart waited for it).
// A link to the fees or the distribution view also asks for the build's file its first chart is
// drawn from (Fees.svelte `exact`, Distribution.svelte `seed`) as soon as summary.json is read,
// not once that chunk has arrived and run. A link drawn from a province's cities asks for that
// province's cities file as soon as regions.json is read. The app mounts after these requests
// (src/main.ts awaits `early`), not before.
import { parseState, type ViewState } from './url.ts';
import { LAZY_VIEWS, loadView, type LazyView } from './lazy-views.ts';
import { FEE_LISTED_LIMIT, FEE_LISTED_SORT, feeListed } from './fee-lists.ts';
import { cubeNeed } from './cube.ts';
import { cube } from './cube.svelte.ts';
import { data } from './data.svelte.ts';
import { cubeBins } from './cube-bins.svelte.ts';
import { BIN_MEASURES } from './cube-bins.ts';
import { measureOf } from '../db/distribution.ts';
import { showsGroups } from './groupable.ts';

/** The view a link opens, when its code is loaded on demand; else null (a grouped link shows the groups). */
export function lazyViewOf(state: ViewState): LazyView | null {
  if (showsGroups(state)) return null;
  return Object.hasOwn(LAZY_VIEWS, state.view) ? (state.view as LazyView) : null;
}

/** The build's file a link's first chart is drawn from, when its view's code is loaded on demand; else null. */
export function firstFileOf(state: ViewState): 'fee-lists' | 'bins' | null {
  if (showsGroups(state)) return null;
  if (state.view === 'distribution') return BIN_MEASURES.some((b) => b.key === measureOf(state.measure).key) ? 'bins' : null;
  const sort = (state.sort ?? FEE_LISTED_SORT) as typeof FEE_LISTED_SORT;
  if (state.view === 'fees' && feeListed(state.filters, sort, FEE_LISTED_LIMIT, state.page * FEE_LISTED_LIMIT)) return 'fee-lists';
  return null;
}

/**
 * The most src/main.ts waits for `askEarly` before it mounts the app. summary.json and regions.json
 * are preloaded by index.html and usually here before the main script (3 KB and 60 KB brotli
 * against ~90 KB at 100,000 reports): the wait is then a few ms.
 */
export const EARLY_WAIT_MS = 150;

/**
 * What a link asks for before the app mounts, called as the main script starts to run: the chunk
 * of its view; the cities file its first chart is drawn from, once regions.json says which; the
 * build's file its view's first chart is drawn from, once summary.json says the site draws from it
 * (no per-report overview; a build that wrote the file: fetchBuilt). Settles once those are asked
 * for (at once when the link needs none). src/main.ts mounts the app after that: the module's
 * evaluation and the mount were one task, and summary.json and regions.json could only be read
 * after it, so these files were asked for only once the app had mounted (~0.1–0.5 s later).
 */
export function askEarly(search: string): Promise<void> {
  const state = parseState(search);
  // A link drawn from one province's cities (grouped by city, a city chosen): that file as soon as
  // regions.json is read (cube.want).
  const cities = cube.want(cubeNeed(state.filters, showsGroups(state) ? state.group : null));
  const view = lazyViewOf(state);
  // A failed load is forgotten by loadView: LazyView asks again and says in the page if it fails.
  if (view) loadView(view).catch(() => {});
  const file = firstFileOf(state);
  const built = file === null ? Promise.resolve() : data.loadSummary().then(() => {
    if (!data.summary || data.summary.overview) return;
    if (file === 'fee-lists') cube.feeLists();
    else cubeBins.cells(cubeNeed(state.filters));
  });
  return Promise.all([cities, built]).then(() => {});
}

/**
 * Settles (never rejects) once the link has asked for its early files (askEarly), at most
 * EARLY_WAIT_MS after the call: a file that failed or could not be read must not keep the app from
 * mounting (the views then wait for the database and say so in the page).
 */
export function earlyFor(search: string): Promise<void> {
  let asked: Promise<void>;
  try {
    asked = askEarly(search).catch(() => {});
  } catch {
    asked = Promise.resolve();
  }
  return Promise.race([asked, new Promise<void>((done) => setTimeout(done, EARLY_WAIT_MS))]);
}

/** earlyFor the page's own link, started as the main script starts to run. */
export const early: Promise<void> = typeof window === 'undefined' ? Promise.resolve() : earlyFor(window.location.search);
