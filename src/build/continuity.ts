// Checks that only show across reports (the `continuity.` family of checks.parquet). Pure
// functions of plain rows; src/build/across.ts reads the rows from the build and writes back.
//
// - continuity.duplicate / continuity.duplicate_identical: the same agency and year filed more
//   than once. One filing is charted (DUPLICATE_RULE); the others are superseded and counted in
//   no total. Copies whose numbers agree (no cell stated by both with two values; one copy may
//   leave blank what the other read, e.g. the same report as a web page and as glued text) are a
//   note; differing copies a warning on every copy, naming the cells that differ.
// - continuity.carry_over: 结转下年度继续办理 of year N (table 3 row 25) against 上年结转 of year
//   N+1 (row 2), column by column, for the same agency: a mismatch is flagged on both reports.
// - continuity.missing_year: years missing between two years the agency reported, on both.
import type { CellRef, Severity } from '../format/report.ts';
import { T3, TABLE3_COLUMNS } from '../format/schema.ts';

/** One filing of an agency's year, as the duplicate rule needs it. */
export interface Filing {
  report_id: string;
  file: string;
  agency_id: string;
  year: number;
  /** Parse checks of the report (before any continuity check). */
  errors: number;
  warnings: number;
  /** Template cells read as printed (not blank, not derived). */
  stated: number;
  /** manifest.csv `prefer`. */
  prefer: boolean;
  /** The report's cells in one fixed order (CELL_SLOTS, then the processing fee): what "identical" compares. */
  values: readonly (number | null)[];
}

export const DUPLICATE_RULE = {
  zh: '同一机关同一年度有多份报告时，只有一份计入统计：manifest.csv 标为 prefer 的一份；否则校验错误较少的、警告较少的、按原样读出的单元格较多的一份；仍相同时取文件名在前的一份。其余各份保留在数据质量中，不计入任何合计。',
  en: 'When an agency filed more than one report for a year, one counts: the one manifest.csv marks prefer; otherwise the one with fewer check errors, then fewer warnings, then more cells read as printed, then the first file name. The others stay visible in data quality and count in no total.',
};

/** Sort order of DUPLICATE_RULE: the first filing is the one charted. */
export function compareFilings(a: Filing, b: Filing): number {
  return Number(b.prefer) - Number(a.prefer) || a.errors - b.errors || a.warnings - b.warnings || b.stated - a.stated
    || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.report_id < b.report_id ? -1 : a.report_id > b.report_id ? 1 : 0);
}

export interface DuplicateGroup {
  agency_id: string;
  year: number;
  chosen: Filing;
  /**
   * The superseded filings, each with the indexes (into `values`) where both state a value and the
   * values differ, and those where only one of the two states one.
   */
  others: { filing: Filing; differences: number[]; gaps: number[] }[];
}

