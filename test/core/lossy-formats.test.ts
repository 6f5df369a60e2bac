/**
 * Lossy formats, each checked against the PLY it came from with tolerances derived from the
 * format's quantization (docs/formats.md states them per field):
 * - our writers: scene → .spz / .splat → scene;
 * - peers' files: splat-transform's .spz (v3, v4), compressed .ply and SOG, and .ksplat written by
 *   @mkkellogg/gaussian-splats-3d, read by our readers.
 */
import { describe, expect, it } from 'vitest';
import { bufferSource, SH_C0, type SplatScene, writeScene } from '../../src/core/index.ts';
import { readPlyHeader } from '../../src/core/formats/ply/header.ts';
import { mortonOrder } from '../../src/core/formats/splatfit/morton.ts';
import { selectSplats } from '../../src/core/scene/splat-scene.ts';
import { makeKsplat } from '../helpers/make-ksplat.ts';
import {
  clamp, maxAlphaDiff, maxDiff, maxRotationDiff, maxSortedDiff, readBytes, readShared, sharedBytes,
} from '../helpers/scenes.ts';

/** SPZ: 12 fractional bits, scale steps of 1/16 over [-10, 5.94], colour 0.15·255 steps, SH 5/4 bits over [-1, 1). */
const SPZ = {
  position: 0.5 / 4096 + 1e-6,
  logScale: 0.5 / 16 + 1e-6,
  scaleRange: clamp(-10, 255 / 16 - 10),
  dc: 0.5 / (0.15 * 255) + 1e-6,
  dcRange: clamp(-0.5 / 0.15, 0.5 / 0.15),
  alpha: 0.5 / 255 + 1e-6,
  shBand1: 4 / 128 + 0.5 / 128 + 1e-6,
  shHigher: 8 / 128 + 0.5 / 128 + 1e-6,
  shRange: clamp(-1, 127 / 128),
  /** 9-bit smallest-three magnitudes: 1 − |⟨q, q'⟩| stays below this. */
  rotation: 2e-5,
};

function expectSpzPrecision(original: SplatScene, decoded: SplatScene): void {
  expect(decoded.count).toBe(original.count);
  expect(maxDiff(original.positions, decoded.positions)).toBeLessThanOrEqual(SPZ.position);
  expect(maxDiff(original.logScales, decoded.logScales, SPZ.scaleRange)).toBeLessThanOrEqual(SPZ.logScale);
  expect(maxDiff(original.shDc, decoded.shDc, SPZ.dcRange)).toBeLessThanOrEqual(SPZ.dc);
  expect(maxAlphaDiff(original.opacities, decoded.opacities)).toBeLessThanOrEqual(SPZ.alpha);
  expect(maxRotationDiff(original, decoded)).toBeLessThanOrEqual(SPZ.rotation);
  const perChannel = (original.shDegree + 1) ** 2 - 1;
  for (let j = 0; j < perChannel; j++) {
    let max = 0;
    for (let i = 0; i < original.count * 3; i++) {
      const k = i * perChannel + j;
      max = Math.max(max, Math.abs(SPZ.shRange(original.shRest[k]!) - decoded.shRest[k]!));
    }
    expect(max, `SH coefficient ${j}`).toBeLessThanOrEqual(j < 3 ? SPZ.shBand1 : SPZ.shHigher);
  }
}

describe('SPZ', () => {
  it.each(['playbot-31k.ply', 'fruit-drops-4721-sh3.ply'])('%s → .spz → scene keeps SPZ precision', async (name) => {
    const { scene } = await readShared(name);
    const { scene: back, facts } = await readBytes('x.spz', writeScene(scene, 'spz'));
    expect(facts.format).toBe('spz');
    expect(back.shDegree).toBe(scene.shDegree);
    expectSpzPrecision(scene, back);
  });

  it.each(['playbot-31k.v3.spz', 'playbot-31k.v4.spz'])("reads splat-transform's %s as the PLY it was written from", async (name) => {
    const { scene: ply } = await readShared('playbot-31k.ply');
    const { scene: spz } = await readShared(name);
    expectSpzPrecision(ply, spz);
  });
});

