// The shapes reports arrive in (see ../shared/format/annual-report-format.md): each renderer
// turns one report's words and numbers into the text of a file.
import { OUTCOME_ROWS, T3, TABLE3_ROWS, type OutcomeGroup } from '../format/schema.ts';
import { formatFee, type Numbers } from './numbers.ts';
import type { Rng } from './prng.ts';

export const SHAPES = ['pipe', 'pdf_tabs', 'cell_per_line', 'html', 'glued', 'markdown'] as const;
export type Shape = (typeof SHAPES)[number];

export const SHAPE_EXTENSIONS: Record<Shape, string> = {
  pipe: '.txt', pdf_tabs: '.txt', cell_per_line: '.txt', html: '.html', glued: '.txt', markdown: '.md',
};

/** What a renderer needs: the report's text blocks and numbers, already drawn. */
export interface Doc {
  agency: string;
  year: number;
  title: string | null;
  /** Introduction (may hold the statistics period). */
  intro: string;
  overview: string[];
  problems: string[];
  other: string[];
  /** Signature block at the end: agency and date. */
  signature: [string, string] | null;
  numbers: Numbers;
  /** Half-width punctuation in labels ((一) instead of （一）). */
  half: boolean;
  /** How table values are printed: plain, with thousands separators, or full-width digits. */
  digits: 'plain' | 'grouped' | 'fullwidth';
  /** Shape b: a table 3 cell the report does not print, [row, col]. */
  missing: [number, number] | null;
  /** The section headings as printed (sometimes with a typo: issue 11, class 1). */
  headings: Record<keyof typeof HEADINGS, string>;
  /** Shape a: table 3 rows printed without their label, the labels put after the table (class 5). */
  lifted: number[];
  /** Shape a, c, f: lines of a scraped page's metadata box before the title, and the title line as the box prints it (class 2). */
  box: { lines: string[]; title: string } | null;
}

export const HEADINGS = {
  overview: '一、总体情况',
  table2: '二、主动公开政府信息情况',
  table3: '三、收到和处理政府信息公开申请情况',
  table4: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
};

const NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const GROUP_LABEL: Record<OutcomeGroup, string> = {
  granted: '', partly_granted: '', refused: '（三）不予公开', unable: '（四）无法提供', not_handled: '（五）不予处理', other: '（六）其他处理',
};
const T3_HEAD = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const T4_OUTCOMES = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

export function punct(s: string, half: boolean): string {
  return half ? s.replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',').replace(/：/g, ':').replace(/[“”]/g, '"') : s;
}

function value(v: number, doc: Doc): string {
  if (doc.digits === 'grouped') return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (doc.digits === 'fullwidth') return String(v).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  return String(v);
}

interface GroupInfo { group: OutcomeGroup | null; first: boolean; index: number; size: number }

/** The group of each table 3 row, and whether it is the group's first row. */
const GROUPS: GroupInfo[] = TABLE3_ROWS.map((_, row) => {
  for (const [g, rows] of Object.entries(OUTCOME_ROWS) as [OutcomeGroup, number[]][]) {
    const i = rows.indexOf(row);
    if (i >= 0) return { group: g, first: i === 0, index: i, size: rows.length };
  }
  return { group: null, first: false, index: 0, size: 0 };
});
const groupOf = (row: number) => GROUPS[row];

const LABELS = [TABLE3_ROWS.map((r) => punct(r.printed, false)), TABLE3_ROWS.map((r) => punct(r.printed, true))];
const rowLabel = (r: number, doc: Doc) => LABELS[doc.half ? 1 : 0][r];

interface T2Row { block: string | null; head: string[] | null; label: string; values: string[] }

function table2Rows(doc: Doc): T2Row[] {
  const t = doc.numbers.table2;
  const p = (s: string) => punct(s, doc.half);
  const docsHead = ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'];
  const decHead = ['信息内容', '本年处理决定数量'];
  const v = (x: number) => value(x, doc);
  return [
    { block: p('第二十条第（一）项'), head: docsHead, label: '规章', values: t.regulations.map(v) },
    { block: null, head: null, label: '行政规范性文件', values: t.normative_documents.map(v) },
    { block: p('第二十条第（五）项'), head: decHead, label: '行政许可', values: [v(t.licensing)] },
    { block: p('第二十条第（六）项'), head: decHead, label: '行政处罚', values: [v(t.penalties)] },
    { block: null, head: null, label: '行政强制', values: [v(t.enforcement)] },
    { block: p('第二十条第（八）项'), head: ['信息内容', p('本年收费金额（单位：万元）')], label: '行政事业性收费', values: [formatFee(doc.numbers)] },
  ];
}

