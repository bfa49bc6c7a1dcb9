import { describe, expect, it } from 'vitest';
import '../src/format/readers.ts';
import { parseDocument } from '../src/format/parse.ts';
import { layoutLines, looksLikePdf, pdfToLines, textItems, type PdfItem } from '../src/format/pdf.ts';
import { MAX_PDF_TEXT_CHUNKS, MAX_PDF_TEXT_ITEMS } from '../src/format/limits.ts';
import { readFixture } from './helpers.ts';
import { pdfBytes, textContent } from './hostile/pdf.ts';
import { xobjectLaughs } from './hostile/cases.ts';

/** A minimal valid PDF, built by hand: one content stream per page, Helvetica as F1. */
function buildPdf(pages: string[], extraObjects: string[] = [], fonts = '/F1 4 0 R'): Uint8Array {
  const objs: string[] = [];
  const first = 5 + extraObjects.length;
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objs[2] = `<< /Type /Pages /Kids [${pages.map((_, i) => `${first + 2 * i} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objs[3] = '<< /Title (A test title) >>';
  objs[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  extraObjects.forEach((o, i) => { objs[5 + i] = o; });
  pages.forEach((content, i) => {
    objs[first + 2 * i] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << ${fonts} >> >> /Contents ${first + 2 * i + 1} 0 R >>`;
    objs[first + 2 * i + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let i = 1; i < objs.length; i++) {
    offsets[i] = out.length;
    out += `${i} 0 obj\n${objs[i]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const text = (x: number, y: number, s: string, size = 10) => `BT /F1 ${size} Tf 1 0 0 1 ${x} ${y} Tm (${s}) Tj ET`;

describe('hongze-2024.pdf (a published PDF, 5 pages) through parseDocument', async () => {
  const truth = JSON.parse(readFixture('corpus', 'truth', 'hongze-2024.json').toString('utf8'));
  const report = await parseDocument(new Uint8Array(readFixture('corpus', 'hongze-2024.pdf')), 'hongze-2024.pdf');

  it('reads the agency and the year', () => {
    expect(report.encoding).toBe('pdf');
    expect(report.agency).toBe(truth.agency);
    expect(report.year).toBe(truth.year);
  });
  it('reads table 2 exactly', () => {
    expect(report.table2).toEqual(truth.table2);
  });
  it('reads table 3 exactly: the three 其他处理 sub-rows it prints as one row are derived as 0, the truth', () => {
    // The PDF prints one 其他处理 row, all zeros: the three sub-rows are then forced to 0 (the
    // truth), and each of their cells is listed as derived, with the rule that forced it.
    expect(report.table3_layout).toBe('single_other_row');
    expect(report.table3_other_total).toEqual([0, 0, 0, 0, 0, 0, 0]);
    for (let r = 0; r < 25; r++) expect(report.table3[r], `row ${r}`).toEqual(truth.table3[r]);
    for (const r of [20, 21, 22]) expect(truth.table3[r]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const derived = report.derived.filter((d) => d.table === 'table3').map((d) => `${d.row},${d.col},${d.value},${d.rule}`).sort();
    const want = [20, 21, 22].flatMap((r) => [0, 1, 2, 3, 4, 5, 6].map((c) => `${r},${c},0,t3.outcomes_sum`)).sort();
    expect(derived).toEqual(want);
  });
  it('reads table 4 exactly', () => {
    expect(report.table4).toEqual(truth.table4);
  });
  it('drops the page numbers and keeps the table rows as real grid rows', async () => {
    const read = await pdfToLines(new Uint8Array(readFixture('corpus', 'hongze-2024.pdf')));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.title).toBe('政府信息公开工作年度报告');
    expect(read.lines.some((l) => /^[-—]?\s*\d\s*[-—]?$/.test(l.cells.join('')))).toBe(false);
    expect(read.lines[0].cells[0]).toBe('淮安市洪泽区人民政府2024年政府信息公开工作年度报告');
    const partly = read.lines.find((l) => l.cells[0]?.startsWith('（二）部分公开'));
    // The label wraps over two lines around its numbers: one label, then the 7 cells.
    expect(partly).toEqual({ cells: ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '9', '0', '0', '0', '0', '0', '9'], table: true });
    const confirm = read.lines.find((l) => l.cells[0]?.startsWith('5.要求行政机关'));
    expect(confirm?.cells[0]).toBe('5.要求行政机关确认或重新出具已获取信息');
    // A merged group label is a line of its own, not glued to a neighbour's label.
    expect(read.lines.find((l) => l.cells[0] === '（三）不予公开')?.cells).toEqual(['（三）不予公开']);
    // The table continues on page 4: its rows follow in reading order.
    const labels = read.lines.filter((l) => l.table && l.cells.length === 8).map((l) => l.cells[0]);
    expect(labels.indexOf('（四）无法提供 1.本机关不掌握相关政府信息')).toBe(labels.indexOf('2.没有现成信息需要另行制作') - 1);
    expect(read.notes).toEqual([]);
  });
});

describe('layoutLines (positions → rows and cells)', () => {
  const item = (x: number, y: number, str: string, fs = 10): PdfItem => ({ x, y, str, fs, w: str.length * (/^[\d.]+$/.test(str) ? fs / 2 : fs) });
  const page = (items: PdfItem[]) => ({ width: 595, height: 842, items });

  it('joins a number split in two on one baseline, but not two numbers in two columns', () => {
    const { lines } = layoutLines([page([
      item(50, 700, '甲行'), item(200, 700, '2'), item(205.5, 700, '0'), item(300, 700, '3'),
      item(50, 680, '乙行'), item(200, 680, '1'), item(300, 680, '4'),
    ])]);
    expect(lines).toEqual([{ cells: ['甲行', '20', '3'], table: true }, { cells: ['乙行', '1', '4'], table: true }]);
  });
  it('keeps a real blank cell as an empty cell when the columns are known', () => {
    const { lines } = layoutLines([page([
      item(50, 700, '甲行'), item(200, 700, '1'), item(250, 700, '2'), item(300, 700, '3'),
      item(50, 680, '乙行'), item(200, 680, '4'), item(300, 680, '6'),
    ])]);
    expect(lines[1]).toEqual({ cells: ['乙行', '4', '', '6'], table: true });
  });
  it('emits two numbers glued in one item as printed, and notes it', () => {
    const { lines, notes } = layoutLines([page([
      item(50, 700, '甲行'), item(200, 700, '1'), item(250, 700, '2'), item(300, 700, '3'),
      item(50, 680, '乙行'), item(200, 680, '4 5'), item(300, 680, '6'),
    ])]);
    expect(lines[1].cells).toContain('4 5');
    expect(notes.length).toBe(1);
  });
  it('a lone row claims no blank it did not see', () => {
    const { lines } = layoutLines([page([item(50, 700, '行政许可'), item(300, 700, '9487')])]);
    expect(lines).toEqual([{ cells: ['行政许可', '9487'], table: false }]);
  });
  it('joins a wrapped label to its row, and a table across pages', () => {
    const p1 = page([
      item(50, 700, '1.申请人无正当理由逾期不补正、'), item(300, 695, '0'), item(350, 695, '0'),
      item(50, 688, '行政机关不再处理其政府信息公开申请'),
      item(50, 670, '2.其他'), item(300, 670, '1'), item(350, 670, '1'),
      item(290, 30, '- 1 -'),
    ]);
    const p2 = page([item(50, 800, '3.其他'), item(300, 800, '5'), item(350, 800, '5'), item(290, 30, '- 2 -')]);
    const { lines } = layoutLines([p1, p2]);
    expect(lines).toEqual([
      { cells: ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '0', '0'], table: true },
      { cells: ['2.其他', '1', '1'], table: true },
      { cells: ['3.其他', '5', '5'], table: true },
    ]);
  });
  it('drops a running header repeated on every page', () => {
    const head = (n: number) => [item(200, 810, 'XX市人民政府公报'), item(280, 30, `第 ${n} 页`)];
    const { lines } = layoutLines([page([...head(1), item(50, 700, '正文一。')]), page([...head(2), item(50, 700, '第二页的正文比较长一些')])]);
    expect(lines.map((l) => l.cells[0])).toEqual(['正文一。', '第二页的正文比较长一些']);
  });
});

describe('pdfToLines on hand-built PDFs', () => {
  it('a scan (a page with no text) → no_text_layer', async () => {
    const read = await pdfToLines(buildPdf(['0 0 1 rg 10 10 300 400 re f']));
    expect(read).toMatchObject({ ok: false, code: 'no_text_layer', message_zh: '这是扫描件 PDF，没有文字层，无法读取；需要先做文字识别（OCR）。' });
    const report = await parseDocument(buildPdf(['0 0 1 rg 10 10 300 400 re f']), 'scan.pdf');
    expect(report.status).toBe('failed');
    expect(report.error?.code).toBe('no_text_layer');
  });
  it('a truncated PDF → a clear failure, no exception', async () => {
    const bytes = new Uint8Array(readFixture('corpus', 'hongze-2024.pdf'));
    const report = await parseDocument(bytes.slice(0, Math.floor(bytes.length * 0.4)), 'cut.pdf');
    expect(report.status).toBe('failed');
    expect(report.error?.code).toBe('truncated_pdf');
  });
  it('a page tree listing one page object twice → broken_pdf, before its text is read again and again (hos17)', async () => {
    const page = textContent(['The annual report of an agency, with plenty of text on the page.']);
    const objects = (kids: string) => ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count 2 >>`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
      { dict: '', data: page },
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>'];
    const twice = await pdfToLines(pdfBytes(objects('4 0 R 4 0 R')));
    expect(twice).toMatchObject({ ok: false, code: 'broken_pdf', message_en: expect.stringContaining('lists one page object more than once (page 2 is object 4 0 again)') });
    // Two page objects with the same contents are two pages, read.
    expect((await pdfToLines(pdfBytes(objects('4 0 R 6 0 R')))).ok).toBe(true);
  });
  it('form XObjects drawing each other over and over (10^8 texts from 4 KB) → too_complex, the reading stopped (hos17: 60 s)', async () => {
    const started = performance.now();
    const r = await pdfToLines(xobjectLaughs(9));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('too_complex');
      expect(r.message_en).toContain(`more than ${MAX_PDF_TEXT_ITEMS} text items, or sent in more than ${MAX_PDF_TEXT_CHUNKS} pieces, by page 1`);
    }
    // The deadline a build gives a file; before the budget this took all of it.
    expect(performance.now() - started).toBeLessThan(60_000);
    // Three deep (100 texts): read.
    expect((await pdfToLines(xobjectLaughs(3))).ok).toBe(true);
  }, 120_000);

  it('textItems takes the items and the pieces from the budget and stops reading once either is spent', async () => {
    let sent = 0;
    const endless = (size: number) => ({
      streamTextContent: () => new ReadableStream({
        pull(controller) {
          sent++;
          controller.enqueue({ items: Array.from({ length: size }, () => ({ str: 'x' })) });
        },
      }),
    });
    const items = { items: 95, chunks: 1000 };
    expect(await textItems(endless(10), items)).toBeNull();
    expect(items).toEqual({ items: -5, chunks: 990 });
    expect(sent).toBeLessThanOrEqual(10 + 2);
    sent = 0;
    const chunks = { items: 1000, chunks: 50 };
    expect(await textItems(endless(1), chunks)).toBeNull();
    expect(chunks).toEqual({ items: 949, chunks: -1 });
    expect(sent).toBeLessThanOrEqual(51 + 2);
    const ends = { streamTextContent: () => new ReadableStream({ start(c) { c.enqueue({ items: [{ str: 'a' }, { str: 'b' }] }); c.close(); } }) };
    const left = { items: 2, chunks: 1 };
    expect(await textItems(ends, left)).toEqual([{ str: 'a' }, { str: 'b' }]);
    expect(left).toEqual({ items: 0, chunks: 0 });
  });

  it('garbage behind a PDF header → broken_pdf', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\nthis is not a pdf at all\n%%EOF\n');
    const read = await pdfToLines(bytes);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.code).toBe('broken_pdf');
  });
  it('reads text with positions, a split number and the Info title; drops the page number', async () => {
    const content = [
      text(72, 760, 'Annual report of a test agency, with words enough to be text'),
      text(72, 700, 'Row A'), text(300, 700, '1'), text(305.6, 700, '2'), text(400, 700, '3'),
      text(72, 680, 'Row B'), text(300, 680, '4'), text(400, 680, '5'),
      text(290, 30, '- 1 -'),
    ].join('\n');
    const read = await pdfToLines(buildPdf([content]));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.title).toBe('A test title');
    expect(read.lines).toEqual([
      { cells: ['Annual report of a test agency, with words enough to be text'], table: false },
      { cells: ['Row A', '12', '3'], table: true },
      { cells: ['Row B', '4', '5'], table: true },
    ]);
  });
  it('reads CJK text of a font that is not embedded, with the CMaps from the package (no network)', async () => {
    const song = [
      '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>',
      '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>',
    ];
    // 政府信息公开工作年度报告 in UCS-2, twice.
    const hex = '653F5E9C4FE1606F516C5F005DE54F5C5E745EA662A5544A'.repeat(2);
    const pdf = buildPdf([`BT /F2 12 Tf 72 700 Td <${hex}> Tj ET`], song, '/F1 4 0 R /F2 5 0 R');
    const read = await pdfToLines(pdf);
    expect(read.ok && read.lines[0].cells[0]).toBe('政府信息公开工作年度报告政府信息公开工作年度报告');
    // Without the CMaps the text cannot be read, and the failure says why.
    const without = await pdfToLines(pdf, { assets: { read: async (p) => { throw new Error(`no ${p}`); } } });
    expect(without.ok).toBe(false);
    if (!without.ok) expect(without.code).toBe('pdf_assets_missing');
  });
});

describe('looksLikePdf', () => {
  const at = (junk: number, tail = '1.7\n') => {
    const bytes = new Uint8Array(junk + 5 + tail.length).fill(0x20);
    bytes.set(new TextEncoder().encode(`%PDF-${tail}`), junk);
    return bytes;
  };
  it('finds the header anywhere in the first 1024 bytes, and only there', () => {
    expect(looksLikePdf(at(0))).toBe(true);
    expect(looksLikePdf(at(300))).toBe(true);
    expect(looksLikePdf(at(1019))).toBe(true); // its last byte is byte 1024
    expect(looksLikePdf(at(1020))).toBe(false); // cut by the 1024-byte limit
    expect(looksLikePdf(new TextEncoder().encode('%PDF'))).toBe(false);
    expect(looksLikePdf(new TextEncoder().encode('%PDF-'))).toBe(true);
    expect(looksLikePdf(new TextEncoder().encode('一份年度报告 %PDX- %PD'))).toBe(false);
    expect(looksLikePdf(new Uint8Array(0))).toBe(false);
  });
});
