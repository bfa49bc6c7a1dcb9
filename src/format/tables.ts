// Reading tables 二, 三 and 四 out of their sections' tokens into exact, flagged cells.
import type { Token } from './lines.ts';
import type { Cell, Check, CellRef, Derived, Table2, TableName } from './report.ts';
import {
  IDENTITIES, OUTCOME_ROWS, T3_OTHER_ROW_OUTCOMES, T3_OTHER_TOTAL, T3_OTHER_TOTAL_ROW, TABLE2_FIELDS, TABLE2_ROWS, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_FIELDS,
  TABLE2_2019_FIELDS, TABLE2_2019_ROWS, type Identity, type Label, type Table3Layout, type Table3Row,
} from './schema.ts';
import { alignRows, gaps, printedRows, type Placement, type PrintedRow, type PrintedValue, type TemplateRow } from './rows.ts';
import { cellsOf, copyGrid, emptyRow, holds, placeShortRow, rowOf, solve, type Grid, type Placed } from './identities.ts';
import { rowReadings, unglueRows, type GluedRow } from './glued.ts';
import type { StatedCount } from './narrative.ts';
import { runSpan, spanOf, splitSpans, type Span } from './spans.ts';
import { fitsCount32, MAX_INT32 } from './counts.ts';

export interface TableRead<T> {
  values: T;
  raw: (string | null)[][];
  /** Where each cell of `raw` was printed (spans.ts); null for a cell not read from the text (derived, or not printed). */
  spans: (Span | null)[][];
  derived: Derived[];
  checks: Check[];
  /** Whether the table was found at all. */
  found: boolean;
}

function check(code: string, severity: Check['severity'], cells: CellRef[], zh: string, en: string): Check {
  return { code, severity, cells, message_zh: zh, message_en: en };
}

function numberOf(v: PrintedValue): Cell {
  return v.value.kind === 'number' ? v.value.value : null;
}

/**
 * A number printed in a cell of table 3 or 4 (a row of all its numbers, table 4's fifteen) as the
 * cell's count: null where its 32-bit column cannot hold it (1e30, 12.5), so that no identity is
 * checked or solved with it (counts.ts numberChecks says why, after the reading); the identities
 * may still force the cell, flagged as derived. Where a number's cell is not yet known (short or
 * unlabelled rows, table 4's extra numbers) it is tried as printed, as before: a number no count
 * can be breaks the identities there, and numberChecks nulls one that ends up in a cell.
 */
function countOf(v: PrintedValue): Cell {
  return v.value.kind === 'number' && fitsCount32(v.value.value) ? v.value.value : null;
}

// ---------------------------------------------------------------------------------------

/** The alignment template of a list of field rows, made once (the score cache keys on it). */
const templates = new WeakMap<readonly FieldRow[], TemplateRow[]>();
function templateOf(rows: readonly FieldRow[]): TemplateRow[] {
  let t = templates.get(rows);
  if (!t) templates.set(rows, (t = rows.map((r) => ({ match: r.match, exclude: r.exclude, width: r.columns.length }))));
  return t;
}

interface FieldRow extends Label {
  key: string;
  match: readonly string[];
  exclude?: readonly string[];
  columns: readonly unknown[];
}

/** Each row's fields and their places in `fields`, found once per list of rows. */
const rowFieldsCache = new WeakMap<readonly FieldRow[], { mine: { key: string; row: string }[]; at: number[] }[]>();
function rowFields(rows: readonly FieldRow[], fields: readonly { key: string; row: string }[]) {
  let found = rowFieldsCache.get(rows);
  if (!found) {
    found = rows.map((row) => {
      const mine = fields.filter((f) => f.row === row.key);
      return { mine, at: mine.map((f) => fields.indexOf(f)) };
    });
    rowFieldsCache.set(rows, found);
  }
  return found;
}

/**
 * Rows of named fields, one to three numbers each (table 2 in either template): every row
 * found by its label, its numbers in its fields. No identity ties these cells together, so a
 * row printed with the wrong count of numbers is left unread rather than guessed.
 */
