/**
 * Per-splat preprocessing of the reference 3DGS rasterizer (docs/rendering.md): 3D covariance from
 * scale and rotation, EWA projection to a 2D covariance with a 0.3 px² low-pass dilation, the
 * conic (inverse 2D covariance), a 3σ screen radius, the tile rectangle it touches, and its
 * view-dependent colour from SH. Splats behind the near plane or covering no tile are dropped.
 */
import { type DrawnScene, RestReader } from '../scene/drawn-scene.ts';
import { shRestPerChannel } from '../scene/sh.ts';
import { type Camera, cameraPosition } from './camera.ts';
import { type PreparedSplats, prepareSplats } from './prepared-splats.ts';
import { shChannel, shRestBasis } from './sh-eval.ts';

/** Tile edge in pixels, as the reference CUDA rasterizer's BLOCK_X/BLOCK_Y. */
export const TILE_SIZE = 16;
/** log₂ TILE_SIZE, for whole pixel coordinates. */
const TILE_SHIFT = 4;
/** Added to the 2D covariance diagonal: a one-pixel-ish low-pass filter (reference: 0.3). */
export const LOW_PASS_DILATION = 0.3;
/** Alpha below this is skipped when blending (reference: 1/255). */
export const MIN_ALPHA = 1 / 255;
/** Pixels added around the alpha ≥ 1/255 ellipse so rounding never drops one the blend would use. */
const EXTENT_MARGIN = 0.01;
/**
 * How far below the exact bound −½·reach minPower sits: far above the float32 rounding of the
 * bound and of the stored opacity (both ~1e-7), so a pixel skipped for it has alpha < 1/255.
 */
const MIN_POWER_MARGIN = 1e-4;
/** The Jacobian is evaluated with x/z, y/z clamped to this multiple of the half field of view. */
export const FRUSTUM_CLAMP = 1.3;

/** Structure of arrays over the visible splats, indexed 0..count−1. */
export interface ProjectedSplats {
  count: number;
  /** Index of each visible splat in the scene. */
  ids: Uint32Array;
  /** Screen position of the centre, in pixel coordinates (pixel i's centre is i + 0.5). */
  meanX: Float32Array;
  meanY: Float32Array;
  /** Conic (inverse 2D covariance) a, b, c: power = −½(a·dx² + c·dy²) − b·dx·dy. */
  conicA: Float32Array;
  conicB: Float32Array;
  conicC: Float32Array;
  opacity: Float32Array;
  red: Float32Array;
  green: Float32Array;
  blue: Float32Array;
  depth: Float32Array;
  /**
   * The pixels whose centre lies in the box of the ellipse where alpha reaches 1/255 (half-extents
   * with a small margin, so the bound is safe), clipped to the image, inclusive: outside it a
   * splat cannot contribute, so blending need not visit those pixels. Found once here, as integers
   * (16 bits: images up to MAX_PIXELS a side), rather than from float extents at every tile.
   */
  pixelMinX: Uint16Array;
  pixelMaxX: Uint16Array;
  pixelMinY: Uint16Array;
  pixelMaxY: Uint16Array;
  /**
   * A power (see conic) below which alpha·e^power is surely under 1/255: blending skips the
   * exponential for pixels of the box outside the ellipse. A margin below the exact bound keeps
   * every pixel the exact test would blend, so images are unchanged.
   */
  minPower: Float32Array;
  /** Tile rectangle [minX, maxX) × [minY, maxY) in tile units (16 bits, as images are at most MAX_PIXELS a side). */
  tileMinX: Uint16Array;
  tileMaxX: Uint16Array;
  tileMinY: Uint16Array;
  tileMaxY: Uint16Array;
}

/** Pixels a side of the largest image projected (pixel and tile bounds are 16-bit: 64 B a splat). */
export const MAX_PIXELS = 0x10000;

/** Bytes a projected splat takes: an id, eleven 32-bit floats, four 16-bit pixel bounds and four tile bounds (the 16-bit arrays come last, so every array is aligned). */
const PROJECTED_BYTES = 4 + 11 * 4 + 8 * 2;

/**
 * Room for `n` projected splats (also for subsetProjected's `into`), every array in one block: a
 * projection is made per preparation, and its fifteen arrays of a few MB each, allocated and freed
 * apart, were left resident by the allocator's per-thread heaps (malloc keeps blocks under 32 MB
 * there); one block of 64 B a splat is mapped and returned whole.
 */