/** Filings of the same agency and year, more than one: which is charted and how the others differ. */
export function duplicateGroups(filings: readonly Filing[]): DuplicateGroup[] {
  const groups = new Map<string, Filing[]>();
  for (const f of filings) {
    const key = `${f.agency_id}\u0000${f.year}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const out: DuplicateGroup[] = [];
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const [chosen, ...rest] = [...list].sort(compareFilings);
    out.push({
      agency_id: chosen.agency_id,
      year: chosen.year,
      chosen,
      others: rest.map((filing) => ({ filing, ...compareValues(chosen.values, filing.values) })),
    });
  }
  return out.sort((a, b) => (a.agency_id < b.agency_id ? -1 : a.agency_id > b.agency_id ? 1 : a.year - b.year));
}

function compareValues(a: readonly (number | null)[], b: readonly (number | null)[]): { differences: number[]; gaps: number[] } {
  const differences: number[] = [];
  const gaps: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null || y === null) gaps.push(i);
    else differences.push(i);
  }
  return { differences, gaps };
}

/** A check about one report that comes from looking at others. */
export interface Finding {
  report_id: string;
  file: string;
  code: string;
  severity: Severity;
  cells: CellRef[];
  message_zh: string;
  message_en: string;
}

/** How a duplicate finding names a cell: its label and, where it has one, its place in the template. */
export interface ValueSlot {
  zh: string;
  en: string;
  cell: CellRef | null;
}

const LIST_LABELS = 3;

export function duplicateFindings(groups: readonly DuplicateGroup[], slots: readonly ValueSlot[]): Finding[] {
  const out: Finding[] = [];
  for (const g of groups) {
    const differing = g.others.filter((o) => o.differences.length > 0);
    const identical = g.others.filter((o) => o.differences.length === 0);
    const cellsOf = (idx: number[]) => idx.flatMap((i) => (slots[i]?.cell ? [slots[i].cell!] : []));
    const labels = (idx: number[], lang: 'zh' | 'en') => idx.slice(0, LIST_LABELS).map((i) => slots[i]?.[lang] ?? `#${i}`).join(lang === 'zh' ? '、' : '; ')
      + (idx.length > LIST_LABELS ? (lang === 'zh' ? ' 等' : ' …') : '');
    for (const { filing, differences } of differing) {
      out.push({
        report_id: filing.report_id, file: filing.file, code: 'continuity.duplicate', severity: 'warning', cells: cellsOf(differences),
        message_zh: `${g.year} 年度本机关另有一份报告（${g.chosen.file}），${differences.length} 处数值不同（${labels(differences, 'zh')}）；按规则采用那一份，本份不计入统计`,
        message_en: `The agency filed another report for ${g.year} (${g.chosen.file}) whose numbers differ in ${differences.length} places (${labels(differences, 'en')}); by the rule that one counts and this one is left out of every total`,
      });
    }
    if (differing.length) {
      const all = [...new Set(differing.flatMap((o) => o.differences))].sort((a, b) => a - b);
      const files = differing.map((o) => o.filing.file).join(', ');
      out.push({
        report_id: g.chosen.report_id, file: g.chosen.file, code: 'continuity.duplicate', severity: 'warning', cells: cellsOf(all),
        message_zh: `${g.year} 年度本机关另有 ${differing.length} 份数值不同的报告（${files}），${all.length} 处不同（${labels(all, 'zh')}）；按规则本份计入统计，另一份不计入`,
        message_en: `The agency filed ${differing.length} more report(s) for ${g.year} with different numbers (${files}), ${all.length} places differ (${labels(all, 'en')}); by the rule this one counts and the other is left out`,
      });
    }
    const gapNote = (gaps: number[], lang: 'zh' | 'en') => (!gaps.length ? ''
      : lang === 'zh' ? `，其中 ${gaps.length} 处只有一份读出（${labels(gaps, 'zh')}）` : `, ${gaps.length} cells read in one copy only (${labels(gaps, 'en')})`);
    for (const { filing, gaps } of identical) {
      out.push({
        report_id: filing.report_id, file: filing.file, code: 'continuity.duplicate_identical', severity: 'info', cells: cellsOf(gaps),
        message_zh: `${g.year} 年度本机关另有一份数值相同的报告（${g.chosen.file}）${gapNote(gaps, 'zh')}；只计一次，本份不计入统计`,
        message_en: `The agency filed another report for ${g.year} with the same numbers (${g.chosen.file})${gapNote(gaps, 'en')}; it is counted once, this copy is left out`,
      });
    }
    if (identical.length) {
      const files = identical.map((o) => o.filing.file).join(', ');
      const gaps = [...new Set(identical.flatMap((o) => o.gaps))].sort((a, b) => a - b);
      out.push({
        report_id: g.chosen.report_id, file: g.chosen.file, code: 'continuity.duplicate_identical', severity: 'info', cells: cellsOf(gaps),
        message_zh: `${g.year} 年度本机关另有 ${identical.length} 份数值相同的报告（${files}）${gapNote(gaps, 'zh')}；只计一次，计入的是本份`,
        message_en: `The agency filed ${identical.length} more report(s) for ${g.year} with the same numbers (${files})${gapNote(gaps, 'en')}; counted once, as this one`,
      });
    }
  }
  return out;
}

