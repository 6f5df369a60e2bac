/** Reordering a handed-over scene in its own arrays gives what selecting a reordered copy gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateScene, isSplatfitError, selectSplats, type SplatScene } from '../../src/core/index.ts';
import { permuteInPlace } from '../../src/core/scene/permute-in-place.ts';
import { shRestPerChannel } from '../../src/core/scene/sh.ts';

/** Every value distinct, so a misplaced row cannot pass for the right one. */
function numbered(count: number, shDegree: number): SplatScene {
  const scene = allocateScene(count, shDegree);
  let value = 0;
  for (const array of [scene.positions, scene.logScales, scene.rotations, scene.opacities, scene.shDc, scene.shRest]) {
    for (let k = 0; k < array.length; k++) array[k] = value++;
  }
  return scene;
}

const copyOf = (scene: SplatScene): SplatScene => ({
  ...scene, positions: scene.positions.slice(), logScales: scene.logScales.slice(), rotations: scene.rotations.slice(),
  opacities: scene.opacities.slice(), shDc: scene.shDc.slice(), shRest: scene.shRest.slice(),
});

describe('permuteInPlace', () => {
  it('matches selectSplats for any permutation and SH degree', () => {
    const permutation = fc.integer({ min: 1, max: 60 }).chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }));
    fc.assert(fc.property(permutation, fc.integer({ min: 0, max: 3 }), (order, shDegree) => {
      const scene = numbered(order.length, shDegree);
      const expected = selectSplats(copyOf(scene), Uint32Array.from(order));
      permuteInPlace(scene, Uint32Array.from(order));
      expect(scene.shRest.length).toBe(order.length * 3 * shRestPerChannel(shDegree));
      for (const name of ['positions', 'logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const) expect(scene[name]).toEqual(expected[name]);
    }));
  });

  it('refuses an order that is not a permutation, naming the entry', () => {
    for (const order of [[0, 1, 1], [2, 0, 3], [0, 1]]) {
      const scene = numbered(3, 0);
      let error: unknown;
      try { permuteInPlace(scene, Uint32Array.from(order)); } catch (e) { error = e; }
      expect(isSplatfitError(error)).toBe(true);
      expect((error as Error).message).toMatch(/order/);
    }
  });
});
