// src/main.ts mounts the app once `early` settles (src/app/early-view.ts earlyFor): it must settle,
// never reject, whatever the files the link asks for hold, or the page would stay blank.
import { afterAll, expect, it, vi } from 'vitest';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
vi.stubGlobal('fetch', (url: string) => {
  // A summaries file whose rows cannot be read (cellsOf throws on a row that is not a list).
  if (url.endsWith('cube/regions.json')) return Promise.resolve(json({ version: 1, measures: ['reports'], rows: [null] }));
  return Promise.resolve(new Response('missing', { status: 404 }));
});
afterAll(() => vi.unstubAllGlobals());

it('settles, not rejects, when regions.json cannot be read', async () => {
  const { earlyFor } = await import('../src/app/early-view.ts');
  // A link drawn from a province's cities: waits for regions.json to be read, which throws here.
  // (Settled by the read, not by the EARLY_WAIT_MS cap: rejecting beats the cap's timer.)
  await expect(earlyFor('?province=%E7%94%B2%E7%9C%81&group=city')).resolves.toBeUndefined();
});
