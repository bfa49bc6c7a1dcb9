// renderChart: spec → SVG in a container, with tooltip, keyboard and screen-reader wiring.
//
// Accessibility model. The SVG is role="group" labelled by its <title> and described by its
// <desc>, and each data mark is role="img" with an aria-label. We do not use role="img" on the
// SVG: that makes its children presentational, so a screen reader could not announce the mark
// that has keyboard focus. Focus moves with a roving tabindex (one mark has tabindex=0, the
// rest -1): the chart is one tab stop, arrow keys move real DOM focus, and every screen reader
// announces the focused element's label — aria-activedescendant is poorly supported inside SVG.
// The full alternative is the data table (chartTable) that ChartFrame renders below the chart.

import * as d3 from 'd3';
import { drawBars, drawStackedBar100 } from './draw-rows.ts';
import { drawScatter } from './draw-scatter.ts';
import { drawHistogram } from './draw-histogram.ts';
import { legendItems } from './legend.ts';
import { allZeroNote } from './value-axis.ts';
import { nextMark } from './keyboard.ts';
import type { DrawnBody } from './marks.ts';
import { addHatch, CHART_CSS, drawHeader, drawLegend, FONT_FAMILY, PAD, type G } from './svg.ts';
import { createTooltip } from './tooltip.ts';
import type { ChartSpec, RenderedChart, RenderOptions } from './types.ts';
import { joinParts, WORDS } from './words.ts';

let serial = 0;

/** Only the marks are announced; axes, labels and notes are for the eye (the table has the numbers). */
function hideAllButMarks(root: Element): void {
  for (const child of root.children) {
    if (child.classList.contains('mark')) continue;
    if (child.querySelector('.mark')) hideAllButMarks(child);
    else child.setAttribute('aria-hidden', 'true');
  }
}

function drawBody(g: G, spec: ChartSpec, width: number, hatch: string): DrawnBody {
  switch (spec.kind) {
    case 'stackedBar100': return drawStackedBar100(g, spec, width, hatch);
    case 'bars': return drawBars(g, spec, width, hatch);
    case 'scatter': return drawScatter(g, spec, width);
    case 'histogram': return drawHistogram(g, spec, width);
  }
}

