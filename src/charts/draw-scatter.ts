// Scatter: x against y, one point per row. Points without both coordinates cannot be placed;
// they are counted under the plot (and listed in the table) instead of being put at 0.

import * as d3 from 'd3';
import { describePoint } from './describe.ts';
import type { DrawnBody, DrawnMark } from './marks.ts';
import { formatNumber, formatTick } from './numbers.ts';
import { categoryColor, INK, MUTED, PALETTE } from './palette.ts';
import { resolveScale, symlogTicks } from './scales.ts';
import { valueAxis } from './value-axis.ts';
import { FONT_SIZE, PAD, styleAxis, type G } from './svg.ts';
import { textWidth } from './text.ts';
import type { ScatterPoint, ScatterSpec } from './types.ts';
import { axisTitle, labelled, WORDS } from './words.ts';

type Scale = d3.ScaleContinuousNumeric<number, number>;

/**
 * Linear or symlog from 0 (counts start at 0) to the data's maximum. Where every value on the
 * axis is the same (one point, or all equal), the axis runs on past it (to twice the value, or
 * either side of 0) so that the points sit inside the plot, not on its edge: the domain ended at
 * the value itself (0–5 for a lone 5; 0–1 for 0s), the point drawn on the frame.
 */
export function scatterScale(type: 'linear' | 'log', values: number[], range: [number, number]): { scale: Scale; ticks: number[] } {
  const same = values.length > 0 && values.every((v) => v === values[0]);
  if (same && values[0] === 0) {
    // 0 alone (as a bar chart's all-zero axis writes it), in the middle.
    return { scale: d3.scaleLinear().domain([-1, 1]).range(range), ticks: [0] };
  }
  if (same) values = [values[0], values[0] * 2];
  const min = Math.min(0, d3.min(values) ?? 0);
  const max = Math.max(d3.max(values) ?? 1, min + 1);
  if (type === 'log' && min >= 0) {
    const scale = d3.scaleSymlog().constant(1).domain([0, max]).range(range);
    const ticks = symlogTicks(max);
    return { scale, ticks: ticks.length > 12 ? ticks.filter((t) => t === 0 || Number.isInteger(Math.log10(t))) : ticks };
  }
  // As a bar chart's value axis: 0 alone when every value is 0, whole ticks for whole numbers.
  const axis = valueAxis(values, Math.max(2, Math.floor(Math.abs(range[1] - range[0]) / 70)));
  return { scale: d3.scaleLinear().domain(axis.domain).range(range), ticks: axis.ticks };
}

const placed = (p: ScatterPoint): p is ScatterPoint & { x: number; y: number } =>
  typeof p.x === 'number' && Number.isFinite(p.x) && typeof p.y === 'number' && Number.isFinite(p.y);

export function drawScatter(g: G, spec: ScatterSpec, width: number): DrawnBody {
  const { locale } = spec;
  const words = WORDS[locale];
  const points = spec.points.filter(placed).sort((a, b) => a.x - b.x || a.y - b.y);
  const missing = spec.points.length - points.length;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);

  const plotHeight = Math.round(Math.min(520, Math.max(240, width * 0.55)));
  const top = 24; // y title
  const yProbe = scatterScale(resolveScale(spec.y.scale, ys), ys, [plotHeight, 0]);
  const left = Math.ceil((d3.max(yProbe.ticks, (t) => textWidth(formatTick(t, locale), 11)) ?? 20) + 12);
  const plotWidth = Math.max(80, width - left - PAD * 2);
  const xType = resolveScale(spec.x.scale, xs);
  const yType = resolveScale(spec.y.scale, ys);
  const x = scatterScale(xType, xs, [0, plotWidth]);
  const y = scatterScale(yType, ys, [plotHeight, 0]);

  g.append('text').attr('x', 0).attr('y', 12).attr('font-size', FONT_SIZE).attr('font-weight', 600).attr('fill', INK)
    .text(`↑ ${axisTitle(spec.y, locale)}${yType === 'log' ? ' · log' : ''}`);
  const plot = g.append('g').attr('transform', `translate(${left},${top})`);

  plot.append('g').selectAll('line').data(y.ticks).join('line').attr('x1', 0).attr('x2', plotWidth)
    .attr('y1', (d) => y.scale(d)).attr('y2', (d) => y.scale(d)).attr('stroke', '#ececec');
  plot.append('g').selectAll('line').data(x.ticks).join('line').attr('y1', 0).attr('y2', plotHeight)
    .attr('x1', (d) => x.scale(d)).attr('x2', (d) => x.scale(d)).attr('stroke', '#ececec');
  const format = (v: d3.NumberValue) => formatTick(Number(v), locale);
  styleAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`)
    .call(d3.axisBottom(x.scale).tickValues(x.ticks).tickFormat(format).tickSizeOuter(0)));
  styleAxis(plot.append('g').call(d3.axisLeft(y.scale).tickValues(y.ticks).tickFormat(format).tickSizeOuter(0)));

  let bottom = top + plotHeight + 22;
  bottom += 16;
  g.append('text').attr('x', left + plotWidth).attr('y', bottom).attr('text-anchor', 'end').attr('font-size', FONT_SIZE)
    .attr('font-weight', 600).attr('fill', INK).text(`${axisTitle(spec.x, locale)}${xType === 'log' ? ' · log' : ''} →`);
  if (missing > 0) {
    // Not drawn, not hidden: say how many could not be placed.
    g.append('text').attr('x', 0).attr('y', bottom).attr('font-size', FONT_SIZE).attr('font-style', 'italic')
      .attr('fill', MUTED).text(labelled(words.notStated, formatNumber(missing, locale), locale));
  }

  const groupIndex = new Map(spec.groups?.categories.map((c, i) => [c.key, i]) ?? []);
  const marks: DrawnMark[] = points.map((point, i) => {
    const index = point.group === undefined ? undefined : groupIndex.get(point.group);
    const circle = plot.append('circle').attr('class', 'mark')
      .attr('cx', x.scale(point.x)).attr('cy', y.scale(point.y)).attr('r', 4.5)
      .attr('fill', index === undefined ? PALETTE[4] : categoryColor(index)).attr('fill-opacity', 0.8)
      .attr('stroke', '#ffffff').attr('stroke-width', 0.75);
    return { element: circle.node()!, row: i, col: 0, lines: describePoint(spec, point), selection: { kind: 'scatter', point } };
  });

  // Small marks are hard to hit: the pointer picks the nearest point within 24 px.
  const delaunay = d3.Delaunay.from(points, (p) => left + x.scale(p.x), (p) => top + y.scale(p.y));
  const nearest = (px: number, py: number): number | null => {
    if (points.length === 0) return null;
    const i = delaunay.find(px, py);
    const dx = left + x.scale(points[i].x) - px;
    const dy = top + y.scale(points[i].y) - py;
    return dx * dx + dy * dy <= 24 * 24 ? i : null;
  };
  return { marks, height: bottom + PAD, nearest };
}
