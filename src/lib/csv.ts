// CSV for people who open it in Excel: a byte-order mark so Excel reads UTF-8 (without it
// Chinese turns into mojibake on Windows), CRLF line ends, and cells that cannot run as
// formulas. Agency names and other text come from scraped reports, so a cell like
// `=HYPERLINK(...)` is data, never a formula.

import Papa from 'papaparse';
import { safeFileName } from './filename.ts';

export const BOM = '\uFEFF';

export interface CsvColumn {
  key: string;
  header: string;
}

/** Spreadsheet programs treat a cell starting with one of these as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A spreadsheet in a locale whose list separator is `;` (or one guessing the separator) splits a
 * cell at `;` or `,`: a formula may start after one, as in `;=1+1`.
 */
const FORMULA_AFTER_SEPARATOR = /[;,][\s]*[=+\-@]/;

/**
 * A text cell that a spreadsheet could evaluate gets a leading apostrophe; other text is unchanged.
 * (toCsv also quotes every cell holding a `;`, so a semicolon locale keeps it one cell.)
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) || FORMULA_AFTER_SEPARATOR.test(text) ? `'${text}` : text;
}

/**
 * A number as CSV text: at most 15 significant digits, all a double holds of a decimal (DBL_DIG), so
 * a sum's binary noise (7912.048999999999 for 7912.049) is not printed; integers below 10^15 as they are.
 */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return Number.isInteger(value) && Math.abs(value) < 1e15 ? String(value) : String(Number(value.toPrecision(15)));
}

/** One cell as CSV text: numbers stay numbers (a negative number is not a formula), null is empty. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return csvNumber(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return neutraliseFormula(String(value));
}

/** The rows as CSV text with a BOM, a header line and CRLF after every line. */
export function toCsv(columns: readonly CsvColumn[], rows: readonly Record<string, unknown>[]): string {
  const fields = columns.map((column) => cell(column.header));
  const data = rows.map((row) => columns.map((column) => cell(row[column.key])));
  // Every cell is already a string, so papaparse only quotes and joins; its own escapeFormulae
  // would also fire on numbers turned to text ("-3"), which must stay numbers.
  // A cell holding `;` is quoted: in a semicolon locale it stays one cell.
  const body = Papa.unparse({ fields, data }, { newline: '\r\n', quotes: (value: unknown) => typeof value === 'string' && value.includes(';'), header: true });
  return `${BOM}${body}\r\n`;
}

/** A CSV file name that says what the filter was, e.g. `年报数据_湖南省_2024年_县级.csv`. */
export function csvFileName(parts: readonly string[]): string {
  return safeFileName(parts, 'csv');
}
