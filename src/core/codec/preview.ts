/**
 * What a budget will give, predicted from the analysis alone, no file written: the solver's best
 * plan, the kept count its size model says fits, its predicted error as a PSNR and, for the page's
 * live preview, the kept splats as that plan codes them. Milliseconds where an exact fit takes
 * seconds, because the exact fit's real encodes and measured choices are what is left out; the
 * exact fit then replaces the prediction (the page labels it a prediction until then).
 */
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import type { CodingGroup } from '../formats/splatfit/write.ts';
import { sharedFloat32Array } from '../scene/shared-scene.ts';
import { type SplatScene, withShDegree } from '../scene/splat-scene.ts';
import {
  ALL_TOOLS, availableCodings, budgetTooSmall, grownKeptCount, plannedKeptCounts, predictedLosslessBytes, rankedPlans, type RankedPlan, sizeModelFor, smallestReachable,
} from './compress.ts';
import { codedScene } from './coded-scene.ts';
import { COLOUR_GROUPS, type SceneAnalysis } from './scene-analysis.ts';
import { allSplats } from './kept-splats.ts';

export interface BudgetPrediction {
  readonly budget: number;
  /** The size model's bytes for the plan (an exact fit lands within 97–100 % of the budget). */
  readonly bytes: number;
  readonly kept: number;
  readonly shDegree: number;
  /** From the predicted mean squared error over the validation decision views; Infinity when lossless. */
  readonly psnr: number;
  readonly lossless: boolean;
}

/** The budgets a slider can offer: from the smallest file the codec makes to the predicted lossless size. */
export interface BudgetSpan {
  readonly smallest: number;
  readonly lossless: number;
}

export function budgetSpan(analysis: SceneAnalysis): BudgetSpan {
  return { smallest: smallestReachable(analysis), lossless: Math.ceil(predictedLosslessBytes(analysis)) };
}

export function predictBudget(analysis: SceneAnalysis, budget: number): BudgetPrediction {
  return predictedPlan(analysis, budget).prediction;
}

/** The prediction and the kept splats as its plan codes them (the whole scene when lossless). */
export function previewBudget(analysis: SceneAnalysis, budget: number): { prediction: BudgetPrediction; scene: SplatScene } {
  const { prediction, plan } = predictedPlan(analysis, budget);
  return { prediction, scene: plan === null ? analysis.ranked : codedScene(analysis, plan, prediction.kept) };
}

/**
 * Codes the SH groups of a preview in another thread (a compress worker left idle): `scene` the
 * kept splats (in shared memory), `codings` the SH groups' codings; the coded SH rest in shared
 * memory, or null: nobody free.
 */
export type PreviewHelper = (scene: SplatScene, kept: number, codings: readonly (readonly [CodingGroup, GroupCoding])[]) => Promise<Float32Array | null>;

/**
 * previewBudget with the SH groups — the SH rest array, about half of a preview's coding — coded
 * by `helper` while this thread codes the others: each group codes from its own arrays alone, so
 * the scene is the same as one thread's.
 */
export async function previewBudgetHelped(analysis: SceneAnalysis, budget: number, helper: PreviewHelper | undefined): Promise<{ prediction: BudgetPrediction; scene: SplatScene }> {
  const { prediction, plan } = predictedPlan(analysis, budget);
  if (plan === null) return { prediction, scene: analysis.ranked };
  const theirs = [...plan.codings].filter(([group]) => COLOUR_GROUPS.includes(group));
  if (helper === undefined || theirs.length === 0) return { prediction, scene: codedScene(analysis, plan, prediction.kept) };
  const kept = analysis.keep(prediction.kept);
  const degree = kept.shDegree;
  const remote = helper(kept, prediction.kept, theirs);
  const mine = { codings: new Map([...plan.codings].filter(([group]) => !COLOUR_GROUPS.includes(group))), shDegree: degree };
  const coded = codedScene(analysis, mine, prediction.kept, allSplats(kept));
  const shRest = (await remote) ?? codedScene(analysis, { codings: new Map(theirs), shDegree: degree }, prediction.kept, allSplats(kept)).shRest;
  return { prediction, scene: withShDegree({ ...coded, shRest }, plan.shDegree) };
}

