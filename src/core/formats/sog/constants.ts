/**
 * Constants of PlayCanvas SOG (docs/formats.md, "SOG"), shared by the reader and the writer. The
 * values follow splat-transform's SOG writer (src/lib/writers/write-sog.ts), which defines the format.
 */

/** meta.json `version` of the codebook layout (the only one written). */
export const SOG_VERSION = 2;

/** Centroid palettes are laid out 64 entries per texture row. */
export const PALETTE_ENTRIES_PER_ROW = 64;

/** Entries of the scales, sh0 and shN scalar codebooks: one byte indexes them. */
export const CODEBOOK_SIZE = 256;

/** Labels are 16 bits (r + 256·g), so a palette holds at most this many entries. */
export const MAX_PALETTE_SIZE = 65536;

/** Quats alpha = this + index (w,x,y,z order) of the component left out. */
export const QUAT_TAG_BASE = 252;

/** Positions are stored as 16-bit integers over each axis' range (low byte and high byte images). */
export const MEANS_BITS = 16;

/** WebP caps both image sides at 16383 pixels. */
export const MAX_IMAGE_SIDE = 16383;

/** The image files a SOG of version 2 names, as splat-transform names them. */
export const SOG_FILES = {
  meansLow: 'means_l.webp',
  meansHigh: 'means_u.webp',
  quats: 'quats.webp',
  scales: 'scales.webp',
  sh0: 'sh0.webp',
  shNCentroids: 'shN_centroids.webp',
  shNLabels: 'shN_labels.webp',
} as const;

export const META_FILE = 'meta.json';

/**
 * Per-splat image size: width a multiple of 4 near √count, height a multiple of 4 that holds the
 * rest (splat-transform's rule, so our images have its shapes).
 */
export function sogImageSize(count: number): { width: number; height: number } {
  const width = Math.ceil(Math.sqrt(count) / 4) * 4;
  return { width, height: Math.ceil(count / width / 4) * 4 };
}

/**
 * Default SH palette size for `count` splats: splat-transform's rule, a power of two ≤ count/1024,
 * times 1024, at most 64 × 1024 = 65536 entries.
 */
export function defaultPaletteSize(count: number): number {
  return Math.max(1, Math.min(64, 2 ** Math.floor(Math.log2(Math.max(1, count) / 1024))) * 1024);
}
