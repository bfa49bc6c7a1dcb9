// The group comparison's words, columns and cells (pure; the Svelte views draw them): what a
// group is called, each measure with its unit, how a cell reads ("too few to rate" vs "not
// stated"), and the CSV of every group with every measure.
import type { Lang } from '../app/url.ts';
import { formatNumber, reportsEn } from '../app/i18n.ts';
import { KINDS, LEVELS, OUTCOME_GROUPS, PROCESSING_FEE, TABLE2_ROWS, TABLE4_GROUPS, TABLE4_OUTCOMES } from '../format/schema.ts';
import type { Facet, GroupRow, GroupSort, Grouping } from '../db/groups.ts';
import { MIN_APPLICATIONS_FOR_RATE, MIN_CASES_FOR_SHARE, MIN_REPORTS_FOR_DISTRIBUTION } from '../db/queries.ts';
import { toCsv } from '../lib/csv.ts';
import { axisTitle } from '../charts/words.ts';
import { WAN_YUAN_DIGITS } from '../charts/numbers.ts';
import type { CellSpec, RowSpec } from '../lib/table-rows.ts';
import { regionName, type RegionColumn } from '../app/region-names.ts';

type Text = { zh: string; en: string };

export const GROUPING_LABELS: Record<Grouping, Text> = {
  province: { zh: '省份', en: 'Province' },
  city: { zh: '地市', en: 'City' },
  county: { zh: '区县', en: 'County' },
  level: { zh: '层级', en: 'Level' },
  kind: { zh: '机关类型', en: 'Kind of body' },
  year: { zh: '年度', en: 'Year' },
};
export const FACET_LABELS: Record<Facet, Text> = { level: GROUPING_LABELS.level, province: GROUPING_LABELS.province };

const ADMIN_FEE = TABLE2_ROWS.find((r) => r.key === 'fees_10k_yuan')!;
const RECONSIDERATION = TABLE4_GROUPS.find((g) => g.key === 'reconsideration')!;
const CORRECTED = TABLE4_OUTCOMES.find((o) => o.key === 'corrected')!;

export type MeasureKind = 'count' | 'share' | 'per100' | 'money';

export interface GroupMeasure {
  key: GroupSort;
  label: Text;
  unit: Text;
  kind: MeasureKind;
  digits: number;
  /** The row's "too few to rate" flag for this measure, if it is a rate (or "too few reports", a median). */
  tooFew?: (r: GroupRow) => boolean;
  /** Why the value is missing when tooFew, as a chart's legend says it: TOO_FEW ("too few to rate") unless said here. */
  tooFewWords?: Text;
  /** What the table cell reads when tooFew: TOO_FEW unless said here (a median: WITHHELD, 「—（年报过少）」). */
  tooFewCell?: Text;
}

const PCT = { zh: '%', en: '%' };

/**
 * A quartile, median or percentile withheld (fewer than MIN_REPORTS_FOR_DISTRIBUTION reports):
 * the reason a cell gives beside or instead of its "—".
 */
export const TOO_FEW_REPORTS: Text = { zh: '年报过少', en: 'too few reports' };
/**
 * A withheld quartile, median or percentile as its cell reads: the dash, marked with the reason
 * (REPORTS_MINIMUM_NOTE's rule; the agency page and the distribution view write it so). A CSV
 * leaves the cell empty and says why in its own column.
 */
export const WITHHELD: Text = { zh: `—（${TOO_FEW_REPORTS.zh}）`, en: `— (${TOO_FEW_REPORTS.en})` };

/**
 * The minimum number of reports, as every page showing a quartile, a median or a percentile
 * across reports states it (the agency page's peers, the distribution view, the group and year
 * views' median fees, the province map's, About).
 */
