// Table 2's block headings in English (rev17: the English agency page showed 第二十条第（一）项).
import { describe, expect, it } from 'vitest';
import { TABLE2_2019_ROWS, TABLE2_ROWS } from '../src/format/schema.ts';
import { articleItem } from '../src/views/articleItem.ts';

describe('articleItem', () => {
  it('names each block of both templates in English, and keeps the Chinese as printed', () => {
    expect(articleItem('第二十条第（一）项', 'en')).toBe('Article 20, item (1)');
    expect(articleItem('第二十条第（八）项', 'en')).toBe('Article 20, item (8)');
    expect(articleItem('第二十条第（一）项', 'zh')).toBe('第二十条第（一）项');
    for (const row of [...TABLE2_ROWS, ...TABLE2_2019_ROWS]) {
      expect(articleItem(row.block, 'en'), row.block).toMatch(/^Article 20, item \(\d+\)$/);
    }
  });
});
