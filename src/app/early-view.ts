// Imported first by src/main.ts, for its side effect: a link to a view whose code is loaded on
// demand (?view=litigation, fees, distribution… src/app/lazy-views.ts) asks for that chunk as the
// main script starts to run, not once the app has mounted and drawn its frame (the chunk was then
// requested 150–270 ms after the main script arrived, and the view's first chart waited for it).
// A link to the fees or the distribution view also asks for the build's file its first chart is
// drawn from (Fees.svelte `exact`, Distribution.svelte `seed`) as soon as summary.json is read,
// not once that chunk has arrived and run. A link drawn from a province's cities asks for that
// province's cities file as soon as regions.json is read.
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

if (typeof window !== 'undefined') {
  const state = parseState(window.location.search);
  // A link drawn from one province's cities (grouped by city, a city chosen): that file as soon as
  // regions.json is read (cube.want).
  cube.want(cubeNeed(state.filters, showsGroups(state) ? state.group : null));
  const view = lazyViewOf(state);
  // A failed load is forgotten by loadView: LazyView asks again and says in the page if it fails.
  if (view) loadView(view).catch(() => {});
  const file = firstFileOf(state);
  // Once summary.json says the site draws from it (no per-report overview; a build that wrote the
  // file: fetchBuilt), asked for here first so that its answer does not wait behind regions.json's.
  if (file) {
    void data.loadSummary().then(() => {
      if (!data.summary || data.summary.overview) return;
      if (file === 'fee-lists') cube.feeLists();
      else cubeBins.cells(cubeNeed(state.filters));
    });
  }
}
