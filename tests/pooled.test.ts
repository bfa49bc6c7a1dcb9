// The litigation rankings' pooled totals: one division of sums, under the same minimum sample as a report's rate.
import { describe, expect, it } from 'vitest';
import { pooled, type LitigationSums } from '../src/db/pooled.ts';

const sums = (s: Partial<LitigationSums>): LitigationSums => ({
  reconsiderations: null, reconsiderations_base: null, lawsuits: null, lawsuits_base: null, corrected: null, concluded: null, ...s,
});

describe('pooled', () => {
  it('divides the sums once: per 100 applications, corrected in percent', () => {
    expect(pooled(sums({ reconsiderations: 3, reconsiderations_base: 120 }), 'reconsiderations_per_100')).toEqual({ value: 2.5, base: 120, tooFew: false });
    expect(pooled(sums({ lawsuits: 7, lawsuits_base: 10 }), 'lawsuits_per_100')).toEqual({ value: 70, base: 10, tooFew: false });
    expect(pooled(sums({ corrected: 1, concluded: 8 }), 'corrected_share')).toEqual({ value: 12.5, base: 8, tooFew: false });
  });

  it('gives no rate below the minimum (10 applications, 5 concluded cases), and says so', () => {
    expect(pooled(sums({ lawsuits: 1, lawsuits_base: 9 }), 'lawsuits_per_100')).toEqual({ value: null, base: 9, tooFew: true });
    expect(pooled(sums({ corrected: 1, concluded: 4 }), 'corrected_share')).toEqual({ value: null, base: 4, tooFew: true });
    expect(pooled(sums({ corrected: 0, concluded: 0 }), 'corrected_share')).toEqual({ value: null, base: 0, tooFew: true });
  });

  it('is null when no report states both figures (not a zero)', () => {
    expect(pooled(sums({}), 'reconsiderations_per_100')).toBeNull();
    expect(pooled(sums({ lawsuits_base: 100 }), 'lawsuits_per_100')).toBeNull();
  });
});
