// The one shared state of the app, kept in step with the URL.
import { DEFAULT_STATE, ignoredParams, parseState, stateToSearch, type ViewState } from './url.ts';
import type { Filters } from '../db/queries.ts';

class AppState {
  current = $state<ViewState>(DEFAULT_STATE);
  /** Parameters of the link as opened that the page could not use (url.ts ignoredParams); cleared by the user's next change. */
  ignored = $state<string[]>([]);
  /** The state is still the link the page was opened with (no change of the user's yet): a view may judge its own parameters (measure=). */
  asOpened = $state(true);

  constructor() {
    if (typeof window === 'undefined') return;
    this.current = parseState(window.location.search);
    this.ignored = ignoredParams(window.location.search);
    window.addEventListener('popstate', () => {
      this.current = keepUnchanged(this.current, parseState(window.location.search));
      this.ignored = ignoredParams(window.location.search);
      // A state the page made itself (a measure carried over from another view is not a link's mistake).
      this.asOpened = false;
    });
  }

  /** Change the state and record it in the history, so back and forward work. */
  set(change: Partial<ViewState>, options: { replace?: boolean } = {}): void {
    const next = { ...this.current, ...change };
    const search = stateToSearch(next);
    this.current = next;
    // A change of the user's own (a new history entry) makes a new link: the note about the old one goes.
    if (!options.replace) {
      this.ignored = [];
      this.asOpened = false;
    }
    if (search !== window.location.search) {
      const url = `${window.location.pathname}${search}`;
      if (options.replace) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    }
  }

  /** A filter change resets paging; choosing a province clears the city and county under it. */
  setFilters(change: Partial<Filters>): void {
    const filters = { ...this.current.filters, ...change };
    if ('province' in change) {
      filters.city = change.city ?? null;
      filters.county = change.county ?? null;
    } else if ('city' in change) {
      filters.county = change.county ?? null;
    }
    this.set({ filters, page: 0 });
  }
}

/**
 * The state a link (back, forward) leads to, with the last state's filters and agencies kept as
 * the same objects where they hold the same values: everything derived from them (the filter
 * controls' counts over every region's cells, the charts) is then not computed again when only
 * the view, the agency or the report changed. A new object is a change to Svelte, equal or not.
 */
export function keepUnchanged(last: ViewState, next: ViewState): ViewState {
  const filters = (Object.keys(next.filters) as (keyof Filters)[]).every((k) => last.filters[k] === next.filters[k])
    && Object.keys(last.filters).length === Object.keys(next.filters).length ? last.filters : next.filters;
  const [a, b] = [last.agencies ?? null, next.agencies ?? null];
  const agencies = a && b && a.length === b.length && a.every((x, i) => x === b[i]) ? a : next.agencies;
  return { ...next, filters, agencies };
}

export const app = new AppState();
