/** 8-bit RGBA for display or PNG: colour clamped to [0, 1] (renders are already display-referred). */
import type { RasterImage } from './rasterize.ts';

export function imageToBytes(image: RasterImage, opaque = true): Uint8Array {
  const out = new Uint8Array(image.width * image.height * 4);
  for (let i = 0; i < out.length; i++) {
    const v = opaque && i % 4 === 3 ? 1 : image.rgba[i]!;
    out[i] = Math.round(255 * (v < 0 ? 0 : v > 1 ? 1 : v));
  }
  return out;
}
