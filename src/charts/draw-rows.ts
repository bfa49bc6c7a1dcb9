// Row charts (stackedBar100, bars): one horizontal band per row, labels on the left, the
// value axis on top so it stays near the title even with fifty rows, and the optional
// "all filtered reports" row first, set apart and outlined.

import * as d3 from 'd3';
import { describeBar, describeRow, describeSegment } from './describe.ts';
import type { DrawnBody, DrawnMark } from './marks.ts';
import { formatNumber, formatPercent } from './numbers.ts';
import { categoryColor, INK, MUTED, PALETTE } from './palette.ts';
import { rowShares } from './shares.ts';
import { FONT_SIZE, PAD, styleAxis, svgChild, type G } from './svg.ts';
import { BOLD_LATIN, textWidth, truncateKeepingSuffix, wrapText } from './text.ts';
import type { BarRow, BarsSpec, StackedBar100Spec, StackedBarRow } from './types.ts';
import { statedValues, valueAxis } from './value-axis.ts';
import { axisTitle, chartWords, withUnit, WORDS } from './words.ts';

const ROW_STEP = 26;
const TOTAL_GAP = 10;
const AXIS_BLOCK = 40; // axis titles line + tick labels
/** The narrowest plot drawn: a chart narrower than its labels and this overflows on the right. */
const MIN_PLOT = 80;

interface RowFrame {
  left: number;
  plotWidth: number;
  /** y of the value axis's tick labels' block end: AXIS_BLOCK, one line more when the axis title wraps. */
  top: number;
  /** y of the band for row i (the total, if any, is row 0). */
  bandY(i: number): number;
  bandHeight: number;
  height: number;
}

/** Lays out the label column and bands, draws the row labels and the axis titles. */
/**
 * The total row's label is bold, wider than textWidth's estimate (made for the regular weight):
 * Chromium drew 「筛选范围合计（N=11,379）」 1.13× and "Filtered set as a whole (N=11,379)" 1.17×
 * as wide, so the label alone in its column ran 10–26 px past the chart's left edge ("ll filtered…").
 */
const BOLD = 1.2;

/**
 * The label column's width: the longest label and its padding, at least 60 px, at most 38% of the
 * chart. Rounded up, so that the longest label fits whole (rounded to nearest, a label of 89.28 px
 * got a column of 105 px, 89 px for the text, and was cut: 「全部 996 份年…」 as the only row).
 * `boldFirst`: the first label is the total's, drawn bold.
 */
export function labelColumnWidth(labels: readonly string[], width: number, boldFirst = false): number {
  const longest = d3.max(labels, (label, i) => textWidth(label, FONT_SIZE) * (boldFirst && i === 0 ? BOLD : 1)) ?? 0;
  return Math.ceil(Math.max(60, Math.min(longest + PAD * 2, width * 0.38)));
}

/**
 * The two titles above the rows: the label column's on the left, the value axis's (with its arrow)
 * ending at the plot's right edge. In a narrow chart (the years view's small multiples, in English)
 * they met and were drawn over each other ("Year (one per row)" under "Lawsuits (per 100
 * applications) →"); then the value axis's title was cut ("Lawsuits (per 100 applicati…"). Now it
 * keeps its place and wraps onto a second line when it is wider than the plot (cut only past two
 * lines); the label column's title, which the rows' own labels make plain, is left out when the room
 * beside the first line is too short for it (a cut 「Year (o…」 says nothing).
 */
export function rowTitles(yTitle: string, xTitle: string, right: number): { y: string; x: string[] } {
  const arrow = ' →';
  const x = wrapText(xTitle, (right - boldWidth(arrow)) / TITLE_BOLD, FONT_SIZE, { maxLines: 2 });
  x[x.length - 1] += arrow;
  // A third of an em apart at least: what the Chinese small multiples had, their titles whole.
  const room = right - boldWidth(x[0]) - FONT_SIZE / 3;
  const y = boldWidth(yTitle) <= room ? yTitle : '';
  return { y, x };
}

/** The height a second line of the value axis's title adds above the rows. */
const TITLE_LINE = 14;

/** Bold (600) titles: Chromium drew Latin text 1.12–1.13× textWidth's estimate, CJK as estimated (text.ts BOLD_LATIN). */
const TITLE_BOLD = BOLD_LATIN;
const boldWidth = (text: string) => textWidth(text, FONT_SIZE, true);

