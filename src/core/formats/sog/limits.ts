/**
 * What a SOG of `count` splats can need, so the reader refuses a lying meta.json or an oversized
 * image before anything is inflated or decoded (docs/formats.md, "SOG", Safety).
 *
 * - Per-splat images are about √count wide and hold count pixels plus padding; the SH centroid
 *   image holds at most 65536 palette entries of up to 15 pixels. Any image is refused above twice
 *   that (plus 64k pixels of slack for small scenes), before its pixels are allocated.
 * - A lossless WebP never needs more than ~4 bytes a pixel; a zip member above that bound is cut off.
 * - Real SOG files take 12–25 bytes a splat (the shared scenes); files holding less than one byte a
 *   splat (beyond 65536 splats of slack) are refused as implausible: their images would decode to
 *   far more memory than the input's size suggests.
 */
import { shRestPerChannel } from '../../scene/sh.ts';
import { MAX_IMAGE_SIDE, MAX_PALETTE_SIZE, PALETTE_ENTRIES_PER_ROW } from './constants.ts';

/** meta.json is a few kilobytes (three 256-entry codebooks); more than this is not a meta.json. */
export const MAX_META_BYTES = 4 * 1024 * 1024;

/** Splats always accepted, whatever the files' size. */
const COUNT_SLACK = 65536;

/** Fewest bytes (meta.json and images together) a plausible SOG spends per splat. */
export const MIN_BYTES_PER_SPLAT = 1;

const PIXEL_SLACK = 65536;

/** Most pixels the SH centroid image can hold: every palette entry at degree 3. */
const CENTROID_PIXELS = MAX_PALETTE_SIZE * shRestPerChannel(3) + PALETTE_ENTRIES_PER_ROW * shRestPerChannel(3);

/** Most pixels an image of a SOG of `count` splats may have; `perSplat` false for the centroid image. */
export function maxImagePixels(count: number, perSplat: boolean): number {
  return Math.min(MAX_IMAGE_SIDE * MAX_IMAGE_SIDE, 2 * (perSplat ? count : CENTROID_PIXELS) + PIXEL_SLACK);
}

/** Most bytes any image file of a SOG of `count` splats may take (lossless WebP, ≤ ~4 bytes a pixel). */
export function maxImageBytes(count: number): number {
  return 4 * Math.max(maxImagePixels(count, true), maxImagePixels(count, false)) + 64 * 1024;
}

/** True when `bytes` of files can plausibly hold `count` splats. */
export function countIsPlausible(count: number, bytes: number): boolean {
  return count <= bytes / MIN_BYTES_PER_SPLAT + COUNT_SLACK;
}
