// The CSV extract: every field of the filtered reports, with headers in either language and
// a file name that says what was filtered.
import { toCsv, csvFileName, type CsvColumn } from './csv.ts';
import { REPORT_FIELDS, type ReportField } from '../format/fields.ts';
import { KINDS, LEVELS } from '../format/schema.ts';
import type { ExtractRows, Filters as FilterSet } from '../db/queries.ts';
import { provinceName } from '../app/region-names.ts';

/**
 * Header language of the CSV. 'zh': the Chinese labels of REPORT_FIELDS with their units
 * (规章·本年制发件数（件） …, 行政事业性收费（万元）) and coded values as Chinese labels (地市级),
 * for people reading in a spreadsheet. 'en': the field names (t2_regulations_issued …), which are
 * also the column names of reports.parquet and of the SQL — stable, ASCII, and usable as
 * variable names in pandas or R. The English labels are on the "about the data" page.
 */
export type HeaderLanguage = 'zh' | 'en';

/** 「行政事业性收费（万元）」: a Chinese header says its unit, unless its label already does. */
function zhHeader(f: ReportField): string {
  if (!f.unit || f.zh.includes(`（${f.unit.zh}）`)) return f.zh;
  return `${f.zh}（${f.unit.zh}）`;
}

export function extractColumns(headers: HeaderLanguage): CsvColumn[] {
  return REPORT_FIELDS.map((f) => ({ key: f.name, header: headers === 'zh' ? zhHeader(f) : f.name }));
}

/**
 * Coded columns (level, kind, template, status, sources, layout) in the header language: Chinese
 * labels under Chinese headers, the codes themselves under field names (as in the Parquet).
 */
function labelCodes(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const coded = REPORT_FIELDS.filter((f) => f.codes).map((f) => [f.name, new Map(f.codes!.map((c) => [c.key, c.zh]))] as const);
  return rows.map((row) => {
    const out = { ...row };
    for (const [name, labels] of coded) {
      const v = row[name];
      if (typeof v === 'string' && labels.has(v)) out[name] = labels.get(v);
    }
    return out;
  });
}

/** The rows of `extract(filters, rows)` as CSV text: BOM, one header line, one line per report. */
export function extractCsv(rows: readonly Record<string, unknown>[], headers: HeaderLanguage): string {
  return toCsv(extractColumns(headers), headers === 'zh' ? labelCodes(rows) : rows);
}

/** A file name saying what was filtered, e.g. 政府信息公开年报_湖南省_2024_县级.csv. */
export function extractFileName(filters: FilterSet, lang: 'zh' | 'en', rows: ExtractRows = 'counted'): string {
  const level = LEVELS.find((l) => l.key === filters.level);
  const kind = KINDS.find((k) => k.key === filters.kind);
  const q = filters.q.trim();
  const parts = [
    lang === 'zh' ? '政府信息公开年报' : 'gov-info-annual-reports',
    filters.province ? provinceName(lang, filters.province) : '',
    filters.city ?? '',
    filters.county ?? '',
    filters.year === null ? '' : String(filters.year),
    level ? level[lang] : '',
    kind ? kind[lang] : '',
    q ? (lang === 'zh' ? `名称含${q}` : `name-${q}`) : '',
  ];
  const filtered = parts.slice(1).some((p) => p !== '');
  // Every file, failed and superseded ones too: said in the name, so the two downloads are not mistaken for one another.
  const every = rows === 'all' ? [lang === 'zh' ? '含失败与被替代文件' : 'every-file'] : [];
  return csvFileName([...(filtered ? parts : [parts[0], lang === 'zh' ? '全部' : 'all']), ...every]);
}
