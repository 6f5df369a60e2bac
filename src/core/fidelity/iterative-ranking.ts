/**
 * Ranking for aggressive pruning: significance measured once says how much each splat shows with
 * every other splat present, but once the least significant half is gone the survivors show
 * differently (a splat behind a removed one comes into view; of two overlapping look-alikes, the
 * one left matters more). So the ranking is built in rounds: measure significance on the splats
 * still in, give the least significant `dropShare` of them the lowest remaining ranks, drop them,
 * measure again on the rest. The result is still one order (keeping the first K is pruning to K),
 * at about twice the cost of measuring once.
 *
 * A round's significance is the sum of SIGNIFICANCE_SHARES parts, each over a fixed share of the
 * views, added in share order: threads can measure the shares apart (workers/compress-pool.ts) and
 * get the very figures one thread gets, whatever the number of threads.
 */
import type { Camera } from '../raster/camera.ts';
import { type PreparedData, prepareSplats, selectPrepared } from '../raster/prepared-splats.ts';
import { sharedFloat32Array, sharedUint32Array } from '../scene/shared-scene.ts';
import { selectRows, selectSplats, type SplatScene } from '../scene/splat-scene.ts';
import { measuredSignificance, rankBySignificance } from './significance.ts';

/** Parts a round's views are measured in (view k is in part k mod SIGNIFICANCE_SHARES). */
export const SIGNIFICANCE_SHARES = 4;

export interface IterativeRankingOptions {
  /** Low-pass dilation of the views (significance.ts). */
  dilation?: number;
  /** Share of the splats still in that each round drops (default 0.5). */
  dropShare?: number;
  /** Stop once this few splats are left (default 1 % of the scene, at least 64; the scene's count: rank once). */
  floor?: number;
  /** The scene's preparation, when made already: each round's is taken from it (selectPrepared). */
  prepared?: PreparedData | undefined;
  onProgress?: (fraction: number) => void;
}

export interface IterativeRanking {
  /** Splat indices, most significant first. */
  readonly order: Uint32Array;
  /** Significance from the first round (every splat present): what weights the codebooks. */
  readonly significance: Float32Array;
}

/** A round to measure: the splats still in (sorted indices), and the part of the whole ranking's work it is. */
export interface RankingRound {
  readonly remaining: Uint32Array;
  /** Fraction of the ranking's work done before this round, and this round's own fraction. */
  readonly before: number;
  readonly share: number;
}

/**
 * The rounds' bookkeeping, apart from how a round is measured: yields each round, takes the
 * significance of its `remaining` splats (indexed like `remaining`), returns the ranking.
 */
export function* rankingRounds(count: number, options: Pick<IterativeRankingOptions, 'dropShare' | 'floor'> = {}): Generator<RankingRound, IterativeRanking, Float32Array> {
  const dropShare = options.dropShare ?? 0.5;
  const floor = options.floor ?? Math.max(64, Math.ceil(count / 100));
  // the ranking's two arrays (24 MB each at 6 M splats) in shared memory: every worker a fit runs
  // on holds them, and posting them then shares one copy instead of making one in each
  const order = sharedUint32Array(count);
  let remaining = new Uint32Array(count).map((_, i) => i);
  let tail = count, first: Float32Array | null = null, work = 0;
  const total = 2 * count;
  while (remaining.length > 0) {
    const significance = yield { remaining, before: work / total, share: remaining.length / total };
    work += remaining.length;
    first ??= sharedCopy(significance);
    const ranked = rankBySignificance(significance);
    // The last round ranks everything left; others drop their least significant share.
    const drop = remaining.length <= floor ? remaining.length : Math.floor(remaining.length * dropShare);
    for (let k = 0; k < drop; k++) order[--tail] = remaining[ranked[ranked.length - 1 - k]!]!;
    const kept = remaining;
    remaining = Uint32Array.from(ranked.subarray(0, ranked.length - drop), (j) => kept[j]!).sort();
  }
  return { order, significance: first ?? new Float32Array(0) };
}

export function iterativeRanking(scene: SplatScene, cameras: readonly Camera[], options: IterativeRankingOptions = {}): IterativeRanking {
  const geometry = geometryOf(scene);
  const rounds = rankingRounds(scene.count, options);
  let step = rounds.next();
  while (!step.done) {
    const { remaining, before, share } = step.value;
    const subset = options.prepared === undefined ? roundSplats(geometry, remaining) : roundPositions(geometry, remaining);
    const prepared = options.prepared === undefined ? prepareSplats(subset) : selectPrepared(options.prepared, remaining);
    const parts = Array.from({ length: SIGNIFICANCE_SHARES }, (_, s) => measuredSignificance(subset, viewShare(cameras, s), {
      ...(options.dilation === undefined ? {} : { dilation: options.dilation }),
      prepared,
      onProgress: (f) => options.onProgress?.(Math.min(1, before + share * (s + f) / SIGNIFICANCE_SHARES)),
    }));
    step = rounds.next(sumOfShares(parts));
  }
  options.onProgress?.(1);
  return step.value;
}

function sharedCopy(values: Float32Array): Float32Array {
  const copy = sharedFloat32Array(values.length);
  copy.set(values);
  return copy;
}

/** Significance needs no colours (significance.ts): rounds measure the splats without SH rest. */
export function geometryOf(scene: SplatScene): SplatScene {
  return { ...scene, shDegree: 0, shRest: new Float32Array(0) };
}

/** The splats of a round: the first round has every splat, in order, so it is the scene itself, not a copy. */
export function roundSplats(geometry: SplatScene, remaining: Uint32Array): SplatScene {
  return remaining.length === geometry.count ? geometry : selectSplats(geometry, remaining);
}

/**
 * The splats of a round as it renders them beside a preparation of them (selectPrepared): their
 * positions alone, since the preparation holds their shapes and significance needs no colours (a
 * later round of a 6 M-splat scene copies 12 B a splat instead of 56, in each thread). The first
 * round is the scene itself.
 */
export function roundPositions(geometry: SplatScene, remaining: Uint32Array): SplatScene {
  if (remaining.length === geometry.count) return geometry;
  const none = new Float32Array(0);
  return {
    count: remaining.length, shDegree: 0, positions: selectRows(geometry.positions, remaining, 3), logScales: none, rotations: none, opacities: none, shDc: none, shRest: none,
  };
}

/** The views of part `share` of a round. */
export function viewShare<T>(cameras: readonly T[], share: number): T[] {
  return cameras.filter((_, k) => k % SIGNIFICANCE_SHARES === share);
}

/** The parts of a round added in share order (float32, as one array accumulates them). */
export function sumOfShares(parts: readonly Float32Array[]): Float32Array {
  const total = parts[0]!.slice();
  for (const part of parts.slice(1)) for (let i = 0; i < total.length; i++) total[i]! += part[i]!;
  return total;
}
