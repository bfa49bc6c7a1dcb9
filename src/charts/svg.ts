// Shared SVG pieces: the look (as attributes and one inline <style>, so an exported file
// looks like the screen), the hatch for "too few", the header, legend and axis styling.

import type { Selection } from 'd3';
import { INK, MUTED, RULE } from './palette.ts';
import type { LegendItem } from './legend.ts';
import { textWidth, wrapText } from './text.ts';

// Every CJK family of the page's own list (global.css) too: a character no listed family has is
// looked up by the browser one character at a time (on Linux a synchronous call to the browser
// process per new character, 222 of them = 5 s of a blocked main thread in bench/site/trace.ts
// on a machine without a CJK font).
export const FONT_FAMILY =
  'system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
export const FONT_SIZE = 12;
export const TITLE_SIZE = 16;
export const PAD = 8;

export type G = Selection<SVGGElement, unknown, null, undefined>;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An attribute value as d3's `attr` takes it: a number is written as text, null or undefined leaves the attribute out. */
export type AttrValue = string | number | null | undefined;

/**
 * `parent.append(tag).attr(k, v)….text(text)` without a d3 selection per call: the same element,
 * the same attributes in the same order. For the marks and labels of which a chart makes hundreds
 * on every redraw (the outcomes chart: ~125 segments and ~100 labels), where the selections cost a
 * quarter of the drawing. `names` and `values` pair up by index (a names list is made once, by the
 * caller, so that this loop sees one shape).
 */
export function svgChild(parent: Element, tag: string, names: readonly string[], values: readonly AttrValue[], text?: string): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  for (let i = 0; i < names.length; i++) {
    const value = values[i];
    if (value !== null && value !== undefined) element.setAttribute(names[i], String(value));
  }
  if (text !== undefined) element.textContent = text;
  parent.appendChild(element);
  return element;
}

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** The focus and hover ring: drawn as a stroke because outline is unreliable on SVG elements. */
export const CHART_CSS = `
.mark { cursor: default; }
.mark:focus { outline: none; }
.mark[data-active] { stroke: ${INK}; stroke-width: 2px; }
.selectable .mark { cursor: pointer; }
`;

/** A diagonal hatch for marks that must not be read as a value (样本过少). */
export function addHatch(svg: Svg, id: string): void {
  const pattern = svg.select('defs').append('pattern')
    .attr('id', id).attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)');
  pattern.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#ffffff');
  pattern.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6)
    .attr('stroke', MUTED).attr('stroke-width', 1.5);
}

/**
 * At most this many lines of title. Three, not two: the years view's small multiples in English
 * ("Prefecture: Administrative fees, median per report (10,000 yuan) by year") take three at their
 * 340 px, and two would cut off the unit.
 */
export const TITLE_LINES = 3;

/** Title and description drawn at the top (the exported image must explain itself); returns the y below them. */
export function drawHeader(g: G, title: string, description: string | undefined, width: number): number {
  let y = 0;
  // Measured as bold: measured as regular, English titles of the small multiples ran 10–30 px past the chart's edge, cut.
  const lines = titleLines(title, width);
  lines.forEach((line, i) => {
    y += TITLE_SIZE * 1.3;
    const text = g.append('text').attr('x', 0).attr('y', y).attr('font-size', TITLE_SIZE).attr('font-weight', 600)
      .attr('fill', INK).attr('data-chart-title', '').text(line);
    // A title cut short: the whole of it on hover (and in the svg's <title>, and the data table's caption).
    if (i === lines.length - 1 && line.endsWith('…') && !title.trimEnd().endsWith('…')) text.append('title').text(title);
  });
  if (description) {
    y += 2;
    for (const line of wrapText(description, width, FONT_SIZE)) {
      y += FONT_SIZE * 1.4;
      g.append('text').attr('x', 0).attr('y', y).attr('font-size', FONT_SIZE).attr('fill', MUTED).text(line);
    }
  }
  return y + PAD;
}

/** Swatches with labels, wrapped to the width; returns the y below the legend. */
export function drawLegend(g: G, items: readonly LegendItem[], width: number, top: number): number {
  if (items.length === 0) return top;
  const swatch = 12;
  const lineHeight = 18;
  let x = 0;
  let y = top;
  for (const item of items) {
    const itemWidth = swatch + 4 + textWidth(item.label, FONT_SIZE) + 14;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      y += lineHeight;
    }
    if (item.swatch === 'line') {
      // The mark's own line, upright as the markers are: its dash and weight read as in the plot.
      g.append('line').attr('data-legend-swatch', 'line').attr('x1', x + swatch / 2).attr('x2', x + swatch / 2).attr('y1', y).attr('y2', y + swatch + 4)
        .attr('stroke', item.stroke).attr('stroke-width', item.width).attr('stroke-dasharray', item.dash);
    } else {
      g.append('rect').attr('data-legend-swatch', 'area').attr('x', x).attr('y', y + 2).attr('width', swatch).attr('height', swatch)
        .attr('fill', item.fill).attr('stroke', item.stroke ?? 'none');
    }
    g.append('text').attr('x', x + swatch + 4).attr('y', y + 12).attr('font-size', FONT_SIZE).attr('fill', INK)
      .text(item.label);
    x += itemWidth;
  }
  return y + lineHeight + PAD;
}

/** The chart title's lines for a width: wrapped as bold text, at most TITLE_LINES, the last one cut with an ellipsis if need be. */
export function titleLines(title: string, width: number): string[] {
  return wrapText(title, width, TITLE_SIZE, { bold: true, maxLines: TITLE_LINES });
}

/** d3-axis draws in its own font; restyle to the chart's. */
export function styleAxis(axis: G): void {
  axis.attr('font-family', null).attr('font-size', 11);
  axis.select('.domain').attr('stroke', RULE);
  axis.selectAll('.tick line').attr('stroke', RULE);
  axis.selectAll('.tick text').attr('fill', MUTED);
}
