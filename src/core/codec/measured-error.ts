/**
 * The real image error of a candidate: its scene as the file decodes it, rendered from the
 * validation decision views and compared with the whole scene's renders there. What the solver
 * predicts, measured — so that of two fitted plans the better one is kept (never a report view:
 * the choice stays out of sample). The fits pass codedScene, which is the decoded file bit for bit
 * (test/core/coded-scene.test.ts) at a fraction of a decode's cost.
 */
import { meanSquaredError } from '../fidelity/metrics.ts';
import { prepareSplats } from '../raster/prepared-splats.ts';
import { rasterize } from '../raster/rasterize.ts';
import type { SplatScene } from '../scene/splat-scene.ts';
import type { SceneAnalysis } from './scene-analysis.ts';

/** `onProgress`: the fraction of views rendered, after each (a measure of millions of splats takes seconds). */
export function measuredError(analysis: Pick<SceneAnalysis, 'heldOut' | 'heldOutImages'>, decoded: SplatScene, onProgress?: (fraction: number) => void): number {
  const { heldOut, heldOutImages } = analysis;
  const prepared = prepareSplats(decoded);
  let sum = 0;
  for (const [k, camera] of heldOut.entries()) {
    sum += meanSquaredError(heldOutImages[k]!, rasterize(decoded, camera, { prepared }));
    onProgress?.((k + 1) / heldOut.length);
  }
  return sum / heldOut.length;
}
