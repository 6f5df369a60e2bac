/**
 * The scene model: one structure of arrays that every reader produces and every writer consumes.
 *
 * Conventions (the reference 3DGS trainer's, so its PLY maps one to one):
 * - `positions`  x,y,z per splat, in the PLY's right-down-front frame: the file's own for every format
 *                but SPZ, whose right-up-back axes are flipped on read (formats/spz/read.ts).
 * - `logScales`  natural log of the three Gaussian standard deviations.
 * - `rotations`  quaternion w,x,y,z. Readers keep the file's values bit for bit: the trainer's PLY
 *                stores them unnormalized, and normalizing on read would break the bit-exact PLY
 *                round trip. Every consumer normalizes (as the reference renderer does); readers
 *                refuse a zero-length quaternion, since no rotation can be recovered from it.
 * - `opacities`  logits: alpha = sigmoid(opacity).
 * - `shDc`       the degree-0 SH coefficient per channel (PLY f_dc_0..2): colour = 0.5 + SH_C0·dc.
 * - `shRest`     the remaining coefficients, per splat in the PLY's f_rest order: all of red's
 *                (d+1)²−1 coefficients, then green's, then blue's.
 */
import { shRestPerChannel } from './sh.ts';
import { canShareScenes } from './shared-scene.ts';
import type { DrawnScene } from './drawn-scene.ts';

export interface SplatScene {
  /** Number of splats; every array below has `count` × its channels entries. */
  readonly count: number;
  /** SH degree, 0–3. */
  readonly shDegree: number;
  readonly positions: Float32Array;
  readonly logScales: Float32Array;
  readonly rotations: Float32Array;
  readonly opacities: Float32Array;
  readonly shDc: Float32Array;
  readonly shRest: Float32Array;
}

export interface Bounds {
  readonly min: [number, number, number];
  readonly max: [number, number, number];
}

/**
 * Allocates a zeroed scene. Callers must validate `count` against the input's size first. Its
 * arrays live in SharedArrayBuffers where the platform has them (shared-scene.ts): posted to a
 * worker, the scene is then shared, never copied. Two blocks: the shapes and opacities (32 B a
 * splat) apart from the rest, because a scene drawn many times hands those to its preparation
 * (prepared-splats.ts preparedScene), and only a block of their own is freed when it does.
 */
export function allocateScene(count: number, shDegree: number): SplatScene {
  const [logScales, rotations, opacities] = floatBlock([count * 3, count * 4, count]) as [Float32Array, Float32Array, Float32Array];
  const [positions, shDc, shRest] = floatBlock([count * 3, count * 3, count * 3 * shRestPerChannel(shDegree)]) as [Float32Array, Float32Array, Float32Array];
  return { count, shDegree, positions, logScales, rotations, opacities, shDc, shRest };
}

/** Float arrays of these lengths, one after another in one block of memory (shared where the platform can). */
function floatBlock(lengths: readonly number[]): Float32Array[] {
  const bytes = lengths.reduce((sum, n) => sum + n, 0) * Float32Array.BYTES_PER_ELEMENT;
  const memory = canShareScenes() ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  let offset = 0;
  return lengths.map((n) => {
    const array = new Float32Array(memory, offset, n);
    offset += n * Float32Array.BYTES_PER_ELEMENT;
    return array;
  });
}

function allocatedScene(count: number, shDegree: number, allocate: (length: number) => Float32Array): SplatScene {
  return {
    count, shDegree, positions: allocate(count * 3), logScales: allocate(count * 3), rotations: allocate(count * 4), opacities: allocate(count),
    shDc: allocate(count * 3), shRest: allocate(count * 3 * shRestPerChannel(shDegree)),
  };
}

/** Bytes of typed-array memory a scene of this size takes (for up-front memory checks). */
export function sceneByteSize(count: number, shDegree: number): number {
  return count * 4 * (3 + 3 + 4 + 1 + 3 + 3 * shRestPerChannel(shDegree));
}

