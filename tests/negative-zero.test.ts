// "-0" printed as an amount or a count is zero, not IEEE -0: -0 passes every "negative?" test
// (-0 < 0 is false), so no check flags it, and it reaches the Parquet as -0.0, where the pages'
// number format (formatNumber) writes it "-0". Section 六's fee is read with its sign since
// e799bb4, so "信息处理费：－0元" became -0; a table cell "-0" was -0 before that.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, parseText } from './helpers.ts';
import { readProcessingFee } from '../src/format/fee.ts';
import { formatNumber } from '../src/app/i18n.ts';

const seed = readFileSync(join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt'), 'utf8');

function edit(source: string, from: string, to: string): string {
  expect(source.split(from).length - 1, `fixture edit ${from}`).toBe(1);
  return source.replace(from, to);
}

// Object.is tells -0 from 0 (toBe does too, but say it plainly); the format shows why it matters.
const isPlusZero = (v: unknown) => Object.is(v, 0);

describe('"-0" is read as 0', () => {
  it('the number format the pages use writes -0 as "-0" (why it matters)', () => {
    expect([formatNumber('zh', -0, 2), formatNumber('en', -0, 2)]).toEqual(['-0', '-0']);
  });

  it('section 六: "－0元", "-0.00 元", "−0元" → 0, no check', () => {
    for (const s of ['本年度收取信息处理费：－0元。', '信息处理费为 -0.00 元。', '信息处理费−0元。']) {
      expect([s, isPlusZero(readProcessingFee(s, s).yuan)]).toEqual([s, true]);
    }
    const r = parseText(edit(seed, '依据《政府信息公开信息处理费管理办法》规定,本年度未收取政府信息处理费。', '本年度收取信息处理费：－0元。'));
    expect(isPlusZero(r.processing_fee_yuan)).toBe(true);
    expect(r.checks.filter((c) => c.code.startsWith('source.'))).toEqual([]);
  });

  it('a table cell "-0" → 0, no check', () => {
    const r = parseText(edit(seed, '行政处罚 | 0 |', '行政处罚 | -0 |'));
    expect(isPlusZero(r.table2.penalties)).toBe(true);
    expect(r.checks.filter((c) => c.code.startsWith('source.'))).toEqual([]);
  });
});
