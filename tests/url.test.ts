// The grouping and the years view's small multiples live in the URL (src/app/url.ts).
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, parseState, stateToSearch } from '../src/app/url.ts';

describe('group and by in the URL', () => {
  it('opens the per-city comparison within 河南省 from ?province=河南省&group=city', () => {
    const s = parseState('?province=%E6%B2%B3%E5%8D%97%E7%9C%81&group=city');
    expect(s.filters.province).toBe('河南省');
    expect(s.group).toBe('city');
    expect(s.view).toBe('outcomes');
  });
  it('accepts only the six groupings and the two facets', () => {
    for (const g of ['province', 'city', 'county', 'level', 'kind', 'year']) expect(parseState(`?group=${g}`).group).toBe(g);
    expect(parseState('?group=agency').group).toBeNull();
    expect(parseState('?group=').group).toBeNull();
    expect(parseState('?view=years&by=level').by).toBe('level');
    expect(parseState('?view=years&by=province').by).toBe('province');
    expect(parseState('?view=years&by=kind').by).toBeNull();
    expect(parseState('?view=years').view).toBe('years');
  });
  it('writes them back, and leaves them out when unset', () => {
    const search = stateToSearch({ ...DEFAULT_STATE, view: 'litigation', group: 'county', filters: { ...DEFAULT_STATE.filters, province: '河南省', city: '三门峡市' } });
    expect(new URLSearchParams(search).get('group')).toBe('county');
    expect(parseState(search)).toMatchObject({ view: 'litigation', group: 'county', filters: { province: '河南省', city: '三门峡市' } });
    expect(stateToSearch({ ...DEFAULT_STATE, view: 'years', by: 'province' })).toBe('?view=years&by=province');
    expect(stateToSearch(DEFAULT_STATE)).toBe('');
  });
});
