// The flat fields of one report: one row of reports.parquet, one row of a CSV extract, one
// column of SQL. Built from the schema so that every reader agrees on names, types and labels.
import { reportStatus, STATUS_ORDER, STATUS_RULE } from './status.ts';
import type { Report } from './report.ts';
import {
  FIELD_SOURCES, KINDS, LEVELS, PROCESSING_FEE, STATUSES, TABLE2_2019_FIELDS, TEMPLATES, table2019Column, T3_OTHER_TOTAL, T3_OTHER_TOTAL_ROW, TABLE2_FIELDS, TABLE3_COLUMNS, TABLE3_LAYOUTS, TABLE3_ROWS, TABLE4_FIELDS,
  table2Column, table3Column, table4Column, type Label,
} from './schema.ts';

export type FieldType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE';

export interface ReportField extends Label {
  name: string;
  type: FieldType;
  /** Unit of a number, when it has one. */
  unit?: Label;
  /** What the field means, for the "about the data" page. */
  description?: Label;
  /** A coded field: its codes (the values stored) and their labels in each language. */
  codes?: readonly (Label & { key: string })[];
  group: 'meta' | 'table2' | 'table3' | 'table4' | 'fee' | 'quality';
  value: (report: Report, extra: ReportExtras) => string | number | null;
}

/** Values that the data build knows but the parser does not (hashes, counts). */
export interface ReportExtras {
  /** Stable id of the input file (a hash of its path in the reports folder). */
  report_id: string;
  sha256: string | null;
  bytes: number | null;
  /** Filled by the build across all reports (src/build/agencies.ts), not by one file's parse. */
  agency_id?: string | null;
  superseded_by?: string | null;
}

const count = (r: Report, severity: 'error' | 'warning') => r.checks.filter((c) => c.severity === severity).length;
const PIECES = { zh: '件', en: 'applications' };
const CASES = { zh: '件', en: 'cases' };

