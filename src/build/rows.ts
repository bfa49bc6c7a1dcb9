// One parsed report → the rows of reports.parquet, cells.parquet and checks.parquet, and its
// entry in summary.json. Pure functions of the report: the schema says every name and label.
import { reportStatus } from '../format/status.ts';
import type { Cell, CellRef, Position, Report, TableName } from '../format/report.ts';
import { FIELD_BY_NAME, REPORT_FIELDS, type FieldType, type ReportExtras } from '../format/fields.ts';
import {
  OUTCOME_GROUPS, OUTCOME_ROWS, T3, T3_OTHER_TOTAL, T3_OTHER_TOTAL_ROW, T3_TOTAL_COLUMN, TABLE2_2019_FIELDS, TABLE2_FIELDS, table2019Column, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_FIELDS,
  table2Column, table3Column, table4Column, type OutcomeGroup,
} from '../format/schema.ts';

export type Value = string | number | null;

export interface Column {
  name: string;
  type: FieldType;
}

// ---------------------------------------------------------------------------------------
// reports.parquet

export const REPORT_COLUMNS: readonly Column[] = REPORT_FIELDS.map((f) => ({ name: f.name, type: f.type }));

/** The row of reports.parquet, in REPORT_FIELDS order. */
export function reportRow(report: Report, extras: ReportExtras): Value[] {
  return REPORT_FIELDS.map((f) => f.value(report, extras));
}

// ---------------------------------------------------------------------------------------
// cells.parquet

export type Flag = 'stated' | 'derived' | 'missing';

export const CELL_COLUMNS: readonly Column[] = [
  { name: 'report_id', type: 'VARCHAR' },
  { name: 'file', type: 'VARCHAR' },
  { name: 'table_name', type: 'VARCHAR' },
  { name: 'row_index', type: 'INTEGER' },
  { name: 'row_key', type: 'VARCHAR' },
  { name: 'col_index', type: 'INTEGER' },
  { name: 'col_key', type: 'VARCHAR' },
  { name: 'field', type: 'VARCHAR' },
  { name: 'value', type: 'DOUBLE' },
  { name: 'raw', type: 'VARCHAR' },
  { name: 'flag', type: 'VARCHAR' },
  { name: 'rule', type: 'VARCHAR' },
  { name: 'label_zh', type: 'VARCHAR' },
  { name: 'label_en', type: 'VARCHAR' },
  // Where the cell was printed in the report's source text (sources/, shown on its page); null for
  // a cell not read from the text (not printed, or derived by an identity: its rule names the cells it came from). `line` is 1-based; char_start/char_end
  // are offsets into the WHOLE text in UTF-16 code units (JS string indices), end exclusive.
  { name: 'line', type: 'INTEGER' },
  { name: 'char_start', type: 'INTEGER' },
  { name: 'char_end', type: 'INTEGER' },
];

/** Where a cell of the template sits, independent of any report. */
interface CellSlot {
  table: TableName;
  row: number;
  col: number;
  rowKey: string;
  colKey: string;
  field: string;
  zh: string;
  en: string;
}

/** Tables 2 and 4 are lists of fields: their one column is called `value`. */
const SINGLE_COLUMN = 'value';

function slot(table: TableName, row: number, col: number, rowKey: string, colKey: string, field: string): CellSlot {
  const label = FIELD_BY_NAME.get(field);
  if (!label) throw new Error(`schema: no report field named ${field}`);
  return { table, row, col, rowKey, colKey, field, zh: label.zh, en: label.en };
}

/** Every cell of tables 2–4, in template order (198 of them). */
export const CELL_SLOTS: readonly CellSlot[] = [
  ...TABLE2_FIELDS.map((f, i) => slot('table2', i, 0, f.key, SINGLE_COLUMN, table2Column(f))),
  // Table 2 of the 2019 template: empty for 2021 reports.
  ...TABLE2_2019_FIELDS.map((f, i) => slot('table2_2019', i, 0, f.key, SINGLE_COLUMN, table2019Column(f.key))),
  ...TABLE3_ROWS.flatMap((row, r) => TABLE3_COLUMNS.map((col, c) => slot('table3', r, c, row.key, col.key, table3Column(r, c)))),
  // The printed total of （六）其他处理, for reports that print one row instead of three.
  ...TABLE3_COLUMNS.map((col, c) => slot('table3', T3_OTHER_TOTAL_ROW, c, T3_OTHER_TOTAL.key, col.key, table3Column(T3_OTHER_TOTAL_ROW, c))),
  ...TABLE4_FIELDS.map((f, i) => slot('table4', i, 0, f.key, SINGLE_COLUMN, table4Column(f))),
];

/** The value of a cell as the report holds it. Table 2 is addressed by TABLE2_FIELDS index. */
export function cellValue(report: Report, ref: CellRef): Cell {
  switch (ref.table) {
    case 'table2': {
      const f = TABLE2_FIELDS[ref.row];
      const v = report.table2[f.row];
      return (Array.isArray(v) ? v[f.index] : v) ?? null;
    }
    case 'table2_2019':
      return report.table2_2019?.[TABLE2_2019_FIELDS[ref.row].key] ?? null;
    case 'table3':
      if (ref.row === T3_OTHER_TOTAL_ROW) return report.table3_other_total?.[ref.col] ?? null;
      return report.table3[ref.row]?.[ref.col] ?? null;
    case 'table4':
      return report.table4[ref.row] ?? null;
  }
}

