// A report's status follows its worst check by one rule (src/format/status.ts). Every
// combination of "could the file be read" × which severities its checks have, against a table
// written out by hand; then the parser on real text with an error-level check of each family.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseReport } from '../src/format/parse.ts';
import { reportStatus, STATUS_ORDER, statusRank, type Severity } from '../src/format/status.ts';

const FAMILIES = ['source.t3.outcomes_sum', 'parse.t3.row_missing', 'meta.year_missing', 'narrative.applications_mismatch'];

// [file unreadable?, error checks?, warning checks?, info checks?] → status, by hand.
const TRUTH: [boolean, boolean, boolean, boolean, string][] = [
  [false, false, false, false, 'ok'],
  [false, false, false, true, 'ok'],
  [false, false, true, false, 'warning'],
  [false, false, true, true, 'warning'],
  [false, true, false, false, 'partial'],
  [false, true, false, true, 'partial'],
  [false, true, true, false, 'partial'],
  [false, true, true, true, 'partial'],
  [true, false, false, false, 'failed'],
  [true, false, false, true, 'failed'],
  [true, false, true, false, 'failed'],
  [true, false, true, true, 'failed'],
  [true, true, false, false, 'failed'],
  [true, true, false, true, 'failed'],
  [true, true, true, false, 'failed'],
  [true, true, true, true, 'failed'],
];

describe('reportStatus', () => {
  it('covers all 16 combinations of unreadable × error × warning × info', () => {
    expect(new Set(TRUTH.map((t) => t.slice(0, 4).join())).size).toBe(16);
  });

  for (const [unreadable, error, warning, info, want] of TRUTH) {
    it(`unreadable=${unreadable} error=${error} warning=${warning} info=${info} → ${want}, whatever the check family`, () => {
      for (const code of FAMILIES) {
        const severities: Severity[] = [...(info ? ['info' as const] : []), ...(warning ? ['warning' as const] : []), ...(error ? ['error' as const] : [])];
        // Either order of the checks, and each family of code: the same status.
        for (const order of [severities, [...severities].reverse()]) {
          const checks = order.map((severity) => ({ code, severity }));
          expect(reportStatus({ error: unreadable ? { code: 'binary' } : null, checks }), `${code} ${order}`).toBe(want);
        }
      }
    });
  }

  it('ranks worst first: failed, partial, warning, ok; anything else last', () => {
    expect(['ok', 'warning', 'bogus', 'failed', 'partial'].sort((a, b) => statusRank(a) - statusRank(b))).toEqual(['failed', 'partial', 'warning', 'ok', 'bogus']);
    expect(STATUS_ORDER).toEqual(['failed', 'partial', 'warning', 'ok']);
  });
});

describe('the parser follows the rule', () => {
  const text = readFileSync('data/reports/000_91b38fa976f5289e.txt', 'utf8');
  const parse = (t: string) => parseReport(new TextEncoder().encode(t), 'x.txt');

  it('a clean report is ok', () => {
    const r = parse(text);
    expect(r.checks).toEqual([]);
    expect(r.status).toBe('ok');
  });

  it('a report whose own numbers disagree (source.*, error) is partial, not warning', () => {
    const r = parse(text.replace('(七)总计 | 108 | 21 | 0 | 0 | 0 | 0 | 129', '(七)总计 | 108 | 21 | 0 | 0 | 0 | 0 | 130'));
    expect(r.checks.some((c) => c.code.startsWith('source.') && c.severity === 'error')).toBe(true);
    expect(r.status).toBe('partial');
  });

  it('a report with a table-3 row not found (parse.*, error) is partial, not warning', () => {
    const r = parse(text.replace(/^2\.重复申请.*\n/m, '').replace(/^3\.要求提供公开出版物.*\n/m, ''));
    expect(r.checks.filter((c) => c.code === 'parse.t3.row_missing').map((c) => c.severity)).toEqual(['error', 'error']);
    expect(r.status).toBe('partial');
  });

  it('a report with only a warning (meta.*) is warning', () => {
    const r = parse(text.replace(/嘉兴市人民政府办公室/g, '某某办公室'));
    const severities = new Set(r.checks.map((c) => c.severity));
    expect(severities.has('error')).toBe(false);
    expect(severities.has('warning')).toBe(true);
    expect(r.status).toBe('warning');
  });
});
