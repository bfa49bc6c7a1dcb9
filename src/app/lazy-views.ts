// The views loaded on demand (src/views/LazyView.svelte): one chunk (src/views/lazy.ts), fetched
// the first time one of them is shown. Not here: what the home page and a grouped link draw
// first (Filters, Headline, GroupSelect, Outcomes, Groups), which stay in the main script.
import type { Component } from 'svelte';

const views = () => import('../views/lazy.ts');

/** View → its component's name in src/views/lazy.ts (one chunk for all of them). */
export const LAZY_VIEWS = {
  litigation: 'Litigation', fees: 'Fees', years: 'Years', distribution: 'Distribution', sql: 'SqlView', map: 'ProvinceMap',
  applicants: 'Applicants', agency: 'Agency', compare: 'Compare', quality: 'Quality', about: 'About', extract: 'Extract',
} as const;

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
    p = views().then((m) => {
      const component = m[LAZY_VIEWS[view]] as Component;
      loaded.set(view, component);
      return component;
    });
    p.catch(() => loading.delete(view));
    loading.set(view, p);
  }
  return p;
}
