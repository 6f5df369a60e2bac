/**
 * SPZ's coordinate system (issue 11, item 7). The SPZ specification stores splats in RUB axes
 * (three.js / OpenGL); a 3DGS .ply is RDF, so reading and writing flip y and z: positions, the
 * quaternion's y and z, and the SH coefficients odd in y + z (Niantic's coordinateConverter).
 *
 * Checked three ways on a real degree-3 scene:
 * - the bytes we write are RUB (y and z of the stored positions are the .ply's, negated);
 * - splat-transform 2.7, whose .spz goes through Niantic's own library with `from: RDF` / `to: RDF`
 *   (the reference implementation), reads our file as the .ply, and we read its file as the .ply;
 * - splat-transform 3.7 writes and reads .spz with no conversion (`from: UNSPECIFIED`, raw RDF
 *   bytes), so between it and a spec reader every file arrives mirrored in y and z. That is pinned
 *   here, both directions, so a change on either side shows (docs/formats.md, "SPZ", axes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SplatScene, writeScene } from '../../src/core/index.ts';
import { RUB_TO_RDF_SH } from '../../src/core/formats/spz/constants.ts';
import { readSceneFile } from '../../src/cli/node-platform.ts';
import { maxRotationDiff, readShared, sharedPath } from '../helpers/scenes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = {
  '2.7': join(ROOT, 'node_modules/@playcanvas/splat-transform/bin/cli.mjs'),
  '3.7': join(ROOT, 'node_modules/@playcanvas/splat-transform-3/bin/cli.mjs'),
} as const;
type Version = keyof typeof CLI;

const SCENE = 'fruit-drops-4721-sh3.ply';
/** SPZ precision (docs/formats.md): positions 2⁻¹³, rotation 2·10⁻⁵, SH band 1 / higher bands within [−1, 1). */
const TOLERANCE = { position: 0.5 / 4096 + 1e-6, rotation: 2e-5, shBand1: 4.5 / 128 + 1e-6, shHigher: 8.5 / 128 + 1e-6 };

const dir = mkdtempSync(join(tmpdir(), 'splatfit-axes-'));
let ply: SplatScene;

function splatTransform(version: Version, input: string, output: string): void {
  execFileSync(process.execPath, [CLI[version], '-q', '-w', ...(version === '3.7' ? ['-g', 'cpu'] : []), input, output], { stdio: 'pipe' });
}

/** Largest error of `b` against `a`, with y and z (and the odd SH) negated in `a` when `mirrored`. */
function expectSameSplats(a: SplatScene, b: SplatScene, mirrored: boolean): void {
  expect(b.count).toBe(a.count);
  const axis = mirrored ? [1, -1, -1] : [1, 1, 1];
  let position = 0;
  for (let i = 0; i < a.positions.length; i++) position = Math.max(position, Math.abs(a.positions[i]! * axis[i % 3]! - b.positions[i]!));
  expect(position, 'positions').toBeLessThanOrEqual(TOLERANCE.position);
  const quaternion = mirrored ? [1, 1, -1, -1] : [1, 1, 1, 1];
  const turned = { ...a, rotations: a.rotations.map((v, i) => v * quaternion[i % 4]!) };
  expect(maxRotationDiff(turned, b), 'rotations').toBeLessThanOrEqual(TOLERANCE.rotation);
  const perChannel = 15;
  for (let j = 0; j < perChannel; j++) {
    const sign = mirrored ? RUB_TO_RDF_SH[j]! : 1;
    let max = 0;
    for (let k = j; k < a.shRest.length; k += perChannel) max = Math.max(max, Math.abs(Math.max(-1, Math.min(127 / 128, a.shRest[k]! * sign)) - b.shRest[k]!));
    expect(max, `SH coefficient ${j}`).toBeLessThanOrEqual(j < 3 ? TOLERANCE.shBand1 : TOLERANCE.shHigher);
  }
}

beforeAll(async () => {
  ply = (await readShared(SCENE)).scene;
  writeFileSync(join(dir, 'ours.spz'), writeScene(ply, 'spz'));
});

describe('SPZ axes', () => {
  it('our .spz stores RUB: the stored y and z of every position are the .ply\'s, negated', () => {
    const raw = gunzipSync(writeScene(ply, 'spz'));
    const fractionalBits = raw[13]!;
    let worst = 0;
    for (let i = 0; i < ply.count * 3; i++) {
      const o = 16 + i * 3;
      const stored = (((raw[o]! | (raw[o + 1]! << 8) | (raw[o + 2]! << 16)) << 8) >> 8) / 2 ** fractionalBits;
      worst = Math.max(worst, Math.abs(stored - ply.positions[i]! * [1, -1, -1][i % 3]!));
    }
    expect(worst).toBeLessThanOrEqual(TOLERANCE.position);
  });

  describe.runIf(existsSync(CLI['2.7']))('splat-transform 2.7 (Niantic\'s library, RDF ↔ RUB): the same splats both ways', () => {
    it('reads our .spz as the .ply', async () => {
      splatTransform('2.7', join(dir, 'ours.spz'), join(dir, 'ours-by-2.7.ply'));
      expectSameSplats(ply, (await readSceneFile(join(dir, 'ours-by-2.7.ply'))).scene, false);
    });
    it('writes a .spz we read as the .ply', async () => {
      splatTransform('2.7', sharedPath(SCENE), join(dir, 'by-2.7.spz'));
      expectSameSplats(ply, (await readSceneFile(join(dir, 'by-2.7.spz'))).scene, false);
    });
  });

  describe.runIf(existsSync(CLI['3.7']))('splat-transform 3.7 (no conversion, raw RDF bytes): mirrored in y and z both ways', () => {
    it('reads our .spz as the .ply mirrored', async () => {
      splatTransform('3.7', join(dir, 'ours.spz'), join(dir, 'ours-by-3.7.ply'));
      expectSameSplats(ply, (await readSceneFile(join(dir, 'ours-by-3.7.ply'))).scene, true);
    });
    it('writes a .spz we read as the .ply mirrored (its bytes are the .ply\'s axes, not SPZ\'s)', async () => {
      splatTransform('3.7', sharedPath(SCENE), join(dir, 'by-3.7.spz'));
      expectSameSplats(ply, (await readSceneFile(join(dir, 'by-3.7.spz'))).scene, true);
    });
  });
});
