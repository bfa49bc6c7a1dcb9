// Download names say what was filtered (年报数据_湖南省_2024年_县级.csv), so a folder of
// downloads explains itself. The parts come from the UI and may hold anything an agency
// name can: slashes would make a path, and Windows refuses <>:"/\|?* and control characters.

/** Characters no file system we target accepts in a name, plus path separators. */
const ILLEGAL = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;

/** Names Windows reserves whatever the extension (CON.csv is still CON). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** Long enough for a few filters, short enough for Windows' 255-character limit with a folder. */
const MAX_BASE_LENGTH = 120;

function cleanPart(part: string): string {
  return part
    .replace(ILLEGAL, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ /g, '-')
    // What is left of ../ and leading or trailing dots means nothing in a name.
    .replace(/^[.\-]+|[.\-]+$/g, '');
}

/**
 * A safe file name from filter parts, e.g. `safeFileName(['年报数据', '湖南省', '2024年'], 'png')`.
 * Empty parts are dropped; Chinese is kept; the result never starts or ends with a dot.
 */
export function safeFileName(parts: readonly string[], extension: string, fallback = 'data'): string {
  let base = parts
    .map((part) => cleanPart(String(part ?? '')))
    .filter((part) => part.length > 0)
    .join('_');
  // Array.from counts code points, so a cut never splits a surrogate pair.
  base = Array.from(base).slice(0, MAX_BASE_LENGTH).join('');
  // Windows drops trailing dots and spaces; leading dots hide the file on Unix.
  base = base.replace(/^[.\s_-]+|[.\s_-]+$/g, '');
  if (!base) base = fallback;
  if (RESERVED.test(base)) base = `${base}_`;
  const ext = extension.replace(/[^a-z0-9]/gi, '').toLowerCase();
  return ext ? `${base}.${ext}` : base;
}
