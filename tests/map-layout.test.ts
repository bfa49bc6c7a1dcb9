// The province map drawn at the width it has: at a phone's 350 px every tile's name is drawn at
// 11 px or more and fits its tile (squeezed by at most 12%), in both languages; English names too
// wide at that size become ISO 3166-2 codes, all of them (one form per map); at a desktop's width
// the English names are whole. Before, the 592 px drawing was scaled to 350: 9–13 px text drawn at 5–8.
import { describe, expect, it } from 'vitest';
import { mapLayout, tileLabels } from '../src/app/map-layout.ts';
import { PROVINCE_TILES } from '../src/app/tiles.ts';
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
