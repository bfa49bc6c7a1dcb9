// A report's status, by one rule, used by the parser (parse.ts), the Parquet build (fields.ts,
// rows.ts), the quality view and the agency page:
//
//   failed  — the file could not be read at all (the report carries an error, and no tables);
//   partial — otherwise, at least one check of severity `error`: a table, row or cell could not be
//             read (`parse.*`), or the report's own numbers break an identity of the template
//             (`source.*`) — some of its numbers are missing or cannot be trusted as they stand;
//   warning — otherwise, at least one check of severity `warning` (`meta.*`, `narrative.*`,
//             `parse.*`: something to look at, the tables stand);
//   ok      — otherwise (`info` checks only say how a value was read).
//
// The status follows the worst check's severity, whatever its family: the family says what a
// check is about, the severity how much it matters.
import type { Label, Status } from './schema.ts';

export type Severity = 'error' | 'warning' | 'info';

/** Worst first: the order of the quality list and the rank of `worst()`. */
export const STATUS_ORDER: readonly Status[] = ['failed', 'partial', 'warning', 'ok'];

export function statusRank(status: string): number {
  const i = STATUS_ORDER.indexOf(status as Status);
  return i < 0 ? STATUS_ORDER.length : i;
}

/** The status of a report: `error` is set only when the file could not be read. */
export function reportStatus(report: { error: unknown; checks: readonly { severity: Severity }[] }): Status {
  if (report.error !== null && report.error !== undefined) return 'failed';
  if (report.checks.some((c) => c.severity === 'error')) return 'partial';
  if (report.checks.some((c) => c.severity === 'warning')) return 'warning';
  return 'ok';
}

/** SQL for ORDER BY, worst first (STATUS_ORDER); `column` is a column name from the code, never from a user. */
export function statusOrderSql(column = 'status'): string {
  return `CASE ${column} ${STATUS_ORDER.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE ${STATUS_ORDER.length} END`;
}

/** The rule in words, for the agency page and 关于数据. */
export const STATUS_RULE: Record<Status, Label> = {
  failed: { zh: '文件无法读取', en: 'the file could not be read' },
  partial: { zh: '至少一项“错误”级校验：有表、行或单元格未能读出，或报告自身数字不自洽', en: "at least one error-level check: a table, row or cell could not be read, or the report's own numbers disagree" },
  warning: { zh: '没有错误，至少一项“警告”级校验', en: 'no errors, at least one warning-level check' },
  ok: { zh: '没有错误或警告级校验', en: 'no error- or warning-level checks' },
};
