/**
 * Image metrics as the 3DGS papers report them: PSNR over RGB clamped to [0, 1], and SSIM with an
 * 11×11 Gaussian window (σ = 1.5), C1 = 0.01², C2 = 0.03², per channel, zero-padded to the same
 * size and averaged over pixels and channels (the reference repository's `ssim`).
 */
import type { RasterImage } from '../raster/rasterize.ts';

/** PSNR in dB; Infinity for identical images (callers that need a number say how they show it). */
export function psnr(a: RasterImage, b: RasterImage): number {
  const mse = meanSquaredError(a, b);
  return mse === 0 ? Infinity : -10 * Math.log10(mse);
}

export function meanSquaredError(a: RasterImage, b: RasterImage): number {
  assertSameSize(a, b);
  let sum = 0;
  const pixels = a.width * a.height;
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) {
      const d = clamp01(a.rgba[i * 4 + c]!) - clamp01(b.rgba[i * 4 + c]!);
      sum += d * d;
    }
  }
  return sum / (pixels * 3);
}

const WINDOW = 11;
const SIGMA = 1.5;
const C1 = 0.01 ** 2;
const C2 = 0.03 ** 2;
const KERNEL = (() => {
  const k = new Float64Array(WINDOW);
  let sum = 0;
  for (let i = 0; i < WINDOW; i++) sum += (k[i] = Math.exp(-((i - (WINDOW >> 1)) ** 2) / (2 * SIGMA * SIGMA)));
  return k.map((v) => v / sum);
})();

/**
 * SSIM's six arrays of a pixel each (five images blurred in place, and one between the two passes
 * of a blur), reused from comparison to comparison of one image size by a caller that compares
 * many: a fit's report compares dozens of views, and 3 MB a 256² view, dead at once, piled up
 * between collections.
 */
export interface SsimScratch {
  images: SsimImages | null;
}

/** x, y, their product, x², y², and the array between a blur's two passes. */
type SsimImages = [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];

export function ssimScratch(): SsimScratch {
  return { images: null };
}

export function ssim(a: RasterImage, b: RasterImage, scratch: SsimScratch = ssimScratch()): number {
  assertSameSize(a, b);
  const { width, height } = a;
  const n = width * height;
  let total = 0;
  if (scratch.images?.[0].length !== n) {
    scratch.images = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  }
  const [x, y, product, xx, yy, between] = scratch.images;
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) {
      const u = clamp01(a.rgba[i * 4 + c]!), v = clamp01(b.rgba[i * 4 + c]!);
      x[i] = u; y[i] = v; xx[i] = u * u; yy[i] = v * v; product[i] = u * v;
    }
    for (const image of [x, y, xx, yy, product]) gaussianBlur(image, width, height, between);
    for (let i = 0; i < n; i++) {
      const mu1 = x[i]!, mu2 = y[i]!;
      const s1 = xx[i]! - mu1 * mu1, s2 = yy[i]! - mu2 * mu2, s12 = product[i]! - mu1 * mu2;
      total += ((2 * mu1 * mu2 + C1) * (2 * s12 + C2)) / ((mu1 * mu1 + mu2 * mu2 + C1) * (s1 + s2 + C2));
    }
  }
  return total / (3 * n);
}

/** Separable Gaussian filter with zero padding (as torch's conv2d with padding = 5), in place: rows into `between`, then columns back. */
function gaussianBlur(image: Float64Array, width: number, height: number, between: Float64Array): void {
  blurAxis(image, between, width, height, true);
  blurAxis(between, image, width, height, false);
}

/** One 1-D pass of the window along rows (`horizontal`) or columns, from `image` into `out`. */
function blurAxis(image: Float64Array, out: Float64Array, width: number, height: number, horizontal: boolean): void {
  const half = WINDOW >> 1;
  const along = horizontal ? width : height, across = horizontal ? height : width;
  const stepAlong = horizontal ? 1 : width, stepAcross = horizontal ? width : 1;
  for (let j = 0; j < across; j++) {
    for (let i = 0; i < along; i++) {
      let s = 0;
      for (let k = -half; k <= half; k++) {
        const at = i + k;
        if (at >= 0 && at < along) s += image[j * stepAcross + at * stepAlong]! * KERNEL[k + half]!;
      }
      out[j * stepAcross + i * stepAlong] = s;
    }
  }
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

function assertSameSize(a: RasterImage, b: RasterImage): void {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError(`images differ in size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
}
