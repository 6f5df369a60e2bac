/**
 * The reference rasterizer: renders a scene to an RGBA float image as the reference 3DGS renderer
 * does (docs/rendering.md). Visible splats are sorted by depth once, binned into 16×16 tiles in
 * that order (so every tile's list is depth-sorted), and each pixel blends its tile's list front
 * to back: alpha = min(0.99, opacity·e^power), skipped below 1/255, stopping before transmittance
 * would fall under 10⁻⁴. Deterministic: the same input gives the same bits.
 *
 * Within a tile the work goes splat by splat (in depth order) over only the pixels where the
 * splat's alpha can reach 1/255, keeping each pixel's transmittance; every pixel still sees the
 * same splats in the same order as the reference's pixel-by-pixel loop, so the result is the same.
 * A scene of more than 2¹⁹ splats is projected and blended a chunk of depths at a time
 * (depth-chunks.ts), each pixel carrying on from the chunk before: the same bits, in a fraction of
 * the memory.
 */
import type { DrawnScene } from '../scene/drawn-scene.ts';
import type { Camera } from './camera.ts';
import { chunkScratch, projectedPieces, projectedPiecesOnce, WHOLE_UP_TO } from './depth-chunks.ts';
import { DIGIT_COUNTS, sortByDepth } from './depth-sort.ts';
import { type PreparedSplats, prepareSplats } from './prepared-splats.ts';
import { MIN_ALPHA, type ProjectedSplats, TILE_SIZE } from './project.ts';

export const MAX_ALPHA = 0.99;
export const MIN_TRANSMITTANCE = 1e-4;

export interface RasterImage {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA: colour (not clamped) over the background, alpha = 1 − final transmittance. */
  readonly rgba: Float32Array;
}

/** A render's residual against a target (RGBA) and the per-splat sums its colour gradient adds to (4 a splat): RasterOptions.colourGradient. */
export interface ColourGradient {
  readonly residual: Float32Array;
  readonly out: Float32Array;
}

export interface RasterOptions {
  /** RGB behind the splats (default black). */
  background?: readonly [number, number, number];
  /**
   * When given (length = scene.count), each splat's blending weights T·α over all pixels are added
   * to its entry: its contribution to the image, for significance.
   */
  weights?: Float32Array;
  /**
   * Low-pass dilation in px² (default the reference's 0.3). A small view that stands in for a
   * larger one passes 0.3 × (its size / the larger size)², so small splats cover what they would
   * there instead of a whole pixel of a coarse image (significance from low-resolution views).
   */
  dilation?: number | undefined;
  /**
   * For fitting colours to a target image: `residual` (RGBA, this render minus the target) and
   * `out` (4 per splat). Each blended pixel adds T·α·residual to the splat's three colour sums
   * and (T·α)² to its fourth: the gradient and Gauss–Newton diagonal of the squared error with
   * respect to the splat's colour (compensate.ts). Pass the residual of this very scene and camera.
   */
  colourGradient?: ColourGradient | undefined;
  /**
   * False when only `weights` are wanted: colours are not evaluated from SH (the image comes out
   * black); the weights are the same, since T·α does not depend on colour. Default true.
   */
  colours?: boolean;
  /** prepareSplats(scene), for a scene rendered from several views (raster/prepared-splats.ts). */
  prepared?: PreparedSplats | undefined;
  /** Where the depth sort and the tile lists are made (rasterize passes its preparation's). */
  binning?: BinScratch | undefined;
  /** Where the image is made, for a caller done with each image before the next render: imageScratch. */
  image?: ImageScratch | undefined;
}

/** How blendProjected blends a projection. */
export interface BlendOptions extends Pick<RasterOptions, 'weights' | 'colourGradient' | 'binning'> {
  /**
   * tileBins of this projection, when the caller renders it more than once (only the colours
   * changing): the depth sort and binning are then not done again.
   */
  bins?: TileBins | undefined;
}