function readFieldRows(tokens: Token[], table: 'table2' | 'table2_2019', rows: readonly FieldRow[], fields: readonly { key: string; row: string }[],
  stated: (row: string) => StatedCount[] = () => []) {
  const printed = printedRows(tokens);
  const placements = alignRows(printed, templateOf(rows));
  const flat: Cell[] = new Array(fields.length).fill(null);
  const raw: (string | null)[] = new Array(fields.length).fill(null);
  const spans: (Span | null)[] = new Array(fields.length).fill(null);
  const checks: Check[] = [];
  const derived: Derived[] = [];
  const fieldsOf = rowFields(rows, fields);
  rows.forEach((row, r) => {
    const { mine, at } = fieldsOf[r];
    const refs = at.map((i) => ({ table, row: i, col: 0 }));
    const placement = placements[r];
    if (!placement) {
      checks.push(check('parse.t2.row_missing', 'warning', refs, `表二未找到“${row.zh}”一行。`, `Table 2: row "${row.en}" not found.`));
      return;
    }
    const values = placement.printed.values;
    const printedText = values.map((v) => v.raw).join(' ');
    if (values.some((v) => v.glued)) {
      // A glued run: a cell every split agrees on is read; where splits disagree, the numbers the
      // report's own text states for this row may leave one value (flagged as derived from the
      // text, quoted); any other cell stays empty, and a check names it.
      const readings = rowReadings(values.map((v) => v.raw), mine.length) ?? null;
      const said = readings && readings.length > 1 ? stated(row.key) : [];
      const kept = said.length ? readings!.filter((r) => said.every((s) => r[s.index] === s.value)) : [];
      const options = kept.length ? kept : readings ?? [];
      const agree = (list: number[][], k: number) => list.length > 0 && list.every((r) => r[k] === list[0][k]);
      const quotes = [...new Set(said.map((s) => s.sentence))];
      const byText: number[] = [];
      // Each number's own digits where every kept split agrees on all of them, else the whole run.
      const where = options.length === 1 ? splitSpans(values, options[0]) : mine.map(() => runSpan(values));
      at.forEach((i, k) => {
        if (!agree(options, k)) return;
        flat[i] = options[0][k];
        raw[i] = printedText;
        spans[i] = where[k];
        if (!agree(readings!, k)) {
          byText.push(k);
          derived.push({ table, row: i, col: 0, value: options[0][k], rule: 'narrative.stated',
            note: `由正文所述数字确定拆法：“${quotes.join('”“')}” / split by the numbers the text states: "${quotes.join('" "')}"` });
        }
      });
      if (byText.length) {
        checks.push(check('parse.t2.split_by_narrative', 'info', byText.map((k) => refs[k]),
          `表二“${row.zh}”一行的数字连在一起（“${printedText}”），有 ${readings!.length} 种拆法；按正文所述（“${quotes.join('”“')}”）确定${byText.length === mine.length ? '全部' : '其中'} ${byText.length} 个数。`,
          `Table 2 row "${row.en}": digits glued together ("${printedText}"), ${readings!.length} splits possible; the text ("${quotes.join('" "')}") fixes ${byText.length} of the numbers.`));
      }
      const open = refs.filter((_, k) => flat[at[k]] === null);
      if (open.length) {
        const partly = open.length < refs.length;
        checks.push(check('parse.t2.glued_ambiguous', 'warning', open,
          `表二“${row.zh}”一行的数字连在一起（“${printedText}”），${readings ? `有 ${readings.length} 种拆法` : '可能的拆法太多'}且没有勾稽关系可依，${partly ? '各种拆法不一致的数留空' : '留空'}。`,
          `Table 2 row "${row.en}": digits glued together ("${printedText}"); ${readings ? `${readings.length} splits are possible` : 'too many splits are possible'} and no identity decides, so ${partly ? 'the numbers the splits disagree on are' : 'it is'} left empty.`));
      } else if (values.length !== mine.length && !byText.length) {
        checks.push(check('parse.t2.split_by_identities', 'info', refs, `表二“${row.zh}”一行的数字连在一起（“${printedText}”），只有一种拆法。`,
          `Table 2 row "${row.en}": digits glued together ("${printedText}"); only one split is possible.`));
      }
      return;
    }
    if (values.length !== mine.length) {
      checks.push(check('parse.t2.row_width', 'warning', refs,
        `表二“${row.zh}”一行印有 ${values.length} 个数，应为 ${mine.length} 个；该行未取值。`,
        `Table 2 row "${row.en}" prints ${values.length} numbers for ${mine.length} columns; left unread.`));
      values.forEach((v, k) => { if (k < at.length) [raw[at[k]], spans[at[k]]] = [v.raw, spanOf(v)]; });
      return;
    }
    at.forEach((i, k) => {
      flat[i] = numberOf(values[k]);
      raw[i] = values[k].raw;
      spans[i] = spanOf(values[k]);
    });
  });
  return { flat, raw, spans, checks, derived, found: placements.some(Boolean) };
}

/** `stated`: the counts the report's text states for a row (narrative.ts), used only to choose among splits of a glued row. */
export function readTable2(tokens: Token[], stated?: (row: string) => StatedCount[]): TableRead<Table2> {
  const { flat, raw, spans, checks, derived, found } = readFieldRows(tokens, 'table2', TABLE2_ROWS, TABLE2_FIELDS, stated);
  const get = (key: string) => flat[TABLE2_FIELDS.findIndex((f) => f.key === key)];
  const values: Table2 = {
    regulations: [get('regulations_issued'), get('regulations_repealed'), get('regulations_in_force')],
    normative_documents: [get('normative_documents_issued'), get('normative_documents_repealed'), get('normative_documents_in_force')],
    licensing: get('licensing'),
    penalties: get('penalties'),
    enforcement: get('enforcement'),
    fees_10k_yuan: get('fees_10k_yuan'),
  };
  return { values, raw: [raw], spans: [spans], derived, checks, found };
}

/** Table 2 of the 2019 template, by TABLE2_2019_FIELDS key. */
export function readTable2of2019(tokens: Token[]): TableRead<Record<string, Cell>> {
  const { flat, raw, spans, checks, found } = readFieldRows(tokens, 'table2_2019', TABLE2_2019_ROWS, TABLE2_2019_FIELDS);
  const values = Object.fromEntries(TABLE2_2019_FIELDS.map((f, i) => [f.key, flat[i]]));
  return { values, raw: [raw], spans: [spans], derived: [], checks, found };
}

