// The build's printed summary names hostile file names safely (hos18): a name with an ANSI escape,
// a newline or a right-to-left override is printed with those characters spelt out, on its line.
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../src/build/summary.ts';
import type { Summary } from '../src/build/build.ts';

const names = ['ansi-\x1b[31mred\x1b[0m.txt', 'new\nline.txt', 'bidi-\u202etxt.exe.txt', '长长的名字.txt'];
const summary = {
  reports: names.length, years: [], status_counts: { ok: 0, warning: 0, partial: 0, failed: names.length },
  parse: { parsed: names.length, cached: 0, threads: 0, parse_ms: 1 },
  failed: names.map((file) => ({ file, code: 'no_tables', message_zh: '未找到', message_en: 'None found' })), failed_total: names.length,
  warnings: [`2 files have the same content: ${names[0]}, ${names[1]}`], warnings_total: 1,
  rows: { reports: 0, facts: 0, cells: 0, checks: 0 }, files: [], layout: { layout: 'flat' }, duration_ms: 1,
} as unknown as Summary;

describe('formatSummary and file names', () => {
  const printed = formatSummary(summary, '/out', 0);
  it('prints no control character but its line ends, nor a bidirectional control', () => {
    expect(printed.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
  it('spells them out, each name on its own line, other characters as they are', () => {
    const lines = printed.split('\n');
    expect(lines).toContain('  ansi-\\u{1B}[31mred\\u{1B}[0m.txt  [no_tables]');
    expect(lines).toContain('  new\\u{A}line.txt  [no_tables]');
    expect(lines).toContain('  bidi-\\u{202E}txt.exe.txt  [no_tables]');
    expect(lines).toContain('  长长的名字.txt  [no_tables]');
    expect(lines).toContain('  2 files have the same content: ansi-\\u{1B}[31mred\\u{1B}[0m.txt, new\\u{A}line.txt');
  });
});
