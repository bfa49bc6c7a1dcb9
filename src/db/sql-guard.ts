// The analyst's SQL box runs in the page's own DuckDB, which also serves the charts: it must not
// write, attach, copy, install, load, change settings, or read anything but the loaded tables.
// One statement, starting SELECT / WITH / DESCRIBE / SUMMARIZE / EXPLAIN (or FROM /
// VALUES / SHOW, DuckDB's read-only shorthands), no keyword of a writing or
// configuring statement anywhere outside strings and comments, no table function that reads
// files or URLs, and no string that names a file or URL (DuckDB reads `FROM 'x.csv'`).
// Pure; tokenises the text (quotes, quoted identifiers, comments) rather than pattern-matching it.

export type GuardResult = { ok: true; sql: string; kind: 'select' | 'meta' } | { ok: false; zh: string; en: string };

const FIRST = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'DESCRIBE', 'SUMMARIZE', 'EXPLAIN', 'SHOW']);
/** These cannot be wrapped as a subquery for paging; they run as they are. */
const META = new Set(['DESCRIBE', 'SUMMARIZE', 'EXPLAIN', 'SHOW']);
const FORBIDDEN = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'COPY', 'ATTACH', 'DETACH', 'INSTALL',
  'LOAD', 'FORCE', 'PRAGMA', 'SET', 'RESET', 'CALL', 'EXPORT', 'IMPORT', 'CHECKPOINT', 'VACUUM', 'USE', 'GRANT', 'REVOKE',
  'BEGIN', 'COMMIT', 'ROLLBACK', 'ABORT', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'REPLACE',
]);
/** Table and scalar functions that read files, URLs or settings, or run SQL text. */
const FORBIDDEN_FUNCTION = /^(read_\w+|\w+_scan|parquet_\w+|sniff_csv|glob|query|query_table|getenv|current_setting|duckdb_secrets|load_extension|iceberg_\w+|delta_\w+|sqlite_\w+|postgres_\w+|mysql_\w+)$/i;
/** A string literal that names a file or a URL. */
const FILE_LIKE = /:\/\/|^[/\\~]|\.(parquet|csv|tsv|json|jsonl|ndjson|txt|gz|zst|db|duckdb|sqlite|xlsx?|arrow|wal)\b|\*/i;

interface Token {
  kind: 'word' | 'string' | 'quoted' | 'symbol';
  text: string;
}

function tokenize(sql: string): Token[] | { error: 'unterminated' } {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && sql[i + 1] === '-') { while (i < n && sql[i] !== '\n') i++; continue; }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return { error: 'unterminated' };
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= n) return { error: 'unterminated' };
        if (sql[j] === c) {
          if (sql[j + 1] === c) { text += c; j += 2; continue; }
          break;
        }
        text += sql[j++];
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text });
      i = j + 1;
      continue;
    }
    if (c === '$') {
      // Dollar-quoted strings ($$...$$, $tag$...$tag$) and $n parameters.
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return { error: 'unterminated' };
        tokens.push({ kind: 'string', text: sql.slice(i + tag[0].length, end) });
        i = end + tag[0].length;
        continue;
      }
    }
    const word = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(sql.slice(i, i + 200));
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    tokens.push({ kind: 'symbol', text: c });
    i++;
  }
  return tokens;
}

const refuse = (zh: string, en: string): GuardResult => ({ ok: false, zh, en });

/** Whether `sql` may run in the SQL view; the statement without a trailing semicolon if so. */
export function guardSql(input: string): GuardResult {
  const tokens = tokenize(input);
  if ('error' in tokens) return refuse('查询未结束：引号或注释没有闭合。', 'The query is unfinished: a quote or comment is not closed.');
  // One trailing semicolon is allowed; any other makes a second statement.
  let body = tokens;
  while (body.length && body[body.length - 1].kind === 'symbol' && body[body.length - 1].text === ';') body = body.slice(0, -1);
  if (body.length === 0) return refuse('请输入一条查询。', 'Enter a query.');
  if (body.some((t) => t.kind === 'symbol' && t.text === ';')) {
    return refuse('只能运行一条语句。', 'Only one statement can be run.');
  }
  const first = body[0].kind === 'word' ? body[0].text.toUpperCase() : '';
  if (!FIRST.has(first)) {
    return refuse('只允许只读查询：以 SELECT、WITH、DESCRIBE、SUMMARIZE 或 EXPLAIN 开头。', 'Only read-only queries are allowed: start with SELECT, WITH, DESCRIBE, SUMMARIZE or EXPLAIN.');
  }
  for (let k = 0; k < body.length; k++) {
    const t = body[k];
    if (t.kind === 'word' && FORBIDDEN.has(t.text.toUpperCase())) {
      // REPLACE is also a scalar function and a SELECT * modifier: allowed when a "(" follows.
      if (t.text.toUpperCase() === 'REPLACE' && body[k + 1]?.text === '(') continue;
      return refuse(`不允许的关键字：${t.text}（只读查询）。`, `Keyword not allowed: ${t.text} (read-only queries only).`);
    }
    if ((t.kind === 'word' || t.kind === 'quoted') && FORBIDDEN_FUNCTION.test(t.text) && body[k + 1]?.text === '(') {
      return refuse(`不允许读取文件或设置的函数：${t.text}。`, `Function not allowed (it reads files or settings): ${t.text}.`);
    }
    if (t.kind === 'string' && FILE_LIKE.test(t.text)) {
      return refuse('查询中不能出现文件名或网址：只能查询已载入的表。', 'File names and URLs are not allowed: query the loaded tables only.');
    }
  }
  const end = input.lastIndexOf(';');
  const sql = end >= 0 && body.length < tokens.length ? input.slice(0, end).trim() : input.trim();
  return { ok: true, sql, kind: META.has(first) ? 'meta' : 'select' };
}
