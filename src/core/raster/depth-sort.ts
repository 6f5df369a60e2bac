/**
 * Stable radix sort of splat indices by positive float depth. Positive IEEE floats order like
 * their bit patterns, so two 16-bit passes over the bits sort exactly and deterministically
 * (equal depths keep index order). `buffers` (each of length ≥ count), when given, are sorted in
 * instead of new arrays; the order returned is one of them.
 */
export function sortByDepth(depth: Float32Array, count: number, buffers?: readonly [Uint32Array, Uint32Array]): Uint32Array {
  const keys = new Uint32Array(depth.buffer, depth.byteOffset, count);
  let order = buffers?.[0] ?? new Uint32Array(count);
  let scratch = buffers?.[1] ?? new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const counts = new Uint32Array(65537);
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[((keys[order[i]!]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!;
    for (let i = 0; i < count; i++) {
      const id = order[i]!;
      scratch[counts[(keys[id]! >>> shift) & 0xffff]!++] = id;
    }
    [order, scratch] = [scratch, order];
  }
  return order;
}