// ---------------------------------------------------------------------------------------
// (a) `|` tables, one table row per line (data/reports/000).

function pipeTables(doc: Doc, rng: Rng): string[] {
  const out: string[] = [doc.headings.table2];
  for (const r of table2Rows(doc)) {
    if (r.block) out.push(`${r.block} | |||`);
    if (r.head) out.push(r.head.join(' | ') + ' |' + (r.head.length === 2 ? ' ||' : ''));
    out.push(`${r.label} | ${r.values.join(' | ')} |${r.values.length === 1 ? ' ||' : ''}`);
  }
  out.push(doc.headings.table3);
  out.push(`${punct(NOTE, doc.half)} | 申请人情况 | ||||||||`);
  out.push('自然人 | 法人或其他组织 | 总计 | |||||||');
  out.push(`${rng.pick(['商业 企业', '商业企业'])} | ${rng.pick(['科研 机构', '科研机构'])} | 社会公益组织 | 法律服务机构 | 其他 | |||||`);
  const t3 = doc.numbers.table3;
  for (let r = 0; r < TABLE3_ROWS.length; r++) {
    const g = groupOf(r);
    const cells: string[] = [];
    if (r === T3.FIRST_OUTCOME) cells.push('三、本年度办理结果');
    if (g.first && GROUP_LABEL[g.group!]) cells.push(punct(GROUP_LABEL[g.group!], doc.half));
    cells.push(doc.lifted.includes(r) ? '' : rowLabel(r, doc), ...t3[r].map((x) => value(x, doc)));
    out.push(cells.join(' | ') + (r === T3.CARRIED_FORWARD ? ' |' : cells.length > 8 ? ' | |' : ' | ||'));
  }
  // Labels lifted out of the table land after it, as text.
  for (const r of doc.lifted) out.push(rowLabel(r, doc));
  out.push(doc.headings.table4);
  out.push('行政复议 | 行政诉讼 | |||||||||||||');
  out.push([...T4_OUTCOMES.map((o) => (o === '总计' && rng.chance(0.2) ? '总 计' : o)), '未经复议直接起诉', '复议后起诉'].join(' | ') + ' | ||||||||');
  out.push([...T4_OUTCOMES, ...T4_OUTCOMES].join(' | ') + ' | |||||');
  out.push(doc.numbers.table4.map((x) => value(x, doc)).join(' | ') + ' |');
  return out;
}

// ---------------------------------------------------------------------------------------
// (b) Tab-separated PDF text (data/reports/001): labels broken across cells and lines,
// stray characters from the extraction, header words split, one cell possibly missing.

const STRAY = ['=', '(', ')', '"', "'", '·', '*', '、', '，', ' '];

/** Insert stray punctuation and split the label into cells; its characters stay in order. */
function garble(rng: Rng, label: string, strength: number): string {
  let s = label;
  const inserts = rng.chance(strength) ? rng.int(1, 2) : 0;
  for (let i = 0; i < inserts; i++) {
    const at = rng.int(1, Math.max(1, s.length - 1));
    s = s.slice(0, at) + rng.pick(STRAY) + s.slice(at);
  }
  if (s.length > 6 && rng.chance(strength)) {
    const at = rng.int(2, s.length - 2);
    s = s.slice(0, at) + '\t' + s.slice(at);
  }
  return s;
}

/** Wrap a long label at a width, as a PDF cell does (a space where the line broke). */
function wrap(label: string, width: number): string {
  if (label.length <= width) return label;
  const parts: string[] = [];
  for (let i = 0; i < label.length; i += width) parts.push(label.slice(i, i + width));
  return parts.join(' ');
}

