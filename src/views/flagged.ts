// Which cells of a report's tables the failed checks name. checks.parquet holds them as JSON text
// ([{"table":"table3","row":23,"col":0}, …]); a check whose cells cannot be read is returned as
// unreadable, so the page can say that some highlights are missing instead of silently dropping them.

export interface CheckRow {
  code: string;
  severity: 'error' | 'warning' | 'info';
  /** JSON text: [{"table":"table3","row":23,"col":0}, …]. */
  cells: string;
  cell_refs: string;
  message_zh: string;
  message_en: string;
}

export const cellKey = (table: string, row: number, col: number) => `${table}[${row},${col}]`;

export interface Flagged {
  /** cellKey → the failed checks (error or warning) that name the cell. */
  cells: Map<string, CheckRow[]>;
  /** Failed checks whose cell list is not a readable list of {table, row, col}. */
  unreadable: CheckRow[];
}

function isRef(x: unknown): x is { table: string; row: number; col: number } {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.table === 'string' && Number.isInteger(r.row) && Number.isInteger(r.col);
}

/** The cells named by checks that failed (error or warning), with the checks that name them. */
export function flaggedCells(checks: readonly CheckRow[]): Flagged {
  const cells = new Map<string, CheckRow[]>();
  const unreadable: CheckRow[] = [];
  for (const check of checks) {
    if (check.severity !== 'error' && check.severity !== 'warning') continue;
    let refs: unknown;
    try {
      refs = JSON.parse(check.cells ?? '[]');
    } catch {
      refs = null;
    }
    if (!Array.isArray(refs) || !refs.every(isRef)) {
      unreadable.push(check);
      continue;
    }
    for (const ref of refs) {
      const key = cellKey(ref.table, ref.row, ref.col);
      cells.set(key, [...(cells.get(key) ?? []), check]);
    }
  }
  return { cells, unreadable };
}
