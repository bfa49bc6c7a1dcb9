// What the renderer hands to the interaction layer: each focusable mark with its place on the
// keyboard grid, its words, and what it stands for.

import type { ChartSelection } from './types.ts';

export interface DrawnMark {
  element: SVGElement;
  row: number;
  col: number;
  /** Tooltip lines; joined, they are the aria-label. */
  lines: string[];
  selection: ChartSelection;
}

/** What a chart body returns: its marks, its height, and an optional pointer finder for small marks. */
export interface DrawnBody {
  marks: DrawnMark[];
  height: number;
  /** For scatter: the mark nearest a pointer position in SVG coordinates, within reach. */
  nearest?(x: number, y: number): number | null;
}