function frameRows(g: G, labels: string[], hasTotal: boolean, width: number, rightReserve: number, xTitle: string, yTitle: string, shorts: (string | undefined)[] = []): RowFrame {
  const left = labelColumnWidth(labels, width, hasTotal);
  const plotWidth = Math.max(MIN_PLOT, width - left - rightReserve);
  const bandHeight = ROW_STEP * 0.72;
  const titles = rowTitles(yTitle, xTitle, left + plotWidth);
  const top = AXIS_BLOCK + (titles.x.length - 1) * TITLE_LINE;
  const bandY = (i: number) => top + i * ROW_STEP + (hasTotal && i > 0 ? TOTAL_GAP : 0) + (ROW_STEP - bandHeight) / 2;
  const height = top + labels.length * ROW_STEP + (hasTotal ? TOTAL_GAP : 0) + PAD;

  g.append('text').attr('x', 0).attr('y', 12).attr('font-size', FONT_SIZE).attr('font-weight', 600).attr('fill', INK)
    .text(titles.y);
  titles.x.forEach((line, i) => {
    const xText = g.append('text').attr('x', left + plotWidth).attr('y', 12 + i * TITLE_LINE).attr('text-anchor', 'end').attr('font-size', FONT_SIZE)
      .attr('font-weight', 600).attr('fill', INK).text(line);
    // Cut past two lines: the whole title on hover.
    if (line.includes('…')) xText.append('title').text(xTitle);
  });

  const drawn = rowLabels(labels, shorts, labels.map((_, i) => (left - PAD * 2) / (hasTotal && i === 0 ? BOLD : 1)));
  const parent = g.node()!;
  labels.forEach((label, i) => {
    const bold = hasTotal && i === 0;
    const text = svgChild(parent, 'text', LABEL, [left - PAD, bandY(i) + bandHeight / 2, '0.35em', 'end', FONT_SIZE, INK, bold ? 600 : null], drawn[i]);
    svgChild(text, 'title', NONE, NONE, label);
  });
  return { left, plotWidth, top, bandY, bandHeight, height };
}

/**
 * A row's label cut to its column, or its short form when the label would be cut: at 390 px the
 * litigation charts' total read 「筛选…（N=368）」 and "Filter… (N=368)"; now 「合计（N=368）」, "Total (N=368)".
 */
export function rowLabel(label: string, short: string | undefined, room: number): string {
  const whole = truncateKeepingSuffix(label, room, FONT_SIZE);
  return whole === label || !short ? whole : truncateKeepingSuffix(short, room, FONT_SIZE);
}

/**
 * Every row's label as drawn (rowLabel each). When every row has a short form and any label would be
 * cut, every row draws its short form: one chart, one form (at 390 px a group chart read "Henan · 1
 * report" above "Zhejiang (N=1)"). Rows without a short form (a per-agency chart's agencies) are each
 * drawn as rowLabel draws them.
 */
export function rowLabels(labels: readonly string[], shorts: readonly (string | undefined)[], rooms: readonly number[]): string[] {
  const everyShort = labels.length > 0 && labels.every((_, i) => shorts[i] !== undefined);
  const anyCut = labels.some((label, i) => textWidth(label, FONT_SIZE) > rooms[i]);
  return labels.map((label, i) => (everyShort && anyCut ? truncateKeepingSuffix(shorts[i]!, rooms[i], FONT_SIZE) : rowLabel(label, shorts[i], rooms[i])));
}

function drawTopAxis(g: G, frame: RowFrame, scale: d3.ScaleLinear<number, number>, format: (v: number) => string, tickValues?: number[]): void {
  const ticks = tickValues ?? scale.ticks(Math.max(2, Math.floor(frame.plotWidth / 80)));
  g.append('g').attr('class', 'grid').selectAll('line').data(ticks).join('line')
    .attr('x1', (d) => frame.left + scale(d)).attr('x2', (d) => frame.left + scale(d))
    .attr('y1', frame.top - 4).attr('y2', frame.height - PAD).attr('stroke', '#ececec');
  const axis = g.append('g').attr('transform', `translate(${frame.left},${frame.top - 4})`)
    .call(d3.axisTop(scale).tickValues(ticks).tickFormat((d) => format(Number(d))).tickSizeOuter(0));
  styleAxis(axis);
}