describe('.splat', () => {
  it('playbot-31k.ply → .splat → scene keeps .splat precision', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const { scene: back } = await readBytes('x.splat', writeScene(scene, 'splat'));
    expect(back.shDegree).toBe(0);
    expect(maxDiff(scene.positions, back.positions)).toBe(0);
    // Linear float32 scale then log: float32 rounding only.
    expect(maxDiff(scene.logScales, back.logScales)).toBeLessThanOrEqual(1e-5);
    // Colour bytes: half a step of 1/255 in 0.5 + SH_C0·dc, within the byte's range.
    expect(maxDiff(scene.shDc, back.shDc, clamp(-0.5 / SH_C0, 0.5 / SH_C0))).toBeLessThanOrEqual(0.5 / 255 / SH_C0 + 1e-6);
    expect(maxAlphaDiff(scene.opacities, back.opacities)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    // Rotation bytes: components in steps of 1/128.
    expect(maxRotationDiff(scene, back)).toBeLessThanOrEqual(1e-3);
  });

  it('reads a real .splat capture with sane values', async () => {
    const { scene } = await readShared('luma-seal-101k.splat');
    expect(maxDiff(scene.positions, scene.positions)).toBe(0);
    let unit = 0;
    for (let i = 0; i < scene.count; i++) {
      const n = Math.hypot(...scene.rotations.subarray(i * 4, i * 4 + 4));
      if (Math.abs(n - 1) < 0.02) unit++;
    }
    expect(unit / scene.count).toBeGreaterThan(0.99);
  });
});

describe('SOG', () => {
  it('playbot-31k-sog reads as the PLY splat-transform decoded from it', async () => {
    const { scene: ply } = await readShared('playbot-31k.ply');
    const { scene: sog } = await readShared('playbot-31k-sog');
    // Same splats in the same order; only float32 rounding in the decode arithmetic differs.
    expect(maxDiff(ply.positions, sog.positions)).toBeLessThanOrEqual(1e-6);
    expect(maxDiff(ply.logScales, sog.logScales)).toBe(0);
    expect(maxDiff(ply.shDc, sog.shDc)).toBe(0);
    expect(maxDiff(ply.shRest, sog.shRest)).toBe(0);
    expect(maxDiff(ply.opacities, sog.opacities)).toBeLessThanOrEqual(1e-5);
    expect(maxRotationDiff(ply, sog)).toBeLessThanOrEqual(1e-6);
  });

  it('a bundled .sog and an unbundled folder use the same decoder', async () => {
    const { scene } = await readShared('st-peter-134k.sog');
    expect(scene.count).toBe(133_618);
    expect(maxRotationDiff(scene, scene)).toBe(0);
  });
});

/** Widest max_c − min_c over the chunks and colour channels of a compressed PLY. */
async function widestChunkColorRange(file: Uint8Array): Promise<number> {
  const header = await readPlyHeader(bufferSource('c.ply', file));
  const chunk = header.elements.find((e) => e.name === 'chunk')!;
  const view = new DataView(file.buffer, file.byteOffset + header.dataOffset);
  const offsetOf = (name: string): number => chunk.properties.find((p) => p.name === name)!.offset;
  let widest = 0;
  for (let r = 0; r < chunk.count; r++) {
    for (const c of ['r', 'g', 'b']) {
      const range = view.getFloat32(r * chunk.rowSize + offsetOf(`max_${c}`), true) - view.getFloat32(r * chunk.rowSize + offsetOf(`min_${c}`), true);
      widest = Math.max(widest, range);
    }
  }
  return widest;
}

describe('PlayCanvas compressed PLY', () => {
  it('reads the same splats as the PLY it was written from (reordered, so compared sorted)', async () => {
    const { scene: ply } = await readShared('playbot-31k.ply');
    const { scene: cpl } = await readShared('playbot-31k.compressed.ply');
    // 11/10-bit positions and scales over per-chunk ranges; 8-bit colour; 8-bit SH over [-4, 4].
    expect(maxSortedDiff(ply.positions, cpl.positions, 3)).toBeLessThanOrEqual(2e-3);
    expect(maxSortedDiff(ply.logScales, cpl.logScales, 3)).toBeLessThanOrEqual(0.02);
    // Colour bytes span each chunk's own colour range: half a step of the widest one.
    const widest = await widestChunkColorRange(await sharedBytes('playbot-31k.compressed.ply'));
    expect(widest).toBeGreaterThan(1);
    expect(maxSortedDiff(ply.shDc, cpl.shDc, 3)).toBeLessThanOrEqual((0.5 * widest) / 255 / SH_C0 + 1e-5);
    expect(maxSortedDiff(ply.shRest, cpl.shRest, 1, clamp(-4, 4))).toBeLessThanOrEqual(8 / 256 / 2 + 1e-3);
    const alphas = (s: SplatScene): Float32Array => s.opacities.map((o) => 1 / (1 + Math.exp(-o)));
    expect(maxSortedDiff(alphas(ply), alphas(cpl), 1)).toBeLessThanOrEqual(0.5 / 255 + 1e-3);
  });
});

