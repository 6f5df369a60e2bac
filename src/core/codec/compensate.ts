/**
 * Pruning that compensates, without training images: after splats are dropped and the rest coded,
 * the kept splats' base colours (SH DC) are re-fitted so the scene's renders from decision views
 * come back toward the original's. With geometry and opacity fixed, a pixel's colour is linear in
 * each splat's colour (Σ T·α·c), so each step is a Gauss–Newton step per splat on the diagonal:
 * Δc = −Σ(T·α·r) / Σ(T·α)², summed over pixels and views (r: render minus target). Steps that
 * would raise the error are halved and retried, so the fit never ends worse than it began.
 * A sweep's views are summed in two shares (fit-helper.ts), which a helper thread may render one of.
 */
import type { Camera } from '../raster/camera.ts';
import { asPreparedScene, type PreparedData, preparedData, type PreparedScene, type PreparedSplats, withScratch } from '../raster/prepared-splats.ts';
import { projectedPieces, rendersWhole } from '../raster/depth-chunks.ts';
import { projectSplats } from '../raster/project.ts';
import { blendProjected, blendState, type ColourGradient, finishImage, rasterizeProjected, type RasterImage, type TileBins, tileBins } from '../raster/rasterize.ts';
import { SH_C0 } from '../scene/sh.ts';
import { inSharedMemory, isShared, sharedFloat32Array } from '../scene/shared-scene.ts';
import type { DrawnScene } from '../scene/drawn-scene.ts';
import { type FitHelper, HELPED_SHARE, LOCAL_SHARE, type SweepShare, viewsOfShare } from './fit-helper.ts';

export interface RefitOptions {
  /** Gauss–Newton steps (default 2). */
  iterations?: number;
  /** Fraction of each step taken (default 0.7: neighbouring splats share pixels, so full steps overshoot). */
  step?: number;
  /** Fraction done, after each view rendered (a re-fit of a million splats takes many seconds). */
  onProgress?: (fraction: number) => void;
  /**
   * Renders its share of each sweep's views in another thread (fit-helper.ts); its `refitSweep`
   * must render `views` and `targets` as this call's. Each sweep is summed share by share either
   * way, so the colours are the same with or without one.
   */
  helper?: FitHelper | undefined;
  /**
   * The scene's colours are the caller's to overwrite once a step is taken: a later step is
   * written into them, instead of into one more array of colours (48 MB for 4 M splats).
   */
  overwriteColours?: boolean | undefined;
}

/**
 * Tikhonov weight on a colour change, in the units of Σ(T·α)² (one pixel fully covered = 1): a
 * splat seen in only a few faint pixels is not swung to an extreme colour to fix them, since
 * other views (and other splats) see that colour too.
 */
const CHANGE_COST = 1;

