/**
 * The low-rate peer a user would reach for: splat-transform 3.7's training-free merging
 * (`--decimate` or `--decimate-adaptive`, which must be the last action and write .ply), then that
 * .ply written as .spz by splat-transform 2.7. The amount is given as a target splat count (the CLI
 * also takes n%); it is searched so the final .spz lands near a budget: first in proportion to the
 * whole scene's .spz, then by a line through the last two tries, at most MAX_TRIES decimations.
 * The landing kept is the largest try at or under the budget, or else the closest.
 */
import { ST3_GLOBAL, splatTransform } from './splat-transform.ts';
import type { CachedFile, ToolCache } from './tool-cache.ts';

export type DecimateMode = 'decimate' | 'decimate-adaptive';
export const DECIMATE_MODES: readonly DecimateMode[] = ['decimate', 'decimate-adaptive'];

const MAX_TRIES = 3;
/** A try within this share under the budget is close enough. */
const CLOSE = 0.04;
/** Aim a little under the budget, as the size is not exactly linear in the count. */
const AIM = 0.985;

export interface Decimated {
  /** Target splat count passed to the CLI. */
  readonly count: number;
  readonly ply: CachedFile;
  readonly spz: CachedFile;
}

export interface DecimateLanding {
  readonly chosen: Decimated;
  readonly tries: readonly { count: number; bytes: number }[];
  /** Seconds of the chosen decimation plus its .spz write. */
  readonly seconds: number;
}

/** Decimates `input` (a .ply in the cache's folder) to `count` splats and writes it as .spz, both cached. */
export function decimateTo(cache: ToolCache, input: string, mode: DecimateMode, count: number): Decimated {
  const stem = `${mode}-${count}`;
  const ply = cache.file(`${stem}.ply`, (out) => splatTransform(3, [...ST3_GLOBAL, input, `--${mode}`, String(count), out]));
  const spz = cache.file(`${stem}.spz`, (out) => splatTransform(2, [ply.path, out]));
  return { count, ply, spz };
}

/**
 * The decimation whose .spz lands near `budget`; null when the whole scene's .spz
 * (`fullSpzBytes`, `splats` splats) already fits, so there is nothing to decimate.
 */
export function decimateToBudget(cache: ToolCache, input: string, mode: DecimateMode, budget: number, splats: number, fullSpzBytes: number): DecimateLanding | null {
  if (fullSpzBytes <= budget) return null;
  const clampCount = (n: number): number => Math.min(splats - 1, Math.max(1, Math.round(n)));
  const tries: Decimated[] = [];
  let count = clampCount((splats * budget * AIM) / fullSpzBytes);
  for (let t = 0; t < MAX_TRIES; t++) {
    const result = decimateTo(cache, input, mode, count);
    tries.push(result);
    const bytes = result.spz.bytes.length;
    if (bytes <= budget && bytes >= budget * (1 - CLOSE)) break;
    // A line bytes = a + b·count through the last two tries (or through the whole scene's .spz).
    const [p, q] = tries.length >= 2 ? [tries[tries.length - 2]!, result] : [{ count: splats, spz: { bytes: { length: fullSpzBytes } } }, result];
    const slope = (q.spz.bytes.length - p.spz.bytes.length) / (q.count - p.count);
    const next = clampCount(slope > 0 ? q.count + (budget * AIM - q.spz.bytes.length) / slope : (q.count * budget * AIM) / q.spz.bytes.length);
    if (tries.some((r) => r.count === next)) break;
    count = next;
  }
  const under = tries.filter((r) => r.spz.bytes.length <= budget).sort((a, b) => b.spz.bytes.length - a.spz.bytes.length);
  const chosen = under[0] ?? [...tries].sort((a, b) => Math.abs(a.spz.bytes.length - budget) - Math.abs(b.spz.bytes.length - budget))[0]!;
  return {
    chosen,
    tries: tries.map((r) => ({ count: r.count, bytes: r.spz.bytes.length })),
    seconds: chosen.ply.meta.seconds + chosen.spz.meta.seconds,
  };
}
