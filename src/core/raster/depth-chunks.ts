/**
 * Rendering a large scene in chunks of its splats by depth, so that a render never holds a
 * projection of every splat at once: 64 B for each splat a view sees, 380 MB for a 6 M-splat
 * scene in one of the analysis' small views, in each thread that renders. Blending goes front to
 * back, so a pixel that blends the nearest chunk, then the next, and so on, sees its splats in the
 * order one projection of all of them would give: a chunk holds the splats whose depth lies in its
 * range (ranges of float32 depth bits, found from a histogram of a cheap first pass), its render
 * sorts them by depth with the same stable sort (ties keep scene order), and it is blended on
 * from where the chunk before left each pixel (rasterize.ts BlendState). The images, weights and
 * colour gradients are those of one projection, bit for bit.
 */
import type { DrawnScene } from '../scene/drawn-scene.ts';
import type { Camera } from './camera.ts';
import type { PreparedSplats } from './prepared-splats.ts';
import { FRUSTUM_CLAMP, LOW_PASS_DILATION, MIN_ALPHA, type ProjectedSplats, type ProjectOptions, projectSplats, TILE_SIZE } from './project.ts';

/** Splats a chunk's projection holds at most where depths allow (64 MB of projection); scenes up to this many are rendered whole. */
export const CHUNK_SPLATS = 1 << 20;
/** Depth keys are cut into chunks at multiples of this: the top 16 bits of a float32 depth pick its bin. */
const BIN_SHIFT = 16;
/** The key of a splat no chunk holds (any finite depth's is below it). */
const UNSEEN = 0xffffffff;

/** Reused from view to view: each splat's depth key (4 B a splat), and the chunk size (tests lower it). */
export interface ChunkScratch {
  keys: Uint32Array;
  limit: number;
}

export function chunkScratch(limit = CHUNK_SPLATS): ChunkScratch {
  return { keys: new Uint32Array(0), limit };
}

/**
 * The projections a render of `scene` from `camera` blends, in order: one of every splat, or, for
 * a large scene, one per chunk of its splats by depth, nearest first. A chunk holds the splats
 * whose depth lies in its range, projected in scene order like a whole projection (so reading the
 * scene stays sequential), and its render sorts them by depth. Each projection is made in the
 * preparation's scratch, valid until the next.
 */
export function* projectedPieces(scene: DrawnScene, camera: Camera, options: ProjectOptions & { prepared: PreparedSplats }): Generator<ProjectedSplats> {
  const scratch = options.prepared.scratch.chunks;
  if (rendersWhole(scene, options.prepared)) {
    yield projectSplats(scene, camera, options);
    return;
  }
  if (scratch.keys.length < scene.count) scratch.keys = new Uint32Array(scene.count);
  const keys = scratch.keys;
  const bins = depthKeys(scene, camera, options.prepared, options.dilation ?? LOW_PASS_DILATION, new Float32Array(keys.buffer, 0, scene.count));
  for (const [low, high] of chunkBins(bins, scratch.limit)) yield projectSplats(scene, camera, { ...options, depths: { keys, low: low * 2 ** BIN_SHIFT, high: high * 2 ** BIN_SHIFT } });
}

/** Whether renders of `scene` with this preparation project every splat at once (else in depth chunks). */
export function rendersWhole(scene: DrawnScene, prepared: PreparedSplats): boolean {
  return scene.count <= prepared.scratch.chunks.limit;
}

/** Consecutive depth bins grouped while their splats stay within `limit` (a bin above it is a chunk of its own). */
function chunkBins(bins: Uint32Array, limit: number): [number, number][] {
  const chunks: [number, number][] = [];
  let first = -1, held = 0;
  for (let bin = 0; bin < bins.length; bin++) {
    if (bins[bin] === 0) continue;
    if (first < 0) first = bin;
    else if (held + bins[bin]! > limit) {
      chunks.push([first, bin]);
      first = bin;
      held = 0;
    }
    held += bins[bin]!;
  }
  if (first >= 0) chunks.push([first, bins.length]);
  return chunks;
}

/**
 * Each splat's depth as projectSplats stores it (a positive float32, whose bits order as it does),
 * or a key above every depth's (UNSEEN) where projectSplats surely drops it: behind the near plane,
 * too faint, or bounded off the image as projectSplats bounds it. Returns how many splats each bin of keys holds.
 */
function depthKeys(scene: DrawnScene, camera: Camera, prepared: PreparedSplats, dilation: number, keys: Float32Array): Uint32Array {
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, keys.length);
  const bins = new Uint32Array(1 << (32 - BIN_SHIFT));
  const { fx, fy, cx, cy, width, height, near } = camera;
  const R = camera.rotation, t = camera.translation;
  const r00 = R[0]!, r01 = R[1]!, r02 = R[2]!, r10 = R[3]!, r11 = R[4]!, r12 = R[5]!, r20 = R[6]!, r21 = R[7]!, r22 = R[8]!;
  const limX = FRUSTUM_CLAMP * (width / (2 * fx)), limY = FRUSTUM_CLAMP * (height / (2 * fy));
  const spanX = Math.ceil(width / TILE_SIZE) * TILE_SIZE, spanY = Math.ceil(height / TILE_SIZE) * TILE_SIZE;
  const { alpha, maxScaleSquared } = prepared;
  const P = scene.positions;
  for (let i = 0; i < scene.count; i++) {
    bits[i] = UNSEEN;
    const px = P[i * 3]!, py = P[i * 3 + 1]!, pz = P[i * 3 + 2]!;
    const tz = r20 * px + r21 * py + r22 * pz + t[2];
    if (!(tz > near) || alpha[i]! < MIN_ALPHA) continue;
    const tx = r00 * px + r01 * py + r02 * pz + t[0];
    const ty = r10 * px + r11 * py + r12 * pz + t[1];
    const bx = fx * tx / tz + cx - 0.5, by = fy * ty / tz + cy - 0.5;
    if (!(bx >= -1 && by >= -1 && bx <= spanX + 1 && by <= spanY + 1)) {
      const cxz = Math.min(limX, Math.max(-limX, tx / tz)) * tz, cyz = Math.min(limY, Math.max(-limY, ty / tz)) * tz;
      const j00 = fx / tz, j02 = -fx * cxz / (tz * tz), j11 = fy / tz, j12 = -fy * cyz / (tz * tz);
      const reachBound = 3 * Math.sqrt((j00 * j00 + j02 * j02 + j11 * j11 + j12 * j12) * maxScaleSquared[i]! + dilation + 0.33) + 1;
      if (bx + reachBound < 0 || by + reachBound < 0 || bx - reachBound >= spanX || by - reachBound >= spanY) continue;
    }
    keys[i] = tz;
    bins[bits[i]! >>> BIN_SHIFT]!++;
  }
  return bins;
}
