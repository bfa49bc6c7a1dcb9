// The app's state after back / forward (popstate): the filters and the compare list stay the same
// objects when the link holds the same values, so that nothing derived from them runs again when
// only the view, the agency or the report changed (at 100,000 reports the filter controls' counts
// summed over every region's cells ran on each agency navigation). A changed value is a new object.
import { beforeAll, describe, expect, it } from 'vitest';

const listeners: (() => void)[] = [];
const location = { pathname: '/', search: '?view=agency&agency=110000-A&province=四川省&agencies=x,y' };
function go(search: string): void {
  location.search = search;
  for (const f of listeners) f();
}
let app: typeof import('../src/app/state.svelte.ts').app;

beforeAll(async () => {
  Object.assign(globalThis, {
    window: { location, addEventListener: (type: string, f: () => void) => type === 'popstate' && listeners.push(f) },
    history: { pushState: (_: unknown, __: string, url: string) => void (location.search = url.slice(url.indexOf('?'))), replaceState: () => {} },
  });
  ({ app } = await import('../src/app/state.svelte.ts'));
});

describe('popstate keeps what did not change', () => {
  it('another agency, same filters: the filters object and the compare list are the same objects', () => {
    const filters = app.current.filters;
    const agencies = app.current.agencies;
    expect(filters.province).toBe('四川省');
    go('?view=agency&agency=110000-B&province=四川省&agencies=x,y');
    expect(app.current.agency).toBe('110000-B');
    expect(app.current.filters).toBe(filters);
    expect(app.current.agencies).toBe(agencies);
  });

  it('a filter that changed makes a new filters object with the link\'s values', () => {
    const filters = app.current.filters;
    go('?view=agency&agency=110000-B&province=四川省&year=2024&agencies=x,y');
    expect(app.current.filters).not.toBe(filters);
    expect({ ...app.current.filters }).toEqual({ ...filters, year: 2024 });
    go('?view=agency&agency=110000-B&province=四川省&agencies=y,x');
    expect(app.current.filters.year).toBeNull();
    expect(app.current.agencies).toEqual(['y', 'x']);
  });
});
