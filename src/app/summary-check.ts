// summary.json checked against its schema before the page uses it: a file that parses but holds
// the wrong types fails with a message naming the field, instead of views waiting forever.
// Pure; the fields are those the page reads (data.svelte.ts Summary, overview.ts).

export interface SummaryProblem {
  /** Where, e.g. `overview[3].year`. */
  path: string;
  zh: string;
  en: string;
}

type Kind = 'number' | 'integer' | 'string' | 'object' | 'array' | 'boolean';
const NAMES: Record<Kind, [string, string]> = {
  number: ['数字', 'a number'], integer: ['整数', 'an integer'], string: ['文本', 'a string'],
  object: ['对象', 'an object'], array: ['列表', 'a list'], boolean: ['真假值', 'a boolean'],
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}

function is(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
  }
}

class Checker {
  problem: SummaryProblem | null = null;

  /** True when `value` is of `kind` (or null, when allowed); records the first problem. */
  expect(value: unknown, kind: Kind, path: string, nullable = false): boolean {
    if (this.problem) return false;
    if (nullable && value === null) return true;
    if (is(value, kind)) return true;
    const [zh, en] = NAMES[kind];
    const got = kindOf(value);
    this.problem = {
      path,
      zh: `summary.json 的字段 ${path} 应为${zh}${nullable ? '或空值' : ''}，实为 ${got}`,
      en: `summary.json field ${path} should be ${en}${nullable ? ' or null' : ''}, but is ${got}`,
    };
    return false;
  }

  list(value: unknown, path: string, each: (item: unknown, path: string) => void, optional = false): void {
    if (optional && value === undefined) return;
    if (!this.expect(value, 'array', path)) return;
    (value as unknown[]).forEach((item, i) => each(item, `${path}[${i}]`));
  }
}

const OVERVIEW_TEXT = ['agency', 'province', 'city', 'county', 'level', 'kind'] as const;

/** The first problem of a parsed summary.json, or null when the page can use it. */
export function checkSummary(json: unknown): SummaryProblem | null {
  const c = new Checker();
  if (!c.expect(json, 'object', '(root)')) return c.problem;
  const s = json as Record<string, unknown>;
  c.expect(s.reports, 'integer', 'reports');
  if (c.expect(s.rows, 'object', 'rows')) for (const k of ['reports', 'cells', 'checks']) c.expect((s.rows as Record<string, unknown>)[k], 'integer', `rows.${k}`);
  c.list(s.failed, 'failed', (f, p) => {
    if (!c.expect(f, 'object', p)) return;
    for (const k of ['file', 'code', 'message_zh', 'message_en']) c.expect((f as Record<string, unknown>)[k], 'string', `${p}.${k}`);
  });
  c.list(s.warnings, 'warnings', (w, p) => c.expect(w, 'string', p));
  c.list(s.skipped, 'skipped', (f, p) => {
    if (!c.expect(f, 'object', p)) return;
    for (const k of ['file', 'reason_zh', 'reason_en']) c.expect((f as Record<string, unknown>)[k], 'string', `${p}.${k}`);
  }, true);
  if (s.skipped_total !== undefined) c.expect(s.skipped_total, 'integer', 'skipped_total');
  if (c.expect(s.status_counts, 'object', 'status_counts')) {
    for (const [k, v] of Object.entries(s.status_counts as Record<string, unknown>)) c.expect(v, 'integer', `status_counts.${k}`);
  }
  c.list(s.years, 'years', (y, p) => c.expect(y, 'integer', p));
  c.list(s.files, 'files', (f, p) => {
    if (!c.expect(f, 'object', p)) return;
    c.expect((f as Record<string, unknown>).name, 'string', `${p}.name`);
    c.expect((f as Record<string, unknown>).bytes, 'integer', `${p}.bytes`);
  });
  c.list(s.overview, 'overview', (e, p) => {
    if (!c.expect(e, 'object', p)) return;
    const o = e as Record<string, unknown>;
    c.expect(o.report_id, 'string', `${p}.report_id`);
    c.expect(o.status, 'string', `${p}.status`);
    c.expect(o.year, 'integer', `${p}.year`, true);
    c.expect(o.total_handled, 'number', `${p}.total_handled`, true);
    for (const k of OVERVIEW_TEXT) c.expect(o[k], 'string', `${p}.${k}`, true);
    if (c.expect(o.outcomes, 'object', `${p}.outcomes`)) {
      for (const [k, v] of Object.entries(o.outcomes as Record<string, unknown>)) c.expect(v, 'number', `${p}.outcomes.${k}`, true);
    }
  }, true);
  if (s.first_paint !== undefined && c.expect(s.first_paint, 'object', 'first_paint')) {
    const f = s.first_paint as Record<string, unknown>;
    for (const k of ['outcomes_top', 'provinces', 'years', 'levels', 'kinds']) c.list(f[k], `first_paint.${k}`, (x, p) => c.expect(x, 'object', p));
  }
  if (s.overview === undefined && s.first_paint === undefined) {
    return c.problem ?? { path: 'overview', zh: 'summary.json 既没有 overview 也没有 first_paint', en: 'summary.json has neither overview nor first_paint' };
  }
  if (s.layout !== undefined && c.expect(s.layout, 'object', 'layout')) {
    const l = s.layout as Record<string, unknown>;
    for (const k of ['facts', 'reports', 'cells', 'checks']) c.list(l[k], `layout.${k}`, (x, p) => c.expect(x, 'string', p), true);
  }
  return c.problem;
}
