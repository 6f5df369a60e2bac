/**
 * The fidelity worker's tasks: render a view, compare two scenes, measure significance. Long
 * tasks go view by view, report progress, and yield between views so that a cancel request (a
 * message) is seen; a cancelled task rejects with code CANCELLED. Plain functions: the tests run
 * them inline.
 */
import {
  type Camera, compareView, ErrorCode, rasterize, type SceneFidelity, sampleViews, SplatfitError, type SplatScene,
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
  await eachView(sampleViews(reference, views.count, views.options), token, onProgress, (camera) => {
    results.push(compareView(reference, candidate, camera));
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
