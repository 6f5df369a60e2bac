/**
 * The part of projecting a splat that does not depend on the camera — its 3D covariance, its
 * alpha, the reach of its alpha ≥ 1/255 ellipse and its largest squared scale — computed once for
 * a scene rendered from many views (significance over 64 views, the validation views, the colour
 * re-fit's sweeps). Most of the exponentials of a projection are here, so a view costs about half
 * as much; the values are the ones the projection computed per view, so images are unchanged.
 * They are held in 32-bit floats, the precision the reference renderer computes them in: half the
 * memory of 64-bit (a 2 M-splat scene's preparation is 72 MB, not 144), which matters where every
 * thread of a big scene's fit holds one.
 */
import { sigmoid } from '../math/scalar.ts';
import { covariance3d } from '../scene/covariance.ts';
import { canShareScenes, inSharedMemory } from '../scene/shared-scene.ts';
import type { DrawnScene } from '../scene/drawn-scene.ts';
import { allocateProjection, type ProjectedSplats } from './project.ts';
import { type ChunkScratch, chunkScratch } from './depth-chunks.ts';
import { type BinScratch, binScratch, type BlendState } from './rasterize.ts';

export interface PreparedSplats {
  readonly count: number;
  /** Σ00, Σ01, Σ02, Σ11, Σ12, Σ22 per splat. */
  readonly covariance: Float32Array;
  /** sigmoid(opacity logit). */
  readonly alpha: Float32Array;
  /** 2·ln(255·alpha): the squared Mahalanobis radius where alpha·e^power falls to 1/255. */
  readonly reach: Float32Array;
  /** e^(2·max log-scale): the largest eigenvalue of the covariance, for the cheap off-screen test. */
  readonly maxScaleSquared: Float32Array;
  /**
   * The buffers projectSplats fills for each view of this scene, those its renders sort and bin
   * in, the depth keys a large scene's renders are chunked by (depth-chunks.ts), and the blend's
   * per-pixel sums of its last render (rasterize.ts blendState: 2 MB a 256² view, which a report's
   * views, dead at once, left piling up between collections), allocated once instead of per view
   * (a view of 500k splats would allocate and zero 36 MB). A projection made with this
   * preparation is valid until the next one is made with it.
   */
  readonly scratch: { projection: ProjectedSplats | null; readonly bins: BinScratch; readonly chunks: ChunkScratch; blend: BlendState | null };
}

/**
 * A preparation without its scratch, which belongs to the thread that renders with it: what one
 * thread hands another that renders the same splats (in shared memory it is shared, not copied,
 * so two threads rendering halves of a fit's views hold one preparation between them).
 */
export type PreparedData = Omit<PreparedSplats, 'scratch'>;

/** `shared`: in shared memory where the platform has it, for another thread to render with too (preparedData). */
export function prepareSplats(scene: DrawnScene, options: { shared?: boolean } = {}): PreparedSplats {
  const n = scene.count;
  if (scene.logScales.length < n * 3 || scene.rotations.length < n * 4 || scene.opacities.length < n) {
    throw new RangeError(`prepareSplats: the scene holds no shapes for its ${n} splats (one given as its preparation: render it with that)`);
  }
  const data = preparedArrays(n, options.shared === true);
  for (let i = 0; i < n; i++) prepareOne(scene, i, data, i);
  return withScratch(data);
}

/** Splat `i` of `scene` prepared into entry `k` of `out`. */
function prepareOne(scene: DrawnScene, i: number, out: PreparedData, k: number): void {
  covariance3d(scene.rotations, scene.logScales, i, out.covariance, k * 6);
  const a = sigmoid(scene.opacities[i]!);
  out.alpha[k] = a;
  out.reach[k] = 2 * Math.log(255 * a);
  out.maxScaleSquared[k] = largestScaleSquared(scene.logScales, i);
}

/** e^(2·max log-scale) of splat `i`: the largest eigenvalue of its covariance (maxScaleSquared). */
export function largestScaleSquared(logScales: Float32Array, i: number): number {
  return Math.exp(2 * Math.max(logScales[i * 3]!, logScales[i * 3 + 1]!, logScales[i * 3 + 2]!));
}