/** Re-fitted SH DC for `scene` (3 per splat); the scene itself is not changed (but for its colours, with `overwriteColours`). */
export async function refitColours(
  candidate: DrawnScene | PreparedScene, views: readonly Camera[], targets: readonly RasterImage[], options: RefitOptions = {},
): Promise<Float32Array> {
  // prepared in shared memory when a helper renders some of the views (a PreparedScene's is, then): one preparation for both threads
  const { scene, prepared } = asPreparedScene(candidate, options.helper !== undefined);
  const iterations = options.iterations ?? 2;
  let step = options.step ?? 0.7;
  // the colours stepped from: the scene's own until a step is taken (written then only with overwriteColours, as a spare)
  let dc = scene.shDc;
  // the array the next step is written into: a refused step's, or the colours a taken step replaced
  let spare: Float32Array | null = null;
  // float32 sums: a splat's few dozen terms (its pixels in a few views) need no more, and a fit of
  // 4 M kept splats holds two of these (this share's and the helper's), 64 MB each
  const gradient = new Float32Array(scene.count * 4);
  // Colours stay within the range the scene had, so the coding's ranges do not widen.
  const [low, high] = range(scene.shDc);
  const cache = sweepCacheOf(prepared);
  // a sweep per step and one to start; a refused step adds one, so the fraction never goes back
  let sweeps = 1 + iterations, done = 0, shown = 0;
  const viewsDone = (count: number): void => {
    done += count;
    shown = Math.max(shown, done / (sweeps * views.length));
    options.onProgress?.(shown);
  };
  const shares = sweepBuffers(scene, options.helper !== undefined);
  const sweep = (colours: Float32Array, into: Float32Array | null): Promise<number> =>
    sweepInShares(shares.withColours(colours), views, targets, into, shares.helperGradient, cache, options.helper, viewsDone);
  let error = await sweep(dc, gradient);
  for (let it = 0; it < iterations && step > 0.05; it++) {
    const next: Float32Array = spare ?? shares.colourArray(dc.length);
    next.set(dc);
    for (let i = 0; i < scene.count; i++) {
      const mass = gradient[i * 4 + 3]!;
      if (mass <= 0) continue;
      const scale = step / (SH_C0 * (mass + CHANGE_COST));
      for (let c = 0; c < 3; c++) next[i * 3 + c] = Math.min(high, Math.max(low, dc[i * 3 + c]! - scale * gradient[i * 4 + c]!));
    }
    // The step is made: the trial's gradient is swept into the same array (a second one is 16 B a
    // splat, 64 MB for 4 M kept splats), and a refused step sweeps the colours it keeps again for
    // theirs, the same sums. The last step's gradient would go unused: it only renders.
    const last = it + 1 >= iterations;
    const nextError = await sweep(next, last ? null : gradient);
    if (nextError < error) {
      spare = dc === scene.shDc && options.overwriteColours !== true ? null : dc;
      dc = next;
      error = nextError;
    } else {
      spare = next;
      step /= 2;
      it--;
      sweeps++;
      if (!last) {
        sweeps++;
        await sweep(dc, gradient);
      }
    }
  }
  return dc === scene.shDc ? dc.slice() : dc;
}

