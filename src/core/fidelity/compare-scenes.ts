/**
 * Renders two scenes from the same cameras and compares the images: how close a compressed
 * scene looks to its original.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import type { ProgressCallback } from '../io/byte-source.ts';
import type { Camera } from '../raster/camera.ts';
import { type PreparedSplats, prepareSplats } from '../raster/prepared-splats.ts';
import { type ImageScratch, imageScratch, rasterize, type RasterImage } from '../raster/rasterize.ts';
import type { SplatScene } from '../scene/splat-scene.ts';
import { psnr, ssim, type SsimScratch, ssimScratch } from './metrics.ts';

export interface ViewFidelity {
  /** dB; Infinity when the view renders identically. */
  readonly psnr: number;
  readonly ssim: number;
}

export interface SceneFidelity {
  readonly views: readonly ViewFidelity[];
  /** Mean of the per-view PSNRs (as papers report) over the views that differ; Infinity when none does. */
  readonly meanPsnr: number;
  readonly meanSsim: number;
}

export interface CompareOptions {
  onProgress?: ProgressCallback;
  signal?: { readonly aborted: boolean };
}

export function compareScenes(reference: SplatScene, candidate: SplatScene, cameras: readonly Camera[], options: CompareOptions = {}): SceneFidelity {
  const views: ViewFidelity[] = [];
  const prepared = { reference: prepareSplats(reference), candidate: prepareSplats(candidate) };
  const scratch = comparisonScratch();
  for (const [k, camera] of cameras.entries()) {
    if (options.signal?.aborted) throw new SplatfitError(ErrorCode.Cancelled, 'comparison was cancelled');
    views.push(compareView(reference, candidate, camera, prepared, scratch));
    options.onProgress?.((k + 1) / cameras.length);
  }
  return summarizeFidelity(views);
}

/** Memory reused by a caller comparing many views of one size: each side's image (valid until the next) and SSIM's arrays. */
export interface ComparisonScratch {
  readonly reference: ImageScratch;
  readonly candidate: ImageScratch;
  readonly ssim: SsimScratch;
}

export function comparisonScratch(): ComparisonScratch {
  return { reference: imageScratch(), candidate: imageScratch(), ssim: ssimScratch() };
}

/** One view's comparison; callers that must stay responsive (workers) loop over views themselves. */
export function compareView(
  reference: SplatScene, candidate: SplatScene, camera: Camera, prepared?: { reference: PreparedSplats; candidate: PreparedSplats }, scratch?: ComparisonScratch,
): ViewFidelity {
  const referenceImage = rasterize(reference, camera, { prepared: prepared?.reference, image: scratch?.reference });
  return compareImages(referenceImage, rasterize(candidate, camera, { prepared: prepared?.candidate, image: scratch?.candidate }), scratch?.ssim);
}

/** A candidate's render against the reference's, from the same camera (`scratch`: SSIM's arrays, for a caller comparing many views). */
export function compareImages(reference: RasterImage, candidate: RasterImage, scratch?: SsimScratch): ViewFidelity {
  return { psnr: psnr(reference, candidate), ssim: ssim(reference, candidate, scratch) };
}

export function summarizeFidelity(views: readonly ViewFidelity[]): SceneFidelity {
  const finite = views.filter((v) => Number.isFinite(v.psnr));
  const meanPsnr = finite.length === 0 ? Infinity : finite.reduce((s, v) => s + v.psnr, 0) / finite.length;
  return { views, meanPsnr, meanSsim: views.reduce((s, v) => s + v.ssim, 0) / Math.max(1, views.length) };
}
