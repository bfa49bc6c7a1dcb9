// The cells made from the build's summaries (src/app/cube.ts cellsOf) keep their sums in V8's fast
// mode: made as `{}` and given its 39 keys one by one, every sums object went to dictionary mode, and
// making the cells of regions.json and a province's cities took 39–50 ms of CPU in a fresh page, on
// the way to its first chart, against 15–18 ms. Asked of V8 itself (%HasFastProperties) in a node
// started with --allow-natives-syntax.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SCRIPT = `
const { cellsOf, cubeGroupStats, CUBE_MEASURES } = await import(${JSON.stringify(resolve(ROOT, 'src/app/cube.ts'))});
const row = (p, y) => [p, y, null, null, ...CUBE_MEASURES.map((_, i) => i + y)];
const file = { version: 1, measures: [...CUBE_MEASURES], keys: ['province', 'year', 'level', 'kind'], rows: [row('甲省', 2023), row('乙省', 2024)] };
const cells = cellsOf(file);
const fast = cells.map((c) => eval('%HasFastProperties(c.sums)'));
const values = cells.map((c) => CUBE_MEASURES.map((m) => c.sums[m]));
console.log(JSON.stringify({ fast, keys: Object.keys(cells[0].sums), values }));
`;

it('makes every sums object in fast mode, its keys in CUBE_MEASURES order, its values the row’s', () => {
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { fast: boolean[]; keys: string[]; values: number[][] };
  expect(r.fast).toEqual([true, true]);
  expect(r.keys.length).toBeGreaterThan(30);
  // Row i's measure k is k + year (hand-made above).
  expect(r.values).toEqual([r.keys.map((_, k) => k + 2023), r.keys.map((_, k) => k + 2024)]);
});
