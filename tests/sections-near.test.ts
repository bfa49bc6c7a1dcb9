// Headings printed with a typo are still headings; lines that only share a numeral are not.
// Expected values checked by hand: the longest common subsequence of the words after the numeral
// and the template's must cover 80% of the template's words and 75% of the printed ones.
import { describe, expect, it } from 'vitest';
import { nearHeading } from '../src/format/sections.ts';

describe('nearHeading', () => {
  it('finds headings with a typo or a stray character', () => {
    expect(nearHeading('四、政府信息公开行政复仪行政诉讼情况', 'table4')).toBe(true); // 16 of 16 printed, 15 of 16 template
    expect(nearHeading('一、总体情况况', 'overview')).toBe(true); // lcs 4: 4 ≥ 3.2, 4 ≥ 3.75
    expect(nearHeading('（六）其他需要报吿的事项', 'other')).toBe(true); // lcs 8 of 9
    expect(nearHeading('5、存在的主要问题及改进情况', 'problems')).toBe(true);
    expect(nearHeading('五、存在的主要问题及改進情况', 'problems')).toBe(true); // one character off: lcs 11 of 12
  });
  it('does not take other numbered lines for headings', () => {
    expect(nearHeading('一、总体请况', 'overview')).toBe(false); // lcs 3 < 3.2
    expect(nearHeading('（一）予以公开', 'overview')).toBe(false); // nothing shared
    expect(nearHeading('二、主动公开政府信息情况', 'overview')).toBe(false); // wrong numeral
    expect(nearHeading('三、其他需要报告的事项', 'other')).toBe(false); // wrong numeral
    expect(nearHeading('六、情况事项的需要报告其他', 'other')).toBe(false); // same characters, other order: lcs 2
    expect(nearHeading('1', 'overview')).toBe(false);
  });
});
