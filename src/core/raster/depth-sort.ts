/**
 * Stable radix sort of splat indices by positive float depth. Positive IEEE floats order like
 * their bit patterns, so two 16-bit passes over the bits sort exactly and deterministically
 * (equal depths keep index order). `buffers` (each of length ≥ count), when given, are sorted in
 * instead of new arrays; the order returned is one of them. `digits` (DIGIT_COUNTS values), when
 * given, holds the two passes' counts instead of new arrays: a render sorts once per tile pass and
 * chunk, thousands of times in a fit, and 512 KB of counts each time piled up unused between
 * collections in the fit's threads.
 */
export function sortByDepth(depth: Float32Array, count: number, buffers?: readonly [Uint32Array, Uint32Array], digits?: Uint32Array): Uint32Array {
  const keys = new Uint32Array(depth.buffer, depth.byteOffset, count);
  const byLow = buffers?.[1] ?? new Uint32Array(count);
  const order = buffers?.[0] ?? new Uint32Array(count);
  // Both passes' counts in one sequential walk: a digit's count does not depend on the order.
  const counts = digits === undefined ? new Uint32Array(DIGIT_COUNTS) : digits.fill(0, 0, DIGIT_COUNTS);
  const low = counts.subarray(0, 65537), high = counts.subarray(65537, DIGIT_COUNTS);
  for (let i = 0; i < count; i++) {
    const key = keys[i]!;
    low[(key & 0xffff) + 1]!++;
    high[(key >>> 16) + 1]!++;
  }
  for (let d = 1; d < 65537; d++) {
    low[d]! += low[d - 1]!;
    high[d]! += high[d - 1]!;
  }
  // The first pass reads the indices in order, so it needs no identity array to start from.
  for (let i = 0; i < count; i++) byLow[low[keys[i]! & 0xffff]!++] = i;
  for (let i = 0; i < count; i++) {
    const id = byLow[i]!;
    order[high[keys[id]! >>> 16]!++] = id;
  }
  return order;
}

/** Values sortByDepth's `digits` holds: a count per 16-bit digit value and one more, for each of the two passes. */
export const DIGIT_COUNTS = 2 * 65537;
