// The checks on the two fees, as the counts have them (counts.ts): section 六's 信息处理费 (元)
// negative → source.count_negative, kept as printed (the sign was dropped: "-50 元" read 50);
// beyond any amount → source.number_unholdable, null; above a plausibility bound →
// source.fee_implausible, a warning, kept. Table 2's 行政事业性收费 (万元) gets the bound too.
// Each report's status by status.ts's one rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, parseText } from './helpers.ts';
import { MAX_PLAUSIBLE_FEES_10K_YUAN, MAX_PLAUSIBLE_PROCESSING_FEE_YUAN } from '../src/format/counts.ts';

const seed = readFileSync(join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt'), 'utf8');
const SENTENCE = '依据《政府信息公开信息处理费管理办法》规定,本年度未收取政府信息处理费。';

/** Replace exactly one occurrence (an edit that silently misses would prove nothing). */
function edit(source: string, from: string, to: string): string {
  expect(source.split(from).length - 1, `fixture edit ${from}`).toBe(1);
  return source.replace(from, to);
}
const withFee = (sentence: string) => parseText(edit(seed, SENTENCE, sentence));
const found = (r: ReturnType<typeof parseText>) => r.checks.filter((c) => c.code.startsWith('source.')).map((c) => [c.code, c.severity]);

describe('section 六: the information-processing fee', () => {
  it('the seed as printed: 0, no check, ok', () => {
    const r = parseText(seed);
    expect([r.processing_fee_yuan, found(r), r.status]).toEqual([0, [], 'ok']);
  });

  it('a negative fee is read with its sign, kept as printed and flagged; the report partial', () => {
    for (const minus of ['-', '−', '－']) {
      const r = withFee(`本年度收取信息处理费${minus}50元。`);
      expect([minus, r.processing_fee_yuan]).toEqual([minus, -50]);
      expect(found(r)).toEqual([['source.count_negative', 'error']]);
      expect(r.checks.find((c) => c.code === 'source.count_negative')!.message_zh).toContain('信息处理费');
      expect(r.status).toBe('partial');
    }
  });

  it('a fee above the plausible bound: kept as printed, a warning, the report warning', () => {
    const r = withFee(`本年度收取信息处理费${MAX_PLAUSIBLE_PROCESSING_FEE_YUAN + 1}元。`);
    expect(r.processing_fee_yuan).toBe(10_000_001);
    expect(found(r)).toEqual([['source.fee_implausible', 'warning']]);
    expect(r.status).toBe('warning');
    // At the bound: taken as it stands.
    const at = withFee(`本年度收取信息处理费${MAX_PLAUSIBLE_PROCESSING_FEE_YUAN}元。`);
    expect([at.processing_fee_yuan, found(at), at.status]).toEqual([10_000_000, [], 'ok']);
  });

  it('a fee no amount can hold (400 digits, beyond a double): null, source.number_unholdable, partial', () => {
    const r = withFee(`本年度收取信息处理费${'9'.repeat(400)}元。`);
    expect(r.processing_fee_yuan).toBeNull();
    expect(found(r)).toEqual([['source.number_unholdable', 'error']]);
    expect(r.status).toBe('partial');
  });

  it('a range or a year beside the fee is not a sign', () => {
    const r = withFee('信息处理费按2020-2021年标准，本年度收取信息处理费120元。');
    expect([r.processing_fee_yuan, found(r)]).toEqual([120, []]);
  });
});

describe('table 2: the administrative fees (万元)', () => {
  it('above the plausible bound: kept, a warning naming the cell; at it, nothing', () => {
    const over = parseText(edit(seed, '行政事业性收费 | 0 |', `行政事业性收费 | ${MAX_PLAUSIBLE_FEES_10K_YUAN * 2} |`));
    expect(over.table2.fees_10k_yuan).toBe(200_000_000);
    expect(over.checks.filter((c) => c.code === 'source.fee_implausible').map((c) => [c.severity, c.cells])).toEqual([['warning', [{ table: 'table2', row: 9, col: 0 }]]]);
    expect(over.status).toBe('warning');
    const at = parseText(edit(seed, '行政事业性收费 | 0 |', `行政事业性收费 | ${MAX_PLAUSIBLE_FEES_10K_YUAN} |`));
    expect([at.table2.fees_10k_yuan, found(at), at.status]).toEqual([100_000_000, [], 'ok']);
  });

  it('negative: source.count_negative, kept (as before)', () => {
    const r = parseText(edit(seed, '行政事业性收费 | 0 |', '行政事业性收费 | -3.5 |'));
    expect([r.table2.fees_10k_yuan, found(r), r.status]).toEqual([-3.5, [['source.count_negative', 'error']], 'partial']);
  });
});