function pdfTables(doc: Doc, rng: Rng): string[] {
  const pad = (cells: string[], n = 12) => cells.join('\t') + '\t'.repeat(Math.max(1, n - cells.length));
  const out: string[] = [doc.headings.table2, ''];
  for (const r of table2Rows(doc)) {
    if (r.block) out.push(pad([r.block]));
    if (r.head) out.push(pad(r.head));
    out.push(pad([r.label, ...r.values]));
  }
  out.push('', doc.headings.table3, '');
  const strength = rng.next() * 0.8;
  out.push('\t\t\t申请人情况' + '\t'.repeat(8));
  out.push('\t\t\t\t法人或其他组织' + '\t'.repeat(7));
  const note = punct(NOTE, doc.half);
  const cut = rng.int(10, note.length - 10);
  out.push(`${note.slice(0, cut)} ${note.slice(cut)}\t\t\t\t${rng.pick(['商业企业', '商业 企业'])}\t${rng.pick(['科研机构', '科研 机构'])}\t社会 公益 组织\t法律 服务 机构\t其他\t总计\t\t`);
  const t3 = doc.numbers.table3;
  // The rowspan'd group labels land on one of their rows, split into pieces.
  const vertical = ['三、本', '年度办', '理结果'];
  const verticalAt = rng.int(T3.FIRST_OUTCOME + 8, T3.FIRST_OUTCOME + 14);
  for (let r = 0; r < TABLE3_ROWS.length; r++) {
    const g = groupOf(r);
    const values = t3[r].map((x) => value(x, doc));
    let shownValues = values;
    if (doc.missing && doc.missing[0] === r) shownValues = values.filter((_, c) => c !== doc.missing![1]);
    const lead: string[] = [];
    if (r >= verticalAt && r < verticalAt + 3) lead.push(vertical[r - verticalAt]);
    else if (r >= T3.FIRST_OUTCOME && r <= T3.TOTAL_HANDLED) lead.push('');
    if (g.group && GROUP_LABEL[g.group]) {
      const at = g.group === 'refused' ? 3 : 0;
      if (g.index === at) {
        const gl = punct(GROUP_LABEL[g.group], doc.half);
        lead.push(gl.slice(0, 3) + ' ' + gl.slice(3, 4) + ' ' + gl.slice(4));
      } else lead.push('');
    }
    let label = rowLabel(r, doc);
    if (r === T3.NEW || r === T3.CARRIED_OVER || r === T3.CARRIED_FORWARD) {
      label = label.slice(0, 4) + '\t' + garble(rng, label.slice(4), strength);
    } else {
      label = garble(rng, wrap(label, rng.int(14, 24)), strength);
    }
    // A long label sometimes breaks onto the line above, on its own.
    if (label.length > 30 && !label.includes('\t') && rng.chance(0.3)) {
      const at = rng.int(8, label.length - 8);
      out.push(label.slice(0, at));
      label = label.slice(at);
    }
    const missingLead = doc.missing && doc.missing[0] === r ? ['\t'] : [];
    out.push([...lead, label, ...missingLead, ...shownValues].join('\t') + '\t\t');
  }
  out.push('', doc.headings.table4, '');
  out.push('行政复议\t\t\t\t行政诉讼' + '\t'.repeat(10));
  out.push(`结果\t${rng.pick(['公田 公田 廿', '维持 纠正', '结 果'])}\t\t\t\t未经复议直接起诉\t\t\t\t复议后起诉\t\t\t\t\t`);
  out.push([...T4_OUTCOMES, ...T4_OUTCOMES, ...T4_OUTCOMES].map((o) => (rng.chance(0.6) ? o.slice(0, 2) + ' ' + o.slice(2) : o)).join('\t'));
  out.push(doc.numbers.table4.map((x) => value(x, doc)).join('\t'));
  return out;
}

// ---------------------------------------------------------------------------------------
// (c) One cell per line (a web page copied as text, data/reports/003): no 自然人 / 总计
// headers, blank lines between cells.

