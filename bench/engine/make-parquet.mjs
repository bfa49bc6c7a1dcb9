// Writes the test Parquet files for the engine benchmark with DuckDB (node), zstd-compressed:
//   <out>/reports.parquet        5 rows x 220 columns
//   <out>/reports-10k.parquet    10,000 rows x 220 columns
// Columns: id, year INTEGER; region, agency, note VARCHAR (Chinese text); ratio DOUBLE;
// c001..c214 INTEGER (counts, some NULL). Usage: node bench/engine/make-parquet.mjs [outDir]
import { mkdirSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const out = process.argv[2] ?? 'bench/engine/public/data';
mkdirSync(out, { recursive: true });

const N_INT = 214;
const ints = Array.from({ length: N_INT }, (_, i) => {
  const c = `c${String(i + 1).padStart(3, '0')}`;
  // every 7th column has NULLs; values are small counts like the real reports
  return i % 7 === 0
    ? `CASE WHEN i % 5 = 0 THEN NULL ELSE ((i * ${i + 3}) % 997)::INTEGER END AS ${c}`
    : `((i * ${i + 3} + ${i}) % ${(i % 13) * 100 + 50})::INTEGER AS ${c}`;
});

const regions = ['北京市', '上海市', '广东省', '四川省', '浙江省', '河南省', '湖北省', '新疆维吾尔自治区'];
const select = (n) => `
  SELECT
    i::INTEGER AS id,
    (2019 + i % 6)::INTEGER AS year,
    ([${regions.map((r) => `'${r}'`).join(',')}])[1 + i % ${regions.length}] AS region,
    ([${regions.map((r) => `'${r}'`).join(',')}])[1 + i % ${regions.length}] || '人民政府办公厅' || (i % 97)::VARCHAR AS agency,
    '本机关' || (i % 2012)::VARCHAR || '年度政府信息公开工作年度报告，依申请公开办理情况良好。' AS note,
    ((i % 1000) / 7.0)::DOUBLE AS ratio,
    ${ints.join(',\n    ')}
  FROM range(${n}) t(i)`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
for (const [file, n] of [['reports.parquet', 5], ['reports-10k.parquet', 10_000]]) {
  await con.run(`COPY (${select(n)}) TO '${out}/${file}' (FORMAT parquet, COMPRESSION zstd)`);
  const r = await con.runAndReadAll(`SELECT COUNT(*)::INTEGER AS n FROM '${out}/${file}'`);
  const cols = await con.runAndReadAll(`SELECT COUNT(*)::INTEGER FROM (DESCRIBE SELECT * FROM '${out}/${file}')`);
  console.log(file, 'rows', r.getRows()[0][0], 'cols', cols.getRows()[0][0]);
}
// A deliberately broken file (truncated) for the error-path test.
const { readFileSync, writeFileSync } = await import('node:fs');
const good = readFileSync(`${out}/reports.parquet`);
writeFileSync(`${out}/broken.parquet`, good.subarray(0, Math.floor(good.length / 2)));
// Right magic bytes at both ends, garbage inside.
const corrupt = Buffer.from(good);
corrupt.fill(0x55, 4, corrupt.length - 4);
writeFileSync(`${out}/corrupt.parquet`, corrupt);
con.closeSync?.();