export function cellRaw(report: Report, ref: CellRef): string | null {
  switch (ref.table) {
    case 'table2':
      return report.raw.table2[ref.row] ?? null;
    case 'table2_2019':
      return report.raw.table2_2019?.[ref.row] ?? null;
    case 'table3':
      if (ref.row === T3_OTHER_TOTAL_ROW) return report.raw.table3_other_total?.[ref.col] ?? null;
      return report.raw.table3[ref.row]?.[ref.col] ?? null;
    case 'table4':
      return report.raw.table4[ref.row] ?? null;
  }
}

export function cellPosition(report: Report, ref: CellRef): Position | null {
  const p = report.positions;
  if (!p) return null;
  switch (ref.table) {
    case 'table2':
      return p.table2[ref.row] ?? null;
    case 'table2_2019':
      return p.table2_2019?.[ref.row] ?? null;
    case 'table3':
      if (ref.row === T3_OTHER_TOTAL_ROW) return p.table3_other_total?.[ref.col] ?? null;
      return p.table3[ref.row]?.[ref.col] ?? null;
    case 'table4':
      return p.table4[ref.row] ?? null;
  }
}

/**
 * The report's five cell arrays (raw texts or positions) in CELL_SLOTS order: table 2, table 2 of
 * 2019, table 3's rows, the printed 其他处理 total, table 4. What CELL_SLOTS.map(cellRaw) or
 * .map(cellPosition) gives, read straight from the arrays: the worker does it for every report,
 * and a call and a switch per slot (198 slots) was a sixth of its time outside the parser.
 */
function inSlotOrder<T>(t2: readonly (T | null | undefined)[], t2019: readonly (T | null | undefined)[] | null | undefined,
  t3: readonly (readonly (T | null | undefined)[] | undefined)[], other: readonly (T | null | undefined)[] | null | undefined,
  t4: readonly (T | null | undefined)[]): (T | null)[] {
  const out = new Array<T | null>(CELL_SLOTS.length);
  let k = 0;
  for (let i = 0; i < TABLE2_FIELDS.length; i++) out[k++] = t2[i] ?? null;
  for (let i = 0; i < TABLE2_2019_FIELDS.length; i++) out[k++] = t2019?.[i] ?? null;
  for (let r = 0; r < TABLE3_ROWS.length; r++) {
    const row = t3[r];
    for (let c = 0; c < TABLE3_COLUMNS.length; c++) out[k++] = row?.[c] ?? null;
  }
  for (let c = 0; c < TABLE3_COLUMNS.length; c++) out[k++] = other?.[c] ?? null;
  for (let i = 0; i < TABLE4_FIELDS.length; i++) out[k++] = t4[i] ?? null;
  return out;
}

// inSlotOrder walks the tables in the order CELL_SLOTS lists them: checked once, here.
{
  const order = inSlotOrder<string>(TABLE2_FIELDS.map((_, i) => `table2[${i},0]`), TABLE2_2019_FIELDS.map((_, i) => `table2_2019[${i},0]`),
    TABLE3_ROWS.map((_, r) => TABLE3_COLUMNS.map((_c, c) => `table3[${r},${c}]`)), TABLE3_COLUMNS.map((_, c) => `table3[${T3_OTHER_TOTAL_ROW},${c}]`),
    TABLE4_FIELDS.map((_, i) => `table4[${i},0]`));
  if (order.length !== CELL_SLOTS.length || CELL_SLOTS.some((s, i) => order[i] !== `${s.table}[${s.row},${s.col}]`)) throw new Error('rows.ts: CELL_SLOTS is not in table order');
}

/** The raw text of every CELL_SLOTS cell, in order (= CELL_SLOTS.map((s) => cellRaw(report, s))). */
export function slotRaws(report: Report): (string | null)[] {
  const r = report.raw;
  return inSlotOrder(r.table2, r.table2_2019, r.table3, r.table3_other_total, r.table4);
}

/** Where every CELL_SLOTS cell was printed, in order (= CELL_SLOTS.map((s) => cellPosition(report, s))); null without positions. */
export function slotPositions(report: Report): (Position | null)[] | null {
  const p = report.positions;
  return p ? inSlotOrder(p.table2, p.table2_2019, p.table3, p.table3_other_total, p.table4) : null;
}

const refKey = (ref: CellRef) => `${ref.table}[${ref.row},${ref.col}]`;

export function cellRows(report: Report, reportId: string): Value[][] {
  const derived = new Map(report.derived.map((d) => [refKey(d), d]));
  return CELL_SLOTS.map((s) => {
    const value = cellValue(report, s);
    const rule = derived.get(refKey(s))?.rule ?? null;
    const flag: Flag = rule !== null ? 'derived' : value === null ? 'missing' : 'stated';
    const at = cellPosition(report, s);
    return [reportId, report.file, s.table, s.row, s.rowKey, s.col, s.colKey, s.field, value, cellRaw(report, s), flag, rule, s.zh, s.en,
      at?.line ?? null, at?.start ?? null, at?.end ?? null];
  });
}

