// The page's store of the build's summaries (src/app/cube.svelte.ts) says whether the summaries
// will answer a question (`coming`), so the filter counts wait for a province's cities file rather
// than ask the database; a file that failed must say no, else the counts would wait for ever.
import { afterAll, expect, it, vi } from 'vitest';

const held: { resolve?: (r: Response) => void } = {};
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const cityFile = (province: string) => ({ version: 1, measures: ['reports'], keys: ['city', 'year', 'level', 'kind'], province, rows: [['甲市', 2024, null, null, 3]] });
vi.stubGlobal('fetch', (url: string) => {
  if (url.endsWith('cube/regions.json')) return Promise.resolve(json({ version: 1, measures: ['reports'], keys: ['province', 'year', 'level', 'kind'], provinces: ['甲省', '乙省'], rows: [['甲省', 2024, null, null, 3]] }));
  if (url.endsWith('cube/cities-0.json')) return new Promise<Response>((resolve) => (held.resolve = resolve));
  return Promise.resolve(new Response('missing', { status: 404 }));
});
afterAll(() => vi.unstubAllGlobals());

const settle = () => new Promise((r) => setTimeout(r, 10));

it('says the summaries will answer while a file is on its way, and not once it failed', async () => {
  const { cube } = await import('../src/app/cube.svelte.ts');
  const first = { cells: 'cities', province: '甲省' } as const;
  const second = { cells: 'cities', province: '乙省' } as const;
  expect(cube.coming(first)).toBe(false); // regions.json not here: unknown
  cube.load();
  await settle();
  expect(cube.coming({ cells: 'regions' })).toBe(true);
  expect(cube.coming({ cells: 'cities', province: '丙省' })).toBe(true); // no file: the answer is "no reports"
  expect(cube.cells(first)).toBeNull(); // asks for cities-0.json, held
  expect(cube.coming(first)).toBe(true);
  expect(cube.cells(second)).toBeNull(); // cities-1.json: 404
  await settle();
  expect(cube.coming(second)).toBe(false);
  expect(cube.cells(second)).toBeNull();
  held.resolve!(json(cityFile('甲省')));
  await settle();
  expect(cube.cells(first)?.map((c) => [c.province, c.city, c.sums.reports])).toEqual([['甲省', '甲市', 3]]);
  expect(cube.coming(first)).toBe(true);
});
