// What a chart's legend lists: one item per category (a filled square of its colour), the hatch
// of 样本过少 when a row is too few, and a histogram's marker lines. Each swatch looks like the mark
// it names: a dashed marker line is a dashed line in the legend, not a filled square.

import { markerStroke } from './draw-histogram.ts';
import { categoryColor, MUTED } from './palette.ts';
import type { ChartSpec } from './types.ts';
import { chartWords, WORDS } from './words.ts';

export type LegendItem =
  | { label: string; swatch: 'area'; fill: string; stroke?: string }
  | { label: string; swatch: 'line'; stroke: string; width: number; dash: string | null };

export function legendItems(spec: ChartSpec, hatch: string): LegendItem[] {
  const words = WORDS[spec.locale];
  const hatched = (label: string): LegendItem => ({ label, swatch: 'area', fill: `url(#${hatch})`, stroke: MUTED });
  switch (spec.kind) {
    case 'stackedBar100':
      return [
        ...spec.categories.map((c, i): LegendItem => ({ label: c.label, swatch: 'area', fill: categoryColor(i) })),
        ...([spec.total, ...spec.rows].some((row) => row?.tooFew) ? [hatched(words.tooFew)] : []),
      ];
    case 'bars':
      return [spec.total, ...spec.rows].some((row) => row?.tooFew) ? [hatched(chartWords(spec).tooFew)] : [];
    case 'histogram':
      return spec.markers.map((m): LegendItem => {
        const { color, width, dash } = markerStroke(m);
        return { label: m.label, swatch: 'line', stroke: color, width, dash };
      });
    case 'scatter':
      return spec.groups ? spec.groups.categories.map((c, i): LegendItem => ({ label: c.label, swatch: 'area', fill: categoryColor(i) })) : [];
  }
}
