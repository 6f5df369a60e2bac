/**
 * A scene as textures the splat shader reads with texelFetch, one row-major texel index per splat
 * (and per SH coefficient): 3D covariances are computed here once, so the vertex shader only
 * projects them. Positions, opacity and covariance stay 32-bit floats (a covariance of a tiny
 * splat is far below half precision's range); colours and SH coefficients are half floats, whose
 * 11-bit precision is a fraction of an 8-bit display step for values within a few units — 112
 * bytes per splat at SH degree 2 where all-float32 RGBA took 192. Width 2048 keeps every texture
 * within WebGPU's and WebGL2's size limits up to 8 million texels per texture.
 */
import { DataTexture, FloatType, HalfFloatType, NearestFilter, type Node, RedFormat, RGBAFormat, RGFormat } from 'three/webgpu';
import { ivec2, textureLoad } from 'three/tsl';
import { covariance3d, numberToFloat16, SH_C0, shRestPerChannel, sigmoid, type SplatScene } from '../core/index.ts';

export const TEXTURE_WIDTH = 2048;

/** Shader node reading texel `index` of one of these textures (row-major, TEXTURE_WIDTH wide). */
export function texelAt(texture: DataTexture, index: Node<'int'>) {
  return textureLoad(texture, ivec2(index.mod(TEXTURE_WIDTH), index.div(TEXTURE_WIDTH)));
}

export interface SplatTextures {
  /** x, y, z, alpha (opacity after the sigmoid). */
  readonly centers: DataTexture;
  /** Σ00, Σ01, Σ02, Σ11 of the 3D covariance. */
  readonly covA: DataTexture;
  /** Σ12, Σ22 (two channels). */
  readonly covB: DataTexture;
  /** Base colour (0.5 + C0·dc) red, green, blue, then 0; half floats. */
  readonly color: DataTexture;
  /** SH rest coefficients as (r, g, b, 0) texels, `shCoefficients` per splat; half floats. */
  readonly sh: DataTexture;
  readonly shCoefficients: number;
  readonly count: number;
  dispose(): void;
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

const rowsFor = (texels: number): number => Math.max(1, Math.ceil(texels / TEXTURE_WIDTH));

function nearest(texture: DataTexture): DataTexture {
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
  return floatTexture(new Float32Array(count).map((_, i) => i), count, 1);
}

function copyInto<T extends Float32Array | Uint16Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

export function createSplatTextures(scene: SplatScene): SplatTextures {
  const n = scene.count;
  const centers = new Float32Array(n * 4), covA = new Float32Array(n * 4), covB = new Float32Array(n * 2), color = new Uint16Array(n * 4);
  const sigma = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    centers[i * 4] = scene.positions[i * 3]!;
    centers[i * 4 + 1] = scene.positions[i * 3 + 1]!;
    centers[i * 4 + 2] = scene.positions[i * 3 + 2]!;
    centers[i * 4 + 3] = sigmoid(scene.opacities[i]!);
    covariance3d(scene.rotations, scene.logScales, i, sigma);
    covA.set(sigma.subarray(0, 4), i * 4);
    covB[i * 2] = sigma[4]!;
    covB[i * 2 + 1] = sigma[5]!;
    for (let c = 0; c < 3; c++) color[i * 4 + c] = numberToFloat16(0.5 + SH_C0 * scene.shDc[i * 3 + c]!);
  }
  const perChannel = shRestPerChannel(scene.shDegree);
  const sh = new Uint16Array(Math.max(1, n * perChannel) * 4);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < perChannel; k++) {
      const o = (i * perChannel + k) * 4;
      for (let c = 0; c < 3; c++) sh[o + c] = numberToFloat16(scene.shRest[(i * 3 + c) * perChannel + k]!);
    }
  }
  const textures = {
    centers: floatTexture(centers, n), covA: floatTexture(covA, n), covB: floatTexture(covB, n, 2), color: halfTexture(color, n),
    sh: halfTexture(sh, Math.max(1, n * perChannel)),
  };
  return {
    ...textures, shCoefficients: perChannel, count: n,
    dispose: () => Object.values(textures).forEach((t) => t.dispose()),
  };
}
