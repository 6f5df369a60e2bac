/**
 * The real image error of a candidate: its scene as the file decodes it, rendered from the
 * validation decision views and compared with the whole scene's renders there. What the solver
 * predicts, measured — so that of two fitted plans the better one is kept (never a report view:
 * the choice stays out of sample). The fits pass drawnCodedScene, which renders as the decoded
 * file bit for bit (test/core/coded-scene.test.ts) at a fraction of a decode's cost. A helper
 * (fit-helper.ts) may render half the views, with the preparation made here (shared, not made
 * twice): errors are per view and summed in view order, the same either way.
 */
import { meanSquaredError } from '../fidelity/metrics.ts';
import { asPreparedScene, type PreparedScene, type PreparedSplats, prepareSplats, withScratch } from '../raster/prepared-splats.ts';
import { rasterize } from '../raster/rasterize.ts';
import type { DrawnScene } from '../scene/drawn-scene.ts';
import { type FitHelper, inViewShares } from './fit-helper.ts';
import type { SceneAnalysis } from './scene-analysis.ts';

type Validation = Pick<SceneAnalysis, 'heldOut' | 'heldOutImages'>;

/** `onProgress`: the fraction of views rendered, after each (a measure of millions of splats takes seconds). */
export function measuredError(analysis: Validation, decoded: DrawnScene | PreparedScene, onProgress?: (fraction: number) => void): number {
  const n = analysis.heldOut.length;
  let done = 0;
  const { scene, prepared } = asPreparedScene(decoded);
  return meanOf(validationErrors(analysis, scene, analysis.heldOut.map((_, v) => v), () => onProgress?.(++done / n), withScratch(prepared)));
}

/**
 * measuredError with `helper` rendering its share of the views when it has a thread free: the
 * same figure. A PreparedScene's arrays and preparation are in shared memory when a helper is given.
 */
export async function measuredErrorHelped(
  analysis: Validation, decoded: DrawnScene | PreparedScene, helper: FitHelper | undefined, onProgress?: (fraction: number) => void,
): Promise<number> {
  if (helper === undefined) return measuredError(analysis, decoded, onProgress);
  let done = 0;
  const viewDone = (): void => onProgress?.(++done / analysis.heldOut.length);
  const { scene: shared, prepared } = asPreparedScene(decoded, true);
  const errors = await inViewShares(
    analysis.heldOut.length, (views) => validationErrors(analysis, shared, views, viewDone, withScratch(prepared)),
    (views) => helper.validationErrors(shared, views, prepared),
  );
  onProgress?.(1);
  return meanOf(errors);
}

/** Summed in view order, as one thread adds them up. */
function meanOf(errors: ArrayLike<number>): number {
  let sum = 0;
  for (let v = 0; v < errors.length; v++) sum += errors[v]!;
  return sum / errors.length;
}

/** The squared error of `decoded` in each validation view of `views`; `viewDone` after each; `prepared`: prepareSplats(decoded), when made already. */
export function validationErrors(
  analysis: Validation, decoded: DrawnScene, views: readonly number[], viewDone?: () => void, prepared: PreparedSplats = prepareSplats(decoded),
): Float64Array {
  return Float64Array.from(views, (v) => {
    const error = meanSquaredError(analysis.heldOutImages[v]!, rasterize(decoded, analysis.heldOut[v]!, { prepared }));
    viewDone?.();
    return error;
  });
}
