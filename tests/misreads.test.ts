// The classes of real reports the parser once misread (issue 11), each from fixtures built in that
// shape out of the real reports of tests/fixtures/corpus (truth checked by hand, independent of
// the parser): the expected numbers are the truth files', or plain arithmetic stated here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeless } from '../src/format/abbreviations.ts';
import { ROOT, parseText, readFixture } from './helpers.ts';

const text = (name: string) => readFixture('corpus', name).toString('utf8');
const truth = (name: string) => JSON.parse(readFixture('corpus', 'truth', name).toString('utf8'));

/** Replace exactly one occurrence (a fixture edit that silently misses would prove nothing). */
function edit(source: string, from: string | RegExp, to: string): string {
  const count = typeof from === 'string' ? source.split(from).length - 1 : (source.match(new RegExp(from, 'g')) ?? []).length;
  expect(count, `fixture edit ${from}`).toBe(1);
  return source.replace(from, to);
}

describe('class 1: a section heading with a typo or a stray word does not lose its table', () => {
  const shuyang = { file: 'shuyang-2025.txt', truth: truth('shuyang-2025.json') };
  const pingtan = { file: 'pingtan-2024.txt', truth: truth('pingtan-2024-txt.json') };
  const html = { file: 'pingtan-2024.html', truth: truth('pingtan-2024-html.json') };
  const headingEdits: [string, RegExp, (m: string) => string][] = [
    ['复议 misspelt 复仪', /四、政府信息公开行政复议/, (m) => m.replace('复议', '复仪')],
    ['an extra character inside 行政复议', /四、政府信息公开行政复议/, (m) => m.replace('行政复议', '行政复x议')],
    ['two words misspelt', /四、政府信息公开行政复议、行政诉讼/, (m) => m.replace('复议', '覆议').replace('诉讼', '讼诉')],
    ['no numeral', /四、政府信息公开行政复议/, (m) => m.replace('四、', '')],
  ];
  describe.each([shuyang, pingtan, html])('$file', ({ file, truth: t }) => {
    const source = file.endsWith('.html') ? text(file) : text(file);
    it.each(headingEdits)('table 4 heading: %s → all 15 numbers, table 3 intact', (_, re, change) => {
      const m = re.exec(source)![0];
      const r = parseText(edit(source, m, change(m)), file);
      expect(r.table4).toEqual(t.table4);
      expect(r.table3).toEqual(t.table3);
      expect(r.checks.map((c) => c.code)).not.toContain('parse.table4.missing');
    });
    it('tables 2 and 3 headings misspelt → every number of both', () => {
      const r = parseText(edit(edit(source, /二、\s*主动公开政府信息情况/, '二、主功公开政府信恩情况'), /三、\s*收到和处理政府信息公开申请情况/, '三、收到和处里政府信息公开申情况'), file);
      expect(r.table3).toEqual(t.table3);
      expect(r.table4).toEqual(t.table4);
      expect(r.table2.licensing).toBe(t.table2.licensing);
      expect(r.table2.fees_10k_yuan).toBe(t.table2.fees_10k_yuan);
    });
  });

  it('glued text with the table 4 and section 五 headings both misspelt: table 4 is the run that splits, not the years after it', () => {
    const source = text(pingtan.file);
    const m = /四、政府信息公开行政复议/.exec(source)![0];
    const typo = parseText(edit(edit(source, m, m.replace('复议', '复仪')), /五、存在的主要问题/, '五、存再的主要问题'), pingtan.file);
    expect(typo.table4).toEqual(pingtan.truth.table4);
    // Section 五's heading without its numeral is no heading: its years follow table 4's digits.
    const r = parseText(edit(edit(source, m, m.replace('复议', '复仪')), /五、存在的主要问题/, '存在的主要问题'), pingtan.file);
    expect(r.table4).toEqual(pingtan.truth.table4);
    expect(r.checks.map((c) => c.code)).toContain('parse.t4.extra_numbers');
  });
});

