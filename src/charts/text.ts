// Text measurement without a layout pass: the chart is laid out before it is in the page
// (and must lay out the same for the exported image), so widths are estimated from the
// characters — full-width for CJK, about 0.6 em for Latin — which is close enough for
// margins, wrapping and ellipses.

/** Wide characters: CJK ideographs, kana, Hangul, full-width forms and punctuation. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/**
 * Bold (600) text: Chromium drew Latin 1.09–1.14× the regular estimate (DejaVu Sans Bold, the
 * widest common sans; titles of the years view's small multiples, measured), CJK as estimated.
 */
export const BOLD_LATIN = 1.15;

/** Estimated width in pixels of text at a font size; `bold` for text drawn at weight 600. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let width = 0;
  for (const char of text) width += charWidth(char, bold);
  return width * fontSize;
}

/**
 * One character's width in em. Digits are all as wide as a 0 (tabular in DejaVu Sans, Noto Sans,
 * Arial): "1" counted narrow made 「4.11 per 100 applications」 ~11 px wider than estimated, cut at
 * the chart's right edge in the years view's phone layout.
 */
function charWidth(char: string, bold = false): number {
  if (WIDE.test(char)) return 1;
  return (/[\s.,:;'|!il()[\]]/.test(char) ? 0.32 : 0.6) * (bold ? BOLD_LATIN : 1);
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
