/**
 * Fits a scene into a byte budget as a `.splatfit` file (DESIGN.md, "The codec and the budget
 * solver"): for a few candidate kept counts, plan bits per group with the solver and predict the
 * total error (pruning error + quantization sensitivities); encode the best plan for real, then
 * bisect the kept count until the file is within [97 %, 100 %] of the budget. Never over budget.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import { FLOAT_BITS, Group, GROUP_NAMES, MAX_BITS } from '../formats/splatfit/constants.ts';
import { writeSplatfit } from '../formats/splatfit/write.ts';
import type { SplatScene } from '../scene/splat-scene.ts';
import { type BitChoice, solveBits } from './budget-solver.ts';
import { fitCount, MIN_FILL, type StepCallback, stepProgress } from './fit-count.ts';
import type { ProgressCallback } from '../io/byte-source.ts';
import { LOSSLESS_BITS, type SceneAnalysis, sizeModelAnchor } from './scene-analysis.ts';
import { groupsOf } from './sensitivity.ts';

export { MIN_FILL };

const KEEP_FRACTIONS = [1, 0.8, 0.6, 0.45, 0.32, 0.22, 0.15, 0.1, 0.06, 0.03, 0.015] as const;

/** The kept counts every budget's plan scores. */
function plannedKeptCounts(count: number): number[] {
  return KEEP_FRACTIONS.map((fraction) => Math.max(1, Math.round(count * fraction)));
}

/**
 * What every budget's planning will ask of a scene of `count` splats — pruning errors of the
 * planned kept counts, size models at their anchors — so it can be measured ahead, in parallel
 * (SceneAnalysis.planning).
 */
export function planningTargets(count: number): { counts: number[]; anchors: number[] } {
  const planned = plannedKeptCounts(count);
  return { counts: planned.filter((kept) => kept < count), anchors: [...new Set(planned.map((kept) => sizeModelAnchor(count, kept)))] };
}

export interface CompressResult {
  readonly bytes: Uint8Array;
  readonly budget: number;
  readonly kept: number;
  readonly bits: BitChoice;
  readonly shDegree: number;
  /** True when the budget held the whole scene at float32 (nothing lost). */
  readonly lossless: boolean;
}

/**
 * The size model over-predicts by up to ~6 % (bench:size-model); a lossless file predicted above
 * budget × this margin cannot fit, and is not encoded to find out.
 */
const LOSSLESS_PREDICTION_MARGIN = 1.25;

export interface FitOptions {
  /** Fraction done, 0–1: planning takes the first half, real encodes the rest. */
  onProgress?: ProgressCallback;
}

export function compressToBudget(analysis: SceneAnalysis, budget: number, options: FitOptions = {}): CompressResult {
  const { ranked } = analysis;
  // Encoding the whole scene at float32 takes seconds on large scenes: only when it may fit.
  const predictedLossless = analysis.sizeModel(ranked.count).predict(ranked.count, LOSSLESS_BITS, ranked.shDegree);
  if (predictedLossless <= budget * LOSSLESS_PREDICTION_MARGIN) {
    const lossless = analysis.losslessFile();
    if (lossless.length <= budget) {
      options.onProgress?.(1);
      // a copy: the caller owns its result's bytes (a worker transfers them, which would empty the cache)
      return { bytes: lossless.slice(), budget, kept: ranked.count, bits: LOSSLESS_BITS, shDegree: ranked.shDegree, lossless: true };
    }
  }
  const plan = bestPlan(analysis, budget, options.onProgress);
  const fitted = fitKeptCount(analysis, budget, plan.bits, plan.shDegree, plan.kept, stepProgress(0.5, 0.9, options.onProgress));
  const result: CompressResult = fitted.kept === ranked.count && fitted.bytes.length < budget * MIN_FILL
    ? { ...raiseBits(analysis, budget, plan.bits, plan.shDegree, fitted.bytes, stepProgress(0.9, 1, options.onProgress)), budget, kept: fitted.kept, lossless: false }
    : { ...fitted, budget, bits: plan.bits, shDegree: plan.shDegree, lossless: false };
  options.onProgress?.(1);
  return result;
}

/**
 * Every splat is kept and the file is still under 97 % of the budget: spend the rest on precision.
 * Repeatedly take the one-step deeper depth with the most error saved per predicted byte whose
 * real file still fits, until the file reaches 97 % or nothing more fits. A step is the next depth
 * up (any of 1–16, then float32), so a budget between two measured depths can still be filled.
 */
