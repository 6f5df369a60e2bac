/**
 * Deflate cannot expand its input more than about 1032:1 (RFC 1951: at most 258 output bytes per
 * ~2 input bits). A header claiming more inflated bytes than that is lying, and is refused before
 * any buffer of that size is allocated.
 */
export const MAX_DEFLATE_RATIO = 1032;

/** True when `claimed` inflated bytes could come from `compressed` deflated bytes (with a little slack). */
export function inflatedSizeIsPlausible(compressed: number, claimed: number): boolean {
  return claimed <= compressed * MAX_DEFLATE_RATIO + 1024;
}
