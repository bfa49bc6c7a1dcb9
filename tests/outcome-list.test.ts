// The outcomes list read from its narrow table (queries.ts outcomeListTable, made in the page once
// the database is ready) against DuckDB SQL written in this file on a built corpus's facts.parquet
// (agencies filed twice, so superseded reports; a file that fails; generated reports with unstated
// cells and small samples): the same rows in the same order, for every sort, many filters and
// pages; and the same as the list's query on facts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { rowsOf } from './oracle.ts';
import { buildData } from '../src/build/build.ts';
import { writeRange } from '../src/gen/index.ts';
import { writeSeries } from '../src/gen/series.ts';
import { NO_FILTERS, OUTCOME_LIST_TABLE, outcomeListTable, outcomesByAgency, type Filters, type OutcomeSort, type Query } from '../src/db/queries.ts';

const F = (f: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...f });
const SORTS: OutcomeSort[] = ['granted', 'partly_granted', 'refused', 'unable', 'not_handled', 'other', 'handled', 'agency'];

// Each outcome group spelled out from table 3's columns (总计 column).
const GROUP_SQL: Record<string, string> = {
  granted: 't3_granted_total',
  partly_granted: 't3_partly_granted_total',
  refused: `(t3_refused_state_secret_total + t3_refused_prohibited_total + t3_refused_three_safeties_total + t3_refused_third_party_total
     + t3_refused_internal_affairs_total + t3_refused_process_info_total + t3_refused_enforcement_files_total + t3_refused_query_matters_total)`,
  unable: '(t3_unable_not_held_total + t3_unable_needs_creation_total + t3_unable_unclear_total)',
  not_handled: `(t3_not_handled_complaint_total + t3_not_handled_repeated_total + t3_not_handled_publications_total + t3_not_handled_vexatious_total
     + t3_not_handled_confirmation_total)`,
  other: 'COALESCE(t3_other_no_correction_total + t3_other_fee_unpaid_total + t3_other_other_total, t3_other_total_total)',
};

const ORDER: Record<string, string> = {
  handled: 'handled DESC NULLS LAST, agency, report_id',
  agency: 'agency, report_id',
};
const orderBy = (sort: OutcomeSort) =>
  ORDER[sort] ?? `(outcome_sum >= 10) DESC, ${sort}::DOUBLE / NULLIF(outcome_sum, 0) DESC NULLS LAST, outcome_sum DESC, agency, report_id`;

let db: DuckDBConnection;
const run = (q: Query) => rowsOf(db, q.sql, q.params as DuckDBValue[]);
const temps: string[] = [];

/** The list by hand: the filters as equalities, the reports that count, every group stated. */
async function expected(filters: Filters, sort: OutcomeSort, limit: number, offset: number) {
  const clauses: string[] = [];
  const params: DuckDBValue[] = [];
  for (const key of ['province', 'city', 'county', 'year', 'level', 'kind'] as const) {
    if (filters[key] === null) continue;
    clauses.push(`${key} = ?`);
    params.push(filters[key] as DuckDBValue);
  }
  const groups = Object.entries(GROUP_SQL).map(([k, sql]) => `${sql}::INTEGER AS ${k}`).join(', ');
  const sum = Object.keys(GROUP_SQL).map((k) => k).join(' + ');
  return rowsOf(db, `
    WITH r AS (
      SELECT report_id, agency, year, t3_total_handled_total::INTEGER AS handled, ${groups}
      FROM facts WHERE status <> 'failed' AND superseded_by IS NULL ${clauses.map((c) => `AND ${c}`).join(' ')}
    ), s AS (SELECT *, (${sum}) AS outcome_sum FROM r)
    SELECT report_id, agency, year, handled, granted, partly_granted, refused, unable, not_handled, other, outcome_sum::INTEGER AS outcome_sum
    FROM s WHERE outcome_sum IS NOT NULL
    ORDER BY ${orderBy(sort)} LIMIT ${limit} OFFSET ${offset}`, params);
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'outcome-index-in-'));
  temps.push(root);
  writeSeries({ out: root, agencies: 4, seed: 5 });
  const more = mkdtempSync(join(tmpdir(), 'outcome-index-more-'));
  temps.push(more);
  writeRange({ out: more, reports: 1400, seed: 17 }, 1000, 1400);
  renameSync(join(more, 'reports'), join(root, 'reports', 'more'));
  writeFileSync(join(root, 'reports', 'not-a-report.txt'), '这不是年报，没有表格。\n');
  const out = join(mkdtempSync(join(tmpdir(), 'outcome-index-out-')), 'data');
  temps.push(join(out, '..'));
  await buildData({ reportsDir: join(root, 'reports'), outDir: out });
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(out, 'facts.parquet')}')`);
  // In small slices, as the page makes it in larger ones: every row once, none lost at a slice's edge.
  const [{ n }] = await rowsOf<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM facts');
  const statements = outcomeListTable(n, 53);
  expect(statements.length).toBeGreaterThan(5);
  for (const sql of statements) await db.run(sql);
}, 300_000);

afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('the outcomes list from its narrow table', () => {
  it('holds the corpus the test means (superseded, failed, small and unstated reports among them)', async () => {
    const [c] = await rowsOf<{ superseded: number; failed: number; small: number; unstated: number; listed: number }>(db, `
      SELECT COUNT(*) FILTER (WHERE superseded_by IS NOT NULL) AS superseded, COUNT(*) FILTER (WHERE status = 'failed') AS failed,
        COUNT(*) FILTER (WHERE t3_granted_total < 10) AS small, COUNT(*) FILTER (WHERE t3_unable_unclear_total IS NULL) AS unstated,
        COUNT(*) AS listed FROM facts`);
    expect(c.superseded).toBeGreaterThan(0);
    expect(c.failed).toBeGreaterThan(0);
    expect(c.small).toBeGreaterThan(0);
    const [t] = await rowsOf<{ n: number }>(db, `SELECT COUNT(*) AS n FROM ${OUTCOME_LIST_TABLE}`);
    expect(t.n).toBeGreaterThan(100);
    expect(t.n).toBeLessThan(c.listed);
  });

  it('equals the SQL for every sort, filter and page', async () => {
    const values = async (column: string) =>
      (await rowsOf<{ v: string | number }>(db, `SELECT DISTINCT ${column} AS v FROM facts WHERE ${column} IS NOT NULL ORDER BY 1`)).map((r) => r.v);
    const provinces = (await values('province')) as string[];
    const years = (await values('year')) as number[];
    const levels = (await values('level')) as string[];
    const kinds = (await values('kind')) as string[];
    const [city] = await rowsOf<{ province: string; city: string }>(db, `SELECT province, city FROM facts WHERE city IS NOT NULL GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 2 LIMIT 1`);
    const [county] = await rowsOf<{ county: string }>(db, `SELECT county FROM facts WHERE county IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1`);
    const filters: Filters[] = [
      NO_FILTERS,
      ...provinces.slice(0, 4).map((province) => F({ province })),
      ...years.map((year) => F({ year })),
      ...levels.map((level) => F({ level: level as Filters['level'] })),
      ...kinds.map((kind) => F({ kind: kind as Filters['kind'] })),
      F({ province: city.province, city: city.city }),
      F({ county: county.county }),
      F({ province: provinces[0], year: years[years.length - 1], level: levels[0] as Filters['level'] }),
      F({ province: '不存在的省' }),
      F({ year: 1999 }),
    ];
    let compared = 0;
    for (const sort of SORTS) {
      for (const f of filters) {
        for (const [limit, offset] of [[50, 0], [7, 3]]) {
          const want = await expected(f, sort, limit, offset);
          const got = await run(outcomesByAgency(f, sort, limit, offset, true));
          expect(got, `${sort} ${JSON.stringify(f)} ${limit}/${offset}`).toEqual(want);
          expect(await run(outcomesByAgency(f, sort, limit, offset)), 'on facts').toEqual(want);
          compared += want.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('filters by name as the list on facts does', async () => {
    for (const q of ['市', '人民政府 局', '  ']) {
      expect(await run(outcomesByAgency(F({ q }), 'granted', 50, 0, true)), q).toEqual(await run(outcomesByAgency(F({ q }), 'granted', 50, 0)));
    }
  });
});
