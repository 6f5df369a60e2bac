/**
 * The renderer's level of detail: while the camera moves, a pane may draw only its `budget` most
 * visible splats. A splat's weight for a view is its opacity times the area of its largest cross
 * section (e^(s₁+s₂) for its two largest log-scales) over its squared depth: how much of the image
 * it can cover, and how strongly. The choice is made per view, inside the sort that a moving view
 * asks for anyway, in linear time (a histogram of log₂ weights, 1/64 of an octave per bucket), so a
 * multi-million-splat scene stays interactive at the price of its faintest and smallest splats
 * until the view rests.
 */
import { sigmoid } from '../math/scalar.ts';
import type { SplatScene } from '../scene/splat-scene.ts';
import { backToFrontOrder, cameraDepths, type DepthAxis, sortBackToFront } from './view-order.ts';

const BUCKETS_PER_OCTAVE = 64;
const OCTAVES = 128;
const BUCKETS = BUCKETS_PER_OCTAVE * OCTAVES;

/** Opacity × e^(s₁+s₂) per splat: its weight before the view's depth divides it. */
export function detailWeights(scene: Pick<SplatScene, 'count' | 'logScales' | 'opacities'>): Float32Array {
  const weights = new Float32Array(scene.count);
  const s = scene.logScales;
  for (let i = 0; i < scene.count; i++) {
    const a = s[i * 3]!, b = s[i * 3 + 1]!, c = s[i * 3 + 2]!;
    const smallest = Math.min(a, b, c);
    weights[i] = sigmoid(scene.opacities[i]!) * Math.exp(a + b + c - smallest);
  }
  return weights;
}

/** Scratch for `budgetedBackToFrontOrder`, sized for one scene. */
export interface DetailScratch {
  readonly depth: Float32Array;
  /** log₂(weight / depth²), −∞ for splats that cannot be drawn. */
  readonly logs: Float32Array;
  readonly chosen: Uint32Array;
  readonly histogram: Uint32Array;
}

export function detailScratch(count: number): DetailScratch {
  return { depth: new Float32Array(count), logs: new Float32Array(count), chosen: new Uint32Array(count), histogram: new Uint32Array(BUCKETS) };
}

/**
 * Fills `order` with the `budget` splats of most weight / depth² among those in front of the
 * camera (all of them, when budget ≥ count), farthest first, and returns how many it wrote.
 * Splats at or behind the camera plane are never drawn by the renderer, so never chosen.
 */
export function budgetedBackToFrontOrder(
  positions: Float32Array, count: number, axis: DepthAxis, weights: Float32Array, budget: number, order: Uint32Array, scratch: DetailScratch,
): number {
  const { depth, logs, chosen, histogram } = scratch;
  if (budget >= count) {
    backToFrontOrder(positions, count, axis, order, depth);
    return count;
  }
  cameraDepths(positions, count, axis, depth);
  let top = -Infinity;
  for (let i = 0; i < count; i++) {
    const log = depth[i]! > 0 && weights[i]! > 0 ? Math.log2(weights[i]!) - 2 * Math.log2(depth[i]!) : -Infinity;
    logs[i] = log;
    // from the stored (float32) value, so that no bucket falls above the first
    if (logs[i]! > top) top = logs[i]!;
  }
  histogram.fill(0);
  for (let i = 0; i < count; i++) if (logs[i]! > -Infinity) histogram[bucketOf(logs[i]!, top)]!++;
  // buckets from the heaviest down, until the budget is reached: `last` is taken only in part
  let taken = 0, last = 0;
  while (last < BUCKETS - 1 && taken + histogram[last]! < budget) taken += histogram[last++]!;
  let n = 0, roomInLast = budget - taken;
  for (let i = 0; i < count && n < budget; i++) {
    if (logs[i] === -Infinity) continue;
    const b = bucketOf(logs[i]!, top);
    if (b < last || (b === last && roomInLast-- > 0)) chosen[n++] = i;
  }
  sortBackToFront(chosen, n, depth, order);
  return n;
}

/** Bucket 0 holds the heaviest splats; everything more than OCTAVES below the top shares the last. */
function bucketOf(log: number, top: number): number {
  return Math.min(BUCKETS - 1, Math.floor((top - log) * BUCKETS_PER_OCTAVE));
}