// ---------------------------------------------------------------------------------------
// checks.parquet

export const CHECK_COLUMNS: readonly Column[] = [
  { name: 'report_id', type: 'VARCHAR' },
  { name: 'file', type: 'VARCHAR' },
  /** Position of the check in the report's list: (report_id, check_index) is unique. */
  { name: 'check_index', type: 'INTEGER' },
  { name: 'code', type: 'VARCHAR' },
  { name: 'severity', type: 'VARCHAR' },
  /** JSON text: [{"table":"table3","row":23,"col":0}, …]. */
  { name: 'cells', type: 'VARCHAR' },
  /** The same cells for people and LIKE: table3[23,0];table3[0,0]. */
  { name: 'cell_refs', type: 'VARCHAR' },
  { name: 'message_zh', type: 'VARCHAR' },
  { name: 'message_en', type: 'VARCHAR' },
];

/**
 * JSON.stringify(cells.map(({ table, row, col }) => ({ table, row, col }))), written out: no
 * object per cell (a glued report has hundreds). A cell that is not a word-character table name
 * and two whole numbers (none is) goes the way of JSON.stringify.
 */
export function cellsJson(cells: readonly CellRef[]): string {
  let out = '[';
  for (let i = 0; i < cells.length; i++) {
    const { table, row, col } = cells[i];
    if (typeof table !== 'string' || !/^\w+$/.test(table) || !Number.isInteger(row) || !Number.isInteger(col)) {
      return JSON.stringify(cells.map(({ table, row, col }) => ({ table, row, col })));
    }
    out += `${i ? ',' : ''}{"table":"${table}","row":${row},"col":${col}}`;
  }
  return `${out}]`;
}

export function checkRows(report: Report, reportId: string): Value[][] {
  return report.checks.map((c, i) => [
    reportId, report.file, i, c.code, c.severity,
    cellsJson(c.cells),
    c.cells.map(refKey).join(';'),
    c.message_zh, c.message_en,
  ]);
}

// ---------------------------------------------------------------------------------------
// summary.json: enough per report to draw the first charts before DuckDB is ready.

export interface Overview {
  report_id: string;
  agency: string | null;
  year: number | null;
  province: string | null;
  city: string | null;
  county: string | null;
  level: string | null;
  kind: string | null;
  status: string;
  /** Set when another filing of the same agency and year is charted instead (continuity.duplicate). */
  superseded_by?: string | null;
  /** Table 3, 总计 column: the sum of each outcome group's rows; null if any of them is null. */
  outcomes: Record<OutcomeGroup, number | null>;
  total_handled: number | null;
  reconsideration_total: number | null;
  reconsideration_corrected: number | null;
  /** Direct lawsuits + lawsuits after reconsideration. */
  lawsuit_total: number | null;
  lawsuit_corrected: number | null;
  fees_10k_yuan: number | null;
  processing_fee_yuan: number | null;
}

function sum(values: Cell[]): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null || v === undefined) return null;
    total += v;
  }
  return total;
}

const t4 = (report: Report, key: string) => report.table4[TABLE4_FIELDS.findIndex((f) => f.key === key)] ?? null;

/** A group's count in the 总计 column; for 其他处理 the printed total stands in for unsplit rows. */
function outcomeCount(report: Report, group: OutcomeGroup): number | null {
  const rows = sum(OUTCOME_ROWS[group].map((r) => report.table3[r]?.[T3_TOTAL_COLUMN] ?? null));
  if (rows !== null || group !== 'other') return rows;
  return report.table3_other_total?.[T3_TOTAL_COLUMN] ?? null;
}

export function overview(report: Report, reportId: string): Overview {
  const total = (r: number) => report.table3[r]?.[T3_TOTAL_COLUMN] ?? null;
  return {
    report_id: reportId,
    agency: report.agency,
    year: report.year,
    province: report.province,
    city: report.city,
    county: report.county,
    level: report.level,
    kind: report.kind,
    status: reportStatus(report),
    outcomes: Object.fromEntries(OUTCOME_GROUPS.map((g) => [g.key, outcomeCount(report, g.key)])) as Record<OutcomeGroup, number | null>,
    total_handled: total(T3.TOTAL_HANDLED),
    reconsideration_total: t4(report, 'reconsideration_total'),
    reconsideration_corrected: t4(report, 'reconsideration_corrected'),
    lawsuit_total: sum([t4(report, 'lawsuit_direct_total'), t4(report, 'lawsuit_after_reconsideration_total')]),
    lawsuit_corrected: sum([t4(report, 'lawsuit_direct_corrected'), t4(report, 'lawsuit_after_reconsideration_corrected')]),
    fees_10k_yuan: report.table2.fees_10k_yuan,
    processing_fee_yuan: report.processing_fee_yuan,
  };
}
