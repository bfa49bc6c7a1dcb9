// The numbers a table cell can hold, and the checks on printed numbers that are not such a number.
//
// Every cell of tables 2, 3 and 4 is a count (documents, decisions, applications, cases) except
// table 2's fee amount (万元, with decimals), the 2019 template's procurement amount and its
// 本年增/减 column (a change, signed). The columns that hold them (fields.ts): table 3 and 4 counts
// are 32-bit INTEGER, table 2 counts BIGINT, amounts DOUBLE. A printed number a column cannot hold
// (1e30, a count of 3 billion, 12.5 applications) was written as null by the build with only a
// build warning (hos17): the report now says so itself, in a check a person sees on its page and
// on the data quality page.
import { readCell } from './numbers.ts';
import type { Cell, CellRef, Check, Report } from './report.ts';
import { SAME_IN_2019, T3_OTHER_TOTAL, T3_OTHER_TOTAL_ROW, TABLE2_2019_FIELDS, TABLE2_FIELDS, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_FIELDS, type Label } from './schema.ts';

/** The largest count a 32-bit INTEGER column (tables 3 and 4) holds. */
export const MAX_INT32 = 2 ** 31 - 1;

/**
 * The largest 行政事业性收费 (table 2, 万元) taken as it stands: 100,000,000 万元 is 1 万亿元, more
 * than the whole country's 行政事业性收费 income in a year (a few thousand 亿元 in the national
 * accounts), so no one body collects it: a misprint (a unit of 元 printed under 万元, digits glued).
 * A plausibility bound, not a limit of the column: above it the amount is kept as printed with a
 * warning (source.fee_implausible), not taken away.
 */
export const MAX_PLAUSIBLE_FEES_10K_YUAN = 100_000_000;
/**
 * The largest 信息处理费 (section 六, 元) taken as it stands: 10,000,000 元 is 250,000 pages at the
 * top rate of 国办函〔2020〕109号 (40 元 a page past 200 pages), charged by one body in one year,
 * where the reports seen charge nothing or some hundreds of 元. Plausibility, as above: a warning,
 * the amount kept. (A double holds 元 exactly to the fen far beyond it, up to 2^53 / 100.)
 */
export const MAX_PLAUSIBLE_PROCESSING_FEE_YUAN = 10_000_000;

/** What a cell holds: a count of its column's size, an amount (DOUBLE), or the 2019 change (signed). */
type Kind = 'count32' | 'count' | 'amount' | 'change';

/** A count of table 3 or 4: a whole number its 32-bit column holds (a negative one is flagged, not refused: numberChecks). */
export function fitsCount32(n: number): boolean {
  return Number.isInteger(n) && n <= MAX_INT32 && n >= -MAX_INT32 - 1;
}

function fits(kind: Kind, n: number): boolean {
  if (kind === 'count32') return fitsCount32(n);
  if (kind === 'amount') return Number.isFinite(n);
  return Number.isSafeInteger(n);
}

/** A cell's name in a message: "表三“本年新收申请·自然人”". */
function cellLabel(ref: CellRef): Label {
  if (ref.table === 'table2') {
    const f = TABLE2_FIELDS[ref.row];
    return { zh: `表二“${f.zh}”`, en: `Table 2 "${f.en}"` };
  }
  if (ref.table === 'table2_2019') {
    const f = TABLE2_2019_FIELDS[ref.row];
    return { zh: `表二“${f.zh}”`, en: `Table 2 "${f.en}"` };
  }
  if (ref.table === 'table4') {
    const f = TABLE4_FIELDS[ref.row];
    return { zh: `表四“${f.zh}”`, en: `Table 4 "${f.en}"` };
  }
  const row = ref.row === T3_OTHER_TOTAL_ROW ? T3_OTHER_TOTAL : TABLE3_ROWS[ref.row];
  const col = TABLE3_COLUMNS[ref.col];
  return { zh: `表三“${row.zh}·${col.zh}”`, en: `Table 3 "${row.en}, ${col.en}"` };
}

const LIMIT: Record<Kind, Label> = {
  count32: { zh: `该栏只能容纳不超过 ${MAX_INT32} 的整数件数`, en: `the column holds whole counts up to ${MAX_INT32}` },
  count: { zh: `该栏只能容纳不超过 ${Number.MAX_SAFE_INTEGER} 的整数件数`, en: `the column holds whole counts up to ${Number.MAX_SAFE_INTEGER}` },
  change: { zh: `该栏只能容纳绝对值不超过 ${Number.MAX_SAFE_INTEGER} 的整数`, en: `the column holds whole numbers up to ${Number.MAX_SAFE_INTEGER} either way` },
  amount: { zh: '该栏只能容纳有限的数', en: 'the column holds finite numbers only' },
};