function range(values: Float32Array): [number, number] {
  let low = Infinity, high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

/**
 * What sweeps of one scene's geometry share: only colours change from sweep to sweep, so the
 * geometry is prepared once, and each view's projection covers the same splats in the same order
 * every sweep, so its tile bins are made once (for a scene rendered whole: sweepView).
 */
export interface SweepCache {
  readonly prepared: PreparedSplats;
  readonly bins: Map<number, TileBins>;
}

/**
 * Sweeps render each view again and again, so they keep a whole projection (and its tile bins)
 * for scenes of up to this many splats, past where a render seen once goes chunk by chunk
 * (depth-chunks.ts WHOLE_UP_TO): the 1 M-splat tiling of playbot-500k fitted at 5 % took 9.4–9.5 s
 * so against 11.4–11.7 s in chunks, for 64 B a splat more in each thread.
 */
const SWEEP_WHOLE_UP_TO = 1 << 20;

/** A thread's cache for a fit's sweeps, over the preparation the fitting thread made (its own scratch and bins). */
export function sweepCacheOf(prepared: PreparedData): SweepCache {
  const own = withScratch(prepared);
  own.scratch.chunks.wholeUpTo = SWEEP_WHOLE_UP_TO;
  return { prepared: own, bins: new Map() };
}

/**
 * What every sweep of a re-fit posts to its helper, made once (a sweep of 4 M kept splats would
 * otherwise copy 48 MB of colours out and get a 64 MB gradient back, then drop both): the
 * geometry in shared memory when a helper reads it, with each sweep's colours; and the array the
 * other share's gradient is summed into. The steps' colours are made where the helper reads them
 * (`colourArray`); colours that are not (the scene's own, unless made so) are copied into one shared array.
 */
function sweepBuffers(scene: DrawnScene, helped: boolean): {
  withColours: (colours: Float32Array) => DrawnScene; helperGradient: Float32Array; colourArray: (length: number) => Float32Array;
} {
  if (!helped) return { withColours: (colours) => ({ ...scene, shDc: colours }), helperGradient: new Float32Array(scene.count * 4), colourArray: (n) => new Float32Array(n) };
  const base = inSharedMemory({ ...scene, shDc: new Float32Array(0) });
  let copy: Float32Array | null = null;
  const shared = (colours: Float32Array): Float32Array => {
    if (isShared(colours)) return colours;
    copy ??= sharedFloat32Array(colours.length);
    copy.set(colours);
    return copy;
  };
  return { withColours: (colours) => ({ ...base, shDc: shared(colours) }), helperGradient: sharedFloat32Array(scene.count * 4), colourArray: sharedFloat32Array };
}

/**
 * A sweep: the views' mean squared error, with the colour gradient accumulated into `gradient`
 * (unless null). Each share's views are summed apart (the other share's into `helperGradient`)
 * and the shares added in share order.
 */
async function sweepInShares(
  scene: DrawnScene, views: readonly Camera[], targets: readonly RasterImage[], gradient: Float32Array | null, helperGradient: Float32Array, cache: SweepCache,
  helper: FitHelper | undefined, viewsDone: (count: number) => void,
): Promise<number> {
  const mine = viewsOfShare(views.length, LOCAL_SHARE), theirs = viewsOfShare(views.length, HELPED_SHARE);
  const wanted = gradient !== null;
  // this share's gradient is summed into `gradient` itself, the other share's into `helperGradient`, then added to it
  gradient?.fill(0);
  if (wanted) helperGradient.fill(0);
  // asked first: the helper renders while this thread does
  const remote = helper === undefined ? null : helper.refitSweep(scene, theirs, wanted ? helperGradient : null, preparedData(cache.prepared));
  const own = sweepShare(scene, views, targets, mine, wanted, cache, () => viewsDone(1), gradient ?? undefined);
  let other = remote === null ? null : await remote;
  if (other === null) other = sweepShare(scene, views, targets, theirs, wanted, cache, () => viewsDone(1), helperGradient);
  else viewsDone(theirs.length);
  if (gradient !== null) {
    const added = other.gradient!;
    for (let i = 0; i < gradient.length; i++) gradient[i]! += added[i]!;
  }
  return (own.total + other.total) / views.length;
}

/** One share's views rendered: their summed squared residual, and their colour gradient when `wanted` (summed into `into` when given, which the caller zeroes). */
export function sweepShare(
  scene: DrawnScene, views: readonly Camera[], targets: readonly RasterImage[], indices: readonly number[], wanted: boolean, cache: SweepCache,
  viewDone: () => void = () => {}, into?: Float32Array,
): SweepShare {
  const gradient = wanted ? (into ?? new Float32Array(scene.count * 4)) : null;
  let total = 0;
  for (const v of indices) {
    const { image, blendGradient } = sweepView(scene, views[v]!, cache, v);
    const target = targets[v]!.rgba;
    const residual = new Float32Array(image.rgba.length);
    for (let p = 0; p < residual.length; p += 4) {
      for (let c = 0; c < 3; c++) {
        const r = image.rgba[p + c]! - target[p + c]!;
        residual[p + c] = r;
        total += r * r;
      }
    }
    if (gradient !== null) blendGradient({ residual, out: gradient });
    viewDone();
  }
  return { total, gradient };
}

/**
 * A sweep's render of view `v`, and the pass that sums the colour gradient of its residual. A
 * scene rendered whole keeps the view's tile bins from sweep to sweep, and one projection serves
 * both passes. A large one, rendered in depth chunks (depth-chunks.ts), would hold tens of MB of
 * bins a view: its chunks are binned in the preparation's scratch, and projected and binned again
 * for the gradient (without colours: the gradient needs only T·α).
 */
function sweepView(scene: DrawnScene, camera: Camera, cache: SweepCache, v: number): { image: RasterImage; blendGradient: (sums: ColourGradient) => void } {
  const { prepared } = cache;
  if (rendersWhole(scene, prepared)) {
    const projected = projectSplats(scene, camera, { prepared });
    let bins = cache.bins.get(v);
    if (bins === undefined) cache.bins.set(v, (bins = tileBins(projected, camera)));
    const image = rasterizeProjected(projected, camera, { bins });
    return { image, blendGradient: (colourGradient) => blendProjected(projected, camera, blendState(camera), { bins, colourGradient }) };
  }
  const binning = prepared.scratch.bins, state = blendState(camera);
  for (const projected of projectedPieces(scene, camera, { prepared })) blendProjected(projected, camera, state, { binning });
  return {
    image: finishImage(state, camera),
    blendGradient: (colourGradient) => {
      const again = blendState(camera);
      for (const projected of projectedPieces(scene, camera, { prepared, colours: false })) blendProjected(projected, camera, again, { binning, colourGradient });
    },
  };
}
