/** A file's splat count and SH degree from its head, before it is read (formats/scene-shape.ts). */
import { describe, expect, it } from 'vitest';
import { allocateScene, sceneShapeOf } from '../../src/core/index.ts';
import { encodePly } from '../helpers/ply-fixture.ts';
import { sharedBytes } from '../helpers/scenes.ts';

/** sceneShapeOf over `bytes` (a file of `size` bytes, by default theirs), with the lengths of the heads it read. */
async function shapeOf(name: string, bytes: Uint8Array, size = bytes.length) {
  const reads: number[] = [];
  const shape = await sceneShapeOf(name, size, async (length) => {
    reads.push(length);
    return bytes.subarray(0, length);
  });
  return { shape, reads };
}

describe('sceneShapeOf', () => {
  it('reads a trainer PLY\'s count and SH degree from its header', async () => {
    const bytes = await sharedBytes('playbot-31k.ply');
    expect((await shapeOf('playbot-31k.ply', bytes)).shape).toEqual({ count: 31000, shDegree: 2 });
    const sh3 = await sharedBytes('cvlab-100-sh3.ply');
    expect((await shapeOf('cvlab-100-sh3.ply', sh3)).shape).toEqual({ count: 100, shDegree: 3 });
  });

  it('counts properties the scene keeps, not the file\'s bytes: normals and other fields change nothing', async () => {
    const scene = allocateScene(50, 1);
    for (const options of [{}, { extra: ['nx', 'ny', 'nz'] }, { extra: ['nx', 'ny', 'nz', 'label'], shuffle: true }, { encoding: 'ascii' as const }]) {
      expect((await shapeOf('s.ply', encodePly(scene, options))).shape).toEqual({ count: 50, shDegree: 1 });
    }
  });

  it('needs only the header: a head that declares six million splats says so, read from the first 64 KiB', async () => {
    const bytes = encodePly(allocateScene(2, 2), { declaredCount: 6_000_000 });
    expect(await shapeOf('big.ply', bytes, 984_000_000)).toEqual({ shape: { count: 6_000_000, shDegree: 2 }, reads: [64 * 1024] });
  });

  it('counts a .splat by its rows', async () => {
    expect((await shapeOf('seal.splat', new Uint8Array(0), 3_256_960)).shape).toEqual({ count: 101_780, shDegree: 0 });
  });

  it('gives null where the head does not say, or is not a 3DGS PLY the reader would take', async () => {
    const compressed = await sharedBytes('playbot-31k.compressed.ply');
    expect((await shapeOf('playbot-31k.compressed.ply', compressed)).shape).toBeNull();
    const spz = await sharedBytes('playbot-31k.v4.spz');
    expect((await shapeOf('playbot-31k.v4.spz', spz)).shape).toBeNull();
    expect((await shapeOf('cut.ply', new TextEncoder().encode('ply\nformat binary_little_endian 1.0\nelement vertex 10\n'))).shape).toBeNull();
    expect((await shapeOf('lies.ply', new TextEncoder().encode('not a ply at all'))).shape).toBeNull();
    expect((await shapeOf('odd.ply', encodePly(allocateScene(3, 0), { omit: ['rot_0', 'rot_1', 'rot_2', 'rot_3'] }))).shape).toBeNull();
    expect((await sceneShapeOf('gone.ply', 1000, async () => null))).toBeNull();
  });

  it('reads the head only where the shape is in the head alone', async () => {
    const bytes = new Uint8Array(4096);
    const reads = await Promise.all(['a.ply', 'b.PLY', 'c.splat', 'd.spz', 'e.ksplat'].map(async (name) => (await shapeOf(name, bytes)).reads.length > 0));
    expect(reads).toEqual([true, true, false, false, false]);
  });
});
