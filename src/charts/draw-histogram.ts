// Histogram: one vertical bar per value bin (count of reports), bins side by side, with vertical
// marker lines (quartiles, median, one highlighted report) labelled above the plot. Empty bins are
// drawn as nothing but stay focusable, so the keyboard walks every bin in order.

import * as d3 from 'd3';
import type { DrawnBody, DrawnMark } from './marks.ts';
import { formatNumber, formatTick } from './numbers.ts';
import { INK, MUTED, PALETTE } from './palette.ts';
import { FONT_SIZE, PAD, styleAxis, type G } from './svg.ts';
import { textWidth } from './text.ts';
import type { HistogramBin, HistogramMarker, HistogramSpec, Locale } from './types.ts';
import { axisTitle, labelled, withUnit } from './words.ts';

/** Quartile markers in ink, the highlighted report in vermillion. */
export function markerColor(marker: HistogramMarker): string {
  return marker.emphasis ? PALETTE[5] : INK;
}

/**
 * How a marker's line is drawn: the quartiles and the median thin and dashed, the highlighted report
 * thick and solid. One source for the plot and its legend, whose swatch is the same line (it was a
 * black filled square for a dashed line).
 */
export function markerStroke(marker: HistogramMarker): { color: string; width: number; dash: string | null } {
  return { color: markerColor(marker), width: marker.emphasis ? 2.5 : 1.25, dash: marker.emphasis ? null : '4 3' };
}

/**
 * Decimals a bin edge is written with: at least two, and every one it has (to 9 decimals, which
 * drops a product's binary noise: 3 × 0.1 = 0.30000000000000004 is 0.3). Bins 0.025 wide
 * (distribution.ts niceStep) have edges such as 0.125: with two decimals the bin [0.1, 0.125)
 * read 0.1–0.13 and an open bin from 0.125 read "≥ 0.13".
 */
export function binEdgeDigits(v: number): number {
  const text = v.toFixed(9).replace(/\.?0+$/, '');
  const dot = text.indexOf('.');
  return dot < 0 || /e/i.test(text) ? 2 : Math.max(2, text.length - dot - 1);
}

/** A bin edge on the axis: compact from 10,000 up (formatTick), else with every decimal it has (0.125, not 0.13). */
export function binEdgeTick(value: number, locale: Locale): string {
  return Math.abs(value) >= 10_000 ? formatTick(value, locale) : formatNumber(value, locale, binEdgeDigits(value));
}

/** 「10–15%」, 「≥ 250元」, 「95–100%（含）」 / "95–100% (incl.)" (the closed last bin: the mark after the unit, not 「95–100（含）%」). */
export function binLabel(bin: HistogramBin, unit: string, locale: Locale): string {
  const f = (v: number) => formatNumber(v, locale, binEdgeDigits(v));
  if (bin.to === null) return `≥ ${withUnit(f(bin.from), unit, locale)}`;
  const range = withUnit(`${f(bin.from)}–${f(bin.to)}`, unit, locale);
  return bin.closed ? `${range}${locale === 'zh' ? '（含）' : ' (incl.)'}` : range;
}

