// The heading of a table 2 block, the article of the Regulations it publishes under: printed
// 第二十条第（一）项 by the template; in English "Article 20, item (1)" (the English agency page
// showed the Chinese heading over English rows and columns).
import type { Lang } from '../app/url.ts';

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 第二十条第（五）项 → "Article 20, item (5)" in English; as printed in Chinese, or when not of that form. */
export function articleItem(block: string, lang: Lang): string {
  if (lang === 'zh') return block;
  const m = /^第二十条第（([一二三四五六七八九十])）项$/.exec(block);
  return m ? `Article 20, item (${NUMERALS[m[1]]})` : block;
}