/** At most this many characters of a printed number are quoted in a message. */
const QUOTED = 40;
const quote = (raw: string) => (raw.length > QUOTED ? `${raw.slice(0, QUOTED)}…（共 ${raw.length} 个字符）` : raw);
const quoteEn = (raw: string) => (raw.length > QUOTED ? `${raw.slice(0, QUOTED)}… (${raw.length} characters)` : raw);

/** An amount kept but beyond belief (MAX_PLAUSIBLE_*): a warning naming the bound, or none. */
function implausible(value: Cell, max: number, label: Label, unit: Label, cells: CellRef[]): Check[] {
  if (value === null || !(value > max)) return [];
  return [{
    code: 'source.fee_implausible', severity: 'warning', cells,
    message_zh: `${label.zh}为 ${value} ${unit.zh}，超过任何一个机关一年可能收取的数额（${max} ${unit.zh}）：疑为印错（单位或数字连写）；按原文保留，请核对原文。`,
    message_en: `${label.en} is ${value} ${unit.en}, more than any one body could collect in a year (${max} ${unit.en}): likely a misprint (the unit, or digits run together); kept as printed, check the source.`,
  }];
}

/**
 * The checks on the report's printed numbers, made after the tables are read:
 * - source.number_unholdable (error): a cell printed as a number its column cannot hold (too large,
 *   or a fraction in a count). Its value is null: no such number can be written as stated (the
 *   tables' readers leave it out of the identities already, tables.ts countOf; here table 2's too,
 *   which has no identities). Where the identities force the cell, it holds the derived value, flagged.
 * - source.count_negative (error): a count read as a negative number. Kept as printed, not null:
 *   the report states it (as a report whose own numbers break an identity keeps them, the source.*
 *   checks), and the identities were checked with it; the check makes the report `partial`, so
 *   that no one takes the number as it stands. The 2019 template's 本年增/减 may be negative.
 * - source.fee_implausible (warning): table 2's 行政事业性收费 above MAX_PLAUSIBLE_FEES_10K_YUAN,
 *   kept as printed. (Section 六's fee: processingFeeChecks, once it is read.)
 * Mutates the report's values (the unholdable ones to null) and returns the checks.
 */
