/**
 * Budget fitting for standard formats (.spz, .splat, .ply), whose precision the format fixes: the
 * knobs are how many splats to keep (most significant first) and the SH degree. For each degree
 * the format can hold, the largest kept count that fits is found with real writes; the degree
 * whose estimated error (pruning error + the measured error of dropping the SH bands) is least wins.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import type { WritableFormat } from '../formats/detect.ts';
import { writeScene } from '../formats/write-scene.ts';
import { withShDegree } from '../scene/splat-scene.ts';
import type { FitOptions } from './compress.ts';
import { fitCount, stepProgress } from './fit-count.ts';
import type { SceneAnalysis } from './scene-analysis.ts';
import { droppedBandError } from './distortion-model.ts';

/** SOG is fitted by fitSog (fit-sog.ts): its writer is async and it has one more knob, the SH palette size. */
export type StandardFormat = Exclude<WritableFormat, 'splatfit' | 'sog'>;

export interface StandardFit {
  readonly bytes: Uint8Array;
  readonly budget: number;
  readonly format: StandardFormat;
  readonly kept: number;
  readonly shDegree: number;
  /** True when the whole scene at its full SH degree fits (the format's own precision, nothing pruned). */
  readonly complete: boolean;
}

/** Highest SH degree each format stores. */
const FORMAT_MAX_DEGREE: Readonly<Record<StandardFormat, number>> = { ply: 3, 'compressed-ply': 3, spz: 3, splat: 0 };

export function fitStandardFormat(analysis: SceneAnalysis, budget: number, format: StandardFormat, options: FitOptions = {}): StandardFit {
  const { ranked, distortion } = analysis;
  const maxDegree = Math.min(ranked.shDegree, FORMAT_MAX_DEGREE[format]);
  let best: { fit: { bytes: Uint8Array; count: number }; degree: number; error: number } | null = null;
  for (let degree = maxDegree; degree >= 0; degree--) {
    const share = 1 / (maxDegree + 1), done = (maxDegree - degree) * share;
    options.onProgress?.(done);
    const encode = (kept: number): Uint8Array => writeScene(withShDegree(analysis.keep(kept), degree), format);
    const full = encode(ranked.count);
    const start = full.length <= budget ? ranked.count : Math.floor((ranked.count * budget) / full.length);
    const fit = full.length <= budget ? { bytes: full, count: ranked.count } : fitCount(encode, ranked.count, budget, start, stepProgress(done, done + share, options.onProgress));
    if (fit === null) continue;
    let error = analysis.pruneError(fit.count);
    for (let band = degree + 1; band <= ranked.shDegree; band++) error += droppedBandError(distortion, band);
    if (best === null || error < best.error) best = { fit, degree, error };
  }
  if (best === null) {
    const smallest = writeScene(withShDegree(analysis.keep(1), 0), format).length;
    throw new SplatfitError(ErrorCode.BudgetTooSmall, `budget ${budget} bytes is below the smallest reachable .${format} size, ${smallest} bytes`, { field: 'budget' });
  }
  options.onProgress?.(1);
  return {
    bytes: best.fit.bytes, budget, format, kept: best.fit.count, shDegree: best.degree,
    complete: best.fit.count === ranked.count && best.degree === maxDegree && maxDegree === ranked.shDegree,
  };
}
