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
}

export interface PrintedRow {
  label: string;
  norm: string;
  values: PrintedValue[];
  line: number;
}

export function printedRows(tokens: Token[]): PrintedRow[] {
  const rows: PrintedRow[] = [];
  let label: { text: string; line: number }[] = [];
  // A row line of words only is a header, unless the next line is numbers only: then it was
  // the label of those numbers, printed on a line of its own.
  let header: { text: string; line: number }[] = [];
  let values: (PrintedValue & { line: number })[] = [];
  const close = () => {
    // A row of nothing but empty HTML cells is layout (a header), not data.
    if (values.some((v) => v.raw !== '')) {
      const text = label.map((t) => t.text).join(' ');
      rows.push({ label: text, norm: normalizeLabel(text), values: values.map(({ value, raw, glued }) => ({ value, raw, glued })), line: values[0].line });
    }
    label = [];
    values = [];
  };
  for (const t of tokens) {
    if (t.kind === 'text') {
      if (values.length) close();
      header = [];
      label.push({ text: t.text, line: t.line });
    } else if (t.kind === 'value') {
      if (!values.length && header.length) {
        label = [...label, ...header];
        header = [];
      }
      values.push({ value: t.value, raw: t.raw, line: t.line, glued: t.glued });
    } else if (t.hadValues) {
      close();
      header = [];
    } else {
      header = label.filter((x) => x.line === t.line);
      label = label.filter((x) => x.line !== t.line);
      values = values.filter((x) => x.line !== t.line);
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
  /** `label`: matched by its label; `position`: the only free slot between matched neighbours. */
  by: 'label' | 'position';
  score: number;
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
    cache.set(label, scores);
  }
  return scores;
}

/** Align printed rows to template rows, keeping both in order and maximising label agreement. */
export function alignRows(printed: PrintedRow[], template: readonly TemplateRow[]): (Placement | null)[] {
  const m = printed.length;
  const n = template.length;
  const score = printed.map((p) => {
    const labels = labelScores(p.norm, template);
    return template.map((t, j) => {
      const s = labels[j];
      if (s === 0) return 0;
      const usable = p.values.length === t.width ? 0.05 : p.values.length === t.width - 1 ? 0.02 : 0;
      return s + usable;
    });
  });
  const best: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const s = score[i - 1][j - 1];
      best[i][j] = Math.max(best[i - 1][j], best[i][j - 1], s > 0 ? best[i - 1][j - 1] + s : -Infinity);
    }
  }
  const result: (Placement | null)[] = new Array(n).fill(null);
  const matchedPrinted = new Array<number>(n).fill(-1);
  for (let i = m, j = n; i > 0 && j > 0; ) {
    const s = score[i - 1][j - 1];
    if (s > 0 && best[i][j] === best[i - 1][j - 1] + s) {
      result[j - 1] = { printed: printed[i - 1], by: 'label', score: s };
      matchedPrinted[j - 1] = i - 1;
      i--;
      j--;
    } else if (best[i][j] === best[i - 1][j]) i--;
    else j--;
  }
  fillByPosition(printed, template, result, matchedPrinted);
  return result;
}

/** Between two label-matched rows, k unmatched template rows and exactly k unmatched printed
 *  rows of the right width are paired in order: the label was unreadable, the place is not. */
function fillByPosition(printed: PrintedRow[], template: readonly TemplateRow[], result: (Placement | null)[], matched: number[]) {
  const anchors = matched.flatMap((p, j) => (p >= 0 ? [[j, p] as const] : []));
  for (let a = 0; a + 1 < anchors.length; a++) {
    const [j1, p1] = anchors[a];
    const [j2, p2] = anchors[a + 1];
    const freeTemplate = Array.from({ length: j2 - j1 - 1 }, (_, k) => j1 + 1 + k);
    const freePrinted = Array.from({ length: p2 - p1 - 1 }, (_, k) => p1 + 1 + k).filter(
      (p) => printed[p].values.length >= template[freeTemplate[0] ?? j1].width - 1,
    );
    if (freeTemplate.length === 0 || freeTemplate.length !== freePrinted.length) continue;
    freeTemplate.forEach((j, k) => {
      result[j] = { printed: printed[freePrinted[k]], by: 'position', score: 0 };
    });
  }
}
