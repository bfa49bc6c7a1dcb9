// src/app/early-view.ts: which chunk and which build file a link asks for before the app mounts.
// The answers are the views' own (LAZY_VIEWS; Fees.svelte's `exact` takes fee-lists.json for no
// filter or one filter, the default sort, the first page; Distribution.svelte's `seed` takes the
// bins for a bounded share), written out here by hand.
import { describe, expect, it } from 'vitest';
import { firstFileOf, lazyViewOf } from '../src/app/early-view.ts';
import { parseState } from '../src/app/url.ts';

const at = (search: string) => parseState(search);

describe('early-view', () => {
  it('names the lazy view a link opens, none for the views in the main script', () => {
    expect(lazyViewOf(at('?view=litigation&province=四川省'))).toBe('litigation');
    expect(lazyViewOf(at('?view=fees'))).toBe('fees');
    expect(lazyViewOf(at('?view=agency&agency=x'))).toBe('agency');
    expect(lazyViewOf(at('?view=outcomes&group=province'))).toBeNull();
    expect(lazyViewOf(at(''))).toBeNull();
  });

  it('asks for nothing on a grouped link: App.svelte shows the groups (main script), not the lazy view', () => {
    // ?group= on outcomes, litigation or fees draws Groups.svelte instead of the view: its chunk and
    // fee-lists.json would only compete with the grouped first paint.
    expect(lazyViewOf(at('?view=litigation&group=province'))).toBeNull();
    expect(lazyViewOf(at('?view=fees&group=level&year=2023'))).toBeNull();
    expect(firstFileOf(at('?view=fees&group=province'))).toBeNull();
    expect(firstFileOf(at('?view=fees&group=level&year=2023'))).toBeNull();
    // Views that do not group ignore ?group=: still theirs.
    expect(lazyViewOf(at('?view=distribution&group=province'))).toBe('distribution');
    expect(firstFileOf(at('?view=distribution&group=province'))).toBe('bins');
  });

  it('asks for fee-lists.json only where the fees view draws from it', () => {
    expect(firstFileOf(at('?view=fees'))).toBe('fee-lists');
    expect(firstFileOf(at('?view=fees&province=四川省'))).toBe('fee-lists');
    expect(firstFileOf(at('?view=fees&year=2023'))).toBe('fee-lists');
    // Two filters, another sort, a later page: the database answers.
    expect(firstFileOf(at('?view=fees&province=四川省&year=2023'))).toBeNull();
    expect(firstFileOf(at('?view=fees&province=四川省&sort=agency'))).toBeNull();
    expect(firstFileOf(at('?view=fees&province=四川省&page=2'))).toBeNull();
  });

  it('asks for the bins for a bounded share on the distribution view, not for an amount', () => {
    expect(firstFileOf(at('?view=distribution&province=四川省'))).toBe('bins');
    expect(firstFileOf(at('?view=distribution&measure=share_granted'))).toBe('bins');
    expect(firstFileOf(at('?view=distribution&measure=fees_10k_yuan'))).toBeNull();
    expect(firstFileOf(at('?view=litigation&province=四川省'))).toBeNull();
    expect(firstFileOf(at('?province=四川省'))).toBeNull();
  });
});
