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
