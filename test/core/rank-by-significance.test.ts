/** Ranking by significance: most significant first, ties in index order, for any scores. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankBySignificance } from '../../src/core/index.ts';

/** What the ranking means, written as plainly as possible (a comparator sort). */
const plainRanking = (scores: Float32Array): Uint32Array => Uint32Array.from(scores.keys()).sort((i, j) => scores[j]! - scores[i]! || i - j);

describe('rankBySignificance', () => {
  it('orders like a comparator sort: descending, ties by index, −0 as 0, negatives last', () => {
    const score = fc.oneof(fc.constantFrom(0, -0, 1.5, -2), fc.float({ noNaN: true, noDefaultInfinity: false }));
    fc.assert(fc.property(fc.array(score, { maxLength: 300 }), (values) => {
      const scores = Float32Array.from(values);
      expect(rankBySignificance(scores)).toEqual(plainRanking(scores));
    }));
  });
});
