// What is published of a failed file's text (sources/). A file that failed (no tables found, an
// internal error) keeps its text so that a person can see on its page why it failed; the first
// part of it shows that (what kind of document it is, where the tables should be). A 30 MB junk
// text published whole added 30 MB to the site and a 30 MB <pre> to the page (hos17). Texts of
// files that did not fail are never cut: their cells are marked in them by offset.

/**
 * Characters of a failed file's text published at most. Above the text of any real report seen
 * (the longest, a 30-page PDF or a 110 KB web page, are ~30,000 characters), so a real report that
 * failed keeps its whole text; ~300 KB of UTF-8 at most.
 */
export const FAILED_TEXT_MAX_CHARS = 100_000;

const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * The text as published for a failed file: itself when it has at most `max` characters; else its
 * first `max` characters (cut at the last line break in the second half of them, never inside a
 * surrogate pair), after a first line saying that it was cut and how long the whole text is, and
 * followed by a line "……" where the cut is.
 */
export function failedText(text: string, max = FAILED_TEXT_MAX_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const lineEnd = text.lastIndexOf('\n', max - 1);
  if (lineEnd >= max / 2) end = lineEnd;
  else if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  const note = `【该文件读取失败，其文本共 ${group(text.length)} 个字符，这里只发布前 ${group(end)} 个。`
    + ` / This file failed to be read; of its text's ${group(text.length)} characters, only the first ${group(end)} are published.】`;
  return `${note}\n${text.slice(0, end)}\n……\n`;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
