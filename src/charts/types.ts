// A chart is a plain object describing marks over data (in the spirit of Observable Plot):
// the caller says what to show, in the current language, with units; the library decides how.
// All text here comes from the caller; the library adds only a few words of its own
// (未说明 / not stated, 样本过少 / too few to rate, 占比 / share), picked by `locale`.

export type Locale = 'zh' | 'en';

/** An axis title and its unit, drawn as 「申请数（件）」 / "Applications (count)". */
export interface Axis {
  label: string;
  /** Always say the unit; '%' for shares, '万元' for fees, '件' for counts. */
  unit: string;
  /** Most decimals a value is written with (labels, tooltips, data table); default 2. Fees in 万元: WAN_YUAN_DIGITS. */
  digits?: number;
}

/** A category of a stacked bar or a point group; coloured from PALETTE in the order given. */
export interface Category {
  key: string;
  label: string;
}

interface BaseSpec {
  title: string;
  /** One or two sentences: what is shown, which filter, the source. Drawn under the title and read as the chart's description. */
  description?: string;
  locale: Locale;
}

// ---------------------------------------------------------------------------------------
// stackedBar100: one horizontal bar per row, segments are shares of the row's counts.

export interface StackedBarRow {
  /** Stable id (e.g. report_id or agency code); handed back by onSelect. */
  id: string;
  /** Shown on the axis, in the tooltip and table; any text, set as text only. */
  label: string;
  /** Drawn instead of `label` when the label would be cut (the whole label stays in the tooltip and table). */
  short?: string;
  /** Count per category key; null = the report did not state it (drawn as a gap, never as 0). */
  counts: Record<string, number | null>;
  /** Too few cases for shares to mean anything: drawn as an empty hatched bar labelled 样本过少. */
  tooFew?: boolean;
}

export interface StackedBar100Spec extends BaseSpec {
  kind: 'stackedBar100';
  categories: Category[];
  /** In display order; sorting is the caller's (done in SQL). */
  rows: StackedBarRow[];
  /** x is the share; pass e.g. { label: '占比', unit: '%' }. */
  x: Axis;
  /** y is the rows; pass e.g. { label: '机关', unit: '份年报' } — the unit names what a row is. */
  y: Axis;
  /** Unit of the counts in tooltips and table headers, e.g. '件' / 'applications'. */
  countUnit: string;
  /**
   * A highlighted bar on top for all filtered reports. Its counts come from the caller
   * (SQL over the whole filter), because `rows` may be only the top N.
   */
  total?: StackedBarRow;
}

// ---------------------------------------------------------------------------------------
// bars: one horizontal bar per row, one value with a unit.

export interface BarRow {
  id: string;
  label: string;
  /** Drawn instead of `label` when the label would be cut (the whole label stays in the tooltip and table). */
  short?: string;
  /** null = not stated: a gap labelled 未说明, never a zero-length bar. */
  value: number | null;
  /** For rates: too few cases to rate; the value is not drawn, the row shows 样本过少 (or the spec's tooFewWords). */
  tooFew?: boolean;
}

export interface BarsSpec extends BaseSpec {
  kind: 'bars';
  rows: BarRow[];
  /** What a tooFew row says instead of 样本过少 / "too few to rate" (a median over too few reports: 年报过少). */
  tooFewWords?: string;
  /** The value axis, e.g. { label: '行政事业性收费', unit: '万元' }. */
  x: Axis;
  y: Axis;
  /** Highlighted bar on top, e.g. the median or the total of all filtered reports. */
  total?: BarRow;
  /**
   * The value axis shared by small multiples, [lowest, highest] over every panel, so a bar's
   * length compares across panels; widened to hold this chart's own values and 0.
   */
  domain?: [number, number];
}

// ---------------------------------------------------------------------------------------
// scatter: x against y, one point per row.

export interface ScatterPoint {
  id: string;
  label: string;
  /** null in either coordinate: the point cannot be placed; it is listed as 未说明 and not drawn. */
  x: number | null;
  y: number | null;
  /**
   * What x (y) is, in words, when the position is not the value itself: a density bin is drawn at
   * the centre of its bin, and its reports' range ('68–91') is what the table and the tooltip say.
   */
  xText?: string;
  yText?: string;
  /** Category key (from `groups`) for colour. */
  group?: string;
}

/**
 * 'auto' uses a symlog scale (zero-safe) when the positive values span more than two orders
 * of magnitude (max/min > 100), else linear.
 */
export type ScaleType = 'auto' | 'linear' | 'log';

export interface ScatterSpec extends BaseSpec {
  kind: 'scatter';
  points: ScatterPoint[];
  /** Header of the label column in the table, e.g. '机关' / 'Agency'. */
  pointLabel: string;
  x: Axis & { scale?: ScaleType };
  y: Axis & { scale?: ScaleType };
  /** Colour points by group: the legend title (e.g. '层级') and the groups in palette order. */
  groups?: { label: string; categories: Category[] };
}

// ---------------------------------------------------------------------------------------
// histogram: counts of reports per value bin, with markers (quartiles, one highlighted report).

export interface HistogramBin {
  /** Lower bound (inclusive). */
  from: number;
  /** Upper bound (exclusive); null for an open last bin ("≥ from"). */
  to: number | null;
  count: number;
  /** The last bin also holds its upper bound (a share of 100%). */
  closed?: boolean;
}

export interface HistogramMarker {
  label: string;
  value: number;
  /** Drawn stronger, in the accent colour (the highlighted report). */
  emphasis?: boolean;
}

export interface HistogramSpec extends BaseSpec {
  kind: 'histogram';
  /** Every bin in order, empty ones included. */
  bins: HistogramBin[];
  /** The value axis, e.g. { label: '不予公开比例', unit: '%' }. */
  x: Axis;
  /** The count axis, e.g. { label: '年报', unit: '份' }. */
  y: Axis;
  markers: HistogramMarker[];
}

export type ChartSpec = StackedBar100Spec | BarsSpec | ScatterSpec | HistogramSpec;

/** What a mark stands for, handed to onSelect on Enter/Space or click. */
export type ChartSelection =
  | { kind: 'stackedBar100'; row: StackedBarRow; category: Category | null; isTotal: boolean }
  | { kind: 'bars'; row: BarRow; isTotal: boolean }
  | { kind: 'scatter'; point: ScatterPoint }
  | { kind: 'histogram'; bin: HistogramBin; index: number };

export interface RenderOptions {
  onSelect?(selection: ChartSelection): void;
  /** Width in CSS pixels; default: the container's width. Height follows from the rows. */
  width?: number;
}

export interface RenderedChart {
  svg: SVGSVGElement;
  destroy(): void;
}
