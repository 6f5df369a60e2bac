/**
 * Context classes: a plane's symbols, through their top 8 bits, sorted into CLASS_COUNT classes of
 * about equal population (quantiles), so a neighbour's value can select a model.
 *
 * Why quantiles rather than the top 2–3 bits: quantized attributes bunch up (a few outliers set the
 * range), so the top 3 bits of a colour take one or two values and say little, while quantile
 * classes of the same colour cut the next channel's cost by a fifth. The encoder measures the
 * thresholds and stores them (CLASS_COUNT − 1 bytes per plane); the decoder reads them, so any
 * bytes make a valid (if useless) table.
 */

/**
 * Classes per plane. Measured on the shared scenes (component context, all groups at 4/8/12 bits):
 * 8 classes 1.5 % larger than 16, 32 no better overall (smaller for colour, larger elsewhere).
 */
export const CLASS_COUNT = 16;
/** Stored thresholds per plane. */
export const THRESHOLD_BYTES = CLASS_COUNT - 1;

/**
 * Writes the CLASS_COUNT − 1 ascending top-8-bit values at which each next class starts, for the
 * `count` symbols from `start`, into `out` at `at`. `shift` drops the low bits (bits − 8, or 0).
 */
export function measureThresholds(
  symbols: Uint16Array, start: number, count: number, shift: number, out: Uint8Array, at: number,
): void {
  const histogram = new Uint32Array(256);
  for (let i = start; i < start + count; i++) histogram[symbols[i]! >>> shift]!++;
  let next = 1;
  let below = 0;
  for (let v = 0; v < 256 && next < CLASS_COUNT; v++) {
    // Class `next` starts at v once the middle of v's population lies past its quantile.
    const middle = below + histogram[v]! / 2;
    while (next < CLASS_COUNT && middle * CLASS_COUNT >= next * count) out[at + next++ - 1] = v;
    below += histogram[v]!;
  }
  while (next < CLASS_COUNT) out[at + next++ - 1] = 255;
}

/**
 * Fills `map` (256 entries) with `(class >> coarsen) · scale` for each top-8-bit value under the
 * thresholds stored at `at`: `coarsen` merges neighbouring classes, `scale` lets a combined context
 * be a sum with no multiply in the hot loop. Thresholds from a corrupt stream need not ascend;
 * every entry stays below (CLASS_COUNT >> coarsen) · scale regardless.
 */
export function classMap(thresholds: Uint8Array, at: number, coarsen: number, scale: number, map: Uint16Array): void {
  for (let v = 0; v < 256; v++) {
    let cls = 0;
    for (let k = 0; k < THRESHOLD_BYTES; k++) if (v >= thresholds[at + k]!) cls = k + 1;
    map[v] = (cls >> coarsen) * scale;
  }
}
