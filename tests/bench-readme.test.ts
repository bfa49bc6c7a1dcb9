// The figures in bench/*/README.md are the ones in the results.json they cite (issue 8 item 9):
// the committed READMEs equal what `npm run bench:readme` makes of them, and each table row
// holds its results' numbers (checked here with plain arithmetic on the JSON).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generated, siteTable, START, END, withTable } from '../bench/readme.ts';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
/** The table rows of a README's generated block, by their first cell. */
function rows(path: string): Map<string, string[]> {
  const text = readFileSync(path, 'utf8');
  const block = text.slice(text.indexOf(START), text.indexOf(END));
  const lines = block.split('\n').filter((l) => /^\| [\d,]+ \|/.test(l));
  return new Map(lines.map((l) => {
    const cells = l.split('|').slice(1, -1).map((c) => c.trim());
    return [cells[0], cells];
  }));
}

describe('bench READMEs', () => {
  it('equal what npm run bench:readme generates from their results.json', () => {
    for (const g of generated()) expect(g.current, `${g.path}: run npm run bench:readme`).toBe(g.next);
  });

  it('bench/build: one row per result, with its build and rebuild seconds and parse rates', () => {
    const results = json('bench/build/results.json').results as { reports: number; perCore: { perSecond: number }; build: { seconds: number; parsePerSecond: number }; rebuild: { seconds: number } }[];
    const table = rows('bench/build/README.md');
    expect(table.size).toBe(results.length);
    for (const r of results) {
      const cells = table.get(r.reports.toLocaleString('en'))!;
      expect(cells, String(r.reports)).toBeDefined();
      expect(cells[1]).toMatch(new RegExp(`^${Math.round(r.perCore.perSecond).toLocaleString('en')} `));
      expect(cells[2]).toMatch(new RegExp(`^${Math.round(r.build.parsePerSecond).toLocaleString('en')} `));
      expect(cells[3]).toBe(`${(Math.round(r.build.seconds * 10) / 10).toFixed(1)} s`);
      expect(cells[4]).toBe(`${(Math.round(r.rebuild.seconds * 10) / 10).toFixed(1)} s`);
    }
  });

  it('bench/site: one row per corpus, with its first chart, DuckDB ready and throttled figures', () => {
    const corpora = json('bench/site/results.json').corpora as Record<string, number | null>[];
    const table = rows('bench/site/README.md');
    expect(table.size).toBe(corpora.length);
    const ms = (x: number | null | undefined) => (typeof x === 'number' ? `${Math.round(x).toLocaleString('en')} ms` : '—');
    for (const c of corpora) {
      const cells = table.get((c.reports as number).toLocaleString('en'))!;
      expect(cells.slice(2, 6), String(c.reports)).toEqual([ms(c.firstChartMs), ms(c.dbReadyMs), ms(c.throttledFirstChartMs), ms(c.throttledDbReadyMs)]);
    }
  });

  it('bench/site: each figure against its target says met exactly when the figure is within it', () => {
    const corpora = (json('bench/site/results.json').corpora as Record<string, any>[]).filter((c) => c.targets);
    const text = readFileSync('bench/site/README.md', 'utf8');
    for (const c of corpora) {
      const n = (c.reports as number).toLocaleString('en');
      const checks: [string, number, number][] = [
        ['filter change → redrawn', c.redrawMedianMs, c.targets.redrawMedianMs.ms],
        ['filter change → redrawn, p95', c.redrawP95Ms, c.targets.redrawP95Ms.ms],
        ['home page, first chart, cold', c.firstChartMs, c.targets.firstChartMs.ms],
      ];
      for (const [figure, value, target] of checks) {
        const line = text.split('\n').find((l) => l.startsWith(`| ${figure} |`) && l.includes(`| ${n} |`));
        expect(line, `${figure} at ${n}`).toBeDefined();
        const verdict = value <= target ? 'met' : '**not met**';
        expect(line!.endsWith(`(≤ ${target.toLocaleString('en')} ms: ${verdict}) |`), line).toBe(true);
      }
    }
  });

  it('bench/site: every figure of the targets table is met exactly when it is within its target', () => {
    const text = readFileSync('bench/site/README.md', 'utf8');
    const verdicts = [...text.matchAll(/\| ([\d,]+) ms \(≤ ([\d,]+) ms: (met|\*\*not met\*\*)\) \|$/gm)];
    const number = (x: string) => Number(x.replaceAll(',', ''));
    for (const [line, value, target, verdict] of verdicts) expect(verdict, line).toBe(number(value) <= number(target) ? 'met' : '**not met**');
    // One verdict per figure of each measured corpus: 16, two per deep link (loopback, throttled),
    // and two for the states of several filters (median, p95) in results that have them.
    const corpora = (json('bench/site/results.json').corpora as Record<string, any>[]).filter((c) => c.targets);
    const notMeasured = text.split('\n').filter((l) => l.endsWith('| — (not measured) |')).length;
    expect(verdicts.length + notMeasured).toBe(corpora.reduce((n, c) => n + 16 + 2 * c.deepLinks.length + (c.combined ? 2 : 0), 0));
  });

  it('bench/site: each deep link\'s row names the chart it times (grouped, litigation totals, distribution histogram, fees, outcomes totals)', () => {
    const link = (search: string, ms: number) => ({ search, runs: 1, drawnBeforeDatabase: 1, sources: ['summary'], groupChartMs: ms, throttledGroupChartMs: ms + 1 });
    const results = json('bench/site/results.json');
    const corpus = { ...results.corpora.find((c: Record<string, unknown>) => c.targets), deepLinks: [
      link('?group=province', 101), link('?view=litigation&province=X', 102), link('?view=distribution&province=X', 103), link('?province=X&year=2025', 104), link('?view=fees&province=X', 105),
    ] };
    const text = siteTable({ ...results, corpora: [corpus] });
    const row = (search: string) => text.split('\n').find((l) => l.startsWith(`| \`${search}\`, `) && !l.includes('throttled'))!;
    expect(row('?group=province')).toContain(', grouped chart, cold');
    expect(row('?view=litigation&province=X')).toContain('first litigation charts (the filtered set’s three pooled totals');
    expect(row('?view=distribution&province=X')).toContain('histogram of the default share');
    expect(row('?province=X&year=2025')).toContain('first outcomes chart');
    expect(row('?view=fees&province=X')).toContain('fees charts (the first page from cube/fee-lists.json');
    for (const [search, ms] of [['?view=litigation&province=X', 102], ['?view=distribution&province=X', 103]] as const) expect(row(search)).toContain(`| ${ms} ms (≤ 1,000 ms: met) |`);
  });

  it('refuses a README without the markers', () => {
    expect(() => withTable('# no block here\n', 'x')).toThrow();
    expect(withTable(`a\n${START}\nold\n${END}\nb`, 'new')).toBe(`a\n${START}\nnew\n${END}\nb`);
  });
});
