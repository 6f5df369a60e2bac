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
import { largestScaleSquared, type PreparedData, type PreparedSplats, prepareChunk } from './prepared-splats.ts';
import { sigmoid } from '../math/scalar.ts';
import { FRUSTUM_CLAMP, LOW_PASS_DILATION, MIN_ALPHA, outOfReach, type ProjectedSplats, type ProjectOptions, projectSplats, TILE_SIZE } from './project.ts';

/**
 * Scenes up to this many splats are rendered whole (a projection of 32 MB at most): no first pass.
 * Above it a render takes as long in chunks (a 0.6 M and a 1 M-splat scene, 64² and 256² views:
 * within a few % either way, run to run), and holds 64 B for each splat of a chunk instead of each
 * splat seen: at the 2 M tiling's second ranking round (1 M splats) 60 MB less in each thread.
 */
export const WHOLE_UP_TO = 1 << 19;
/** Splats a chunk's projection holds at most where depths allow (16 MB of projection). */
export const CHUNK_SPLATS = 1 << 18;
/** A depth key's bin is its top 16 bits (key >>> BIN_SHIFT: sign, exponent and 7 bits of mantissa); chunks are runs of whole bins. */
const BIN_SHIFT = 16;
/** The key of a splat no chunk holds (any finite depth's is below it). */
const UNSEEN = 0xffffffff;

/**
 * Reused from view to view: each splat's depth key, then (in the same memory) the splats of each
 * chunk; each splat's chunk (6 B a splat in all); each key bin's count and chunk (made at the first
 * render: 384 KB a view, thousands of views in a fit); and the sizes that decide the chunks (tests lower them).
 */
export interface ChunkScratch {
  keys: Uint32Array;
  chunkOf: Uint16Array;
  binCounts: Uint32Array;
  chunkOfBin: Uint16Array;
  wholeUpTo: number;
  chunk: number;
}

export function chunkScratch(): ChunkScratch {
  return {
    keys: new Uint32Array(0), chunkOf: new Uint16Array(0), binCounts: new Uint32Array(0), chunkOfBin: new Uint16Array(0), wholeUpTo: WHOLE_UP_TO, chunk: CHUNK_SPLATS,
  };
}

/** Bins of depth keys. */
const BINS = 1 << (32 - BIN_SHIFT);

/** A splat in no chunk (its chunk number). */
const NO_CHUNK = 0xffff;

/**
 * The projections a render of `scene` from `camera` blends, in order: one of every splat, or, for
 * a large scene, one per chunk of its splats by depth, nearest first. A chunk holds the splats
 * whose depth lies in its range, projected in scene order like a whole projection (so reading the
 * scene stays sequential), and its render sorts them by depth. Each projection is made in the
 * preparation's scratch, valid until the next.
 */
export function* projectedPieces(scene: DrawnScene, camera: Camera, options: ProjectOptions & { prepared: PreparedSplats }): Generator<ProjectedSplats> {
  if (rendersWhole(scene, options.prepared)) {
    yield projectSplats(scene, camera, options);
    return;
  }
  const { keys, starts } = depthChunks(scene, camera, options.prepared.scratch.chunks, options.prepared, options.dilation);
  for (let c = 0; c + 1 < starts.length; c++) yield projectSplats(scene, camera, { ...options, only: { ids: keys, start: starts[c]!, end: starts[c + 1]! } });
}

/**
 * The same projections, for a large scene rendered once: each chunk's splats prepared as the chunk
 * comes (prepareChunk) instead of every splat's ahead of the render, so a view of a 6 M-splat
 * scene holds a chunk's preparation, not 216 MB of it. The same images, bit for bit.
 */
export function* projectedPiecesOnce(scene: DrawnScene, camera: Camera, options: ProjectOptions, scratch: ChunkScratch): Generator<ProjectedSplats> {
  const { keys, starts } = depthChunks(scene, camera, scratch, null, options.dilation);
  let prepared: PreparedSplats | null = null;
  for (let c = 0; c + 1 < starts.length; c++) {
    const start = starts[c]!, end = starts[c + 1]!;
    prepared = prepareChunk(scene, keys, start, end, prepared);
    yield projectSplats(scene, camera, { ...options, prepared, only: { ids: keys, start, end }, preparedByChunk: true });
  }
}

/** The chunks of a render: their splats, chunk after chunk (nearest first), in `keys` from `starts[c]` to `starts[c + 1]`. */
function depthChunks(
  scene: DrawnScene, camera: Camera, scratch: ChunkScratch, prepared: PreparedData | null, dilation = LOW_PASS_DILATION,
): { keys: Uint32Array; starts: Uint32Array } {
  if (scratch.keys.length < scene.count) {
    scratch.keys = new Uint32Array(scene.count);
    scratch.chunkOf = new Uint16Array(scene.count);
  }
  if (scratch.binCounts.length < BINS) {
    scratch.binCounts = new Uint32Array(BINS);
    scratch.chunkOfBin = new Uint16Array(BINS);
  }
  const { keys, chunkOf } = scratch;
  const bins = depthKeys(scene, camera, prepared, dilation, new Float32Array(keys.buffer, 0, scene.count), scratch.binCounts.fill(0));
  return { keys, starts: chunkMembers(keys, chunkOf, scene.count, chunkBins(bins, scratch.chunk), scratch.chunkOfBin) };
}