// The attributes of the elements drawn per row, in the order they are written (svgChild).
const NONE: readonly never[] = [];
const LABEL = ['x', 'y', 'dy', 'text-anchor', 'font-size', 'fill', 'font-weight'];
const HIT = ['class', 'x', 'y', 'width', 'height', 'fill'];
const NOTE = ['x', 'y', 'dy', 'text-anchor', 'font-size', 'font-style', 'fill', 'stroke', 'stroke-width', 'paint-order', 'pointer-events'];
const SEGMENT = ['class', 'x', 'y', 'width', 'height', 'fill', 'stroke', 'stroke-width'];
const OUTLINE = ['x', 'y', 'width', 'height', 'fill', 'stroke', 'stroke-width', 'pointer-events'];
const VALUE = ['x', 'y', 'dy', 'font-size', 'fill', 'pointer-events'];
const STUB = ['x', 'y', 'width', 'height', 'fill', 'stroke', 'pointer-events'];

/** A row with nothing drawn gets an invisible band so it can still be focused and hovered. */
function hitRect(g: Element, frame: RowFrame, i: number): SVGElement {
  return svgChild(g, 'rect', HIT, ['mark', frame.left, frame.bandY(i), frame.plotWidth, frame.bandHeight, 'transparent']);
}

function note(g: Element, x: number, y: number, text: string, anchor: 'start' | 'middle' = 'start'): void {
  svgChild(g, 'text', NOTE, [x, y, '0.35em', anchor, FONT_SIZE, 'italic', MUTED, '#ffffff', 3, 'stroke', 'none'], text);
}

export function drawStackedBar100(g: G, spec: StackedBar100Spec, width: number, hatch: string): DrawnBody {
  const words = WORDS[spec.locale];
  const rows: { row: StackedBarRow; isTotal: boolean }[] = [
    ...(spec.total ? [{ row: spec.total, isTotal: true }] : []),
    ...spec.rows.map((row) => ({ row, isTotal: false })),
  ];
  const shares = rows.map(({ row }) => rowShares(row.counts, spec.categories));
  const anyPartly = shares.some((s, i) => s.status === 'partly' && !rows[i].row.tooFew);
  const rightReserve = anyPartly ? textWidth(words.partlyNotStated, FONT_SIZE) + PAD * 2 : PAD * 2;
  const frame = frameRows(g, rows.map((r) => r.row.label), !!spec.total, width, rightReserve,
    axisTitle(spec.x, spec.locale), axisTitle(spec.y, spec.locale), rows.map((r) => r.row.short));
  const x = d3.scaleLinear().domain([0, 1]).range([0, frame.plotWidth]);
  drawTopAxis(g, frame, x, (v) => formatPercent(v * 100, spec.locale), [0, 0.25, 0.5, 0.75, 1]);

  const marks: DrawnMark[] = [];
  const parent = g.node()!;
  rows.forEach(({ row, isTotal }, i) => {
    const s = shares[i];
    const y = frame.bandY(i);
    const mid = y + frame.bandHeight / 2;
    const drawable = !row.tooFew && (s.status === 'ok' || s.status === 'partly');
    if (drawable) {
      let col = 0;
      for (const segment of s.segments) {
        if (segment.count === 0) continue; // nothing to see; the table lists it
        const rect = svgChild(parent, 'rect', SEGMENT, ['mark', frame.left + x(segment.start), y, Math.max(0, x(segment.fraction)), frame.bandHeight, categoryColor(segment.index), '#ffffff', 0.75]);
        marks.push({
          element: rect, row: i, col: col++, lines: describeSegment(spec, row, s, segment),
          selection: { kind: 'stackedBar100', row, category: spec.categories[segment.index], isTotal },
        });
      }
      if (isTotal) {
        svgChild(parent, 'rect', OUTLINE, [frame.left, y, frame.plotWidth, frame.bandHeight, 'none', INK, 1.5, 'none']);
      }
      if (s.status === 'partly') note(parent, frame.left + frame.plotWidth + PAD, mid, words.partlyNotStated);
    } else {
      const rect = hitRect(parent, frame, i);
      if (row.tooFew) {
        rect.setAttribute('fill', `url(#${hatch})`);
        rect.setAttribute('stroke', MUTED);
        rect.setAttribute('stroke-width', '1');
        note(parent, frame.left + frame.plotWidth / 2, mid, words.tooFew, 'middle');
      } else {
        note(parent, frame.left + PAD / 2, mid, describeRow(spec, row, s)[1]);
      }
      marks.push({
        element: rect, row: i, col: 0, lines: describeRow(spec, row, s),
        selection: { kind: 'stackedBar100', row, category: null, isTotal },
      });
    }
  });
  return { marks, height: frame.height };
}

