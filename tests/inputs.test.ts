// Bad input gets a clear per-file status and never an exception out of the library.
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import '../src/format/readers.ts';
import { parseDocument, parseReport, readDocument, reportText } from '../src/format/parse.ts';
import { MAX_LINES } from '../src/format/limits.ts';
import { decode } from '../src/format/decode.ts';
import { readCell } from '../src/format/numbers.ts';
import { parseSeed, parseText, readFixture, seedText } from './helpers.ts';

const seed000 = parseSeed('000_91b38fa976f5289e.txt');

describe('bad input', () => {
  it('an empty file fails with a reason', () => {
    const r = parseReport(new Uint8Array(), 'empty.txt');
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('empty');
    expect(r.error?.message_zh).toContain('为空');
  });

  it('a whitespace-only file fails as empty', () => {
    expect(parseText(' \n\t\n').error?.code).toBe('empty');
  });

  it('binary bytes fail as binary', () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    const r = parseReport(bytes, 'noise.txt');
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('binary');
  });

  it('a PDF given as text is named as a PDF', () => {
    const r = parseReport(readFixture('corpus', 'hongze-2024.pdf'), 'hongze-2024.txt');
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('unsupported_format');
    expect(r.error?.message_en).toContain('PDF');
  });

  it('a JSON data file among the reports is refused as such, not read as a partial report', () => {
    // An agency named 信访局 in a data file once matched a table 3 row label: a `partial` report with no numbers.
    const json = JSON.stringify({ generator: 'series', agencies: [{ files: [{ file: 'reports/a.txt', year: 2023, agency: '江西省新余市信访局' }] }] }, null, 1);
    for (const text of [json, `\n  ${json}`, JSON.stringify([{ agency: '某市信访局', table3: [[1, 2, 3]] }])]) {
      const r = parseText(text);
      expect(r.status).toBe('failed');
      expect(r.error?.code).toBe('unsupported_format');
      expect(r.error?.message_en).toContain('JSON');
    }
    // Text that merely starts with a bracket is still read as text.
    expect(parseText('[2023] 今天天气很好。\n').error?.code).toBe('no_tables');
  });

  it('text that is no annual report fails with a reason', () => {
    const r = parseText('今天天气很好。\n我们去公园散步。\n');
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('no_tables');
  });

  it('a GBK file is detected and read exactly like its UTF-8 original', () => {
    const r = parseReport(readFixture('inputs', 'gbk-000.txt'), 'gbk-000.txt');
    expect(r.encoding).toBe('gb18030');
    expect(r.table3).toEqual(seed000.table3);
    expect(r.table2).toEqual(seed000.table2);
    expect(r.agency).toBe('嘉兴市人民政府办公室');
  });

  it('a GB18030 one-cell-per-line page is read too', () => {
    const r = parseReport(readFixture('inputs', 'gb18030-003.txt'), 'gb18030-003.txt');
    expect(r.encoding).toBe('gb18030');
    expect(r.table3).toEqual(parseSeed('003_837e2621b604486e.txt').table3);
  });

  it.each([
    ['utf-16le', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    ['utf-16be', (s: string) => { const le = Buffer.from(s, 'utf16le'); const be = Buffer.alloc(le.length); for (let i = 0; i < le.length; i += 2) { be[i] = le[i + 1]; be[i + 1] = le[i]; } return Buffer.concat([Buffer.from([0xfe, 0xff]), be]); }],
    ['utf-16le', (s: string) => Buffer.from(s, 'utf16le')],
  ])('a %s file is read exactly', (encoding, encode) => {
    const r = parseReport(encode(seedText('000_91b38fa976f5289e.txt')), 'utf16.txt');
    expect(r.encoding).toBe(encoding);
    expect(r.table3).toEqual(seed000.table3);
    expect(r.table4).toEqual(seed000.table4);
  });

  it('a UTF-8 file with a BOM is read exactly', () => {
    const r = parseReport(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seedText('000_91b38fa976f5289e.txt'))]), 'bom.txt');
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.table3).toEqual(seed000.table3);
  });

  it('an HTML page with scripts, comments and rowspans reads only the real tables', () => {
    const r = parseReport(readFixture('inputs', 'hostile-000.html'), 'hostile-000.html');
    expect(r.status).toBe('ok');
    expect(r.table2).toEqual(seed000.table2);
    expect(r.table3).toEqual(seed000.table3);
    expect(r.table4).toEqual(seed000.table4);
    expect(r.agency).toBe('嘉兴市人民政府办公室');
    // the numbers 999 / 888 live only in a script and a comment
    // (positions are offsets into the text, which may contain these digits: left out here)
    expect(JSON.stringify({ ...r, positions: undefined })).not.toMatch(/999|888/);
  });

  it('a page laid out with tables around the report still reads the report tables as tables', () => {
    const html = readFixture('inputs', 'hostile-000.html').toString('utf8')
      .replace('<body>', '<body><table class="layout"><tr><td class="nav">首页</td></tr><tr><td class="content"><div>')
      .replace('</body>', '</div></td></tr><tr><td>版权所有 2025</td></tr></table></body>');
    const r = parseReport(Buffer.from(html), 'layout.html');
    expect(r.status).toBe('ok');
    expect(r.table2).toEqual(seed000.table2);
    expect(r.table3).toEqual(seed000.table3);
    expect(r.table4).toEqual(seed000.table4);
  });

  it('an &nbsp; cell in HTML is not read as 0; the identities fill it, flagged', () => {
    const html = readFixture('inputs', 'hostile-000.html').toString('utf8')
      .replace(/(1\.本机关不掌握相关政府信息<\/td>)<td>31<\/td>/, '$1<td>&nbsp;</td>');
    const r = parseReport(Buffer.from(html), 'nbsp.html');
    expect(r.raw.table3[12][0]).toBe('');
    expect(r.table3[12][0]).toBe(31);
    expect(r.derived).toEqual([expect.objectContaining({ table: 'table3', row: 12, col: 0, value: 31 })]);
  });

  it('a report cut off after table 3 keeps tables 2 and 3 and says table 4 is missing', () => {
    const text = seedText('000_91b38fa976f5289e.txt');
    const r = parseText(text.slice(0, text.indexOf('四、政府信息公开行政复议')));
    expect(r.status).toBe('partial');
    expect(r.table3).toEqual(seed000.table3);
    expect(r.table4).toEqual(new Array(15).fill(null));
    expect(r.checks.map((c) => c.code)).toContain('parse.table4.missing');
    expect(r.processing_fee_yuan).toBeNull();
  });

  it('a report cut off inside table 3 leaves the unread rows null, never 0', () => {
    const text = seedText('000_91b38fa976f5289e.txt');
    const r = parseText(text.slice(0, text.indexOf('(四)无法提供')));
    expect(r.table3[2]).toEqual([13, 4, 0, 0, 0, 0, 17]);
    expect(r.table3[12]).toEqual([null, null, null, null, null, null, null]);
    expect(r.checks.some((c) => c.code === 'parse.t3.row_missing')).toBe(true);
    expect(r.status).toBe('partial');
  });

  it('hostile sizes and shapes do not throw', () => {
    const inputs = [
      '<table>'.repeat(5000),
      '<td rowspan="99999999" colspan="99999999">1</td>'.repeat(50),
      '三、收到和处理政府信息公开申请情况\n' + '1 | '.repeat(20000),
      '\u0000\u0001\u0002',
      '<html><body><table><tr><td>一、本年新收政府信息公开申请数量<td>1<td>2',
    ];
    for (const text of inputs) {
      const r = parseText(text, text.startsWith('<') ? 'x.html' : 'x.txt');
      expect(['failed', 'partial', 'warning', 'ok']).toContain(r.status);
    }
  });

  it('one 其他处理 row printed for three: kept as their total, sub-rows derived only where forced', () => {
    const text = seedText('000_91b38fa976f5289e.txt').split('\n').filter((l) => !/^(2\.申请人逾期|3\.其他)/.test(l)).join('\n')
      .replace(/\(六\)其他处理 \| 1\.申请人无正当理由[^|]*\| 2 \| 0 \| 0 \| 0 \| 0 \| 0 \| 2 \|/, '(六)其他处理 | 19 | 1 | 0 | 0 | 0 | 0 | 20 |');
    // (the three sub-rows' sums, 2 + 0 + 17 and 0 + 0 + 1: the outcomes still add up to the total)
    const r = parseText(text);
    expect(r.table3_layout).toBe('single_other_row');
    expect(r.table3_other_total).toEqual([19, 1, 0, 0, 0, 0, 20]);
    // columns whose total is 0 force each sub-row to 0; the others cannot be split
    for (const row of [20, 21, 22]) expect(r.table3[row]).toEqual([null, null, 0, 0, 0, 0, null]);
    expect(r.derived.filter((d) => d.row >= 20 && d.row <= 22)).toHaveLength(12);
    expect(r.derived.every((d) => d.value === 0)).toBe(true);
    expect(r.table3[23]).toEqual(seed000.table3[23]);
    expect(r.checks.map((c) => c.code)).toContain('parse.t3.single_other_row');
    expect(r.checks.filter((c) => c.code === 'parse.t3.row_missing' || c.code.startsWith('source.'))).toEqual([]);
    expect(parseSeed('000_91b38fa976f5289e.txt').table3_layout).toBe('template');
  });

  it('a year no report can be for (9999 in the title, 0202 in the period) is not the report\'s year (hos17)', () => {
    const seed = seedText('000_91b38fa976f5289e.txt');
    expect(seed000.year).toBe(2024);
    // Only the title says 9999: the year is the statistics period's.
    const title = parseText(seed.replace('嘉兴市人民政府办公室2024年度', '嘉兴市人民政府办公室9999年度'));
    expect([title.year, title.sources.year]).toEqual([2024, 'period']);
    // Every 2024 made 9999: the year the body mentions most (2023 in this text), never 9999.
    const all = parseText(seed.replace(/2024/g, '9999'));
    expect([all.year, all.sources.year]).toEqual([2023, 'body']);
    // And with no year in the body either: none, with the warning that says to state it in manifest.csv.
    const none = parseText(seed.replace(/20(23|24)/g, '9999'));
    expect(none.year).toBeNull();
    expect(none.checks.map((c) => c.code)).toContain('meta.year_missing');
    expect(parseText(seed.replace(/2024年1月1日/, '0202年1月1日').replace('2024年度', '年度')).year).not.toBe(202);
  });

  it('a file over the size limit fails without being read', () => {
    const huge = new Uint8Array(33 * 1024 * 1024);
    expect(decode(huge)).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('a document of more than MAX_LINES lines fails as too complex, the report in it or not (hos17)', async () => {
    // A real report has ~1,000 lines; 2.2 million lines of numbers (30 MB) ran a thread out of memory.
    const lines = '1 2 3 4 5 6 7\n'.repeat(MAX_LINES);
    const seed = seedText('000_91b38fa976f5289e.txt');
    const over = [
      parseText(`${seed}\n${lines}`, 'x.txt'),
      parseText(`<html><body>${'<p>1 2 3</p>'.repeat(MAX_LINES + 1)}</body></html>`, 'x.html'),
      await parseDocument(zipSync({ 'word/document.xml': strToU8(`<w:document><w:body>${'<w:p><w:r><w:t>1</w:t></w:r></w:p>'.repeat(MAX_LINES + 1)}</w:body></w:document>`) }), 'x.docx'),
    ];
    for (const r of over) {
      expect(r.status).toBe('failed');
      expect(r.error).toMatchObject({ code: 'too_complex', message_en: expect.stringContaining(`more than ${MAX_LINES}`) });
    }
    // No text kept for the sources either, parsed or taken from the cache (as an HTML page refused so).
    const bytes = new TextEncoder().encode(`${seed}\n${lines}`);
    expect((await readDocument(bytes, 'x.txt')).text).toBeNull();
    expect(reportText(bytes, 'x.txt')).toBeNull();
    // Just under the bound: read (the seed report with its 71 lines and enough lines of numbers after).
    const under = parseText(`${seed}\n${lines.slice(0, (MAX_LINES - 100) * 14)}`, 'x.txt');
    expect(under.error).toBeNull();
    expect(under.table3).toEqual(seed000.table3);
  });
});

