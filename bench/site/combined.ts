// The sequence of changes through states of several filters and another sort that scripts/bench.ts
// ("combined") and bench/site/changes-ab.ts (--combined) time: province, year and level set in
// turn (one, two, three filters), the outcomes view's sort <select> changed to the next option,
// province cleared, the sort set back, year and level cleared; each round with the next values.
// Of each round's eight states, the second to the sixth (two or three filters, or another sort) are
// answered by DuckDB; the first and the seventh (one filter, default sort) by the build's first-page
// lists (src/build/outcome-lists.ts), the eighth (no filter) by summary.json's first_paint.

export interface Change { label: string; select: string; value: string }

export interface ChangeOptions { provinces: string[]; years: string[]; levels: string[]; sorts: string[] }

/** The <select>s' selectors, to read their options from the page. */
export const SELECTS = {
  provinces: 'select[data-filter="province"]', years: 'select[data-filter="year"]', levels: 'select[data-filter="level"]', sorts: 'select[data-sort-select]',
} as const;

export function combinedChanges(o: ChangeOptions, n: number): Change[] {
  if (!o.provinces.length || !o.years.length || !o.levels.length || o.sorts.length < 2) throw new Error('combined changes: a filter or the sort has no options');
  const filter = (key: 'province' | 'year' | 'level', value: string): Change => ({ label: key, select: `select[data-filter="${key}"]`, value });
  const sort = (value: string): Change => ({ label: 'sort', select: SELECTS.sorts, value });
  const out: Change[] = [];
  for (let k = 0; out.length < n; k++) {
    out.push(
      filter('province', o.provinces[(k * 7) % o.provinces.length]), filter('year', o.years[k % o.years.length]), filter('level', o.levels[k % o.levels.length]),
      sort(o.sorts[1 + (k % (o.sorts.length - 1))]), filter('province', ''), sort(o.sorts[0]), filter('year', ''), filter('level', ''),
    );
  }
  return out.slice(0, n);
}
