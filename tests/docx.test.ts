import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8, zipSync } from 'fflate';
import { rawZip, type RawEntry } from './hostile/cases.ts';
import '../src/format/readers.ts';
import { parseDocument, readDocument } from '../src/format/parse.ts';
import { docxToLines, documentXmlToLines } from '../src/format/docx.ts';
import { parseSeed, seedText } from './helpers.ts';

// ---- building a .docx by hand -----------------------------------------------------------

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;

interface C { text?: string; span?: number; merge?: 'restart' | 'continue' }
const cell = ({ text = '', span = 1, merge }: C) => {
  const pr = `${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}${merge === 'restart' ? '<w:vMerge w:val="restart"/>' : merge === 'continue' ? '<w:vMerge/>' : ''}`;
  return `<w:tc>${pr ? `<w:tcPr><w:tcW w:w="1000" w:type="dxa"/>${pr}</w:tcPr>` : ''}${text ? para(text) : '<w:p/>'}</w:tc>`;
};
const row = (cells: C[]) => `<w:tr>${cells.map(cell).join('')}</w:tr>`;
const table = (rows: C[][]) => `<w:tbl><w:tblPr/><w:tblGrid/>${rows.map(row).join('')}</w:tbl>`;
const v = (n: string | number): C => ({ text: String(n) });

