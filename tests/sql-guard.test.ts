// The SQL view's guard: read-only single statements pass; anything that writes, attaches, copies,
// installs, loads, configures or reads a file or URL is refused with a reason.
import { describe, expect, it } from 'vitest';
import { guardSql } from '../src/db/sql-guard.ts';

describe('guardSql', () => {
  it.each([
    ['SELECT COUNT(*) FROM facts', 'select'],
    ['  with x as (select 1 as a) select * from x;  ', 'select'],
    ['SELECT province, COUNT(*) FROM facts GROUP BY 1 -- one; comment', 'select'],
    ["SELECT 'a;b', \"drop\" FROM facts", 'select'],
    ['SELECT * REPLACE (agency AS name) FROM facts', 'select'],
    ["SELECT replace(agency, '人民', '') FROM facts", 'select'],
    ['FROM facts LIMIT 3', 'select'],
    ['DESCRIBE facts', 'meta'],
    ['SUMMARIZE facts;', 'meta'],
    ['EXPLAIN SELECT * FROM facts', 'meta'],
  ])('allows %s', (sql, kind) => {
    const r = guardSql(sql);
    expect(r).toMatchObject({ ok: true, kind });
    if (r.ok) expect(r.sql.endsWith(';')).toBe(false);
  });

  it.each([
    'CREATE TABLE x AS SELECT 1',
    'DROP TABLE facts',
    'INSERT INTO facts SELECT * FROM facts',
    'DELETE FROM facts',
    'UPDATE facts SET agency = 1',
    "COPY facts TO 'out.csv'",
    "ATTACH 'x.db'",
    'INSTALL httpfs',
    'LOAD httpfs',
    'SET enable_external_access = true',
    'PRAGMA table_info(facts)',
    'SELECT 1; DROP TABLE facts',
    'SELECT 1; SELECT 2',
    'WITH x AS (SELECT 1) INSERT INTO facts SELECT * FROM x',
    "SELECT * FROM read_parquet('facts.parquet')",
    "SELECT * FROM read_csv_auto('https://example.com/a.csv')",
    "SELECT * FROM 'reports.parquet'",
    "SELECT * FROM 'https://example.com/x'",
    "SELECT * FROM glob('*')",
    "SELECT getenv('HOME')",
    "SELECT current_setting('threads')",
    "SELECT * FROM query('DROP TABLE facts')",
    "SELECT 'unterminated",
    'SELECT 1 /* open comment',
    '',
    ';',
    'CALL pragma_version()',
    'ROLLBACK',
  ])('refuses %s', (sql) => {
    const r = guardSql(sql);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.zh.length).toBeGreaterThan(0);
      expect(r.en).not.toMatch(/：/);
    }
  });
});
