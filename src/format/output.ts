// The stable JSON record of the command-line contract: the report without its raw cell texts
// (those go to cells.parquet), keys in the documented order.
import type { Report } from './report.ts';

export function cliRecord(report: Report): Omit<Report, 'raw'> {
  const { raw: _raw, ...rest } = report;
  return rest;
}
