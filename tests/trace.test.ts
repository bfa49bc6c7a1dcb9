// Issue 10 item 6: every read cell keeps where it was printed. For each reader shape the expected
// token and its offset are found here by a plain regex on the text (the label, then the next
// numbers), never by the parser's position code; the parser's recorded range must be exactly there.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../src/format/readers.ts';
import { readDocument } from '../src/format/parse.ts';
import type { Position, Report } from '../src/format/report.ts';
import { segments, traceCell } from '../src/app/trace.ts';
import { ROOT, SEEDS } from './helpers.ts';

interface Found { token: string; start: number; end: number; line: number }

/** The first `n` digit runs after `label` (the k-th occurrence) in `text`, with their offsets and 1-based lines. */
function numbersAfter(text: string, label: string, n: number, occurrence = 0): Found[] {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = text.indexOf(label, at + 1);
  expect(at, `label ${label}`).toBeGreaterThanOrEqual(0);
  const re = /[0-9]+(?:\.[0-9]+)?/g;
  re.lastIndex = at + label.length;
  const out: Found[] = [];
  for (let m = re.exec(text); m && out.length < n; m = re.exec(text)) {
    out.push({ token: m[0], start: m.index, end: m.index + m[0].length, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

const where = (p: Position | null | undefined) => (p ? { start: p.start, end: p.end, line: p.line } : null);
const expected = (f: Found) => ({ start: f.start, end: f.end, line: f.line });

async function read(path: string, name = path): Promise<{ report: Report; text: string }> {
  const { report, text } = await readDocument(new Uint8Array(readFileSync(path)), name);
  expect(text).not.toBeNull();
  expect(report.positions).toBeDefined();
  return { report, text: text! };
}

/** Table 3 row 0 (本年新收) and the 15 numbers of table 4, as printed one number per cell. */
function expectRowsAt(report: Report, text: string, t4From: string, t4Occurrence = 0, t3Label = '本年新收政府信息公开申请数量') {
  const t3 = numbersAfter(text, t3Label, 7);
  t3.forEach((f, c) => {
    expect(where(report.positions!.table3[0][c])).toEqual(expected(f));
    expect(text.slice(f.start, f.end)).toBe(String(report.table3[0][c]));
  });
  const t4 = numbersAfter(text, t4From, 15, t4Occurrence);
  t4.forEach((f, i) => {
    expect(where(report.positions!.table4[i])).toEqual(expected(f));
    expect(Number(f.token)).toBe(report.table4[i]);
  });
}

describe('the parser records where each cell was printed (offsets into the whole shown text, UTF-16 code units)', () => {
  it('pipe tables, one number a line, one number a paragraph: the seeds in data/reports', async () => {
    for (const seed of SEEDS) {
      // Seed 001 is a tab table whose label lost a character to a stray bracket.
      const t3Label = seed.startsWith('001') ? '新收政府(信息公开申请数量' : '本年新收政府信息公开申请数量';
      const { report, text } = await read(join(ROOT, 'data/reports', seed));
      // Table 4's fifteen numbers follow the last 总计 of its header rows.
      const t4Head = text.indexOf('四、政府信息公开行政复议');
      const totals = [...text.slice(t4Head).matchAll(/总计/g)].length;
      expectRowsAt(report, text, '总计', text.slice(0, t4Head).split('总计').length - 1 + totals - 1, t3Label);
      // Every cell with a position: the printed token is exactly the raw text.
      const P = report.positions!;
      P.table3.forEach((row, r) => row.forEach((p, c) => { if (p) expect(text.slice(p.start, p.end)).toBe(report.raw.table3[r][c]); }));
    }
  });

  it('glued digits (a real report copied from a web page): each split number points to its own digits of the run', async () => {
    const { report, text } = await read(join(ROOT, 'tests/fixtures/corpus/pingtan-2024.txt'));
    const [run] = numbersAfter(text, '本年新收政府信息公开申请数量', 1);
    expect(run.token).toBe('21710000218');
    // The split the report's identities allow (checked by hand: 217+1 = 218).
    const pieces = ['217', '1', '0', '0', '0', '0', '218'];
    let at = run.start;
    pieces.forEach((piece, c) => {
      expect(where(report.positions!.table3[0][c])).toEqual({ start: at, end: at + piece.length, line: run.line });
      expect(report.table3[0][c]).toBe(Number(piece));
      at += piece.length;
    });
  });

  it('whitespace and tab tables (seed 000 retyped): the offsets follow the separators', async () => {
    const text = readFileSync(join(ROOT, 'data/reports', SEEDS[0]), 'utf8');
    for (const [name, retyped] of [['spaces.txt', text.replace(/ ?\|+ ?/g, '    ')], ['tabs.txt', text.replace(/ ?\|+ ?/g, '\t')]] as const) {
      const { report, text: shown } = await readDocument(new TextEncoder().encode(retyped), name);
      expect(shown).toBe(retyped);
      const t3 = numbersAfter(retyped, '本年新收政府信息公开申请数量', 7);
      t3.forEach((f, c) => expect(where(report.positions!.table3[0][c]), name).toEqual(expected(f)));
      const lic = numbersAfter(retyped, '行政许可', 1)[0];
      expect(where(report.positions!.table2[6])).toEqual(expected(lic));
    }
  });

  it('markdown tables (a regression fixture)', async () => {
    const { report, text } = await read(join(ROOT, 'tests/fixtures/regressions/seed11-0002438_f.md'));
    const t3 = numbersAfter(text, '本年新收政府信息公开申请数量', 7);
    t3.forEach((f, c) => expect(where(report.positions!.table3[0][c])).toEqual(expected(f)));
  });

  it('HTML (a real report): offsets index the text shown for it, not the HTML', async () => {
    const { report, text } = await read(join(ROOT, 'tests/fixtures/corpus/pingtan-2024.html'));
    expect(text).not.toMatch(/<td/i);
    const t3 = numbersAfter(text, '本年新收政府信息公开申请数量', 7);
    t3.forEach((f, c) => {
      expect(where(report.positions!.table3[0][c])).toEqual(expected(f));
      expect(Number(f.token)).toBe(report.table3[0][c]);
    });
  });

  it('PDF (a real report): read cells point at their tokens; derived cells have none', async () => {
    const { report, text } = await read(join(ROOT, 'tests/fixtures/corpus/hongze-2024.pdf'));
    const t3 = numbersAfter(text, '本年新收政府信息公开申请数量', 7);
    t3.forEach((f, c) => {
      expect(where(report.positions!.table3[0][c])).toEqual(expected(f));
      expect(Number(f.token)).toBe(report.table3[0][c]);
    });
    expect(report.derived.length).toBeGreaterThan(0);
    for (const d of report.derived) {
      const p = d.table === 'table3' ? report.positions!.table3[d.row][d.col] : d.table === 'table4' ? report.positions!.table4[d.row] : null;
      expect(p, `${d.table}[${d.row},${d.col}]`).toBeNull();
    }
  });
});

describe('the page marks the source text (src/app/trace.ts)', () => {
  const cells = [
    { table_name: 'table3', row_index: 0, col_index: 0, value: 2, flag: 'stated', rule: null, line: 1, char_start: 3, char_end: 4 },
    { table_name: 'table3', row_index: 0, col_index: 6, value: 5, flag: 'derived', rule: 'x', line: null, char_start: null, char_end: null },
    { table_name: 'table3', row_index: 1, col_index: 0, value: null, flag: 'missing', rule: null, line: null, char_start: null, char_end: null },
  ];
  it('a read cell is one mark; the text around it stays plain text, whole', () => {
    const t = traceCell(cells[0], cells);
    expect(t.kind).toBe('read');
    const parts = segments('ab 2 c', t.marks);
    expect(parts.map((p) => [p.text, p.mark !== null])).toEqual([['ab ', false], ['2', true], [' c', false]]);
    expect(parts.map((p) => p.text).join('')).toBe('ab 2 c');
  });
  it('a cell with nothing printed has nothing to mark', () => {
    expect(traceCell(cells[2], cells)).toEqual({ kind: 'none', marks: [] });
  });
});