export const REPORTS_MINIMUM_NOTE = {
  zh: (k: number) => `最少年报数规则：四分位数、中位数和百分位只在计入的年报不少于 ${k} 份时计算；少于 ${k} 份时不计算，显示为“—”并注明“${TOO_FEW_REPORTS.zh}”。`,
  en: (k: number) => `Minimum number of reports: quartiles, medians and percentiles are computed only over at least ${k} counted reports; over fewer they are not computed and show “—”, marked “${TOO_FEW_REPORTS.en}”.`,
};
export const reportsMinimumNote = (lang: Lang) => REPORTS_MINIMUM_NOTE[lang](MIN_REPORTS_FOR_DISTRIBUTION);
/** The same rule for a median fee, short enough to be drawn on a chart (the province map's SVG). */
export const MEDIAN_MINIMUM_SHORT = {
  zh: (k: number) => `最少年报数：填报该项的年报少于 ${k} 份时不计算中位数（${TOO_FEW_REPORTS.zh}）。`,
  en: (k: number) => `Minimum: no median under ${k} reports stating the fee (${TOO_FEW_REPORTS.en}).`,
};
export const medianMinimumShort = (lang: Lang) => MEDIAN_MINIMUM_SHORT[lang](MIN_REPORTS_FOR_DISTRIBUTION);
const PER100 = { zh: '每百件申请', en: 'per 100 applications' };
const REPORTS_UNIT = { zh: '份', en: 'reports' };

/**
 * Every measure of a group, in table order. A fee in 元 to the fen, as the agency page shows it
 * (a sum of 9,382.21 元 read 9,382 in the group table and the headline); one in 万元 to the yuan.
 */
export const GROUP_MEASURES: readonly GroupMeasure[] = [
  { key: 'reports', label: { zh: '年报数', en: 'Reports' }, unit: REPORTS_UNIT, kind: 'count', digits: 0 },
  { key: 'handled', label: { zh: '办理申请', en: 'Applications handled' }, unit: { zh: '件', en: 'applications' }, kind: 'count', digits: 0 },
  ...OUTCOME_GROUPS.map((g): GroupMeasure => ({
    key: `${g.key}_share` as GroupSort, label: { zh: `${g.zh}占比`, en: `${g.en} share` }, unit: PCT, kind: 'share', digits: 1, tooFew: (r) => r.too_few_outcomes,
  })),
  { key: 'reconsiderations_per_100', label: { zh: RECONSIDERATION.zh, en: 'Reconsiderations' }, unit: PER100, kind: 'per100', digits: 2, tooFew: (r) => r.too_few_reconsiderations },
  { key: 'lawsuits_per_100', label: { zh: '行政诉讼', en: 'Lawsuits' }, unit: PER100, kind: 'per100', digits: 2, tooFew: (r) => r.too_few_lawsuits },
  { key: 'corrected_share', label: { zh: `已审结案件${CORRECTED.zh}比例`, en: `Concluded cases ${CORRECTED.en.toLowerCase()}` }, unit: PCT, kind: 'share', digits: 1, tooFew: (r) => r.too_few_cases },
  { key: 'fees_10k_yuan_sum', label: { zh: `${ADMIN_FEE.zh}合计`, en: `${ADMIN_FEE.en}, total` }, unit: ADMIN_FEE.unit, kind: 'money', digits: WAN_YUAN_DIGITS },
  { key: 'fees_10k_yuan_median', label: { zh: `${ADMIN_FEE.zh}每份年报中位数`, en: `${ADMIN_FEE.en}, median per report` }, unit: ADMIN_FEE.unit, kind: 'money', digits: WAN_YUAN_DIGITS, tooFew: (r) => r.too_few_fees_reports, tooFewWords: TOO_FEW_REPORTS, tooFewCell: WITHHELD },
  { key: 'processing_fee_yuan_sum', label: { zh: `${PROCESSING_FEE.zh}合计`, en: `${PROCESSING_FEE.en}, total` }, unit: PROCESSING_FEE.unit, kind: 'money', digits: 2 },
  { key: 'processing_fee_yuan_median', label: { zh: `${PROCESSING_FEE.zh}每份年报中位数`, en: `${PROCESSING_FEE.en}, median per report` }, unit: PROCESSING_FEE.unit, kind: 'money', digits: 2, tooFew: (r) => r.too_few_processing_fee_reports, tooFewWords: TOO_FEW_REPORTS, tooFewCell: WITHHELD },
];

export const measureOf = (key: GroupSort) => GROUP_MEASURES.find((m) => m.key === key)!;

/** A measure's value as drawn: shares in percent, the rest as they are. */
export function measureValue(r: GroupRow, m: GroupMeasure): number | null {
  const v = (r as unknown as Record<string, number | null>)[m.key];
  if (v === null || v === undefined) return null;
  return m.kind === 'share' ? v * 100 : v;
}

