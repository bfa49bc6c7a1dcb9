// manifest.csv as a person leaves it (hos17): saved by Excel on Chinese Windows (GBK), a FIFO,
// a folder of that name. The build reads it in the encoding it was saved in, never hangs on it,
// and says when it cannot use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildData } from '../src/build/build.ts';
import { removeOutput } from '../src/build/publish.ts';
import { ROOT } from './helpers.ts';

const GOOD = '000_91b38fa976f5289e.txt';
let root: string;
const outs: string[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'manifest-file-'));
});
afterAll(() => {
  for (const out of outs) removeOutput(out);
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A folder holding the seed report 000 and `manifest` as manifest.csv; its build's agency of 000 and warnings. */
async function build(name: string, manifest: (path: string) => void): Promise<{ agency: unknown; source: unknown; warnings: string[] }> {
  const dir = join(root, name);
  mkdirSync(dir);
  copyFileSync(join(ROOT, 'data', 'reports', GOOD), join(dir, GOOD));
  manifest(join(dir, 'manifest.csv'));
  const out = join(root, `out-${name}`);
  outs.push(out);
  const { summary } = await buildData({ reportsDir: dir, outDir: out, threads: 0, cacheDir: null });
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const [row] = (await db.runAndReadAll(`SELECT agency, agency_source FROM read_parquet('${join(out, 'reports.parquet')}')`)).getRowObjectsJS();
    return { agency: row.agency, source: row.agency_source, warnings: summary.warnings };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

const CSV = `file,agency,year,region_code,source_url\n${GOOD},嘉兴市人民政府办公室（清单）,2024,330400,\n`;

describe('manifest.csv as it is saved', () => {
  it('in GBK (Excel on Chinese Windows) is read as GBK, not applied as mojibake', async () => {
    // GBK bytes of CSV, written out by hand from GB18030 (a superset): TextEncoder only writes UTF-8.
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: CSV });
    const got = await build('gbk', (path) => writeFileSync(path, gbk));
    expect(got).toEqual({ agency: '嘉兴市人民政府办公室（清单）', source: 'manifest', warnings: [] });
  }, 60_000);

  it('in UTF-16 with a BOM (Excel\'s "Unicode text") is read too', async () => {
    const got = await build('utf16', (path) => writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, 'utf16le')])));
    expect(got).toMatchObject({ agency: '嘉兴市人民政府办公室（清单）', source: 'manifest' });
  }, 60_000);

  it('a FIFO of that name does not hang the build: it is not used, and a warning says why', async () => {
    const got = await build('fifo', (path) => execFileSync('mkfifo', [path]));
    expect(got.source).not.toBe('manifest');
    expect(got.warnings.join('\n')).toMatch(/manifest\.csv cannot be read \(not a regular file/);
  }, 60_000);

  it('a folder of that name is not used, and a warning says so (it was silently ignored)', async () => {
    const got = await build('folder', (path) => mkdirSync(path));
    expect(got.source).not.toBe('manifest');
    expect(got.warnings.join('\n')).toMatch(/manifest\.csv cannot be read/);
  }, 60_000);

  it('in UTF-8 is read exactly as before', async () => {
    const got = await build('utf8', (path) => writeFileSync(path, CSV));
    expect(got).toEqual({ agency: '嘉兴市人民政府办公室（清单）', source: 'manifest', warnings: [] });
    expect(readFileSync(join(root, 'utf8', 'manifest.csv'), 'utf8')).toBe(CSV);
  }, 60_000);
});
