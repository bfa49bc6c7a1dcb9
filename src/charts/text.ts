// Text measurement without a layout pass: the chart is laid out before it is in the page
// (and must lay out the same for the exported image), so widths are estimated from the
// characters — full-width for CJK, about 0.6 em for Latin — which is close enough for
// margins, wrapping and ellipses.

/**
 * Wide characters: CJK ideographs, kana, Hangul, full-width forms and punctuation
 * (U+1100–115F, 2E80–A4CF, AC00–D7A3, F900–FAFF, FE30–FE4F, FF00–FF60, FFE0–FFE6).
 */
function isWide(code: number): boolean {
  return code >= 0x1100 && ((code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3)
    || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6));
}

/** Narrow characters (0.32 em): white space (JavaScript's \s) and . , : ; ' | ! i l ( ) [ ]. */
function isNarrow(code: number): boolean {
  switch (code) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0xa0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
    case 0x2e: case 0x2c: case 0x3a: case 0x3b: case 0x27: case 0x7c: case 0x21: case 0x69: case 0x6c:
    case 0x28: case 0x29: case 0x5b: case 0x5d:
      return true;
    default:
      return code >= 0x2000 && code <= 0x200a;
  }
}

/**
 * Bold (600) text: Chromium drew Latin 1.09–1.14× the regular estimate (DejaVu Sans Bold, the
 * widest common sans; titles of the years view's small multiples, measured), CJK as estimated.
 */
export const BOLD_LATIN = 1.15;

/**
 * Estimated width in pixels of text at a font size; `bold` for text drawn at weight 600.
 * Read by code unit, not by a regular expression per character: every chart measures each of its
 * labels, titles and notes on every redraw (the outcomes chart ~120 strings, a tenth of its render).
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is one character (of the default width), as `for…of` reads it.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    width += codeWidth(code, bold);
  }
  return width * fontSize;
}

/**
 * One character's width in em. Digits are all as wide as a 0 (tabular in DejaVu Sans, Noto Sans,
 * Arial): "1" counted narrow made 「4.11 per 100 applications」 ~11 px wider than estimated, cut at
 * the chart's right edge in the years view's phone layout. (The ideographic space U+3000 is wide.)
 */
function codeWidth(code: number, bold: boolean): number {
  if (isWide(code)) return 1;
  return (isNarrow(code) ? 0.32 : 0.6) * (bold ? BOLD_LATIN : 1);
}

/** charWidth of one character (a string of one code point). */
function charWidth(char: string, bold = false): number {
  return codeWidth(char.charCodeAt(0), bold);
}

/** The text cut to fit maxWidth, ending in an ellipsis if cut. The full text goes in the tooltip. */
export function truncate(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  // Widths add up character by character, so the kept width is carried along (in the same order
  // of additions as textWidth(out + char + '…'), so the same cut) instead of measured again each time.
  const ellipsis = charWidth('…', bold);
  let out = '';
  let width = 0;
  for (const char of text) {
    const next = width + charWidth(char, bold);
    if ((next + ellipsis) * fontSize > maxWidth) break;
    out += char;
    width = next;
  }
  return out + '…';
}

/** A closing parenthetical — 「（2024年）」, " (2024)" — that says which report a label is. */
const SUFFIX = /\s*[（(][^（()）]*[)）]$/u;

/**
 * Like truncate, but a label ending in a parenthetical (the year of a report, a note) keeps it
 * whole and the name before it is cut: "A very long agency na… (2024)", never "A very long…(202…".
 */
export function truncateKeepingSuffix(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const suffix = text.match(SUFFIX)?.[0];
  if (!suffix || suffix.length === text.length) return truncate(text, maxWidth, fontSize);
  const room = maxWidth - textWidth(suffix, fontSize);
  // Keep at least one character and the ellipsis of the name; else cut the whole label.
  if (room < textWidth('中…', fontSize)) return truncate(text, maxWidth, fontSize);
  return truncate(text.slice(0, text.length - suffix.length), room, fontSize) + suffix;
}

/**
 * Punctuation that closes (never starts a line) and that opens (never ends one): 「（万元」 / 「）」 was
 * a line of its own; the curly quotes too (Chinese and English text both use them): 'Share of
 * concluded cases ending “' / 'corrected”' was a title's two lines.
 */
const CLOSING = '）》」』】〕〉、，。：；！？”’';
const OPENING = '（《「『【〔〈“‘';
/** Tokens: a run of Latin letters/digits stays whole, every other character is its own token, each with the brackets and punctuation around it. */
const TOKENS = new RegExp(`[${OPENING}]*(?:[A-Za-z0-9.,:;'’()%\\-]+\\s*|\\S)[${CLOSING}]*|\\s+`, 'gsu');

export interface WrapOptions {
  /** Text drawn at weight 600 (titles): measured as such. */
  bold?: boolean;
  /** At most this many lines: the last one then holds the rest of the text, cut with an ellipsis (the caller shows the whole text elsewhere). */
  maxLines?: number;
}

/**
 * Lines of at most maxWidth: Chinese breaks between any characters (a bracket or a comma stays with
 * its character), English at spaces. A word wider than maxWidth alone is cut with an ellipsis.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, options: WrapOptions = {}): string[] {
  const { bold = false, maxLines = Infinity } = options;
  if (maxLines <= 1) return text.trim() ? [truncate(text.trim(), maxWidth, fontSize, bold)] : [];
  const lines: string[] = [];
  let line = '';
  const tokens = text.match(TOKENS) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (line && textWidth(line + token.trimEnd(), fontSize, bold) > maxWidth) {
      lines.push(line.trimEnd());
      line = token.trimStart();
      if (lines.length === maxLines - 1) {
        // The last line allowed: the rest of the text, cut to fit.
        line = (line + tokens.slice(i + 1).join('')).trim();
        break;
      }
    } else {
      line += token;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.map((l) => truncate(l, maxWidth, fontSize, bold));
}
