/**
 * Pruning that compensates, without training images: after splats are dropped and the rest coded,
 * the kept splats' base colours (SH DC) are re-fitted so the scene's renders from decision views
 * come back toward the original's. With geometry and opacity fixed, a pixel's colour is linear in
 * each splat's colour (Σ T·α·c), so each step is a Gauss–Newton step per splat on the diagonal:
 * Δc = −Σ(T·α·r) / Σ(T·α)², summed over pixels and views (r: render minus target). Steps that
 * would raise the error are halved and retried, so the fit never ends worse than it began.
 */
import type { Camera } from '../raster/camera.ts';
import { type PreparedSplats, prepareSplats } from '../raster/prepared-splats.ts';
import { projectSplats } from '../raster/project.ts';
import { rasterizeProjected, type RasterImage, type TileBins, tileBins } from '../raster/rasterize.ts';
import { SH_C0 } from '../scene/sh.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

export interface RefitOptions {
  /** Gauss–Newton steps (default 2). */
  iterations?: number;
  /** Fraction of each step taken (default 0.7: neighbouring splats share pixels, so full steps overshoot). */
  step?: number;
  /** Fraction done, after each view rendered (a re-fit of a million splats takes many seconds). */
  onProgress?: (fraction: number) => void;
}

/**
 * Tikhonov weight on a colour change, in the units of Σ(T·α)² (one pixel fully covered = 1): a
 * splat seen in only a few faint pixels is not swung to an extreme colour to fix them, since
 * other views (and other splats) see that colour too.
 */
const CHANGE_COST = 1;

/** Re-fitted SH DC for `scene` (3 per splat); the scene itself is not changed. */
export function refitColours(scene: SplatScene, views: readonly Camera[], targets: readonly RasterImage[], options: RefitOptions = {}): Float32Array {
  const iterations = options.iterations ?? 2;
  let step = options.step ?? 0.7;
  let dc = scene.shDc.slice();
  const gradient = new Float64Array(scene.count * 4);
  // Colours stay within the range the scene had, so the coding's ranges do not widen.
  const [low, high] = range(scene.shDc);
  // Only colours change from sweep to sweep: the geometry is prepared once, and each view's
  // projection covers the same splats in the same order every sweep, so its tile bins are made once.
  const prepared = prepareSplats(scene);
  const bins: TileBins[] = [];
  // a sweep per step and one to start; a refused step adds one, so the fraction never goes back
  let sweeps = 1 + iterations, done = 0, shown = 0;
  const viewDone = (): void => {
    shown = Math.max(shown, ++done / (sweeps * views.length));
    options.onProgress?.(shown);
  };
  let error = sweep({ ...scene, shDc: dc }, views, targets, gradient, prepared, bins, viewDone);
  for (let it = 0; it < iterations && step > 0.05; it++) {
    const next = dc.slice();
    for (let i = 0; i < scene.count; i++) {
      const mass = gradient[i * 4 + 3]!;
      if (mass <= 0) continue;
      const scale = step / (SH_C0 * (mass + CHANGE_COST));
      for (let c = 0; c < 3; c++) next[i * 3 + c] = Math.min(high, Math.max(low, dc[i * 3 + c]! - scale * gradient[i * 4 + c]!));
    }
    // the last step's gradient would go unused: its sweep only renders (a blend pass less per view)
    const trial = it + 1 < iterations ? new Float64Array(gradient.length) : null;
    const nextError = sweep({ ...scene, shDc: next }, views, targets, trial, prepared, bins, viewDone);
    if (nextError < error) {
      dc = next;
      error = nextError;
      if (trial !== null) gradient.set(trial);
    } else {
      step /= 2;
      it--;
      sweeps++;
    }
  }
  return dc;
}

function range(values: Float32Array): [number, number] {
  let low = Infinity, high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

/** Renders every view, accumulates the colour gradient into `gradient` (unless null), and returns the mean squared error. */
function sweep(
  scene: SplatScene, views: readonly Camera[], targets: readonly RasterImage[], gradient: Float64Array | null, prepared: PreparedSplats, bins: TileBins[], viewDone: () => void,
): number {
  gradient?.fill(0);
  let total = 0;
  for (const [k, camera] of views.entries()) {
    // One projection serves both passes: the render and the gradient of the same scene.
    const projected = projectSplats(scene, camera, { prepared });
    const viewBins = (bins[k] ??= tileBins(projected, camera));
    const image = rasterizeProjected(projected, camera, { bins: viewBins });
    const target = targets[k]!.rgba;
    const residual = new Float32Array(image.rgba.length);
    for (let p = 0; p < residual.length; p += 4) {
      for (let c = 0; c < 3; c++) {
        const r = image.rgba[p + c]! - target[p + c]!;
        residual[p + c] = r;
        total += r * r;
      }
    }
    if (gradient !== null) rasterizeProjected(projected, camera, { bins: viewBins, colourGradient: { residual, out: gradient } });
    viewDone();
  }
  return total / views.length;
}
