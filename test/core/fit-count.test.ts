/**
 * fitCount's search over kept counts: never over budget, and on sizes that grow about in
 * proportion to the count (as files do) it lands in [97 %, 100 %] of the budget — or at the
 * largest count that fits — within a few encodes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitCount, MIN_FILL } from '../../src/core/codec/fit-count.ts';
import { fitCountAsync } from '../../src/core/codec/fit-count-async.ts';

/** A file size that grows as count^exponent, with a fixed part: monotone, near-proportional. */
const sizes = fc.record({
  fixed: fc.integer({ min: 0, max: 5000 }),
  perSplat: fc.double({ min: 0.5, max: 300, noNaN: true }),
  exponent: fc.double({ min: 0.85, max: 1.15, noNaN: true }),
  max: fc.integer({ min: 1, max: 6_000_000 }),
  budgetShare: fc.double({ min: 0.001, max: 1.2, noNaN: true }),
  startShare: fc.double({ min: 0.01, max: 1, noNaN: true }),
  /** How far the caller's start (the size model's count) is from the answer, for the encode bound. */
  startError: fc.double({ min: 0.75, max: 1.3, noNaN: true }),
});

/** The largest count of a monotone size that fits (0 when none does). */
function answer(size: (count: number) => number, max: number, budget: number): number {
  let low = 0, high = max + 1;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (size(mid) <= budget) low = mid;
    else high = mid;
  }
  return low;
}

/** fitCount reads only a file's length: a stand-in of that length, without allocating it. */
const fileOf = (length: number): { length: number } => ({ length });

describe('fitCount', () => {
  it('lands within the budget, at ≥ 97 % of it or the largest count that fits, in few encodes', () => {
    fc.assert(fc.property(sizes, fc.boolean(), ({ fixed, perSplat, exponent, max, budgetShare, startShare, startError }, nearStart) => {
      const size = (count: number): number => Math.ceil(fixed + perSplat * count ** exponent);
      const budget = Math.max(1, Math.floor(size(max) * budgetShare));
      const best = answer(size, max, budget);
      const start = nearStart ? Math.round(best * startError) : Math.round(max * startShare);
      let encodes = 0;
      const fit = fitCount((count) => { encodes++; return fileOf(size(count)); }, max, budget, Math.max(1, start));
      if (best === 0) {
        expect(fit).toBeNull();
        return;
      }
      expect(fit).not.toBeNull();
      expect(fit!.bytes.length).toBeLessThanOrEqual(budget);
      expect(fit!.bytes.length >= budget * MIN_FILL || fit!.count === best).toBe(true);
      // started where a size model puts it, on a file the count makes (not its fixed part)
      if (nearStart && fixed < 0.1 * size(best) && exponent > 0.9 && exponent < 1.1) expect(encodes).toBeLessThanOrEqual(5);
    // a fixed seed, so the bound on encodes cannot fail one run in many (20,000 random runs passed thrice)
    }), { numRuns: 1000, seed: 20261201 });
  });

  it('finds the few splats that fit a budget just above the fixed part, from a start far above them', () => {
    // found by the property above: proportional guesses crawl when the fixed part is nearly the whole budget
    const size = (count: number): number => Math.ceil(238 + 0.5 * count ** 0.85);
    let encodes = 0;
    const fit = fitCount((count) => { encodes++; return fileOf(size(count)); }, 3_655_742, 239, 36_557);
    expect(fit?.count).toBe(1);
    expect(encodes).toBeLessThanOrEqual(30);
  });

  it('never returns a count over budget when sizes jump about', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 1e7 }), fc.integer({ min: 1, max: 2 ** 31 }), (max, budget, seed) => {
      const size = (count: number): number => ((count * 2654435761 + seed) >>> 0) % (2 * budget) + count;
      const fit = fitCount((count) => fileOf(size(count)), max, budget, 1 + (seed % max));
      if (fit !== null) expect(fit.bytes.length).toBeLessThanOrEqual(budget);
    }), { numRuns: 200, seed: 20261201 });
  });

  it('async, ends on the same count with that count\'s own file, whichever way sizes go', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 10, max: 1e6 }), fc.integer({ min: 1, max: 2 ** 31 }), fc.boolean(), async (max, budget, seed, monotone) => {
      const size = (count: number): number => (monotone ? Math.ceil((budget * 1.3 * count) / max) : ((count * 2654435761 + seed) >>> 0) % (2 * budget) + count);
      const files = new Map<number, Uint8Array>();
      // a small array standing for each count's file, with that file's length
      const encode = async (count: number): Promise<Uint8Array> => {
        const file = new Uint8Array(4);
        Object.defineProperty(file, 'length', { value: size(count) });
        files.set(count, file);
        return file;
      };
      const start = 1 + (seed % max);
      const sync = fitCount((count) => fileOf(size(count)), max, budget, start);
      const fit = await fitCountAsync(encode, max, budget, start);
      expect(fit?.count).toBe(sync?.count);
      if (fit !== null) expect(fit.bytes).toBe(files.get(fit.count));
    }), { numRuns: 150, seed: 20261201 });
  });
});
