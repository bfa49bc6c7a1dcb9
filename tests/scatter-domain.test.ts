// A scatter's axes run from 0 to the data's maximum (nice), so the largest point sits on the
// frame; with one point, or all points equal, every point sat there: a lone (5, 7) was drawn in
// the plot's top right corner, and points all 0 on the axes' origin. draw-scatter.ts scatterScale
// now runs such an axis on past the value. Oracle: the pixel position, against the range by hand.
import { describe, expect, it } from 'vitest';
import { scatterScale } from '../src/charts/draw-scatter.ts';

const RANGE: [number, number] = [0, 300];
/** Pixels from the nearer end of the range (0 = on the frame). */
const inset = (px: number) => Math.min(px - RANGE[0], RANGE[1] - px);

describe('a scatter axis with one value', () => {
  for (const type of ['linear', 'log'] as const) {
    for (const values of [[5], [7, 7, 7], [1], [12_345], [0.5]]) {
      it(`${type}, ${JSON.stringify(values)}: the point well inside the plot, ticks within the domain`, () => {
        const { scale, ticks } = scatterScale(type, values, RANGE);
        expect(inset(scale(values[0]))).toBeGreaterThanOrEqual(20);
        const [a, b] = scale.domain();
        for (const t of ticks) expect(t >= a && t <= b).toBe(true);
        expect(a).toBeLessThanOrEqual(0);
      });
    }
  }

  it('all 0: 0 in the middle, written alone (no tick of a count that is nowhere)', () => {
    for (const type of ['linear', 'log'] as const) {
      const { scale, ticks } = scatterScale(type, [0, 0], RANGE);
      expect(scale(0)).toBe(150);
      expect(ticks).toEqual([0]);
    }
  });

  it('a negative value (the 2019 change column) inside too', () => {
    const { scale } = scatterScale('linear', [-4], RANGE);
    expect(inset(scale(-4))).toBeGreaterThanOrEqual(20);
  });

  it('values that differ: the axis as before, 0 to the nice maximum', () => {
    expect(scatterScale('linear', [0, 3, 10], RANGE).scale.domain()).toEqual([0, 10]);
    expect(scatterScale('linear', [2, 37], RANGE).scale.domain()).toEqual([0, 40]);
  });
});
