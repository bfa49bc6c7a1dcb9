// An oracle for the numbers of the agency page and the compare view, written apart from the app:
// plain JavaScript over the rows of facts.parquet (read with node DuckDB, SELECT * only), by the
// rules the README states (outcome groups, the minimum samples, quartiles by linear interpolation,
// a percentile as the share of rated peers at or below). It imports nothing of src/.
import { DuckDBInstance } from '@duckdb/node-api';
export type Row = Record<string, any>;
export async function loadFacts(dir: string): Promise<Row[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(`SELECT * FROM read_parquet('${dir}/data/facts.parquet')`);
  return r.getRowObjectsJson().map((o: any) => { for (const k in o) if (typeof o[k] === 'string' && /^(t3_|t4_|t2_|processing|year)/.test(k)) o[k] = Number(o[k]); return o; });
}
const sum = (...xs: (number | null)[]) => (xs.some((x) => x === null || x === undefined) ? null : xs.reduce((a, b) => a! + b!, 0));
export function groups(r: Row) {
  const refused = sum(...['state_secret', 'prohibited', 'three_safeties', 'third_party', 'internal_affairs', 'process_info', 'enforcement_files', 'query_matters'].map((k) => r[`t3_refused_${k}_total`]));
  const unable = sum(...['not_held', 'needs_creation', 'unclear'].map((k) => r[`t3_unable_${k}_total`]));
  const not_handled = sum(...['complaint', 'repeated', 'publications', 'vexatious', 'confirmation'].map((k) => r[`t3_not_handled_${k}_total`]));
  const other = sum(r.t3_other_no_correction_total, r.t3_other_fee_unpaid_total, r.t3_other_other_total) ?? r.t3_other_total_total ?? null;
  return { granted: r.t3_granted_total ?? null, partly_granted: r.t3_partly_granted_total ?? null, refused, unable, not_handled, other };
}
export const KEYS = ['granted', 'partly_granted', 'refused', 'unable', 'not_handled', 'other'] as const;
export function derived(r: Row) {
  const g = groups(r);
  const osum = sum(...KEYS.map((k) => g[k]));
  const handled = r.t3_total_handled_total ?? null;
  const recon = r.t4_reconsideration_total ?? null;
  const laws = sum(r.t4_lawsuit_direct_total, r.t4_lawsuit_after_reconsideration_total);
  const disputes = sum(recon, laws);
  const corrected = sum(r.t4_reconsideration_corrected, r.t4_lawsuit_direct_corrected, r.t4_lawsuit_after_reconsideration_corrected);
  const pending = sum(r.t4_reconsideration_pending, r.t4_lawsuit_direct_pending, r.t4_lawsuit_after_reconsideration_pending);
  const concluded = disputes === null || pending === null ? null : disputes - pending;
  const share = (k: (typeof KEYS)[number]) => ({ v: g[k] === null || osum === null || osum === 0 ? null : (g[k]! * 100) / osum, n: osum, min: 10 });
  return {
    g, osum, handled, recon, laws, disputes, corrected, concluded, pending,
    m: {
      share_granted: share('granted'), share_refused: share('refused'), share_partly_granted: share('partly_granted'), share_unable: share('unable'), share_not_handled: share('not_handled'), share_other: share('other'),
      disputes_per_100: { v: disputes === null || !handled ? null : (disputes * 100) / handled, n: handled, min: 10 },
      reconsiderations_per_100: { v: recon === null || !handled ? null : (recon * 100) / handled, n: handled, min: 10 },
      lawsuits_per_100: { v: laws === null || !handled ? null : (laws * 100) / handled, n: handled, min: 10 },
      corrected_share: { v: corrected === null || !concluded ? null : (corrected * 100) / concluded, n: concluded, min: 5 },
      fees_10k_yuan: { v: r.t2_fees_10k_yuan ?? null, n: null, min: 0 },
      processing_fee_yuan: { v: r.processing_fee_yuan ?? null, n: null, min: 0 },
    } as Record<string, { v: number | null; n: number | null; min: number }>,
  };
}
export function state(x: { v: number | null; n: number | null; min: number }, amount: boolean): 'value' | 'too_few' | 'not_stated' {
  if (amount) return x.v === null ? 'not_stated' : 'value';
  if (x.n !== null && x.n >= x.min && x.v !== null) return 'value';
  if (x.n !== null && x.n < x.min) return 'too_few';
  return 'not_stated';
}
export function quantile(sorted: number[], p: number): number {
  const pos = (sorted.length - 1) * p; const lo = Math.floor(pos); const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
export const charted = (r: Row) => r.status !== 'failed' && (r.superseded_by === null || r.superseded_by === undefined);
/** A displayed number back to a number (null if none). */
export function shown(text: string): number | null {
  const m = text.replace(/,/g, '').match(/-?[\d.]+/);
  return m ? Number(m[0]) : null;
}
export function close(a: number | null, b: number | null, digits: number): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 0.5 * 10 ** -digits + 1e-9;
}
