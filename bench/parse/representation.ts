// How much of a warm parse the Line/Token representation costs (issue 13: is a redesign to cell
// offsets worth it?). Over the first --files inputs of a corpus (PDF/Word left out), CPU µs per
// report, best of --passes warm passes, of the stages that only build or walk that representation
// (text → Line objects with a string per cell, lines → text again, headings found over Line
// objects, section lines → Token objects, tokens → printed rows), against parseReport as a whole.
// Then a lower bound for the first of them: one pass over each text that records where every line
// and every cell starts and ends (the same separators, no object or string per cell), in an
// Int32Array; what a reader of offsets would start from.
//   npx tsx bench/parse/representation.ts [--reports DIR] [--files 2000] [--passes 5]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { walkInputs } from '../../src/build/inputs.ts';
import { decode } from '../../src/format/decode.ts';
import { htmlToLines, looksLikeHtml } from '../../src/format/html.ts';
import { linesToText, textToLines, tokenize, type Line, type Token } from '../../src/format/lines.ts';
import { findSections } from '../../src/format/sections.ts';
import { printedRows } from '../../src/format/rows.ts';
import { parseReport } from '../../src/format/parse.ts';

const { values } = parseArgs({ options: { reports: { type: 'string' }, files: { type: 'string' }, passes: { type: 'string' } } });
const files: { path: string; bytes: Uint8Array }[] = [];
for (const input of walkInputs(values.reports ?? '/work/big/bb/gen-100000/reports')) {
  if (/\.(pdf|docx?)$/i.test(input.path)) continue;
  if (files.push({ path: input.path, bytes: new Uint8Array(readFileSync(input.path)) }) >= Number(values.files ?? 2000)) break;
}
const passes = Number(values.passes ?? 5);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
/** Best CPU ms over `passes` passes (after one warm-up pass) of `f` over every file. */
function best(f: (i: number) => unknown): number {
  let least = Infinity;
  for (let p = 0; p <= passes; p++) {
    const t = cpu();
    for (let i = 0; i < files.length; i++) f(i);
    if (p > 0) least = Math.min(least, cpu() - t);
  }
  return least;
}

const texts = files.map((f) => { const d = decode(f.bytes); return d.ok ? d.text : ''; });
const html = files.map((f, i) => looksLikeHtml(texts[i], f.path));
const lines: Line[][] = files.map((_, i) => (html[i] ? htmlToLines(texts[i]).lines : textToLines(texts[i])));
const sectionLines = lines.map((l) => {
  const s = findSections(l);
  return (['table2', 'table3', 'table4'] as const).map((k) => { const r = s.range(k); return r ? l.slice(r[0], r[1]) : []; });
});
const tokens: Token[][][] = sectionLines.map((s) => s.map((l) => tokenize(l)));

/** Line and cell bounds of `text` in one pass: per line [start, end), then per cell [start, end) (the separators of textToLines: "|", a tab, 3 spaces or 2 ideographic spaces; cells not trimmed). */
let bounds = new Int32Array(1 << 16);
function scanCells(text: string): number {
  let n = 0;
  const put = (v: number) => {
    if (n === bounds.length) { const b = new Int32Array(n * 2); b.set(bounds); bounds = b; }
    bounds[n++] = v;
  };
  let lineStart = 0;
  let cellStart = 0;
  let spaces = 0;
  let ideographic = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x0a;
    if (c === 0x0a) {
      put(lineStart); put(i); put(cellStart); put(i);
      lineStart = cellStart = i + 1;
      spaces = ideographic = 0;
      continue;
    }
    spaces = c === 0x20 ? spaces + 1 : 0;
    ideographic = c === 0x3000 ? ideographic + 1 : 0;
    if (c === 0x7c || c === 0x09 || spaces === 3 || ideographic === 2) { put(cellStart); put(i); cellStart = i + 1; }
  }
  return n;
}

const stages: [string, number][] = [];
const textIdx = files.map((_, i) => i).filter((i) => !html[i]);
const all = best((i) => parseReport(files[i].bytes, files[i].path));
stages.push(['decode', best((i) => decode(files[i].bytes))]);
stages.push(['htmlToLines (HTML)', best((i) => (html[i] ? htmlToLines(texts[i]) : null))]);
stages.push(['textToLines (text)', best((i) => (html[i] ? null : textToLines(texts[i])))]);
stages.push(['linesToText', best((i) => linesToText(lines[i]))]);
stages.push(['findSections', best((i) => findSections(lines[i]))]);
stages.push(['tokenize ×3', best((i) => sectionLines[i].map((l) => tokenize(l)))]);
stages.push(['printedRows t2+t3', best((i) => [printedRows(tokens[i][0]), printedRows(tokens[i][1])])]);
const scan = best((i) => (html[i] ? 0 : scanCells(texts[i])));
const us = (ms: number) => (ms / files.length * 1000).toFixed(1).padStart(7);
console.log(`${files.length} files (${textIdx.length} text, ${files.length - textIdx.length} HTML), CPU µs per report (all files), best of ${passes} warm passes; load ${loadavg()[0].toFixed(2)}`);
console.log(`parseReport (whole)       ${us(all)}`);
let representation = 0;
for (const [label, ms] of stages) {
  console.log(`  ${label.padEnd(24)}${us(ms)}  ${(ms / all * 100).toFixed(1).padStart(5)}%`);
  if (!/decode|htmlToLines/.test(label)) representation += ms;
}
console.log(`Line/Token stages (textToLines … printedRows): ${us(representation)} µs, ${(representation / all * 100).toFixed(1)}% of parseReport`);
console.log(`one-pass offset scan of the text files (lower bound for textToLines): ${us(scan)} µs per report (textToLines ${us(stages[2][1])})`);
