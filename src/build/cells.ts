// cells.parquet: one row per template cell of every report, from the staged reports table.
//
// The value is the report's column of that cell; the raw text, the rule and the place in the text
// come from the JSON the parsing thread stored (_raws, _rules, _spans); where a cell sits in the
// template comes from the _slots table, joined on the slot: three times less work than indexing
// constant lists per row. The reports table is in report_id order (loaded so, a group of buckets
// at a time): read on one thread (a join does not keep DuckDB's order across threads), the cells
// come out in order with nothing sorted or held (sorting here needed a memory limit of 1 GB at
// 100,000 reports).
//
// The template's text columns (table, row and column keys, field, labels) and the flag are ENUMs
// in the query: Parquet's writer then takes each row's dictionary index as it is instead of
// hashing its string (the file holds the same strings, read back as VARCHAR, by DuckDB-wasm too).
// On 12,403 staged reports (2.8M cells, one thread) the COPY took 1.4–1.6 CPU s against 2.5 with
// VARCHARs; the codec was not the cost (the same cells uncompressed: 2.8 CPU s, zstd 2.9).
import type { DuckDBConnection } from '@duckdb/node-api';
import { CELL_SLOTS } from './rows.ts';

/** The template's text columns, each an ENUM of its values (`_cell_<column>`). */
const SLOT_TEXTS = ['table_name', 'row_key', 'col_key', 'field', 'label_zh', 'label_en'] as const;
const FLAGS = ['stated', 'derived', 'missing'] as const;

/** The template's cells as the table _slots (slot = index in CELL_SLOTS), its text columns ENUMs, and the type _cell_flag. */
async function createSlots(db: DuckDBConnection): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE _slot_texts (slot BIGINT, table_name VARCHAR, row_index INTEGER, row_key VARCHAR,
    col_index INTEGER, col_key VARCHAR, field VARCHAR, label_zh VARCHAR, label_en VARCHAR)`);
  const a = await db.createAppender('_slot_texts');
  CELL_SLOTS.forEach((c, i) => {
    a.appendBigInt(BigInt(i));
    a.appendVarchar(c.table);
    a.appendInteger(c.row);
    a.appendVarchar(c.rowKey);
    a.appendInteger(c.col);
    a.appendVarchar(c.colKey);
    a.appendVarchar(c.field);
    a.appendVarchar(c.zh);
    a.appendVarchar(c.en);
    a.endRow();
  });
  a.closeSync();
  // The values from the table, not spliced into SQL (labels hold any text).
  for (const c of SLOT_TEXTS) await db.run(`CREATE TYPE _cell_${c} AS ENUM (SELECT DISTINCT ${c} FROM _slot_texts WHERE ${c} IS NOT NULL ORDER BY ${c})`);
  await db.run(`CREATE TYPE _cell_flag AS ENUM (${FLAGS.map((f) => `'${f}'`).join(', ')})`);
  await db.run(`CREATE OR REPLACE TEMP TABLE _slots AS SELECT slot, row_index, col_index,
      ${SLOT_TEXTS.map((c) => `${c}::_cell_${c} AS ${c}`).join(', ')}
    FROM _slot_texts ORDER BY slot`);
  await db.run('DROP TABLE _slot_texts');
}

async function dropSlots(db: DuckDBConnection): Promise<void> {
  await db.run('DROP TABLE IF EXISTS _slot_texts');
  await db.run('DROP TABLE IF EXISTS _slots');
  for (const c of [...SLOT_TEXTS, 'flag']) await db.run(`DROP TYPE IF EXISTS _cell_${c}`);
}

/** The cells of `reports` (the staged reports table, in report_id order), in cells.parquet's columns and order. */
export function cellsSql(reports: string): string {
  const s = CELL_SLOTS;
  const values = s.map((c) => `"${c.field}"::DOUBLE`).join(', ');
  return `SELECT u.report_id, u.file, s.table_name, s.row_index, s.row_key, s.col_index, s.col_key, s.field,
      u.value, u.raw,
      (CASE WHEN u.rule IS NOT NULL THEN 'derived' WHEN u.value IS NULL THEN 'missing' ELSE 'stated' END)::_cell_flag AS flag,
      u.rule, s.label_zh, s.label_en,
      u.span[1] AS line, u.span[2] AS char_start, u.span[3] AS char_end
    FROM (
      SELECT report_id, file, unnest(range(${s.length})) AS slot, unnest([${values}]) AS value,
        unnest(from_json(_raws, '["VARCHAR"]')) AS raw,
        unnest(coalesce(from_json(_rules, '["VARCHAR"]'), []::VARCHAR[])) AS rule,
        unnest(coalesce(from_json(_spans, '[["INTEGER"]]'), []::INTEGER[][])) AS span
      FROM ${reports}
    ) u JOIN _slots s ON s.slot = u.slot`;
}

/**
 * cells.parquet, in order, with `copy(select)` (the build's COPY to Parquet): run it on one thread,
 * which reads the reports in report_id order and probes the join in turn.
 */
export async function writeCells(db: DuckDBConnection, reports: string, copy: (select: string) => Promise<void>): Promise<void> {
  await createSlots(db);
  try {
    await copy(cellsSql(reports));
  } finally {
    await dropSlots(db);
  }
}