export const TOO_FEW: Text = { zh: '样本过少', en: 'too few to rate' };
export const NOT_STATED: Text = { zh: '未说明', en: 'not stated' };
/** A median on a row drawn from the build's summaries (src/app/cube.ts): only the database knows it. */
export const PENDING: Text = { zh: '待数据库', en: 'awaiting the database' };
/** A median from the summaries when the database did not start: it will not come (the page's banner says why). */
export const NO_DATABASE: Text = { zh: '数据库未能启动', en: 'database unavailable' };
/** The word for a median the summaries cannot give: awaited, or not coming when the database failed. */
export const pendingWord = (lang: Lang, dbFailed: boolean) => (dbFailed ? NO_DATABASE : PENDING)[lang];
const MEDIANS: readonly GroupSort[] = ['fees_10k_yuan_median', 'processing_fee_yuan_median'];
/** A measure the summaries cannot give (not a sum): shown as pending until the database answers. */
export const isMedian = (m: GroupMeasure) => MEDIANS.includes(m.key);

/** A table cell: the number, or why there is none. */
export function measureCell(lang: Lang, r: GroupRow, m: GroupMeasure, pending: string = PENDING[lang]): string {
  const v = measureValue(r, m);
  if (v === null && isMedian(m) && (r as { pending?: boolean }).pending) return pending;
  if (v === null) return m.tooFew?.(r) ? (m.tooFewCell ?? TOO_FEW)[lang] : NOT_STATED[lang];
  return formatNumber(lang, v, m.digits) + (m.kind === 'share' ? '%' : '');
}

/** Header with its unit, said once: 「批准公开占比（%）」 / "Granted share (%)", "Reports" (not "Reports (reports)"). */
export function measureHeader(lang: Lang, m: GroupMeasure): string {
  return axisTitle({ label: m.label[lang], unit: m.unit[lang] }, lang);
}

/**
 * measureHeader in two pieces, the words and the unit (with the space or bracket before it), so
 * that a narrow table's header breaks between them, not inside the unit: at 390 px
 * 「行政事业性收费每份年报中位数（万元）」 broke every 5 characters, 「（万」 / 「元）」 among them.
 * The two pieces together are measureHeader.
 */
export function measureHeaderParts(lang: Lang, m: GroupMeasure): { words: string; unit: string } {
  const whole = measureHeader(lang, m);
  const words = m.label[lang];
  return whole.startsWith(words) ? { words, unit: whole.slice(words.length) } : { words: whole, unit: '' };
}

/** The region groupings: a report belongs to no unit of such a level by what it is, not by an omission. */
const REGION_GROUPS: readonly Grouping[] = ['province', 'city', 'county'];

/**
 * What a report without such a unit is grouped as (REGION_NOTE says who they are). 「无地市」, not
 * 「未注明地市」: a province's own bodies and the units directly under it have no city; the report
 * left nothing out.
 */
const noUnit = (lang: Lang, group: Grouping) => (lang === 'zh' ? `无${GROUPING_LABELS[group].zh}` : `no ${GROUPING_LABELS[group].en.toLowerCase()}`);

/** Who the rows 「无省份」「无地市」「无区县」 hold, said under a grouped table that has one (from facts' levels: a county-level report always names its county). */
export const REGION_NOTE = {
  zh: '无省份：国家级机关，以及未能确定地区的年报。无地市：省级机关，以及直辖市的区县、省直辖的县级单位。无区县：省级和地市级机关。',
  en: 'No province: national bodies, and reports whose region could not be identified. No city: province-level bodies, the districts of the four municipalities and county-level units directly under a province. No county: province- and prefecture-level bodies.',
} as const;

/** Whether a grouped table needs REGION_NOTE: a region grouping with a row of reports in no unit of it. */
export const needsRegionNote = (group: Grouping, rows: readonly Pick<GroupRow, 'value'>[]) => REGION_GROUPS.includes(group) && rows.some((r) => r.value === null);

/** How a region's value is written: regionName (provinces in English on an English page), or the data's own value (CSV). */
export type RegionNames = (column: RegionColumn, value: string) => string;

/**
 * What a group is called: level and kind by their labels, a year as a year, a province by its name
 * in the language (region-names.ts), a city with its province when no province is chosen
 * (「河南省 郑州市」, "郑州市, Henan": each language's order, the city first in English so that a label
 * cut short keeps it). `names`: how a region is written (a CSV passes the data's values).
 */
