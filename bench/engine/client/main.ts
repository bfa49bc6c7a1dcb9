// Browser check of src/db/duckdb.ts (run by client-check.mjs under a strict same-origin CSP).
import { DbError, openDatabase } from '../../../src/db/duckdb';

const results: { name: string; ok: boolean; detail?: unknown }[] = [];
function check(name: string, ok: boolean, detail?: unknown) {
  results.push({ name, ok, detail });
}
async function rejects(name: string, p: () => Promise<unknown>, test: (e: any) => boolean) {
  try {
    await p();
    check(name, false, 'did not throw');
  } catch (e: any) {
    check(name, test(e), `${e?.name}: ${e?.message}`);
  }
}

async function main() {
  const stages: string[] = [];
  const t0 = performance.now();
  const db = await openDatabase({
    parquet: { reports: '/data/reports-10k.parquet', small: '/data/reports.parquet' },
    onProgress: (s) => stages.push(s),
  });
  check('open + progress', stages.at(-1) === 'ready', { stages, ms: Math.round(performance.now() - t0) });

  const [c] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM reports');
  check('COUNT(*) BIGINT -> number', c.n === 10000 && typeof c.n === 'number', c);
  const [s] = await db.query<{ h: number; d: number }>('SELECT SUM(c002) AS h, SUM(c002)::DOUBLE AS d FROM reports');
  check('SUM HUGEINT -> number', typeof s.h === 'number' && s.h === s.d, s);
  const [small] = await db.query<{ n: number }>('SELECT COUNT(*)::INTEGER AS n FROM small');
  check('second table', small.n === 5, small);

  const [lit] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM reports WHERE year = 2019 AND region = '北京市'");
  const [par] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM reports WHERE year = ? AND region = ?', [2019, '北京市']);
  check('bound parameters', lit.n === par.n && par.n > 0, { lit, par });
  const inj = await db.query('SELECT id FROM reports WHERE region = ?', ["北京市' OR 1=1 --"]);
  check('parameter is not spliced', inj.length === 0, inj.length);
  const g = await db.query<{ region: string; n: number; s: number }>(
    'SELECT region, COUNT(*) AS n, SUM(c010) AS s FROM reports WHERE year >= ? GROUP BY region ORDER BY region', [2019]);
  check('GROUP BY with Chinese text', g.length === 8 && g.every((r) => typeof r.s === 'number'), g.slice(0, 2));
  const [nul] = await db.query<{ v: unknown }>('SELECT c001 AS v FROM reports WHERE c001 IS NULL LIMIT 1');
  check('NULL stays null', nul.v === null, nul);

  const [v] = await db.query<any>(
    'SELECT (-5)::HUGEINT AS h, 12.345::DECIMAL(10,3) AS d, (-0.5)::DECIMAL(4,2) AS nd, [1, 2, 3]::BIGINT[] AS l, {\'a\': 1::BIGINT, \'b\': \'文\'} AS st, 1.5::DOUBLE AS f');
  check('decimal / hugeint / list / struct', v.h === -5 && v.d === 12.345 && v.nd === -0.5 &&
    JSON.stringify(v.l) === '[1,2,3]' && v.st.a === 1 && v.st.b === '文' && v.f === 1.5, v);
  const [safe] = await db.query<{ x: number }>('SELECT 9007199254740991::BIGINT AS x');
  check('MAX_SAFE_INTEGER ok', safe.x === Number.MAX_SAFE_INTEGER, safe);
  await rejects('BIGINT > MAX_SAFE_INTEGER throws', () => db.query('SELECT 9007199254740993::BIGINT AS x'),
    (e) => e instanceof DbError && /安全范围/.test(e.message));
  await rejects('HUGEINT overflow throws', () => db.query('SELECT 170141183460469231731687303715884105727::HUGEINT AS x'),
    (e) => e instanceof DbError);
  await rejects('bad param type', () => db.query('SELECT ?::INTEGER AS x', [1n as any]), (e) => e instanceof DbError);
  await rejects('SQL error passes through', () => db.query('SELECT nope FROM reports'), (e) => /nope/.test(e.message));

  await db.close();
  await rejects('query after close', () => db.query('SELECT 1'), (e) => e instanceof DbError);

  for (const [name, url] of [['missing', '/data/nope.parquet'], ['truncated', '/data/broken.parquet'],
    ['corrupt', '/data/corrupt.parquet'], ['html', '/']] as const) {
    await rejects(`${name} file -> DbError (zh+en)`, () => openDatabase({ parquet: { t: url } }),
      (e) => e instanceof DbError && /[\u4e00-\u9fff]/.test(e.zh) && /Parquet/.test(e.en) && e.detail.url === url);
  }
  // Optional: the project's real build output (npm run build:data -- --out bench/engine/public/data/real).
  const real = new URLSearchParams(location.search).get('real');
  if (real) {
    const parquet = Object.fromEntries(real.split(',').map((t) => [t, `/data/real/${t}.parquet`]));
    const rdb = await openDatabase({ parquet });
    for (const t of Object.keys(parquet)) {
      const rows = await rdb.query<Record<string, unknown>>(`SELECT * FROM "${t}"`);
      check(`real ${t}.parquet`, rows.length > 0,
        { rows: rows.length, first: rows[0] });
    }
    await rdb.close();
  }
  await rejects('bad table name', () => openDatabase({ parquet: { 'x"; DROP': '/data/reports.parquet' } }),
    (e) => e instanceof DbError);
}

main()
  .catch((e) => check('unexpected', false, String(e?.stack ?? e)))
  .finally(() => {
    (window as any).__check = results;
    document.body.textContent = JSON.stringify(results, null, 1);
  });
