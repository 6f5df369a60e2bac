/**
 * Estimated image error of storing the SH rest bands as a palette (SOG's shN) instead of exactly,
 * read off the distortion table: the analysis measured the error of its own vector codebook at a
 * few sizes (the `vq` rows of shRest, none = 0). What decides a palette's error is how many splats
 * share an entry, so a palette of P entries for K kept splats is looked up where the table's
 * codebook over the whole scene's n splats had as many per entry, P·n/K; once every splat can have
 * its own entry (P ≥ K) the error is 0. Between measured sizes the error is interpolated on
 * log–log axes; below the smallest it is the smallest's.
 *
 * Keeping fewer bands than the scene has shrinks the palette's error with them: it is scaled by
 * the share of the bands' dropped-band error (their weight in the image) that the kept bands carry.
 */
import type { NestedCodebook } from './codebook.ts';
import { droppedBandError, type DistortionTable } from './distortion-model.ts';

export interface PaletteErrorModel {
  /** Error of a palette of `entries` for `kept` splats with SH bands 1–`degree`. */
  (entries: number, kept: number, degree: number): number;
}

export function paletteErrorModel(distortion: DistortionTable, codebook: NestedCodebook | null, sceneCount: number, sceneDegree: number): PaletteErrorModel {
  // [entries per splat of the whole scene, error], ascending
  const points: [number, number][] = [];
  for (const { coding, error } of distortion.shRest ?? []) {
    if (coding.kind !== 'vq' || coding.none !== 0) continue;
    const size = codebook?.levels[coding.level]?.size;
    if (size !== undefined && size < sceneCount) points.push([size / sceneCount, error]);
  }
  points.sort((a, b) => a[0] - b[0]);
  let allBands = 0;
  for (let band = 1; band <= sceneDegree; band++) allBands += droppedBandError(distortion, band);
  const share = (degree: number): number => {
    if (allBands <= 0) return 1;
    let kept = 0;
    for (let band = 1; band <= Math.min(degree, sceneDegree); band++) kept += droppedBandError(distortion, band);
    return kept / allBands;
  };
  return (entries, kept, degree) => {
    if (degree === 0 || points.length === 0) return 0;
    const ratio = entries / Math.max(1, kept);
    if (ratio >= 1) return 0;
    return share(degree) * errorAt(points, ratio);
  };
}

/** The error at `ratio` (< 1) on the measured points, with (1, 0) as the last point. */
function errorAt(points: readonly (readonly [number, number])[], ratio: number): number {
  const first = points[0]!;
  if (ratio <= first[0]) return first[1];
  for (let k = 1; k < points.length; k++) {
    const [r0, e0] = points[k - 1]!, [r1, e1] = points[k]!;
    if (ratio <= r1) {
      const t = (Math.log(ratio) - Math.log(r0)) / (Math.log(r1) - Math.log(r0));
      return Math.exp((1 - t) * Math.log(Math.max(1e-30, e0)) + t * Math.log(Math.max(1e-30, e1)));
    }
  }
  // past the largest measured codebook: linear in log(ratio) down to 0 at one entry per splat
  const [rl, el] = points[points.length - 1]!;
  return el * (Math.log(ratio) / Math.log(rl));
}
