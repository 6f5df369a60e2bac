/** Every level of the SH codebook's labels in one walk: the labels each level's own walk gives. */
import { describe, expect, it } from 'vitest';
import { assignAllLevels, assignNested, learnNestedCodebook } from '../../src/core/codec/codebook.ts';
import { isShared, selectSplats, shRestPerChannel } from '../../src/core/index.ts';
import { sharedUint16Array } from '../../src/core/scene/shared-scene.ts';
import { readShared } from '../helpers/scenes.ts';

describe('assignAllLevels', () => {
  it('gives assignNested’s labels at every level, in the arrays it is given', async () => {
    const { scene: full } = await readShared('playbot-31k.ply');
    const scene = selectSplats(full, Uint32Array.from({ length: 6000 }, (_, i) => i * 5));
    const dim = 3 * shRestPerChannel(scene.shDegree);
    const codebook = learnNestedCodebook(scene.shRest, dim, null, { maxSize: 512 });
    expect(codebook.levels.length).toBeGreaterThan(2);
    const all = assignAllLevels(codebook, scene.shRest, sharedUint16Array);
    expect(all).toHaveLength(codebook.levels.length);
    for (const [level, labels] of all.entries()) {
      expect(isShared(labels)).toBe(true);
      expect(labels).toBeInstanceOf(Uint16Array);
      expect([...labels]).toEqual([...assignNested(codebook, level, scene.shRest)]);
    }
  });

  it('refuses a codebook whose labels would not fit in 16 bits', () => {
    const level = (size: number) => ({ size, centroids: new Float32Array(0), childStart: new Uint32Array(0) });
    const tooWide = { dim: 9, levels: [level(1), level(0x10001)] };
    expect(() => assignAllLevels(tooWide, new Float32Array(9))).toThrow(/65537 entries.*16 bits/);
  });
});