/**
 * Each chunk's splats, in scene order, written over the keys they were found from (a chunk's are
 * `keys[starts[c] .. starts[c + 1])`): a chunk's projection then visits its own splats, not every
 * splat's key. `chunks`: the chunks' ranges of key bins, nearest first.
 */
function chunkMembers(keys: Uint32Array, chunkOf: Uint16Array, count: number, chunks: readonly (readonly [number, number])[], chunkOfBin: Uint16Array): Uint32Array {
  chunkOfBin.fill(NO_CHUNK);
  chunks.forEach(([low, high], c) => chunkOfBin.fill(c, low, high));
  const starts = new Uint32Array(chunks.length + 1);
  for (let i = 0; i < count; i++) {
    const c = keys[i] === UNSEEN ? NO_CHUNK : chunkOfBin[keys[i]! >>> BIN_SHIFT]!;
    chunkOf[i] = c;
    if (c !== NO_CHUNK) starts[c + 1]!++;
  }
  for (let c = 1; c < starts.length; c++) starts[c]! += starts[c - 1]!;
  // the keys are read no more: each splat's index goes where its chunk's run is filled up to
  const fill = starts.slice(0, chunks.length);
  for (let i = 0; i < count; i++) if (chunkOf[i] !== NO_CHUNK) keys[fill[chunkOf[i]!]!++] = i;
  return starts;
}

/** Whether renders of `scene` with this preparation project every splat at once (else in depth chunks). */
export function rendersWhole(scene: DrawnScene, prepared: PreparedSplats): boolean {
  return scene.count <= prepared.scratch.chunks.wholeUpTo;
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
 * too faint, or out of reach of the image (project.ts outOfReach, as projectSplats skips it). Counts the splats of each bin of keys into `bins` (zeroed) and returns it.
 */
function depthKeys(scene: DrawnScene, camera: Camera, prepared: PreparedData | null, dilation: number, keys: Float32Array, bins: Uint32Array): Uint32Array {
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, keys.length);
  const { fx, fy, cx, cy, width, height, near } = camera;
  const R = camera.rotation, t = camera.translation;
  const r00 = R[0]!, r01 = R[1]!, r02 = R[2]!, r10 = R[3]!, r11 = R[4]!, r12 = R[5]!, r20 = R[6]!, r21 = R[7]!, r22 = R[8]!;
  const limX = FRUSTUM_CLAMP * (width / (2 * fx)), limY = FRUSTUM_CLAMP * (height / (2 * fy));
  const spanX = Math.ceil(width / TILE_SIZE) * TILE_SIZE, spanY = Math.ceil(height / TILE_SIZE) * TILE_SIZE;
  // without a preparation, a splat's alpha and largest squared scale as prepareSplats computes them
  const alpha = prepared?.alpha, maxScaleSquared = prepared?.maxScaleSquared;
  const S = scene.logScales, opacities = scene.opacities;
  const P = scene.positions;
  for (let i = 0; i < scene.count; i++) {
    bits[i] = UNSEEN;
    const px = P[i * 3]!, py = P[i * 3 + 1]!, pz = P[i * 3 + 2]!;
    const tz = r20 * px + r21 * py + r22 * pz + t[2];
    if (!(tz > near) || (alpha === undefined ? sigmoid(opacities[i]!) : alpha[i]!) < MIN_ALPHA) continue;
    const tx = r00 * px + r01 * py + r02 * pz + t[0];
    const ty = r10 * px + r11 * py + r12 * pz + t[1];
    const bx = fx * tx / tz + cx - 0.5, by = fy * ty / tz + cy - 0.5;
    if (!(bx >= -1 && by >= -1 && bx <= spanX + 1 && by <= spanY + 1)) {
      const cxz = Math.min(limX, Math.max(-limX, tx / tz)) * tz, cyz = Math.min(limY, Math.max(-limY, ty / tz)) * tz;
      const j00 = fx / tz, j02 = -fx * cxz / (tz * tz), j11 = fy / tz, j12 = -fy * cyz / (tz * tz);
      const largest = maxScaleSquared === undefined ? largestScaleSquared(S, i) : maxScaleSquared[i]!;
      if (outOfReach(bx, by, j00 * j00 + j02 * j02 + j11 * j11 + j12 * j12, largest, dilation, spanX, spanY)) continue;
    }
    keys[i] = tz;
    bins[bits[i]! >>> BIN_SHIFT]!++;
  }
  return bins;
}
