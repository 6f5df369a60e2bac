/**
 * The fidelity worker's tasks: render a view, compare two scenes, measure significance. Long
 * tasks go view by view, report progress, and yield between views so that a cancel request (a
 * message) is seen; a cancelled task rejects with code CANCELLED. Plain functions: the tests run
 * them inline.
 */
import {
  type Camera, comparisonScratch, compareView, type DrawnScene, ErrorCode, psnr, rasterize, type SceneFidelity, sampleViews, SplatfitError, type SplatScene,
  summarizeFidelity, type ViewFidelity, type ViewOptions,
} from '../src/core/index.ts';

/** Shared between a running task and whoever may cancel it. */
export interface CancelToken {
  cancelled: boolean;
}

export interface ViewSet {
  count: number;
  options?: ViewOptions;
}

const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function eachView(cameras: readonly Camera[], token: CancelToken, onProgress: (f: number) => void, work: (c: Camera) => void): Promise<void> {
  for (const [k, camera] of cameras.entries()) {
    await yieldToMessages();
    if (token.cancelled) throw new SplatfitError(ErrorCode.Cancelled, 'cancelled');
    work(camera);
    onProgress((k + 1) / cameras.length);
  }
}

/** RGBA float image of standard view `view`; the buffer is transferred. */
export function renderView(scene: SplatScene, view: number, options: ViewOptions = {}): { result: Float32Array; width: number; height: number; transfer: ArrayBuffer[] } {
  const camera = sampleViews(scene, view + 1, options)[view]!;
  const image = rasterize(scene, camera);
  return { result: image.rgba, width: image.width, height: image.height, transfer: [image.rgba.buffer as ArrayBuffer] };
}

export async function compareTask(
  reference: SplatScene, candidate: SplatScene, views: ViewSet, token: CancelToken, onProgress: (f: number) => void,
): Promise<SceneFidelity> {
  const results: ViewFidelity[] = [];
  const scratch = comparisonScratch();
  await eachView(sampleViews(reference, views.count, views.options), token, onProgress, (camera) => {
    results.push(compareView(reference, candidate, camera, undefined, scratch));
  });
  return summarizeFidelity(results);
}

/** Measured significance (Σ T·α) per splat; the result's buffer can be transferred. */
export async function significanceTask(scene: SplatScene, views: ViewSet, token: CancelToken, onProgress: (f: number) => void): Promise<Float32Array> {
  const weights = new Float32Array(scene.count);
  await eachView(sampleViews(scene, views.count, views.options), token, onProgress, (camera) => {
    rasterize(scene, camera, { weights });
  });
  return weights;
}

export interface ViewDifference {
  /** PSNR of the candidate's render against the reference's at this camera (Infinity when identical). */
  readonly psnr: number;
  /** Heat map of the per-pixel error, RGBA bytes, camera-sized; the buffer can be transferred. */
  readonly heat: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  /** The error (RMS over RGB, 0–1) at which the heat map is white: its legend's top. */
  readonly fullScale: number;
}

/** Error at which the heat map saturates (RMS over RGB in [0, 1]). */
const HEAT_FULL_SCALE = 0.25;

/** Renders both scenes at one camera and measures how far the candidate is from the reference. */
export function viewDifference(reference: DrawnScene, candidate: DrawnScene, camera: Camera): ViewDifference {
  const a = rasterize(reference, camera), b = rasterize(candidate, camera);
  const heat = new Uint8ClampedArray(camera.width * camera.height * 4);
  for (let p = 0; p < camera.width * camera.height; p++) {
    let sum = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.min(1, Math.max(0, a.rgba[p * 4 + c]!)) - Math.min(1, Math.max(0, b.rgba[p * 4 + c]!));
      sum += d * d;
    }
    heatColour(Math.min(1, Math.sqrt(sum / 3) / HEAT_FULL_SCALE), heat, p * 4);
  }
  return { psnr: psnr(a, b), heat, width: camera.width, height: camera.height, fullScale: HEAT_FULL_SCALE };
}

/** Black → red → yellow → white as t goes 0 → 1. */
function heatColour(t: number, out: Uint8ClampedArray, o: number): void {
  out[o] = 255 * Math.min(1, 3 * t);
  out[o + 1] = 255 * Math.min(1, Math.max(0, 3 * t - 1));
  out[o + 2] = 255 * Math.max(0, 3 * t - 2);
  out[o + 3] = 255;
}
