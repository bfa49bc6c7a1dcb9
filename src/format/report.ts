// The shape of one parsed report: what the parser returns, what `npm run parse` prints
// (one JSON object per line) and what the data build turns into Parquet rows.
import type { Kind, Level, Status, Table3Layout, Template } from './schema.ts';

export type Cell = number | null;

export interface Table2 {
  regulations: [Cell, Cell, Cell];
  normative_documents: [Cell, Cell, Cell];
  licensing: Cell;
  penalties: Cell;
  enforcement: Cell;
  fees_10k_yuan: Cell;
}

export type TableName = 'table2' | 'table2_2019' | 'table3' | 'table4';

/** Where a cell sits: table 2 uses the flat field index (TABLE2_FIELDS), table 4 uses col 0. */
export interface CellRef {
  table: TableName;
  row: number;
  col: number;
}

/** A value the parser did not read as printed but inferred; `rule` names the identity. */
export interface Derived extends CellRef {
  value: number;
  rule: string;
  note: string;
}

/**
 * Where a cell was printed in the report's source text (the text written to sources/ and shown on
 * its page): `line` is 1-based; `start`/`end` are offsets into the WHOLE text (not the line) in
 * UTF-16 code units — JS string indices, so text.slice(start, end) is the printed token.
 */
export interface Position {
  line: number;
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One check result. Codes starting `source.` mean the published numbers break an identity
 * (the report's own arithmetic); `parse.` means the parser could not read something;
 * `meta.` concerns the metadata; `narrative.` the free text against the tables.
 */
export interface Check {
  code: string;
  severity: Severity;
  cells: CellRef[];
  message_zh: string;
  message_en: string;
}

export type FieldSource = 'title' | 'body' | 'signature' | 'period' | 'agency' | 'manifest' | 'file_name' | 'none';

export interface Report {
  file: string;
  agency: string | null;
  year: number | null;
  region_code: string | null;
  province: string | null;
  city: string | null;
  county: string | null;
  level: Level | null;
  kind: Kind | null;
  template: Template | null;
  /** Table 2 of a 2019-template report, by TABLE2_2019_FIELDS key (null for 2021 reports). */
  table2_2019: Record<string, Cell> | null;
  table2: Table2;
  table3: Cell[][];
  /** How the report printed table 3: as the template, or with （六）其他处理 as one total row. */
  table3_layout: Table3Layout | null;
  /** That printed total of （六）其他处理, per column, when the report prints it instead of the three rows. */
  table3_other_total: Cell[] | null;
  table4: Cell[];
  processing_fee_yuan: Cell;
  derived: Derived[];
  checks: Check[];
  /** Where each metadata field came from. */
  sources: Record<'agency' | 'year' | 'region' | 'source_url', FieldSource>;
  source_url: string | null;
  statistics_year: number | null;
  encoding: string | null;
  status: Status;
  /** Set when status is `failed`: what went wrong, in words a person can act on. */
  error: { code: string; message_zh: string; message_en: string } | null;
  /** The text of every cell as found (null where nothing was printed), for provenance. */
  raw: {
    table2: (string | null)[];
    table2_2019: (string | null)[] | null;
    table3: (string | null)[][];
    table3_other_total: (string | null)[] | null;
    table4: (string | null)[];
  };
  /**
   * Where each cell of `raw` was printed, in the same shape (Position above); null for a cell not
   * read from the text (derived, or not printed). A number split out of a run of glued digits
   * points to its own digits when the split is certain, else to the whole run. Absent on
   * reports made without the text (a failed read).
   */
  positions?: {
    table2: (Position | null)[];
    table2_2019: (Position | null)[] | null;
    table3: (Position | null)[][];
    table3_other_total: (Position | null)[] | null;
    table4: (Position | null)[];
  };
}
