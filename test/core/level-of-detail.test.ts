/** The renderer's level of detail: the heaviest splats for the view within the budget, back to front. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backToFrontOrder, budgetedBackToFrontOrder, type DepthAxis, detailScratch, detailWeights } from '../../src/core/index.ts';

const axis: DepthAxis = { row: [0, 0, 1], offset: 0 }; // depth = z

const splats = fc.array(fc.record({
  // weights / depth² over a hundred octaves: every float's exponent has buckets of its own
  z: fc.oneof(fc.float({ min: -5, max: 0, noNaN: true }), fc.float({ min: Math.fround(0.01), max: 50, noNaN: true })), weight: fc.float({ min: Math.fround(1e-25), max: 1e3, noNaN: true }),
}), { minLength: 1, maxLength: 200 });

function sceneOf(list: { z: number; weight: number }[]) {
  return { positions: Float32Array.from(list.flatMap(({ z }, i) => [i % 7, i % 3, z])), weights: Float32Array.from(list.map((s) => s.weight)), count: list.length };
}

describe('budgetedBackToFrontOrder', () => {
  it('with a budget of every splat, orders exactly like the full back-to-front sort', () => {
    fc.assert(fc.property(splats, (list) => {
      const { positions, weights, count } = sceneOf(list);
      const full = new Uint32Array(count);
      backToFrontOrder(positions, count, axis, full, new Float32Array(count));
      const order = new Uint32Array(count);
      expect(budgetedBackToFrontOrder(positions, count, axis, weights, count, order, detailScratch(count))).toBe(count);
      expect(order).toEqual(full);
    }));
  });

  it('keeps the heaviest splats in front of the camera (weight / depth², to one bucket: a factor 129/128), each once, farthest first', () => {
    fc.assert(fc.property(splats, fc.integer({ min: 0, max: 200 }), (list, wanted) => {
      const { positions, weights, count } = sceneOf(list);
      const budget = Math.min(wanted, count - 1);
      const order = new Uint32Array(count);
      const n = budgetedBackToFrontOrder(positions, count, axis, weights, budget, order, detailScratch(count));
      const drawable = list.filter((s) => s.z > 0).length;
      expect(n).toBe(Math.min(budget, drawable));
      const chosen = [...order.subarray(0, n)];
      expect(new Set(chosen).size).toBe(n);
      const key = (i: number) => weights[i]! / positions[i * 3 + 2]! ** 2;
      for (const i of chosen) expect(positions[i * 3 + 2]!).toBeGreaterThan(0);
      const left = list.map((_, i) => i).filter((i) => positions[i * 3 + 2]! > 0 && !chosen.includes(i));
      if (n > 0 && left.length > 0) {
        const lightestChosen = Math.min(...chosen.map(key)), heaviestLeft = Math.max(...left.map(key));
        expect(lightestChosen).toBeGreaterThanOrEqual(heaviestLeft * (128 / 129) * (1 - 1e-5));
      }
      const depths = chosen.map((i) => positions[i * 3 + 2]!);
      const spread = Math.max(...depths, 0) - Math.min(...depths, 0);
      for (let k = 1; k < n; k++) expect(depths[k]!).toBeLessThanOrEqual(depths[k - 1]! + spread / 65535 + 1e-6);
    }));
  });

  it('tells apart weights 1 % apart (the buckets are that fine): the heavier is taken, wherever it comes', () => {
    for (const heavierFirst of [false, true]) {
      const weights = heavierFirst ? Float32Array.of(1.01, 1) : Float32Array.of(1, 1.01);
      const order = new Uint32Array(2);
      expect(budgetedBackToFrontOrder(Float32Array.of(0, 0, 1, 0, 0, 1), 2, axis, weights, 1, order, detailScratch(2))).toBe(1);
      expect(order[0]).toBe(heavierFirst ? 0 : 1);
    }
  });

  it('weighs a splat by its opacity and its largest cross-section', () => {
    const weights = detailWeights({ count: 2, logScales: Float32Array.of(0, Math.log(2), Math.log(3), -1, -1, -9), opacities: Float32Array.of(0, 100) });
    expect(weights[0]).toBeCloseTo(0.5 * 6, 5);
    expect(weights[1]).toBeCloseTo(Math.exp(-2), 5);
  });
});
