// Atomic publish (issue 12): `build:data` killed (SIGKILL, no clean-up) at each stage leaves the
// output entirely the old build or entirely the new one, nothing under the output's folder
// (public/), and the next build removes what the killed one left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildData, type BuildStage } from '../src/build/build.ts';
import { currentBuild, prepareStore } from '../src/build/publish.ts';
import { ROOT } from './helpers.ts';

const STAGES: BuildStage[] = ['started', 'parsed', 'staged', 'parquet', 'summary', 'cache', 'closed', 'renamed', 'linked', 'switched'];
const OLD = ['000_91b38fa976f5289e.txt'];
const NEW = ['001_0f68198b50857d74.txt', '002_54ed621f2e25daf5.txt'];

let root: string;

function reportsFolder(name: string, files: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const f of files) copyFileSync(join(ROOT, 'data', 'reports', f), join(dir, f));
  return dir;
}

interface Snapshot {
  summaryReports: number;
  summaryFiles: string[];
  reports: string[];
  facts: number;
  checks: number;
  sources: number;
}

/** What an output holds, each part read on its own (summary.json, each Parquet with SQL, sources/). */
async function snapshot(out: string): Promise<Snapshot> {
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { reports: number; overview: { report_id: string }[]; failed: unknown[] };
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const q = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
    const parquet = (name: string) => `read_parquet('${join(out, name)}')`;
    return {
      summaryReports: summary.reports,
      summaryFiles: summary.overview.map((o) => o.report_id).sort(),
      reports: (await q(`SELECT report_id FROM ${parquet('reports.parquet')} ORDER BY report_id`)).map((r) => String(r.report_id)),
      facts: Number((await q(`SELECT COUNT(*) AS n FROM ${parquet('facts.parquet')}`))[0].n),
      checks: Number((await q(`SELECT COUNT(DISTINCT report_id) AS n FROM ${parquet('checks.parquet')}`))[0].n),
      sources: readdirSync(join(out, 'sources')).length,
    };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

function killedBuild(reports: string, out: string, store: string, stage: BuildStage): Promise<number | null> {
  return new Promise((resolve) => {
    // node with tsx's loader (not tsx's command, which would run a second process).
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-data.ts'),
      '--reports', reports, '--out', out, '--store', store, '--no-cache', '--threads', '0', '--db-memory', '96'],
    { cwd: ROOT, env: { ...process.env, BUILD_DATA_KILL_AT: stage }, stdio: 'ignore' });
    child.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? 137 : code));
  });
}

let oldSnap: Snapshot;
let newSnap: Snapshot;
let template: string;
const killed = new Map<BuildStage, number | null>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'publish-'));
  const oldReports = reportsFolder('old-reports', OLD);
  const newReports = reportsFolder('new-reports', NEW);
  // The old output, copied for each stage; the new one as a complete build makes it.
  template = join(root, 'template');
  await buildData({ reportsDir: oldReports, outDir: join(template, 'public', 'data'), storeDir: join(template, 'store'), threads: 0 });
  oldSnap = await snapshot(join(template, 'public', 'data'));
  const whole = join(root, 'whole');
  await buildData({ reportsDir: newReports, outDir: join(whole, 'public', 'data'), storeDir: join(whole, 'store'), threads: 0 });
  newSnap = await snapshot(join(whole, 'public', 'data'));
  expect(oldSnap).not.toEqual(newSnap);
  // Kill a build at every stage, a few at a time.
  const queue = [...STAGES];
  const run = async () => {
    for (let stage = queue.shift(); stage; stage = queue.shift()) {
      const dir = join(root, stage);
      cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
      killed.set(stage, await killedBuild(newReports, join(dir, 'public', 'data'), join(dir, 'store'), stage));
    }
  };
  await Promise.all([run(), run(), run()]);
}, 300_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('build:data killed at each stage', () => {
  for (const stage of STAGES) {
    it(`at "${stage}": the output is the whole old or the whole new build, and the next build clears what it left`, async () => {
      expect(killed.get(stage), 'the build was killed, not finished').toBe(137);
      const dir = join(root, stage);
      const out = join(dir, 'public', 'data');
      const snap = await snapshot(out);
      const published = ['switched'].includes(stage);
      expect(snap).toEqual(published ? newSnap : oldSnap);
      // Nothing but the output under public/.
      expect(readdirSync(join(dir, 'public'))).toEqual(['data']);
      expect(lstatSync(out).isSymbolicLink()).toBe(true);
      // The next build starts by removing the leftovers; the output stays as it was.
      prepareStore(out, join(dir, 'store'));
      const left = readdirSync(join(dir, 'store'));
      expect(left.filter((n) => n.startsWith('.')), 'temporary folders and links').toEqual([]);
      expect(left.map((n) => join(dir, 'store', n))).toEqual([currentBuild(out)]);
      expect(await snapshot(out)).toEqual(snap);
    }, 60_000);
  }
});