// ---------------------------------------------------------------------------------------

function identityCheck(table: TableName, identity: Identity, grid: Grid, derivedKeys: Set<string>): Check {
  const cells = cellsOf(identity).map(([row, col]) => ({ table, row, col }));
  const parts = identity.parts.reduce((s, [r, c]) => s + (grid[r][c] as number), 0);
  const whole = identity.whole.reduce((s, [r, c]) => s + (grid[r][c] as number), 0);
  const usesDerived = cells.some((c) => derivedKeys.has(`${c.row},${c.col}`));
  return check(
    `source.${identity.rule}`, 'error', cells,
    `报告数字不自洽：${identity.label.zh}（${parts} ≠ ${whole}）${usesDerived ? '；涉及推算单元格' : ''}。`,
    `The report's own numbers disagree: ${identity.label.en} (${parts} ≠ ${whole})${usesDerived ? '; involves derived cells' : ''}.`,
  );
}

/**
 * Why a short row could not be placed, for its row_unplaceable check (tables 3 and 4 alike).
 * Placements refused because a cell they force is beyond any count are not said to break the identities.
 */
function unplacedWhy(placed: Exclude<Placed, { kind: 'placed' }>): { zh: string; en: string } {
  if (placed.kind === 'ambiguous') {
    return { zh: `有 ${placed.candidates} 种摆法都符合勾稽关系，无法确定`, en: `${placed.candidates} placements satisfy the identities` };
  }
  if (placed.tooLarge === 0) return { zh: '任何摆法都与勾稽关系矛盾', en: 'no placement satisfies the identities' };
  return placed.tooLarge === placed.placements
    ? { zh: `每种摆法按勾稽关系推出的数都超过 ${MAX_INT32}（不是件数）`, en: `every placement makes the identities force a number beyond ${MAX_INT32} (no count)` }
    : { zh: `各种摆法或与勾稽关系矛盾，或按勾稽关系推出的数超过 ${MAX_INT32}（不是件数）`, en: `every placement either breaks an identity or makes the identities force a number beyond ${MAX_INT32} (no count)` };
}

/** Shared by tables 3 and 4: place short rows, solve forced cells, check every identity. */
function completeGrid(table: TableName, grid: Grid, short: { row: number; values: number[]; width: number; label: string }[],
  identities: readonly Identity[]) {
  const derived: Derived[] = [];
  const checks: Check[] = [];
  const derivedKeys = new Set<string>();
  for (const s of short) {
    const placed = placeShortRow(grid, identities, s.row, s.values, s.width);
    const refs = Array.from({ length: s.width }, (_, col) => ({ table, row: s.row, col }));
    if (placed.kind === 'placed') {
      grid[s.row] = emptyRow(s.width);
      placed.positions.forEach((p, i) => (grid[s.row][p] = s.values[i]));
      checks.push(check(`parse.${table === 'table3' ? 't3' : 't4'}.row_placed_by_identities`, 'info', refs,
        `“${s.label}”一行只印了 ${s.values.length} 个数（应为 ${s.width} 个），已按勾稽关系确定各数所在列。`,
        `Row "${s.label}" prints ${s.values.length} of ${s.width} numbers; their columns were fixed by the identities.`));
    } else {
      const why = unplacedWhy(placed);
      checks.push(check(`parse.${table === 'table3' ? 't3' : 't4'}.row_unplaceable`, 'error', refs,
        `“${s.label}”一行只印了 ${s.values.length} 个数，${why.zh}，该行留空。`,
        `Row "${s.label}" prints ${s.values.length} numbers; ${why.en}, so it is left empty.`));
    }
  }
  for (const s of solve(grid, identities)) {
    derivedKeys.add(`${s.row},${s.col}`);
    derived.push({
      table, row: s.row, col: s.col, value: s.value, rule: s.identity.rule,
      note: `由勾稽关系推算：${s.identity.label.zh} / derived from: ${s.identity.label.en}`,
    });
  }
  for (const identity of identities) {
    if (holds(grid, identity) === false) checks.push(identityCheck(table, identity, grid, derivedKeys));
  }
  return { derived, checks };
}