function cellLines(doc: Doc, rng: Rng): string[] {
  const out: string[] = [];
  const cell = (s: string) => out.push(s, '');
  out.push('', doc.headings.table2, '', '');
  for (const r of table2Rows(doc)) {
    if (r.block) cell(r.block);
    if (r.head) r.head.forEach(cell);
    cell(r.label);
    r.values.forEach(cell);
  }
  out.push('', `${rng.chance(0.4) ? '???' : ''}${doc.headings.table3}`, '', '');
  cell(punct(NOTE, doc.half));
  cell('申请人情况');
  cell('法人或其他组织');
  for (const h of [['商业', '企业'], ['科研', '机构']]) h.forEach(cell);
  ['社会公益组织', '法律服务机构', '其他'].forEach(cell);
  const t3 = doc.numbers.table3;
  for (let r = 0; r < TABLE3_ROWS.length; r++) {
    const g = groupOf(r);
    if (r === T3.FIRST_OUTCOME) cell(`三、本年度办理结果${rng.chance(0.3) ? '??' : ''}`);
    if (g.first && g.group && GROUP_LABEL[g.group]) cell(punct(GROUP_LABEL[g.group], doc.half));
    cell(rowLabel(r, doc));
    t3[r].forEach((x) => cell(value(x, doc)));
  }
  out.push('', doc.headings.table4, '', '');
  cell('行政复议');
  cell('行政诉讼');
  const split = (o: string) => (o === '结果维持' && rng.chance(0.5) ? [o] : o === '总计' ? [o] : [o.slice(0, 2), o.slice(2)]);
  ['结果维持', ...T4_OUTCOMES.slice(1)].forEach((o) => split(o).forEach(cell));
  cell('未经复议直接起诉');
  cell('复议后起诉');
  for (let k = 0; k < 2; k++) T4_OUTCOMES.forEach((o) => split(o).forEach(cell));
  doc.numbers.table4.forEach((x) => cell(value(x, doc)));
  return out;
}

// ---------------------------------------------------------------------------------------
// (d) The template as an HTML page (tests/fixtures/corpus/pingtan-2024.html).

/** Cells as a word processor pastes them, kept short: 230 cells per report add up over a million reports. */
function td(text: string, attrs = ''): string {
  return /^[\d,.]+$/.test(text) || !text.includes('</p>') ? `<td${attrs ? ' ' + attrs : ''}>${text}</td>` : `<td${attrs ? ' ' + attrs : ''}><p>${text}</p></td>`;
}

/** Break a header word into paragraphs inside its cell (商业</p><p>企业). */
function twoLines(s: string): string {
  return s.length === 4 ? `${s.slice(0, 2)}</p><p>${s.slice(2)}` : s;
}

