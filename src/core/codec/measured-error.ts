/**
 * The real image error of an encoded file: decoded, rendered from the validation decision views,
 * compared with the whole scene's renders there. What the solver predicts, measured — so that of
 * two fitted plans the better one is kept (never a report view: the choice stays out of sample).
 */
import { meanSquaredError } from '../fidelity/metrics.ts';
import { readSplatfitV2 } from '../formats/splatfit/read-v2.ts';
import { prepareSplats } from '../raster/prepared-splats.ts';
import { rasterize } from '../raster/rasterize.ts';
import type { SceneAnalysis } from './scene-analysis.ts';

export function measuredError(analysis: Pick<SceneAnalysis, 'heldOut' | 'heldOutImages'>, bytes: Uint8Array): number {
  const decoded = readSplatfitV2(bytes, 'candidate.splatfit');
  const { heldOut, heldOutImages } = analysis;
  const prepared = prepareSplats(decoded);
  return heldOut.reduce((s, camera, k) => s + meanSquaredError(heldOutImages[k]!, rasterize(decoded, camera, { prepared })), 0) / heldOut.length;
}