/**
 * Buffers for the depth sort and the tile lists, reused from view to view instead of allocated per
 * render (a view of 2 M splats sorts and bins into about 20 MB, which, freed and allocated again
 * for every view, piled up unused in a fit's threads). Bins made in it are valid until the next.
 */
export interface BinScratch {
  order: Uint32Array;
  swap: Uint32Array;
  list: Uint32Array;
  /** The depth sort's digit counts (depth-sort.ts DIGIT_COUNTS), made at the first sort. */
  digits: Uint32Array;
}

export function binScratch(): BinScratch {
  return { order: new Uint32Array(0), swap: new Uint32Array(0), list: new Uint32Array(0), digits: new Uint32Array(0) };
}

/**
 * An image's pixels reused from render to render by a caller that renders many views of one size
 * and is done with each image before the next (its images are then valid until the next render):
 * a report's candidate views, 1 MB each at 256², dead at once, piled up between collections.
 */
export interface ImageScratch {
  rgba: Float32Array | null;
}

export function imageScratch(): ImageScratch {
  return { rgba: null };
}

/** `buffer` if it holds `length` values, else a new one with room to spare (views of one scene vary a little). */
function atLeast(buffer: Uint32Array, length: number): Uint32Array {
  return buffer.length >= length ? buffer : new Uint32Array(Math.ceil(length * 1.25));
}

/** Tile lists in depth order: `list[starts[t] .. starts[t+1])` are the projected splats touching tile t. */
export interface TileBins {
  readonly starts: Uint32Array;
  readonly list: Uint32Array;
}

/** The tile lists of a projection for `camera`, each in depth order; made in `scratch` when given (then valid until its next use). */
export function tileBins(projected: ProjectedSplats, camera: Camera, scratch?: BinScratch): TileBins {
  const tilesX = Math.ceil(camera.width / TILE_SIZE), tilesY = Math.ceil(camera.height / TILE_SIZE);
  let buffers: [Uint32Array, Uint32Array] | undefined;
  if (scratch !== undefined) {
    scratch.order = atLeast(scratch.order, projected.count);
    scratch.swap = atLeast(scratch.swap, projected.count);
    if (scratch.digits.length < DIGIT_COUNTS) scratch.digits = new Uint32Array(DIGIT_COUNTS);
    buffers = [scratch.order, scratch.swap];
  }
  return binTiles(projected, sortByDepth(projected.depth, projected.count, buffers, scratch?.digits), tilesX * tilesY, tilesX, scratch);
}

/**
 * A render of `scene`: in one projection, or, for a large scene, chunk by chunk in depth order
 * (depth-chunks.ts), blended on from chunk to chunk; the same image either way.
 */
export function rasterize(scene: DrawnScene, camera: Camera, options: RasterOptions = {}): RasterImage {
  if (options.prepared === undefined && scene.count > WHOLE_UP_TO) {
    // one view of a large scene: its splats prepared chunk by chunk, never all at once
    const state = blendState(camera);
    const binning = options.binning ?? binScratch();
    for (const projected of projectedPiecesOnce(scene, camera, options, chunkScratch())) blendProjected(projected, camera, state, { ...options, binning });
    return finishImage(state, camera, options.background, options.image);
  }
  const prepared = options.prepared ?? prepareSplats(scene);
  const state = blendState(camera, prepared.scratch);
  const binning = options.binning ?? prepared.scratch.bins;
  for (const projected of projectedPieces(scene, camera, { ...options, prepared })) blendProjected(projected, camera, state, { ...options, binning });
  return finishImage(state, camera, options.background, options.image);
}

/**
 * Renders splats already projected for `camera` (projectSplats, or a subset of them:
 * subsetProjected). `weights` and `colourGradient` are indexed by the projection's ids.
 */
export function rasterizeProjected(projected: ProjectedSplats, camera: Camera, options: BlendOptions & Pick<RasterOptions, 'background'> = {}): RasterImage {
  const state = blendState(camera);
  blendProjected(projected, camera, state, options);
  return finishImage(state, camera, options.background);
}