/** Split glued rows by the identities into `grid`; a check per row says how it went. */
function applyUnglued(table: 'table3' | 'table4', grid: Grid, raw: (string | null)[][], rows: GluedRow[], identities: readonly Identity[],
  width: number, labelOf: (row: number) => { zh: string; en: string }, where?: { spans: (Span | null)[][]; runs: Map<number, PrintedValue[]> }): Check[] {
  if (rows.length === 0) return [];
  const checks: Check[] = [];
  const code = table === 'table3' ? 't3' : 't4';
  for (const [row, outcome] of unglueRows(grid, rows, identities, width, fitsCount32)) {
    const printed = rows.find((r) => r.row === row)!.chunks.join(' ');
    const refs = Array.from({ length: width }, (_, col) => ({ table, row, col }));
    const label = labelOf(row);
    if (outcome.kind === 'split') {
      grid[row] = rowOf(outcome.values);
      raw[row] = outcome.values.map(String);
      const run = where?.runs.get(row);
      if (where && run) where.spans[row] = splitSpans(run, outcome.values);
      if (outcome.alone) {
        checks.push(check(`parse.${code}.split_by_identities`, 'warning', refs,
          `“${label.zh}”一行的数字连在一起（“${printed}”），按本行涉及的勾稽关系只有一种拆法：${outcome.values.join('、')}；但各行无论怎样拆都不能使全部勾稽关系成立（见“报告数字不自洽”），请核对。`,
          `Row "${label.en}": digits glued together ("${printed}"); the identities of this row allow exactly one split: ${outcome.values.join(', ')}; but no split of the rows together keeps every identity (see "the report's own numbers disagree"): to be checked.`));
      } else if (printed.split(' ').length !== width) {
        checks.push(check(`parse.${code}.split_by_identities`, 'info', refs,
          `“${label.zh}”一行的数字连在一起（“${printed}”），按勾稽关系只有一种拆法：${outcome.values.join('、')}。`,
          `Row "${label.en}": digits glued together ("${printed}"); the identities allow exactly one split: ${outcome.values.join(', ')}.`));
      }
    } else {
      // Of an ambiguous run, the numbers every surviving split agrees on are read; the others stay empty.
      const agreed = outcome.kind === 'ambiguous' ? outcome.agreed : [];
      agreed.forEach((v, c) => {
        if (v === null) return;
        grid[row][c] = v;
        raw[row][c] = String(v);
        // Splits that agree on a number may still cut it from different digits: the whole run.
        const run = where?.runs.get(row);
        if (where && run) where.spans[row][c] = runSpan(run);
      });
      const open = refs.filter((_, c) => (agreed[c] ?? null) === null);
      const partly = open.length < refs.length;
      const why = outcome.kind === 'ambiguous' ? { zh: `有 ${outcome.readings} 种拆法都符合勾稽关系${partly ? '，各拆法一致的数已取值' : ''}`, en: `${outcome.readings} splits satisfy every identity${partly ? '; the numbers they agree on are read' : ''}` }
        : outcome.kind === 'none' && outcome.refused
          ? { zh: `没有一种拆成件数（每个不超过 ${MAX_INT32}）的拆法符合勾稽关系`, en: `no split into counts (each at most ${MAX_INT32}) satisfies the identities` }
        : outcome.kind === 'none' ? { zh: '没有一种拆法符合勾稽关系', en: 'no split satisfies the identities' }
          : { zh: '可能的拆法太多', en: 'there are too many possible splits' };
      checks.push(check(`parse.${code}.glued_ambiguous`, 'error', open,
        `“${label.zh}”一行的数字连在一起（“${printed}”），${why.zh}，${partly ? '其余' : ''}留空。`,
        `Row "${label.en}": digits glued together ("${printed}"); ${why.en}, so ${partly ? 'the rest is' : 'it is'} left empty.`));
    }
  }
  return checks;
}

/**
 * Numeric rows between two label-matched rows whose own labels are missing or compete, and the
 * template rows left open between the same two: every way to put the rows into the open places
 * (in any order) is tried against every identity; a place is filled only when every way that
 * keeps the identities puts the same numbers there. Never by position alone.
 */
