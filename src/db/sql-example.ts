// The SQL view's first query (src/views/SqlView.svelte), shown when the link names none. It counts
// as the page does (src/db/predicates.ts where()): without the files that could not be read and the
// duplicate filings superseded by another of the same agency and year, so that its numbers are the
// ones the filter panel shows (tests/sql-example.test.ts) and a first query does not contradict the page.
export const SQL_EXAMPLE = [
  '-- 与页面上的计数一致：不含读取失败的文件和被替代的重复报送（superseded_by）',
  '-- As the page counts: without unreadable files and superseded duplicate filings',
  'SELECT province, COUNT(*) AS reports',
  'FROM facts',
  "WHERE status <> 'failed' AND superseded_by IS NULL",
  'GROUP BY province',
  'ORDER BY reports DESC',
].join('\n');
