// The numbers drawn, as a table: the screen-reader alternative to the chart, the visible
// data table, and the CSV download all come from here, so they cannot disagree with the
// picture. Not stated is null (an empty CSV cell, never 0) with the reason in the note column.

import { toCsv, type CsvColumn } from '../lib/csv.ts';
import type { CellSpec, RowSpec } from '../lib/table-rows.ts';
import { formatNumber, formatPercent } from './numbers.ts';
import { rowShares } from './shares.ts';
import type { BarRow, BarsSpec, ChartSpec, HistogramSpec, Locale, ScatterSpec, StackedBar100Spec, StackedBarRow } from './types.ts';
import { binEdgeDigits, binLabel } from './draw-histogram.ts';
import { axisTitle, chartWords, labelled, WORDS } from './words.ts';

export type Cell = string | number | null;

export interface TableColumn {
  header: string;
  /** label: row names; number: a stated value; percent: a share in percent (one decimal); note: why a value is missing. */
  kind: 'label' | 'number' | 'percent' | 'note';
  /** An empty cell here means "does not apply" (an open bin's upper bound), shown blank. */
  blank?: boolean;
  /** Most decimals shown (Axis.digits); default 2. */
  digits?: number;
}

export interface ChartTable {
  columns: TableColumn[];
  rows: Cell[][];
  /** Per row: marked too few to rate, so its empty cells mean "not drawn", not "not stated". */
  tooFew: boolean[];
  /** Why those cells are empty instead of 样本过少 (BarsSpec.tooFewWords: a median's 年报过少; its number cell reads 「—（年报过少）」). */
  tooFewWords?: string;
}

/** The table of the numbers a chart draws. */
export function chartTable(spec: ChartSpec): ChartTable {
  switch (spec.kind) {
    case 'stackedBar100': return stackedTable(spec);
    case 'bars': return barsTable(spec);
    case 'scatter': return scatterTable(spec);
    case 'histogram': return histogramTable(spec);
  }
}

/** One row per bin (bounds and count), then one per marker (its value in the lower-bound column). */
function histogramTable(spec: HistogramSpec): ChartTable {
  const { locale } = spec;
  const words = WORDS[locale];
  const zh = locale === 'zh';
  // The edges with every decimal they have (bins 0.025 wide: 0.125, not 0.13), at least two (binEdgeDigits).
  // The markers' values sit in the first of them: with the axis's digits (a fee in 万元: WAN_YUAN_DIGITS).
  const digits = Math.max(spec.x.digits ?? 2, ...spec.bins.flatMap((b) => [b.from, ...(b.to === null ? [] : [b.to])]).map(binEdgeDigits));
  const columns: TableColumn[] = [
    { header: zh ? '区间' : 'Bin', kind: 'label' },
    { header: axisTitle({ label: zh ? `${spec.x.label}·下限（含）` : `${spec.x.label}, from (inclusive)`, unit: spec.x.unit }, locale), kind: 'number', digits },
    { header: axisTitle({ label: zh ? `${spec.x.label}·上限（不含）` : `${spec.x.label}, to (exclusive)`, unit: spec.x.unit }, locale), kind: 'number', blank: true, digits },
    { header: axisTitle(spec.y, locale), kind: 'number', blank: true },
    { header: words.note, kind: 'note' },
  ];
  const rows: Cell[][] = [
    ...spec.bins.map((b): Cell[] => [binLabel(b, spec.x.unit, locale), b.from, b.to, b.count,
      b.to === null ? (zh ? '开放区间：含以上全部' : 'open bin: everything above') : b.closed ? (zh ? '含上限' : 'includes the upper bound') : null]),
    ...spec.markers.map((m): Cell[] => [m.label, m.value, null, null, zh ? '标记' : 'marker']),
  ];
  return { columns, rows, tooFew: rows.map(() => false) };
}

function stackedTable(spec: StackedBar100Spec): ChartTable {
  const { locale } = spec;
  const words = WORDS[locale];
  const columns: TableColumn[] = [{ header: spec.y.label, kind: 'label' }];
  for (const category of spec.categories) {
    columns.push({ header: axisTitle({ label: category.label, unit: spec.countUnit }, locale), kind: 'number' });
    columns.push({ header: axisTitle({ label: `${category.label}${locale === 'zh' ? '' : ' '}${words.share}`, unit: '%' }, locale), kind: 'percent' });
  }
  columns.push({ header: axisTitle({ label: words.total, unit: spec.countUnit }, locale), kind: 'number' });
  columns.push({ header: words.note, kind: 'note' });

  const line = (row: StackedBarRow): Cell[] => {
    const shares = rowShares(row.counts, spec.categories);
    // Shares are shown only where a bar is drawn from them.
    const drawn = !row.tooFew && (shares.status === 'ok' || shares.status === 'partly');
    const cells: Cell[] = [row.label];
    for (const category of spec.categories) {
      const segment = shares.segments.find((s) => s.key === category.key);
      cells.push(segment ? segment.count : null);
      cells.push(segment && drawn ? segment.percent : null);
    }
    cells.push(shares.status === 'notStated' ? null : shares.sum);
    cells.push(stackedNote(spec, row, shares.notStated));
    return cells;
  };
  const rows = spec.total ? [spec.total, ...spec.rows] : spec.rows;
  return { columns, rows: rows.map(line), tooFew: rows.map((row) => !!row.tooFew) };
}