export function drawBars(g: G, spec: BarsSpec, width: number, hatch: string): DrawnBody {
  const { locale } = spec;
  const words = chartWords(spec);
  const rows: { row: BarRow; isTotal: boolean }[] = [
    ...(spec.total ? [{ row: spec.total, isTotal: true }] : []),
    ...spec.rows.map((row) => ({ row, isTotal: false })),
  ];
  const stated = (row: BarRow) => !row.tooFew && typeof row.value === 'number' && Number.isFinite(row.value);
  const withItsUnit = (row: BarRow) => withUnit(formatNumber(row.value as number, locale, spec.x.digits), spec.x.unit, locale);
  const widestOf = (text: (row: BarRow) => string) => d3.max(rows, ({ row }) => (stated(row) ? textWidth(text(row), FONT_SIZE) : 0)) ?? 0;
  // The value written at the end of each bar, with its unit when there is room for it beside a plot
  // of at least MIN_PLOT; else the number alone (the axis title says the unit). On a phone the
  // English "17.31 per 100 applications" ran 4–27 px past the chart's right edge.
  const left = labelColumnWidth(rows.map((r) => r.row.label), width, !!spec.total);
  const valueText = width - left - (widestOf(withItsUnit) + PAD * 2) >= MIN_PLOT ? withItsUnit : (row: BarRow) => formatNumber(row.value as number, locale, spec.x.digits);
  // Room on the right for the value written at the end of each bar.
  const widest = widestOf(valueText);
  const frame = frameRows(g, rows.map((r) => r.row.label), !!spec.total, width, widest + PAD * 2,
    axisTitle(spec.x, locale), axisTitle(spec.y, locale), rows.map((r) => r.row.short));
  const axis = valueAxis(statedValues(spec), Math.max(2, Math.floor(frame.plotWidth / 80)), spec.domain);
  const x = d3.scaleLinear().domain(axis.domain).range([0, frame.plotWidth]);
  drawTopAxis(g, frame, x, (v) => formatNumber(v, locale), axis.ticks);

  const parent = g.node()!;
  const marks: DrawnMark[] = rows.map(({ row, isTotal }, i) => {
    const y = frame.bandY(i);
    const mid = y + frame.bandHeight / 2;
    const lines = describeBar(spec, row);
    const selection = { kind: 'bars' as const, row, isTotal };
    if (stated(row)) {
      const v = row.value as number;
      const x0 = x(Math.min(0, v));
      const rect = svgChild(parent, 'rect', SEGMENT, ['mark', frame.left + x0, y, Math.max(0, Math.abs(x(v) - x(0))), frame.bandHeight, PALETTE[4], isTotal ? INK : 'none', isTotal ? 1.5 : 0]);
      svgChild(parent, 'text', VALUE, [frame.left + Math.max(x(v), x(0)) + 4, mid, '0.35em', FONT_SIZE, INK, 'none'], valueText(row));
      return { element: rect, row: i, col: 0, lines, selection };
    }
    const rect = hitRect(parent, frame, i);
    if (row.tooFew) {
      const stub = Math.min(24, frame.plotWidth);
      svgChild(parent, 'rect', STUB, [frame.left + x(0), y, stub, frame.bandHeight, `url(#${hatch})`, MUTED, 'none']);
      note(parent, frame.left + x(0) + stub + 4, mid, words.tooFew);
    } else {
      note(parent, frame.left + x(0) + 4, mid, words.notStated);
    }
    return { element: rect, row: i, col: 0, lines, selection };
  });
  return { marks, height: frame.height };
}
