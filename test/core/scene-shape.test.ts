/** A file's splat count and SH degree from its head, before it is read (formats/scene-shape.ts). */
import { describe, expect, it } from 'vitest';
import { allocateScene, sceneShapeOf, SHAPE_HEAD_BYTES, shapeNeedsHead } from '../../src/core/index.ts';
import { encodePly } from '../helpers/ply-fixture.ts';
import { sharedBytes } from '../helpers/scenes.ts';

const head = (bytes: Uint8Array): Uint8Array => bytes.subarray(0, SHAPE_HEAD_BYTES);

describe('sceneShapeOf', () => {
  it('reads a trainer PLY\'s count and SH degree from its header', async () => {
    const bytes = await sharedBytes('playbot-31k.ply');
    expect(sceneShapeOf('playbot-31k.ply', head(bytes), bytes.length)).toEqual({ count: 31000, shDegree: 2 });
    const sh3 = await sharedBytes('cvlab-100-sh3.ply');
    expect(sceneShapeOf('cvlab-100-sh3.ply', head(sh3), sh3.length)).toEqual({ count: 100, shDegree: 3 });
  });

  it('counts properties the scene keeps, not the file\'s bytes: normals and other fields change nothing', () => {
    const scene = allocateScene(50, 1);
    for (const options of [{}, { extra: ['nx', 'ny', 'nz'] }, { extra: ['nx', 'ny', 'nz', 'label'], shuffle: true }, { encoding: 'ascii' as const }]) {
      const bytes = encodePly(scene, options);
      expect(sceneShapeOf('s.ply', head(bytes), bytes.length)).toEqual({ count: 50, shDegree: 1 });
    }
  });

  it('needs only the header: a head that declares six million splats says so', () => {
    const bytes = encodePly(allocateScene(2, 2), { declaredCount: 6_000_000 });
    expect(sceneShapeOf('big.ply', head(bytes), 984_000_000)).toEqual({ count: 6_000_000, shDegree: 2 });
  });

  it('counts a .splat by its rows', () => {
    expect(sceneShapeOf('seal.splat', new Uint8Array(0), 3_256_960)).toEqual({ count: 101_780, shDegree: 0 });
  });

  it('gives null where the head does not say, or is not a 3DGS PLY the reader would take', async () => {
    const compressed = await sharedBytes('playbot-31k.compressed.ply');
    expect(sceneShapeOf('playbot-31k.compressed.ply', head(compressed), compressed.length)).toBeNull();
    const spz = await sharedBytes('playbot-31k.v4.spz');
    expect(sceneShapeOf('playbot-31k.v4.spz', head(spz), spz.length)).toBeNull();
    const cut = new TextEncoder().encode('ply\nformat binary_little_endian 1.0\nelement vertex 10\n');
    expect(sceneShapeOf('cut.ply', cut, cut.length)).toBeNull();
    expect(sceneShapeOf('lies.ply', new TextEncoder().encode('not a ply at all'), 16)).toBeNull();
    const noRotations = encodePly(allocateScene(3, 0), { omit: ['rot_0', 'rot_1', 'rot_2', 'rot_3'] });
    expect(sceneShapeOf('odd.ply', head(noRotations), noRotations.length)).toBeNull();
  });
});

describe('shapeNeedsHead', () => {
  it('is true where the shape is in the head alone', () => {
    expect(['a.ply', 'b.PLY', 'c.splat', 'd.spz', 'e.ksplat'].map(shapeNeedsHead)).toEqual([true, true, false, false, false]);
  });
});