export function groupLabel(
  lang: Lang, group: Grouping, r: Pick<GroupRow, 'value' | 'province' | 'city'>, context: { province: string | null; city: string | null },
  names: RegionNames = (column, value) => regionName(lang, column, value),
): string {
  if (r.value === null) {
    if (!REGION_GROUPS.includes(group)) return lang === 'zh' ? `未注明${GROUPING_LABELS[group].zh}` : `no ${GROUPING_LABELS[group].en.toLowerCase()}`;
    // Without a province (a national body, or a region not identified) there is no city or county either.
    if (group === 'province' || (!context.province && !r.province)) return noUnit(lang, 'province');
    // Every province (and city) has its own row of reports without a city (county): named by the
    // place above, as a named city or county is, or hundreds of rows would read the same.
    const parent = group === 'city' ? (context.province || !r.province ? null : names('province', r.province))
      : context.city ? null : r.city ? names('city', r.city) : context.province || !r.province ? null : names('province', r.province);
    const none = noUnit(lang, group);
    return parent ? (lang === 'zh' ? `${parent} ${none}` : `${parent}: ${none}`) : none;
  }
  const within = (place: string, parent: string) => (lang === 'zh' ? `${parent} ${place}` : `${place}, ${parent}`);
  switch (group) {
    case 'level': return LEVELS.find((l) => l.key === r.value)?.[lang] ?? r.value;
    case 'kind': return KINDS.find((k) => k.key === r.value)?.[lang] ?? r.value;
    case 'year': return lang === 'zh' ? `${r.value}年` : r.value;
    case 'province': return names('province', r.value);
    case 'city': return context.province || !r.province ? names('city', r.value) : within(names('city', r.value), names('province', r.province));
    // A municipality's district has no city: named by its province when none is chosen (北京市 通州区 beside 南通市 通州区).
    case 'county': return context.city ? names('county', r.value) : r.city ? within(names('county', r.value), names('city', r.city))
      : context.province || !r.province ? names('county', r.value) : within(names('county', r.value), names('province', r.province));
    default: return r.value;
  }
}

/** 「郑州市 · 12 份」: every group says how many reports it rests on. */
export function withReports(lang: Lang, label: string, reports: number): string {
  return lang === 'zh' ? `${label} · ${formatNumber(lang, reports)} 份` : `${label} · ${reportsEn(reports)}`;
}

/**
 * withReports' short form, drawn when the label would be cut (a phone's label column): the count in
 * a closing bracket, which a cut label keeps whole (src/charts/text.ts truncateKeepingSuffix):
 * 「郑州…（12份）」, "Inner Mong… (N=12)". At 390 px the label was cut from its end, the count first
 * ("Inner Mongolia · 1…", 「河南省 郑州市 · …」).
 */
export function withReportsShort(lang: Lang, label: string, reports: number): string {
  return lang === 'zh' ? `${label}（${formatNumber(lang, reports)}份）` : `${label} (N=${formatNumber(lang, reports)})`;
}

export const MINIMUM_NOTE = {
  zh: (n: number, m: number) => `组内数字是各年报件数之和再相除（不是各机关比例的平均）。办理结果合计少于 ${n} 件的组不计算办理结果占比，办理申请少于 ${n} 件的组不计算每百件比率，已审结的复议和诉讼少于 ${m} 件的组不计算纠正比例，标为“样本过少”。`,
  en: (n: number, m: number) => `A group's figures are its reports' counts summed, then divided once (not an average of agency shares). Groups with fewer than ${n} outcomes in all get no outcome shares, fewer than ${n} applications handled no rates per 100, and fewer than ${m} concluded cases no corrected share: they show “too few to rate”.`,
};
/** The minimum sample of a group's rates: what a chart of rates (no median) states. */
export const rateMinimumNote = (lang: Lang) => MINIMUM_NOTE[lang](MIN_APPLICATIONS_FOR_RATE, MIN_CASES_FOR_SHARE);
/** The group views' rules, as their pages state them: the minimum sample of a group's rates, then the minimum number of reports of its median fees. */
export const minimumNote = (lang: Lang) => `${rateMinimumNote(lang)}${lang === 'zh' ? '' : ' '}${reportsMinimumNote(lang)}`;

/**
 * The header of a count of the reports that state a fee, its unit said once as measureHeader's:
 * 「填报行政事业性收费的年报（份）」 / "Reports stating the administrative fees" (not "… (reports)").
 */
