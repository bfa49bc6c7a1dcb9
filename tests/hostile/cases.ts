// Hostile inputs, generated (no committed binaries): each is a few lines that reproduce a way
// one file used to cost a build (issue 12). Used by tests/hostile.test.ts and bench/hostile/run.ts.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeflate } from 'node:zlib';
import { deflateSync, zipSync, strToU8 } from 'fflate';
import { textContent, textPdf, pdfBytes } from './pdf.ts';

export interface HostileCase {
  name: string;
  /** The file's name in the reports folder. */
  file: string;
  /** Writes the file at `path`: `full` the size (the bench), else just past the limit (the tests). */
  write(path: string, full: boolean): Promise<void> | void;
  /** What the file must come out as: failed with one of these codes, or read (any status). */
  expect: { failed: string[] } | 'read';
  /** The figure for the input before the fix (for the bench's table). */
  before: string;
}

const te = new TextEncoder();

/** A .docx of the given word/document.xml body. */
export function docx(bodyXml: string): Uint8Array {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${bodyXml}</w:body></w:document>`;
  return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(xml) });
}

/** A zip whose central directory lists `copies` entries that all point at one compressed document.xml. */
export function overlappingZip(documentXml: Uint8Array, copies: number): Uint8Array {
  const single = zipSync({ 'word/document.xml': documentXml }, { level: 6 });
  const view = new DataView(single.buffer, single.byteOffset, single.byteLength);
  // The single entry's central record starts where the end record says.
  const eocd = single.length - 22;
  const cdOffset = view.getUint32(eocd + 16, true);
  const record = single.subarray(cdOffset, eocd);
  const records: Uint8Array[] = [];
  for (let i = 0; i < copies; i++) {
    const name = i === 0 ? 'word/document.xml' : `word/copy${String(i).padStart(5, '0')}.xml`;
    const nameBytes = te.encode(name);
    const r = new Uint8Array(46 + nameBytes.length);
    r.set(record.subarray(0, 46));
    new DataView(r.buffer).setUint16(28, nameBytes.length, true);
    new DataView(r.buffer).setUint16(30, 0, true);
    new DataView(r.buffer).setUint16(32, 0, true);
    r.set(nameBytes, 46);
    records.push(r);
  }
  const cdSize = records.reduce((n, r) => n + r.length, 0);
  const out = new Uint8Array(cdOffset + cdSize + 22);
  out.set(single.subarray(0, cdOffset));
  let at = cdOffset;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  const end = new DataView(out.buffer, at, 22);
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, copies, true);
  end.setUint16(10, copies, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, cdOffset, true);
  return out;
}

/** One entry of a hand-made zip: its data as stored, its compression method, and the size it states. */
export interface RawEntry { name: string; data: Uint8Array; method: 0 | 8; size: number }

/**
 * A zip written by hand, so that it can lie: each entry states `size` whatever its data
 * inflates to. `zip64`: a zip64 end record points at a second central directory in which the
 * entry named `zip64.name` is listed `zip64.copies` times (the classic directory lists each once).
 */
export function rawZip(entries: RawEntry[], zip64?: { name: string; copies: number }): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  const push = (b: Uint8Array) => {
    parts.push(b);
    at += b.length;
  };
  const record = (length: number, fill: (v: DataView) => void) => {
    const b = new Uint8Array(length);
    fill(new DataView(b.buffer));
    return b;
  };
  const offsets = entries.map((e) => {
    const offset = at;
    const name = te.encode(e.name);
    push(record(30, (v) => {
      v.setUint32(0, 0x04034b50, true); v.setUint16(4, 20, true); v.setUint16(8, e.method, true);
      v.setUint32(18, e.data.length, true); v.setUint32(22, e.size, true); v.setUint16(26, name.length, true);
    }));
    push(name);
    push(e.data);
    return offset;
  });
  const central = (e: RawEntry, offset: number) => {
    const name = te.encode(e.name);
    push(record(46, (v) => {
      v.setUint32(0, 0x02014b50, true); v.setUint16(4, 20, true); v.setUint16(6, 20, true); v.setUint16(10, e.method, true);
      v.setUint32(20, e.data.length, true); v.setUint32(24, e.size, true); v.setUint16(28, name.length, true); v.setUint32(42, offset, true);
    }));
    push(name);
  };
  const classic = at;
  entries.forEach((e, i) => central(e, offsets[i]));
  const classicSize = at - classic;
  if (zip64) {
    const second = at;
    let n = 0;
    entries.forEach((e, i) => {
      for (let k = 0; k < (e.name === zip64.name ? zip64.copies : 1); k++, n++) central(e, offsets[i]);
    });
    const secondSize = at - second;
    const end64 = at;
    push(record(56, (v) => {
      v.setUint32(0, 0x06064b50, true); v.setBigUint64(4, 44n, true); v.setUint16(12, 45, true); v.setUint16(14, 45, true);
      v.setBigUint64(24, BigInt(n), true); v.setBigUint64(32, BigInt(n), true); v.setBigUint64(40, BigInt(secondSize), true); v.setBigUint64(48, BigInt(second), true);
    }));
    push(record(20, (v) => {
      v.setUint32(0, 0x07064b50, true); v.setBigUint64(8, BigInt(end64), true); v.setUint32(16, 1, true);
    }));
  }
  push(record(22, (v) => {
    v.setUint32(0, 0x06054b50, true); v.setUint16(8, entries.length, true); v.setUint16(10, entries.length, true);
    v.setUint32(12, classicSize, true); v.setUint32(16, classic, true);
  }));
  const out = new Uint8Array(at);
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/** zlib bytes of `size` zero bytes, streamed (never `size` bytes in memory). */
export async function zlibZeros(size: number): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  const block = Buffer.alloc(1 << 20);
  for (let left = size; left > 0; left -= block.length) {
    if (!deflate.write(left >= block.length ? block : block.subarray(0, left))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await ended;
  return Buffer.concat(chunks);
}

const MB = 1024 * 1024;

/**
 * A 4 KB PDF of form XObjects nine deep (objects 6..14 are X1..X9): X1 shows a text, each Xk draws
 * X(k-1) ten times, and the page draws X9: 10^8 texts shown.
 */
export function xobjectLaughs(depth = 9): Uint8Array {
  const objects: (string | { dict: string; data: Uint8Array })[] = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X ${5 + depth} 0 R >> >> /Contents 5 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', { dict: '', data: te.encode('/X Do') }];
  for (let k = 1; k <= depth; k++) {
    const body = k === 1 ? 'BT /F1 9 Tf 72 700 Td (annual report 12 34) Tj ET' : Array.from({ length: 10 }, (_, i) => `q 1 0 0 1 ${i} ${i} cm /Y Do Q`).join(' ');
    const resources = k === 1 ? '/Resources << /Font << /F1 4 0 R >> >>' : `/Resources << /Font << /F1 4 0 R >> /XObject << /Y ${4 + k} 0 R >> >>`;
    objects.push({ dict: `/Type /XObject /Subtype /Form /BBox [0 0 595 842] ${resources}`, data: te.encode(body) });
  }
  return pdfBytes(objects);
}

export const CASES: HostileCase[] = [
  {
    name: 'html-span-bomb',
    file: 'span-bomb.html',
    before: '1.5 MB: grid builder over 4 GB, build died (exit 134)',
    expect: { failed: ['too_complex'] },
    write: (path) => {
      const n = 200;
      const row = `<tr>${'<td rowspan=200 colspan=200>1</td>'.repeat(n)}</tr>`;
      writeFileSync(path, `<html><body><table>${row.repeat(n)}</table></body></html>`);
    },
  },
  {
    name: 'html-nested-tables',
    file: 'nested.html',
    before: '100k nested tables: 49 s',
    expect: { failed: ['too_complex'] },
    write: (path) => writeFileSync(path, `<html><body>${'<table><tr><td>'.repeat(100_000)}x</body></html>`),
  },
  {
    name: 'html-unclosed-title-meta',
    file: 'unclosed.html',
    before: 'unclosed <title>, <meta: quadratic',
    expect: 'read',
    write: (path) => writeFileSync(path, `<html>${'<title>x'.repeat(100_000)}${'<meta name=a content=b '.repeat(50_000)}<body>x</body></html>`),
  },
  {
    name: 'docx-unclosed-deltext',
    file: 'deltext.docx',
    before: '5 KB docx: 234 s',
    expect: 'read',
    write: (path) => writeFileSync(path, docx(`<w:p><w:r><w:t>报告</w:t></w:r></w:p>${'<w:delText>x'.repeat(200_000)}`)),
  },
  {
    name: 'docx-unclosed-fallback-and-tags',
    file: 'fallback.docx',
    before: 'unclosed <mc:Fallback>: quadratic',
    expect: 'read',
    write: (path) => writeFileSync(path, docx(`${'<mc:Fallback>x'.repeat(100_000)}${'<w:t x'.repeat(100_000)}`)),
  },
  {
    name: 'docx-nested-tables',
    file: 'nested.docx',
    before: '100k nested tables: 34 s',
    expect: { failed: ['too_complex'] },
    write: (path) => writeFileSync(path, docx('<w:tbl><w:tr><w:tc>'.repeat(100_000))),
  },
  {
    name: 'docx-overlapping-entries',
    file: 'overlap.docx',
    before: '124 KB docx, 1,000 entries on one 60 MB body: 170 s',
    expect: { failed: ['broken_docx'] },
    write: (path, full) => {
      // 60 MB of body for the bench, as in the issue; 1 MB for the tests.
      const body = te.encode(`<w:document><w:body>${'<w:p><w:r><w:t>年度报告</w:t></w:r></w:p>'.repeat(full ? 1_200_000 : 20_000)}</w:body></w:document>`);
      writeFileSync(path, overlappingZip(body, 1000));
    },
  },
  {
    name: 'docx-lying-size',
    file: 'lying.docx',
    before: '4 MB docx whose body states 1,000 bytes and inflates to 4 GB: 60 s, stopped by the deadline (hos17)',
    expect: { failed: ['broken_docx'] },
    write: async (path, full) => {
      const bomb = await zlibZeros((full ? 4096 : 256) * MB);
      // The raw deflate data inside the zlib wrapper (2-byte header, 4-byte checksum).
      const data = bomb.subarray(2, bomb.length - 4);
      writeFileSync(path, rawZip([{ name: '[Content_Types].xml', data: strToU8('<Types/>'), method: 0, size: 8 }, { name: 'word/document.xml', data, method: 8, size: 1000 }]));
    },
  },
  {
    name: 'docx-zip64-copies',
    file: 'zip64.docx',
    before: '180 KB docx, its 16 MB body listed 2,000 times in a zip64 directory: 60 s, stopped by the deadline (hos17)',
    expect: { failed: ['broken_docx'] },
    write: (path, full) => {
      const body = strToU8(`<w:document><w:body>${'<w:p><w:r><w:t>年度报告</w:t></w:r></w:p>'.repeat(full ? 400_000 : 20_000)}</w:body></w:document>`);
      writeFileSync(path, rawZip([{ name: 'word/document.xml', data: deflateSync(body), method: 8, size: body.length }], { name: 'word/document.xml', copies: full ? 2000 : 200 }));
    },
  },
  {
    name: 'pdf-many-pages',
    file: 'pages.pdf',
    before: '20,000 pages: 243 s',
    expect: { failed: ['too_large'] },
    write: (path, full) => {
      const n = full ? 20_000 : 2_500;
      const kids = Array.from({ length: n }, (_, i) => `${4 + i} 0 R`).join(' ');
      const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
      for (let i = 0; i < n; i++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>');
      writeFileSync(path, pdfBytes(objects));
    },
  },
  {
    name: 'pdf-one-page-many-times',
    file: 'same-page.pdf',
    before: '116 KB PDF whose page tree lists one page of 3,000 words 1,999 times: 60 s, stopped by the deadline (hos17)',
    expect: { failed: ['broken_pdf'] },
    write: (path) => {
      const words = Array.from({ length: 3000 }, (_, i) => `1 0 0 1 ${(i * 37) % 540 + 20} ${(i % 70) * 11 + 20} Tm (${i % 1000} annual) Tj`);
      writeFileSync(path, pdfBytes(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${'4 0 R '.repeat(1999)}] /Count 1999 >>`,
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
        { dict: '', data: te.encode(`BT /F1 9 Tf\n${words.join('\n')}\nET`) }]));
    },
  },
  {
    name: 'pdf-xobject-laughs',
    file: 'xobjects.pdf',
    before: '4 KB PDF of form XObjects nine deep, each drawing the one below ten times (10^8 texts shown): 60 s, stopped by the deadline (hos17)',
    expect: { failed: ['too_complex'] },
    write: (path) => writeFileSync(path, xobjectLaughs()),
  },
  {
    name: 'pdf-deflate-bomb',
    file: 'bomb.pdf',
    before: '1 MB PDF of a 1 GB bomb: 17 s, 2.5 GB',
    expect: { failed: ['too_large'] },
    write: async (path, full) => {
      const bomb = await zlibZeros((full ? 1024 : 300) * MB);
      writeFileSync(path, pdfBytes(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>', { dict: '/Filter /FlateDecode', data: bomb }]));
    },
  },
  {
    name: 'pdf-deeply-nested',
    file: 'deep.pdf',
    before: 'called "scanned"',
    // Never no_text_layer: the contents cannot be interpreted (a small stack), or its text is read (a thread's larger one).
    expect: { failed: ['broken_pdf', 'no_tables'] },
    write: (path) => {
      const text = textContent(['The annual report of an agency, with plenty of text on the page.']);
      const depth = 20_000;
      const nested = te.encode(`${'['.repeat(depth)}${']'.repeat(depth)} pop `);
      const content = new Uint8Array(nested.length + text.length);
      content.set(nested);
      content.set(text, nested.length);
      writeFileSync(path, textPdf([content]));
    },
  },
  {
    name: 'text-over-size-limit',
    file: 'huge.txt',
    before: '1.9 GB text read whole before being refused',
    expect: { failed: ['too_large'] },
    // Sparse: no disk space used, and never read.
    write: (path, full) => {
      const fd = openSync(path, 'w');
      ftruncateSync(fd, (full ? 1900 : 100) * MB);
      closeSync(fd);
    },
  },
  {
    name: 'text-one-long-line',
    file: 'long-line.txt',
    before: 'one 10 MB line: 680 MB',
    expect: 'read',
    write: (path, full) => writeFileSync(path, '政府信息公开工作年度报告 '.repeat(full ? 270_000 : 150_000)),
  },
  {
    name: 'text-many-lines',
    file: 'many-lines.txt',
    before: '30 MB, 2.2 million lines of numbers: out of memory (1 GB heap) after 27 s, 1.27 GB peak (hos17)',
    expect: { failed: ['too_complex'] },
    write: (path, full) => writeFileSync(path, '1 2 3 4 5 6 7\n'.repeat(full ? 2_200_000 : 100_001)),
  },
  {
    name: 'text-many-cells',
    file: 'many-cells.txt',
    before: '30 MB of "1|": 15 million cells, out of memory (hos18)',
    expect: { failed: ['too_complex'] },
    // Just past the bound for the tests: 1,000,001 cells and more (lines cut at 65,536 characters).
    write: (path, full) => writeFileSync(path, '1|'.repeat(full ? 15 * MB : 1_000_001)),
  },
  {
    name: 'slow-text',
    file: 'slow.txt',
    before: '(a legitimate but slow file: stopped by the per-file deadline or the memory budget when they are lowered)',
    expect: 'read',
    write: (path) => writeFileSync(path, '1234567890 '.repeat(2_700_000)),
  },
  {
    name: 'fifo',
    file: 'pipe.txt',
    before: '`parse` hung forever',
    expect: { failed: ['not_a_file'] },
    write: (path) => {
      execFileSync('mkfifo', [path]);
    },
  },
];

/** Writes every case into `dir`; returns the cases. */
export async function writeCases(dir: string, full = false, cases = CASES): Promise<HostileCase[]> {
  for (const c of cases) await c.write(join(dir, c.file), full);
  return cases;
}
