// The one source of truth for the national template (国办公开办函〔2021〕30号):
// its tables, rows, columns, their keys and their labels in Chinese and English.
// The parser, the Parquet writer, the SQL, the CSV headers and the UI all read this module;
// adding a field means touching this file only.

export type Lang = 'zh' | 'en';

export interface Label {
  zh: string;
  en: string;
}

/** A field of table 2 (主动公开). `shape` says how many numbers the row prints. */
export interface Table2Row extends Label {
  key: 'regulations' | 'normative_documents' | 'licensing' | 'penalties' | 'enforcement' | 'fees_10k_yuan';
  block: string;
  /** Distinctive strings of the row label, matched tolerantly (see labels.ts). */
  match: string[];
  /** Strings that rule a label out (规范性文件 must not match 规章). */
  exclude?: string[];
  columns: readonly Table2Column[];
  unit: Label;
}

export interface Table2Column extends Label {
  key: string;
  /** A column whose unit is not its row's (the 2019 procurement amount, as printed). */
  unit?: Label;
}

const DOCUMENT_COLUMNS: readonly Table2Column[] = [
  { key: 'issued', zh: '本年制发件数', en: 'issued this year' },
  { key: 'repealed', zh: '本年废止件数', en: 'repealed this year' },
  { key: 'in_force', zh: '现行有效件数', en: 'in force' },
];
const DECISION_COLUMN: readonly Table2Column[] = [{ key: 'decisions', zh: '本年处理决定数量', en: 'decisions this year' }];
const PIECES: Label = { zh: '件', en: 'documents' };
const DECISIONS: Label = { zh: '件', en: 'decisions' };

export const TABLE2_ROWS: readonly Table2Row[] = [
  {
    key: 'regulations', zh: '规章', en: 'Rules (规章)', block: '第二十条第（一）项',
    match: ['规章'], exclude: ['规范性'], columns: DOCUMENT_COLUMNS, unit: PIECES,
  },
  {
    key: 'normative_documents', zh: '行政规范性文件', en: 'Normative documents', block: '第二十条第（一）项',
    match: ['行政规范性文件', '规范性文件'], columns: DOCUMENT_COLUMNS, unit: PIECES,
  },
  {
    key: 'licensing', zh: '行政许可', en: 'Licensing decisions', block: '第二十条第（五）项',
    match: ['行政许可'], columns: DECISION_COLUMN, unit: DECISIONS,
  },
  {
    key: 'penalties', zh: '行政处罚', en: 'Penalty decisions', block: '第二十条第（六）项',
    match: ['行政处罚'], columns: DECISION_COLUMN, unit: DECISIONS,
  },
  {
    key: 'enforcement', zh: '行政强制', en: 'Enforcement decisions', block: '第二十条第（六）项',
    match: ['行政强制'], columns: DECISION_COLUMN, unit: DECISIONS,
  },
  {
    key: 'fees_10k_yuan', zh: '行政事业性收费', en: 'Administrative fees', block: '第二十条第（八）项',
    match: ['行政事业性收费', '事业性收费'],
    columns: [{ key: 'amount', zh: '本年收费金额（万元）', en: 'amount this year (10,000 yuan)' }],
    unit: { zh: '万元', en: '10,000 yuan' },
  },
];

/** One flat field of table 2, e.g. normative_documents_in_force. */
export interface Table2Field extends Label {
  key: string;
  row: Table2Row['key'];
  column: string;
  index: number;
  unit: Label;
}

export const TABLE2_FIELDS: readonly Table2Field[] = TABLE2_ROWS.flatMap((row) =>
  row.columns.map((column, index) => ({
    key: row.columns.length > 1 ? `${row.key}_${column.key}` : row.key,
    row: row.key,
    column: column.key,
    index,
    zh: row.columns.length > 1 ? `${row.zh}·${column.zh}` : row.zh,
    en: row.columns.length > 1 ? `${row.en}, ${column.en}` : row.en,
    unit: row.unit,
  })),
);