function reportsStating(lang: Lang, fee: Text): string {
  return axisTitle({ label: lang === 'zh' ? `填报${fee.zh}的年报` : `Reports stating the ${fee.en.toLowerCase()}`, unit: REPORTS_UNIT[lang] }, lang);
}

/** A facet's value as the small multiples title it: a level by its label, a province by its name (`names`: the CSV passes the data's). */
export function facetLabel(lang: Lang, facet: Facet, value: string | null, names: RegionNames = (column, v) => regionName(lang, column, v)): string {
  // A province facet's null is a national body or a region not identified (REGION_NOTE), as in the grouped views.
  if (value === null) return facet === 'province' ? groupLabel(lang, 'province', { value: null, province: null, city: null }, { province: null, city: null }) : lang === 'zh' ? '未注明' : 'not stated';
  return facet === 'level' ? (LEVELS.find((l) => l.key === value)?.[lang] ?? value) : names('province', value);
}

/**
 * Every group (the total first) with every measure, the bases and the flags: the CSV of the group
 * view. With a facet (the years view's small multiples), each row is a group of one facet value,
 * named in a first column: without it the rows of 2023 of every level read alike. Regions keep the
 * data's names in both languages (四川省, not "Sichuan"): a CSV is joined with the data and other
 * extracts, and links carry the same values.
 */
export function groupsCsv(lang: Lang, group: Grouping, total: GroupRow | null, rows: readonly GroupRow[], context: { province: string | null; city: string | null }, facet: Facet | null = null, pending: string = PENDING[lang]): string {
  const zh = lang === 'zh';
  const h = (z: string, e: string) => (zh ? z : e);
  const columns = [
    ...(facet ? [{ key: 'facet', header: FACET_LABELS[facet][lang] }] : []),
    { key: 'group', header: GROUPING_LABELS[group][lang] },
    // A city or county named with the province (and city) it belongs to.
    ...(group === 'city' || group === 'county' ? [{ key: 'province', header: h('所属省份', 'In province') }] : []),
    ...(group === 'county' ? [{ key: 'city', header: h('所属地市', 'In city') }] : []),
    ...GROUP_MEASURES.map((m) => ({ key: m.key, header: measureHeader(lang, m) })),
    { key: 'outcome_base', header: h('占比的分母：办理结果合计（件）', 'Denominator of the shares: outcomes (applications)') },
    { key: 'reconsiderations_base', header: h('复议比率的分母：办理申请（件）', 'Denominator of reconsiderations: applications handled') },
    { key: 'lawsuits_base', header: h('诉讼比率的分母：办理申请（件）', 'Denominator of lawsuits: applications handled') },
    { key: 'concluded', header: h('纠正比例的分母：已审结案件（件）', 'Denominator of the corrected share: concluded cases') },
    { key: 'fees_reports', header: reportsStating(lang, ADMIN_FEE) },
    { key: 'processing_fee_reports', header: reportsStating(lang, PROCESSING_FEE) },
    { key: 'too_few', header: h('样本过少或年报过少的指标', 'Measures with too few to rate or too few reports') },
  ];
  const line = (r: GroupRow, name: string) => ({
    ...r,
    facet: facet ? facetLabel(lang, facet, r.facet, (_, value) => value) : null,
    group: name,
    province: r.province,
    // A median of a row from the build's summaries is not known yet: the CSV says so, not a blank.
    ...Object.fromEntries(GROUP_MEASURES.map((m) => [m.key, measureValue(r, m) ?? (isMedian(m) && (r as { pending?: boolean }).pending ? pending : null)])),
    too_few: GROUP_MEASURES.filter((m) => m.tooFew?.(r)).map((m) => m.label[lang]).join(zh ? '、' : '; '),
  });
  const all = [
    ...(total ? [line(total, zh ? '全部' : 'All')] : []),
    ...rows.map((r) => line(r, groupLabel(lang, group, r, context, (_, value) => value))),
  ];
  return toCsv(columns, all);
}

/**
 * How the groups are ordered, said on each chart of the group view: every chart lists the groups
 * in the table's order (a group on the same line across charts), which is one chart's own measure
 * only — the others' bars read out of order unless the chart says by what they are ordered.
 */
