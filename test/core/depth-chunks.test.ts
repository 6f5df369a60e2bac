/**
 * Rendering chunk by chunk in depth order (raster/depth-chunks.ts) gives the images, weights and
 * colour gradients of rendering one projection of every splat, bit for bit. Real scenes are
 * chunked from a million splats; here the preparation's chunk size is lowered so that playbot-31k
 * is cut into several chunks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepShare } from '../../src/core/codec/compensate.ts';
import { validationImagesAndErrors } from '../../src/core/codec/prune-error.ts';
import { type Camera, decisionViews, rasterize, type SplatScene } from '../../src/core/index.ts';
import { type PreparedSplats, prepareSplats } from '../../src/core/raster/prepared-splats.ts';
import { chunkScratch, projectedPieces, projectedPiecesOnce } from '../../src/core/raster/depth-chunks.ts';
import { binScratch, blendProjected, blendState, finishImage } from '../../src/core/raster/rasterize.ts';
import { projectSplats } from '../../src/core/raster/project.ts';
import { detailViews, sampleViews } from '../../src/core/raster/view-sampler.ts';
import { firstBitMismatch, readShared } from '../helpers/scenes.ts';

/** Splats a chunk holds here: a few thousand of 31k, so every view is cut into several chunks. */
const SMALL_LIMIT = 4000;

let scene: SplatScene;
let views: Camera[];
beforeAll(async () => {
  scene = (await readShared('playbot-31k.ply')).scene;
  const decision = decisionViews(scene, { ranking: 4, validation: 2 });
  // small views as the analysis renders, a larger orbit and detail close-ups as reports do
  views = [...decision.ranking, ...decision.validation, ...sampleViews(scene, 1, { width: 256, height: 192 }), ...detailViews(scene, 2, { width: 128, height: 128 })];
});

function chunked(): PreparedSplats {
  const prepared = prepareSplats(scene);
  prepared.scratch.chunks.wholeUpTo = SMALL_LIMIT;
  prepared.scratch.chunks.chunk = SMALL_LIMIT;
  return prepared;
}

describe('rendering in chunks of splats in depth order', () => {
  it('chunks a scene above the chunk size and leaves one within it whole', () => {
    for (const camera of views) {
      expect([...projectedPieces(scene, camera, { prepared: prepareSplats(scene) })].length).toBe(1);
      expect([...projectedPieces(scene, camera, { prepared: chunked() })].length).toBeGreaterThan(1);
    }
  });

  it('projects, over its chunks, every splat one projection holds, each once, nearer chunks first', () => {
    for (const camera of views) {
      const all = projectSplats(scene, camera, { prepared: prepareSplats(scene) });
      const expected = new Map<number, number>();
      for (let k = 0; k < all.count; k++) expected.set(all.ids[k]!, all.depth[k]!);
      const seen: number[] = [];
      let behind = 0;
      for (const projected of projectedPieces(scene, camera, { prepared: chunked() })) {
        expect(projected.count).toBeLessThanOrEqual(SMALL_LIMIT);
        let farthest = behind;
        for (let k = 0; k < projected.count; k++) {
          const id = projected.ids[k]!;
          expect(projected.depth[k]).toBe(expected.get(id));
          // every splat of a chunk lies behind every splat of the chunks before
          expect(projected.depth[k]).toBeGreaterThan(behind);
          farthest = Math.max(farthest, projected.depth[k]!);
          seen.push(id);
        }
        behind = farthest;
      }
      expect(seen.sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    }
  });

  it('gives the same images and significance weights, bit for bit', () => {
    const prepared = chunked();
    for (const camera of views) {
      for (const dilation of [undefined, 0.02]) {
        const wholeWeights = new Float32Array(scene.count), chunkWeights = new Float32Array(scene.count);
        const whole = rasterize(scene, camera, { weights: wholeWeights, dilation });
        const inChunks = rasterize(scene, camera, { weights: chunkWeights, dilation, prepared });
        expect(firstBitMismatch(inChunks.rgba, whole.rgba)).toBe(-1);
        expect(firstBitMismatch(chunkWeights, wholeWeights)).toBe(-1);
      }
    }
  });

  it('prepares a scene seen once chunk by chunk, to the same images and weights, bit for bit', () => {
    const scratch = chunkScratch();
    scratch.wholeUpTo = SMALL_LIMIT;
    scratch.chunk = SMALL_LIMIT;
    for (const camera of views) {
      const wholeWeights = new Float32Array(scene.count), onceWeights = new Float32Array(scene.count);
      const whole = rasterize(scene, camera, { weights: wholeWeights });
      const state = blendState(camera), binning = binScratch();
      let pieces = 0;
      for (const projected of projectedPiecesOnce(scene, camera, {}, scratch)) {
        blendProjected(projected, camera, state, { weights: onceWeights, binning });
        pieces++;
      }
      expect(pieces).toBeGreaterThan(1);
      expect(firstBitMismatch(finishImage(state, camera).rgba, whole.rgba)).toBe(-1);
      expect(firstBitMismatch(onceWeights, wholeWeights)).toBe(-1);
    }
  });

  it('gives the colour re-fit the same squared error and gradient, bit for bit', () => {
    const targets = views.map((camera) => rasterize({ ...scene, shDc: scene.shDc.map((v) => v * 0.9) }, camera));
    const indices = views.map((_, v) => v);
    const whole = sweepShare(scene, views, targets, indices, true, { prepared: prepareSplats(scene), bins: new Map() });
    const cache = { prepared: chunked(), bins: new Map() };
    // twice, as a re-fit sweeps: the second with what the first left in the cache
    for (let sweep = 0; sweep < 2; sweep++) {
      const inChunks = sweepShare(scene, views, targets, indices, true, cache);
      expect(inChunks.total).toBe(whole.total);
      expect(firstBitMismatch(inChunks.gradient!, whole.gradient!)).toBe(-1);
    }
  });

  it('gives the validation images and pruning errors, bit for bit', () => {
    const order = Uint32Array.from({ length: scene.count }, (_, i) => i).sort((a, b) => scene.opacities[b]! - scene.opacities[a]!);
    const counts = [scene.count >> 1, scene.count >> 3, 1];
    const indices = views.map((_, v) => v);
    const whole = validationImagesAndErrors(scene, order, views, counts, indices);
    const inChunks = validationImagesAndErrors(scene, order, views, counts, indices, undefined, chunked());
    inChunks.images.forEach((image, v) => expect(firstBitMismatch(image.rgba, whole.images[v]!.rgba)).toBe(-1));
    expect(inChunks.errors).toEqual(whole.errors);
  });
});