/** Draw the chart into `container` (replacing nothing else in it); call destroy() before re-rendering. */
export function renderChart(container: HTMLElement, spec: ChartSpec, options: RenderOptions = {}): RenderedChart {
  const id = `chart-${++serial}`;
  const width = Math.max(280, Math.floor(options.width ?? container.clientWidth ?? 640) || 640);
  const inner = width - PAD * 2;

  // Drawn detached and put in the page once, whole: drawn in place, each of the ~1,000 nodes and
  // ~3,000 attributes of a 50-row chart was a change of the live document (style invalidation, a
  // record for every MutationObserver). Nothing here measures the page: text widths are estimated.
  const host = document.createElement('div');
  host.style.position = 'relative';

  const svg = d3.select(host).append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width).attr('role', 'group')
    .attr('aria-labelledby', `${id}-title`).attr('aria-describedby', `${id}-desc`)
    .attr('font-family', FONT_FAMILY).attr('font-size', 12)
    .attr('class', options.onSelect ? 'selectable' : null)
    .style('display', 'block').style('max-width', '100%').style('height', 'auto');
  svg.append('title').attr('id', `${id}-title`).text(spec.title);
  // An axis that shows 0 alone (every stated value 0) says so in the description, drawn and read.
  const description = [spec.description, allZeroNote(spec)].filter(Boolean).join(spec.locale === 'zh' ? '' : ' ') || undefined;
  svg.append('desc').attr('id', `${id}-desc`)
    .text([description, WORDS[spec.locale].keyboardHint].filter(Boolean).join(' '));
  svg.append('style').text(CHART_CSS);
  svg.append('defs');
  const hatch = `${id}-hatch`;
  addHatch(svg, hatch);
  const background = svg.append('rect').attr('width', width).attr('fill', '#ffffff');

  // Title, description and legend repeat <title>/<desc> visually; hidden from screen readers to avoid reading them twice.
  const header = svg.append('g').attr('transform', `translate(${PAD},${PAD})`).attr('aria-hidden', 'true');
  let top = PAD + drawHeader(header, spec.title, description, inner);
  top = drawLegend(header, legendItems(spec, hatch), inner, top - PAD) + PAD;

  const bodyGroup = svg.append('g').attr('transform', `translate(${PAD},${top})`);
  const body = drawBody(bodyGroup, spec, inner, hatch);
  hideAllButMarks(bodyGroup.node()!);

  const height = Math.ceil(top + body.height + PAD);
  svg.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  background.attr('height', height);

  const { marks } = body;
  marks.forEach((mark, i) => {
    mark.element.setAttribute('role', 'img');
    mark.element.setAttribute('aria-label', joinParts(mark.lines, spec.locale));
    mark.element.setAttribute('tabindex', i === 0 ? '0' : '-1');
  });

  const tooltip = createTooltip(host);
  let active = -1;

  const setActive = (i: number) => {
    if (active >= 0 && marks[active]) marks[active].element.removeAttribute('data-active');
    active = i;
    if (i >= 0) marks[i].element.setAttribute('data-active', '');
  };
  const position = (element: Element) => {
    const box = element.getBoundingClientRect();
    const origin = host.getBoundingClientRect();
    return { x: box.left - origin.left + box.width / 2, y: box.top - origin.top };
  };
  const showFor = (i: number, at?: { x: number; y: number }) => {
    setActive(i);
    const p = at ?? position(marks[i].element);
    tooltip.show(marks[i].lines, p.x, p.y);
  };
  const hide = () => {
    tooltip.hide();
    setActive(-1);
  };
  const focusMark = (i: number) => {
    marks.forEach((mark, j) => mark.element.setAttribute('tabindex', j === i ? '0' : '-1'));
    (marks[i].element as SVGElement & { focus(): void }).focus();
  };
  const indexOf = (target: EventTarget | null) => marks.findIndex((mark) => mark.element === target);
  const pointerIn = (event: MouseEvent) => {
    const origin = host.getBoundingClientRect();
    return { x: event.clientX - origin.left, y: event.clientY - origin.top };
  };
  const svgNode = svg.node()!;

  const onPointerMove = (event: PointerEvent) => {
    let i = indexOf(event.target);
    if (i < 0 && body.nearest) {
      const point = d3.pointer(event, bodyGroup.node());
      i = body.nearest(point[0], point[1]) ?? -1;
    }
    if (i >= 0) showFor(i, pointerIn(event));
    else if (active >= 0 && document.activeElement !== marks[active].element) hide();
  };
  const onPointerLeave = () => {
    if (!svgNode.contains(document.activeElement)) hide();
  };
  const onClick = (event: MouseEvent) => {
    let i = indexOf(event.target);
    if (i < 0 && body.nearest) {
      const point = d3.pointer(event, bodyGroup.node());
      i = body.nearest(point[0], point[1]) ?? -1;
    }
    if (i >= 0 && options.onSelect) options.onSelect(marks[i].selection);
  };
  const onFocusIn = (event: FocusEvent) => {
    const i = indexOf(event.target);
    if (i >= 0) {
      marks.forEach((mark, j) => mark.element.setAttribute('tabindex', j === i ? '0' : '-1'));
      showFor(i);
    }
  };
  const onFocusOut = (event: FocusEvent) => {
    if (!svgNode.contains(event.relatedTarget as Node | null)) hide();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const current = indexOf(event.target);
    if (current < 0) return;
    if (event.key === 'Escape') {
      tooltip.hide();
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      if (options.onSelect) {
        event.preventDefault();
        options.onSelect(marks[current].selection);
      }
      return;
    }
    const next = nextMark(marks, current, event.key);
    if (next === null) return;
    event.preventDefault(); // arrows would scroll the page
    focusMark(next);
  };

  svgNode.addEventListener('pointermove', onPointerMove);
  svgNode.addEventListener('pointerleave', onPointerLeave);
  svgNode.addEventListener('click', onClick);
  // Focus listeners go on the HTML host: Chromium makes an SVG element with focus listeners a tab stop itself.
  host.addEventListener('focusin', onFocusIn);
  host.addEventListener('focusout', onFocusOut);
  svgNode.addEventListener('keydown', onKeyDown);
  container.append(host);

  return {
    svg: svgNode,
    destroy() {
      svgNode.removeEventListener('pointermove', onPointerMove);
      svgNode.removeEventListener('pointerleave', onPointerLeave);
      svgNode.removeEventListener('click', onClick);
      host.removeEventListener('focusin', onFocusIn);
      host.removeEventListener('focusout', onFocusOut);
      svgNode.removeEventListener('keydown', onKeyDown);
      host.remove();
    },
  };
}
