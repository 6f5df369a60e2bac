/** The renderer's GPU layout holds each splat's values where the shaders read them. */
import { describe, expect, it } from 'vitest';
import { allocateScene, covariance3d, type DrawnScene, float16ToNumber, gpuLayout, gpuLayoutBuffers, gpuLayoutBytesPerSplat, SH_C0, sigmoid, type SplatScene } from '../../src/core/index.ts';

describe('gpuLayout', () => {
  it('packs centres, opacity, covariance, colour and SH coefficients splat by splat', () => {
    const scene = allocateScene(3, 3);
    scene.positions.set([1, 2, 3, -4, 5, -6, 0.5, 0.25, 8]);
    scene.logScales.set([-1, -2, -3, 0, -1, 0.5, -4, -4, -4]);
    scene.rotations.set([1, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0, 1, 0, 0]);
    scene.opacities.set([0, 2, -3]);
    scene.shDc.set([0.1, -0.2, 0.3, 1, 0, -1, 0.5, 0.5, 0.5]);
    for (let k = 0; k < scene.shRest.length; k++) scene.shRest[k] = (k % 17) / 10 - 0.8;
    const layout = gpuLayout(scene);
    expect(layout.shCoefficients).toBe(15);
    const sigma = new Float64Array(6);
    for (let i = 0; i < 3; i++) {
      expect([...layout.centers.subarray(i * 4, i * 4 + 3)]).toEqual([...scene.positions.subarray(i * 3, i * 3 + 3)]);
      expect(layout.centers[i * 4 + 3]).toBeCloseTo(sigmoid(scene.opacities[i]!), 6);
      covariance3d(scene.rotations, scene.logScales, i, sigma);
      expect([...layout.covA.subarray(i * 4, i * 4 + 4), ...layout.covB.subarray(i * 2, i * 2 + 2)]).toEqual([...sigma].map(Math.fround));
      for (let c = 0; c < 3; c++) expect(float16ToNumber(layout.color[i * 4 + c]!)).toBeCloseTo(0.5 + SH_C0 * scene.shDc[i * 3 + c]!, 3);
      // the SH scale is the splat's largest |SH rest value|, in the colour texel's fourth channel
      const rest = scene.shRest.subarray(i * 45, i * 45 + 45);
      const scale = float16ToNumber(layout.color[i * 4 + 3]!);
      expect(scale).toBeCloseTo(Math.max(...[...rest].map(Math.abs)), 3);
      // coefficient k of channel c is value v = 15c + k: the shader reads texel i of layer ⌊v/4⌋, channel v mod 4, as (byte − 128) / 127 × scale
      for (let k = 0; k < 15; k++) {
        for (let c = 0; c < 3; c++) {
          const v = 15 * c + k;
          const read = (layout.sh[(Math.floor(v / 4) * layout.layerTexels + i) * 4 + (v % 4)]! - 128) / 127 * scale;
          expect(Math.abs(read - rest[c * 15 + k]!)).toBeLessThanOrEqual(scale / 254 + 1e-9);
        }
      }
    }
  });

  it('gives each splat its own SH scale, and a splat without view-dependent colour zeros', () => {
    const scene = allocateScene(2, 1);
    scene.shRest.set([0.012, -0.02, 0.005, 0, 0, 0, 0, 0, 0.004]);
    const layout = gpuLayout(scene);
    expect(float16ToNumber(layout.color[3]!)).toBeCloseTo(0.02, 5);
    // the largest value takes the whole byte range, so a small splat's SH keeps its precision
    expect([...layout.sh.filter((b) => b !== 128)].map((b) => b - 128).sort((a, b) => a - b)).toEqual([-127, 25, 32, 76]);
    expect(float16ToNumber(layout.color[7]!)).toBe(0);
  });

  it('lays out SH rest held as a coded file holds it (table rows, range steps) as it lays out the values written out', () => {
    const whole = allocateScene(4, 1);
    whole.positions.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    whole.shDc.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2]);
    // a table of three rows of 9 values; splat i takes row rows[i]
    const table = Float32Array.from({ length: 27 }, (_, k) => Math.fround(((k * 7) % 11) / 10 - 0.5));
    const rows = Uint16Array.from([2, 0, 2, 1]);
    const asRows: DrawnScene = { ...whole, shRest: { table, rows } };
    const written = withRest(whole, (i, v) => table[rows[i]! * 9 + v]!);
    expect(gpuLayout(asRows, 4)).toEqual(gpuLayout(written, 4));
    // value v of splat i is fround(low + q · step), q its step, (low, step) = ranges[2v], ranges[2v + 1]
    const steps = Uint8Array.from({ length: 36 }, (_, k) => (k * 37) % 256);
    const ranges = Float64Array.from({ length: 18 }, (_, k) => (k % 2 === 0 ? -0.4 - k / 100 : 0.8 / 255));
    const asSteps: DrawnScene = { ...whole, shRest: { steps, ranges } };
    const stepped = withRest(whole, (i, v) => Math.fround(ranges[2 * v]! + steps[i * 9 + v]! * ranges[2 * v + 1]!));
    expect(gpuLayout(asSteps, 4)).toEqual(gpuLayout(stepped, 4));
    // and they differ from the scene's own (zero) rest: the test compares SH that is there
    expect(gpuLayout(asSteps, 4).sh).not.toEqual(gpuLayout(whole, 4).sh);
  });

  it('gives a scene without SH one spare layer, so the texture is never empty', () => {
    const layout = gpuLayout(allocateScene(2, 0));
    expect([layout.shCoefficients, layout.shLayers]).toEqual([0, 1]);
    expect(layout.sh.length).toBe(2 * 4);
  });

  it('pads every array to whole rows of the textures it becomes', () => {
    const layout = gpuLayout(allocateScene(5, 1), 4);
    expect([layout.centers.length, layout.covA.length, layout.covB.length, layout.color.length]).toEqual([8 * 4, 8 * 4, 8 * 2, 8 * 4]);
    // 3 coefficients × 3 channels = 9 values: 3 layers of 4 channels, each layer as tall as the others (2 rows of 4)
    expect([layout.shLayers, layout.layerTexels, layout.sh.length]).toEqual([3, 8, 3 * 8 * 4]);
  });

  it('keeps every texture as tall as the splat count needs, whatever the SH degree', () => {
    // splat by splat, the SH texture was 15 times as tall at degree 3: past 8192 rows of 2048 from 1.1 M splats
    const layout = gpuLayout(allocateScene(50, 3), 4);
    expect(layout.layerTexels).toBe(13 * 4);
    expect(layout.centers.length / 4).toBe(layout.layerTexels);
    expect(layout.sh.length).toBe(12 * layout.layerTexels * 4); // 45 values in 12 layers of 4
  });
});

/** `scene` with SH rest value v of splat i set to value(i, v). */
function withRest(scene: SplatScene, value: (i: number, v: number) => number): SplatScene {
  const shRest = new Float32Array(scene.shRest.length);
  const width = shRest.length / scene.count;
  for (let i = 0; i < scene.count; i++) for (let v = 0; v < width; v++) shRest[i * width + v] = value(i, v);
  return { ...scene, shRest };
}

describe('gpuLayoutBytesPerSplat', () => {
  it('is what a layout of each SH degree holds per splat', () => {
    for (let degree = 0; degree <= 3; degree++) {
      const layout = gpuLayout(allocateScene(8, degree));
      const bytes = gpuLayoutBuffers(layout).reduce((sum, buffer) => sum + buffer.byteLength, 0);
      expect(bytes / 8).toBe(gpuLayoutBytesPerSplat(degree));
    }
  });
});