function docx(bodyXml: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const documentXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${bodyXml}<w:sectPr/></w:body></w:document>`;
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    'word/document.xml': strToU8(documentXml),
    ...extra,
  });
}

// ---- the seed report 000 as a Word file ---------------------------------------------------

/** The printed rows of a `|` table in the seed text between two headings: label and numbers. */
function seedRows(text: string, from: string, to: string): { label: string; values: string[] }[] {
  const lines = text.split('\n');
  const a = lines.findIndex((l) => l.startsWith(from));
  const b = lines.findIndex((l, i) => i > a && l.startsWith(to));
  return lines.slice(a + 1, b).map((l) => l.split('|').map((c) => c.trim()).filter(Boolean))
    .filter((cells) => cells.some((c) => /^\d+$/.test(c)))
    .map((cells) => ({ label: cells.filter((c) => !/^\d+(\.\d+)?$/.test(c)).pop() ?? '', values: cells.filter((c) => /^\d+(\.\d+)?$/.test(c)) }));
}

function table2(rows: { label: string; values: string[] }[]): string {
  const [reg, norm, lic, pen, enf, fee] = rows;
  const head = (t: string): C[] => [{ text: t, span: 4 }];
  const one = (r: { label: string; values: string[] }): C[] => [{ text: r.label }, { text: r.values[0], span: 3 }];
  return table([
    head('第二十条第（一）项'), [v('信息内容'), v('本年制发件数'), v('本年废止件数'), v('现行有效件数')],
    [{ text: reg.label }, ...reg.values.map(v)], [{ text: norm.label }, ...norm.values.map(v)],
    head('第二十条第（五）项'), [v('信息内容'), { text: '本年处理决定数量', span: 3 }], one(lic),
    head('第二十条第（六）项'), [v('信息内容'), { text: '本年处理决定数量', span: 3 }], one(pen), one(enf),
    head('第二十条第（八）项'), [v('信息内容'), { text: '本年收费金额（单位：万元）', span: 3 }], one(fee),
  ]);
}

/** Table 3 as Word draws it: three label columns, merged vertically and horizontally. */
function table3(rows: { label: string; values: string[] }[], groupMerge = true): string {
  expect(rows.length).toBe(25);
  const groups: [number, number, string][] = [[4, 11, '（三）不予公开'], [12, 14, '（四）无法提供'], [15, 19, '（五）不予处理'], [20, 22, '（六）其他处理']];
  const out: C[][] = [
    [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', span: 3, merge: 'restart' }, { text: '申请人情况', span: 7 }],
    [{ span: 3, merge: 'continue' }, { text: '自然人', merge: 'restart' }, { text: '法人或其他组织', span: 5 }, { text: '总计', merge: 'restart' }],
    [{ span: 3, merge: 'continue' }, { merge: 'continue' }, v('商业企业'), v('科研机构'), v('社会公益组织'), v('法律服务机构'), v('其他'), { merge: 'continue' }],
  ];
  rows.forEach((r, i) => {
    const values = r.values.map(v);
    if (i < 2 || i === 24) return out.push([{ text: r.label, span: 3 }, ...values]);
    const outer: C = i === 2 ? { text: '三、本年度办理结果', merge: 'restart' } : { merge: 'continue' };
    const g = groups.find(([a, b]) => i >= a && i <= b);
    if (!g) return out.push([outer, { text: r.label, span: 2 }, ...values]);
    const group: C = groupMerge ? (i === g[0] ? { text: g[2], merge: 'restart' } : { merge: 'continue' }) : { text: g[2] };
    out.push([outer, group, { text: r.label }, ...values]);
  });
  return table(out);
}

function table4(values: string[]): string {
  const labels = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  return table([
    [{ text: '行政复议', span: 5 }, { text: '行政诉讼', span: 10 }],
    [...labels.map((t): C => ({ text: t, merge: 'restart' })), { text: '未经复议直接起诉', span: 5 }, { text: '复议后起诉', span: 5 }],
    [...labels.map((): C => ({ merge: 'continue' })), ...labels.map(v), ...labels.map(v)],
    values.map(v),
  ]);
}

function seedDocx(groupMerge = true): Uint8Array {
  const text = seedText('000_91b38fa976f5289e.txt');
  const t2 = seedRows(text, '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况');
  const t3 = seedRows(text, '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况');
  const t4 = seedRows(text, '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况');
  const body: string[] = [];
  let placed = '';
  for (const line of text.split('\n')) {
    if (!line.includes('|')) {
      if (line.trim()) body.push(para(line));
      if (line.startsWith('二、主动公开')) placed = 't2';
      else if (line.startsWith('三、收到和处理')) placed = 't3';
      else if (line.startsWith('四、政府信息公开行政复议')) placed = 't4';
      continue;
    }
    if (placed === 't2') body.push(table2(t2));
    if (placed === 't3') body.push(table3(t3, groupMerge));
    if (placed === 't4') body.push(table4(t4[0].values));
    placed = '';
  }
  return docx(body.join('\n'));
}

describe('a .docx of the seed report 000 (real w:tbl grids)', () => {
  const textVersion = parseSeed('000_91b38fa976f5289e.txt');

  it('reads the same numbers, agency and year as the text version', async () => {
    const report = await parseDocument(seedDocx(), 'report.docx');
    expect(report.encoding).toBe('docx');
    expect(report.error).toBeNull();
    expect(report.agency).toBe('嘉兴市人民政府办公室');
    expect(report.year).toBe(2024);
    expect(report.table2).toEqual(textVersion.table2);
    expect(report.table3).toEqual(textVersion.table3);
    expect(report.table4).toEqual(textVersion.table4);
    expect(report.status).toBe(textVersion.status);
  });

  it('is recognised by its content too, whatever its name', async () => {
    const report = await parseDocument(seedDocx(), 'download');
    expect(report.encoding).toBe('docx');
    expect(report.table3).toEqual(textVersion.table3);
  });

  it('reads the same with the group labels printed in every row instead of merged', async () => {
    const report = await parseDocument(seedDocx(false), 'report.docx');
    expect(report.table3).toEqual(textVersion.table3);
  });

  it('keeps where each cell was printed: offsets into the text shown for the Word file (issue 10 item 6)', async () => {
    const { report, text } = await readDocument(seedDocx(), 'report.docx');
    // By hand: the row of 本年新收 in the shown text, its numbers found by a regex on that line.
    const lines = text!.split('\n');
    const n = lines.findIndex((l) => l.includes('本年新收政府信息公开申请数量'));
    const lineStart = lines.slice(0, n).reduce((sum, l) => sum + l.length + 1, 0);
    const found = [...lines[n].matchAll(/(?<=\| )\d+(?= \||$)/g)].slice(0, 7);
    expect(found.map((m) => Number(m[0]))).toEqual(textVersion.table3[0]);
    found.forEach((m, c) => expect(report.positions!.table3[0][c]).toEqual({ line: n + 1, start: lineStart + m.index!, end: lineStart + m.index! + m[0].length }));
  });
});

describe('Word tables as grids', () => {
  it('a vMerge on 三、本年度办理结果 repeats the label down its rows; a merged number is kept once', () => {
    const lines = documentXmlToLines(`<w:document><w:body>${para('标题')}${table([
      [{ text: '三、本年度办理结果', merge: 'restart' }, { text: '（一）予以公开', span: 2 }, v(5), { text: '7', merge: 'restart' }],
      [{ merge: 'continue' }, { text: '（二）部分公开', span: 2 }, v(2), { merge: 'continue' }],
      [{ text: '四、结转下年度继续办理', span: 3 }, v(0), v(0)],
    ])}</w:body></w:document>`);
    expect(lines).toEqual([
      { cells: ['标题'], table: false },
      { cells: ['三、本年度办理结果', '（一）予以公开', '5', '7'], table: true },
      { cells: ['三、本年度办理结果', '（二）部分公开', '2'], table: true },
      { cells: ['四、结转下年度继续办理', '0', '0'], table: true },
    ]);
  });

  it('keeps an empty cell as a real blank, and reads a table nested in a layout table', () => {
    const inner = table([[v('规章'), v(1), { text: '' }, v(5)]]);
    const lines = documentXmlToLines(`<w:document><w:body><w:tbl><w:tr><w:tc>${para('外框')}${inner}</w:tc></w:tr></w:tbl></w:body></w:document>`);
    expect(lines).toEqual([{ cells: ['外框'], table: false }, { cells: ['规章', '1', '', '5'], table: true }]);
  });

  it('reads the title from docProps/core.xml', async () => {
    const core = strToU8('<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:title>某某局2024年政府信息公开工作年度报告</dc:title></cp:coreProperties>');
    const read = await docxToLines(docx(para('正文'), { 'docProps/core.xml': core }));
    expect(read).toMatchObject({ ok: true, encoding: 'docx', title: '某某局2024年政府信息公开工作年度报告' });
  });
});

describe('what is not a readable Word file', () => {
  it('a broken zip → broken_docx, no exception', async () => {
    const bytes = seedDocx();
    const report = await parseDocument(bytes.slice(0, 300), 'report.docx');
    expect(report.status).toBe('failed');
    expect(report.error?.code).toBe('broken_docx');
  });
  it('a zip that is not a Word document → not_docx', async () => {
    const report = await parseDocument(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }), 'table.docx');
    expect(report.error?.code).toBe('not_docx');
  });
  it('an old binary .doc → unsupported_format, with what to do', async () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const report = await parseDocument(ole, 'report.doc');
    expect(report.error?.code).toBe('unsupported_format');
    expect(report.error?.message_zh).toContain('.docx');
  });
});

describe('a .docx that lies about its entries (hos17)', () => {
  const xmlOf = (body: string) => strToU8(`<w:document><w:body>${body}</w:body></w:document>`);
  const deflated = (data: Uint8Array, size = data.length): RawEntry => ({ name: 'word/document.xml', data: deflateSync(data), method: 8, size });

  it('a body that inflates to more than its entry states is refused as crafted, not cut and read', async () => {
    // 8 MB of text behind a stated size of 1,000 bytes (a bomb of gigabytes inflated in full before).
    const bomb = new Uint8Array(8 * 1024 * 1024).fill(0x20);
    const read = await docxToLines(rawZip([deflated(bomb, 1000)]));
    expect(read).toMatchObject({ ok: false, code: 'broken_docx' });
    expect(read.ok ? '' : read.message_en).toContain('inflates to more than its stated size');
  });

  it('a stored body longer than it states is refused too', async () => {
    const xml = xmlOf(para('年度报告'));
    const read = await docxToLines(rawZip([{ name: 'word/document.xml', data: xml, method: 0, size: 10 }]));
    expect(read).toMatchObject({ ok: false, code: 'broken_docx' });
  });

  it('the zip64 directory is the one checked: a body listed 200 times there is refused', async () => {
    const read = await docxToLines(rawZip([deflated(xmlOf(para('年度报告')))], { name: 'word/document.xml', copies: 200 }));
    expect(read).toMatchObject({ ok: false, code: 'broken_docx' });
    expect(read.ok ? '' : read.message_en).toContain('two entries named word/document.xml');
  });

  it('an honest zip64 .docx (its classic end record saying "see zip64") is read like any other', async () => {
    const bytes = rawZip([deflated(xmlOf(para('某某局年度报告')))], { name: 'word/document.xml', copies: 1 });
    // The classic end record's count and offset as zip64 writers leave them.
    const end = new DataView(bytes.buffer, bytes.length - 22, 22);
    end.setUint16(8, 0xffff, true);
    end.setUint16(10, 0xffff, true);
    end.setUint32(16, 0xffffffff, true);
    expect(await docxToLines(bytes)).toEqual({ ok: true, lines: [{ cells: ['某某局年度报告'], table: false }], encoding: 'docx', title: null });
  });
});
