/**
 * The renderer's GPU layout (src/core/raster/gpu-layout.ts, packed off the page's thread) as
 * textures the splat shader reads with texelFetch: one row-major texel per splat in each texture,
 * and in each layer of the SH texture (whose layers' channels hold a splat's SH values in turn).
 * 2048 wide by at most 8192 rows, every texture stays within WebGPU's and WebGL2's size limits up
 * to 16.7 M splats.
 */
import {
  DataArrayTexture, DataTexture, FloatType, HalfFloatType, NearestFilter, type Node, RedFormat, RGBAFormat, RGFormat, type Texture, UnsignedByteType, type WebGPURenderer,
} from 'three/webgpu';
import { ivec2, int, textureLoad } from 'three/tsl';
import { freeNow, type GpuLayout } from '../core/index.ts';
import { uploadInPieces } from './texture-upload.ts';

export const TEXTURE_WIDTH = 2048;
/** Rows a 2D texture may have on every device (WebGPU's default maxTextureDimension2D; WebGL2's on SwiftShader). */
const TEXTURE_ROWS = 8192;
/** The most splats a texture holds one texel each of: 16.7 M. */
export const MAX_DRAWN_SPLATS = TEXTURE_WIDTH * TEXTURE_ROWS;

/** Shader node reading texel `index` of one of these textures (row-major, TEXTURE_WIDTH wide). */
export function texelAt(texture: DataTexture, index: Node<'int'>) {
  return textureLoad(texture, ivec2(index.mod(TEXTURE_WIDTH), index.div(TEXTURE_WIDTH)));
}

/** Shader node reading texel `index` of layer `layer` of an array texture laid out as texelAt's. */
export function layerTexelAt(texture: DataArrayTexture, index: Node<'int'>, layer: number) {
  return textureLoad(texture, ivec2(index.mod(TEXTURE_WIDTH), index.div(TEXTURE_WIDTH))).depth(int(layer));
}

export interface SplatTextures {
  /** x, y, z, alpha (opacity after the sigmoid). */
  readonly centers: DataTexture;
  /** Σ00, Σ01, Σ02, Σ11 of the 3D covariance. */
  readonly covA: DataTexture;
  /** Σ12, Σ22 (two channels). */
  readonly covB: DataTexture;
  /** Base colour (0.5 + C0·dc) red, green, blue, then the splat's SH scale; half floats. */
  readonly color: DataTexture;
  /** SH rest values over the splat's SH scale, four to a texel, in layers of one texel per splat (gpu-layout.ts); bytes around SH_ZERO_BYTE (8-bit unorm). */
  readonly sh: DataArrayTexture;
  readonly shCoefficients: number;
  readonly count: number;
  /** The five textures above. */
  list(): (DataTexture | DataArrayTexture)[];
  dispose(): void;
}

/**
 * Puts `textures` on the renderer's GPU a piece at a time (texture-upload.ts), before they are
 * first drawn; three would write each whole, in one frame. Each texture's data is given
 * back (freeNow) once it is on the GPU, so the layout shrinks as the GPU's copy grows (the layout
 * must be the caller's own: moved from the pane's worker).
 */
export async function uploadSplatTextures(renderer: WebGPURenderer, textures: SplatTextures): Promise<void> {
  for (const texture of textures.list()) {
    const data = texture.image.data as ArrayBufferView;
    await uploadInPieces(renderer, texture);
    freeNow([data.buffer]);
  }
}

/** Texels of `channels` 32-bit floats, TEXTURE_WIDTH wide. */
function floatTexture(data: Float32Array, texels: number, channels: 1 | 2 | 4 = 4): DataTexture {
  const height = rowsFor(texels);
  const padded = data.length === TEXTURE_WIDTH * height * channels ? data : copyInto(new Float32Array(TEXTURE_WIDTH * height * channels), data);
  return nearest(new DataTexture(padded, TEXTURE_WIDTH, height, channels === 1 ? RedFormat : channels === 2 ? RGFormat : RGBAFormat, FloatType));
}