export function orderNote(lang: Lang, sort: GroupSort, groupName: string): string {
  if (sort === 'value') return lang === 'zh' ? `各组按${groupName}排列。` : `Groups in order of ${groupName.toLowerCase()}.`;
  const m = measureOf(sort);
  const many = m.kind === 'count' || m.kind === 'money';
  return lang === 'zh'
    ? `各组按${measureHeader(lang, m)}${many ? '从多到少' : '从高到低'}排列，样本过少或未说明的组在后。`
    : `Groups in order of ${measureHeader(lang, m)}, ${many ? 'largest' : 'highest'} first; those too few to rate or not stated last.`;
}

// ---- headline numbers ------------------------------------------------------------------------

/** The key figures of the headline row, in order. */
export const HEADLINE_MEASURES: readonly GroupSort[] = [
  'reports', 'handled', 'granted_share', 'lawsuits_per_100', 'reconsiderations_per_100', 'fees_10k_yuan_sum', 'processing_fee_yuan_sum',
];

/**
 * The minimum-sample rule of the headline's share and rates (a filter's year as one group: its
 * reports' counts summed, then divided), stated under the figures.
 */
export const HEADLINE_MINIMUM = {
  zh: (n: number) => `占比和每百件比率为各年报件数之和再相除；占比的办理结果合计、每百件比率的办理申请少于 ${n} 件（含 0 件）时不计算，标为“样本过少”。`,
  en: (n: number) => `The share and the rates per 100 are the reports' counts summed, then divided; with fewer than ${n} outcomes in all (the share) or applications handled (the rates), 0 included, they are not computed: “too few to rate”.`,
};
export const headlineMinimum = (lang: Lang) => HEADLINE_MINIMUM[lang](MIN_APPLICATIONS_FOR_RATE);

export interface HeadlineChange {
  /** Difference from the previous year: counts and money as numbers, shares in percentage points. */
  delta: number | null;
  /** Relative change of a count or amount (0.1 = +10%); null for shares and rates, or from 0. */
  relative: number | null;
}

/**
 * The year the headline shows and the one it compares with: the year filter when set, else the
 * latest year with reports; the previous is the year before it, if the data has it.
 */
export function headlineYears(years: readonly number[], chosen: number | null): { year: number | null; previous: number | null; latest: boolean } {
  const year = chosen ?? (years.length ? Math.max(...years) : null);
  const previous = year !== null && years.includes(year - 1) ? year - 1 : null;
  return { year: year !== null && (chosen !== null || years.includes(year)) ? year : null, previous, latest: chosen === null };
}

export function headlineChange(now: GroupRow | null, before: GroupRow | null, m: GroupMeasure): HeadlineChange {
  const a = now ? measureValue(now, m) : null;
  const b = before ? measureValue(before, m) : null;
  if (a === null || b === null) return { delta: null, relative: null };
  const relative = m.kind === 'count' || m.kind === 'money' ? (b === 0 ? null : (a - b) / b) : null;
  return { delta: a - b, relative };
}

/**
 * The body rows of the table of every group (src/lib/table-rows.ts makes them as DOM nodes, the
 * text as text): the total row first (`tr.total[data-total]`, its header `all`), then a row per
 * group in `rows`' order (`tr[data-group-value]`), each measure a `td[data-measure]` holding
 * measureCell's text. A group with a level below it (`drillable`) names itself with
 * `button.drill[data-row=<index in rows>]` (the view handles the click on the table).
 */
export function groupRowSpecs(
  lang: Lang, total: GroupRow | null, rows: readonly GroupRow[],
  words: { all: string; label: (r: GroupRow) => string; drill: (label: string) => string; drillable: (r: GroupRow) => boolean; pending?: string },
): RowSpec[] {
  const cells = (r: GroupRow): CellSpec[] => GROUP_MEASURES.map((m) => ({ text: measureCell(lang, r, m, words.pending), attrs: { 'data-measure': m.key } }));
  const out: RowSpec[] = total ? [{ className: 'total', attrs: { 'data-total': '' }, cells: [{ header: true, text: words.all }, ...cells(total)] }] : [];
  rows.forEach((r, i) => {
    const label = words.label(r);
    const name: CellSpec = words.drillable(r)
      ? { header: true, text: label, button: { className: 'drill', attrs: { 'data-row': String(i), 'aria-label': words.drill(label) } } }
      : { header: true, text: label };
    out.push({ attrs: { 'data-group-value': r.value ?? '' }, cells: [name, ...cells(r)] });
  });
  return out;
}
