// A minimal PDF writer for generated test inputs: objects in order, a correct xref table.
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** Objects 1..n (their bodies, without `n 0 obj`), object 1 the catalog. Streams as { dict, data }. */
export function pdfBytes(objects: (string | { dict: string; data: Uint8Array })[]): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let size = parts[0].length;
  const offsets: number[] = [];
  const push = (p: Uint8Array) => {
    parts.push(p);
    size += p.length;
  };
  objects.forEach((o, i) => {
    offsets.push(size);
    if (typeof o === 'string') push(latin1(`${i + 1} 0 obj\n${o}\nendobj\n`));
    else {
      push(latin1(`${i + 1} 0 obj\n<< ${o.dict} /Length ${o.data.length} >>\nstream\n`));
      push(o.data);
      push(latin1('\nendstream\nendobj\n'));
    }
  });
  const xref = size;
  push(latin1(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`));
  push(latin1(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A one-font PDF whose pages show the given content streams (Helvetica, no embedding needed). */
export function textPdf(contents: Uint8Array[]): Uint8Array {
  const n = contents.length;
  // 1 catalog, 2 pages, 3 font, then per page: page object, content stream.
  const kids = contents.map((_, i) => `${4 + 2 * i} 0 R`).join(' ');
  const objects: (string | { dict: string; data: Uint8Array })[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  contents.forEach((data, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`);
    objects.push({ dict: '', data });
  });
  return pdfBytes(objects);
}

export const textContent = (lines: string[]) =>
  latin1(`BT /F1 12 Tf 14 TL 72 780 Td ${lines.map((l) => `(${l.replace(/[()\\]/g, '\\$&')}) Tj T*`).join(' ')} ET`);
