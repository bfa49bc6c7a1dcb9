// Which views compare groups: with `?group=`, App.svelte shows the groups (src/views/Groups.svelte,
// in the main script) in place of outcomes, litigation or fees. One answer for App.svelte and for
// src/app/early-view.ts, which must not fetch a view's chunk and file the page will not show.
import type { ViewState } from './url.ts';

/** The views that compare groups (`?group=`) and show the headline numbers. */
export function isGroupable(view: string): boolean {
  return view === 'outcomes' || view === 'litigation' || view === 'fees';
}

/** The page shows the groups, not the view itself. */
export function showsGroups(state: Pick<ViewState, 'view' | 'group'>): boolean {
  return isGroupable(state.view) && !!state.group;
}
