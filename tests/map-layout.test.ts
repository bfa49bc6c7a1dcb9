// The province map drawn at the width it has: at a phone's 350 px every tile's name is drawn at
// 11 px or more and fits its tile (squeezed by at most 12%), in both languages; English names too
// wide at that size become ISO 3166-2 codes, all of them (one form per map); at a desktop's width
// the English names are whole. Before, the 592 px drawing was scaled to 350: 9–13 px text drawn at 5–8.
import { describe, expect, it } from 'vitest';
import { mapLayout, tileLabels } from '../src/app/map-layout.ts';
import { PROVINCE_TILES, TILE_NAMES_EN } from '../src/app/tiles.ts';
import { textWidth } from '../src/charts/text.ts';

describe('province map layout', () => {
  for (const available of [350, 700, 1150]) {
    for (const lang of ['zh', 'en'] as const) {
      it(`${available} px, ${lang}: every name at 11 px or more, inside its tile`, () => {
        const layout = mapLayout(available);
        expect(layout.width).toBeLessThanOrEqual(available);
        // The drawing is not scaled: its text is drawn at the sizes given.
        for (const [, label] of tileLabels(PROVINCE_TILES, lang, layout)) {
          expect(label.size).toBeGreaterThanOrEqual(11);
          for (const line of label.lines) expect(textWidth(line, label.size, true) * 0.88).toBeLessThanOrEqual(layout.room);
        }
        expect(layout.valueSize).toBeGreaterThanOrEqual(10);
      });
    }
  }

  it('English: codes for all at 350 px (Heilongjiang would not fit), names for all at 1,150 px; Chinese short names at every width', () => {
    const narrow = tileLabels(PROVINCE_TILES, 'en', mapLayout(350));
    expect([...narrow.values()].every((l) => l.code)).toBe(true);
    expect(narrow.get('23')!.lines).toEqual(['HL']);
    expect(narrow.get('15')!.lines).toEqual(['NM']);
    const wide = tileLabels(PROVINCE_TILES, 'en', mapLayout(1150));
    expect(wide.get('23')!.lines).toEqual(['Heilongjiang']);
    expect(wide.get('15')!.lines).toEqual(['Inner', 'Mongolia']);
    expect(tileLabels(PROVINCE_TILES, 'zh', mapLayout(350)).get('23')!.lines).toEqual(['黑龙江']);
  });
});

describe('English names between a phone and a desktop', () => {
  // A map 600–740 px wide (an English page at ~768 px, less the page's margins): only Heilongjiang
  // (80 px at 11 px) did not fit its tile, and by the one-form rule every tile showed its ISO code.
  // The long one-word names are cut between syllables for two lines ("Heilong-" / "jiang").
  for (const available of [600, 650, 700, 740]) {
    it(`${available} px: every tile a name (none a code), each line inside its tile at 11 px or more`, () => {
      const layout = mapLayout(available);
      const labels = tileLabels(PROVINCE_TILES, 'en', layout);
      for (const [, label] of labels) {
        expect(label.code).toBe(false);
        expect(label.size).toBeGreaterThanOrEqual(11);
        for (const line of label.lines) expect(textWidth(line, label.size, true) * 0.88).toBeLessThanOrEqual(layout.room);
      }
      // Each tile's lines spell its name (a hyphen where a word is cut).
      for (const t of PROVINCE_TILES) {
        const lines = labels.get(t.code)!.lines;
        expect(lines.join(' ').replace(/- /, '')).toBe(TILE_NAMES_EN[t.code]);
      }
    });
  }

  it('700 px: Heilongjiang on two lines, Inner Mongolia at its space; 1,150 px: both whole as before', () => {
    const at700 = tileLabels(PROVINCE_TILES, 'en', mapLayout(700));
    expect(at700.get('23')!.lines).toEqual(['Heilong-', 'jiang']);
    expect(at700.get('15')!.lines).toEqual(['Inner', 'Mongolia']);
    expect(at700.get('11')!.lines).toEqual(['Beijing']);
    expect(tileLabels(PROVINCE_TILES, 'en', mapLayout(1150)).get('23')!.lines).toEqual(['Heilongjiang']);
  });
});
