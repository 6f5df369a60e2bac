/**
 * The two sets of cameras that keep fidelity figures honest (DESIGN.md, "Fidelity measurement"):
 *
 * - **decision views**: everything the codec decides from — significance ranking, pruning error,
 *   sensitivities, compensation — looks only at these;
 * - **report views**: every PSNR/SSIM that is shown or printed (CLI, page, benchmarks) is measured
 *   on these, which the codec never saw.
 *
 * Both mix orbits, closer views of the whole and detail close-ups (view-sampler.ts). They are
 * drawn from disjoint index ranges of the sampler's sequences, whose azimuths (k × golden angle)
 * and detail targets never repeat, so the two sets share no camera (tested).
 */
import type { Camera } from '../raster/camera.ts';
import { LOW_PASS_DILATION } from '../raster/project.ts';
import { detailViews, sampleViews } from '../raster/view-sampler.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

/** Index ranges of the report set: sampler views 100–107 and 200–207, detail views 0–7. */
const REPORT_ORBITS = [100, 200] as const;
const REPORT_ORBIT_RUN = 8;
const REPORT_DETAILS = 8;
/** Decision views start far past anything reported. */
const DECISION_FIRST = 1000;
/** The pruning-error (validation) part of the decision views starts here. */
const VALIDATION_FIRST = 5000;
/** The sensitivity part of the decision views starts here. */
const SENSITIVITY_FIRST = 7000;

/** The report set's name, as benchmarks and JSON output record it. */
export const REPORT_VIEW_SET = 'report: sampler views 100-107 and 200-207, detail views 0-7';

/** Edge of the report views, in pixels, unless a caller asks for another. */
export const REPORT_SIZE = 256;

/**
 * Report views at `size`×`size` (default 256), interleaved so that any prefix a quick measure
 * takes (the page's 12) mixes orbits, close views and detail close-ups: in runs of four, sampler
 * views 100…, then 200…, then detail views 0….
 */
export function reportViews(scene: SplatScene, size = REPORT_SIZE): Camera[] {
  const options = { width: size, height: size };
  const runs = [...REPORT_ORBITS.map((first) => sampleViews(scene, REPORT_ORBIT_RUN, { ...options, firstView: first })), detailViews(scene, REPORT_DETAILS, options)];
  const out: Camera[] = [];
  for (let at = 0; at < REPORT_ORBIT_RUN; at += 4) for (const run of runs) out.push(...run.slice(at, at + 4));
  return out;
}

export interface DecisionViewOptions {
  /** Views for significance ranking: half orbits, half detail close-ups (default 64). */
  ranking?: number | undefined;
  /** Views for the pruning error, other than the ranking's (default 12). */
  validation?: number | undefined;
  /** Edge in pixels (default 64: many small views see more of the scene than few large ones). */
  size?: number | undefined;
  /** Detail close-ups among the ranking views (default true: half of them). */
  closeUps?: boolean | undefined;
  /** Views for sensitivities (default 2) and their edge (default 96). */
  sensitivity?: number | undefined;
  sensitivitySize?: number | undefined;
}

/**
 * Low-pass dilation (px²) for a view of `size` standing in for one of `reference`: the reference's
 * 0.3 px² scaled by the squared ratio, so a splat covers the share of the small image it would of
 * the large one (a significance from 64×64 views otherwise overrates small splats 16-fold).
 */
export function dilationFor(size: number, reference = REPORT_SIZE): number {
  return LOW_PASS_DILATION * (size / reference) ** 2;
}

export interface DecisionViews {
  /** Views for significance, rendered with `rankingDilation` (dilationFor their size). */
  readonly ranking: Camera[];
  readonly rankingDilation: number;
  readonly validation: Camera[];
  readonly sensitivity: Camera[];
}

export function decisionViews(scene: SplatScene, options: DecisionViewOptions = {}): DecisionViews {
  const size = options.size ?? 64;
  const ranking = options.ranking ?? 64, validation = options.validation ?? 12;
  return {
    ranking: mixedViews(scene, ranking, DECISION_FIRST, size, options.closeUps ?? true),
    rankingDilation: dilationFor(size),
    validation: mixedViews(scene, validation, VALIDATION_FIRST, size),
    sensitivity: mixedViews(scene, options.sensitivity ?? 2, SENSITIVITY_FIRST, options.sensitivitySize ?? 96),
  };
}

/** `count` views from index `first`: orbits for the larger half, detail close-ups for the rest (or none). */
function mixedViews(scene: SplatScene, count: number, first: number, size: number, closeUps = true): Camera[] {
  const options = { width: size, height: size, firstView: first };
  const details = closeUps ? Math.floor(count / 2) : 0;
  return [...sampleViews(scene, count - details, options), ...detailViews(scene, details, options)];
}