/**
 * The preparation of splats `ids[start .. end)` of `scene` alone, the k-th listed at entry k: for a
 * render of a large scene seen once, made chunk by chunk (depth-chunks.ts) instead of for every
 * splat at once (36 B a splat: 216 MB for a 6 M-splat scene, for one view). The same values as
 * prepareSplats gives those splats. Made in `reuse` (and its scratch) where it has room; a new one
 * gets a projection of its own size, not of the scene's (projectSplats would size it by the scene).
 */
export function prepareChunk(scene: DrawnScene, ids: Uint32Array, start: number, end: number, reuse: PreparedSplats | null): PreparedSplats {
  const n = end - start;
  let out = reuse;
  if (out === null || out.alpha.length < n) {
    const room = Math.max(n, reuse?.alpha.length ?? 0);
    out = withScratch(preparedArrays(room, false));
    out.scratch.projection = allocateProjection(room);
  }
  for (let k = 0; k < n; k++) prepareOne(scene, ids[start + k]!, out, k);
  return out;
}

/** Room for the preparation of `n` splats: one block (36 B a splat), as a projection's (project.ts allocateProjection). */
function preparedArrays(n: number, shared: boolean): PreparedData {
  const bytes = n * 9 * Float32Array.BYTES_PER_ELEMENT;
  const block = shared && canShareScenes() ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return {
    count: n, covariance: new Float32Array(block, 0, n * 6), alpha: new Float32Array(block, n * 24, n),
    reach: new Float32Array(block, n * 28, n), maxScaleSquared: new Float32Array(block, n * 32, n),
  };
}

/**
 * A scene drawn many times (a fit's candidate, in every measure and re-fit sweep) with its
 * preparation, which holds its shapes and opacities for the renderer: its own scales, rotations
 * and opacities are then dropped (32 B a splat, 127 MB for the 4 M splats a 6 M scene keeps at
 * 5 %). Render `scene` only with `prepared` (prepareSplats refuses it).
 */
export interface PreparedScene {
  readonly scene: DrawnScene;
  readonly prepared: PreparedData;
}

/** `scene` prepared (in shared memory with `shared`), its shapes and opacities left to the preparation. */
export function preparedScene(scene: DrawnScene, shared = false): PreparedScene {
  const prepared = preparedData(prepareSplats(scene, { shared }));
  const none = new Float32Array(0);
  return { scene: { ...scene, logScales: none, rotations: none, opacities: none }, prepared };
}

/**
 * `candidate` as a PreparedScene: as it is, or prepared here — in shared memory with `shared`,
 * any array of the scene that is not being copied there first (for a helper thread to render it too).
 */
export function asPreparedScene(candidate: DrawnScene | PreparedScene, shared = false): PreparedScene {
  if ('prepared' in candidate) return candidate;
  return preparedScene(shared ? inSharedMemory(candidate) : candidate, shared);
}

/** The preparation's arrays alone, to post to another thread. */
export function preparedData({ count, covariance, alpha, reach, maxScaleSquared }: PreparedData): PreparedData {
  return { count, covariance, alpha, reach, maxScaleSquared };
}

/** A preparation made elsewhere, with this thread's own scratch. */
export function withScratch(data: PreparedData): PreparedSplats {
  return { ...preparedData(data), scratch: { projection: null, bins: binScratch(), chunks: chunkScratch(), blend: null } };
}

/**
 * The preparation of splats `indices` (sorted, distinct) of a prepared scene, a copy with its own
 * scratch: the same values as preparing those splats, without the exponentials again. With every
 * splat, the preparation itself, with a scratch of its own.
 */
export function selectPrepared(data: PreparedData, indices: Uint32Array): PreparedSplats {
  if (indices.length === data.count) return withScratch(data);
  const out = preparedArrays(indices.length, false);
  const { covariance, alpha, reach, maxScaleSquared } = out;
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    for (let k = 0; k < 6; k++) covariance[j * 6 + k] = data.covariance[i * 6 + k]!;
    alpha[j] = data.alpha[i]!;
    reach[j] = data.reach[i]!;
    maxScaleSquared[j] = data.maxScaleSquared[i]!;
  }
  return withScratch(out);
}