function placeUnlabeled(grid: Grid, raw: (string | null)[][], slots: number[], rows: PrintedRow[], identities: readonly Identity[],
  spans?: (Span | null)[][]): Check[] {
  const width = TABLE3_COLUMNS.length;
  const numeric = rows.filter((r) => r.values.length === width && r.values.every((v) => v.value.kind === 'number' && !v.glued));
  if (!slots.length || !numeric.length) return [];
  const names = (list: number[]) => list.map((r) => TABLE3_ROWS[r]?.printed ?? T3_OTHER_TOTAL.printed);
  const namesEn = (list: number[]) => list.map((r) => TABLE3_ROWS[r]?.en ?? T3_OTHER_TOTAL.en);
  const refs = slots.flatMap((row) => Array.from({ length: width }, (_, col) => ({ table: 'table3' as const, row, col })));
  const printed = numeric.map((r) => r.values.map((v) => numberOf(v) as number));
  const shown = printed.map((v) => v.join(' ')).join('；');
  if (numeric.length > slots.length) {
    return [check('parse.t3.rows_unplaced', 'error', refs,
      `表三有 ${numeric.length} 行数字没有可辨认的标签（${shown}），而“${names(slots).join('”“')}”只有 ${slots.length} 行空位，未取值。`,
      `Table 3: ${numeric.length} rows of numbers without a readable label (${shown}) for ${slots.length} open rows (${namesEn(slots).join('; ')}); left unread.`)];
  }
  // Every injective assignment of printed rows to open places (bounded: few rows lose their labels).
  const assignments: number[][] = [];
  const pick = (i: number, used: number[]) => {
    if (assignments.length > 5040) return;
    if (i === numeric.length) return void assignments.push([...used]);
    for (const s of slots) if (!used.includes(s)) pick(i + 1, [...used, s]);
  };
  pick(0, []);
  const relevant = identities.filter((id) => [...id.parts, ...id.whole].some(([r]) => slots.includes(r)));
  const outcomes: Grid[] = [];
  const placedBy: number[][] = [];
  if (assignments.length <= 5040) {
    for (const assign of assignments) {
      const trial = copyGrid(grid);
      assign.forEach((slot, i) => (trial[slot] = rowOf(printed[i])));
      solve(trial, identities);
      if (relevant.some((id) => holds(trial, id) === false)) continue;
      // Each open place either holds a printed row or is null: only printed rows are placed.
      const placed = copyGrid(grid);
      assign.forEach((slot, i) => (placed[slot] = rowOf(printed[i])));
      outcomes.push(placed);
      placedBy.push(assign);
    }
  }
  // A cell is known when every order that keeps the identities puts the same number there (two
  // rows that differ only in some columns leave the others known).
  const known = (slot: number, c: number) => outcomes.length > 0 && outcomes.every((o) => o[slot][c] !== null && o[slot][c] === outcomes[0][slot][c]);
  const touched = slots.filter((slot) => outcomes.some((o) => o[slot].some((v) => v !== null)));
  const setCells: CellRef[] = [];
  const openCells: CellRef[] = [];
  for (const slot of touched) {
    for (let c = 0; c < width; c++) {
      if (known(slot, c)) {
        grid[slot][c] = outcomes[0][slot][c];
        raw[slot][c] = String(outcomes[0][slot][c]);
        // Printed where the first placement keeping the identities took it from.
        const from = placedBy[0].indexOf(slot);
        if (spans && from >= 0) spans[slot][c] = spanOf(numeric[from].values[c]);
        setCells.push({ table: 'table3', row: slot, col: c });
      } else openCells.push({ table: 'table3', row: slot, col: c });
    }
  }
  const checks: Check[] = [];
  const rowsOf = (cells: CellRef[]) => [...new Set(cells.map((x) => x.row))];
  if (setCells.length) {
    checks.push(check('parse.t3.row_placed_by_identities', 'info', setCells,
      `表三“${names(rowsOf(setCells)).join('”“')}”的标签未印在数字旁，${openCells.length ? '其中' : ''}各种符合勾稽关系的摆法一致的数已取值。`,
      `Table 3 row(s) ${namesEn(rowsOf(setCells)).join('; ')}: printed without a label; ${openCells.length ? 'the numbers' : 'every number'} on which all placements keeping the identities agree ${openCells.length ? 'were' : 'was'} read.`));
  }
  if (openCells.length || outcomes.length === 0) {
    const cells = outcomes.length ? openCells : refs;
    const list = rowsOf(cells);
    checks.push(check('parse.t3.rows_ambiguous', 'error', cells,
      outcomes.length
        ? `表三有 ${numeric.length} 行数字没有可辨认的标签（${shown}），“${names(list).join('”“')}”都可能是它们的位置，勾稽关系无法区分，不一致的数留空。`
        : `表三有 ${numeric.length} 行数字没有可辨认的标签（${shown}），放在“${names(slots).join('”“')}”任何位置都与勾稽关系矛盾，留空。`,
      outcomes.length
        ? `Table 3: ${numeric.length} rows of numbers without a readable label (${shown}) could be any of ${namesEn(list).join('; ')}; the identities cannot tell, so the numbers the placements disagree on are left empty.`
        : `Table 3: ${numeric.length} rows of numbers without a readable label (${shown}) fit none of ${namesEn(slots).join('; ')} under the identities; left empty.`));
  }
  return checks;
}

export interface Table3Read extends TableRead<Cell[][]> {
  layout: Table3Layout | null;
  /** The printed total of （六）其他处理 when the report prints one row for the three. */
  otherTotal: Cell[] | null;
  otherTotalRaw: (string | null)[] | null;
  otherTotalSpans: (Span | null)[] | null;
}

/** Template rows in printed order, with the optional single 其他处理 row before its sub-rows. */
const TABLE3_PRINTED: { row: Table3Row; grid: number }[] = [
  ...TABLE3_ROWS.slice(0, OUTCOME_ROWS.other[0]).map((row, i) => ({ row, grid: i })),
  { row: T3_OTHER_TOTAL, grid: T3_OTHER_TOTAL_ROW },
  ...TABLE3_ROWS.slice(OUTCOME_ROWS.other[0]).map((row, i) => ({ row, grid: OUTCOME_ROWS.other[0] + i })),
];

/** Where each grid row is in TABLE3_PRINTED. */
const TABLE3_PRINTED_AT = new Map(TABLE3_PRINTED.map(({ grid }, i) => [grid, i]));

const TABLE3_TEMPLATE: TemplateRow[] = TABLE3_PRINTED.map(({ row }) => ({ match: row.match, exclude: row.exclude, width: TABLE3_COLUMNS.length }));

/** Table 3's identities in each layout, and table 4's (also as one row of fifteen): the schema is fixed. */
const TABLE3_IDENTITIES: Record<Table3Layout, Identity[]> = {
  template: IDENTITIES.filter((i) => i.table === 'table3' && (!i.layout || i.layout === 'template')),
  single_other_row: IDENTITIES.filter((i) => i.table === 'table3' && (!i.layout || i.layout === 'single_other_row')),
};
const TABLE4_IDENTITIES = IDENTITIES.filter((i) => i.table === 'table4');
const TABLE4_ROW_IDENTITIES: Identity[] = TABLE4_IDENTITIES.map((i) => ({
  ...i, parts: i.parts.map(([r]) => [0, r] as [number, number]), whole: i.whole.map(([r]) => [0, r] as [number, number]),
}));

/**
 * The fast path (clean tables, most reports): off, every table 3 is read the full way (tests
 * compare the two ways over a varied corpus).
 */