export const REPORT_FIELDS: readonly ReportField[] = [
  { name: 'report_id', type: 'VARCHAR', zh: '报告编号', en: 'Report id', group: 'meta',
    description: { zh: '源文件路径的 SHA-256 前 16 位：每个输入文件一个，内容更新后不变', en: 'First 16 hex digits of the SHA-256 of the file path: one per input file, stable when its content changes' },
    value: (_r, x) => x.report_id },
  { name: 'file', type: 'VARCHAR', zh: '源文件', en: 'Source file', group: 'meta', value: (r) => r.file },
  { name: 'agency', type: 'VARCHAR', zh: '机关名称', en: 'Agency', group: 'meta', value: (r) => r.agency },
  { name: 'agency_id', type: 'VARCHAR', zh: '机关标识', en: 'Agency id', group: 'meta',
    description: { zh: '跨年度的机关标识：行政区划代码-规范化名称（办公厅/办公室、管理委员会/管委会等写法统一；更名可由 manifest.csv 的 agency_id 列指定）；名称未知时为空',
      en: 'The agency across years: region code-normalised name (办公厅/办公室, 管理委员会/管委会 and similar variants unified; a rename can be stated in manifest.csv column agency_id); empty when the name is unknown' },
    value: (_r, x) => x.agency_id ?? null },
  { name: 'year', type: 'INTEGER', zh: '报告年度', en: 'Year', group: 'meta', value: (r) => r.year },
  { name: 'region_code', type: 'VARCHAR', zh: '行政区划代码', en: 'Region code (GB/T 2260)', group: 'meta', value: (r) => r.region_code },
  { name: 'province', type: 'VARCHAR', zh: '省份', en: 'Province', group: 'meta', value: (r) => r.province },
  { name: 'city', type: 'VARCHAR', zh: '地市', en: 'City', group: 'meta', value: (r) => r.city },
  { name: 'county', type: 'VARCHAR', zh: '区县', en: 'County', group: 'meta', value: (r) => r.county },
  { name: 'level', type: 'VARCHAR', zh: '政府层级', en: 'Government level', group: 'meta',
    description: { zh: LEVELS.map((l) => `${l.key}=${l.zh}`).join('；'), en: LEVELS.map((l) => `${l.key}=${l.en}`).join('; ') },
    codes: LEVELS, value: (r) => r.level },
  { name: 'kind', type: 'VARCHAR', zh: '机关类型', en: 'Kind of body', group: 'meta',
    description: { zh: KINDS.map((k) => `${k.key}=${k.zh}`).join('；'), en: KINDS.map((k) => `${k.key}=${k.en}`).join('; ') },
    codes: KINDS, value: (r) => r.kind },
  { name: 'template', type: 'VARCHAR', zh: '报告模板', en: 'Template', group: 'meta',
    description: { zh: TEMPLATES.map((t) => `${t.key}=${t.zh}`).join('；') + '。两版模板中只有一版才有的字段，在另一版的报告中为空。',
      en: TEMPLATES.map((t) => `${t.key}=${t.en}`).join('; ') + '. A field one template has and the other lacks is empty for reports in the other.' },
    codes: TEMPLATES, value: (r) => r.template },
  { name: 'statistics_year', type: 'INTEGER', zh: '统计期限所属年度', en: 'Year of the stated statistics period', group: 'meta', value: (r) => r.statistics_year },
  { name: 'agency_source', type: 'VARCHAR', zh: '机关名称来源', en: 'Agency taken from', group: 'meta', codes: FIELD_SOURCES, value: (r) => r.sources.agency },
  { name: 'year_source', type: 'VARCHAR', zh: '年度来源', en: 'Year taken from', group: 'meta', codes: FIELD_SOURCES, value: (r) => r.sources.year },
  { name: 'region_source', type: 'VARCHAR', zh: '地区来源', en: 'Region taken from', group: 'meta', codes: FIELD_SOURCES, value: (r) => r.sources.region },
  { name: 'source_url', type: 'VARCHAR', zh: '原文链接', en: 'Source URL', group: 'meta', value: (r) => r.source_url },
  ...TABLE2_FIELDS.map((f): ReportField => ({
    name: table2Column(f), type: f.row === 'fees_10k_yuan' ? 'DOUBLE' : 'BIGINT', zh: f.zh, en: f.en, unit: f.unit, group: 'table2',
    value: (r) => {
      const v = r.table2[f.row];
      return Array.isArray(v) ? v[f.index] : v;
    },
  })),
  ...TABLE2_2019_FIELDS.map((f): ReportField => ({
    name: table2019Column(f.key), type: f.column === 'amount' ? 'DOUBLE' : 'BIGINT', zh: `${f.zh}（2019 年版模板）`, en: `${f.en} (2019 template)`,
    unit: f.unit, group: 'table2',
    description: { zh: '仅 2019 年版模板（2019、2020 年度报告）有此字段', en: 'Only in the 2019 template (reports for 2019 and 2020)' },
    value: (r) => r.table2_2019?.[f.key] ?? null,
  })),
  ...TABLE3_ROWS.flatMap((row, ri) => TABLE3_COLUMNS.map((col, ci): ReportField => ({
    name: table3Column(ri, ci), type: 'INTEGER', zh: `${row.zh}·${col.zh}`, en: `${row.en}, ${col.en}`, unit: PIECES, group: 'table3',
    value: (r) => r.table3[ri][ci],
  }))),
  { name: 't3_layout', type: 'VARCHAR', zh: '表三版式', en: 'Table 3 layout', group: 'table3',
    description: { zh: TABLE3_LAYOUTS.map((l) => `${l.key}=${l.zh}`).join('；'), en: TABLE3_LAYOUTS.map((l) => `${l.key}=${l.en}`).join('; ') },
    codes: TABLE3_LAYOUTS, value: (r) => r.table3_layout },
  ...TABLE3_COLUMNS.map((col, ci): ReportField => ({
    name: table3Column(T3_OTHER_TOTAL_ROW, ci), type: 'INTEGER', zh: `${T3_OTHER_TOTAL.zh}·${col.zh}`, en: `${T3_OTHER_TOTAL.en}, ${col.en}`, unit: PIECES, group: 'table3',
    description: { zh: '报告把“其他处理”只印为一行合计时的数字；按模板逐行列出时为空', en: 'Printed only by reports that give “other” as one total row; empty where the three rows are printed' },
    value: (r) => r.table3_other_total?.[ci] ?? null,
  })),
  ...TABLE4_FIELDS.map((f): ReportField => ({
    name: table4Column(f), type: 'INTEGER', zh: f.zh, en: f.en, unit: CASES, group: 'table4',
    value: (r) => r.table4[f.index],
  })),
  { name: PROCESSING_FEE.key, type: 'DOUBLE', zh: `${PROCESSING_FEE.zh}（${PROCESSING_FEE.unit.zh}）`, en: `${PROCESSING_FEE.en} (${PROCESSING_FEE.unit.en})`,
    unit: PROCESSING_FEE.unit, group: 'fee',
    description: { zh: '第六部分所述信息处理费；未收取记为 0，未提及为空', en: 'Section 六 processing fee; 0 where the report says none was charged, empty where it is silent' },
    value: (r) => r.processing_fee_yuan },
  { name: 'derived_cells', type: 'INTEGER', zh: '推算单元格数', en: 'Derived cells', group: 'quality', value: (r) => r.derived.length },
  { name: 'check_errors', type: 'INTEGER', zh: '校验错误数', en: 'Check errors', group: 'quality', value: (r) => count(r, 'error') },
  { name: 'check_warnings', type: 'INTEGER', zh: '校验警告数', en: 'Check warnings', group: 'quality', value: (r) => count(r, 'warning') },
  { name: 'status', type: 'VARCHAR', zh: '状态', en: 'Status', group: 'quality',
    description: {
      zh: STATUS_ORDER.map((k) => `${k}=${STATUSES.find((s) => s.key === k)!.zh}（${STATUS_RULE[k].zh}）`).join('；'),
      en: STATUS_ORDER.map((k) => `${k}=${STATUSES.find((s) => s.key === k)!.en} (${STATUS_RULE[k].en})`).join('; '),
    },
    codes: STATUSES, value: (r) => reportStatus(r) },
  { name: 'superseded_by', type: 'VARCHAR', zh: '被替代于', en: 'Superseded by', group: 'quality',
    description: { zh: '同一机关同一年度有多份报告时，未用于统计的这份所让位的报告编号；为空即计入统计（见数据质量的 continuity.duplicate 校验）',
      en: 'When an agency filed more than one report for a year: the report id charted instead of this one; empty means this report counts (see the continuity.duplicate checks in data quality)' },
    value: (_r, x) => x.superseded_by ?? null },
  { name: 'error_code', type: 'VARCHAR', zh: '失败代码', en: 'Failure code', group: 'quality', value: (r) => r.error?.code ?? null },
  { name: 'error', type: 'VARCHAR', zh: '失败原因', en: 'Failure reason (Chinese)', group: 'quality', value: (r) => r.error?.message_zh ?? null },
  { name: 'error_en', type: 'VARCHAR', zh: '失败原因（英文）', en: 'Failure reason', group: 'quality', value: (r) => r.error?.message_en ?? null },
  { name: 'encoding', type: 'VARCHAR', zh: '文件编码', en: 'Encoding', group: 'quality', value: (r) => r.encoding },
  { name: 'sha256', type: 'VARCHAR', zh: '源文件 SHA-256', en: 'Source SHA-256', group: 'quality', value: (_r, x) => x.sha256 },
  { name: 'bytes', type: 'BIGINT', zh: '源文件字节数', en: 'Source bytes', group: 'quality', value: (_r, x) => x.bytes },
];

export const FIELD_BY_NAME: ReadonlyMap<string, ReportField> = new Map(REPORT_FIELDS.map((f) => [f.name, f]));
