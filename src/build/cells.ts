// cells.parquet: one row per template cell of every report, from the staged reports table.
//
// The value is the report's column of that cell; the raw text, the rule and the place in the text
// come from the JSON the parsing thread stored (_raws, _rules, and _spans: three lists, the
// lines, starts and ends, work.ts positionsJson); where a cell sits in the
// template (table, row, column, field, labels) is unnested beside them from constant lists, one
// entry per slot. The reports table is in report_id order (loaded so, a group of buckets at a
// time): read on one thread, the cells come out in order with nothing sorted or held (sorting
// here needed a memory limit of 1 GB at 100,000 reports).
//
// The template's text columns and the flag are ENUMs in the query: Parquet's writer then takes
// each row's dictionary index as it is instead of hashing its string (the file holds the same
// strings, read back as VARCHAR, by DuckDB-wasm 1.28 too). On 12,403 staged reports (2.8M cells,
// one thread, machine shared) the COPY took 2.4–2.7 CPU s with VARCHARs joined from a table of
// slots, 1.5–1.8 with ENUMs joined, 1.2–1.6 with ENUMs unnested (no join); the codec was not the
// cost (the same cells uncompressed: 2.8 CPU s, zstd 2.9). Two threads kept the order but took
// twice the CPU for no gain in time.
import type { DuckDBConnection } from '@duckdb/node-api';
import { CELL_SLOTS } from './rows.ts';

/** The template's text columns: CellSlot's key → the column, each an ENUM of its values (`_cell_<column>`). */
const SLOT_TEXTS = { table: 'table_name', rowKey: 'row_key', colKey: 'col_key', field: 'field', zh: 'label_zh', en: 'label_en' } as const;
const FLAGS = ['stated', 'derived', 'missing'] as const;

const literal = (text: string) => {
  if (text.includes('\u0000')) throw new Error('text holds a NUL byte');
  return `'${text.replace(/'/g, "''")}'`;
};
const distinct = (values: string[]) => [...new Set(values)];

async function createTypes(db: DuckDBConnection): Promise<void> {
  for (const [key, column] of Object.entries(SLOT_TEXTS)) {
    const values = distinct(CELL_SLOTS.map((c) => c[key as keyof typeof SLOT_TEXTS]));
    await db.run(`CREATE TYPE _cell_${column} AS ENUM (${values.map(literal).join(', ')})`);
  }
  await db.run(`CREATE TYPE _cell_flag AS ENUM (${FLAGS.map(literal).join(', ')})`);
}

async function dropTypes(db: DuckDBConnection): Promise<void> {
  for (const column of [...Object.values(SLOT_TEXTS), 'flag']) await db.run(`DROP TYPE IF EXISTS _cell_${column}`);
}

/** The cells of `reports` (the staged reports table, in report_id order), in cells.parquet's columns and order; needs createTypes. */
export function cellsSql(reports: string): string {
  const s = CELL_SLOTS;
  const text = (key: keyof typeof SLOT_TEXTS) => `unnest([${s.map((c) => literal(c[key])).join(', ')}]::_cell_${SLOT_TEXTS[key]}[]) AS ${SLOT_TEXTS[key]}`;
  const ints = (key: 'row' | 'col', name: string) => `unnest([${s.map((c) => c[key]).join(', ')}]::INTEGER[]) AS ${name}`;
  return `SELECT report_id, file, table_name, row_index, row_key, col_index, col_key, field, value, raw,
      (CASE WHEN rule IS NOT NULL THEN 'derived' WHEN value IS NULL THEN 'missing' ELSE 'stated' END)::_cell_flag AS flag,
      rule, label_zh, label_en, line, char_start, char_end
    FROM (
      SELECT report_id, file, ${text('table')}, ${ints('row', 'row_index')}, ${text('rowKey')}, ${ints('col', 'col_index')}, ${text('colKey')},
        ${text('field')}, unnest([${s.map((c) => `"${c.field}"::DOUBLE`).join(', ')}]) AS value,
        unnest(from_json(_raws, '["VARCHAR"]')) AS raw,
        unnest(coalesce(from_json(_rules, '["VARCHAR"]'), []::VARCHAR[])) AS rule,
        ${text('zh')}, ${text('en')},
        unnest(coalesce(spans[1], []::INTEGER[])) AS line, unnest(coalesce(spans[2], []::INTEGER[])) AS char_start,
        unnest(coalesce(spans[3], []::INTEGER[])) AS char_end
      FROM (SELECT *, from_json(_spans, '[["INTEGER"]]') AS spans FROM ${reports})
    )`;
}

/**
 * cells.parquet, in order, with `copy(select)` (the build's COPY to Parquet): run it on one thread,
 * which reads the reports in report_id order.
 */
export async function writeCells(db: DuckDBConnection, reports: string, copy: (select: string) => Promise<void>): Promise<void> {
  await createTypes(db);
  try {
    await copy(cellsSql(reports));
  } finally {
    await dropTypes(db);
  }
}
