// The grouping and the years view's small multiples live in the URL (src/app/url.ts).
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, ignoredParams, parseState, stateToSearch } from '../src/app/url.ts';

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

describe('an agency and a comparison in the URL', () => {
  it('names an agency and its year: view=agency&agency=<agency_id>&year=', () => {
    const s = parseState(`?view=agency&agency=${encodeURIComponent('350128-平潭综合实验区管委会')}&year=2020`);
    expect([s.view, s.agency, s.filters.year]).toEqual(['agency', '350128-平潭综合实验区管委会', 2020]);
    expect(parseState(stateToSearch(s))).toEqual(s);
  });
  it('keeps two to four compared agencies, distinct, in order: view=compare&agencies=a,b,c', () => {
    const s = parseState('?view=compare&agencies=330400-a,350128-b,330400-a,,1-c,2-d,3-e');
    expect([s.view, s.agencies]).toEqual(['compare', ['330400-a', '350128-b', '1-c', '2-d']]);
    expect(stateToSearch(s)).toBe('?view=compare&agencies=330400-a%2C350128-b%2C1-c%2C2-d');
    expect(parseState('?view=compare&agencies=').agencies).toBeNull();
  });
});

describe('parameters the page cannot use', () => {
  it('are listed as key=value: a year, level, view or grouping outside its choices', () => {
    expect(ignoredParams('?year=1999&level=abc&view=nope&group=bogus&province=河南省')).toEqual(['view=nope', 'year=1999', 'level=abc', 'group=bogus']);
    expect(ignoredParams('?year=abc&page=-1&lang=fr&by=x')).toEqual(['lang=fr', 'year=abc', 'page=-1', 'by=x']);
  });
  it('are none for a valid link, an empty value or page 0', () => {
    expect(ignoredParams('?view=years&year=2024&level=county&group=province&by=level&lang=en&page=2')).toEqual([]);
    expect(ignoredParams('?year=&level=&page=0')).toEqual([]);
    expect(ignoredParams('')).toEqual([]);
  });
});
