/**
 * The image error of keeping only the most significant splats, for several kept counts at once:
 * mean squared error over the validation decision views against the whole scene's images there.
 * Each view projects the whole scene once and every count renders its subset of that projection
 * (raster/project.ts subsetProjected): the same images as rendering each pruned scene, without
 * projecting 500k splats again for every count. Views can be measured apart (threads each take
 * a share) and summed in view order: the same figures as one thread.
 */
import { meanSquaredError } from '../fidelity/metrics.ts';
import type { Camera } from '../raster/camera.ts';
import { prepareSplats } from '../raster/prepared-splats.ts';
import { allocateProjection, projectSplats, subsetProjected } from '../raster/project.ts';
import { rasterizeProjected, type RasterImage } from '../raster/rasterize.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

/** `bySignificance`: indices into `scene`, most significant first; `images`: the whole scene's renders from `views`. */
export function pruneErrors(scene: SplatScene, bySignificance: Uint32Array, views: readonly Camera[], images: readonly RasterImage[], counts: readonly number[]): number[] {
  const byView = pruneErrorsByView(scene, bySignificance, views, images, counts, views.map((_, v) => v));
  return meanOverViews(byView, counts.length);
}

/**
 * Each view's squared error (at `viewIndices`, into `views` and `images`) for every count, in
 * `counts` order; a count of every splat is no error (0).
 */
export function pruneErrorsByView(
  scene: SplatScene, bySignificance: Uint32Array, views: readonly Camera[], images: readonly RasterImage[], counts: readonly number[], viewIndices: readonly number[],
): Float64Array[] {
  // As SceneAnalysis.keep does: at least one splat; every splat is the scene itself (no error).
  const kept = counts.map((k) => Math.max(1, Math.min(k, scene.count)));
  const errors = viewIndices.map(() => new Float64Array(counts.length));
  // every splat kept is no error: nothing to render (the solver asks for it with every plan)
  if (kept.every((k) => k >= scene.count)) return errors;
  const rank = new Uint32Array(scene.count);
  for (let r = 0; r < bySignificance.length; r++) rank[bySignificance[r]!] = r;
  const prepared = prepareSplats(scene);
  // one buffer for every subset of every view (a projection of 6 M splats is 430 MB)
  const subset = allocateProjection(Math.max(...kept.filter((k) => k < scene.count)));
  viewIndices.forEach((v, at) => {
    const camera = views[v]!;
    const all = projectSplats(scene, camera, { prepared });
    kept.forEach((k, j) => {
      if (k < scene.count) errors[at]![j] = meanSquaredError(images[v]!, rasterizeProjected(subsetProjected(all, rank, k, subset), camera));
    });
  });
  return errors;
}

/** The mean over views of each count's error: `byView` in view order, summed in that order. */
export function meanOverViews(byView: readonly Float64Array[], counts: number): number[] {
  const sums = new Float64Array(counts);
  for (const errors of byView) for (let j = 0; j < counts; j++) sums[j]! += errors[j]!;
  return Array.from(sums, (sum) => sum / byView.length);
}
