/**
 * What compressed bytes can plausibly hold, so readers refuse a lying header before they allocate
 * and stop a decompression bomb before it fills memory.
 *
 * - Deflate cannot expand its input more than about 1032:1 (RFC 1951: at most 258 output bytes per
 *   ~2 input bits). A header claiming more inflated bytes than that is lying (or its file is cut
 *   to a sliver), and is refused before any buffer of that size is allocated.
 * - Real splat data compresses far less: SPZ's gzip streams expand 1.3–2.9:1 on the shared scenes,
 *   4.2:1 at most with every SH coefficient zero (measured with our writer). A stream that expands
 *   more than MAX_PLAUSIBLE_EXPANSION is refused as a bomb, however its header reads; the first
 *   PLAUSIBILITY_SLACK bytes are free so that tiny, regular files are never refused.
 */
export const MAX_DEFLATE_RATIO = 1032;

/** Most output bytes per compressed byte a real splat file shows, with a 4× margin (see above). */
export const MAX_PLAUSIBLE_EXPANSION = 16;

/** Output bytes always allowed, whatever the ratio (4 MiB). */
export const PLAUSIBILITY_SLACK = 4 * 1024 * 1024;

/** True when `claimed` inflated bytes could come from `compressed` deflated bytes (with a little slack). */
export function inflatedSizeIsPlausible(compressed: number, claimed: number): boolean {
  return claimed <= compressed * MAX_DEFLATE_RATIO + 1024;
}

/** Most bytes real splat data decompresses to from `compressed` bytes. */
export function plausibleOutputBytes(compressed: number): number {
  return compressed * MAX_PLAUSIBLE_EXPANSION + PLAUSIBILITY_SLACK;
}