describe('class 4: glued digits no identity splits, read with the numbers the narrative states', () => {
  // pingtan-2024.txt with its 行政规范性文件 row replaced by "123145" (12 | 3 | 145) and its
  // narrative sentence about it by the sentences under test.
  const source = edit(text('pingtan-2024.txt'), '行政规范性文件6233440', '行政规范性文件123145');
  const withNarrative = (sentence: string) => edit(source, '动态更新发布本年度制发行政规范性文件62件', sentence);
  const normative = (r: ReturnType<typeof parseText>) => r.table2.normative_documents;
  // Table 2's flat field index (TABLE2_FIELDS): 3, 4, 5 are 行政规范性文件 issued, repealed, in force.
  const derivedRows = (r: ReturnType<typeof parseText>) => r.derived.filter((d) => d.table === 'table2').map((d) => [d.row, d.value, d.rule]);

  it('the split the stated numbers leave, flagged as derived from the narrative with the sentence quoted', () => {
    const r = parseText(withNarrative('本年度制发规范性文件12件，现行有效行政规范性文件145件'));
    expect(normative(r)).toEqual([12, 3, 145]);
    expect(derivedRows(r)).toEqual([[3, 12, 'narrative.stated'], [4, 3, 'narrative.stated'], [5, 145, 'narrative.stated']]);
    expect(r.derived.find((d) => d.row === 4)!.note).toContain('现行有效行政规范性文件145件');
    const c = r.checks.find((x) => x.code === 'parse.t2.split_by_narrative')!;
    expect(c.message_zh).toContain('本年度制发规范性文件12件');
    expect(r.checks.map((x) => x.code)).not.toContain('parse.t2.glued_ambiguous');
  });

  it('a statement of one number fixes that number only: 3145 still splits as 3|145, 31|45, 314|5', () => {
    const r = parseText(withNarrative('本年度制发规范性文件12件'));
    expect(normative(r)).toEqual([12, null, null]);
    expect(derivedRows(r)).toEqual([[3, 12, 'narrative.stated']]);
    const ambiguous = r.checks.find((x) => x.code === 'parse.t2.glued_ambiguous')!;
    expect(ambiguous.cells.map((c) => c.row)).toEqual([4, 5]);
  });

  it('no statement: all three null, with a check', () => {
    const r = parseText(withNarrative('动态更新发布本年度规范性文件'));
    expect(normative(r)).toEqual([null, null, null]);
    expect(r.checks.find((x) => x.code === 'parse.t2.glued_ambiguous')!.cells.map((c) => c.row)).toEqual([3, 4, 5]);
  });

  it('a statement no split agrees with is not used', () => {
    const r = parseText(withNarrative('本年度制发规范性文件7件'));
    expect(normative(r)).toEqual([null, null, null]);
    expect(derivedRows(r)).toEqual([]);
  });

  it('the table header words (本年制发件数 …) are not a statement', () => {
    const r = parseText(withNarrative('动态更新'));
    expect(derivedRows(r)).toEqual([]);
  });
});