function raiseBits(analysis: SceneAnalysis, budget: number, start: BitChoice, shDegree: number, startBytes: Uint8Array, onStep: StepCallback): { bytes: Uint8Array; bits: BitChoice; shDegree: number } {
  const { ranked, sensitivity } = analysis;
  const model = analysis.sizeModel(ranked.count);
  let bits = { ...start }, bytes = startBytes;
  const refused = new Set<string>();
  for (let step = 1; bytes.length < budget * MIN_FILL; step++) {
    let best: { name: (typeof GROUP_NAMES)[number]; to: number; gain: number } | null = null;
    for (const name of groupsOf(shDegree)) {
      const row = sensitivity[name];
      const to = nextDepth(bits[name]);
      if (row === undefined || to === null || refused.has(`${name}:${to}`)) continue;
      const saved = errorAt(row, bits[name]) - errorAt(row, to);
      const cost = Math.max(1e-9, ranked.count * (model.bytesPerSplat(name, to) - model.bytesPerSplat(name, bits[name])));
      if (best === null || saved / cost > best.gain) best = { name, to, gain: saved / cost };
    }
    if (best === null) break;
    const trial = { ...bits, [best.name]: best.to };
    const encoded = writeSplatfit(ranked, { bits: trial, shDegree, order: 'input' });
    onStep(step);
    if (encoded.length <= budget) {
      bits = trial;
      bytes = encoded;
    } else {
      refused.add(`${best.name}:${best.to}`);
    }
  }
  return { bytes, bits, shDegree };
}

function nextDepth(bits: number): number | null {
  if (bits >= FLOAT_BITS) return null;
  return bits >= MAX_BITS ? FLOAT_BITS : bits + 1;
}

/**
 * A group's measured error at `bits`; between measured depths, interpolated geometrically (each
 * bit roughly quarters a quantization error); float32 is exact.
 */
function errorAt(row: ReadonlyMap<number, number>, bits: number): number {
  if (bits >= FLOAT_BITS) return 0;
  const known = row.get(bits);
  if (known !== undefined) return known;
  const depths = [...row.keys()].sort((a, b) => a - b);
  const below = depths.filter((d) => d < bits).at(-1), above = depths.find((d) => d > bits);
  if (below === undefined) return row.get(above!)!;
  if (above === undefined) return row.get(below)! * 4 ** (below - bits);
  const t = (bits - below) / (above - below);
  return Math.exp((1 - t) * Math.log(Math.max(1e-30, row.get(below)!)) + t * Math.log(Math.max(1e-30, row.get(above)!)));
}

interface Candidate { kept: number; bits: BitChoice; shDegree: number; error: number }

function bestPlan(analysis: SceneAnalysis, budget: number, onProgress: ProgressCallback | undefined): Candidate {
  const { ranked, sensitivity } = analysis;
  let best: Candidate | null = null;
  const counts = plannedKeptCounts(ranked.count);
  for (const [k, kept] of counts.entries()) {
    onProgress?.((0.5 * k) / counts.length);
    const plan = solveBits(sensitivity, analysis.sizeModel(kept), kept, ranked.shDegree, budget);
    if (plan === null) continue;
    const error = analysis.pruneError(kept) + plan.predictedError;
    if (best === null || error < best.error) best = { kept, bits: plan.bits, shDegree: plan.shDegree, error };
  }
  if (best === null) throw budgetTooSmall(analysis, budget);
  return best;
}

function budgetTooSmall(analysis: SceneAnalysis, budget: number): SplatfitError {
  return new SplatfitError(ErrorCode.BudgetTooSmall, `budget ${budget} bytes is below the smallest reachable size, ${smallestReachable(analysis)} bytes`, { field: 'budget' });
}

/** The smallest file the codec can make: one splat, coarsest depths, no SH. */
export function smallestReachable(analysis: SceneAnalysis): number {
  const bits = Object.fromEntries(GROUP_NAMES.map((g, k) => [g, k > Group.ShDc ? 0 : 2])) as BitChoice;
  return writeSplatfit(analysis.keep(1), { bits, shDegree: 0, order: 'input' }).length;
}

/** Largest kept count whose real file fits (see fit-count.ts). */
function fitKeptCount(analysis: SceneAnalysis, budget: number, bits: BitChoice, shDegree: number, start: number, onStep: StepCallback): { bytes: Uint8Array; kept: number } {
  const fit = fitCount((kept) => writeSplatfit(analysis.keep(kept), { bits, shDegree, order: 'input' }), analysis.ranked.count, budget, start, onStep);
  if (fit === null) throw budgetTooSmall(analysis, budget);
  return { bytes: fit.bytes, kept: fit.count };
}