export function drawHistogram(g: G, spec: HistogramSpec, width: number): DrawnBody {
  const { locale } = spec;
  const bins = spec.bins;
  const counts = bins.map((b) => b.count);
  const plotHeight = Math.round(Math.min(360, Math.max(200, width * 0.4)));
  const markerRows = spec.markers.length;
  const top = 24 + markerRows * 15; // y title, then one line per marker label
  const yMax = Math.max(1, d3.max(counts) ?? 1);
  const y = d3.scaleLinear().domain([0, yMax]).nice().range([plotHeight, 0]);
  const yTicks = y.ticks(5).filter((t) => Number.isInteger(t));
  const left = Math.ceil((d3.max(yTicks, (t) => textWidth(formatTick(t, locale), 11)) ?? 20) + 12);
  const plotWidth = Math.max(80, width - left - PAD * 2);
  // The x axis is the bin index; an open last bin is as wide as the others and labelled "≥".
  const n = Math.max(1, bins.length);
  const step = plotWidth / n;
  const lo = bins[0]?.from ?? 0;
  const width0 = bins[0] && bins[0].to !== null ? bins[0].to - bins[0].from : 1;
  /** Pixel position of a value: linear inside the closed bins, the open bin squeezed into its slot. */
  const xOf = (v: number) => {
    const last = bins[bins.length - 1];
    if (last && last.to === null && v >= last.from) return left + (n - 1) * step + step * 0.5;
    return left + ((v - lo) / width0) * step;
  };

  g.append('text').attr('x', 0).attr('y', 12).attr('font-size', FONT_SIZE).attr('font-weight', 600).attr('fill', INK)
    .text(`↑ ${axisTitle(spec.y, locale)}`);
  const plot = g.append('g').attr('transform', `translate(0,${top})`);
  plot.append('g').selectAll('line').data(yTicks).join('line').attr('x1', left).attr('x2', left + plotWidth)
    .attr('y1', (d) => y(d)).attr('y2', (d) => y(d)).attr('stroke', '#ececec');
  styleAxis(plot.append('g').attr('transform', `translate(${left},0)`)
    .call(d3.axisLeft(y).tickValues(yTicks).tickFormat((d) => formatTick(Number(d), locale)).tickSizeOuter(0)));

  const marks: DrawnMark[] = bins.map((bin, i) => {
    const x0 = left + i * step;
    const h = plotHeight - y(bin.count);
    // An empty bin is still a mark (a transparent full-height band) so it can be reached and read.
    const rect = plot.append('rect').attr('class', 'mark').attr('x', x0 + 0.5).attr('width', Math.max(1, step - 1))
      .attr('y', bin.count > 0 ? y(bin.count) : 0).attr('height', bin.count > 0 ? h : plotHeight)
      .attr('fill', bin.count > 0 ? PALETTE[4] : 'transparent');
    const lines = [binLabel(bin, spec.x.unit, locale), labelled(spec.y.label, withUnit(formatNumber(bin.count, locale), spec.y.unit, locale), locale)];
    return { element: rect.node()!, row: 0, col: i, lines, selection: { kind: 'histogram', bin, index: i } };
  });

  // x ticks at bin edges, thinned to fit.
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotWidth / 48))));
  const axis = plot.append('g').attr('transform', `translate(0,${plotHeight})`);
  axis.append('line').attr('x1', left).attr('x2', left + plotWidth).attr('stroke', '#d0d0d0');
  bins.forEach((bin, i) => {
    if (i % every !== 0 && !(bin.to === null)) return;
    const x = left + i * step;
    const text = bin.to === null ? `≥${binEdgeTick(bin.from, locale)}` : binEdgeTick(bin.from, locale);
    axis.append('line').attr('x1', x).attr('x2', x).attr('y1', 0).attr('y2', 4).attr('stroke', '#d0d0d0');
    axis.append('text').attr('x', bin.to === null ? x + step / 2 : x).attr('y', 16).attr('text-anchor', 'middle').attr('font-size', 11)
      .attr('fill', MUTED).text(text);
  });
  const lastBin = bins[bins.length - 1];
  if (lastBin && lastBin.to !== null) {
    axis.append('text').attr('x', left + plotWidth).attr('y', 16).attr('text-anchor', 'middle').attr('font-size', 11)
      .attr('fill', MUTED).text(binEdgeTick(lastBin.to, locale));
  }

  // Markers: a vertical line through the plot and its label on its own line above the plot.
  spec.markers.forEach((marker, k) => {
    const x = xOf(marker.value);
    const stroke = markerStroke(marker);
    const colour = stroke.color;
    plot.append('line').attr('x1', x).attr('x2', x).attr('y1', -4).attr('y2', plotHeight)
      .attr('stroke', colour).attr('stroke-width', stroke.width)
      .attr('stroke-dasharray', stroke.dash).attr('pointer-events', 'none');
    const text = `${marker.label} ${withUnit(formatNumber(marker.value, locale, spec.x.digits), spec.x.unit, locale)}`;
    const labelY = -8 - (markerRows - 1 - k) * 15;
    const anchorRight = x > left + plotWidth * 0.6;
    plot.append('text').attr('x', x + (anchorRight ? -4 : 4)).attr('y', labelY).attr('text-anchor', anchorRight ? 'end' : 'start')
      .attr('font-size', FONT_SIZE).attr('fill', colour).attr('font-weight', marker.emphasis ? 600 : null)
      .attr('stroke', '#ffffff').attr('stroke-width', 3).attr('paint-order', 'stroke').text(text);
  });

  const bottom = top + plotHeight + 36;
  g.append('text').attr('x', left + plotWidth).attr('y', bottom).attr('text-anchor', 'end').attr('font-size', FONT_SIZE)
    .attr('font-weight', 600).attr('fill', INK).text(`${axisTitle(spec.x, locale)} →`);
  return { marks, height: bottom + PAD };
}