export function allocateProjection(n: number): ProjectedSplats {
  const block = new ArrayBuffer(n * PROJECTED_BYTES);
  let offset = 0;
  const next = (bytes: number): number => (offset += n * bytes) - n * bytes;
  const f = (): Float32Array => new Float32Array(block, next(4), n);
  const i = (): Uint16Array => new Uint16Array(block, next(2), n);
  return {
    count: 0, ids: new Uint32Array(block, next(4), n), meanX: f(), meanY: f(), conicA: f(), conicB: f(), conicC: f(), opacity: f(),
    red: f(), green: f(), blue: f(), depth: f(), minPower: f(),
    pixelMinX: i(), pixelMaxX: i(), pixelMinY: i(), pixelMaxY: i(), tileMinX: i(), tileMaxX: i(), tileMinY: i(), tileMaxY: i(),
  };
}

export interface ProjectOptions {
  /** Low-pass dilation, px² (default LOW_PASS_DILATION). */
  dilation?: number | undefined;
  /** False leaves red, green and blue at 0 (for passes that only want blending weights). */
  colours?: boolean | undefined;
  /**
   * prepareSplats(scene), when the caller renders the scene from several views (else made here).
   * The projection is then made in its scratch buffers: valid until the next projection with it.
   */
  prepared?: PreparedSplats | undefined;
  /**
   * Only the splats `ids[start .. end)` (ascending: scene order), a chunk of a render done chunk by
   * chunk in depth order (depth-chunks.ts). Default: every splat.
   */
  only?: { readonly ids: Uint32Array; readonly start: number; readonly end: number } | undefined;
  /**
   * With `only`: `prepared` holds the chunk's splats alone, the k-th listed at index k (a
   * preparation made chunk by chunk: depth-chunks.ts), not every splat at its scene index.
   */
  preparedByChunk?: boolean | undefined;
}

/**
 * Whether a splat centred at (bx, by) (pixel corners, as the reference measures) surely touches
 * no tile of the spanX × spanY tiled area. λmax of its 2D covariance is at most ‖J‖²_F·σ_max² +
 * dilation (+ the √0.1 the radius formula may add), so the radius bound here bounds the one
 * projectSplats computes. It is over 2.7 px, so a centre within 1 px of the area is never out of reach.
 * projectSplats skips splats by it, and depth-chunks.ts leaves the same splats out of every chunk.
 */
export function outOfReach(bx: number, by: number, jacobianNormSquared: number, maxScaleSquared: number, dilation: number, spanX: number, spanY: number): boolean {
  const reachBound = 3 * Math.sqrt(jacobianNormSquared * maxScaleSquared + dilation + 0.33) + 1;
  return bx + reachBound < 0 || by + reachBound < 0 || bx - reachBound >= spanX || by - reachBound >= spanY;
}