/**
 * Bytes of the scene as an uncompressed 3DGS .ply (floats, plus the three unused normals that
 * format carries; header aside): what budgets "of the decoded scene" are relative to.
 */
export function decodedPlyBytes(count: number, shDegree: number): number {
  return sceneByteSize(count, shDegree) + count * 3 * 4;
}

/** Axis-aligned bounds of the splat centres; an empty scene gives an inverted (min > max) box. */
export function computeBounds(scene: Pick<SplatScene, 'positions'>): Bounds {
  const p = scene.positions;
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  for (let i = 0; i < p.length; i += 3) {
    const x = p[i]!, y = p[i + 1]!, z = p[i + 2]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  return { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] };
}

/**
 * The buffers under a scene's typed arrays, each once (arrays may share one, and a transfer list
 * naming a buffer twice is refused), for transferring the scene between threads without copying.
 * Shared memory (shared-scene.ts) is left out: it cannot be transferred, and posting shares it.
 * A scene read for drawing counts its SH rest's arrays however they are held (drawn-scene.ts).
 */
export function sceneBuffers(scene: DrawnScene): ArrayBuffer[] {
  const rest = scene.shRest;
  const restArrays = rest instanceof Float32Array ? [rest] : 'rows' in rest ? [rest.table, rest.rows] : [rest.steps];
  const buffers = [scene.positions, scene.logScales, scene.rotations, scene.opacities, scene.shDc, ...restArrays].map((a) => a.buffer);
  return [...new Set(buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
}

/**
 * A new scene holding the splats whose indices are listed, in that order: in two blocks
 * (allocateScene), or each array made by `allocate` (shared memory for another thread, say).
 */
export function selectSplats(scene: SplatScene, indices: Uint32Array, allocate?: (length: number) => Float32Array): SplatScene {
  const out = allocate === undefined ? allocateScene(indices.length, scene.shDegree) : allocatedScene(indices.length, scene.shDegree, allocate);
  const rest = shRestPerChannel(scene.shDegree) * 3;
  // Plain element copies: a subarray per splat and attribute cost more than the copying itself.
  gather(scene.positions, out.positions, indices, 3);
  gather(scene.logScales, out.logScales, indices, 3);
  gather(scene.rotations, out.rotations, indices, 4);
  gather(scene.opacities, out.opacities, indices, 1);
  gather(scene.shDc, out.shDc, indices, 3);
  if (rest > 0) gather(scene.shRest, out.shRest, indices, rest);
  return out;
}

/** Rows `indices` of `values` (rows of `width` values), in that order, as a new array. */
export function selectRows(values: Float32Array, indices: Uint32Array, width: number): Float32Array {
  return gatherRows(values, indices, width, new Float32Array(indices.length * width));
}

/** Rows `indices` of `values` written into `out` (rows of `width` values), in that order; returns `out`. */
export function gatherRows(values: Float32Array, indices: Uint32Array, width: number, out: Float32Array): Float32Array {
  gather(values, out, indices, width);
  return out;
}

/** out's row j = from's row indices[j], rows of `width` values. */
function gather(from: Float32Array, out: Float32Array, indices: Uint32Array, width: number): void {
  for (let j = 0, o = 0; j < indices.length; j++) {
    const start = indices[j]! * width;
    for (let c = 0; c < width; c++) out[o++] = from[start + c]!;
  }
}

/** The same splats with SH truncated to a lower degree (rest coefficients of higher bands dropped). */
export function withShDegree(scene: SplatScene, degree: number): SplatScene {
  if (degree >= scene.shDegree) return scene;
  const from = shRestPerChannel(scene.shDegree);
  const to = shRestPerChannel(degree);
  const shRest = new Float32Array(scene.count * 3 * to);
  for (let i = 0; i < scene.count; i++) {
    for (let c = 0; c < 3; c++) {
      const src = (i * 3 + c) * from;
      shRest.set(scene.shRest.subarray(src, src + to), (i * 3 + c) * to);
    }
  }
  return { ...scene, shDegree: degree, shRest };
}
