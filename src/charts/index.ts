// The chart library's public surface: describe a chart as a plain object, render it, and get
// the exact numbers it draws as a table or CSV.

export type {
  Axis, BarRow, BarsSpec, Category, ChartSelection, ChartSpec, Locale, RenderedChart, RenderOptions,
  ScaleType, ScatterPoint, ScatterSpec, StackedBar100Spec, StackedBarRow,
} from './types.ts';
export { PALETTE } from './palette.ts';
export { renderChart } from './render.ts';
export { chartCsv, chartTable, displayCell, tableRowSpecs, type Cell, type ChartTable, type TableColumn } from './table.ts';
export { rowShares, type RowShares, type Segment } from './shares.ts';
export { resolveScale, spansOrders } from './scales.ts';
export { WORDS, axisTitle } from './words.ts';
export { FRAME_LABELS, type FrameLabels } from './frame-labels.ts';