// ---------------------------------------------------------------------------------------
// Table 2 of the older template (国办公开办函〔2019〕60号, reports for 2019 and 2020). Its columns
// mean other things; only the decision counts mean what the 2021 template's do.

export const TEMPLATES = [
  { key: '2019', zh: '2019 年版（国办公开办函〔2019〕60号）', en: '2019 template (国办公开办函〔2019〕60号)' },
  { key: '2021', zh: '2021 年版（国办公开办函〔2021〕30号）', en: '2021 template (国办公开办函〔2021〕30号)' },
] as const;
export type Template = (typeof TEMPLATES)[number]['key'];

export interface Table2019Row extends Label {
  key: string;
  block: string;
  match: string[];
  exclude?: string[];
  columns: readonly Table2Column[];
  unit: Label;
}

const DOCUMENTS_2019: readonly Table2Column[] = [
  { key: 'new_made', zh: '本年新制作数量', en: 'made this year' },
  { key: 'new_published', zh: '本年新公开数量', en: 'published this year' },
  { key: 'total_published', zh: '对外公开总数量', en: 'published in total' },
];
const ITEMS_2019: readonly Table2Column[] = [
  { key: 'prev_items', zh: '上一年项目数量', en: 'items last year' },
  { key: 'change', zh: '本年增/减', en: 'change this year' },
  { key: 'decisions', zh: '处理决定数量', en: 'decisions' },
];

export const TABLE2_2019_ROWS: readonly Table2019Row[] = [
  { key: 'regulations', zh: '规章', en: 'Rules (规章)', block: '第二十条第（一）项', match: ['规章'], exclude: ['规范性'], columns: DOCUMENTS_2019, unit: PIECES },
  { key: 'normative_documents', zh: '规范性文件', en: 'Normative documents', block: '第二十条第（一）项', match: ['规范性文件'], columns: DOCUMENTS_2019, unit: PIECES },
  { key: 'licensing', zh: '行政许可', en: 'Licensing', block: '第二十条第（五）项', match: ['行政许可'], columns: ITEMS_2019, unit: DECISIONS },
  { key: 'other_services', zh: '其他对外管理服务事项', en: 'Other external management services', block: '第二十条第（五）项', match: ['其他对外管理服务事项', '对外管理服务'], columns: ITEMS_2019, unit: DECISIONS },
  { key: 'penalties', zh: '行政处罚', en: 'Penalties', block: '第二十条第（六）项', match: ['行政处罚'], columns: ITEMS_2019, unit: DECISIONS },
  { key: 'enforcement', zh: '行政强制', en: 'Enforcement', block: '第二十条第（六）项', match: ['行政强制'], columns: ITEMS_2019, unit: DECISIONS },
  { key: 'fees', zh: '行政事业性收费', en: 'Administrative fees', block: '第二十条第（八）项', match: ['行政事业性收费', '事业性收费'], columns: ITEMS_2019.slice(0, 2), unit: { zh: '项', en: 'items' } },
  { key: 'procurement', zh: '政府集中采购', en: 'Central government procurement', block: '第二十条第（九）项', match: ['政府集中采购', '集中采购'],
    columns: [{ key: 'items', zh: '采购项目数量', en: 'procurement items' }, { key: 'amount', zh: '采购总金额（按原文单位）', en: 'total amount (unit as printed)', unit: { zh: '按原文单位', en: 'unit as printed' } }],
    unit: { zh: '项', en: 'items' } },
];

export const TABLE2_2019_FIELDS: readonly (Label & { key: string; row: string; column: string; index: number; unit: Label })[] = TABLE2_2019_ROWS.flatMap((row) =>
  row.columns.map((column, index) => ({
    key: `${row.key}_${column.key}`, row: row.key, column: column.key, index,
    zh: `${row.zh}·${column.zh}`, en: `${row.en}, ${column.en}`, unit: column.unit ?? row.unit,
  })));

