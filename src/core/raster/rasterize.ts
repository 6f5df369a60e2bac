/**
 * The reference rasterizer: renders a scene to an RGBA float image as the reference 3DGS renderer
 * does (docs/rendering.md). Visible splats are sorted by depth once, binned into 16×16 tiles in
 * that order (so every tile's list is depth-sorted), and each pixel blends its tile's list front
 * to back: alpha = min(0.99, opacity·e^power), skipped below 1/255, stopping before transmittance
 * would fall under 10⁻⁴. Deterministic: the same input gives the same bits.
 */
import type { SplatScene } from '../scene/splat-scene.ts';
import type { Camera } from './camera.ts';
import { sortByDepth } from './depth-sort.ts';
import { type ProjectedSplats, projectSplats, TILE_SIZE } from './project.ts';

export const MIN_ALPHA = 1 / 255;
export const MAX_ALPHA = 0.99;
export const MIN_TRANSMITTANCE = 1e-4;

export interface RasterImage {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA: colour (not clamped) over the background, alpha = 1 − final transmittance. */
  readonly rgba: Float32Array;
}

export interface RasterOptions {
  /** RGB behind the splats (default black). */
  background?: readonly [number, number, number];
  /**
   * When given (length = scene.count), each splat's blending weights T·α over all pixels are added
   * to its entry: its contribution to the image, for significance.
   */
  weights?: Float32Array;
}

export function rasterize(scene: SplatScene, camera: Camera, options: RasterOptions = {}): RasterImage {
  const { width, height } = camera;
  const projected = projectSplats(scene, camera);
  const order = sortByDepth(projected.depth, projected.count);
  const tilesX = Math.ceil(width / TILE_SIZE), tilesY = Math.ceil(height / TILE_SIZE);
  const { starts, list } = binTiles(projected, order, tilesX * tilesY, tilesX);
  const rgba = new Float32Array(width * height * 4);
  const background = options.background ?? [0, 0, 0];
  for (let ty = 0; ty < tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      const tile = ty * tilesX + tx;
      blendTile(projected, list, starts[tile]!, starts[tile + 1]!, tx, ty, width, height, rgba, background, options.weights);
    }
  }
  return { width, height, rgba };
}

/** Tile lists in depth order: `list[starts[t] .. starts[t+1])` are the splats touching tile t. */
function binTiles(p: ProjectedSplats, order: Uint32Array, tiles: number, tilesX: number): { starts: Uint32Array; list: Uint32Array } {
  const starts = new Uint32Array(tiles + 1);
  for (let k = 0; k < p.count; k++) {
    for (let y = p.tileMinY[k]!; y < p.tileMaxY[k]!; y++) {
      for (let x = p.tileMinX[k]!; x < p.tileMaxX[k]!; x++) starts[y * tilesX + x + 1]!++;
    }
  }
  for (let t = 1; t <= tiles; t++) starts[t]! += starts[t - 1]!;
  const fill = starts.slice(0, tiles);
  const list = new Uint32Array(starts[tiles]!);
  for (let o = 0; o < p.count; o++) {
    const k = order[o]!;
    for (let y = p.tileMinY[k]!; y < p.tileMaxY[k]!; y++) {
      for (let x = p.tileMinX[k]!; x < p.tileMaxX[k]!; x++) list[fill[y * tilesX + x]!++] = k;
    }
  }
  return { starts, list };
}

function blendTile(
  p: ProjectedSplats, list: Uint32Array, start: number, end: number, tx: number, ty: number,
  width: number, height: number, rgba: Float32Array, background: readonly [number, number, number], weights: Float32Array | undefined,
): void {
  const x0 = tx * TILE_SIZE, y0 = ty * TILE_SIZE;
  const x1 = Math.min(width, x0 + TILE_SIZE), y1 = Math.min(height, y0 + TILE_SIZE);
  const { meanX, meanY, conicA, conicB, conicC, opacity, red, green, blue, ids } = p;
  for (let y = y0; y < y1; y++) {
    const pyc = y + 0.5;
    for (let x = x0; x < x1; x++) {
      const pxc = x + 0.5;
      let T = 1, r = 0, g = 0, b = 0;
      for (let j = start; j < end; j++) {
        const k = list[j]!;
        const dx = meanX[k]! - pxc, dy = meanY[k]! - pyc;
        const power = -0.5 * (conicA[k]! * dx * dx + conicC[k]! * dy * dy) - conicB[k]! * dx * dy;
        if (power > 0) continue;
        const alpha = Math.min(MAX_ALPHA, opacity[k]! * Math.exp(power));
        if (alpha < MIN_ALPHA) continue;
        const nextT = T * (1 - alpha);
        if (nextT < MIN_TRANSMITTANCE) break;
        const w = alpha * T;
        r += red[k]! * w;
        g += green[k]! * w;
        b += blue[k]! * w;
        if (weights !== undefined) weights[ids[k]!]! += w;
        T = nextT;
      }
      const o = (y * width + x) * 4;
      rgba[o] = r + T * background[0];
      rgba[o + 1] = g + T * background[1];
      rgba[o + 2] = b + T * background[2];
      rgba[o + 3] = 1 - T;
    }
  }
}