describe('numbers', () => {
  it.each([
    ['1,234', 1234], ['１２３', 123], ['344.0982', 344.0982], ['18651.06', 18651.06], [' 7 ', 7], ['0', 0],
  ])('%s is %d', (raw, value) => expect(readCell(raw)).toEqual({ kind: 'number', value }));

  it.each(['/', '—', '-', '无', '－', '——', '／'])('%s is a blank, not zero', (raw) => {
    expect(readCell(raw).kind).toBe('blank');
  });

  it('a blank cell in a row stays null unless an identity forces it', () => {
    const text = seedText('000_91b38fa976f5289e.txt').replace('2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '2.重复申请 | / | 0 | 0 | 0 | 0 | 0 | 0 |');
    const r = parseText(text);
    expect(r.raw.table3[16][0]).toBe('/');
    expect(r.table3[16][0]).toBe(0);
    expect(r.derived).toEqual([expect.objectContaining({ table: 'table3', row: 16, col: 0, value: 0 })]);
  });

  it('blanks that must add up to nothing are zero, flagged; blanks that share a non-zero sum stay null', () => {
    const zeros = parseText(seedText('000_91b38fa976f5289e.txt')
      .replace('2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '2.重复申请 | / | 0 | 0 | 0 | 0 | 0 | / |')
      .replace('3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '3.要求提供公开出版物 | / | 0 | 0 | 0 | 0 | 0 | / |'));
    expect([zeros.table3[16][0], zeros.table3[17][0], zeros.table3[16][6], zeros.table3[17][6]]).toEqual([0, 0, 0, 0]);
    expect(zeros.derived).toHaveLength(4);

    const shared = parseText(seedText('000_91b38fa976f5289e.txt')
      .replace('1.信访举报投诉类申请 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |', '1.信访举报投诉类申请 | / | 0 | 0 | 0 | 0 | 0 | / |')
      .replace('4.无正当理由大量反复申请 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '4.无正当理由大量反复申请 | / | 0 | 0 | 0 | 0 | 0 | / |'));
    // 4 + 5 = 9 between two cells of two columns: nothing decides the split
    expect([shared.table3[15][0], shared.table3[18][0], shared.table3[15][6], shared.table3[18][6]]).toEqual([null, null, null, null]);
    expect(shared.derived).toEqual([]);
  });
});

describe('files not read because of their name', () => {
  it("a manifest.csv in a sub-folder is listed as not applied; the top folder's is read silently", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { listInputs } = await import('../src/build/inputs.ts');
    const dir = mkdtempSync(join(tmpdir(), 'skip-'));
    try {
      mkdirSync(join(dir, 'series'));
      for (const f of ['manifest.csv', 'series/manifest.csv', 'series/a.txt', 'b.txt']) writeFileSync(join(dir, f), 'x');
      const skipped: [string, string][] = [];
      const files = listInputs(dir, (file, reason) => skipped.push([file, reason.en])).map((i) => i.file);
      expect(files).toEqual(['b.txt', 'series/a.txt']);
      expect(skipped.map(([f]) => f)).toEqual(['series/manifest.csv']);
      expect(skipped[0][1]).toMatch(/only the top folder's manifest\.csv is read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
