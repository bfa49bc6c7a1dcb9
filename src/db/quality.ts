// The questions of the data-quality view (数据质量): every input file with its status and checks,
// filtered by the dashboard's filters and by status, check family (the code's first part:
// source, parse, meta, narrative, continuity…) and severity — paged, counted and exported in SQL.
// User values are bound `?` parameters only.
import { where, type Filters, type Query } from './predicates.ts';
import { statusOrderSql, type Severity } from '../format/status.ts';
import { STATUSES, type Status } from '../format/schema.ts';

export interface QualityFilter {
  status: Status | null;
  /** A check family, e.g. 'source': reports with at least one check of that family (and severity, if set). */
  family: string | null;
  severity: Severity | null;
}

export const NO_QUALITY_FILTER: QualityFilter = { status: null, family: null, severity: null };
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** A check's family: its code up to the first dot (`source.t3.outcomes_sum` → `source`). */
export function familyOf(code: string): string {
  const dot = code.indexOf('.');
  return dot < 0 ? code : code.slice(0, dot);
}
/** SQL for the family of checks.code (optionally of a table alias), the same rule as familyOf. */
const familySql = (alias = '') => `split_part(${alias ? `${alias}.` : ''}code, '.', 1)`;

/** A family name as it may appear in a URL: lower-case letters and underscores. */
export const isFamily = (x: string): boolean => /^[a-z][a-z_]{0,39}$/.test(x);
export const isSeverity = (x: string): x is Severity => (SEVERITIES as readonly string[]).includes(x);
export const isStatus = (x: string): x is Status => STATUSES.some((s) => s.key === x);

/** The checks the family/severity filter selects (all checks when neither is set). */
function checkClause(q: QualityFilter, alias = ''): Query | null {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (q.family) {
    parts.push(`${familySql(alias)} = ?`);
    params.push(q.family);
  }
  if (q.severity) {
    parts.push(`${alias ? `${alias}.` : ''}severity = ?`);
    params.push(q.severity);
  }
  return parts.length ? { sql: parts.join(' AND '), params } : null;
}

/** WHERE over `reports`/`facts` for the filters (failed files included) and the quality filter. */
export function qualityWhere(filters: Filters, q: QualityFilter): Query {
  const and: Query[] = [];
  if (q.status) and.push({ sql: 'status = ?', params: [q.status] });
  const checks = checkClause(q);
  if (checks) and.push({ sql: `report_id IN (SELECT report_id FROM checks WHERE ${checks.sql})`, params: checks.params });
  return where(filters, { includeFailed: true, and });
}

const ORDER = `${statusOrderSql('status')}, COALESCE(check_errors, 0) DESC, COALESCE(check_warnings, 0) DESC, file, report_id`;

/** One page of the quality table, worst first (status, then errors, then warnings). */
export function qualityPage(filters: Filters, q: QualityFilter, limit = 50, offset = 0): Query {
  const w = qualityWhere(filters, q);
  return {
    sql: `SELECT report_id, file, agency, year, status, error_code, error, error_en, derived_cells::INTEGER AS derived_cells,
        check_errors::INTEGER AS check_errors, check_warnings::INTEGER AS check_warnings
      FROM reports ${w.sql} ORDER BY ${ORDER} LIMIT ? OFFSET ?`,
    params: [...w.params, limit, offset],
  };
}

/** How many reports the quality table has under these filters. */
export function qualityCount(filters: Filters, q: QualityFilter): Query {
  const w = qualityWhere(filters, q);
  return { sql: `SELECT COUNT(*)::INTEGER AS n FROM reports ${w.sql}`, params: w.params };
}

/** Errors, then warnings, then notes: a report shows its first few checks, and its errors must be among them. */
const SEVERITY_ORDER = `CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;

/**
 * The checks of the reports on one page (the same page as qualityPage); only the selected ones when
 * a family or severity is chosen. Within a report the worst first (the page shows a few and folds
 * the rest: 怀化市人民政府's 16 errors were all folded under its notes), then in the order made.
 */
export function checksOfQualityPage(filters: Filters, q: QualityFilter, limit = 50, offset = 0): Query {
  const page = qualityPage(filters, q, limit, offset);
  const checks = checkClause(q);
  return {
    sql: `SELECT report_id, code, severity, cell_refs, message_zh, message_en FROM checks
      WHERE report_id IN (SELECT report_id FROM (${page.sql}))${checks ? ` AND ${checks.sql}` : ''}
      ORDER BY report_id, ${SEVERITY_ORDER}, check_index`,
    params: [...page.params, ...(checks?.params ?? [])],
  };
}

/** The families and severities present among the filtered reports' checks, with counts (for the choices). */
export function checkFamilies(filters: Filters): Query {
  const w = where(filters, { includeFailed: true });
  return {
    sql: `SELECT ${familySql()} AS family, severity, COUNT(*)::INTEGER AS n FROM checks
      WHERE report_id IN (SELECT report_id FROM reports ${w.sql}) GROUP BY ALL ORDER BY family, severity`,
    params: w.params,
  };
}

/** Columns of the checks export, in order (CSV headers come from these keys and their labels). */
export const CHECK_EXPORT_COLUMNS = [
  { key: 'report_id', zh: '报告编号', en: 'report_id' },
  { key: 'file', zh: '源文件', en: 'file' },
  { key: 'agency', zh: '机关名称', en: 'agency' },
  { key: 'year', zh: '报告年度', en: 'year' },
  { key: 'status', zh: '状态', en: 'status' },
  { key: 'code', zh: '校验代码', en: 'code' },
  { key: 'family', zh: '校验类别', en: 'family' },
  { key: 'severity', zh: '级别', en: 'severity' },
  { key: 'cell_refs', zh: '涉及单元格', en: 'cell_refs' },
  { key: 'message_zh', zh: '说明（中文）', en: 'message_zh' },
  { key: 'message_en', zh: '说明（英文）', en: 'message_en' },
] as const;

/** Every selected check of every report in the filtered result (not just the page), worst report first. */
export function checksExport(filters: Filters, q: QualityFilter): Query {
  const w = qualityWhere(filters, q);
  const checks = checkClause(q, 'c');
  return {
    sql: `SELECT r.report_id, r.file, r.agency, r.year, r.status, c.code, ${familySql('c')} AS family, c.severity,
        c.cell_refs, c.message_zh, c.message_en
      FROM (SELECT report_id, file, agency, year, status, check_errors, check_warnings FROM reports ${w.sql}) r
      JOIN checks c USING (report_id)
      ${checks ? `WHERE ${checks.sql}` : ''}
      ORDER BY ${statusOrderSql('r.status')}, COALESCE(r.check_errors, 0) DESC, COALESCE(r.check_warnings, 0) DESC, r.file, r.report_id, c.check_index`,
    params: [...w.params, ...(checks?.params ?? [])],
  };
}
