/**
 * The renderer's per-splat layout, as typed arrays ready to become textures (src/render/
 * splat-textures.ts): made in the pane's worker, off the page's thread, and transferred. Positions,
 * opacity and the 3D covariance (computed here once, so shaders only project it) stay 32-bit
 * floats — a small splat's covariance is far below half precision's range; base colours are half
 * floats (numberToFloat16), whose 11-bit precision is a fraction of an 8-bit display step for values
 * within a few units. SH rest values are bytes, 128 + 127 · value / the splat's own largest
 * |value| (that scale is kept in the colour texel's fourth channel, which was padding): a splat's view-dependent part is
 * a small correction to its base colour, and a step of 1/127 of its largest coefficient stays
 * below an 8-bit display step in all but the most view-dependent splats, for half the bytes of half
 * floats (gaussian-splats-3d and Spark hold SH in 8 bits too, with one range per scene). 48 bytes
 * per splat plus 3 per SH coefficient (rounded up to whole texels: SH 1 12, SH 2 24, SH 3 48).
 *
 * The SH rest values are laid out in texture layers of one RGBA texel per splat, as the other
 * textures are, so every texture is as tall as the scene needs and no taller (splat by splat, the SH
 * texture was 15 times taller than the others at degree 3 and passed the 8192 rows a texture may
 * have from 1.1 M splats: the renderer then drew nothing). A splat's values fill the layers' four
 * channels in the scene's own channel-major order, value v in layer ⌊v/4⌋, channel v mod 4, where an
 * RGB texel per coefficient left a quarter of the texture empty.
 */
import { float16ToNumber, numberToFloat16 } from '../math/float16.ts';
import { sigmoid } from '../math/scalar.ts';
import { covariance3d } from '../scene/covariance.ts';
import { SH_C0, shRestPerChannel } from '../scene/sh.ts';
import { type DrawnScene, RestReader } from '../scene/drawn-scene.ts';

/** The SH byte of a zero value: bytes run 1–255 for −1…1 times the splat's scale. */
export const SH_ZERO_BYTE = 128;
/** The largest finite half float. */
const MAX_HALF = 65504;

export interface GpuLayout {
  readonly count: number;
  /** SH rest coefficients per splat (per channel): 0, 3, 8 or 15. */
  readonly shCoefficients: number;
  /** x, y, z, alpha (opacity after the sigmoid) per splat. */
  readonly centers: Float32Array;
  /** Σ00, Σ01, Σ02, Σ11 per splat. */
  readonly covA: Float32Array;
  /** Σ12, Σ22 per splat. */
  readonly covB: Float32Array;
  /** Half floats: base colour (0.5 + C0·dc) red, green, blue, then the splat's SH scale (its largest |SH rest value|), per splat. */
  readonly color: Uint16Array;
  /**
   * Bytes, 128 + round(127 · value / SH scale), so zero is exact (an 8-bit unorm texture, which
   * WebGPU can also render to as three requires of a texture; snorm it cannot):
   * `shLayers` layers of `layerTexels` RGBA texels each; SH rest value v of splat i (channel-major,
   * as in the scene: v = channel · shCoefficients + coefficient) is channel v mod 4 of texel i in
   * layer ⌊v/4⌋.
   */
  readonly sh: Uint8Array;
  /** Layers of `sh`: ⌈3 · shCoefficients / 4⌉, or one spare layer when there are none, so the texture is never empty. */
  readonly shLayers: number;
  /** Texels of each array per layer: `count` padded to whole rows. */
  readonly layerTexels: number;
}

/**
 * `rowTexels`: the width of the textures the arrays become; each array is padded to whole rows (at
 * least one), so the page uploads it as it comes, without a copy of its own. The scene's SH rest may
 * be held as a coded file holds it (drawn-scene.ts): a result's pane then never writes it out.
 */
export function gpuLayout(scene: DrawnScene, rowTexels = 1): GpuLayout {
  const n = scene.count;
  const texels = Math.max(1, Math.ceil(n / rowTexels)) * rowTexels;
  const centers = new Float32Array(texels * 4), covA = new Float32Array(texels * 4), covB = new Float32Array(texels * 2), color = new Uint16Array(texels * 4);
  const sigma = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    centers[i * 4] = scene.positions[i * 3]!;
    centers[i * 4 + 1] = scene.positions[i * 3 + 1]!;
    centers[i * 4 + 2] = scene.positions[i * 3 + 2]!;
    centers[i * 4 + 3] = sigmoid(scene.opacities[i]!);
    covariance3d(scene.rotations, scene.logScales, i, sigma);
    covA[i * 4] = sigma[0]!;
    covA[i * 4 + 1] = sigma[1]!;
    covA[i * 4 + 2] = sigma[2]!;
    covA[i * 4 + 3] = sigma[3]!;
    covB[i * 2] = sigma[4]!;
    covB[i * 2 + 1] = sigma[5]!;
    for (let c = 0; c < 3; c++) color[i * 4 + c] = numberToFloat16(0.5 + SH_C0 * scene.shDc[i * 3 + c]!);
  }
  const perChannel = shRestPerChannel(scene.shDegree);
  const values = 3 * perChannel;
  const shLayers = shLayersFor(perChannel);
  const sh = new Uint8Array(shLayers * texels * 4).fill(SH_ZERO_BYTE);
  const reader = new RestReader(scene), rest = reader.values;
  for (let i = 0; values > 0 && i < n; i++) {
    const at = reader.at(i);
    let scale = 0;
    for (let v = 0; v < values; v++) scale = Math.max(scale, Math.abs(rest[at + v]!));
    if (!(scale > 0)) continue; // no view-dependent colour: zeros, scale 0
    // the scale as the shader will read it back (within half precision's range), so the bytes are relative to what it multiplies by
    const halfBits = numberToFloat16(Math.min(scale, MAX_HALF));
    color[i * 4 + 3] = halfBits;
    const toByte = 127 / float16ToNumber(halfBits);
    for (let v = 0; v < values; v++) {
      sh[((v >> 2) * texels + i) * 4 + (v & 3)] = SH_ZERO_BYTE + Math.max(-127, Math.min(127, Math.round(rest[at + v]! * toByte)));
    }
  }
  return { count: n, shCoefficients: perChannel, centers, covA, covB, color, sh, shLayers, layerTexels: texels };
}

/** Bytes per splat of a layout of SH degree `shDegree` (rows' padding aside): centers, covariance, colour and the SH layers. */
export function gpuLayoutBytesPerSplat(shDegree: number): number {
  return 4 * 4 + 4 * 4 + 2 * 4 + 4 * 2 + 4 * shLayersFor(shRestPerChannel(shDegree));
}

/** Layers of RGBA texels that hold `perChannel` SH rest coefficients of three channels (at least one). */
export function shLayersFor(perChannel: number): number {
  return Math.max(1, Math.ceil((3 * perChannel) / 4));
}

/** The buffers of a layout, to transfer it between threads. */
export function gpuLayoutBuffers(layout: GpuLayout): ArrayBuffer[] {
  return [layout.centers, layout.covA, layout.covB, layout.color, layout.sh].map((a) => a.buffer as ArrayBuffer);
}