describe('class 2: a scraped page\'s metadata box never leaks a label into the agency name', () => {
  // shuyang-2025.txt with its title line replaced by a metadata box as scraped pages print it
  // (labels whose colon was lost when the cells were joined), and its 沐阳 spelled right.
  const source = text('shuyang-2025.txt').replace(/沐阳/g, '沭阳');
  const title = '# 沭阳县人民政府 2025 年 政府信息公开工作年度报告';
  const boxes = [
    '名称 沭阳县人民政府2025年政府信息公开工作年度报告',
    '名称|沭阳县人民政府2025年度政府信息公开工作年度报告',
    '单位\t沭阳县人民政府\t2025年政府信息公开工作年度报告',
    '发布机构 沭阳县人民政府 2025年政府信息公开工作年度报告',
    '来源沭阳县人民政府2025年政府信息公开工作年度报告',
    '标题：沭阳县人民政府2025年政府信息公开工作年度报告\n单位：沭阳县人民政府\n来源：沭阳县人民政府网站\n名称：沭阳县人民政府2025年政府信息公开工作年度报告',
  ];
  it.each(boxes)('%j → 沭阳县人民政府, 321322', (box) => {
    const r = parseText(edit(source, title, box));
    expect([r.agency, r.region_code, r.kind]).toEqual(['沭阳县人民政府', '321322', 'people_government']);
  });

  it('a title whose only candidate is no agency name (a file number) is passed over for the signature', () => {
    const r = parseText(edit(source, title, '索引号 11321322014183826X 2025年政府信息公开工作年度报告'));
    expect([r.agency, r.sources.agency]).toEqual(['沭阳县人民政府', 'signature']);
  });

  it('a title candidate that is no agency name sends the search to the body', () => {
    const noSignature = edit(edit(source, title, '索引号 11321322014183826X 2025年政府信息公开工作年度报告'), /沭阳县人民政府\n2026年1月23日/, '2026年1月23日')
      .replace(/^沭阳县人民政府\n\(2026年1月23日\)/m, '');
    const r = parseText(noSignature);
    expect([r.agency, r.sources.agency, r.region_code]).toEqual(['沭阳县人民政府', 'body', '321322']);
  });

  it('with no other candidate the agency stays null, with a meta. check, never the label', () => {
    const stripped = edit(source, title, '索引号 11321322014183826X 2025年政府信息公开工作年度报告').replace(/沭阳县人民政府/g, '我县');
    const r = parseText(stripped);
    expect(r.agency).toBeNull();
    expect(r.checks.map((c) => c.code)).toContain('meta.agency_missing');
  });

  it('a metadata box in an HTML page (cells 名称 | title)', () => {
    const page = text('pingtan-2024.html')
      .replace(/<title>[^<]*<\/title>/, '<title>政府信息公开年报</title>')
      .replace(/<meta name="ArticleTitle"[^>]*>/, '')
      .replace(/\n\s*平潭综合实验区2024年度政府信息公开工作年度报告\n/, '\n')
      .replace(/(<body[^>]*>)/, '$1<table><tr><td>名称</td><td>平潭综合实验区2024年度政府信息公开工作年度报告</td></tr><tr><td>来源</td><td>平潭综合实验区管委会办公室</td></tr></table>');
    const r = parseText(page, 'page.html');
    expect(r.agency).not.toMatch(/^(名称|来源|标题|单位)/);
    expect([r.agency, r.region_code]).toEqual(['平潭综合实验区管理委员会', '350128']);
  });
});

