// Each identity check catches a deliberately broken table, with a `source.` code (the report's
// own arithmetic), distinct from the `parse.` codes (what the parser could not read).
import { describe, expect, it } from 'vitest';
import { parseText, seedText } from './helpers.ts';

const text000 = seedText('000_91b38fa976f5289e.txt');

function codes(text: string): string[] {
  return parseText(text).checks.map((c) => c.code);
}

describe('identity checks on broken tables', () => {
  it('an outcome cell off by one breaks the column sum and the row sum', () => {
    const broken = text000.replace('(一)予以公开 | 13 | 4 |', '(一)予以公开 | 14 | 4 |');
    const r = parseText(broken);
    expect(r.table3[2][0]).toBe(14);
    expect(r.checks.map((c) => c.code)).toEqual(expect.arrayContaining(['source.t3.outcomes_sum', 'source.t3.columns_sum']));
    const rowSum = r.checks.find((c) => c.code === 'source.t3.columns_sum')!;
    expect(rowSum.severity).toBe('error');
    expect(rowSum.cells).toContainEqual({ table: 'table3', row: 2, col: 0 });
    expect(rowSum.message_zh).toContain('18 ≠ 17');
    expect(r.status).toBe('partial'); // an error-level check: status.ts
  });

  it('a wrong carried-forward total breaks new + carried = handled + carried forward', () => {
    const broken = text000.replace('四、结转下年度继续办理 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |', '四、结转下年度继续办理 | 9 | 0 | 0 | 0 | 0 | 0 | 10 |');
    const got = codes(broken);
    expect(got).toContain('source.t3.carry_over');
    expect(got).toContain('source.t3.columns_sum');
    expect(got).not.toContain('source.t3.outcomes_sum');
  });

  it('a total row that disagrees with its outcomes breaks the outcomes sum', () => {
    const broken = text000.replace('(七)总计 | 108 | 21 |', '(七)总计 | 107 | 21 |');
    expect(codes(broken)).toEqual(expect.arrayContaining(['source.t3.outcomes_sum', 'source.t3.carry_over', 'source.t3.columns_sum']));
  });

  it('a table 4 group whose parts do not add up to its total', () => {
    const broken = text000.replace('1 | 0 | 4 | 2 | 7 | 4 |', '1 | 0 | 4 | 2 | 8 | 4 |');
    const r = parseText(broken);
    const c = r.checks.find((x) => x.code === 'source.t4.group_sum');
    expect(c?.cells).toEqual([0, 1, 2, 3, 4].map((row) => ({ table: 'table4', row, col: 0 })));
    expect(r.checks.filter((x) => x.code === 'source.t4.group_sum')).toHaveLength(1);
  });

  it('a row the parser cannot read is a parse error, not a source error', () => {
    const broken = text000.replace('2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '2.重复申请 | 0 | 0 |');
    const r = parseText(broken);
    const got = r.checks.map((c) => c.code);
    // two zeros for seven columns: every placement completes to the same all-zero row
    expect(got).toContain('parse.t3.row_placed_by_identities');
    expect(r.table3[16]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('a short row that fits more than one way is left null, and says so', () => {
    // 109 | 17 | 126 could be 自然人 + 商业企业 + 总计, but without the other rows nothing decides
    const lines = text000.split('\n').filter((l) => !/^(二、上年结转|四、结转下年度)/.test(l));
    const broken = lines.join('\n').replace('一、本年新收政府信息公开申请数量 | 109 | 17 | 0 | 0 | 0 | 0 | 126 |', '一、本年新收政府信息公开申请数量 | 5 | 5 |');
    const r = parseText(broken);
    expect(r.table3[0]).toEqual([null, null, null, null, null, null, null]);
    expect(r.checks.map((c) => c.code)).toContain('parse.t3.row_unplaceable');
  });

  it('table 4 printed with one number missing is placed by the group identities', () => {
    // the reconsideration total 7 is missing: only one place for the gap keeps every group whole
    const broken = text000.replace('1 | 0 | 4 | 2 | 7 | 4 |', '1 | 0 | 4 | 2 | 4 |');
    const r = parseText(broken);
    expect(r.table4).toEqual([1, 0, 4, 2, 7, 4, 0, 0, 0, 4, 2, 0, 0, 0, 2]);
    expect(r.checks.map((c) => c.code)).toContain('parse.t4.row_placed_by_identities');
    expect(r.derived).toEqual([expect.objectContaining({ table: 'table4', row: 4, value: 7, rule: 't4.group_sum' })]);
  });

  it('table 4 missing a number that fits two places is left null', () => {
    // 2 0 0 2 could be [2,0,0,0,2] or [2,0,0,2,4] or [0,2,0,0,2]: the identities cannot decide
    const broken = text000.replace('4 | 2 | 0 | 0 | 0 | 2 |', '4 | 2 | 0 | 0 | 2 |');
    const r = parseText(broken);
    expect(r.table4).toEqual(new Array(15).fill(null));
    expect(r.checks.map((c) => c.code)).toContain('parse.t4.row_unplaceable');
    // and says why, as a table 3 row does: 5 placements of the group's 2 0 0 2 fit (a gap at any of the
    // three zeros' places: [2,0,0,0,2] three ways; a gap first: [0,2,0,0,2]; last: [2,0,0,2,4])
    const c = r.checks.find((x) => x.code === 'parse.t4.row_unplaceable')!;
    expect(c.message_zh).toBe('表四只印了 14 个数（应为 15 个），有 5 种摆法都符合勾稽关系，无法确定，表四留空。');
    expect(c.message_en).toBe('Table 4 prints 14 of 15 numbers; 5 placements satisfy the identities, so it is left empty.');
  });

  it('table 4 missing a number says when a placement was refused for a number no count can be', () => {
    // Reconsideration printed 2147483647 | 2147483647 | 0 | 0 without its total: a gap at the total
    // forces 4294967294 (beyond 2^31 − 1, no count); a gap before them forces a negative count;
    // a gap in another group breaks this group's sum. Nothing fits, and the reason names the number.
    const broken = text000.replace('1 | 0 | 4 | 2 | 7 | 4 |', '2147483647 | 2147483647 | 0 | 0 | 4 |');
    const r = parseText(broken);
    expect(r.table4).toEqual(new Array(15).fill(null));
    const c = r.checks.find((x) => x.code === 'parse.t4.row_unplaceable')!;
    expect(c.message_zh).toBe('表四只印了 14 个数（应为 15 个），各种摆法或与勾稽关系矛盾，或按勾稽关系推出的数超过 2147483647（不是件数），表四留空。');
    expect(c.message_en).toBe('Table 4 prints 14 of 15 numbers; every placement either breaks an identity or makes the identities force a number beyond 2147483647 (no count), so it is left empty.');
  });
});