let fastPath = true;
const pathCounts = { fast: 0, full: 0 };

export function useFastPath(on: boolean): void {
  fastPath = on;
}

/** How many tables 3 were read by the fast path and how many the full way so far. */
export function fastPathCounts(): { fast: number; full: number } {
  return { ...pathCounts };
}

/** Where each grid row of the template layout is in the alignment (TABLE3_PRINTED). */
const TEMPLATE_AT = TABLE3_ROWS.map((_, r) => TABLE3_PRINTED_AT.get(r)!);
/** The fast path needs the template layout's identities to stay within the 25 template rows. */
const FAST_IDENTITIES = TABLE3_IDENTITIES.template.every((i) => cellsOf(i).every(([r]) => r < TABLE3_ROWS.length)) ? TABLE3_IDENTITIES.template : null;

/**
 * Table 3 as most reports print it: every template row found by its label, each with its seven
 * numbers (none glued, no blank), no separate 其他处理 total, and every identity holding. Then
 * nothing is placed, split, derived or flagged, and the full reading below would only copy the
 * cells: they are copied here, and the rest is skipped. Anything else: null (the full reading).
 */
function cleanTable3(aligned: readonly (Placement | null)[]): Table3Read | null {
  if (!FAST_IDENTITIES || aligned[TABLE3_PRINTED_AT.get(T3_OTHER_TOTAL_ROW)!]) return null;
  const width = TABLE3_COLUMNS.length;
  const n = TABLE3_ROWS.length;
  const grid: Grid = new Array(n);
  const raw: (string | null)[][] = new Array(n);
  const spans: (Span | null)[][] = new Array(n);
  for (let r = 0; r < n; r++) {
    const p = aligned[TEMPLATE_AT[r]];
    if (!p) return null;
    const values = p.printed.values;
    if (values.length !== width) return null;
    const [g, w, s] = [emptyRow(width), new Array<string | null>(width), new Array<Span | null>(width)];
    for (let c = 0; c < width; c++) {
      const v = values[c];
      if (v.glued || v.value.kind !== 'number' || !fitsCount32(v.value.value)) return null;
      g[c] = v.value.value;
      w[c] = v.raw;
      s[c] = spanOf(v);
    }
    [grid[r], raw[r], spans[r]] = [g, w, s];
  }
  for (let i = 0; i < FAST_IDENTITIES.length; i++) if (holds(grid, FAST_IDENTITIES[i]) !== true) return null;
  return { values: grid, raw, spans, derived: [], checks: [], found: true, layout: 'template', otherTotal: null, otherTotalRaw: null, otherTotalSpans: null };
}

export function readTable3(tokens: Token[]): Table3Read {
  const rows = printedRows(tokens);
  const aligned = alignRows(rows, TABLE3_TEMPLATE);
  const clean = fastPath ? cleanTable3(aligned) : null;
  if (clean) {
    pathCounts.fast++;
    return clean;
  }
  pathCounts.full++;
  return fullTable3(rows, aligned);
}

