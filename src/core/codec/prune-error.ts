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
import { type PreparedSplats, prepareSplats } from '../raster/prepared-splats.ts';
import { projectedPieces } from '../raster/depth-chunks.ts';
import { subsetProjected } from '../raster/project.ts';
import { blendProjected, blendState, finishImage, type RasterImage } from '../raster/rasterize.ts';
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
  // every splat kept is no error: nothing to render (the solver asks for it with every plan)
  if (counts.every((k) => k >= scene.count)) return viewIndices.map(() => new Float64Array(counts.length));
  return measureViews(scene, bySignificance, views, counts, viewIndices, images).errors;
}

/**
 * The whole scene's image in each view of `viewIndices` and each count's squared error there,
 * from one projection per view: the validation images and the pruning errors in one pass.
 */
export function validationImagesAndErrors(
  scene: SplatScene, bySignificance: Uint32Array, views: readonly Camera[], counts: readonly number[], viewIndices: readonly number[], onProgress?: (fraction: number) => void,
  prepared?: PreparedSplats,
): { images: RasterImage[]; errors: Float64Array[] } {
  return measureViews(scene, bySignificance, views, counts, viewIndices, null, onProgress, prepared);
}

/**
 * Each view projected once (chunk by chunk for a large scene, depth-chunks.ts): the whole scene's
 * image there is `references[view]`, or (null) rendered from the projection.
 */
function measureViews(
  scene: SplatScene, bySignificance: Uint32Array, views: readonly Camera[], counts: readonly number[], viewIndices: readonly number[],
  references: readonly RasterImage[] | null, onProgress?: (fraction: number) => void, prepared = prepareSplats(scene),
): { images: RasterImage[]; errors: Float64Array[] } {
  // As SceneAnalysis.keep does: at least one splat; every splat is the scene itself (no error).
  const kept = counts.map((k) => Math.max(1, Math.min(k, scene.count)));
  const errors = viewIndices.map(() => new Float64Array(counts.length));
  // Subsets are nested (the k best-ranked hold the j best for j < k): largest first, each is cut
  // from the one before, in the whole view's projection itself, rendered by then (a second
  // projection buffer of 6 M splats would be 380 MB)
  const largestFirst = kept.map((k, j) => ({ k, j })).filter(({ k }) => k < scene.count).sort((a, b) => b.k - a.k);
  // ranks only where some count is pruned (validation images alone need none)
  const rank = new Uint32Array(largestFirst.length > 0 ? scene.count : 0);
  if (largestFirst.length > 0) for (let r = 0; r < bySignificance.length; r++) rank[bySignificance[r]!] = r;
  const images = viewIndices.map((v, at) => {
    const camera = views[v]!;
    const binning = prepared.scratch.bins;
    const whole = references === null ? blendState(camera) : null;
    const pruned = largestFirst.map(() => blendState(camera));
    for (const all of projectedPieces(scene, camera, { prepared })) {
      if (whole !== null) blendProjected(all, camera, whole, { binning });
      largestFirst.forEach(({ k }, s) => blendProjected(subsetProjected(all, rank, k, all), camera, pruned[s]!, { binning }));
    }
    const image = whole === null ? references![v]! : finishImage(whole, camera);
    largestFirst.forEach(({ j }, s) => (errors[at]![j] = meanSquaredError(image, finishImage(pruned[s]!, camera))));
    onProgress?.((at + 1) / viewIndices.length);
    return image;
  });
  return { images, errors };
}

/** The mean over views of each count's error: `byView` in view order, summed in that order. */
export function meanOverViews(byView: readonly Float64Array[], counts: number): number[] {
  const sums = new Float64Array(counts);
  for (const errors of byView) for (let j = 0; j < counts; j++) sums[j]! += errors[j]!;
  return Array.from(sums, (sum) => sum / byView.length);
}