/** The helper's side of previewBudgetHelped: the SH groups of the kept splats coded, in shared memory. */
export function codedShRest(analysis: SceneAnalysis, scene: SplatScene, kept: number, codings: readonly (readonly [CodingGroup, GroupCoding])[]): Float32Array {
  return codedScene(analysis, { codings: new Map(codings), shDegree: scene.shDegree }, kept, allSplats(scene), { allocate: sharedFloat32Array }).shRest;
}

/** Predictions at `points` budgets spaced evenly on a log scale over the span (the chart's curve). */
export function predictedCurve(analysis: SceneAnalysis, span: BudgetSpan, points: number): BudgetPrediction[] {
  return curveBudgets(span, points).map((budget) => predictBudget(analysis, budget));
}

/** `points` budgets spaced evenly on a log scale over the span. */
export function curveBudgets(span: BudgetSpan, points: number): number[] {
  const low = Math.log(span.smallest), high = Math.log(Math.max(span.smallest + 1, span.lossless));
  return Array.from({ length: points }, (_, k) => Math.round(Math.exp(low + ((high - low) * k) / Math.max(1, points - 1))));
}

function predictedPlan(analysis: SceneAnalysis, budget: number): { prediction: BudgetPrediction; plan: RankedPlan | null } {
  const { ranked } = analysis;
  const lossless = Math.ceil(predictedLosslessBytes(analysis));
  if (budget >= lossless) {
    return { prediction: { budget, bytes: lossless, kept: ranked.count, shDegree: ranked.shDegree, psnr: Infinity, lossless: true }, plan: null };
  }
  const plans = rankedPlans(analysis, availableCodings(analysis.distortion, ALL_TOOLS), budget, () => {}, ALL_TOOLS);
  const plan = plans[0];
  // the fallback plan (fewer splats than any planned count) is predicted coarsely: the real smallest file decides
  if (plan === undefined || (!Number.isFinite(plan.totalError) && budget < smallestReachable(analysis))) throw budgetTooSmall(analysis, budget);
  // As an exact fit does, the plan keeps as many splats as its (predicted) file leaves room for.
  const kept = grownKeptCount(analysis, plan, budget);
  const error = interpolatedPruneError(analysis, kept) + plan.predictedError;
  const bytes = Math.min(budget, Math.round(sizeModelFor(analysis, plan.kept, ALL_TOOLS).predict(kept, plan.codings)));
  return {
    prediction: { budget, bytes, kept, shDegree: plan.shDegree, psnr: error > 0 ? -10 * Math.log10(error) : Infinity, lossless: false },
    plan,
  };
}

/**
 * Pruning error between the planned kept counts, log–log interpolated from the errors measured at
 * them (measuring a new count renders every validation view: too slow for a slider).
 */
function interpolatedPruneError(analysis: SceneAnalysis, kept: number): number {
  const { count } = analysis.ranked;
  if (kept >= count) return 0;
  const planned = plannedKeptCounts(count).filter((k) => k < count).sort((a, b) => a - b);
  const above = planned.find((k) => k >= kept);
  const below = [...planned].reverse().find((k) => k <= kept);
  if (above === undefined) {
    // Between the largest planned count and the whole scene (error 0): linear to zero.
    const last = planned[planned.length - 1]!;
    return analysis.pruneError(last) * ((count - kept) / (count - last));
  }
  if (below === above) return analysis.pruneError(above);
  if (below === undefined) {
    // Fewer than the smallest planned count: extrapolated from the two smallest.
    const [k0, k1] = planned as [number, number | undefined];
    if (k1 === undefined) return analysis.pruneError(k0);
    return extrapolated(analysis.pruneError(k0), analysis.pruneError(k1), Math.log(kept / k0) / Math.log(k1 / k0));
  }
  return extrapolated(analysis.pruneError(below), analysis.pruneError(above), Math.log(kept / below) / Math.log(above / below));
}

/** Log-linear between errors e0 (at t = 0) and e1 (at t = 1); linear where either is 0. */
function extrapolated(e0: number, e1: number, t: number): number {
  if (!(e0 > 0 && e1 > 0)) return Math.max(0, e0 + (e1 - e0) * t);
  return Math.exp(Math.log(e0) + t * (Math.log(e1) - Math.log(e0)));
}