export function projectSplats(scene: DrawnScene, camera: Camera, options: ProjectOptions = {}): ProjectedSplats {
  const dilation = options.dilation ?? LOW_PASS_DILATION, colours = options.colours ?? true;
  const prepared = options.prepared ?? prepareSplats(scene);
  const { covariance: cov, alpha: alphas, reach: reaches, maxScaleSquared } = prepared;
  const out = (prepared.scratch.projection ??= allocateProjection(scene.count));
  const { fx, fy, cx, cy, width, height, near } = camera;
  const R = camera.rotation, t = camera.translation;
  const r00 = R[0]!, r01 = R[1]!, r02 = R[2]!, r10 = R[3]!, r11 = R[4]!, r12 = R[5]!, r20 = R[6]!, r21 = R[7]!, r22 = R[8]!;
  const limX = FRUSTUM_CLAMP * (width / (2 * fx)), limY = FRUSTUM_CLAMP * (height / (2 * fy));
  const tilesX = Math.ceil(width / TILE_SIZE), tilesY = Math.ceil(height / TILE_SIZE);
  const spanX = tilesX * TILE_SIZE, spanY = tilesY * TILE_SIZE;
  if (width > MAX_PIXELS || height > MAX_PIXELS) throw new RangeError(`a ${width}×${height} image has more than ${MAX_PIXELS} pixels a side`);
  const [camX, camY, camZ] = cameraPosition(camera);
  const perChannel = shRestPerChannel(scene.shDegree);
  const basis = new Float64Array(Math.max(1, perChannel));
  const restReader = new RestReader(scene), rest = restReader.values;
  const P = scene.positions;
  const list = options.only?.ids, first = options.only?.start ?? 0, listed = options.only === undefined ? scene.count : options.only.end - first;
  const byChunk = options.preparedByChunk === true && list !== undefined;
  let n = 0;
  for (let j = 0; j < listed; j++) {
    const i = list === undefined ? j : list[first + j]!;
    // where the preparation holds this splat
    const at = byChunk ? j : i;
    const px = P[i * 3]!, py = P[i * 3 + 1]!, pz = P[i * 3 + 2]!;
    const tz = r20 * px + r21 * py + r22 * pz + t[2];
    if (tz <= near) continue;
    const tx = r00 * px + r01 * py + r02 * pz + t[0];
    const ty = r10 * px + r11 * py + r12 * pz + t[1];
    const cxz = Math.min(limX, Math.max(-limX, tx / tz)) * tz, cyz = Math.min(limY, Math.max(-limY, ty / tz)) * tz;
    const j00 = fx / tz, j02 = -fx * cxz / (tz * tz), j11 = fy / tz, j12 = -fy * cyz / (tz * tz);
    // Splats that cannot reach the image are skipped before the costly part (outOfReach). A
    // centre within 1 px of the tiled area never is: the bound is found only for centres farther out.
    const bx = fx * tx / tz + cx - 0.5, by = fy * ty / tz + cy - 0.5;
    if (!(bx >= -1 && by >= -1 && bx <= spanX + 1 && by <= spanY + 1)) {
      if (outOfReach(bx, by, j00 * j00 + j02 * j02 + j11 * j11 + j12 * j12, maxScaleSquared[at]!, dilation, spanX, spanY)) continue;
    }

    // 3D covariance Σ = M·Mᵀ with M = Rot(q)·diag(e^s).
    const c6 = at * 6;
    const s00 = cov[c6]!, s01 = cov[c6 + 1]!, s02 = cov[c6 + 2]!, s11 = cov[c6 + 3]!, s12 = cov[c6 + 4]!, s22 = cov[c6 + 5]!;

    const t00 = j00 * r00 + j02 * r20, t01 = j00 * r01 + j02 * r21, t02 = j00 * r02 + j02 * r22;
    const t10 = j11 * r10 + j12 * r20, t11 = j11 * r11 + j12 * r21, t12 = j11 * r12 + j12 * r22;
    const u0 = t00 * s00 + t01 * s01 + t02 * s02, u1 = t00 * s01 + t01 * s11 + t02 * s12, u2 = t00 * s02 + t01 * s12 + t02 * s22;
    const v0 = t10 * s00 + t11 * s01 + t12 * s02, v1 = t10 * s01 + t11 * s11 + t12 * s12, v2 = t10 * s02 + t11 * s12 + t12 * s22;
    const a = u0 * t00 + u1 * t01 + u2 * t02 + dilation;
    const b = u0 * t10 + u1 * t11 + u2 * t12;
    const c = v0 * t10 + v1 * t11 + v2 * t12 + dilation;
    const det = a * c - b * b;
    if (!(det > 0)) continue;
    const alpha = alphas[at]!;
    // Nothing this faint is ever blended (alpha < 1/255 everywhere).
    if (alpha < MIN_ALPHA) continue;

    const mid = 0.5 * (a + c);
    const lambda = mid + Math.sqrt(Math.max(0.1, mid * mid - det));
    const radius = Math.ceil(3 * Math.sqrt(lambda));
    const mx = fx * tx / tz + cx, my = fy * ty / tz + cy;
    // The reference measures from pixel corners (its pixel centres are integers): shift by ½.
    const ex = mx - 0.5, ey = my - 0.5;
    // alpha·e^power ≥ 1/255 ⇔ dᵀ·conic·d ≤ 2·ln(255·alpha); the ellipse's half-widths are
    // √(that · cov_xx) and √(that · cov_yy), as float32.
    const reach = reaches[at]!;
    const extentX = Math.fround(Math.sqrt(reach * a) + EXTENT_MARGIN), extentY = Math.fround(Math.sqrt(reach * c) + EXTENT_MARGIN);
    // Pixels whose centre the ellipse's box holds, which blendTile visits: a splat holding none
    // (most splats of a small view of a large scene) can add nothing, and a tile outside the box
    // nothing either, so neither goes into the tile lists; the images and weights are unchanged.
    const fx32 = Math.fround(mx), fy32 = Math.fround(my);
    const xa = Math.max(0, Math.ceil(fx32 - extentX - 0.5)), xb = Math.min(width - 1, Math.floor(fx32 + extentX - 0.5));
    const ya = Math.max(0, Math.ceil(fy32 - extentY - 0.5)), yb = Math.min(height - 1, Math.floor(fy32 + extentY - 0.5));
    if (xa > xb || ya > yb) continue;
    // xa … yb are whole pixels ≥ 0: a shift divides them by the tile size
    const minTx = Math.max(xa >> TILE_SHIFT, Math.min(tilesX, Math.max(0, Math.trunc((ex - radius) / TILE_SIZE))));
    const maxTx = Math.min((xb >> TILE_SHIFT) + 1, Math.min(tilesX, Math.max(0, Math.trunc((ex + radius + TILE_SIZE - 1) / TILE_SIZE))));
    const minTy = Math.max(ya >> TILE_SHIFT, Math.min(tilesY, Math.max(0, Math.trunc((ey - radius) / TILE_SIZE))));
    const maxTy = Math.min((yb >> TILE_SHIFT) + 1, Math.min(tilesY, Math.max(0, Math.trunc((ey + radius + TILE_SIZE - 1) / TILE_SIZE))));
    if (maxTx <= minTx || maxTy <= minTy) continue;

    if (colours) {
      let dx = px - camX, dy = py - camY, dz = pz - camZ;
      const dn = Math.sqrt(dx * dx + dy * dy + dz * dz) || 1;
      dx /= dn; dy /= dn; dz /= dn;
      shRestBasis(scene.shDegree, dx, dy, dz, basis);
      const restBase = restReader.at(i);
      out.red[n] = shChannel(scene.shDc[i * 3]!, rest, restBase, perChannel, basis);
      out.green[n] = shChannel(scene.shDc[i * 3 + 1]!, rest, restBase + perChannel, perChannel, basis);
      out.blue[n] = shChannel(scene.shDc[i * 3 + 2]!, rest, restBase + 2 * perChannel, perChannel, basis);
    }

    out.ids[n] = i;
    out.meanX[n] = mx;
    out.meanY[n] = my;
    out.conicA[n] = c / det;
    out.conicB[n] = -b / det;
    out.conicC[n] = a / det;
    out.opacity[n] = alpha;
    out.pixelMinX[n] = xa;
    out.pixelMaxX[n] = xb;
    out.pixelMinY[n] = ya;
    out.pixelMaxY[n] = yb;
    out.minPower[n] = -0.5 * reach - MIN_POWER_MARGIN;
    out.depth[n] = tz;
    out.tileMinX[n] = minTx;
    out.tileMaxX[n] = maxTx;
    out.tileMinY[n] = minTy;
    out.tileMaxY[n] = maxTy;
    n++;
  }
  out.count = n;
  // a reused buffer holds the last view's colours: without colours they are 0, as when allocated
  if (!colours) for (const channel of [out.red, out.green, out.blue]) channel.fill(0, 0, n);
  return out;
}