describe('PlayCanvas compressed PLY (our writer)', () => {
  /** Largest error of splat i's field over its chunk's range, in quantization steps of `bits` per axis. */
  function maxStepsOff(original: Float32Array, decoded: Float32Array, count: number, bits: readonly number[], map: (v: number) => number = (v) => v): number {
    let worst = 0;
    for (let first = 0; first < count; first += 256) {
      const end = Math.min(count, first + 256);
      for (let axis = 0; axis < 3; axis++) {
        let lo = Infinity, hi = -Infinity;
        for (let i = first; i < end; i++) { const v = map(original[i * 3 + axis]!); lo = Math.min(lo, v); hi = Math.max(hi, v); }
        const step = (hi - lo) / (2 ** bits[axis]! - 1);
        for (let i = first; i < end; i++) {
          // float32 bounds and decoding add a few units in the last place of the values' magnitude
          const rounding = 4 * 2 ** -23 * Math.max(Math.abs(lo), Math.abs(hi));
          const off = Math.max(0, Math.abs(map(original[i * 3 + axis]!) - map(decoded[i * 3 + axis]!)) - rounding);
          worst = Math.max(worst, step > 0 ? off / step : off > 1e-6 ? Infinity : 0);
        }
      }
    }
    return worst;
  }

  it.each(['playbot-31k.ply', 'fruit-drops-4721-sh3.ply'])('%s → .compressed.ply → scene: every field within half a step of its chunk range', async (name) => {
    const { scene: input } = await readShared(name);
    const bytes = writeScene(input, 'compressed-ply');
    const { scene: back, facts } = await readBytes('x.compressed.ply', bytes);
    expect(facts.format).toBe('compressed-ply');
    expect(back.count).toBe(input.count);
    expect(back.shDegree).toBe(input.shDegree);
    const scene = selectSplats(input, mortonOrder(input)); // the writer stores Morton order
    const halfStep = 0.5 + 1e-3;
    expect(maxStepsOff(scene.positions, back.positions, scene.count, [11, 10, 11])).toBeLessThanOrEqual(halfStep);
    expect(maxStepsOff(scene.logScales, back.logScales, scene.count, [11, 10, 11], clamp(-20, 20))).toBeLessThanOrEqual(halfStep);
    expect(maxStepsOff(scene.shDc, back.shDc, scene.count, [8, 8, 8], (dc) => 0.5 + SH_C0 * dc)).toBeLessThanOrEqual(halfStep);
    expect(maxAlphaDiff(scene.opacities, back.opacities)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    expect(maxRotationDiff(scene, back)).toBeLessThanOrEqual(2e-5);
    expect(maxDiff(scene.shRest, back.shRest, clamp(-4, 4))).toBeLessThanOrEqual(8 / 256 / 2 + 1e-3);
  });

  it("is the size of splat-transform's compressed .ply of the same scene (same layout)", async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const ours = writeScene(scene, 'compressed-ply').length;
    const theirs = (await sharedBytes('playbot-31k.compressed.ply')).length;
    expect(Math.abs(ours - theirs) / theirs).toBeLessThan(0.01);
  });
});

describe('.ksplat (written by @mkkellogg/gaussian-splats-3d)', () => {
  // Level 0 stores float32; level 1 float16 (relative 2^-11) and 16-bit positions per bucket;
  // level 2 additionally 8-bit SH over the [min, max] its header stores (bytes 36 and 40).
  // Colour and opacity are bytes at every level.
  const shStep = (file: Uint8Array): number => {
    const view = new DataView(file.buffer, file.byteOffset);
    return (view.getFloat32(40, true) - view.getFloat32(36, true)) / 255;
  };
  const TOLERANCES = {
    0: { position: 1e-6, logScale: 1e-5, sh: () => 1e-6 },
    1: { position: 1e-4, logScale: 1e-3, sh: () => 2e-3 },
    // The library truncates SH to bytes, as it does colour: up to one whole step.
    2: { position: 1e-4, logScale: 1e-3, sh: (file: Uint8Array) => shStep(file) + 1e-5 },
  } as const;
  for (const level of [0, 1, 2] as const) {
    it(`level ${level} reads the splats of the PLY it was made from`, async () => {
      const { scene: ply } = await readShared('playbot-31k.ply');
      const ksplat = makeKsplat(await sharedBytes('playbot-31k.ply'), { level, shDegree: 2 });
      const { scene, facts } = await readBytes('playbot.ksplat', ksplat);
      const t = TOLERANCES[level];
      expect(facts.format).toBe('ksplat');
      expect(scene.count).toBe(ply.count);
      expect(scene.shDegree).toBe(2);
      expect(maxSortedDiff(ply.positions, scene.positions, 3)).toBeLessThanOrEqual(t.position);
      expect(maxSortedDiff(ply.logScales, scene.logScales, 3)).toBeLessThanOrEqual(t.logScale);
      // The library truncates colour to bytes (rather than rounding): up to one whole step.
      expect(maxSortedDiff(ply.shDc, scene.shDc, 3, clamp(-0.5 / SH_C0, 0.5 / SH_C0))).toBeLessThanOrEqual(1 / 255 / SH_C0 + 1e-4);
      expect(maxSortedDiff(ply.shRest, scene.shRest, 1)).toBeLessThanOrEqual(t.sh(ksplat));
    });
  }
});
