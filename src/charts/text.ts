// Text measurement without a layout pass: the chart is laid out before it is in the page
// (and must lay out the same for the exported image), so widths are estimated from the
// characters — full-width for CJK, about 0.6 em for Latin — which is close enough for
// margins, wrapping and ellipses.

/** Wide characters: CJK ideographs, kana, Hangul, full-width forms and punctuation. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Estimated width in pixels of text at a font size. */
export function textWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width * fontSize;
}

/** One character's width in em. */
function charWidth(char: string): number {
  return WIDE.test(char) ? 1 : /[\s.,:;'|!il1()[\]]/.test(char) ? 0.32 : 0.6;
}

/** The text cut to fit maxWidth, ending in an ellipsis if cut. The full text goes in the tooltip. */
export function truncate(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  // Widths add up character by character, so the kept width is carried along (in the same order
  // of additions as textWidth(out + char + '…'), so the same cut) instead of measured again each time.
  const ellipsis = charWidth('…');
  let out = '';
  let width = 0;
  for (const char of text) {
    const next = width + charWidth(char);
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

/** Lines of at most maxWidth: Chinese breaks between any characters, English at spaces. */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Tokens: a run of Latin letters/digits stays whole; every other character is its own token.
  const tokens = text.match(/[A-Za-z0-9.,:;'’()%\-]+\s*|\s+|./gsu) ?? [];
  for (const token of tokens) {
    if (line && textWidth(line + token.trimEnd(), fontSize) > maxWidth) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else {
      line += token;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}
