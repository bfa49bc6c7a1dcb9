// A link drawn from one province's cities (?province=…&group=city) asks for that province's cities
// file the moment regions.json is read (cube.want, called by src/app/early-view.ts at the script's
// start), not once a view has mounted and asked for the cells: no view asks here.
import { afterAll, expect, it, vi } from 'vitest';

const asked: string[] = [];
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
let releaseRegions: () => void = () => {};
vi.stubGlobal('fetch', (url: string) => {
  asked.push(url.split('/').pop()!);
  if (url.endsWith('cube/regions.json')) {
    return new Promise<Response>((resolve) => (releaseRegions = () => resolve(json({ version: 1, measures: ['reports'], keys: ['province', 'year', 'level', 'kind'], provinces: ['甲省', '乙省', '丙省'], rows: [['乙省', 2024, null, null, 3]] }))));
  }
  if (url.endsWith('cube/cities-1.json')) return Promise.resolve(json({ version: 1, measures: ['reports'], keys: ['city', 'year', 'level', 'kind'], province: '乙省', rows: [['乙市', 2024, null, null, 3]] }));
  return Promise.resolve(new Response('missing', { status: 404 }));
});
afterAll(() => vi.unstubAllGlobals());
const settle = () => new Promise((r) => setTimeout(r, 10));

it('asks for the wanted province\'s cities file as soon as regions.json arrives, and only that one', async () => {
  const { cube } = await import('../src/app/cube.svelte.ts');
  cube.want(null); // not drawn from cities: nothing
  cube.want({ cells: 'regions' });
  expect(asked).toEqual([]);
  cube.want({ cells: 'cities', province: '乙省' });
  expect(asked).toEqual(['regions.json']); // the province's index is in regions.json
  releaseRegions();
  await settle();
  expect(asked).toEqual(['regions.json', 'cities-1.json']);
  // The views then find the cells there, without asking again.
  expect(cube.cells({ cells: 'cities', province: '乙省' })?.map((c) => [c.province, c.city, c.sums.reports])).toEqual([['乙省', '乙市', 3]]);
  expect(asked).toEqual(['regions.json', 'cities-1.json']);
  // Wanted once regions.json is here: at once.
  cube.want({ cells: 'cities', province: '丙省' });
  expect(asked).toEqual(['regions.json', 'cities-1.json', 'cities-2.json']);
});