function htmlTables(doc: Doc, rng: Rng): { t2: string; t3: string; t4: string } {
  const table = (rows: string[]) => `<table style="border-collapse: collapse;margin: 0 auto;" cellspacing="0" align="center" border="1"><tbody>\n${rows.map((r, i) => `<tr${i === 0 ? ' class="firstRow"' : ''}>${r}</tr>`).join('\n')}\n</tbody></table>`;
  const t2rows: string[] = [];
  for (const r of table2Rows(doc)) {
    if (r.block) t2rows.push(td(r.block, 'colspan="4"'));
    if (r.head) t2rows.push(td(r.head[0]) + (r.head.length === 2 ? td(r.head[1], 'colspan="3"') : r.head.slice(1).map((h) => td(h)).join('')));
    t2rows.push(td(r.label) + (r.values.length === 1 ? td(r.values[0], 'colspan="3"') : r.values.map((v) => td(v)).join('')));
  }
  const t3rows: string[] = [
    td(punct(NOTE, doc.half), 'colspan="3" rowspan="3"') + td('申请人情况', 'colspan="7"'),
    td('自然人', 'rowspan="2"') + td('法人或其他组织', 'colspan="5"') + td('总计', 'rowspan="2"'),
    ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((h) => td(rng.chance(0.5) ? twoLines(h) : h)).join(''),
  ];
  const t3 = doc.numbers.table3;
  for (let r = 0; r < TABLE3_ROWS.length; r++) {
    const g = groupOf(r);
    const values = t3[r].map((x) => td(value(x, doc))).join('');
    let lead = '';
    if (r === T3.FIRST_OUTCOME) lead += td(rng.chance(0.5) ? '三、本年度办理结果' : '三、本&nbsp;年度办理结果', `rowspan="${T3.TOTAL_HANDLED - T3.FIRST_OUTCOME + 1}"`);
    if (r === T3.NEW || r === T3.CARRIED_OVER || r === T3.CARRIED_FORWARD) lead += td(rowLabel(r, doc), 'colspan="3"');
    else if (g.group && GROUP_LABEL[g.group]) {
      if (g.first) lead += td(punct(GROUP_LABEL[g.group], doc.half), `rowspan="${g.size}"`);
      lead += td(rowLabel(r, doc));
    } else lead += td(rowLabel(r, doc), 'colspan="2"');
    t3rows.push(lead + values);
  }
  const split = (o: string) => (o === '总计' ? o : `${o.slice(0, 2)}<br/>${o.slice(2)}`);
  const t4rows = [
    td('行政复议', 'colspan="5"') + td('行政诉讼', 'colspan="10"'),
    T4_OUTCOMES.map((o) => td(split(o), 'rowspan="2"')).join('') + td('未经复议直接起诉', 'colspan="5"') + td('复议后起诉', 'colspan="5"'),
    [...T4_OUTCOMES, ...T4_OUTCOMES].map((o) => td(split(o))).join(''),
    doc.numbers.table4.map((x) => td(value(x, doc))).join(''),
  ];
  return { t2: table(t2rows), t3: table(t3rows), t4: table(t4rows) };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderHtml(doc: Doc, rng: Rng, site: string): string {
  const { t2, t3, t4 } = htmlTables(doc, rng);
  const p = (s: string) => `<p style="text-indent: 2em;">${escapeHtml(s)}</p>`;
  const h = (s: string) => `<p style="text-indent: 2em;"><span style="font-family: 黑体, SimHei;">${s}${rng.chance(0.3) ? '&nbsp;' : ''}</span></p>`;
  const title = doc.title ?? '';
  const nav = ['首页', '政务公开', '政务服务', '互动交流', '走进' + site.replace(/人民政府.*$/, '')].map((n, i) => `<li><a href="/col${i}/">${n}</a></li>`).join('');
  const body = [
    p(doc.intro),
    h(doc.headings.overview), ...doc.overview.map(p),
    h(doc.headings.table2), t2,
    h(doc.headings.table3), t3,
    h(doc.headings.table4), t4,
    h(doc.headings.problems), ...doc.problems.map(p),
    h(doc.headings.other), ...doc.other.map(p),
    ...(doc.signature ? [`<p style="text-align: right;">${doc.signature[0]}</p>`, `<p style="text-align: right;">${doc.signature[1]}</p>`] : []),
    '<p style="text-indent: 2em;">&nbsp;</p><p><br/></p>',
  ].join('\n');
  return `<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8" name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="SiteName" content="${site}"/>
    <meta name="ColumnName" content="政府信息公开年报"/>
${title ? `    <meta name="ArticleTitle" content="${title}"/>\n` : ''}    <meta name="PubDate" content="${doc.year + 1}-0${rng.int(1, 3)}-${String(rng.int(10, 28))} ${rng.int(8, 18)}:${String(rng.int(10, 59))}"/>
    <title>${title ? `${title}_政府信息公开年报_` : ''}${site}</title>
    <link rel="stylesheet" type="text/css" href="/images/common.css">
    <style>
      .header { height: 120px; background: #c00 url(/images/banner.png) no-repeat; }
      .nav li { float: left; width: 120px; line-height: 40px; }
      .TRS_Editor p { margin: 0 0 12px; font-size: 16px; line-height: 2; }
      table td { border: 1px solid #000; }
    </style>
    <script type="text/javascript">
      var _hmt = _hmt || []; var siteId = "${rng.int(1000, 9999)}"; // 统计代码 2024年 行政许可 本年新收
      (function () { var hm = document.createElement("script"); hm.src = "/js/count.js?id=" + siteId; document.head.appendChild(hm); })();
    </script>
  </head>
  <body>
    <div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="${site}"/></a></div>
      <div class="search"><form action="/search"><input type="text" name="q" placeholder="请输入关键词"/><button>搜索</button></form></div>
    </div>
    <div class="nav"><ul>${nav}</ul></div>
    <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>
    <div class="article">
      ${title ? `<h1 class="title">${title}</h1>` : ''}
      <div class="info"><span>来源：${site}</span> <span>发布时间：${doc.year + 1}-0${rng.int(1, 3)}-${rng.int(10, 28)}</span> <span>浏览次数：<script>document.write(${rng.int(100, 9999)})</script></span></div>
      <div class=TRS_Editor>
${body}
      </div>
      <div class="share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a> 【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>
    </div>
    <div class="footer"><p>主办：${site}办公室 &nbsp; 网站标识码：${rng.int(1000000000, 4299999999)}</p><p>ICP备案号：备${rng.int(10000000, 99999999)}号</p></div>
    <script src="/js/jquery.min.js"></script>
    <script>$(function(){ $(".nav li").hover(function(){ $(this).addClass("on"); }); });</script>
  </body>
</html>
`;
}

// ---------------------------------------------------------------------------------------
// (e) Digits glued together (tests/fixtures/corpus/pingtan-2024.txt): everything on one line.

/** Table 3 rows' printed labels in glued text, in order (with group labels). */
export function gluedTables(doc: Doc): string {
  const t2 = table2Rows(doc).map((r) => (r.block ?? '') + (r.head ? r.head.join('') : '') + r.label + r.values.join('')).join('');
  const t3 = doc.numbers.table3;
  let s3 = punct(NOTE, doc.half) + '申请人情况自然人法人或其他组织总计商业企业科研机构社会公益 组织 法律服务 机构 其他';
  for (let r = 0; r < TABLE3_ROWS.length; r++) {
    const g = groupOf(r);
    if (r === T3.FIRST_OUTCOME) s3 += '三、本年度办 理结果 ';
    if (g.first && g.group && GROUP_LABEL[g.group]) s3 += punct(GROUP_LABEL[g.group], doc.half);
    s3 += rowLabel(r, doc) + (r === 20 || r === 21 ? ' ' : '') + t3[r].join('');
  }
  const t4 = '行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉' + T4_OUTCOMES.join('') + T4_OUTCOMES.join('') + doc.numbers.table4.join('');
  return `${doc.headings.table2}${t2}${doc.headings.table3}${s3}${doc.headings.table4}${t4}`;
}

export function renderGlued(doc: Doc, rng: Rng, site: string): string {
  const head = [
    `标题: ${doc.title ?? ''}`,
    `发布时间: ${doc.year + 1}-0${rng.int(1, 3)}-${rng.int(10, 28)} ${rng.int(8, 18)}:${rng.int(10, 59)}`,
    '文号: ',
    `发布机构: ${site}`,
    '栏目: 政府信息公开年报',
    `原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/${doc.year + 1}03/t${doc.year + 1}0310_${rng.int(10000, 99999)}.htm`,
    '==================== 正文 ====================',
  ];
  const body = doc.intro + doc.headings.overview + ' ' + doc.overview.join('') + gluedTables(doc)
    + doc.headings.problems + doc.problems.join('') + doc.headings.other + doc.other.join('')
    + (doc.signature ? doc.signature.join('') : '');
  return head.join('\n') + '\n' + body + '\n';
}

// ---------------------------------------------------------------------------------------
// (f) Markdown tables (OCR output, tests/fixtures/corpus/shuyang-2025.txt).

function markdownTables(doc: Doc, rng: Rng): string[] {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = (n: number) => '|' + '---|'.repeat(n);
  const out: string[] = [`## ${doc.headings.table2}`, ''];
  for (const r of table2Rows(doc)) {
    if (r.block) out.push('', `### ${r.block}`);
    if (r.head) out.push(row(r.head), rule(r.head.length));
    out.push(row([r.label, ...r.values]));
  }
  out.push('', `## ${doc.headings.table3}`, '', punct(NOTE, doc.half), '');
  const t3 = doc.numbers.table3;
  const perGroup = rng.chance(0.5);
  if (!perGroup) {
    out.push(row(['项目', ...T3_HEAD]), rule(8));
    for (let r = 0; r < TABLE3_ROWS.length; r++) {
      const g = groupOf(r);
      const lead = g.first && g.group && GROUP_LABEL[g.group] ? punct(GROUP_LABEL[g.group], doc.half) + ' ' : '';
      out.push(row([lead + rowLabel(r, doc), ...t3[r].map((x) => value(x, doc))]));
    }
  } else {
    // shuyang: a heading and a small table per group, header cells "数据1…".
    const head = () => [row(['类别', '数据1', '数据2', '数据3', '数据4', '数据5', '数据6', '总计']), rule(8)];
    for (let r = 0; r < TABLE3_ROWS.length; r++) {
      const g = groupOf(r);
      if (r === T3.FIRST_OUTCOME) out.push('', '### 三、本年度办理结果');
      if (!g.group || g.group === 'granted' || g.group === 'partly_granted' || g.first) {
        const heading = g.group && GROUP_LABEL[g.group] ? GROUP_LABEL[g.group] : rowLabel(r, doc);
        out.push('', `### ${punct(heading, doc.half)}`, ...head());
      }
      const label = rowLabel(r, doc).replace(/^[一二四]、/, '').replace(/^(\d)\./, '$1. ');
      out.push(row([label, ...t3[r].map((x) => value(x, doc))]));
    }
  }
  out.push('', `## ${doc.headings.table4}`, '');
  const groups = ['行政复议', '行政诉讼（未经复议直接起诉）', '行政诉讼（复议后起诉）'];
  groups.forEach((g, i) => {
    out.push(`### ${g}`, row(T4_OUTCOMES), rule(5), row(doc.numbers.table4.slice(i * 5, i * 5 + 5).map((x) => value(x, doc))), '');
  });
  return out;
}

// ---------------------------------------------------------------------------------------

/** Page furniture of a copied web page (data/reports/003). */
function furnitureTop(doc: Doc, rng: Rng, site: string): string[] {
  const title = doc.title ?? `${doc.agency}${doc.year}年政府信息公开工作年度报告`;
  return [
    `${site}门户网站-${title}_${rng.pick(['政府信息公开年报', '足彩app哪个是正规的', '年度报告'])}`,
    `首页 > 政府信息公开 > 政府信息公开年报 > ${rng.pick(['部门信息公开年报', '本级年报', '年度报告'])}`,
    '',
  ];
}

function furnitureBottom(doc: Doc, rng: Rng, site: string): string[] {
  return [
    '', '', '扫一扫在手机打开', '关闭 打印',
    doc.title ?? '', String(rng.int(10000, 999999)), rng.pick(['新闻稿', '通知公告', '年度报告']), site,
    `${doc.year + 1}-0${rng.int(1, 3)}-${rng.int(10, 28)}`,
    `上一篇: ${doc.agency}${doc.year - 1}年...`,
    rng.pick(['下一篇: 没有了', `下一篇: 关于${rng.pick(['开展', '做好'])}政务公开工作的通知`]),
  ];
}

/** Text shapes: the document's lines around the tables each shape prints. */
export function renderText(shape: Exclude<Shape, 'html' | 'glued'>, doc: Doc, rng: Rng, site: string, inject: (s: string) => string): string {
  const out: string[] = [];
  const md = shape === 'markdown';
  const gap = shape === 'cell_per_line' || shape === 'pdf_tabs';
  const para = (s: string) => (gap ? out.push(s, '') : out.push(s));
  const heading = (s: string) => (md ? out.push('', `## ${s}`, '') : gap ? out.push('', s, '') : out.push(s));
  if (shape === 'cell_per_line') out.push(...furnitureTop(doc, rng, site));
  if (doc.box) out.push(...doc.box.lines);
  const title = doc.box && doc.title ? doc.box.title : doc.title;
  if (title) {
    if (md) out.push(`# ${title}`, '');
    else para(title);
  }
  if (shape === 'cell_per_line') para(`来源:${site} 发布时间:${doc.year + 1}-0${rng.int(1, 3)}-${rng.int(10, 28)} 09:55 字体大小:`);
  para(doc.intro);
  heading(doc.headings.overview);
  doc.overview.forEach((s) => para(shape === 'cell_per_line' ? inject(s) : md ? s : shape === 'pdf_tabs' ? `- ${s}` : s));
  const tables = shape === 'pipe' ? pipeTables(doc, rng) : shape === 'pdf_tabs' ? pdfTables(doc, rng) : shape === 'cell_per_line' ? cellLines(doc, rng) : markdownTables(doc, rng);
  out.push(...tables);
  heading(doc.headings.problems);
  doc.problems.forEach(para);
  heading(doc.headings.other);
  doc.other.forEach(para);
  if (doc.signature) out.push(...doc.signature);
  if (shape === 'cell_per_line') out.push(...furnitureBottom(doc, rng, site));
  return out.join('\n');
}