/**
 * Each pixel's blend so far: its colour sums and transmittance, whether it is done (transmittance
 * would fall under 10⁻⁴), and each tile's count of done pixels. Splats blended into it in depth
 * order, over one projection or several (chunks of it), give the same image.
 */
export interface BlendState {
  readonly T: Float64Array;
  readonly r: Float64Array;
  readonly g: Float64Array;
  readonly b: Float64Array;
  readonly done: Uint8Array;
  readonly finished: Uint32Array;
}

/** A blend with nothing blended yet: `scratch`'s, cleared, where it has one of this size (else a new one, kept there). */
export function blendState({ width, height }: Camera, scratch?: { blend: BlendState | null }): BlendState {
  const pixels = width * height, tiles = Math.ceil(width / TILE_SIZE) * Math.ceil(height / TILE_SIZE);
  const reused = scratch?.blend;
  if (reused != null && reused.T.length === pixels && reused.finished.length === tiles) {
    reused.T.fill(1); reused.r.fill(0); reused.g.fill(0); reused.b.fill(0); reused.done.fill(0); reused.finished.fill(0);
    return reused;
  }
  const state = {
    T: new Float64Array(pixels).fill(1), r: new Float64Array(pixels), g: new Float64Array(pixels), b: new Float64Array(pixels), done: new Uint8Array(pixels),
    finished: new Uint32Array(tiles),
  };
  if (scratch !== undefined) scratch.blend = state;
  return state;
}

/** Blends a projection (in depth order behind whatever `state` holds) into `state`, tile by tile. */
export function blendProjected(projected: ProjectedSplats, camera: Camera, state: BlendState, options: BlendOptions = {}): void {
  const { width, height } = camera;
  const tilesX = Math.ceil(width / TILE_SIZE), tilesY = Math.ceil(height / TILE_SIZE);
  const { starts, list } = options.bins ?? tileBins(projected, camera, options.binning);
  for (let ty = 0; ty < tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      const tile = ty * tilesX + tx;
      blendTile(projected, list, starts[tile]!, starts[tile + 1]!, tx, ty, width, height, state, tile, options.weights, options.colourGradient);
    }
  }
}

/** The image of a finished blend: each pixel's colour over the background, and its alpha. */
export function finishImage(state: BlendState, { width, height }: Camera, background: readonly [number, number, number] = [0, 0, 0], image?: ImageScratch): RasterImage {
  const rgba = imagePixels(width * height * 4, image);
  const { T, r, g, b } = state;
  for (let q = 0; q < width * height; q++) {
    const t = T[q]!, o = q * 4;
    rgba[o] = r[q]! + t * background[0];
    rgba[o + 1] = g[q]! + t * background[1];
    rgba[o + 2] = b[q]! + t * background[2];
    rgba[o + 3] = 1 - t;
  }
  return { width, height, rgba };
}

/** Room for an image's `values`: `image`'s where it has room of this size, else new (kept there). */
function imagePixels(values: number, image: ImageScratch | undefined): Float32Array {
  if (image === undefined) return new Float32Array(values);
  if (image.rgba?.length !== values) image.rgba = new Float32Array(values);
  return image.rgba;
}

function binTiles(p: ProjectedSplats, order: Uint32Array, tiles: number, tilesX: number, scratch?: BinScratch): TileBins {
  const { count, tileMinX, tileMaxX, tileMinY, tileMaxY } = p;
  const starts = new Uint32Array(tiles + 1);
  for (let k = 0; k < count; k++) {
    const x0 = tileMinX[k]!, x1 = tileMaxX[k]!, y1 = tileMaxY[k]!;
    for (let y = tileMinY[k]!; y < y1; y++) {
      for (let x = x0, t = y * tilesX + x0 + 1; x < x1; x++, t++) starts[t]!++;
    }
  }
  for (let t = 1; t <= tiles; t++) starts[t]! += starts[t - 1]!;
  const fill = starts.slice(0, tiles);
  let list: Uint32Array;
  if (scratch === undefined) list = new Uint32Array(starts[tiles]!);
  else list = (scratch.list = atLeast(scratch.list, starts[tiles]!)).subarray(0, starts[tiles]!);
  for (let o = 0; o < count; o++) {
    const k = order[o]!;
    const x0 = tileMinX[k]!, x1 = tileMaxX[k]!, y1 = tileMaxY[k]!;
    for (let y = tileMinY[k]!; y < y1; y++) {
      for (let x = x0, t = y * tilesX + x0; x < x1; x++, t++) list[fill[t]!++] = k;
    }
  }
  return { starts, list };
}

