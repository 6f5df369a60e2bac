/** The in-place range coding of the previews and the re-fit gives what the stream encoded and decoded gives, bit for bit. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyByStream, applyCoding } from '../../src/core/codec/apply-coding.ts';
import { Group, MAX_BITS } from '../../src/core/formats/splatfit/constants.ts';
import { allocateScene, shRestPerChannel } from '../../src/core/index.ts';

const GROUPS = [Group.Positions, Group.LogScales, Group.ShDc, Group.ShDc + 1, Group.ShDc + 2, Group.ShDc + 3];

describe('applyCoding with ranges', () => {
  it('matches encode then decode for every ranged group, bit depth and chunk size', () => {
    const value = fc.oneof(fc.constantFrom(0, -1.5, 2.25), fc.float({ min: -50, max: 50, noNaN: true }));
    const input = fc.record({
      count: fc.integer({ min: 0, max: 70 }), degree: fc.integer({ min: 1, max: 3 }), group: fc.constantFrom(...GROUPS),
      bits: fc.integer({ min: 0, max: MAX_BITS }), chunked: fc.boolean(), chunkSize: fc.integer({ min: 1, max: 40 }), seed: fc.array(value, { minLength: 1, maxLength: 50 }),
    });
    fc.assert(fc.property(input, ({ count, degree, group, bits, chunked, chunkSize, seed }) => {
      const scene = allocateScene(count, degree);
      let k = 0;
      for (const array of [scene.positions, scene.logScales, scene.shDc, scene.shRest]) for (let i = 0; i < array.length; i++) array[i] = seed[k++ % seed.length]! * (1 + (i % 7) / 10);
      const coding = chunked ? { kind: 'chunked' as const, bits } : { kind: 'uniform' as const, bits };
      const context = { chunkSize };
      const fast = applyCoding(scene, Math.min(group, Group.ShDc + degree), coding, context);
      const reference = applyByStream(scene, Math.min(group, Group.ShDc + degree), coding, context);
      for (const name of ['positions', 'logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const) expect(fast[name]).toEqual(reference[name]);
      expect(fast.shRest.length).toBe(count * 3 * shRestPerChannel(degree));
    }), { numRuns: 400 });
  });
});

describe('applyCoding with smallest-three rotations', () => {
  it('matches encode then decode for every bit depth and coding kind, owned (in place) or not', () => {
    const component = fc.oneof(fc.constantFrom(0, 1, -1, 0.5, -0.5), fc.float({ min: -3, max: 3, noNaN: true }));
    const input = fc.record({
      quaternions: fc.array(fc.tuple(component, component, component, component), { maxLength: 60 }),
      bits: fc.integer({ min: 0, max: MAX_BITS }), kind: fc.constantFrom('uniform' as const, 'chunked' as const, 'codebook' as const), owned: fc.boolean(),
    });
    fc.assert(fc.property(input, ({ quaternions, bits, kind, owned }) => {
      const scene = allocateScene(quaternions.length, 0);
      quaternions.forEach((q, i) => scene.rotations.set(q, i * 4));
      const coding = { kind, bits };
      const reference = applyByStream(scene, Group.Rotations, coding, { chunkSize: 16 });
      const input = owned ? { ...scene, rotations: scene.rotations.slice() } : scene;
      const fast = applyCoding(input, Group.Rotations, coding, { chunkSize: 16 }, owned ? new Set([input.rotations]) : undefined);
      expect(fast.rotations).toEqual(reference.rotations);
      expect(fast.rotations === input.rotations).toBe(owned);
    }), { numRuns: 400 });
  });
});
