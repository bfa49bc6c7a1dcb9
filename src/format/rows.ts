// Token stream → the rows a table prints → the template's rows. A printed row is a label
// followed by its values. Printed rows are matched to template rows by label, in order
// (a sequence alignment), so that one garbled label is still placed between its neighbours.
import type { Token } from './lines.ts';
import type { CellValue } from './numbers.ts';
import { labelScore, normalizeLabel } from './labels.ts';

export interface PrintedValue {
  value: CellValue;
  raw: string;
  /** A run of digits that may hold several numbers (see glued.ts). */
  glued?: boolean;
  /** Range of `raw` in the whole source text (UTF-16 offsets), where known. */
  start?: number;
  end?: number;
}

export interface PrintedRow {
  label: string;
  norm: string;
  values: PrintedValue[];
  line: number;
}

/** Where the trailing run of `line` starts in a list of line numbers in order. */
function lineStart(lines: number[], line: number): number {
  let at = lines.length;
  while (at > 0 && lines[at - 1] === line) at--;
  return at;
}

export function printedRows(tokens: Token[]): PrintedRow[] {
  const rows: PrintedRow[] = [];
  // The row being read: its label's words and their lines, its values and theirs.
  let label: string[] = [];
  let labelLines: number[] = [];
  // A row line of words only is a header, unless the next line is numbers only: then it was
  // the label of those numbers, printed on a line of its own.
  let header: string[] = [];
  let headerLines: number[] = [];
  let values: PrintedValue[] = [];
  let valueLines: number[] = [];
  const close = () => {
    // A row of nothing but empty HTML cells is layout (a header), not data.
    let data = false;
    for (let i = 0; i < values.length && !data; i++) data = values[i].raw !== '';
    if (data) {
      const text = label.join(' ');
      rows.push({ label: text, norm: normalizeLabel(text), values, line: valueLines[0] });
      values = [];
    } else values.length = 0;
    // Only `values` is kept (in the row): the other lists are emptied and used again, not made anew.
    label.length = 0;
    labelLines.length = 0;
    valueLines.length = 0;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'text') {
      if (values.length) close();
      header = [];
      headerLines = [];
      label.push(t.text);
      labelLines.push(t.line);
    } else if (t.kind === 'value') {
      if (!values.length && header.length) {
        for (let h = 0; h < header.length; h++) {
          label.push(header[h]);
          labelLines.push(headerLines[h]);
        }
        header = [];
        headerLines = [];
      }
      // The token itself (it holds every field of a PrintedValue; nothing changes either): no copy per value.
      values.push(t);
      valueLines.push(t.line);
    } else if (t.hadValues) {
      close();
      header = [];
      headerLines = [];
    } else {
      // Tokens come in line order, so this line's labels and values are the ends of the lists:
      // taken off the end, not by filtering the whole list (text without row breaks, where the
      // label list grows with every line, would make that quadratic).
      const at = lineStart(labelLines, t.line);
      header = label.splice(at);
      headerLines = labelLines.splice(at);
      values.length = valueLines.length = lineStart(valueLines, t.line);
    }
  }
  close();
  return rows;
}

export interface TemplateRow {
  match: readonly string[];
  exclude?: readonly string[];
  width: number;
}

export interface Placement {
  printed: PrintedRow;
  /** Matched by its label (a row without a readable label is placed, if at all, by the identities: tables.ts). */
  by: 'label';
  score: number;
  /** Index of the printed row in the list aligned. */
  index: number;
}

/**
 * Label scores against every template row, per label. Reports repeat the template's wording,
 * so across a corpus most labels have been scored before. Bounded: cleared when it grows large.
 */
const scoreCache = new WeakMap<readonly TemplateRow[], Map<string, number[]>>();
const SCORE_CACHE_LIMIT = 50_000;

function labelScores(label: string, template: readonly TemplateRow[]): number[] {
  let cache = scoreCache.get(template);
  if (!cache) scoreCache.set(template, (cache = new Map()));
  let scores = cache.get(label);
  if (!scores) {
    if (cache.size >= SCORE_CACHE_LIMIT) cache.clear();
    scores = template.map((t) => labelScore(label, t.match, t.exclude));
    if (competing(label, template, scores)) scores = scores.map(() => 0);
    cache.set(label, scores);
  }
  return scores;
}

/**
 * A label that shows two template rows whole, at separate places ("4.保护第三方合法权益5.属于三类内部
 * 事务信息": labels lifted out of a table and joined): the two compete for the numbers, and the
 * label decides neither. Such a row counts as one without a label.
 */
function competing(label: string, template: readonly TemplateRow[], scores: number[]): boolean {
  const spans: [number, number][][] = [];
  scores.forEach((s, j) => {
    if (s < 1) return;
    const found: [number, number][] = [];
    for (const key of template[j].match) {
      const k = normalizeLabel(key);
      // Short keys (总计, 3其他) are also header words that run into the first label of glued text.
      if (k.length < 4) continue;
      for (let at = label.indexOf(k); at >= 0; at = label.indexOf(k, at + 1)) found.push([at, at + k.length]);
    }
    spans.push(found);
  });
  if (spans.filter((x) => x.length).length < 2) return false;
  // Two rows whose keys can be read at non-overlapping places.
  const found = spans.filter((x) => x.length);
  for (let a = 0; a < found.length; a++) {
    for (let b = a + 1; b < found.length; b++) {
      if (found[a].some(([x1, y1]) => found[b].some(([x2, y2]) => y1 <= x2 || y2 <= x1))) return true;
    }
  }
  return false;
}

