// SQL the tests write by hand, independently of the dashboard's queries: their oracle on facts.parquet.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** The outcome sum of a report, every column spelled out (null when any group is not stated). */
export const OUTCOMES = `(t3_granted_total + t3_partly_granted_total
  + (t3_refused_state_secret_total + t3_refused_prohibited_total + t3_refused_three_safeties_total + t3_refused_third_party_total
     + t3_refused_internal_affairs_total + t3_refused_process_info_total + t3_refused_enforcement_files_total + t3_refused_query_matters_total)
  + (t3_unable_not_held_total + t3_unable_needs_creation_total + t3_unable_unclear_total)
  + (t3_not_handled_complaint_total + t3_not_handled_repeated_total + t3_not_handled_publications_total + t3_not_handled_vexatious_total
     + t3_not_handled_confirmation_total)
  + COALESCE(t3_other_no_correction_total + t3_other_fee_unpaid_total + t3_other_other_total, t3_other_total_total))`;

/** Lawsuits of a report: direct and after reconsideration. */
export const SUITS = '(t4_lawsuit_direct_total + t4_lawsuit_after_reconsideration_total)';

/** Rows of a query as plain objects, BigInts as numbers. */
export async function rowsOf<T = Record<string, unknown>>(db: DuckDBConnection, text: string, params: DuckDBValue[] = []): Promise<T[]> {
  const reader = await db.runAndReadAll(text, params);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) as T[];
}