/**
 * The projected splats whose rank (`rank[id]`) is below `kept`, in the same order: what projecting
 * only the `kept` best-ranked splats gives (a projection is per splat, and order is kept, so depth
 * ties break alike), without projecting them again. Ids stay those of the whole scene. Written
 * into `into` when given (room for every splat ranked below `kept`: `kept` where ranks are a
 * permutation): several subsets of every view then share one buffer instead of a projection each.
 * `into` may be `p` itself (each splat is read before its slot is written): nested subsets, largest
 * first, then need no second buffer.
 */
export function subsetProjected(p: ProjectedSplats, rank: Uint32Array, kept: number, into?: ProjectedSplats): ProjectedSplats {
  const out = into ?? allocateProjection(p.count);
  let n = 0;
  for (let k = 0; k < p.count; k++) {
    if (rank[p.ids[k]!]! >= kept) continue;
    out.ids[n] = p.ids[k]!;
    out.meanX[n] = p.meanX[k]!; out.meanY[n] = p.meanY[k]!;
    out.conicA[n] = p.conicA[k]!; out.conicB[n] = p.conicB[k]!; out.conicC[n] = p.conicC[k]!;
    out.opacity[n] = p.opacity[k]!; out.red[n] = p.red[k]!; out.green[n] = p.green[k]!; out.blue[n] = p.blue[k]!;
    out.depth[n] = p.depth[k]!; out.minPower[n] = p.minPower[k]!;
    out.pixelMinX[n] = p.pixelMinX[k]!; out.pixelMaxX[n] = p.pixelMaxX[k]!; out.pixelMinY[n] = p.pixelMinY[k]!; out.pixelMaxY[n] = p.pixelMaxY[k]!;
    out.tileMinX[n] = p.tileMinX[k]!; out.tileMaxX[n] = p.tileMaxX[k]!; out.tileMinY[n] = p.tileMinY[k]!; out.tileMaxY[n] = p.tileMaxY[k]!;
    n++;
  }
  out.count = n;
  return out;
}