/** Table 3 read in full: short, glued and unlabelled rows, the single 其他处理 row, derived cells, checks. */
function fullTable3(rows: PrintedRow[], aligned: (Placement | null)[]): Table3Read {
  const width = TABLE3_COLUMNS.length;
  const placements = { get: (gridRow: number) => aligned[TABLE3_PRINTED_AT.get(gridRow)!] };
  const single = Boolean(placements.get(T3_OTHER_TOTAL_ROW)) && OUTCOME_ROWS.other.every((r) => !placements.get(r));
  const layout: Table3Layout = single ? 'single_other_row' : 'template';
  const grid: Grid = [...TABLE3_ROWS, T3_OTHER_TOTAL].map(() => emptyRow(width));
  const raw: (string | null)[][] = grid.map(() => new Array<string | null>(width).fill(null));
  const spans: (Span | null)[][] = grid.map(() => new Array<Span | null>(width).fill(null));
  const checks: Check[] = [];
  const short: { row: number; values: number[]; width: number; label: string; printed: PrintedValue[] }[] = [];
  const glued: GluedRow[] = [];
  const runs = new Map<number, PrintedValue[]>();
  const found = aligned.some(Boolean);
  for (let k = 0; k < TABLE3_PRINTED.length; k++) {
    const { row, grid: r } = TABLE3_PRINTED[k];
    const refs = () => Array.from({ length: width }, (_, col) => ({ table: 'table3' as const, row: r, col }));
    const p = aligned[k];
    if (!p) {
      const expected = r === T3_OTHER_TOTAL_ROW ? false : !(single && OUTCOME_ROWS.other.includes(r));
      if (found && expected) checks.push(check('parse.t3.row_missing', 'error', refs(), `表三未找到“${row.printed}”一行。`, `Table 3: row "${row.en}" not found.`));
      continue;
    }
    if (r === T3_OTHER_TOTAL_ROW && !single) continue;
    const values = p.printed.values;
    let anyGlued = false;
    let allNumbers = true;
    for (let i = 0; i < values.length; i++) {
      if (values[i].glued) anyGlued = true;
      if (values[i].value.kind !== 'number') allNumbers = false;
    }
    if (anyGlued && allNumbers) {
      glued.push({ row: r, chunks: values.map((v) => v.raw) });
      runs.set(r, values);
    } else if (values.length === width) {
      const [g, w, s] = [grid[r], raw[r], spans[r]];
      for (let c = 0; c < width; c++) {
        const v = values[c];
        g[c] = countOf(v);
        w[c] = v.raw;
        s[c] = spanOf(v);
      }
    } else if (values.length < width && allNumbers) {
      short.push({ row: r, values: values.map((v) => numberOf(v) as number), width, label: row.printed, printed: values });
    } else {
      checks.push(check('parse.t3.row_width', 'error', refs(),
        `表三“${row.printed}”一行印有 ${values.length} 个值，应为 ${width} 个；该行未取值。`,
        `Table 3 row "${row.en}" prints ${values.length} values for ${width} columns; left unread.`));
    }
  }
  if (single) {
    const refs = OUTCOME_ROWS.other.flatMap((row) => Array.from({ length: width }, (_, col) => ({ table: 'table3' as const, row, col })));
    checks.push(check('parse.t3.single_other_row', 'info', refs,
      '报告把“（六）其他处理”印为一行（三个子项的合计），三个子项未单列：合计单独保存，子项仅在勾稽关系能确定时推算。',
      'The report prints “（六）其他处理” as one row, the total of its three sub-rows: the total is kept as such, and the sub-rows are derived only where the identities force them.'));
  }
  const identities = TABLE3_IDENTITIES[layout];
  // Rows printed without a usable label (lifted out of the table, or two labels joined): placed
  // only where the identities leave one place for their numbers.
  for (const gap of gaps(rows, aligned)) {
    const slots = gap.slots.map((i) => TABLE3_PRINTED[i].grid).filter((r) => r !== T3_OTHER_TOTAL_ROW && !placements.get(r));
    checks.push(...placeUnlabeled(grid, raw, slots, gap.rows, identities, spans));
  }
  // A row placed so is no longer missing.
  for (let i = checks.length - 1; i >= 0; i--) {
    const c = checks[i];
    if (c.code === 'parse.t3.row_missing' && c.cells.length && grid[c.cells[0].row].some((v) => v !== null)) checks.splice(i, 1);
  }
  checks.push(...applyUnglued('table3', grid, raw, glued, identities, width, (r) => (r === T3_OTHER_TOTAL_ROW ? T3_OTHER_TOTAL : TABLE3_ROWS[r]), { spans, runs }));
  const done = completeGrid('table3', grid, short, identities);
  if (single) {
    const derivedKeys = new Set(done.derived.map((d) => `${d.row},${d.col}`));
    for (const identity of T3_OTHER_ROW_OUTCOMES) if (holds(grid, identity) === false) done.checks.push(identityCheck('table3', identity, grid, derivedKeys));
  }
  for (const s of short) {
    const placedRow = grid[s.row];
    if (placedRow.every((v) => v === null)) continue;
    let k = 0;
    placedRow.forEach((_, c) => {
      const d = done.derived.find((x) => x.row === s.row && x.col === c);
      if (!d && k < s.values.length) {
        spans[s.row][c] = spanOf(s.printed[k]);
        raw[s.row][c] = String(s.values[k++]);
      }
    });
  }
  return {
    values: grid.slice(0, TABLE3_ROWS.length), raw: raw.slice(0, TABLE3_ROWS.length), spans: spans.slice(0, TABLE3_ROWS.length), derived: done.derived,
    checks: [...checks, ...done.checks], found, layout: found ? layout : null,
    otherTotal: single ? grid[T3_OTHER_TOTAL_ROW] : null, otherTotalRaw: single ? raw[T3_OTHER_TOTAL_ROW] : null,
    otherTotalSpans: single ? spans[T3_OTHER_TOTAL_ROW] : null,
  };
}

