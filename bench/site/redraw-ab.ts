// The chart redraw alone, in place (render.ts update, morph.ts) against from scratch (destroy, then
// renderChart), interleaved in one chromium page so both see the same machine load:
//   npx tsx bench/site/redraw-ab.ts [--site DIR] [--rounds N]
// The specs are the outcome chart's of a filter change: for each of 8 provinces (and all), the 50
// reports of the largest granted share (SQL here on the site's facts.parquet, the list's minimum
// rule), as src/views/Outcomes.svelte words them. Each step draws the next spec and then forces
// style and layout (what the browser does before the next paint): ms of the draw (script) and of
// the layout, medians per way. The shaping of CJK text depends on the fonts chromium has
// (FONTCONFIG_FILE): say which.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { OUTCOME_GROUPS } from '../../src/format/schema.ts';
import { MIN_APPLICATIONS_FOR_RATE, outcomesByAgency, NO_FILTERS } from '../../src/db/queries.ts';
import type { StackedBar100Spec } from '../../src/charts/types.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: { site: { type: 'string', default: join(ROOT, '.cache', 'bench', '100000', 'site') }, rounds: { type: 'string', default: '6' } },
});

const db = await (await DuckDBInstance.create(':memory:')).connect();
await db.run(`CREATE VIEW facts AS SELECT * FROM read_parquet('${join(values.site!, 'data', 'facts.parquet')}')`);
const provinces = (await db.runAndReadAll(`SELECT province FROM facts WHERE province IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 8`)).getRows().map((r) => String(r[0]));
const specs: StackedBar100Spec[] = [];
for (const province of [null, ...provinces]) {
  const q = outcomesByAgency({ ...NO_FILTERS, province }, 'granted', 50, 0);
  const reader = await db.runAndReadAll(q.sql, q.params as never);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  specs.push({
    kind: 'stackedBar100', locale: 'zh', title: '各机关依申请公开办理结果构成',
    description: `${province ?? '全部报告'}，按予以公开占比排序。数据来源：各机关政府信息公开工作年度报告，表三（总计列）。`,
    categories: OUTCOME_GROUPS.map((g) => ({ key: g.key, label: g.zh })),
    rows: rows.map((r) => {
      const sum = Number(r.outcome_sum);
      return { id: String(r.report_id), label: `${r.agency}（${r.year}年）（N=${sum}）`, counts: Object.fromEntries(OUTCOME_GROUPS.map((g) => [g.key, r[g.key] === null ? null : Number(r[g.key])])), tooFew: sum < MIN_APPLICATIONS_FOR_RATE };
    }),
    x: { label: '占办理结果的比例', unit: '%' }, y: { label: '机关', unit: '每行一份年报' }, countUnit: '件',
  });
}

const bundle = await build({ entryPoints: [join(ROOT, 'src', 'charts', 'render.ts')], bundle: true, write: false, format: 'iife', globalName: 'charts', target: 'es2022', minify: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.setContent('<!doctype html><html lang="zh-CN"><body style="margin:0;width:1100px"><div id="a"></div><div id="b"></div></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const result = (await page.evaluate(`(async ({ specs, rounds }) => {
    const { renderChart } = charts;
    const a = document.getElementById('a'), b = document.getElementById('b');
    let scratch = renderChart(a, specs[0], { width: 1100 });
    const inPlace = renderChart(b, specs[0], { width: 1100 });
    const times = { scratch: { draw: [], layout: [] }, inPlace: { draw: [], layout: [] } };
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    await frame();
    for (let round = 0; round < rounds; round++) {
      for (let i = 1; i <= specs.length; i++) {
        const spec = specs[i % specs.length];
        const order = (round + i) % 2 === 0 ? ['scratch', 'inPlace'] : ['inPlace', 'scratch'];
        for (const way of order) {
          const t0 = performance.now();
          if (way === 'scratch') { scratch.destroy(); scratch = renderChart(a, spec, { width: 1100 }); }
          else inPlace.update(spec, { width: 1100 });
          const t1 = performance.now();
          void document.body.getBoundingClientRect().height;
          const t2 = performance.now();
          times[way].draw.push(t1 - t0);
          times[way].layout.push(t2 - t1);
          await frame();
        }
      }
    }
    const same = a.querySelector('svg').outerHTML.replace(/chart-\\d+-/g, '') === b.querySelector('svg').outerHTML.replace(/chart-\\d+-/g, '');
    return { times, same };
  })`  + `(${JSON.stringify({ specs, rounds: Number(values.rounds) })})`)) as { times: Record<string, { draw: number[]; layout: number[] }>; same: boolean };
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  for (const [way, t] of Object.entries(result.times)) {
    console.log(`${way.padEnd(8)} draw ${median(t.draw).toFixed(1)} ms, layout ${median(t.layout).toFixed(1)} ms, together ${median(t.draw.map((d, i) => d + t.layout[i])).toFixed(1)} ms (median of ${t.draw.length})`);
  }
  console.log(`the last chart the same both ways: ${result.same}`);
} finally {
  await browser.close();
}