/**
 * Alignments made before, by the printed rows' labels and value counts (all an alignment depends
 * on): reports print the template's rows in its order and wording, so most tables have been
 * aligned before. Each entry: per template row, the printed row placed there (-1: none) and its score.
 * Small and bounded (a key is some hundreds of characters; at most 2,000 keys, then cleared): a
 * parsing thread of a large build keeps a few MB at most.
 */
const alignCache = new WeakMap<readonly TemplateRow[], Map<string, { index: Int32Array; score: Float64Array }>>();
const ALIGN_CACHE_LIMIT = 2_000;
const ALIGN_KEY_MAX_LENGTH = 2_000;
let remember = true;
const counts = { hits: 0, misses: 0 };

/** Off: every alignment is made anew (tests compare the two ways). */
export function rememberAlignments(on: boolean): void {
  remember = on;
}

/** How many alignments were found remembered (hits) and how many were made (misses) so far. */
export function alignmentCounts(): { hits: number; misses: number } {
  return { ...counts };
}

/** Align printed rows to template rows, keeping both in order and maximising label agreement. */
export function alignRows(printed: PrintedRow[], template: readonly TemplateRow[]): (Placement | null)[] {
  let key = '';
  for (let i = 0; remember && i < printed.length && key.length <= ALIGN_KEY_MAX_LENGTH; i++) key += `${printed[i].norm}\u0001${printed[i].values.length}\u0002`;
  if (!remember || key.length > ALIGN_KEY_MAX_LENGTH) {
    counts.misses++;
    return alignUncached(printed, template);
  }
  let cache = alignCache.get(template);
  if (!cache) alignCache.set(template, (cache = new Map()));
  let known = cache.get(key);
  if (!known) {
    counts.misses++;
    const result = alignUncached(printed, template);
    known = { index: new Int32Array(result.length), score: new Float64Array(result.length) };
    for (let j = 0; j < result.length; j++) {
      known.index[j] = result[j]?.index ?? -1;
      known.score[j] = result[j]?.score ?? 0;
    }
    if (cache.size >= ALIGN_CACHE_LIMIT) cache.clear();
    cache.set(key, known);
    return result;
  }
  counts.hits++;
  const result: (Placement | null)[] = new Array(known.index.length).fill(null);
  for (let j = 0; j < result.length; j++) {
    const i = known.index[j];
    if (i >= 0) result[j] = { printed: printed[i], by: 'label', score: known.score[j], index: i };
  }
  return result;
}

function alignUncached(printed: PrintedRow[], template: readonly TemplateRow[]): (Placement | null)[] {
  const m = printed.length;
  const n = template.length;
  // Flat (m × n) scores and (m+1) × (n+1) best totals, indexed in plain loops.
  const score = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const p = printed[i];
    const labels = labelScores(p.norm, template);
    const count = p.values.length;
    for (let j = 0; j < n; j++) {
      const s = labels[j];
      if (s === 0) continue;
      const width = template[j].width;
      score[i * n + j] = s + (count === width ? 0.05 : count === width - 1 ? 0.02 : 0);
    }
  }
  const w = n + 1;
  const best = new Float64Array((m + 1) * w);
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const s = score[(i - 1) * n + j - 1];
      best[i * w + j] = Math.max(best[(i - 1) * w + j], best[i * w + j - 1], s > 0 ? best[(i - 1) * w + j - 1] + s : -Infinity);
    }
  }
  const result: (Placement | null)[] = new Array(n).fill(null);
  for (let i = m, j = n; i > 0 && j > 0; ) {
    const s = score[(i - 1) * n + j - 1];
    if (s > 0 && best[i * w + j] === best[(i - 1) * w + j - 1] + s) {
      result[j - 1] = { printed: printed[i - 1], by: 'label', score: s, index: i - 1 };
      i--;
      j--;
    } else if (best[i * w + j] === best[(i - 1) * w + j]) i--;
    else j--;
  }
  return result;
}

export interface Gap {
  /** Template rows between two label-matched rows that no printed row matched. */
  slots: number[];
  /** Printed rows between the same two that matched no template row (no label, an unreadable or a competing one). */
  rows: PrintedRow[];
}

/** Between every two label-matched rows: the template rows left open and the printed rows left over. */
export function gaps(printed: PrintedRow[], result: (Placement | null)[]): Gap[] {
  const out: Gap[] = [];
  // Each pair of consecutive anchors (template row j, printed row p) with room between them on both sides.
  let j1 = -1;
  let p1 = -1;
  for (let j2 = 0; j2 < result.length; j2++) {
    const placed = result[j2];
    if (!placed) continue;
    const p2 = placed.index;
    if (j1 >= 0 && j2 - j1 > 1 && p2 - p1 > 1) {
      const slots: number[] = [];
      for (let k = j1 + 1; k < j2; k++) slots.push(k);
      out.push({ slots, rows: printed.slice(p1 + 1, p2) });
    }
    [j1, p1] = [j2, p2];
  }
  return out;
}
