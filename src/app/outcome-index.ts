// The outcomes list (outcomesByAgency: one page of reports in the order of a share, of the
// applications handled, or of the agency's name) answered in the page, without a query on each
// filter change. At 100,000 reports that query took 30–250 ms in the DuckDB worker (most of a
// filter change); here a page is a walk along a precomputed order, a few milliseconds.
//
// The index holds, once, every report the list can show (outcomeIndexQuery: not failed, not
// superseded, every outcome group stated), in DuckDB's own `ORDER BY agency, report_id` — so the
// last tie-breakers of every sort are DuckDB's string order, not JavaScript's. The other keys are
// numbers, compared here as the SQL compares them: `count::DOUBLE / NULLIF(outcome_sum, 0)` is
// the same IEEE division, NULLs last. The name search (`q`) is not answered here (DuckDB's
// lower() and contains() decide it): null, and the view asks the database.
// Pure: tests/outcome-index.test.ts checks it against SQL written in the test on facts.parquet.
import { nameTerms } from '../db/search.ts';
import { MIN_APPLICATIONS_FOR_RATE, type Filters, type OutcomeRow, type OutcomeSort } from '../db/queries.ts';
import { OUTCOME_GROUPS, type OutcomeGroup } from '../format/schema.ts';

/** Above this many reports the index is not built (its one fetch and its memory grow with N): the list stays SQL. */
export const OUTCOME_INDEX_MAX_REPORTS = 300_000;

const TEXT_FILTERS = ['province', 'city', 'county', 'level', 'kind'] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];
const GROUPS: OutcomeGroup[] = OUTCOME_GROUPS.map((g) => g.key);

/** A column of strings as codes (-1: NULL) and the code of each value. */
interface Coded {
  codes: Int32Array;
  code: Map<string, number>;
}

export interface OutcomeIndex {
  size: number;
  reportId: string[];
  agency: (string | null)[];
  /** NaN: NULL. */
  year: Float64Array;
  handled: Float64Array;
  counts: Record<OutcomeGroup, Float64Array>;
  sum: Float64Array;
  text: Record<TextFilter, Coded>;
  /** Each sort's order (positions in the index), made on first use. */
  orders: Map<OutcomeSort, Uint32Array>;
}

export type OutcomeIndexRow = OutcomeRow & { outcome_sum: number };

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** The index from the rows of outcomeIndexQuery() (in their order: agency, report_id). */
export function buildOutcomeIndex(rows: readonly Record<string, unknown>[]): OutcomeIndex {
  const size = rows.length;
  const floats = () => new Float64Array(size);
  const year = floats();
  const handled = floats();
  const sum = floats();
  const counts = Object.fromEntries(GROUPS.map((g) => [g, floats()])) as Record<OutcomeGroup, Float64Array>;
  const text = Object.fromEntries(TEXT_FILTERS.map((k) => [k, { codes: new Int32Array(size), code: new Map<string, number>() }])) as Record<TextFilter, Coded>;
  const reportId: string[] = new Array(size);
  const agency: (string | null)[] = new Array(size);
  rows.forEach((r, i) => {
    reportId[i] = String(r.report_id);
    agency[i] = r.agency === null || r.agency === undefined ? null : String(r.agency);
    year[i] = num(r.year);
    handled[i] = num(r.handled);
    sum[i] = num(r.outcome_sum);
    for (const g of GROUPS) counts[g][i] = num(r[g]);
    for (const k of TEXT_FILTERS) {
      const v = r[k];
      const column = text[k];
      if (v === null || v === undefined) column.codes[i] = -1;
      else {
        const s = String(v);
        let c = column.code.get(s);
        if (c === undefined) column.code.set(s, (c = column.code.size));
        column.codes[i] = c;
      }
    }
  });
  return { size, reportId, agency, year, handled, counts, sum, text, orders: new Map() };
}

/** DESC NULLS LAST (NaN is NULL); 0 when equal. */
function descNullsLast(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return a === b ? 0 : a < b ? 1 : -1;
}

/** The positions of the index in the order of outcomesByAgency's ORDER BY for `sort`. */
export function orderOf(index: OutcomeIndex, sort: OutcomeSort): Uint32Array {
  const made = index.orders.get(sort);
  if (made) return made;
  const order = new Uint32Array(index.size);
  for (let i = 0; i < index.size; i++) order[i] = i;
  // Position order is `agency, report_id` (the index's own order): the last key of every sort.
  if (sort === 'handled') {
    const h = index.handled;
    order.sort((a, b) => descNullsLast(h[a], h[b]) || a - b);
  } else if (sort !== 'agency') {
    const n = index.size;
    const share = new Float64Array(n);
    const rated = new Uint8Array(n);
    const count = index.counts[sort];
    const sum = index.sum;
    for (let i = 0; i < n; i++) {
      share[i] = sum[i] === 0 ? NaN : count[i] / sum[i];
      rated[i] = sum[i] >= MIN_APPLICATIONS_FOR_RATE ? 1 : 0;
    }
    order.sort((a, b) => rated[b] - rated[a] || descNullsLast(share[a], share[b]) || descNullsLast(sum[a], sum[b]) || a - b);
  }
  index.orders.set(sort, order);
  return order;
}

function rowAt(index: OutcomeIndex, i: number): OutcomeIndexRow {
  const row = {
    report_id: index.reportId[i], agency: index.agency[i], year: orNull(index.year[i]), handled: orNull(index.handled[i]),
  } as OutcomeIndexRow;
  for (const g of GROUPS) row[g] = orNull(index.counts[g][i]);
  row.outcome_sum = index.sum[i];
  return row;
}

/**
 * outcomesByAgency(filters, sort, limit, offset)'s rows, or null when the index cannot answer
 * (a name search).
 */
export function indexOutcomes(index: OutcomeIndex, filters: Filters, sort: OutcomeSort, limit: number, offset: number): OutcomeIndexRow[] | null {
  if (nameTerms(filters.q).length) return null;
  const tests: { codes: Int32Array; code: number }[] = [];
  for (const key of TEXT_FILTERS) {
    const value = filters[key];
    if (value === null || value === '') continue;
    const code = index.text[key].code.get(String(value));
    if (code === undefined) return [];
    tests.push({ codes: index.text[key].codes, code });
  }
  const year = filters.year === null ? null : Number(filters.year);
  const order = orderOf(index, sort);
  const out: OutcomeIndexRow[] = [];
  let skip = Math.max(0, offset);
  for (let k = 0; k < order.length && out.length < limit; k++) {
    const i = order[k];
    if (year !== null && index.year[i] !== year) continue;
    let ok = true;
    for (const t of tests) {
      if (t.codes[i] !== t.code) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (skip > 0) skip--;
    else out.push(rowAt(index, i));
  }
  return out;
}
