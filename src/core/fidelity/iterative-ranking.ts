/**
 * Ranking for aggressive pruning: significance measured once says how much each splat shows with
 * every other splat present, but once the least significant half is gone the survivors show
 * differently (a splat behind a removed one comes into view; of two overlapping look-alikes, the
 * one left matters more). So the ranking is built in rounds: measure significance on the splats
 * still in, give the least significant `dropShare` of them the lowest remaining ranks, drop them,
 * measure again on the rest. The result is still one order (keeping the first K is pruning to K),
 * at about twice the cost of measuring once.
 */
import type { Camera } from '../raster/camera.ts';
import { selectSplats, type SplatScene } from '../scene/splat-scene.ts';
import { measuredSignificance, rankBySignificance } from './significance.ts';

export interface IterativeRankingOptions {
  /** Low-pass dilation of the views (significance.ts). */
  dilation?: number;
  /** Share of the splats still in that each round drops (default 0.5). */
  dropShare?: number;
  /** Stop once this few splats are left (default 1 % of the scene, at least 64). */
  floor?: number;
  onProgress?: (fraction: number) => void;
}

export interface IterativeRanking {
  /** Splat indices, most significant first. */
  readonly order: Uint32Array;
  /** Significance from the first round (every splat present): what weights the codebooks. */
  readonly significance: Float32Array;
}

export function iterativeRanking(scene: SplatScene, cameras: readonly Camera[], options: IterativeRankingOptions = {}): IterativeRanking {
  const dropShare = options.dropShare ?? 0.5;
  const floor = options.floor ?? Math.max(64, Math.ceil(scene.count / 100));
  const order = new Uint32Array(scene.count);
  let remaining = new Uint32Array(scene.count).map((_, i) => i);
  let tail = scene.count, first: Float32Array | null = null, work = 0;
  const total = 2 * scene.count;
  // Significance needs no colours (significance.ts): rounds copy the splats without SH rest.
  const geometry: SplatScene = { ...scene, shDegree: 0, shRest: new Float32Array(0) };
  while (remaining.length > 0) {
    // the first round has every splat, in order: the scene itself, not a copy of it
    const subset = remaining.length === scene.count ? geometry : selectSplats(geometry, remaining);
    const significance = measuredSignificance(subset, cameras, {
      ...(options.dilation === undefined ? {} : { dilation: options.dilation }),
      onProgress: (f) => options.onProgress?.(Math.min(1, (work + f * remaining.length) / total)),
    });
    work += remaining.length;
    first ??= significance;
    const ranked = rankBySignificance(significance);
    // The last round ranks everything left; others drop their least significant share.
    const drop = remaining.length <= floor ? remaining.length : Math.floor(remaining.length * dropShare);
    for (let k = 0; k < drop; k++) order[--tail] = remaining[ranked[ranked.length - 1 - k]!]!;
    remaining = Uint32Array.from(ranked.subarray(0, ranked.length - drop), (j) => remaining[j]!).sort();
  }
  options.onProgress?.(1);
  return { order, significance: first ?? new Float32Array(0) };
}
