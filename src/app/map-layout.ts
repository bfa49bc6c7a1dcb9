// The province map's geometry for the width it has, drawn at that width (not a 592 px drawing
// scaled down): at 390 px the tiles' 9–13 px text was scaled to 5–8 px, too small to read in
// either language. A tile's name is drawn at NAME_MIN px or more, on two lines where it must (at
// its space, or between syllables); an English name that does not fit its tile so is drawn as its
// ISO 3166-2 code, with a key under the map.

import { textWidth } from '../charts/text.ts';
import type { Lang } from './url.ts';
import { TILE_CODES_EN, TILE_COLUMNS, TILE_NAMES_EN, type ProvinceTile } from './tiles.ts';

/** The smallest text drawn on a tile (a name, a value), in CSS pixels. */
export const NAME_MIN = 11;
export const VALUE_MIN = 10;
const MAX_CELL = 84;
const MIN_CELL = 34;
const MARGIN = 8;

export interface MapLayout {
  /** A tile's pitch and the gap between tiles. */
  cell: number;
  gap: number;
  /** The drawing's width. */
  width: number;
  /** Room for text inside a tile, and the sizes drawn. */
  room: number;
  nameSize: number;
  valueSize: number;
}

/** The layout for the width available (the map's container; 0 before it is measured). */
export function mapLayout(available: number): MapLayout {
  const fit = Math.floor(((available > 0 ? available : 592) - MARGIN * 2) / TILE_COLUMNS);
  const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, fit));
  const gap = cell >= 56 ? 4 : 3;
  const room = cell - gap - 4;
  return { cell, gap, width: TILE_COLUMNS * cell + MARGIN * 2, room, nameSize: cell >= 60 ? 13 : 12, valueSize: cell >= 60 ? 11 : VALUE_MIN };
}

export interface TileLabel {
  lines: string[];
  size: number;
  /** Drawn squeezed to this width (textLength) when a little wider than the room; null otherwise. */
  squeeze: number | null;
  /** The ISO code stands for the name (the key under the map says which). */
  code: boolean;
}

/** How much a label may be squeezed to fit (textLength): more reads as a different font. */
const SQUEEZE = 0.88;

/**
 * The one-word English names too long for a tile at 11 px below ~740 px, each cut between its
 * pinyin syllables for two lines ("Heilong-" / "jiang"). Without them one name (Heilongjiang, 80
 * px at 11 px) turned every tile to its ISO code on a map 700 px wide, where all the others fit.
 */
const SYLLABLES_EN: Readonly<Record<string, readonly [string, string]>> = {
  '23': ['Heilong', 'jiang'], '50': ['Chong', 'qing'], '44': ['Guang', 'dong'], '37': ['Shan', 'dong'],
  '33': ['Zhe', 'jiang'], '31': ['Shang', 'hai'], '21': ['Liao', 'ning'], '65': ['Xin', 'jiang'],
};

/**
 * A tile's name as drawn: the Chinese short name (黑龙江); in English the name, on two lines if it
 * has two words ("Inner" / "Mongolia"), at NAME_MIN px or more, else the ISO code ("HL").
 */
export function tileLabel(tile: ProvinceTile, lang: Lang, layout: MapLayout): TileLabel {
  const fits = (lines: string[], size: number) => lines.every((l) => textWidth(l, size, true) * SQUEEZE <= layout.room);
  const squeeze = (lines: string[], size: number) => (lines.some((l) => textWidth(l, size, true) > layout.room) ? layout.room : null);
  if (lang === 'zh') {
    const size = fits([tile.short], layout.nameSize) ? layout.nameSize : NAME_MIN;
    return { lines: [tile.short], size, squeeze: squeeze([tile.short], size), code: false };
  }
  const name = TILE_NAMES_EN[tile.code];
  const words = name.includes(' ') ? name.split(/ (.*)/s, 2) : [name];
  const sizes = [layout.nameSize - 1, NAME_MIN].filter((size) => size >= NAME_MIN);
  for (const size of sizes) {
    if (fits([name], size)) return { lines: [name], size, squeeze: squeeze([name], size), code: false };
    if (words.length > 1 && fits(words, size)) return { lines: words, size, squeeze: squeeze(words, size), code: false };
  }
  // A word cut in two only where it fits no other way.
  const cut = SYLLABLES_EN[tile.code];
  const halves = cut ? [`${cut[0]}-`, cut[1]] : null;
  for (const size of sizes) if (halves && fits(halves, size)) return { lines: halves, size, squeeze: squeeze(halves, size), code: false };
  const code = TILE_CODES_EN[tile.code];
  return { lines: [code], size: layout.nameSize, squeeze: null, code: true };
}

/** Every tile's label, in one form per map: when one English name must be a code, every tile shows its code. */
export function tileLabels(tiles: readonly ProvinceTile[], lang: Lang, layout: MapLayout): Map<string, TileLabel> {
  const labels = tiles.map((t) => tileLabel(t, lang, layout));
  const codes = labels.some((l) => l.code);
  return new Map(tiles.map((t, i) => [t.code, codes && !labels[i].code ? { lines: [TILE_CODES_EN[t.code]], size: layout.nameSize, squeeze: null, code: true } : labels[i]]));
}
