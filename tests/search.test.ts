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

describe('compareSuggestions (compare view, none chosen)', () => {
  it('lists the agencies with the most years of charted reports, then the most applications, ties by id; each by its latest name and place; counts every agency', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const { compareSuggestions } = await import('../src/db/agencies.ts');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run('CREATE TABLE facts (agency_id VARCHAR, agency VARCHAR, province VARCHAR, year INTEGER, status VARCHAR, superseded_by VARCHAR, t3_total_handled_total INTEGER)');
    const rows: [string | null, string, string, number | null, string, string | null, number | null][] = [
      // a: three years, 30 handled; renamed and moved in its latest year.
      ['a', '甲县政府', '甲省', 2021, 'ok', null, 10], ['a', '甲县政府', '甲省', 2022, 'ok', null, 10], ['a', '甲县人民政府', '乙省', 2023, 'warning', null, 10],
      // b: three years, 300 handled (a null among them), a failed and a superseded filing that count nowhere.
      ['b', '乙局', '甲省', 2021, 'ok', null, 100], ['b', '乙局', '甲省', 2022, 'ok', null, null], ['b', '乙局', '甲省', 2023, 'ok', null, 200],
      ['b', '乙局（失败）', '丙省', 2024, 'failed', null, 5000], ['b', '乙局（旧）', '丙省', 2025, 'ok', 'x', 5000],
      // c: three years as b has, the same 300 handled: after b by id. Its report without a year counts nowhere.
      ['c', '丙局', '甲省', 2021, 'ok', null, 300], ['c', '丙局', '甲省', 2022, 'ok', null, 0], ['c', '丙局', '甲省', 2024, 'ok', null, null], ['c', '丙局', '甲省', null, 'ok', null, 9000],
      // d: two years, much handled; e: one year; f: none stated (handled counts as 0).
      ['d', '丁局', '甲省', 2021, 'ok', null, 9000], ['d', '丁局', '甲省', 2022, 'ok', null, 9000],
      ['e', '戊局', '甲省', 2024, 'ok', null, 50],
      ['f', '己局', '甲省', 2024, 'ok', null, null],
      // No agency: never suggested, not counted.
      [null, '无名', '甲省', 2024, 'ok', null, 99999],
    ];
    for (const r of rows) await db.run('INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?)', r);
    const ask = async (limit: number) => {
      const q = compareSuggestions(limit);
      return (await db.runAndReadAll(q.sql, q.params as number[])).getRowObjectsJson()
        .map((r) => [r.agency_id, r.agency, r.province, (r.years as number[]).map(Number), Number(r.matches)]);
    };
    expect(await ask(4)).toEqual([
      ['b', '乙局', '甲省', [2021, 2022, 2023], 6],
      ['c', '丙局', '甲省', [2021, 2022, 2024], 6],
      ['a', '甲县人民政府', '乙省', [2021, 2022, 2023], 6],
      ['d', '丁局', '甲省', [2021, 2022], 6],
    ]);
    expect((await ask(10)).map((r) => r[0])).toEqual(['b', 'c', 'a', 'd', 'e', 'f']);
  });
});