/** One charted report of an agency, as the carry-over and missing-year checks need it. */
export interface SeriesReport {
  report_id: string;
  file: string;
  agency_id: string;
  year: number;
  /** Table 3 row 2 (上年结转), the seven columns. */
  carried_in: readonly (number | null)[];
  /** Table 3 row 25 (结转下年度继续办理), the seven columns. */
  carried_out: readonly (number | null)[];
}

const t3 = (row: number, col: number): CellRef => ({ table: 'table3', row, col });

/** Carry-over mismatches and missing years, over the charted report of each agency and year (one per year). */
export function seriesFindings(reports: readonly SeriesReport[]): Finding[] {
  const byAgency = new Map<string, SeriesReport[]>();
  for (const r of reports) {
    const list = byAgency.get(r.agency_id);
    if (list) list.push(r);
    else byAgency.set(r.agency_id, [r]);
  }
  const out: Finding[] = [];
  for (const id of [...byAgency.keys()].sort()) {
    const series = byAgency.get(id)!.sort((a, b) => a.year - b.year);
    for (let i = 1; i < series.length; i++) {
      const before = series[i - 1];
      const after = series[i];
      if (after.year === before.year) throw new Error(`continuity: ${id} has two charted reports for ${after.year}`);
      if (after.year === before.year + 1) out.push(...carryOver(before, after));
      else out.push(...missingYears(before, after));
    }
  }
  return out;
}

function carryOver(before: SeriesReport, after: SeriesReport): Finding[] {
  const columns: number[] = [];
  for (let c = 0; c < TABLE3_COLUMNS.length; c++) {
    const out = before.carried_out[c] ?? null;
    const into = after.carried_in[c] ?? null;
    if (out !== null && into !== null && out !== into) columns.push(c);
  }
  if (!columns.length) return [];
  const detail = (lang: 'zh' | 'en') => columns.map((c) => `${TABLE3_COLUMNS[c][lang]} ${before.carried_out[c]} → ${after.carried_in[c]}`).join(lang === 'zh' ? '；' : '; ');
  return [
    {
      report_id: before.report_id, file: before.file, code: 'continuity.carry_over', severity: 'warning',
      cells: columns.map((c) => t3(T3.CARRIED_FORWARD, c)),
      message_zh: `本年度“结转下年度继续办理”与 ${after.year} 年度报告（${after.file}）的“上年结转”不一致：${detail('zh')}`,
      message_en: `Carried into next year does not match "carried over from last year" in the ${after.year} report (${after.file}): ${detail('en')}`,
    },
    {
      report_id: after.report_id, file: after.file, code: 'continuity.carry_over', severity: 'warning',
      cells: columns.map((c) => t3(T3.CARRIED_OVER, c)),
      message_zh: `本年度“上年结转”与 ${before.year} 年度报告（${before.file}）的“结转下年度继续办理”不一致：${detail('zh')}`,
      message_en: `Carried over from last year does not match "carried into next year" in the ${before.year} report (${before.file}): ${detail('en')}`,
    },
  ];
}

function missingYears(before: SeriesReport, after: SeriesReport): Finding[] {
  const years: number[] = [];
  for (let y = before.year + 1; y < after.year; y++) years.push(y);
  const list = (lang: 'zh' | 'en') => (years.length > 3 ? `${years[0]}–${years[years.length - 1]}` : years.join(lang === 'zh' ? '、' : ', '));
  return [
    {
      report_id: before.report_id, file: before.file, code: 'continuity.missing_year', severity: 'info', cells: [],
      message_zh: `本机关下一份报告是 ${after.year} 年度（${after.file}），缺少 ${list('zh')} 年度的报告`,
      message_en: `The agency's next report is for ${after.year} (${after.file}); no report for ${list('en')}`,
    },
    {
      report_id: after.report_id, file: after.file, code: 'continuity.missing_year', severity: 'info', cells: [],
      message_zh: `本机关上一份报告是 ${before.year} 年度（${before.file}），缺少 ${list('zh')} 年度的报告`,
      message_en: `The agency's previous report is for ${before.year} (${before.file}); no report for ${list('en')}`,
    },
  ];
}