/** Table 4 prints fifteen numbers in one row (or three rows of five). */
export function readTable4(tokens: Token[]): TableRead<Cell[]> {
  const n = TABLE4_FIELDS.length;
  const values: Extract<Token, { kind: 'value' }>[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'value' && t.raw !== '') values.push(t);
  }
  const grid: Grid = TABLE4_FIELDS.map(() => emptyRow(1));
  const raw: (string | null)[] = new Array(n).fill(null);
  const spans: (Span | null)[] = new Array(n).fill(null);
  const checks: Check[] = [];
  const identities = TABLE4_IDENTITIES;
  // Every cell of the table, for a check about the whole table (made only for one).
  const all = () => Array.from({ length: n }, (_, row) => ({ table: 'table4' as const, row, col: 0 }));
  // The fifteen numbers as one row of a 1×15 grid, so the row machinery applies.
  const flatIdentities = TABLE4_ROW_IDENTITIES;
  if (values.some((v) => v.glued) && values.every((v) => v.value.kind === 'number')) {
    const flat: Grid = [emptyRow(n)];
    const flatRaw: (string | null)[][] = [new Array<string | null>(n).fill(null)];
    let chunks = values.map((v) => v.raw);
    let run: PrintedValue[] = values;
    const extra: Check[] = [];
    if (chunks.length > 1 && unglueRows([emptyRow(n)], [{ row: 0, chunks }], flatIdentities, n, fitsCount32).get(0)?.kind === 'none') {
      // Numbers that are not the table's (a year of the next section, a page number): the one
      // run of consecutive chunks that splits into fifteen numbers keeping the identities, if one does.
      const fits: string[][] = [];
      const fitsAt: number[] = [];
      for (let a = 0; a < chunks.length; a++) {
        for (let b = a + 1; b <= chunks.length; b++) {
          if (a === 0 && b === chunks.length) continue;
          const trial = chunks.slice(a, b);
          const r = unglueRows([emptyRow(n)], [{ row: 0, chunks: trial }], flatIdentities, n, fitsCount32).get(0);
          if (r?.kind === 'split' || r?.kind === 'ambiguous' || r?.kind === 'too_many') {
            fits.push(trial);
            fitsAt.push(a);
          }
        }
      }
      if (fits.length === 1) {
        extra.push(check('parse.t4.extra_numbers', 'info', all(),
          `表四所在部分有 ${chunks.length} 段数字（“${chunks.join(' ')}”），取其中唯一可按勾稽关系拆成 15 个数的连续部分（“${fits[0].join(' ')}”）。`,
          `Table 4 section holds ${chunks.length} runs of digits ("${chunks.join(' ')}"); the one consecutive part that splits into 15 numbers keeping the identities ("${fits[0].join(' ')}") was used.`));
        chunks = fits[0];
        run = values.slice(fitsAt[0], fitsAt[0] + chunks.length);
      }
    }
    const flatSpans: (Span | null)[][] = [new Array<Span | null>(n).fill(null)];
    const unglued = applyUnglued('table4', flat, flatRaw, [{ row: 0, chunks }], flatIdentities, n, () => ({ zh: '表四', en: 'Table 4' }),
      { spans: flatSpans, runs: new Map([[0, run]]) });
    // Back from the 1×15 row to table 4's addressing (row i, column 0).
    for (const c of unglued) c.cells = c.cells.map((x) => ({ table: 'table4', row: x.col, col: 0 }));
    const found = [...extra, ...unglued];
    const done = completeGrid('table4', flat[0].map((v) => rowOf([v])), [], identities);
    return { values: flat[0], raw: flatRaw[0].map((x) => [x]), spans: flatSpans[0].map((x) => [x]), derived: done.derived, checks: [...found, ...done.checks], found: true };
  }
  let chosen = values;
  if (values.length > n) {
    // Extra numbers in the section (a stray page number, a footnote): use the one run of
    // fifteen that satisfies the identities, if exactly one does.
    const windows: number[] = [];
    for (let s = 0; s + n <= values.length; s++) {
      const trial: Grid = values.slice(s, s + n).map((v) => rowOf([numberOf(v)]));
      if (identities.every((i) => holds(trial, i) !== false)) windows.push(s);
    }
    if (windows.length === 1) {
      chosen = values.slice(windows[0], windows[0] + n);
      checks.push(check('parse.t4.extra_numbers', 'info', all(),
        `表四所在部分有 ${values.length} 个数，取其中唯一符合勾稽关系的连续 15 个。`,
        `Table 4 section holds ${values.length} numbers; the one run of 15 that satisfies the identities was used.`));
    } else {
      checks.push(check('parse.t4.too_many_numbers', 'error', all(),
        `表四所在部分有 ${values.length} 个数（应为 15 个），无法确定哪些属于表四，表四留空。`,
        `Table 4 section holds ${values.length} numbers (expected 15); cannot tell which belong to the table, left empty.`));
      return { values: grid.map((r) => r[0]), raw: raw.map((x) => [x]), spans: spans.map((x) => [x]), derived: [], checks, found: values.length > 0 };
    }
  }
  if (chosen.length === n) {
    chosen.forEach((v, i) => {
      grid[i][0] = countOf(v);
      raw[i] = v.raw;
      spans[i] = spanOf(v);
    });
  } else if (chosen.length > 0) {
    // Placing a short vector is placing a short "row" of a 15×1 grid laid on its side.
    const transposed: Grid = [emptyRow(n)];
    const numbers = chosen.map((v) => numberOf(v));
    if (numbers.every((x) => x !== null)) {
      const placed = placeShortRow(transposed, flatIdentities, 0, numbers as number[], n);
      if (placed.kind === 'placed') {
        placed.positions.forEach((p, i) => {
          grid[p][0] = numbers[i];
          raw[p] = chosen[i].raw;
          spans[p] = spanOf(chosen[i]);
        });
        checks.push(check('parse.t4.row_placed_by_identities', 'info', all(),
          `表四只印了 ${chosen.length} 个数（应为 15 个），已按勾稽关系确定各数位置。`,
          `Table 4 prints ${chosen.length} of 15 numbers; their places were fixed by the identities.`));
      } else {
        const why = unplacedWhy(placed);
        checks.push(check('parse.t4.row_unplaceable', 'error', all(),
          `表四只印了 ${chosen.length} 个数（应为 15 个），${why.zh}，表四留空。`,
          `Table 4 prints ${chosen.length} of 15 numbers; ${why.en}, so it is left empty.`));
      }
    }
  }
  const done = completeGrid('table4', grid, [], identities);
  return { values: grid.map((r) => r[0]), raw: raw.map((x) => [x]), spans: spans.map((x) => [x]), derived: done.derived, checks: [...checks, ...done.checks], found: values.length > 0 };
}