/** 2021 fields a 2019 report states under another name: the same measure, so years compare. */
export const SAME_IN_2019: Partial<Record<Table2Row['key'], string>> = {
  licensing: 'licensing_decisions',
  penalties: 'penalties_decisions',
  enforcement: 'enforcement_decisions',
};

export function table2019Column(key: string): string {
  return `t2_2019_${key}`;
}

// ---------------------------------------------------------------------------------------
// Table 3 — applications received and handled.

export interface Table3Column extends Label {
  key: 'natural_person' | 'business' | 'research' | 'nonprofit' | 'legal_services' | 'other_org' | 'total';
}

export const TABLE3_COLUMNS: readonly Table3Column[] = [
  { key: 'natural_person', zh: '自然人', en: 'Natural persons' },
  { key: 'business', zh: '商业企业', en: 'Businesses' },
  { key: 'research', zh: '科研机构', en: 'Research institutions' },
  { key: 'nonprofit', zh: '社会公益组织', en: 'Non-profits' },
  { key: 'legal_services', zh: '法律服务机构', en: 'Legal service providers' },
  { key: 'other_org', zh: '其他', en: 'Other organisations' },
  { key: 'total', zh: '总计', en: 'Total' },
];
export const T3_TOTAL_COLUMN = 6;

/** The outcome groups of 三、本年度办理结果; the charts stack these. */
export type OutcomeGroup = 'granted' | 'partly_granted' | 'refused' | 'unable' | 'not_handled' | 'other';

export const OUTCOME_GROUPS: readonly (Label & { key: OutcomeGroup })[] = [
  { key: 'granted', zh: '予以公开', en: 'Granted' },
  { key: 'partly_granted', zh: '部分公开', en: 'Partly granted' },
  { key: 'refused', zh: '不予公开', en: 'Refused' },
  { key: 'unable', zh: '无法提供', en: 'Unable to provide' },
  { key: 'not_handled', zh: '不予处理', en: 'Not handled' },
  { key: 'other', zh: '其他处理', en: 'Other' },
];

export interface Table3Row extends Label {
  key: string;
  /** The label as the template prints it, with its numbering. */
  printed: string;
  group: OutcomeGroup | null;
  match: string[];
  exclude?: string[];
}