export function numberChecks(report: Report): Check[] {
  const checks: Check[] = [];
  let derived: Set<string> | null = null;
  const isDerived = (ref: CellRef) => {
    if (report.derived.length === 0) return false;
    derived ??= new Set(report.derived.map((d) => `${d.table}:${d.row}:${d.col}`));
    return derived.has(`${ref.table}:${ref.row}:${ref.col}`);
  };
  /** The value the cell keeps (the same, or null), after its checks. One test for most cells. */
  const cell = (table: CellRef['table'], row: number, col: number, kind: Kind, value: Cell, raw: string | null): Cell => {
    if (value !== null && value >= 0 && fits(kind, value) && (raw === null || report.derived.length === 0)) return value;
    const ref: CellRef = { table, row, col };
    // Only tables 3 and 4 leave such a number out of a cell (tables.ts countOf). Table 2 keeps
    // the raw text of a row it left unread (a procurement amount printed alone: not a count), and
    // its derived cells are pieces of glued runs split by the narrative.
    const tables34 = table === 'table3' || table === 'table4';
    const wasDerived = tables34 && isDerived(ref);
    const read = raw === null || !tables34 ? null : readCell(raw);
    const printed = read?.kind === 'number' ? read.value : null;
    // The number no cell holds: the cell's value (then null), or the printed one the reader left
    // out (the cell null, or derived). Not a glued run's: its raw is the whole run, its cells'
    // values pieces of it that fit.
    const bad = value !== null && !fits(kind, value) ? value : printed !== null && !fits(kind, printed) && (value === null || wasDerived) ? printed : null;
    if (bad !== null) {
      const shown = raw ?? String(bad);
      const fraction = Number.isFinite(bad) && !Number.isInteger(bad) && Math.abs(bad) <= MAX_INT32;
      const why = fraction && kind !== 'amount' ? { zh: '件数不会是小数', en: 'a count is a whole number' } : LIMIT[kind];
      const label = cellLabel(ref);
      const kept = value !== null && value !== bad;
      checks.push({
        code: 'source.number_unholdable', severity: 'error', cells: [ref],
        message_zh: `${label.zh}印为“${quote(shown)}”：${why.zh}，不是可信的数，${kept ? '未取此数（单元格的值由勾稽关系推算）' : '留空'}。`,
        message_en: `${label.en} is printed as "${quoteEn(shown)}": ${why.en}; not a believable number, ${kept ? 'not taken (the cell holds the value derived from the identities)' : 'left empty'}.`,
      });
      return kept ? value : null;
    }
    if (value !== null && value < 0 && kind !== 'change' && !wasDerived) {
      const label = cellLabel(ref);
      checks.push({
        code: 'source.count_negative', severity: 'error', cells: [ref],
        message_zh: `${label.zh}为负数（${value}）：模板中的件数、金额不会是负数；按原文保留，请核对原文。`,
        message_en: `${label.en} is negative (${value}): the template's counts and amounts are never negative; kept as printed, check the source.`,
      });
    }
    return value;
  };
  const t2 = report.table2 as unknown as Record<string, Cell | Cell[]>;
  // A 2019 report's table 2 in the 2021 shape only repeats its decision counts (parse.ts sameIn2021): checked there.
  for (let i = 0; i < TABLE2_FIELDS.length && !report.table2_2019; i++) {
    const f = TABLE2_FIELDS[i];
    const held = t2[f.row];
    const kind: Kind = f.row === 'fees_10k_yuan' ? 'amount' : 'count';
    if (Array.isArray(held)) held[f.index] = cell('table2', i, 0, kind, held[f.index], report.raw.table2[i] ?? null);
    else t2[f.row] = cell('table2', i, 0, kind, held, report.raw.table2[i] ?? null);
    if (kind === 'amount') checks.push(...implausible(t2[f.row] as Cell, MAX_PLAUSIBLE_FEES_10K_YUAN, cellLabel({ table: 'table2', row: i, col: 0 }), { zh: '万元', en: '×10,000 yuan' }, [{ table: 'table2', row: i, col: 0 }]));
  }
  const t2019 = report.table2_2019;
  if (t2019) {
    for (let i = 0; i < TABLE2_2019_FIELDS.length; i++) {
      const f = TABLE2_2019_FIELDS[i];
      const kind: Kind = f.column === 'amount' ? 'amount' : f.column === 'change' ? 'change' : 'count';
      t2019[f.key] = cell('table2_2019', i, 0, kind, t2019[f.key] ?? null, report.raw.table2_2019?.[i] ?? null);
    }
    for (const [field2021, field2019] of Object.entries(SAME_IN_2019)) t2[field2021] = t2019[field2019!] ?? null;
  }
  const t3 = (row: number, values: Cell[], raws: (string | null)[] | null | undefined) => {
    for (let c = 0; c < values.length; c++) values[c] = cell('table3', row, c, 'count32', values[c], raws?.[c] ?? null);
  };
  for (let r = 0; r < report.table3.length; r++) t3(r, report.table3[r], report.raw.table3[r]);
  if (report.table3_other_total) t3(T3_OTHER_TOTAL_ROW, report.table3_other_total, report.raw.table3_other_total);
  for (let i = 0; i < report.table4.length; i++) report.table4[i] = cell('table4', i, 0, 'count32', report.table4[i], report.raw.table4[i] ?? null);
  return checks;
}

/** How the checks on section 六's fee name it (they name no cell: the agency page finds them by it). */
export const PROCESSING_FEE_LABEL: Label = { zh: '第六部分“信息处理费”', en: 'Section 六 "information-processing fee"' };

/**
 * The checks on section 六's 信息处理费 (元), once it is read (fee.ts), as numberChecks' on a
 * table's amount: not finite → source.number_unholdable, null; negative → source.count_negative,
 * kept as printed; above MAX_PLAUSIBLE_PROCESSING_FEE_YUAN → source.fee_implausible (a warning),
 * kept. In no table, so the checks name no cell. Mutates the report's fee (null when unholdable).
 */
export function processingFeeChecks(report: Pick<Report, 'processing_fee_yuan'>): Check[] {
  const fee = report.processing_fee_yuan;
  if (fee === null) return [];
  const label = PROCESSING_FEE_LABEL;
  if (!Number.isFinite(fee)) {
    report.processing_fee_yuan = null;
    return [{
      code: 'source.number_unholdable', severity: 'error', cells: [],
      message_zh: `${label.zh}印为一个无穷大的数：${LIMIT.amount.zh}，不是可信的数，留空。`,
      message_en: `${label.en} is printed as a number too large for any amount (${LIMIT.amount.en}): not a believable number, left empty.`,
    }];
  }
  if (fee < 0) {
    return [{
      code: 'source.count_negative', severity: 'error', cells: [],
      message_zh: `${label.zh}为负数（${fee} 元）：收费金额不会是负数；按原文保留，请核对原文。`,
      message_en: `${label.en} is negative (${fee} yuan): a fee is never negative; kept as printed, check the source.`,
    }];
  }
  return implausible(fee, MAX_PLAUSIBLE_PROCESSING_FEE_YUAN, label, { zh: '元', en: 'yuan' }, []);
}