/** RGBA texels of half-float bits (numberToFloat16), TEXTURE_WIDTH wide. */
function halfTexture(data: Uint16Array, texels: number): DataTexture {
  const height = rowsFor(texels);
  const padded = data.length === TEXTURE_WIDTH * height * 4 ? data : copyInto(new Uint16Array(TEXTURE_WIDTH * height * 4), data);
  return nearest(new DataTexture(padded, TEXTURE_WIDTH, height, RGBAFormat, HalfFloatType));
}

/** Layers of RGBA 8-bit unorm texels (read as bytes / 255), `layerTexels` (whole rows, TEXTURE_WIDTH wide) each. */
function byteLayers(data: Uint8Array, layerTexels: number, layers: number): DataArrayTexture {
  if (layerTexels % TEXTURE_WIDTH !== 0) throw new Error(`SH layers of ${layerTexels} texels are not whole rows of ${TEXTURE_WIDTH}: pack the layout for this width`);
  const texture = new DataArrayTexture(data, TEXTURE_WIDTH, rowsFor(layerTexels), layers);
  texture.type = UnsignedByteType;
  return nearest(texture);
}

const rowsFor = (texels: number): number => Math.max(1, Math.ceil(texels / TEXTURE_WIDTH));

function nearest<T extends DataTexture | DataArrayTexture>(texture: T): T {
  texture.magFilter = NearestFilter;
  texture.minFilter = NearestFilter;
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return texture;
}

/**
 * A draw order for `count` splats as one float per texel (splat indices stay exact in a float up to
 * 2²⁴), starting as 0, 1, 2, …; its `image.data` is rewritten in place when a new order arrives.
 */
export function createOrderTexture(count: number): DataTexture {
  // a plain loop: `map` with a callback took 86 ms of the page's thread for the 2 M tiling (CPU profile)
  const order = new Float32Array(TEXTURE_WIDTH * rowsFor(count));
  for (let i = 0; i < count; i++) order[i] = i;
  return floatTexture(order, count, 1);
}

/**
 * Drops an uploaded texture's data, keeping its size: three uploads again only when the texture's
 * version changes, which for these textures it never does. Where three wrote the data itself its
 * memory goes at once; this runs before an upload in pieces, after which uploadSplatTextures gives
 * the data back.
 */
function releaseData(texture: Texture): void {
  const { width, height, depth, data } = texture.image as { width: number; height: number; depth?: number; data: ArrayBufferView | null };
  texture.image = { width, height, depth, data: null };
  texture.onUpdate = null;
  if (texture.source.dataReady && data !== null) freeNow([data.buffer]);
}

function copyInto<T extends Float32Array | Uint16Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

/**
 * The splat textures of `layout`. Each lets go of its data once three has uploaded it: these
 * textures are never written again (a new scene makes new ones), and three would otherwise keep a
 * second copy of the GPU's for as long as the pane shows the scene (at 112 bytes a splat at SH
 * degree 2, before the SH values were packed four to a texel: 0.22 GB of a 2 M-splat page's 1.19 GB,
 * measured by per-process RSS after a collection).
 */
export function createSplatTextures(layout: GpuLayout): SplatTextures {
  const n = layout.count;
  const textures = {
    centers: floatTexture(layout.centers, n), covA: floatTexture(layout.covA, n), covB: floatTexture(layout.covB, n, 2), color: halfTexture(layout.color, n),
    sh: byteLayers(layout.sh, layout.layerTexels, layout.shLayers),
  };
  for (const texture of Object.values(textures)) texture.onUpdate = releaseData;
  return {
    ...textures, shCoefficients: layout.shCoefficients, count: n,
    list: () => Object.values(textures),
    dispose: () => Object.values(textures).forEach((t) => t.dispose()),
  };
}
