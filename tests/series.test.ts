// Generated agency series (src/gen/series.ts) through the build: every carry-over break, missing
// year and duplicate filing the generator made on purpose (its truth, series.json) is found, and
// nothing else is flagged; renamed agencies and variant spellings keep one agency_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { writeSeries, withCarriedOver, type SeriesTruth } from '../src/gen/series.ts';
import { drawNumbers } from '../src/gen/numbers.ts';
import { pickAgency } from '../src/gen/agencies.ts';
import { Rng } from '../src/gen/prng.ts';
import { NO_FILTERS, countReports } from '../src/db/queries.ts';

describe('withCarriedOver', () => {
  it('sets 上年结转 and keeps every table 3 identity (plain arithmetic)', () => {
    const rng = new Rng(7, 3);
    for (let k = 0; k < 40; k++) {
      const drawn = drawNumbers(rng, pickAgency(rng));
      const carried = [0, 1, 2, 3, 4, 5].map(() => rng.int(0, 40));
      const t = withCarriedOver(drawn, carried).table3;
      expect(t[1].slice(0, 6)).toEqual(carried);
      for (let c = 0; c < 7; c++) {
        expect(t[0][c] + t[1][c], `column ${c}`).toBe(t[23][c] + t[24][c]);
        let outcomes = 0;
        for (let r = 2; r <= 22; r++) outcomes += t[r][c];
        expect(outcomes).toBe(t[23][c]);
      }
      for (const row of t) {
        expect(row[0] + row[1] + row[2] + row[3] + row[4] + row[5]).toBe(row[6]);
        for (const v of row) expect(v).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

type Row = Record<string, unknown>;

describe('a generated series corpus, built', () => {
  let root: string;
  let truth: SeriesTruth;
  let db: DuckDBConnection;
  let instance: DuckDBInstance;
  // The build names files relative to the reports folder; the truth relative to the corpus.
  const file = (path: string) => path.replace(/^reports\//, '');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'series-'));
    truth = writeSeries({ out: root, agencies: 12, seed: 3 });
    await buildData({ reportsDir: join(root, 'reports'), outDir: join(root, 'out'), threads: 0 });
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
    for (const t of ['facts', 'reports', 'checks']) await db.run(`CREATE TABLE ${t} AS SELECT * FROM read_parquet('${join(root, 'out', `${t}.parquet`)}')`);
  }, 120_000);
  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const all = async (sql: string, params: (string | number)[] = []): Promise<Row[]> =>
    (await db.runAndReadAll(sql, params)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

  it('made every kind of case (seed 3): breaks, gaps, identical and differing duplicates, renames, variant spellings', () => {
    expect(truth.breaks.length).toBeGreaterThan(0);
    expect(truth.missing.length).toBeGreaterThan(0);
    expect(truth.duplicates.some((d) => d.identical)).toBe(true);
    expect(truth.duplicates.some((d) => !d.identical)).toBe(true);
    expect(truth.agencies.some((a) => a.renamed)).toBe(true);
    expect(truth.agencies.some((a) => a.variant)).toBe(true);
  });

  it('gives each agency one agency_id over its years, renamed or spelled differently, and different agencies different ones', async () => {
    const rows = await all('SELECT file, agency_id, status FROM reports');
    const byFile = new Map(rows.map((r) => [r.file as string, r]));
    expect(rows.filter((r) => r.status === 'failed')).toEqual([]);
    const ids = truth.agencies.map((a) => new Set(a.files.map((f) => byFile.get(file(f.file))!.agency_id)));
    for (const set of ids) expect(set.size).toBe(1);
    // The id itself, as README documents it: the generator wrote it from how it built each name.
    expect(ids.map((s) => [...s][0])).toEqual(truth.agencies.map((a) => a.id));
    expect(new Set(ids.map((s) => [...s][0])).size).toBe(truth.agencies.length);
  });

  it('flags exactly the planned carry-over breaks, on both years, in the planned columns', async () => {
    const got = await all(`SELECT file, cell_refs FROM checks WHERE code = 'continuity.carry_over' ORDER BY file`);
    const expected = truth.breaks.flatMap((b) => [
      { file: file(b.before), cell_refs: b.columns.map((c) => `table3[24,${c}]`).join(';') },
      { file: file(b.after), cell_refs: b.columns.map((c) => `table3[1,${c}]`).join(';') },
    ]).sort((a, b) => (a.file < b.file ? -1 : 1));
    expect(got).toEqual(expected);
  });

  it('flags exactly the planned missing years, on both reports', async () => {
    const got = await all(`SELECT file FROM checks WHERE code = 'continuity.missing_year' ORDER BY file`);
    expect(got.map((r) => r.file)).toEqual(truth.missing.flatMap((m) => [file(m.before), file(m.after)]).sort());
  });

  it('charts one filing of each duplicate, supersedes the other, and flags both with the right code', async () => {
    const rows = await all('SELECT file, report_id, superseded_by FROM reports');
    const byFile = new Map(rows.map((r) => [r.file as string, r]));
    const superseded = new Set<string>();
    for (const d of truth.duplicates) {
      const members = d.files.map((f) => byFile.get(file(f))!);
      const charted = members.filter((m) => m.superseded_by === null);
      expect(charted).toHaveLength(1);
      for (const m of members) if (m !== charted[0]) {
        expect(m.superseded_by).toBe(charted[0].report_id);
        superseded.add(m.file as string);
      }
      const codes = await all(`SELECT DISTINCT file, code FROM checks WHERE code LIKE 'continuity.duplicate%' AND file IN (?, ?) ORDER BY file`, members.map((m) => m.file as string));
      expect(codes).toEqual(members.map((m) => ({ file: m.file, code: d.identical ? 'continuity.duplicate_identical' : 'continuity.duplicate' })).sort((a, b) => (String(a.file) < String(b.file) ? -1 : 1)));
    }
    expect(rows.filter((r) => r.superseded_by !== null).map((r) => r.file).sort()).toEqual([...superseded].sort());
    const flagged = await all(`SELECT DISTINCT file FROM checks WHERE code LIKE 'continuity.duplicate%' ORDER BY file`);
    expect(flagged.map((r) => r.file)).toEqual(truth.duplicates.flatMap((d) => d.files.map(file)).sort());
  });

  it('flags nothing else across reports, and counts each agency and year once', async () => {
    const codes = await all(`SELECT DISTINCT code FROM checks WHERE code LIKE 'continuity.%' ORDER BY code`);
    expect(codes.map((r) => r.code)).toEqual(['continuity.carry_over', 'continuity.duplicate', 'continuity.duplicate_identical', 'continuity.missing_year']);
    const agencyYears = new Set(truth.agencies.flatMap((a, i) => a.files.map((f) => `${i}:${f.year}`))).size;
    const files = truth.agencies.reduce((n, a) => n + a.files.length, 0);
    expect(agencyYears).toBe(files - truth.duplicates.length);
    const q = countReports(NO_FILTERS);
    expect((await all(q.sql, q.params as string[]))[0].n).toBe(agencyYears);
  });
});