function blendTile(
  p: ProjectedSplats, list: Uint32Array, start: number, end: number, tx: number, ty: number,
  width: number, height: number, state: BlendState, tile: number, weights: Float32Array | undefined, gradient: RasterOptions['colourGradient'],
): void {
  const x0 = tx * TILE_SIZE, y0 = ty * TILE_SIZE;
  const x1 = Math.min(width, x0 + TILE_SIZE), y1 = Math.min(height, y0 + TILE_SIZE);
  const { meanX, meanY, conicA, conicB, conicC, opacity, red, green, blue, ids, pixelMinX, pixelMaxX, pixelMinY, pixelMaxY, minPower } = p;
  const { T, r, g, b, done } = state;
  const pixels = (x1 - x0) * (y1 - y0);
  let finished = state.finished[tile]!;
  for (let j = start; j < end && finished < pixels; j++) {
    const k = list[j]!;
    // Pixels whose centre (x + 0.5) lies within the splat's alpha ≥ 1/255 box, clipped to the tile.
    const xa = Math.max(x0, pixelMinX[k]!), xb = Math.min(x1 - 1, pixelMaxX[k]!);
    const ya = Math.max(y0, pixelMinY[k]!), yb = Math.min(y1 - 1, pixelMaxY[k]!);
    if (xa > xb || ya > yb) continue;
    const mx = meanX[k]!, my = meanY[k]!;
    const ca = conicA[k]!, cb = conicB[k]!, cc = conicC[k]!, op = opacity[k]!;
    const cr = red[k]!, cg = green[k]!, cbl = blue[k]!, lowest = minPower[k]!;
    let contributed = 0, sumR = 0, sumG = 0, sumB = 0, sumW2 = 0;
    for (let y = ya; y <= yb; y++) {
      const dy = my - (y + 0.5);
      for (let x = xa, q = y * width + xa; x <= xb; x++, q++) {
        if (done[q] === 1) continue;
        const dx = mx - (x + 0.5);
        const power = -0.5 * (ca * dx * dx + cc * dy * dy) - cb * dx * dy;
        if (power > 0 || power < lowest) continue;
        const alpha = Math.min(MAX_ALPHA, op * Math.exp(power));
        if (alpha < MIN_ALPHA) continue;
        const t = T[q]!;
        const nextT = t * (1 - alpha);
        if (nextT < MIN_TRANSMITTANCE) {
          done[q] = 1;
          finished++;
          continue;
        }
        const w = alpha * t;
        r[q]! += cr * w;
        g[q]! += cg * w;
        b[q]! += cbl * w;
        contributed += w;
        if (gradient !== undefined) {
          const o = q * 4;
          sumR += w * gradient.residual[o]!;
          sumG += w * gradient.residual[o + 1]!;
          sumB += w * gradient.residual[o + 2]!;
          sumW2 += w * w;
        }
        T[q] = nextT;
      }
    }
    if (weights !== undefined && contributed > 0) weights[ids[k]!]! += contributed;
    if (gradient !== undefined && sumW2 > 0) {
      const at = ids[k]! * 4;
      gradient.out[at]! += sumR;
      gradient.out[at + 1]! += sumG;
      gradient.out[at + 2]! += sumB;
      gradient.out[at + 3]! += sumW2;
    }
  }
  state.finished[tile] = finished;
}
