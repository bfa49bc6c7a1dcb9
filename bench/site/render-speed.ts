// The chart renderer alone, in chromium, on the outcomes view's chart (50 agencies and the total,
// six outcome groups: what a filter change redraws at any corpus size):
//   npx tsx bench/site/render-speed.ts [--runs N] [--ref GIT_REF]
// src/charts/render.ts is bundled with esbuild (and, with --ref, the same file of another commit,
// from `git show`, into a temporary folder) and run in one page: each round renders the chart into
// a container in the document and destroys the last one (what ChartFrame does on a new spec), in
// blocks of 10, the builds alternating. Prints, per build, the main thread's CPU time per render
// (CDP Performance.getMetrics ThreadTime: robust to the machine's load, unlike wall time) of the
// script alone (renderChart and the destroy), and with the style and layout that follow (a forced
// layout after each: what the next frame pays).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '60' }, ref: { type: 'string' } } });

/** A spec like Outcomes.svelte's: labels as agencyYearLabel + n_label make them. */
const SPEC_SOURCE = `
const categories = [['granted', '予以公开'], ['partly_granted', '部分公开'], ['refused', '不予公开'], ['unable', '无法提供'], ['not_handled', '不予处理'], ['other', '其他处理']].map(([key, label]) => ({ key, label }));
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const places = ['四川省成都市', '河南省郑州市', '湖南省长沙市', '广东省深圳市', '山东省青岛市'];
const offices = ['人民政府办公室', '自然资源和规划局', '市场监督管理局', '住房和城乡建设局', '生态环境局'];
const row = (i) => {
  const counts = {};
  for (const c of categories) counts[c.key] = Math.floor(rand() * 40);
  if (i % 17 === 3) counts.other = null;
  const sum = Object.values(counts).reduce((a, v) => a + (v ?? 0), 0);
  return { id: 'r' + i, label: places[i % 5] + offices[(i * 3) % 5] + '（2024年）（N=' + sum + '）', counts, tooFew: false };
};
export const spec = (k) => ({
  kind: 'stackedBar100', locale: 'zh', title: '各机关依申请公开办理结果构成',
  description: '全部年报，按予以公开占比排序，第 ' + (k + 1) + ' 页。按比例排序时，办理结果合计少于 30 件的年报不参加排名。数据来源：各机关政府信息公开工作年度报告，表三（总计列）。',
  categories, rows: Array.from({ length: 50 }, (_, i) => row(i + k)),
  x: { label: '占办理结果的比例', unit: '%' }, y: { label: '机关', unit: '每行一份年报' }, countUnit: '件',
  total: { id: '__all__', label: '全部 100,358 份年报', counts: { granted: 123456, partly_granted: 23456, refused: 3456, unable: 45678, not_handled: 5678, other: 6789 } },
});
`;

async function bundle(srcRoot: string, name: string, out: string): Promise<string> {
  const entry = join(out, `${name}-entry.ts`);
  writeFileSync(entry, `import { renderChart } from ${JSON.stringify(join(srcRoot, 'src', 'charts', 'render.ts'))};\n${SPEC_SOURCE}\nglobalThis[${JSON.stringify(name)}] = { renderChart, spec };\n`);
  const r = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', target: 'es2022', minify: true, nodePaths: [join(ROOT, 'node_modules')] });
  return r.outputFiles[0].text;
}

const temp = mkdtempSync(join(tmpdir(), 'render-speed-'));
const builds: [string, string][] = [['current', ROOT]];
if (values.ref) {
  // The ref's src/ (charts and what they import), from git, beside the current node_modules.
  const dir = join(temp, 'ref');
  mkdirSync(dir);
  execFileSync('sh', ['-c', `git -C ${JSON.stringify(ROOT)} archive ${JSON.stringify(values.ref)} src | tar -x -C ${JSON.stringify(dir)}`]);
  builds.push([values.ref, dir]);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.setContent('<!doctype html><html lang="zh-CN"><body style="margin:0"><main style="max-width:1200px;margin:0 auto"><div id="c" style="width:100%"></div></main></body></html>');
  const names = builds.map((_, i) => `__render${i}`);
  for (const [i, [, root]] of builds.entries()) await page.addScriptTag({ content: await bundle(root, names[i], temp) });
  // CPU time of the page's main thread (CDP Performance ThreadTime), not wall time: on a shared,
  // loaded machine the wall time of a render is mostly the wait for a core.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () => ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === 'ThreadTime')!.value * 1000;
  const BLOCK = 10;
  const render = (b: number, layout: boolean) => page.evaluate(`(() => {
    const container = document.getElementById('c');
    const { renderChart, spec } = globalThis[${JSON.stringify(names)}[${b}]];
    for (let r = 0; r < ${BLOCK}; r++) {
      globalThis.__last?.destroy();
      globalThis.__last = renderChart(container, spec(r % 7), { width: container.clientWidth });
      if (${layout}) void document.body.offsetHeight;
    }
  })()`);
  const out = builds.map(() => ({ script: [] as number[], all: [] as number[] }));
  const blocks = Math.max(2, Math.ceil(Number(values.runs) / BLOCK));
  for (let k = 0; k < blocks + 1; k++) {
    for (let j = 0; j < builds.length; j++) {
      const b = k % 2 === 0 ? j : builds.length - 1 - j;
      for (const layout of [false, true]) {
        const t0 = await threadTime();
        await render(b, layout);
        const ms = ((await threadTime()) - t0) / BLOCK;
        if (k > 0) (layout ? out[b].all : out[b].script).push(ms);
      }
    }
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  builds.forEach(([name], i) => {
    const r = out[i];
    console.log(`${name.padEnd(12)} CPU ms per render: script median ${q(r.script, 0.5).toFixed(2)} (p95 ${q(r.script, 0.95).toFixed(2)}); with style and layout median ${q(r.all, 0.5).toFixed(2)} (p95 ${q(r.all, 0.95).toFixed(2)}); ${r.script.length} blocks of ${BLOCK} renders`);
  });
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  rmSync(temp, { recursive: true, force: true });
}
