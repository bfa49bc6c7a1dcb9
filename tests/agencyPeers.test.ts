// agencyPeers (src/db/agencies.ts) on the built samples plus 平潭 2024 filed twice: N of the 2024
// prefecture offices (嘉兴, 南昌, 长沙) by hand — 3 peers, too few reports for quartiles or a
// percentile (MIN_REPORTS_FOR_DISTRIBUTION; the quartiles over 5 and 6 peers are worked by hand in
// tests/reports-minimum.test.ts) — the minimum sample (昌吉, 7 applications, is alone of its kind
// and too few to rate), and the superseded copy is no peer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { agencyPeers, agencySeries } from '../src/db/agencies.ts';
import { measureOf } from '../src/db/distribution.ts';
import { measureState } from '../src/views/agencyYears.ts';
import type { Query } from '../src/db/queries.ts';

let root: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;
const ids: Record<string, string> = {};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'peers-'));
  const reports = join(root, 'reports');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(reports);
  for (const f of readdirSync('data/reports')) copyFileSync(join('data/reports', f), join(reports, f));
  for (const f of ['pingtan-2024.html', 'pingtan-2024.txt']) copyFileSync(join('tests/fixtures/corpus', f), join(reports, f));
  await buildData({ reportsDir: reports, outDir: join(root, 'out'), threads: 0 });
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run(`CREATE TABLE facts AS SELECT * FROM read_parquet('${join(root, 'out', 'facts.parquet')}')`);
  for (const r of (await db.runAndReadAll('SELECT file, report_id FROM facts')).getRowObjectsJS()) ids[String(r.file)] = String(r.report_id);
}, 120_000);
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
  if (root) rmSync(root, { recursive: true, force: true });
});

const run = async (q: Query) => (await db.runAndReadAll(q.sql, q.params as string[])).getRowObjectsJS().map((r) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

const JIAXING = '000_91b38fa976f5289e.txt';
const CHANGJI = '004_55d435d651c286e9.txt';

describe('agencyPeers', () => {
  it('counts N among the same year, level and kind, and over 3 peers gives no quartile and no percentile (too few reports)', async () => {
    const [row] = await run(agencyPeers(ids[JIAXING], 'national'));
    // Granted ÷ handled, in %: 嘉兴 17/129, 南昌 20/72, 长沙 10/108 (each report's outcomes add up to its total).
    expect(row.n_share_granted).toBe(3);
    expect(row.v_share_granted).toBeCloseTo((17 / 129) * 100, 9);
    expect([row.r_share_granted, row.few_share_granted]).toEqual([true, true]);
    // Over 3 values a quartile would be a midpoint of two of them, the percentile a step of 33 points: withheld.
    expect([row.q1_share_granted, row.median_share_granted, row.q3_share_granted, row.le_share_granted]).toEqual([null, null, null, null]);
    // In its province it is alone: N 1, nothing computed.
    const [zj] = await run(agencyPeers(ids[JIAXING], 'province'));
    expect([zj.n_share_granted, zj.few_share_granted, zj.median_share_granted, zj.le_share_granted]).toEqual([1, true, null, null]);
  });

  it('keeps the minimum sample: 7 applications are too few to rate, and then nothing is compared', async () => {
    const [row] = await run(agencyPeers(ids[CHANGJI], 'national'));
    expect([row.n_share_granted, row.r_share_granted, row.median_share_granted]).toEqual([0, false, null]);
    // An amount has no minimum sample: its fee (0 万元) counts (N 1), but one report is too few for a rank.
    expect([row.n_fees_10k_yuan, row.r_fees_10k_yuan, row.few_fees_10k_yuan, row.le_fees_10k_yuan]).toEqual([1, true, true, null]);
  });

  it('gives the report its own sample, so that 0 applications read as too few to rate, not as not stated', async () => {
    const m = measureOf('share_granted');
    const [row] = await run(agencyPeers(ids[CHANGJI], 'national'));
    expect([row.v_share_granted === null, row.b_share_granted]).toEqual([false, 7]);
    expect(measureState(m, row.v_share_granted as number, row.r_share_granted as boolean, row.b_share_granted as number)).toBe('too_few');
    // The same report stating 0 of everything in table 3: its share is NULL (0 / 0), its sample a stated 0.
    await db.run('BEGIN TRANSACTION');
    try {
      const t3 = (await db.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 'facts' AND column_name LIKE 't3_%'")).getRows().map((r) => String(r[0]));
      await db.run(`UPDATE facts SET ${t3.map((c) => `"${c}" = 0`).join(', ')} WHERE report_id = ?`, [ids[CHANGJI]]);
      const [zero] = await run(agencyPeers(ids[CHANGJI], 'national'));
      expect([zero.v_share_granted, zero.r_share_granted, zero.b_share_granted]).toEqual([null, false, 0]);
      expect(measureState(m, zero.v_share_granted as null, zero.r_share_granted as boolean, zero.b_share_granted as number)).toBe('too_few');
      // Not stated: no sample at all.
      expect(measureState(m, null, false, null)).toBe('not_stated');
    } finally {
      await db.run('ROLLBACK');
    }
  });

  it('counts the report filed twice once: the superseded copy is no peer and has no peers', async () => {
    const [row] = await run(agencyPeers(ids['pingtan-2024.html'], 'national'));
    expect(row.n_share_granted).toBe(1);
    const [copy] = await run(agencyPeers(ids['pingtan-2024.txt'], 'national'));
    expect(copy.n_share_granted).toBe(0);
    const series = await run(agencySeries('350128-平潭综合实验区管委会'));
    expect(series.map((r) => [r.file, r.superseded_by === null])).toEqual([['pingtan-2024.html', true], ['pingtan-2024.txt', false]]);
  });
});
