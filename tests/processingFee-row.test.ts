// The agency page's 信息处理费 row names the checks on the fee (they name no cell, so nothing
// else on the page marks the row), and a fee left empty for a number no amount holds does not
// read 未说明 / "not stated": the report printed one. Checks from parsed reports (counts.ts);
// the texts wanted are written out here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, parseText } from './helpers.ts';
import { processingFeeText } from '../src/views/processingFee.ts';

const seed = readFileSync(join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt'), 'utf8');
const SENTENCE = '依据《政府信息公开信息处理费管理办法》规定,本年度未收取政府信息处理费。';
function edit(source: string, from: string, to: string): string {
  expect(source.split(from).length - 1, `fixture edit ${from}`).toBe(1);
  return source.replace(from, to);
}
const row = (text: string) => {
  const r = parseText(text);
  return [processingFeeText('zh', r.processing_fee_yuan, r.checks), processingFeeText('en', r.processing_fee_yuan, r.checks)];
};

describe('the agency page: the information-processing fee row', () => {
  it('a fee printed beyond any amount: left empty, said so, not "not stated"', () => {
    expect(row(edit(seed, SENTENCE, `本年度收取信息处理费${'9'.repeat(400)}元。`))).toEqual([
      '留空：原文印出的数不可信（见下方校验 source.number_unholdable）',
      'left empty: the number printed is not believable (see the check source.number_unholdable below)',
    ]);
  });

  it('a negative or implausible fee: the amount and the check on it', () => {
    expect(row(edit(seed, SENTENCE, '本年度收取信息处理费-50元。'))).toEqual(['-50（见下方校验 source.count_negative）', '-50 (see the check source.count_negative below)']);
    expect(row(edit(seed, SENTENCE, '本年度收取信息处理费20000000元。'))).toEqual(['20,000,000（见下方校验 source.fee_implausible）', '20,000,000 (see the check source.fee_implausible below)']);
  });

  it('a fee not stated, or stated plainly: as before; a table\'s negative cell is not the fee\'s', () => {
    expect(row(edit(seed, SENTENCE, '本年度政府信息公开工作平稳。'))).toEqual(['未说明', 'not stated']);
    const r = parseText(edit(seed, '行政事业性收费 | 0 |', '行政事业性收费 | -3.5 |'));
    expect(r.checks.map((c) => c.code)).toContain('source.count_negative');
    expect([processingFeeText('zh', r.processing_fee_yuan, r.checks), processingFeeText('en', r.processing_fee_yuan, r.checks)]).toEqual(['0', '0']);
  });
});