export const TABLE3_ROWS: readonly Table3Row[] = [
  { key: 'new', printed: '一、本年新收政府信息公开申请数量', zh: '本年新收申请', en: 'New applications this year', group: null, match: ['本年新收', '新收政府信息公开申请'] },
  { key: 'carried_over', printed: '二、上年结转政府信息公开申请数量', zh: '上年结转申请', en: 'Carried over from last year', group: null, match: ['上年结转', '结转政府信息公开申请'] },
  { key: 'granted', printed: '（一）予以公开', zh: '予以公开', en: 'Granted', group: 'granted', match: ['一予以公开', '予以公开'] },
  { key: 'partly_granted', printed: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', zh: '部分公开', en: 'Partly granted', group: 'partly_granted', match: ['部分公开', '区分处理'] },
  { key: 'refused_state_secret', printed: '1.属于国家秘密', zh: '不予公开：属于国家秘密', en: 'Refused: state secret', group: 'refused', match: ['国家秘密'] },
  { key: 'refused_prohibited', printed: '2.其他法律行政法规禁止公开', zh: '不予公开：其他法律行政法规禁止公开', en: 'Refused: prohibited by other laws', group: 'refused', match: ['法规禁止公开', '禁止公开'] },
  { key: 'refused_three_safeties', printed: '3.危及“三安全一稳定”', zh: '不予公开：危及“三安全一稳定”', en: 'Refused: endangers security or stability', group: 'refused', match: ['三安全一稳定', '危及'] },
  { key: 'refused_third_party', printed: '4.保护第三方合法权益', zh: '不予公开：保护第三方合法权益', en: 'Refused: third-party rights', group: 'refused', match: ['第三方合法权益', '保护第三方'] },
  { key: 'refused_internal_affairs', printed: '5.属于三类内部事务信息', zh: '不予公开：属于三类内部事务信息', en: 'Refused: internal affairs', group: 'refused', match: ['内部事务'] },
  { key: 'refused_process_info', printed: '6.属于四类过程性信息', zh: '不予公开：属于四类过程性信息', en: 'Refused: process information', group: 'refused', match: ['过程性信息'] },
  { key: 'refused_enforcement_files', printed: '7.属于行政执法案卷', zh: '不予公开：属于行政执法案卷', en: 'Refused: enforcement case files', group: 'refused', match: ['行政执法案卷', '执法案卷'] },
  { key: 'refused_query_matters', printed: '8.属于行政查询事项', zh: '不予公开：属于行政查询事项', en: 'Refused: administrative query matters', group: 'refused', match: ['行政查询事项', '查询事项'] },
  { key: 'unable_not_held', printed: '1.本机关不掌握相关政府信息', zh: '无法提供：本机关不掌握相关政府信息', en: 'Unable: information not held', group: 'unable', match: ['不掌握相关政府信息', '不掌握'] },
  { key: 'unable_needs_creation', printed: '2.没有现成信息需要另行制作', zh: '无法提供：没有现成信息需要另行制作', en: 'Unable: would need to be created', group: 'unable', match: ['没有现成信息', '另行制作'] },
  { key: 'unable_unclear', printed: '3.补正后申请内容仍不明确', zh: '无法提供：补正后申请内容仍不明确', en: 'Unable: still unclear after correction', group: 'unable', match: ['补正后申请内容仍不明确', '仍不明确'] },
  { key: 'not_handled_complaint', printed: '1.信访举报投诉类申请', zh: '不予处理：信访举报投诉类申请', en: 'Not handled: petitions and complaints', group: 'not_handled', match: ['信访举报投诉', '信访'] },
  { key: 'not_handled_repeated', printed: '2.重复申请', zh: '不予处理：重复申请', en: 'Not handled: repeated application', group: 'not_handled', match: ['2重复申请', '重复申请'] },
  { key: 'not_handled_publications', printed: '3.要求提供公开出版物', zh: '不予处理：要求提供公开出版物', en: 'Not handled: published material', group: 'not_handled', match: ['公开出版物', '出版物'] },
  { key: 'not_handled_vexatious', printed: '4.无正当理由大量反复申请', zh: '不予处理：无正当理由大量反复申请', en: 'Not handled: mass repeated applications', group: 'not_handled', match: ['大量反复申请', '反复申请'] },
  { key: 'not_handled_confirmation', printed: '5.要求行政机关确认或重新出具已获取信息', zh: '不予处理：要求确认或重新出具已获取信息', en: 'Not handled: confirm or re-issue obtained information', group: 'not_handled', match: ['重新出具已获取信息', '确认或重新出具', '已获取信息'] },
  { key: 'other_no_correction', printed: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', zh: '其他处理：逾期不补正', en: 'Other: applicant did not supply corrections', group: 'other', match: ['逾期不补正', '无正当理由逾期'] },
  { key: 'other_fee_unpaid', printed: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', zh: '其他处理：逾期未缴纳费用', en: 'Other: applicant did not pay the fee', group: 'other', match: ['收费通知', '缴纳费用', '逾期未按收费'] },
  { key: 'other_other', printed: '3.其他', zh: '其他处理：其他', en: 'Other: other', group: 'other', match: ['3其他'] },
  { key: 'total_handled', printed: '（七）总计', zh: '办理总计', en: 'Total handled', group: null, match: ['七总计', '总计'] },
  { key: 'carried_forward', printed: '四、结转下年度继续办理', zh: '结转下年度继续办理', en: 'Carried into next year', group: null, match: ['结转下年度', '下年度继续办理'] },
];

/**
 * Some reports print （六）其他处理 as one row, the total of its three sub-rows; the 2019 template
 * always does. That total is kept as its own row (index 25 of the parser's grid), the three
 * sub-rows stay unstated unless the identities force them.
 */
export const T3_OTHER_TOTAL: Table3Row = {
  key: 'other_total', printed: '（六）其他处理', zh: '其他处理（合计）', en: 'Other (total of the three)', group: 'other',
  match: ['其他处理'], exclude: ['逾期不补正', '无正当理由逾期', '收费通知', '缴纳费用', '3其他'],
};
export const T3_OTHER_TOTAL_ROW = 25;

export type Table3Layout = 'template' | 'single_other_row';
export const TABLE3_LAYOUTS: readonly (Label & { key: Table3Layout })[] = [
  { key: 'template', zh: '按模板逐行列出', en: 'as in the template' },
  { key: 'single_other_row', zh: '“其他处理”只印一行合计', en: '“other” printed as one total row' },
];

export const T3 = {
  NEW: 0,
  CARRIED_OVER: 1,
  FIRST_OUTCOME: 2,
  LAST_OUTCOME: 22,
  TOTAL_HANDLED: 23,
  CARRIED_FORWARD: 24,
} as const;

/** Row indices of each outcome group, in template order. */
export const OUTCOME_ROWS: Record<OutcomeGroup, number[]> = Object.fromEntries(
  OUTCOME_GROUPS.map((g) => [g.key, TABLE3_ROWS.flatMap((r, i) => (r.group === g.key ? [i] : []))]),
) as Record<OutcomeGroup, number[]>;

// ---------------------------------------------------------------------------------------
// Table 4 — administrative reconsideration (行政复议) and litigation (行政诉讼).

export interface Table4Group extends Label {
  key: 'reconsideration' | 'lawsuit_direct' | 'lawsuit_after_reconsideration';
}
export interface Table4Outcome extends Label {
  key: 'upheld' | 'corrected' | 'other' | 'pending' | 'total';
}

export const TABLE4_GROUPS: readonly Table4Group[] = [
  { key: 'reconsideration', zh: '行政复议', en: 'Administrative reconsideration' },
  { key: 'lawsuit_direct', zh: '行政诉讼（未经复议直接起诉）', en: 'Lawsuit filed directly' },
  { key: 'lawsuit_after_reconsideration', zh: '行政诉讼（复议后起诉）', en: 'Lawsuit after reconsideration' },
];
export const TABLE4_OUTCOMES: readonly Table4Outcome[] = [
  { key: 'upheld', zh: '结果维持', en: 'upheld' },
  { key: 'corrected', zh: '结果纠正', en: 'corrected' },
  { key: 'other', zh: '其他结果', en: 'other result' },
  { key: 'pending', zh: '尚未审结', en: 'pending' },
  { key: 'total', zh: '总计', en: 'total' },
];

export interface Table4Field extends Label {
  key: string;
  group: Table4Group['key'];
  outcome: Table4Outcome['key'];
  index: number;
}

export const TABLE4_FIELDS: readonly Table4Field[] = TABLE4_GROUPS.flatMap((group, g) =>
  TABLE4_OUTCOMES.map((outcome, o) => ({
    key: `${group.key}_${outcome.key}`,
    group: group.key,
    outcome: outcome.key,
    index: g * TABLE4_OUTCOMES.length + o,
    zh: `${group.zh}·${outcome.zh}`,
    en: `${group.en}, ${outcome.en}`,
  })),
);

/** The template's headings and header groups: words that label the tables rather than fields. */
export const TEMPLATE_HEADINGS = {
  table2: { zh: '二、主动公开政府信息情况', en: 'II. Information published proactively' },
  table3: { zh: '三、收到和处理政府信息公开申请情况', en: 'III. Applications received and handled' },
  table4: { zh: '四、政府信息公开行政复议、行政诉讼情况', en: 'IV. Administrative reconsideration and litigation' },
  content: { zh: '信息内容', en: 'Item' },
  applicants: { zh: '申请人情况', en: 'Applicants' },
  organisations: { zh: '法人或其他组织', en: 'Legal persons and other organisations' },
  outcomes: { zh: '三、本年度办理结果', en: 'III. Outcomes this year' },
  lawsuit: { zh: '行政诉讼', en: 'Administrative litigation' },
  lawsuit_direct: { zh: '未经复议直接起诉', en: 'Filed directly' },
  lawsuit_after: { zh: '复议后起诉', en: 'After reconsideration' },
} as const satisfies Record<string, Label>;

/** How the template numbers the outcome groups. */
export const OUTCOME_NUMBERING: Record<OutcomeGroup, string> = {
  granted: '（一）', partly_granted: '（二）', refused: '（三）', unable: '（四）', not_handled: '（五）', other: '（六）',
};

// ---------------------------------------------------------------------------------------
// Identities every correct report satisfies. Each is "sum of `parts` = sum of `whole`".

export interface Identity {
  rule: string;
  label: Label;
  table: 'table3' | 'table4';
  /** [row, col] for table 3; [index, 0] for table 4. */
  parts: [number, number][];
  whole: [number, number][];
  /** Applies only to reports printed in this layout of table 3. */
  layout?: Table3Layout;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export const IDENTITIES: readonly Identity[] = [
  ...TABLE3_COLUMNS.map((col, c) => ({
    rule: 't3.carry_over',
    label: {
      zh: `${col.zh}列：新收 + 上年结转 = 总计 + 结转下年度`,
      en: `${col.en}: new + carried over = total handled + carried forward`,
    },
    table: 'table3' as const,
    parts: [[T3.NEW, c], [T3.CARRIED_OVER, c]] as [number, number][],
    whole: [[T3.TOTAL_HANDLED, c], [T3.CARRIED_FORWARD, c]] as [number, number][],
  })),
  ...TABLE3_COLUMNS.map((col, c) => ({
    rule: 't3.outcomes_sum',
    label: { zh: `${col.zh}列：各项办理结果之和 = 总计`, en: `${col.en}: outcomes add up to the total handled` },
    table: 'table3' as const,
    parts: range(T3.FIRST_OUTCOME, T3.LAST_OUTCOME).map((r) => [r, c] as [number, number]),
    whole: [[T3.TOTAL_HANDLED, c]] as [number, number][],
  })),
  ...TABLE3_ROWS.map((row, r) => ({
    rule: 't3.columns_sum',
    label: { zh: `${row.zh}行：各类申请人之和 = 总计`, en: `${row.en}: applicant columns add up to the total` },
    table: 'table3' as const,
    parts: range(0, T3_TOTAL_COLUMN - 1).map((c) => [r, c] as [number, number]),
    whole: [[r, T3_TOTAL_COLUMN]] as [number, number][],
  })),
  ...TABLE3_COLUMNS.map((col, c) => ({
    rule: 't3.other_group',
    label: { zh: `${col.zh}列：其他处理三个子项之和 = 其他处理合计`, en: `${col.en}: the three “other” sub-rows add up to their printed total` },
    table: 'table3' as const,
    parts: OUTCOME_ROWS.other.map((r) => [r, c] as [number, number]),
    whole: [[T3_OTHER_TOTAL_ROW, c]] as [number, number][],
    /** Only where the report prints the total row. */
    layout: 'single_other_row' as const,
  })),
  ...TABLE4_GROUPS.map((group, g) => ({
    rule: 't4.group_sum',
    label: { zh: `${group.zh}：维持 + 纠正 + 其他 + 尚未审结 = 总计`, en: `${group.en}: upheld + corrected + other + pending = total` },
    table: 'table4' as const,
    parts: range(g * 5, g * 5 + 3).map((i) => [i, 0] as [number, number]),
    whole: [[g * 5 + 4, 0]] as [number, number][],
  })),
];

/**
 * Where a report prints 其他处理 as one row (2019 template), t3.outcomes_sum cannot be checked: its
 * three sub-rows stay null unless forced. The outcomes with that row in their place must add up to
 * the total all the same; without this check a report whose outcomes add up to 27 against its
 * printed total of 21 (pingtan-2020.txt) passed with no source.* check. A check only, made after
 * the reading (tables.ts): not one of IDENTITIES, which also choose among splits of glued digits,
 * so that a report wrong in its own arithmetic keeps its numbers as printed.
 */
export const T3_OTHER_ROW_OUTCOMES: readonly Identity[] = TABLE3_COLUMNS.map((col, c) => ({
  rule: 't3.outcomes_sum_other_row',
  label: { zh: `${col.zh}列：各项办理结果（其他处理按合计一行）之和 = 总计`, en: `${col.en}: outcomes, “other” as its printed total, add up to the total handled` },
  table: 'table3' as const,
  parts: [...range(T3.FIRST_OUTCOME, T3.LAST_OUTCOME).filter((r) => !OUTCOME_ROWS.other.includes(r)), T3_OTHER_TOTAL_ROW].map((r) => [r, c] as [number, number]),
  whole: [[T3.TOTAL_HANDLED, c]] as [number, number][],
  layout: 'single_other_row' as const,
}));

// ---------------------------------------------------------------------------------------
// Report-level fields (metadata and section 六).

export const LEVELS = [
  { key: 'national', zh: '国家级', en: 'National' },
  { key: 'province', zh: '省级', en: 'Province' },
  { key: 'prefecture', zh: '地市级', en: 'Prefecture' },
  { key: 'county', zh: '县级', en: 'County' },
  { key: 'township', zh: '乡镇级', en: 'Township' },
] as const;
export type Level = (typeof LEVELS)[number]['key'];

export const KINDS = [
  { key: 'people_government', zh: '人民政府', en: "People's government" },
  { key: 'government_office', zh: '政府办公室（厅）', en: 'Government office' },
  { key: 'department', zh: '政府部门', en: 'Department' },
] as const;
export type Kind = (typeof KINDS)[number]['key'];

export const STATUSES = [
  { key: 'ok', zh: '正常', en: 'OK' },
  { key: 'warning', zh: '有警告', en: 'With warnings' },
  { key: 'partial', zh: '有错误', en: 'With errors' },
  { key: 'failed', zh: '读取失败', en: 'Failed' },
] as const;
export type Status = (typeof STATUSES)[number]['key'];

/** Where a metadata field was taken from (reports.*_source; report.ts FieldSource). */
export const FIELD_SOURCES: readonly (Label & { key: string })[] = [
  { key: 'title', zh: '标题', en: 'title' },
  { key: 'body', zh: '正文', en: 'body text' },
  { key: 'signature', zh: '落款', en: 'signature' },
  { key: 'period', zh: '统计期限', en: 'statistics period' },
  { key: 'agency', zh: '由机关名称推断', en: 'inferred from the agency name' },
  { key: 'manifest', zh: 'manifest.csv', en: 'manifest.csv' },
  { key: 'file_name', zh: '文件名', en: 'file name' },
  { key: 'none', zh: '未找到', en: 'not found' },
];

export const PROCESSING_FEE: Label & { key: string; unit: Label } = {
  key: 'processing_fee_yuan',
  zh: '信息处理费',
  en: 'Information-processing fee',
  unit: { zh: '元', en: 'yuan' },
};

/** Flat column name of a table 3 cell, as used in Parquet, SQL and CSV. */
export function table3Column(row: number, col: number): string {
  const r = row === T3_OTHER_TOTAL_ROW ? T3_OTHER_TOTAL : TABLE3_ROWS[row];
  return `t3_${r.key}_${TABLE3_COLUMNS[col].key}`;
}
export function table2Column(field: Table2Field): string {
  return `t2_${field.key}`;
}
export function table4Column(field: Table4Field): string {
  return `t4_${field.key}`;
}
