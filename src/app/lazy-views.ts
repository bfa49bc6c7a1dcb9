// The views loaded on demand (src/views/LazyView.svelte): each its own chunk, fetched the first
// time it is shown. Not here: what the home page and a grouped link draw first (Filters, Headline,
// GroupSelect, Outcomes, Groups), which stay in the main script.
import type { Component } from 'svelte';

type Loader = () => Promise<{ default: Component<any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const LAZY_VIEWS = {
  litigation: () => import('../views/Litigation.svelte'),
  fees: () => import('../views/Fees.svelte'),
  years: () => import('../views/Years.svelte'),
  distribution: () => import('../views/Distribution.svelte'),
  sql: () => import('../views/SqlView.svelte'),
  map: () => import('../views/ProvinceMap.svelte'),
  applicants: () => import('../views/Applicants.svelte'),
  agency: () => import('../views/Agency.svelte'),
  compare: () => import('../views/Compare.svelte'),
  quality: () => import('../views/Quality.svelte'),
  about: () => import('../views/About.svelte'),
  extract: () => import('../views/Extract.svelte'),
} satisfies Record<string, Loader>;

export type LazyView = keyof typeof LAZY_VIEWS;

const loaded = new Map<LazyView, Component>();
const loading = new Map<LazyView, Promise<Component>>();

/** The view's component if its chunk has arrived, else undefined. */
export function loadedView(view: LazyView): Component | undefined {
  return loaded.get(view);
}

/** Loads the view's chunk (once; a failed load is tried again on the next call). */
export function loadView(view: LazyView): Promise<Component> {
  let p = loading.get(view);
  if (!p) {
    p = (LAZY_VIEWS[view] as Loader)().then((m) => {
      loaded.set(view, m.default);
      return m.default;
    });
    p.catch(() => loading.delete(view));
    loading.set(view, p);
  }
  return p;
}