function stackedNote(spec: StackedBar100Spec, row: StackedBarRow, notStated: string[]): string | null {
  const words = WORDS[spec.locale];
  const notes: string[] = [];
  if (row.tooFew) notes.push(words.tooFew);
  if (notStated.length === spec.categories.length) notes.push(words.notStated);
  else if (notStated.length > 0) {
    const names = notStated.map((key) => spec.categories.find((c) => c.key === key)?.label ?? key);
    notes.push(labelled(words.notStated, names.join(spec.locale === 'zh' ? '、' : ', '), spec.locale));
  }
  return notes.length ? notes.join(spec.locale === 'zh' ? '；' : '; ') : null;
}

function barsTable(spec: BarsSpec): ChartTable {
  const words = chartWords(spec);
  const columns: TableColumn[] = [
    { header: spec.y.label, kind: 'label' },
    { header: axisTitle(spec.x, spec.locale), kind: 'number', digits: spec.x.digits },
    { header: words.note, kind: 'note' },
  ];
  const line = (row: BarRow): Cell[] => {
    const stated = typeof row.value === 'number' && Number.isFinite(row.value);
    if (row.tooFew) return [row.label, null, words.tooFew];
    return [row.label, stated ? row.value : null, stated ? null : words.notStated];
  };
  const rows = spec.total ? [spec.total, ...spec.rows] : spec.rows;
  return { columns, rows: rows.map(line), tooFew: rows.map((row) => !!row.tooFew), ...(spec.tooFewWords ? { tooFewWords: spec.tooFewWords } : {}) };
}

function scatterTable(spec: ScatterSpec): ChartTable {
  const words = WORDS[spec.locale];
  const columns: TableColumn[] = [{ header: spec.pointLabel, kind: 'label' }];
  if (spec.groups) columns.push({ header: spec.groups.label, kind: 'label' });
  columns.push({ header: axisTitle(spec.x, spec.locale), kind: 'number' });
  columns.push({ header: axisTitle(spec.y, spec.locale), kind: 'number' });
  columns.push({ header: words.note, kind: 'note' });
  const finite = (v: number | null) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const rows = spec.points.map((point): Cell[] => {
    const x = finite(point.x);
    const y = finite(point.y);
    const cells: Cell[] = [point.label];
    if (spec.groups) cells.push(spec.groups.categories.find((c) => c.key === point.group)?.label ?? null);
    cells.push(point.xText ?? x, point.yText ?? y, x === null || y === null ? words.notStated : null);
    return cells;
  });
  return { columns, rows, tooFew: rows.map(() => false) };
}

/**
 * A cell as the visible table shows it. An empty number cell says why in words (未说明 or
 * 样本过少), so a screen reader moving cell by cell never hears a bare blank.
 */
export function displayCell(table: ChartTable, row: number, column: number, locale: Locale): string {
  const value = table.rows[row][column];
  const kind = table.columns[column].kind;
  if (value === null) {
    if (kind === 'label' || kind === 'note' || table.columns[column].blank) return '';
    if (!table.tooFew[row]) return WORDS[locale].notStated;
    // tooFewWords: a median withheld over too few reports, whose cell is the dash marked with why (「—（年报过少）」).
    if (table.tooFewWords) return locale === 'zh' ? `—（${table.tooFewWords}）` : `— (${table.tooFewWords})`;
    return WORDS[locale].tooFew;
  }
  if (typeof value === 'string') return value;
  return kind === 'percent' ? formatPercent(value, locale) : formatNumber(value, locale, table.columns[column].digits);
}

/**
 * The visible table's body rows (src/lib/table-rows.ts makes them as DOM nodes, the text as
 * text): per row a row header with the label, then a cell per other column (class `num` for
 * numbers and shares, `missing` for an empty cell), each cell displayCell's text.
 */
export function tableRowSpecs(table: ChartTable, locale: Locale): RowSpec[] {
  const numeric = table.columns.map((c) => c.kind === 'number' || c.kind === 'percent');
  return table.rows.map((cells, r) => ({
    cells: cells.map((cell, c): CellSpec => {
      const text = displayCell(table, r, c, locale);
      if (c === 0) return { header: true, text };
      const className = [numeric[c] ? 'num' : '', cell === null ? 'missing' : ''].filter(Boolean).join(' ');
      return className ? { text, className } : { text };
    }),
  }));
}

/** The chart's table as CSV (BOM, CRLF, formula-safe): exactly the numbers drawn, unformatted. */
export function chartCsv(spec: ChartSpec): string {
  const table = chartTable(spec);
  const columns: CsvColumn[] = table.columns.map((column, i) => ({ key: String(i), header: column.header }));
  const rows = table.rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [String(i), cell])));
  return toCsv(columns, rows);
}
