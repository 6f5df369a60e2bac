/** The reference rasterizer: analytic footprint, agreement with a naive blend, determinism. */
import { describe, expect, it } from 'vitest';
import { allocateScene, lookAt, rasterize, sampleViews, SH_C0 } from '../../src/core/index.ts';
import { preparedScene, prepareSplats, withScratch } from '../../src/core/raster/prepared-splats.ts';
import { allocateProjection, projectSplats, subsetProjected } from '../../src/core/raster/project.ts';
import { imageScratch, rasterizeProjected } from '../../src/core/raster/rasterize.ts';
import { selectSplats } from '../../src/core/scene/splat-scene.ts';
import { naiveRender } from '../helpers/naive-blend.ts';
import { firstBitMismatch, readShared } from '../helpers/scenes.ts';

describe('a single Gaussian', () => {
  // 65×65 pixels: the principal point (32.5, 32.5) is pixel 32's centre, so the mean sits on it.
  const size = 65, distance = 4, fov = Math.PI / 3;
  const camera = lookAt([0, 0, -distance], [0, 0, 0], [0, -1, 0], size, size, fov);
  // Choose the world σ so that with the 0.3 px² dilation the screen σ is exactly 5 px.
  const sigmaPixels = Math.sqrt(25 - 0.3);
  const sigmaWorld = (sigmaPixels * distance) / camera.fx;
  const scene = allocateScene(1, 0);
  scene.logScales.fill(Math.log(sigmaWorld));
  scene.rotations[0] = 1;
  const opacity = 0.8;
  scene.opacities[0] = Math.log(opacity / (1 - opacity));
  const dc = [0.9, 0.1, -0.5];
  scene.shDc.set(dc);
  const colour = dc.map((v) => 0.5 + SH_C0 * v);
  const image = rasterize(scene, camera);
  const at = (x: number, y: number, c: number): number => image.rgba[(y * size + x) * 4 + c]!;

  it('has the splat colour × opacity at its centre', () => {
    for (let c = 0; c < 3; c++) expect(at(32, 32, c)).toBeCloseTo(colour[c]! * opacity, 5);
    expect(at(32, 32, 3)).toBeCloseTo(opacity, 5);
  });

  it('falls to e^−½ of the centre at 1σ (5 px) on both axes, and to e^−2 at 2σ', () => {
    for (const [x, y] of [[37, 32], [27, 32], [32, 37], [32, 27]] as const) {
      expect(at(x, y, 3)).toBeCloseTo(opacity * Math.exp(-0.5), 4);
    }
    expect(at(42, 32, 3)).toBeCloseTo(opacity * Math.exp(-2), 4);
  });

  it('reaches only the tiles its 3σ radius touches, as the reference does', () => {
    // radius = ⌈3·5⌉ = 15 px from pixel 32: tiles 0–2 (pixels 0–47); pixel 48 starts tile 3,
    // although 0.8·e^(−16²/50) would still be above 1/255 there.
    expect(at(47, 32, 3)).toBeCloseTo(opacity * Math.exp(-(15 ** 2) / 50), 4);
    expect(at(48, 32, 3)).toBe(0);
  });

  it('drops alpha below 1/255', () => {
    const faint = { ...scene, opacities: new Float32Array([Math.log(0.05 / 0.95)]) };
    const { rgba } = rasterize(faint, camera);
    // 0.05·e^(−d²/50) falls below 1/255 between d = 11 and d = 12.
    expect(rgba[(32 * size + 43) * 4 + 3]).toBeGreaterThan(1 / 255);
    expect(rgba[(32 * size + 44) * 4 + 3]).toBe(0);
  });

  it('is culled behind the near plane', () => {
    const behind = lookAt([0, 0, 0.1], [0, 0, 1], [0, -1, 0], size, size, fov);
    expect(rasterize(scene, behind).rgba.every((v) => v === 0)).toBe(true);
  });
});

