// Bytes → text. Reports arrive as UTF-8 (with or without BOM), UTF-16 (with BOM, sometimes
// without) and GB18030/GBK from Chinese Windows. The encoding is detected, never assumed.

import { isUtf8 } from 'node:buffer';

export interface Decoded {
  ok: true;
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
  /** The text is the bytes' decoding as it is (no line ending rewritten). */
  unchanged: boolean;
}

export interface DecodeFailure {
  ok: false;
  code: 'empty' | 'binary' | 'too_large' | 'unsupported_format' | 'undecodable';
  message_zh: string;
  message_en: string;
}

/** Larger than any real annual report (the biggest seen are ~2 MB of HTML). */
export const MAX_BYTES = 32 * 1024 * 1024;

function fail(code: DecodeFailure['code'], message_zh: string, message_en: string): DecodeFailure {
  return { ok: false, code, message_zh, message_en };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Formats we recognise by their magic bytes but do not read as text. */
function knownBinaryFormat(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'PDF';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'ZIP/DOCX';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'DOC/XLS (OLE)';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'PNG';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  return null;
}

/** UTF-16 without a BOM shows up as every other byte being zero in ASCII-heavy text. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  // No zero byte (every UTF-8 or GB18030 text): neither count can pass (a native search, not the loop).
  if (bytes.subarray(0, n).indexOf(0) < 0) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** A control code no text file contains (what controlShare counts). */
const CONTROL_CHAR = /[\x00-\x08\x0b\x0e-\x1f\ufffd]/;
/** A control byte controlByteShare counts, as a character of text decoded from UTF-8 (where such a byte is that character). */
const CONTROL_BYTE_CHAR = /[\x00-\x08\x0b\x0e-\x1f]/;

/** Share of characters that are control codes no text file contains. */
function controlShare(text: string): number {
  // None anywhere (nearly every text): 0, found by one native search instead of a loop per character.
  if (!CONTROL_CHAR.test(text)) return 0;
  let bad = 0;
  const n = Math.min(text.length, 20000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad++;
  }
  return n === 0 ? 0 : bad / n;
}

/** Bytes below 0x20 that are not whitespace: text in any of our encodings has almost none. */
function controlByteShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) bad++;
  }
  return bad / n;
}

/** Valid UTF-8 → its text (what a fatal TextDecoder gives for bytes with no BOM), else null; no decoder made per call. */
function tryUtf8(bytes: Uint8Array): string | null {
  if (!isUtf8(bytes)) return null;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * A table a person saved (manifest.csv) → its text, or null when no encoding we know fits: UTF-8
 * (with or without BOM), UTF-16 with a BOM, else GB18030/GBK, which Excel on Chinese Windows
 * saves CSV files in. No size limit and no test for a report's text.
 */
export function decodeTable(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return tryDecode('utf-8', bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return tryDecode('utf-16le', bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return tryDecode('utf-16be', bytes.subarray(2));
  return tryUtf8(bytes) ?? tryDecode('gb18030', bytes);
}

export function decode(bytes: Uint8Array): Decoded | DecodeFailure {
  if (bytes.length === 0) return fail('empty', '文件为空（0 字节）。', 'The file is empty (0 bytes).');
  if (bytes.length > MAX_BYTES) {
    return fail('too_large', `文件过大（${bytes.length} 字节，上限 ${MAX_BYTES}），不像一份年度报告。`,
      `The file is too large (${bytes.length} bytes, limit ${MAX_BYTES}) to be one annual report.`);
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    if (text !== null) return checked(text, 'utf-8-bom');
  }
  if (startsWith(bytes, [0xff, 0xfe])) return checked(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return checked(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf-16be');
  const format = knownBinaryFormat(bytes);
  if (format) {
    return fail('unsupported_format', `这是 ${format} 文件，不是文本或网页；请先转换为文本或 HTML。`,
      `This is a ${format} file, not text or HTML; convert it to text or HTML first.`);
  }
  const utf16 = guessUtf16(bytes);
  if (utf16) return checked(new TextDecoder(utf16).decode(bytes), utf16);
  // (A BOM was handled above: these bytes have none, or are not UTF-8 after it.)
  const utf8 = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? null : tryUtf8(bytes);
  // Valid UTF-8 holds a byte below 0x20 only as that character: text without one has no control
  // byte, and the bytes need no count (most reports).
  if ((utf8 === null || CONTROL_BYTE_CHAR.test(utf8)) && controlByteShare(bytes) > 0.02) {
    return fail('binary', '文件含有大量二进制字节，不是文本报告。', 'The file holds binary bytes; it is not a text report.');
  }
  if (utf8 !== null) return checked(utf8, 'utf-8');
  const gb = tryDecode('gb18030', bytes);
  if (gb !== null) return checked(gb, 'gb18030');
  return fail('undecodable', '无法识别文件编码（既不是 UTF-8/UTF-16，也不是 GB18030/GBK）。',
    'The encoding could not be recognised (neither UTF-8/UTF-16 nor GB18030/GBK).');
}

/**
 * A whole JSON document (an object or array that parses): a data file (a generator's truth, an
 * export, a list of files) left among the reports, not a report's text. Read as text, its strings
 * could match row labels (an agency called 信访局 looks like a table 3 row) and count it as a report.
 */
function isJsonData(text: string): boolean {
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

function checked(text: string, encoding: Decoded['encoding']): Decoded | DecodeFailure {
  if (text.includes('\u0000') || controlShare(text) > 0.02) {
    return fail('binary', '文件含有大量二进制字节，不是文本报告。', 'The file holds binary bytes; it is not a text report.');
  }
  if (text.trim().length === 0) return fail('empty', '文件只有空白字符。', 'The file holds only whitespace.');
  if (isJsonData(text)) {
    return fail('unsupported_format', '这是 JSON 数据文件，不是年度报告的文本或网页；请只放入报告原文（文本、网页、PDF 或 Word）。',
      'This is a JSON data file, not the text or web page of a report; put only report files (text, HTML, PDF or Word) in the folder.');
  }
  const unchanged = !text.includes('\r');
  return { ok: true, text: unchanged ? text : text.replace(/\r\n?/g, '\n'), encoding, unchanged };
}
