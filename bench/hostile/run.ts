// npm run bench:hostile [-- --test-size] [--case NAME]...
// Generates each hostile input of tests/hostile/cases.ts at the size the issue reported (or the
// tests' smaller size), parses it alone with `npm run parse` (a bounded parsing thread, default
// budgets) and prints the time and the peak memory (max RSS of the whole process, from
// /usr/bin/time) per case, with the status it got. Writes bench/hostile/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CASES } from '../../tests/hostile/cases.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { 'test-size': { type: 'boolean', default: false }, case: { type: 'string', multiple: true } } });
const full = !values['test-size'];
const chosen = CASES.filter((c) => !values.case?.length || values.case.includes(c.name));
const TIME = '/usr/bin/time';
const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));

interface Row { name: string; bytes: number; status: string; code: string | null; seconds: number; peak_mb: number | null; lines: number; before: string }
const rows: Row[] = [];
try {
  for (const c of chosen) {
    const path = join(dir, c.file);
    await c.write(path, full);
    const bytes = statSync(path).size;
    const command = [process.execPath, '--import', 'tsx', join(ROOT, 'scripts', 'parse.ts'), path];
    const timed = existsSync(TIME);
    const started = performance.now();
    const r = timed
      ? spawnSync(TIME, ['-f', '%M', ...command], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(command[0], command.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = (performance.now() - started) / 1000;
    const lines = r.stdout.split('\n').filter(Boolean);
    const record = lines.length ? JSON.parse(lines[0]) as { status: string; error: { code: string } | null } : null;
    const kb = timed ? Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1]) : NaN;
    rows.push({
      name: c.name, bytes, status: record?.status ?? `no output (exit ${r.status})`, code: record?.error?.code ?? null,
      seconds: Math.round(seconds * 100) / 100, peak_mb: Number.isFinite(kb) ? Math.round(kb / 1024) : null, lines: lines.length, before: c.before,
    });
    rmSync(path, { force: true });
    const row = rows[rows.length - 1];
    process.stdout.write(`${row.name.padEnd(34)} ${String(row.bytes).padStart(11)} B  ${`${row.status}${row.code ? ` (${row.code})` : ''}`.padEnd(26)} ${row.seconds.toFixed(2).padStart(7)} s  ${String(row.peak_mb ?? '?').padStart(5)} MB   before: ${row.before}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(join(ROOT, 'bench', 'hostile', 'results.json'), `${JSON.stringify({ measured_at: new Date().toISOString(), size: full ? 'issue' : 'test', note: 'wall time and max RSS of `node --import tsx scripts/parse.ts FILE` (process start, tsx and pdf.js loading included)', rows }, null, 2)}\n`);
