/** The depth sort: a stable order by depth, the same in buffers and digit counts reused from sort to sort. */
import { describe, expect, it } from 'vitest';
import { DIGIT_COUNTS, sortByDepth } from '../../src/core/raster/depth-sort.ts';
import { seededRandom } from '../../src/core/math/random.ts';

/** Indices by depth, ties in index order: what the radix sort must give. */
function stableOrder(depth: Float32Array, count: number): number[] {
  return Array.from({ length: count }, (_, i) => i).sort((a, b) => depth[a]! - depth[b]! || a - b);
}

/** Positive depths with many ties (a few hundred distinct values) and a spread of magnitudes. */
function depths(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => Math.fround(0.01 + Math.floor(random() * 300) * 0.37) * (random() < 0.1 ? 1000 : 1));
}

describe('sortByDepth', () => {
  it('orders by depth, ties by index, with new arrays or with reused buffers and digit counts left dirty by an earlier sort', () => {
    const order = new Uint32Array(5000), swap = new Uint32Array(5000);
    const digits = new Uint32Array(DIGIT_COUNTS);
    for (const [count, seed] of [[5000, 1], [1200, 2], [4000, 3]] as const) {
      const depth = depths(count, seed);
      const expected = stableOrder(depth, count);
      expect(Array.from(sortByDepth(depth.slice(), count))).toEqual(expected);
      expect(Array.from(sortByDepth(depth.slice(), count, [order, swap], digits).subarray(0, count))).toEqual(expected);
    }
  });
});
