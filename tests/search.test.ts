// The name search splits the box into names (any of them matches), and says so in the filter phrase.
import { describe, expect, it } from 'vitest';
import { nameMatches, nameTerms } from '../src/db/search.ts';
import { filterPhrases } from '../src/views/firstPaint.ts';
import { NO_FILTERS } from '../src/db/queries.ts';

describe('nameTerms', () => {
  it('splits on spaces, ASCII and full-width commas, 、 and semicolons; drops empties and repeats', () => {
    expect(nameTerms('嘉兴 长沙')).toEqual(['嘉兴', '长沙']);
    expect(nameTerms('嘉兴,长沙')).toEqual(['嘉兴', '长沙']);
    expect(nameTerms('嘉兴，长沙')).toEqual(['嘉兴', '长沙']);
    expect(nameTerms(' 嘉兴、 长沙；嘉兴\u3000南昌 ')).toEqual(['嘉兴', '长沙', '南昌']);
    expect(nameTerms('  ,， ')).toEqual([]);
    expect(nameTerms('发展和改革')).toEqual(['发展和改革']);
    expect(nameTerms(Array.from({ length: 30 }, (_, i) => `n${i}`).join(' '))).toHaveLength(20);
  });
  it('matches any term, case-insensitively; no terms match everything', () => {
    expect(nameMatches('嘉兴市人民政府办公室', ['长沙', '嘉兴'])).toBe(true);
    expect(nameMatches('嘉兴市人民政府办公室', ['长沙'])).toBe(false);
    expect(nameMatches('ABC局', ['abc'])).toBe(true);
    expect(nameMatches(null, ['x'])).toBe(false);
    expect(nameMatches(null, [])).toBe(true);
  });
  it('describes several names as alternatives', () => {
    expect(filterPhrases('zh', { ...NO_FILTERS, q: '嘉兴 长沙' })).toEqual(['名称含“嘉兴”或“长沙”']);
    expect(filterPhrases('en', { ...NO_FILTERS, q: '嘉兴,长沙' })).toEqual(['name contains “嘉兴” or “长沙”']);
    expect(filterPhrases('zh', { ...NO_FILTERS, q: '长沙' })).toEqual(['名称含“长沙”']);
  });
});

describe('agencySearch (compare view)', () => {
  it('lists the likeliest agencies first (the text early, then the shorter name) and counts every match', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const { agencySearch } = await import('../src/db/agencies.ts');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run('CREATE TABLE facts (agency_id VARCHAR, agency VARCHAR, province VARCHAR, year INTEGER, status VARCHAR, superseded_by VARCHAR)');
    const rows = [
      ['a', '四川省成都市住房公积金管理中心', 2024],
      ['b', '成都市人民政府办公室', 2024],
      ['c', '成都市人民政府', 2023],
      ['c', '成都市人民政府', 2024],
      // Named with 成都市 in 2021 only: it matches, and its latest name (without the text) ranks last.
      ['d', '成都市双流区人民政府', 2021],
      ['d', '双流区人民政府', 2024],
      ['e', '长沙市人民政府', 2024],
    ] as const;
    for (const [id, name, year] of rows) await db.run("INSERT INTO facts VALUES (?, ?, '四川省', ?, 'ok', NULL)", [id, name, year]);
    const q = agencySearch('成都市', 3);
    const got = (await db.runAndReadAll(q.sql, q.params as (string | number)[])).getRowObjectsJson();
    expect(got.map((r) => [r.agency, Number(r.matches)])).toEqual([['成都市人民政府', 4], ['成都市人民政府办公室', 4], ['四川省成都市住房公积金管理中心', 4]]);
    const all = agencySearch('成都市', 10);
    const every = (await db.runAndReadAll(all.sql, all.params as (string | number)[])).getRowObjectsJson();
    expect(every.map((r) => r.agency_id)).toEqual(['c', 'b', 'a', 'd']);
  });
});