describe('class 3: an abbreviated agency with no place is expanded only where the text makes it certain', () => {
  // data/reports/000 (嘉兴市人民政府办公室, 330400 per its hand-checked truth) with its title's agency
  // printed as 市政府办; the body of that report names no city.
  const seed = readFileSync(join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt'), 'utf8');
  const titled = edit(seed, '嘉兴市人民政府办公室2024年度', '市政府办2024年度');
  const addSentence = (s: string) => edit(titled, '六、其他需要报告的事项', `六、其他需要报告的事项\n${s}`);

  it('the body names no place: null, with a meta. check, never a guessed name', () => {
    const r = parseText(titled);
    expect([r.agency, r.region_code]).toEqual([null, null]);
    const c = r.checks.find((x) => x.code === 'meta.agency_abbreviated')!;
    expect(c.severity).toBe('warning');
    expect(c.message_zh).toContain('市政府办');
  });
  it.each([
    ['spells out the full name', '如对本报告有疑问，请与嘉兴市人民政府办公室联系。'],
    ['spells the place with the abbreviation', '本报告由嘉兴市政府办编制。'],
    ['names one city only', '本报告在嘉兴市政府门户网站发布。'],
  ])('the body %s: 嘉兴市人民政府办公室, 330400', (_, sentence) => {
    const r = parseText(addSentence(sentence));
    expect([r.agency, r.region_code, r.kind]).toEqual(['嘉兴市人民政府办公室', '330400', 'government_office']);
    expect(r.checks.map((c) => c.code)).toContain('meta.agency_abbreviation_expanded');
  });
  it('the body names two cities: null, the check names both', () => {
    const r = parseText(addSentence('本报告在嘉兴市、湖州市同时发布。'));
    expect(r.agency).toBeNull();
    expect(r.checks.find((x) => x.code === 'meta.agency_abbreviated')!.message_zh).toContain('嘉兴市、湖州市');
  });
  it('a county government in title and signature (县政府), the county named in the body → 沭阳县人民政府, 321322', () => {
    const source = text('shuyang-2025.txt').replace(/沐阳/g, '沭阳');
    const r = parseText(edit(source, '# 沭阳县人民政府 2025 年', '# 县政府 2025 年').replace(/^沭阳县人民政府\n/gm, '县政府\n'));
    expect([r.agency, r.region_code]).toEqual(['沭阳县人民政府', '321322']);
  });
  it('names that start with a place or a word are not abbreviations (市中区教育局, 市场监督管理局)', () => {
    expect(placeless('市中区教育局')).toBeNull();
    expect(placeless('市场监督管理局')).toBeNull();
    expect(placeless('区政府办')).toEqual({ level: '区', body: '政府办', full: '人民政府办公室' });
    expect(placeless('市科委')).toEqual({ level: '市', body: '科委', full: '科学技术委员会' });
  });
});

describe('class 5: rows printed without their labels are placed only where the identities make the place certain', () => {
  // data/reports/000 (table 3 hand-checked in tests/fixtures/seeds/000_….truth.json) with labels
  // lifted out of the table, as PDF-to-Markdown extraction leaves them: the numbers stay in place,
  // the label goes to a line after the table.
  const seed = readFileSync(join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt'), 'utf8');
  const t = JSON.parse(readFixture('seeds', '000_91b38fa976f5289e.truth.json').toString('utf8'));
  const lift = (source: string, label: string) => edit(edit(source, `${label} | `, ' | '), '四、政府信息公开行政复议', `${label}\n四、政府信息公开行政复议`);
  // Template rows (TABLE3_ROWS): 9 = 6.属于四类过程性信息, 10 = 7.属于行政执法案卷, 22 = 3.其他, 23 = (七)总计.
  // The cells the two orders disagree on (自然人, 商业企业, 总计); the others are 0 either way, and the
  // identities force them (outcomes of a column that add up to nothing are each 0).
  const contested = (r: ReturnType<typeof parseText>, rows: number[]) => rows.map((i) => [0, 1, 6].map((c) => r.table3[i][c]));
  const forcedZeros = (r: ReturnType<typeof parseText>, rows: number[]) => rows.map((i) => [2, 3, 4, 5].map((c) => r.table3[i][c]));

  it('the fixture rows: 6 and 7 hold different numbers, 3.其他 and (七)总计 too', () => {
    expect(t.table3[9]).toEqual([0, 5, 0, 0, 0, 0, 5]);
    expect(t.table3[10]).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(t.table3[22]).toEqual([17, 1, 0, 0, 0, 0, 18]);
    expect(t.table3[23]).toEqual([108, 21, 0, 0, 0, 0, 129]);
  });

  it('two refusal rows without labels: either order keeps every identity, so both stay null, with a check naming both', () => {
    const r = parseText(lift(lift(seed, '6.属于四类过程性信息'), '7.属于行政执法案卷'));
    expect(contested(r, [9, 10])).toEqual([[null, null, null], [null, null, null]]);
    expect(forcedZeros(r, [9, 10])).toEqual([[0, 0, 0, 0], [0, 0, 0, 0]]);
    const c = r.checks.find((x) => x.code === 'parse.t3.rows_ambiguous')!;
    expect(c.message_zh).toContain('6.属于四类过程性信息');
    expect(c.message_zh).toContain('7.属于行政执法案卷');
    expect(new Set(c.cells.map((x) => x.row))).toEqual(new Set([9, 10]));
    // Every other row as printed.
    t.table3.forEach((row: number[], i: number) => { if (i !== 9 && i !== 10) expect(r.table3[i], `row ${i}`).toEqual(row); });
  });

  it('two labels joined on one row compete for it: neither row is placed', () => {
    const joined = edit(edit(seed, '7.属于行政执法案卷 | ', ' | '), '6.属于四类过程性信息 | ', '6.属于四类过程性信息7.属于行政执法案卷 | ');
    const r = parseText(joined);
    expect(contested(r, [9, 10])).toEqual([[null, null, null], [null, null, null]]);
    expect(r.checks.map((x) => x.code)).toContain('parse.t3.rows_ambiguous');
  });

  it('3.其他 and (七)总计 without labels: only one order keeps the identities, so both are placed, flagged', () => {
    const r = parseText(lift(lift(seed, '3.其他'), '(七)总计'));
    expect(r.table3).toEqual(t.table3);
    expect(r.checks.find((x) => x.code === 'parse.t3.row_placed_by_identities')!.message_zh).toContain('（七）总计');
    expect(r.checks.map((x) => x.code)).not.toContain('parse.t3.row_missing');
  });

  it('one row without its label and one open place: placed only because the identities hold with it there', () => {
    const r = parseText(lift(seed, '7.属于行政执法案卷'));
    expect(r.table3).toEqual(t.table3);
    expect(r.checks.map((x) => x.code)).toContain('parse.t3.row_placed_by_identities');
  });
});

describe('class 3: a place several regions share keeps what tells them apart', () => {
  it('区政府办 with the body spelling 长春市朝阳区人民政府办公室 → that name and 长春\'s 朝阳区', () => {
    const seed = readFileSync(join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt'), 'utf8');
    const r = parseText(edit(edit(seed, '嘉兴市人民政府办公室2024年度', '区政府办2024年度'), '六、其他需要报告的事项', '六、其他需要报告的事项\n如对本报告有疑问，请与长春市朝阳区人民政府办公室联系。'));
    expect(r.agency).toBe('长春市朝阳区人民政府办公室');
    // 长春市朝阳区: GB/T 2260 220104 (北京市朝阳区 is 110105).
    expect(r.region_code).toBe('220104');
  });
});

describe('a report printing 其他处理 as one row whose outcomes do not add up to its total', () => {
  // pingtan-2020.txt (2019 template), table 3 as printed (digits glued, read by hand): 予以公开 6…1 7,
  // 部分公开 6…6, 本机关不掌握 4…4, 补正后仍不明确 3…3, 重复申请 3…3, 其他处理 4…4, 总计 20 0 0 0 0 1 21.
  // Natural persons: 6 + 6 + 4 + 3 + 3 + 4 = 26 against 20; the total column: 7 + 6 + 4 + 3 + 3 + 4 = 27 against 21.
  const report = parseText(text('pingtan-2020.txt'), 'pingtan-2020.txt');
  it('says its own numbers disagree, per column, with the sums', () => {
    const found = report.checks.filter((c) => c.code === 'source.t3.outcomes_sum_other_row');
    expect(found.map((c) => c.severity)).toEqual(['error', 'error']);
    expect(found.map((c) => c.message_zh)).toEqual([
      '报告数字不自洽：自然人列：各项办理结果（其他处理按合计一行）之和 = 总计（26 ≠ 20）。',
      '报告数字不自洽：总计列：各项办理结果（其他处理按合计一行）之和 = 总计（27 ≠ 21）。',
    ]);
  });
  it('keeps its numbers as printed (the check does not choose among the splits of glued digits)', () => {
    expect(report.table3_layout).toBe('single_other_row');
    expect(report.table3[2]).toEqual([6, 0, 0, 0, 0, 1, 7]);
    expect(report.table3[3]).toEqual([6, 0, 0, 0, 0, 0, 6]);
    expect(report.table3_other_total).toEqual([4, 0, 0, 0, 0, 0, 4]);
    expect(report.table3[23]).toEqual([20, 0, 0, 0, 0, 1, 21]);
  });
});

describe('a printed number no cell can hold, and a negative count, are said in a check', () => {
  // The seed report 000 (2021 template), its numbers as printed (read by hand):
  // table 3 一、本年新收 109 17 0 0 0 0 126; table 4 1 0 4 2 7 | 4 0 0 0 4 | 2 0 0 0 2;
  // table 2 行政规范性文件 24 67 380.
  const seed = readFileSync(join(ROOT, 'data', 'reports', '000_91b38fa976f5289e.txt'), 'utf8');
  const codes = (r: ReturnType<typeof parseText>, prefix: string) => r.checks.filter((c) => c.code.startsWith(prefix));

  it('1e30 in table 3: left out of the identities, which force 126 − 17 = 109 (flagged as derived); the check quotes it', () => {
    const huge = '1000000000000000000000000000000';
    const r = parseText(edit(seed, '一、本年新收政府信息公开申请数量 | 109 |', `一、本年新收政府信息公开申请数量 | ${huge} |`));
    expect(r.table3[0]).toEqual([109, 17, 0, 0, 0, 0, 126]);
    expect(r.derived.filter((d) => d.table === 'table3' && d.row === 0 && d.col === 0)).toHaveLength(1);
    const found = codes(r, 'source.');
    expect(found.map((c) => [c.code, c.severity, c.cells])).toEqual([['source.number_unholdable', 'error', [{ table: 'table3', row: 0, col: 0 }]]]);
    expect(found[0].message_zh).toContain(`印为“${huge}”`);
    expect(found[0].message_zh).toContain('2147483647');
    expect(r.status).toBe('partial');
  });

  it('2^31 in table 4 (one past what its column holds): forced back to 7 − 0 − 4 − 2 = 1 by its group', () => {
    const r = parseText(edit(seed, '\n1 | 0 | 4 | 2 | 7 | 4 |', '\n2147483648 | 0 | 4 | 2 | 7 | 4 |'));
    expect(r.table4.slice(0, 5)).toEqual([1, 0, 4, 2, 7]);
    expect(codes(r, 'source.').map((c) => [c.code, c.cells])).toEqual([['source.number_unholdable', [{ table: 'table4', row: 0, col: 0 }]]]);
  });

  it('a count beyond a safe integer in table 2 (no identity there): null, with the check', () => {
    const r = parseText(edit(seed, '行政规范性文件 | 24 | 67 | 380 |', '行政规范性文件 | 24 | 67 | 99999999999999999999 |'));
    expect(r.table2.normative_documents).toEqual([24, 67, null]);
    const index = 5; // TABLE2_FIELDS: regulations ×3, then normative_documents issued, repealed, in_force
    expect(codes(r, 'source.').map((c) => [c.code, c.cells])).toEqual([['source.number_unholdable', [{ table: 'table2', row: index, col: 0 }]]]);
    expect(codes(r, 'source.')[0].message_en).toContain('9007199254740991');
  });

  it('a count with decimals in table 3: not a count, forced back to 5 by the identities', () => {
    const r = parseText(edit(seed, '4.无正当理由大量反复申请 | 5 |', '4.无正当理由大量反复申请 | 4.5 |'));
    expect(r.table3[18]).toEqual([5, 0, 0, 0, 0, 0, 5]);
    const found = codes(r, 'source.');
    expect(found.map((c) => [c.code, c.cells])).toEqual([['source.number_unholdable', [{ table: 'table3', row: 18, col: 0 }]]]);
    expect(found[0].message_zh).toContain('件数不会是小数');
  });

  it('negative counts that keep every identity: kept as printed, each flagged, the report partial', () => {
    // Table 3: 重复申请 −1 and 公开出版物 +1 (rows and columns still add up); table 4: 其他结果 7, 尚未审结 −1 (1 + 0 + 7 − 1 = 7).
    const text = edit(edit(edit(seed, '2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '2.重复申请 | -1 | 0 | 0 | 0 | 0 | 0 | -1 |'),
      '3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '3.要求提供公开出版物 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |'), '\n1 | 0 | 4 | 2 | 7 | 4 |', '\n1 | 0 | 7 | -1 | 7 | 4 |');
    const r = parseText(text);
    expect(r.table3[16]).toEqual([-1, 0, 0, 0, 0, 0, -1]);
    expect(r.table3[17]).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(r.table4.slice(0, 5)).toEqual([1, 0, 7, -1, 7]);
    expect(codes(r, 'source.').map((c) => [c.code, c.severity, c.cells])).toEqual([
      ['source.count_negative', 'error', [{ table: 'table3', row: 16, col: 0 }]],
      ['source.count_negative', 'error', [{ table: 'table3', row: 16, col: 6 }]],
      ['source.count_negative', 'error', [{ table: 'table4', row: 3, col: 0 }]],
    ]);
    expect(r.derived).toEqual([]);
    expect(r.status).toBe('partial');
  });
});

describe('a table 2 row left unread keeps its printed text, and no number check on it', () => {
  it('pingtan-2020.txt: its procurement row prints one number, 39573802895.90, for two columns: unread (row_width), no source.number_unholdable', () => {
    const r = parseText(text('pingtan-2020.txt'), 'pingtan-2020.txt');
    expect(r.checks.map((c) => c.code)).toContain('parse.t2.row_width');
    expect(r.checks.map((c) => c.code)).not.toContain('source.number_unholdable');
    expect(r.table2_2019?.procurement_items).toBeNull();
  });
});
