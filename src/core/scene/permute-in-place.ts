/**
 * Reorders a scene's splats in its own arrays: afterwards row j holds what row order[j] held, as
 * selectSplats(scene, order) would return for a permutation, without a second copy of the scene.
 * For callers that hand their scene over (the CLI reorders a multi-GB scene into encoding order
 * and needs nothing of the order it was read in). Each cycle of the permutation is walked once,
 * one splat held aside; a bitset (n/8 bytes) marks rows already placed.
 */
import { SplatfitError, ErrorCode } from '../errors.ts';
import { shRestPerChannel } from './sh.ts';
import type { SplatScene } from './splat-scene.ts';

export function permuteInPlace(scene: SplatScene, order: Uint32Array): void {
  const n = scene.count;
  if (order.length !== n) throw new SplatfitError(ErrorCode.BadValue, `order has ${order.length} entries for ${n} splats; expected one per splat`, { field: 'order' });
  const arrays: [Float32Array, number][] = [
    [scene.positions, 3], [scene.logScales, 3], [scene.rotations, 4], [scene.opacities, 1], [scene.shDc, 3], [scene.shRest, 3 * shRestPerChannel(scene.shDegree)],
  ];
  const placed = new Uint8Array((n + 7) >>> 3);
  const held = arrays.map(([, width]) => new Float32Array(width));
  for (let start = 0; start < n; start++) {
    if ((placed[start >>> 3]! >>> (start & 7)) & 1 || order[start] === start) continue;
    arrays.forEach(([values, width], a) => held[a]!.set(values.subarray(start * width, (start + 1) * width)));
    let row = start;
    for (;;) {
      placed[row >>> 3]! |= 1 << (row & 7);
      const from = order[row]!;
      if (from === start) break;
      // past the end, or a row placed already: not a permutation (the walk would never close)
      if (from >= n || (placed[from >>> 3]! >>> (from & 7)) & 1) throw notAPermutation(row, from, n);
      for (const [values, width] of arrays) values.copyWithin(row * width, from * width, (from + 1) * width);
      row = from;
    }
    arrays.forEach(([values, width], a) => values.set(held[a]!, row * width));
  }
}

function notAPermutation(row: number, from: number, n: number): SplatfitError {
  return new SplatfitError(ErrorCode.BadValue, `order[${row}] = ${from} repeats a row or is past ${n} splats; expected a permutation`, { field: 'order' });
}
