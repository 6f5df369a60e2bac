/**
 * 3DGS PLY: bit-exact round trips, the trainer's header layout, and the same values from the
 * layouts other writers use (big-endian, ASCII, doubles, shuffled and extra properties).
 */
import { describe, expect, it } from 'vitest';
import { type ByteSource, readScene, selectSplats, writeScene } from '../../src/core/index.ts';
import { plyHeaderText } from '../../src/core/formats/ply/write.ts';
import { encodePly } from '../helpers/ply-fixture.ts';
import { firstBitMismatch, readBytes, readShared } from '../helpers/scenes.ts';

const PLY_SCENES = ['cvlab-100-sh3.ply', 'fruit-drops-4721-sh3.ply', 'playbot-31k.ply', 'playbot-125k.ply'];
const FIELDS = ['positions', 'logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const;

describe('PLY round trip', () => {
  for (const name of PLY_SCENES) {
    it(`${name} → .ply → scene is bit-exact`, async () => {
      const { scene } = await readShared(name);
      const written = writeScene(scene, 'ply');
      const { scene: back } = await readBytes('back.ply', written);
      for (const field of FIELDS) {
        expect(firstBitMismatch(back[field], scene[field]), field).toBe(-1);
      }
      // Writing what was read back gives the same bytes: the layout is stable.
      expect(firstBitMismatch(writeScene(back, 'ply'), written)).toBe(-1);
    });
  }

  it("writes the reference trainer's header: x y z nx ny nz f_dc f_rest opacity scale rot", () => {
    const names = plyHeaderText(7, 1).split('\n').filter((l) => l.startsWith('property')).map((l) => l.split(' ')[2]);
    expect(plyHeaderText(7, 1).startsWith('ply\nformat binary_little_endian 1.0\nelement vertex 7\n')).toBe(true);
    expect(names).toEqual([
      'x', 'y', 'z', 'nx', 'ny', 'nz', 'f_dc_0', 'f_dc_1', 'f_dc_2',
      ...Array.from({ length: 9 }, (_, j) => `f_rest_${j}`),
      'opacity', 'scale_0', 'scale_1', 'scale_2', 'rot_0', 'rot_1', 'rot_2', 'rot_3',
    ]);
  });

  it('reproduces the cvlab trainer file byte for byte (its normals are zero)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { sharedPath } = await import('../helpers/scenes.ts');
    const original = new Uint8Array(await readFile(sharedPath('cvlab-100-sh3.ply')));
    const { scene } = await readShared('cvlab-100-sh3.ply');
    expect(firstBitMismatch(writeScene(scene, 'ply'), original)).toBe(-1);
  });
});

describe('PLY layouts other writers use', () => {
  it.each(['binary_big_endian', 'ascii'] as const)('%s with shuffled, double and extra properties reads the same values', async (encoding) => {
    const { scene } = await readShared('fruit-drops-4721-sh3.ply');
    const bytes = encodePly(scene, { encoding, shuffle: true, doubles: ['x', 'opacity'], extra: ['red', 'confidence'] });
    const { scene: back } = await readBytes(`fruit.${encoding}.ply`, bytes);
    expect(back.count).toBe(scene.count);
    expect(back.shDegree).toBe(3);
    for (const field of FIELDS) {
      // ASCII carries 9 significant digits: enough to give every float32 back exactly.
      expect(firstBitMismatch(back[field], scene[field]), field).toBe(-1);
    }
  });
});

describe('PLY streaming', () => {
  it('a source that reads into a given buffer gives the same scene, its chunks read into two buffers taken in turn', async () => {
    const { scene } = await readShared('playbot-125k.ply');
    // twice over: 41 MB of rows, three chunks of 16 MB
    const twice = new Uint32Array(scene.count * 2).map((_, i) => i % scene.count);
    const bytes = writeScene(selectSplats(scene, twice), 'ply');
    const reads: number[] = [];
    const targets: ArrayBufferLike[] = [];
    const source: ByteSource = {
      name: 'twice.ply',
      size: bytes.length,
      read: async (offset, length) => {
        reads.push(length);
        return bytes.slice(offset, offset + length);
      },
      readInto: async (offset, target) => {
        targets.push(target.buffer);
        const part = bytes.subarray(offset, Math.min(bytes.length, offset + target.length));
        target.set(part);
        return target.subarray(0, part.length);
      },
    };
    const streamed = (await readScene(source)).scene;
    const whole = (await readBytes('twice.ply', bytes)).scene;
    for (const field of FIELDS) expect(firstBitMismatch(streamed[field], whole[field]), field).toBe(-1);
    expect(targets.length).toBe(3);
    expect(new Set(targets).size).toBe(2);
    expect(targets[2]).toBe(targets[0]);
    // only the header and the format's sniff went through read
    expect(reads.every((length) => length < 1 << 20)).toBe(true);
  });
});