describe('real scenes', () => {
  it('the tiled splat-major blend gives the same bits as a naive per-pixel blend', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    for (const camera of sampleViews(scene, 4, { width: 96, height: 80 })) {
      expect(firstBitMismatch(rasterize(scene, camera).rgba, naiveRender(scene, camera))).toBe(-1);
    }
  });

  it('a subset of one projection renders as the pruned scene does, prepared or not', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    // Keep every third splat: rank 0 for kept ones, scene.count for the rest.
    const keptIndices = Uint32Array.from({ length: Math.ceil(scene.count / 3) }, (_, j) => j * 3);
    const rank = new Uint32Array(scene.count).fill(scene.count);
    keptIndices.forEach((i) => { rank[i] = 0; });
    const pruned = selectSplats(scene, keptIndices);
    const prepared = prepareSplats(scene);
    for (const camera of sampleViews(scene, 2, { width: 96, height: 80 })) {
      const subset = rasterizeProjected(subsetProjected(projectSplats(scene, camera, { prepared }), rank, 1), camera);
      expect(firstBitMismatch(subset.rgba, rasterize(pruned, camera).rgba)).toBe(-1);
      expect(firstBitMismatch(rasterize(scene, camera, { prepared }).rgba, rasterize(scene, camera).rgba)).toBe(-1);
    }
  });

  it('one preparation sorts and bins every view in the same reused buffers, and each renders as a fresh render does', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const prepared = prepareSplats(scene);
    const [wide, other] = sampleViews(scene, 2, { width: 96, height: 80 });
    // a close-up sees a fraction of the splats: the buffers shrink in use, then must grow again
    const close = lookAt([0, 0, 0], [0, 0, 1], [0, -1, 0], 96, 80, Math.PI / 8);
    const counts: number[] = [];
    for (const camera of [close, wide!, close, other!, wide!]) {
      counts.push(projectSplats(scene, camera, { prepared }).count);
      expect(firstBitMismatch(rasterize(scene, camera, { prepared }).rgba, rasterize(scene, camera).rgba)).toBe(-1);
    }
    expect(Math.min(...counts)).toBeLessThan(Math.max(...counts) / 2);
    expect(prepared.scratch.bins.order.length).toBeGreaterThanOrEqual(Math.max(...counts));
  });

  it('a scene handed to its preparation keeps none of the memory of its shapes and opacities, and renders as before', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const copy = selectSplats(scene, Uint32Array.from({ length: scene.count }, (_, i) => i));
    const { scene: kept, prepared } = preparedScene(copy);
    const dropped = new Set([copy.logScales.buffer, copy.rotations.buffer, copy.opacities.buffer]);
    for (const array of [kept.positions, kept.logScales, kept.rotations, kept.opacities, kept.shDc, kept.shRest as Float32Array]) expect(dropped.has(array.buffer)).toBe(false);
    const [view] = sampleViews(scene, 1, { width: 64, height: 48 });
    expect(firstBitMismatch(rasterize(kept, view!, { prepared: withScratch(prepared) }).rgba, rasterize(scene, view!).rgba)).toBe(-1);
  });

  it('renders in one preparation\'s blend memory and one image scratch, from size to size, have the bits of fresh renders; images kept unless reused', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const prepared = prepareSplats(scene);
    const views = [...sampleViews(scene, 2, { width: 96, height: 80 }), ...sampleViews(scene, 2, { width: 40, height: 56 })];
    for (const reusesImages of [true, false]) {
      const pixels = reusesImages ? imageScratch() : undefined;
      const images = [...views, views[0]!].map((camera) => {
        const image = rasterize(scene, camera, { prepared, image: pixels });
        expect(firstBitMismatch(image.rgba, rasterize(scene, camera).rgba)).toBe(-1);
        return image.rgba;
      });
      expect(images[0] === images[1]).toBe(reusesImages);
      expect(images[2] === images[1]).toBe(false);
    }
  });

  it('subsets written into one shared buffer, larger and smaller in turn, render as their pruned scenes', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    // a rank per splat (a fixed shuffle): keeping k keeps the splats ranked below k
    const rank = Uint32Array.from({ length: scene.count }, (_, i) => (i * 7919) % scene.count);
    const prepared = prepareSplats(scene);
    const buffer = allocateProjection(scene.count);
    const [camera] = sampleViews(scene, 1, { width: 96, height: 80 });
    const all = projectSplats(scene, camera!, { prepared });
    for (const kept of [20000, 3000, 12000, 500]) {
      const keptIndices = Uint32Array.from({ length: scene.count }, (_, i) => i).filter((i) => rank[i]! < kept);
      const shared = rasterizeProjected(subsetProjected(all, rank, kept, buffer), camera!);
      expect(firstBitMismatch(shared.rgba, rasterize(selectSplats(scene, keptIndices), camera!).rgba)).toBe(-1);
    }
  });

  it('nested subsets cut in place from the projection, largest first, render as their pruned scenes', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const rank = Uint32Array.from({ length: scene.count }, (_, i) => (i * 7919) % scene.count);
    const [camera] = sampleViews(scene, 1, { width: 96, height: 80 });
    const projection = projectSplats(scene, camera!, { prepared: prepareSplats(scene) });
    for (const kept of [20000, 12000, 3000, 500]) {
      const keptIndices = Uint32Array.from({ length: scene.count }, (_, i) => i).filter((i) => rank[i]! < kept);
      const cut = subsetProjected(projection, rank, kept, projection);
      expect(cut.count).toBeLessThanOrEqual(kept);
      expect(firstBitMismatch(rasterizeProjected(cut, camera!).rgba, rasterize(selectSplats(scene, keptIndices), camera!).rgba)).toBe(-1);
    }
  });

  it('skipping the exponential below minPower changes no pixel nor weight', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const prepared = prepareSplats(scene);
    for (const camera of sampleViews(scene, 3, { width: 96, height: 80 })) {
      const projected = projectSplats(scene, camera, { prepared });
      const skipping = new Float32Array(scene.count);
      const image = rasterizeProjected(projected, camera, { weights: skipping });
      const bound = projected.minPower.slice();
      // the test can fail: a bound half a unit of power too high drops pixels that count
      for (let k = 0; k < projected.count; k++) projected.minPower[k] = bound[k]! + 0.5;
      expect(firstBitMismatch(image.rgba, rasterizeProjected(projected, camera).rgba)).not.toBe(-1);
      projected.minPower.fill(-Infinity);
      const exact = new Float32Array(scene.count);
      expect(firstBitMismatch(image.rgba, rasterizeProjected(projected, camera, { weights: exact }).rgba)).toBe(-1);
      expect(firstBitMismatch(skipping, exact)).toBe(-1);
    }
  });

  it('blending weights are the same without colours', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const [camera] = sampleViews(scene, 1, { width: 96, height: 96 });
    const withColours = new Float32Array(scene.count), without = new Float32Array(scene.count);
    rasterize(scene, camera!, { weights: withColours });
    rasterize(scene, camera!, { weights: without, colours: false });
    expect(withColours.some((w) => w > 0)).toBe(true);
    expect(firstBitMismatch(without, withColours)).toBe(-1);
  });

  it('is deterministic', async () => {
    const { scene } = await readShared('fruit-drops-4721-sh3.ply');
    const [camera] = sampleViews(scene, 1, { width: 200, height: 150 });
    expect(firstBitMismatch(rasterize(scene, camera!).rgba, rasterize(scene, camera!).rgba)).toBe(-1);
  });

  it('draws a real picture of every view (not blank, not saturated)', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    for (const camera of sampleViews(scene, 8, { width: 128, height: 128 })) {
      const { rgba } = rasterize(scene, camera);
      let covered = 0;
      for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! > 0.5) covered++;
      const fraction = covered / (rgba.length / 4);
      expect(fraction).toBeGreaterThan(0.05);
      expect(fraction).toBeLessThan(0.95);
    }
  });
});
