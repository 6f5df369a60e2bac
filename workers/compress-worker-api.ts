/**
 * What a compress worker exposes, the same in a Web Worker and a Node worker_thread: scenes are
 * loaded once per worker as their analysis measurements (shared by every budget of that scene),
 * then each budget is fitted against its scene's key. Results' bytes are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { ErrorCode, sceneBuffers, SplatfitError, type SplatScene } from '../src/core/index.ts';
import {
  type AnalysisHalf, type AnalysisMeasurements, analysisFrom, type AnalysisStart, type HalfMeasurements, measureHalf, measureSizeTables, measureValidation,
  type PlanningShare, type SceneAnalysis, type SharedPlanning, startAnalysis, type StartedAnalysis, type ValidationShare,
} from '../src/core/codec/scene-analysis.ts';
import { geometryOf, type IterativeRanking, roundPositions, viewShare } from '../src/core/fidelity/iterative-ranking.ts';
import { measuredSignificance } from '../src/core/fidelity/significance.ts';
import { type PreparedData, type PreparedSplats, selectPrepared, withScratch } from '../src/core/raster/prepared-splats.ts';
import type { DrawnScene } from '../src/core/scene/drawn-scene.ts';
import type { SizeTable } from '../src/core/codec/size-model.ts';
import {
  type BudgetPrediction, budgetSpan, type BudgetSpan, codedShRest, predictBudget, previewBudgetHelped, type PreviewHelper,
} from '../src/core/codec/preview.ts';
import type { GroupCoding } from '../src/core/formats/splatfit/coding.ts';
import type { CodingGroup } from '../src/core/formats/splatfit/write.ts';
import { type BudgetJob, type BudgetResult, fitBudget, type ImageCodecs, type Outcome, outcomeOf } from './compress-tasks.ts';
import { compareReportViews, keepReferences, ReportReferences } from './report-fidelity.ts';
import { answerOneCall, type HelperLender, helperOnLoan } from './fit-loan.ts';
import type { Camera } from '../src/core/raster/camera.ts';
import type { ViewFidelity } from '../src/core/fidelity/compare-scenes.ts';
import { type SweepCache, sweepCacheOf, sweepShare } from '../src/core/codec/compensate.ts';
import { packedBuffers, type PackedStreams, type PackRequest, type SweepShare } from '../src/core/codec/fit-helper.ts';
import { packRequested } from '../src/core/codec/compress.ts';
import type { KeptSplats } from '../src/core/codec/kept-splats.ts';
import { isShared } from '../src/core/scene/shared-scene.ts';
import { validationErrors } from '../src/core/codec/measured-error.ts';

/** A budget's predicted result with the kept splats as its plan codes them (buffers transferred). */
export interface BudgetPreview {
  readonly prediction: BudgetPrediction;
  readonly scene: SplatScene;
}

/** The span a budget slider covers and the predicted quality-versus-size curve over it. */
export interface PredictedCurve {
  readonly span: BudgetSpan;
  readonly points: readonly BudgetPrediction[];
}

/**
 * `images` makes the WebP codecs for SOG jobs, the way the worker's platform loads wasm (called
 * only for those); `collect` is a full garbage collection where the platform has one (JobSupport).
 */
export function createCompressWorkerApi(images?: () => Promise<ImageCodecs>, collect?: () => void) {
  const analyses = new Map<string, SceneAnalysis>();
  // the original's renders at report views, for every budget of a scene (report-fidelity.ts)
  const references = new ReportReferences();
  // a lent re-fit's prepared splats, for its later sweeps; dropped at the next other lent work
  let sweeps: { fit: string; cache: SweepCache } | null = null;
  // analyses being ranked, by scene: the latest run of each (a cancelled run's is replaced by the next)
  const starts = new Map<string, { run: number; start: AnalysisStart }>();
  // the latest ranking round's splats here, prepared (one round's shares share them)
  let roundCache: { key: string; run: number; round: number; subset: SplatScene; prepared: PreparedSplats } | null = null;
  const startOf = (key: string, run: number): AnalysisStart => {
    const held = starts.get(key);
    if (held?.run !== run) throw new SplatfitError(ErrorCode.WorkerFailed, `analysis ${run} of '${key}' was not started in this worker`);
    return held.start;
  };
  const analysisOf = (key: string): SceneAnalysis => {
    const analysis = analyses.get(key);
    if (analysis === undefined) throw new SplatfitError(ErrorCode.WorkerFailed, `scene '${key}' was not loaded into this worker`);
    return analysis;
  };
  // planning measured across the pool spares this worker measuring it again
  const plannedAnalysis = (key: string, planning: SharedPlanning | null): SceneAnalysis => {
    const analysis = analysisOf(key);
    if (planning !== null) analysis.adopt(planning);
    return analysis;
  };
  // calls answered on loan, by kind (loansAnswered)
  const loans = new Map<string, number>();
  const api = {
    /**
     * The analysis' first step (scene in encoding order, decision views, the scene's preparation),
     * held here for the ranking's rounds and posted whole on each of `peers`, for the pool's other
     * workers (holdStart); the caller gets it without the preparation, which only workers render
     * with (a thread that passed it on would hold it until its next full collection: 216 MB for a
     * 6 M-splat scene). `handOver`: the caller gives its scene up, and it is reordered in place
     * (core/codec/scene-analysis.ts).
     */
    async startAnalysis(key: string, run: number, scene: SplatScene, handOver: boolean, peers: readonly MessagePort[] = []): Promise<Outcome<StartedAnalysis>> {
      return outcomeOf(async () => {
        // the scene in encoding order lives in shared memory (allocateScene), so posting it to the
        // pool's other workers and back to the page shares it: one copy
        const start = startAnalysis(scene, { handOver });
        starts.set(key, { run, start });
        // queued on each channel until a worker takes its other end
        for (const port of peers) port.postMessage(start);
        return { ranked: start.ranked, views: start.views };
      });
    },
    /** Holds an analysis started in another worker, for ranking rounds here: the start that worker posted on `port`. */
    async holdStart(key: string, run: number, port: MessagePort): Promise<void> {
      const start = await new Promise<AnalysisStart>((resolve) => {
        port.onmessage = (event: MessageEvent<AnalysisStart>) => resolve(event.data);
      });
      port.close();
      starts.set(key, { run, start });
    },
    /**
     * Part `share` of round `round`'s significance (core/fidelity/iterative-ranking.ts). The round's
     * splats are selected and prepared once per worker, for whichever of its shares come here.
     */
    async significanceShare(key: string, run: number, round: number, remaining: Uint32Array, share: number, onProgress: (fraction: number) => void): Promise<Outcome<Float32Array>> {
      const outcome = await outcomeOf(async () => {
        const start = startOf(key, run);
        if (roundCache?.key !== key || roundCache.run !== run || roundCache.round !== round) {
          // the last round's subset and preparation collected before this round's are made (both are hundreds of MB on a 6 M scene)
          if (roundCache !== null) {
            roundCache = null;
            collect?.();
          }
          const subset = roundPositions(geometryOf(start.ranked), remaining);
          roundCache = { key, run, round, subset, prepared: selectPrepared(start.prepared, remaining) };
        }
        const { subset, prepared } = roundCache;
        return measuredSignificance(subset, viewShare(start.views.ranking, share), { dilation: start.views.rankingDilation, prepared, onProgress });
      });
      return outcome.ok ? Comlink.transfer(outcome, [outcome.value.buffer as ArrayBuffer]) : outcome;
    },
    /** Half of what the analysis measures once ranked (core/codec/scene-analysis.ts), the other half measured elsewhere. */
    async measureHalf(key: string, run: number, ranking: IterativeRanking, half: AnalysisHalf, onProgress: (fraction: number) => void): Promise<Outcome<HalfMeasurements>> {
      return outcomeOf(async () => {
        roundCache = null;
        return measureHalf(startOf(key, run), ranking, half, { onProgress });
      });
    },
    /** Validation views `views` of a ranked analysis: the whole scene's images there and the pruning errors of `counts` (core/codec/scene-analysis.ts). */
    async validationShare(
      key: string, run: number, ranking: IterativeRanking, views: readonly number[], counts: readonly number[], onProgress: (fraction: number) => void,
    ): Promise<Outcome<ValidationShare>> {
      const outcome = await outcomeOf(async () => {
        roundCache = null;
        return measureValidation(startOf(key, run), ranking, views, counts, onProgress);
      });
      return outcome.ok ? Comlink.transfer(outcome, outcome.value.images.map((image) => image.rgba.buffer as ArrayBuffer)) : outcome;
    },
    /** The size tables at `anchors`, from the two halves' measurements. */
    async sizeTables(
      key: string, run: number, ranking: IterativeRanking, colours: HalfMeasurements, geometry: HalfMeasurements, anchors: readonly number[],
    ): Promise<Outcome<(readonly [number, SizeTable])[]>> {
      return outcomeOf(async () => measureSizeTables(startOf(key, run), ranking, colours, geometry, anchors));
    },
    load(key: string, measurements: AnalysisMeasurements): void {
      // the ranking's rounds are over once measurements exist: their splats are not needed
      roundCache = null;
      starts.delete(key);
      analyses.set(key, analysisFrom(measurements));
    },
    /** Frees a closed scene's analysis. */
    forget(key: string): void {
      analyses.delete(key);
      references.forget(key);
      starts.delete(key);
      if (roundCache?.key === key) roundCache = null;
      sweeps = null;
    },
    /** This worker's share of the planning every budget needs (SceneAnalysis.planningShare). */
    async planning(key: string, counts: readonly number[], anchors: readonly number[], share: number, shares: number): Promise<Outcome<PlanningShare>> {
      return outcomeOf(async () => analysisOf(key).planningShare(counts, anchors, share, shares));
    },
    /**
     * Fits one budget; `planning`, measured across the pool, spares this worker measuring it again;
     * `helper` lends another worker for half of the fit's views (core/codec/fit-helper.ts).
     */
    async fit(key: string, job: BudgetJob, planning: SharedPlanning | null, onProgress: (fraction: number) => void, lender?: HelperLender): Promise<Outcome<BudgetResult>> {
      const outcome = await outcomeOf(() => {
        const helper = lender === undefined ? undefined : helperOnLoan(lender);
        return fitBudget(plannedAnalysis(key, planning), job, onProgress, images, { helper, kept: { references, sceneKey: key }, collect });
      });
      return outcome.ok ? Comlink.transfer(outcome, [outcome.value.bytes.buffer as ArrayBuffer]) : outcome;
    },
    /**
     * Lent to fit `fit` of scene `key` for one call, made by the fitting worker on `port`
     * (fit-loan.ts); resolves once it is answered.
     */
    serveHelp(key: string, fit: string, port: MessagePort): Promise<void> {
      return answerOneCall({
        validationErrors: (scene, views, prepared) => api.validationErrors(key, scene, views, prepared),
        refitSweep: (scene, views, gradient, prepared) => api.refitSweep(key, scene, views, gradient, prepared, fit),
        packStreams: (splats, kept, request) => api.packStreams(key, splats, kept, request),
        compareReport: (candidate, size, cameras, views, prepared) => api.compareReport(key, candidate, size, cameras, views, prepared),
        keepReferences: (size, cameras, views, prepared) => api.keepReportReferences(key, size, cameras, views, prepared),
      }, port, (kind) => loans.set(kind, (loans.get(kind) ?? 0) + 1));
    },
    /** How many calls of each kind this worker answered on loan (serveHelp), since it started. */
    loansAnswered(): Record<string, number> {
      return Object.fromEntries(loans);
    },
    /** A fit's validation views `views` rendered here for the worker fitting it, with its preparation (`prepared`, shared): each one's squared error of `scene`. */
    async validationErrors(key: string, scene: DrawnScene, views: readonly number[], prepared: PreparedData): Promise<Outcome<Float64Array>> {
      sweeps = null;
      return outcomeOf(async () => validationErrors(analysisOf(key), scene, views, undefined, withScratch(prepared)));
    },
    /** Some of a fit's encode's streams, packed here for the worker fitting it (core/codec/compress.ts packRequested). */
    async packStreams(key: string, splats: KeptSplats, kept: number, request: PackRequest): Promise<Outcome<PackedStreams>> {
      sweeps = null;
      const outcome = await outcomeOf(async () => packRequested(analysisOf(key), splats, kept, request));
      // moved, not copied: the streams are the fitting worker's from here on
      return outcome.ok ? Comlink.transfer(outcome, packedBuffers(outcome.value)) : outcome;
    },
    /** A preview's SH groups coded here for the preview worker (core/codec/preview.ts): the coded SH rest, in shared memory. */
    async codeShRest(key: string, scene: SplatScene, kept: number, codings: readonly (readonly [CodingGroup, GroupCoding])[]): Promise<Outcome<Float32Array>> {
      sweeps = null;
      return outcomeOf(async () => codedShRest(analysisOf(key), scene, kept, codings));
    },
    /** Report views `views` (of `cameras`, at `size`) of a fitted budget compared here for the worker that fitted it (with its preparation, shared), against the original's renders kept here. */
    async compareReport(
      key: string, candidate: DrawnScene, size: number, cameras: readonly Camera[], views: readonly number[], prepared: PreparedData,
    ): Promise<Outcome<ViewFidelity[]>> {
      sweeps = null;
      return outcomeOf(async () => {
        const source = { original: analysisOf(key).ranked, views: cameras, size, kept: { references, sceneKey: key } };
        return compareReportViews(source, candidate, views, undefined, prepared);
      });
    },
    /**
     * The original's renders at report views `views` (of `cameras`, at `size`) kept here, for this
     * worker's share of a fit's report (report-fidelity.ts), with the fitting worker's preparation of it when given (shared).
     */
    async keepReportReferences(key: string, size: number, cameras: readonly Camera[], views: readonly number[], prepared?: PreparedData): Promise<Outcome<boolean[]>> {
      sweeps = null;
      return outcomeOf(async () => {
        const source = { original: analysisOf(key).ranked, views: cameras, size, kept: { references, sceneKey: key } };
        keepReferences(source, views, undefined, prepared);
        return views.map(() => true);
      });
    },
    /**
     * One share of a fit's colour re-fit sweep (core/codec/compensate.ts), rendered here for the
     * worker fitting it, with the preparation it made (`prepared`, shared). `fit` names the fit: its
     * sweeps share one geometry, so the splats are binned once here for all of them.
     */
    async refitSweep(
      key: string, scene: DrawnScene, views: readonly number[], gradient: Float32Array | null, prepared: PreparedData, fit: string,
    ): Promise<Outcome<SweepShare>> {
      const outcome = await outcomeOf(async () => {
        const analysis = analysisOf(key);
        if (sweeps?.fit !== fit) sweeps = { fit, cache: sweepCacheOf(prepared) };
        return sweepShare(scene, analysis.fitViews, analysis.fitImages, views, gradient !== null, sweeps.cache, undefined, gradient ?? undefined);
      });
      // a shared gradient is the fitting worker's own memory, written here: posted back, not moved
      const moved = outcome.ok && outcome.value.gradient !== null && !isShared(outcome.value.gradient);
      return moved ? Comlink.transfer(outcome, [outcome.value.gradient!.buffer as ArrayBuffer]) : outcome;
    },
    /** The slider's span, from the analysis alone. */
    async span(key: string, planning: SharedPlanning | null): Promise<Outcome<BudgetSpan>> {
      return outcomeOf(async () => {
        return budgetSpan(plannedAnalysis(key, planning));
      });
    },
    /** Predicted results at `budgets` (points of the predicted curve), no file written. */
    async predictions(key: string, planning: SharedPlanning | null, budgets: readonly number[]): Promise<Outcome<BudgetPrediction[]>> {
      return outcomeOf(async () => {
        const analysis = plannedAnalysis(key, planning);
        return budgets.map((budget) => predictBudget(analysis, budget));
      });
    },
    /** A budget's predicted result, no file written (core/codec/preview.ts). */
    async preview(key: string, budget: number, planning: SharedPlanning | null, helper?: PreviewHelper): Promise<Outcome<BudgetPreview>> {
      const outcome = await outcomeOf(async () => {
        const analysis = plannedAnalysis(key, planning);
        const { prediction, scene } = await previewBudgetHelped(analysis, budget, helper);
        return { prediction, scene: ownArrays(scene, analysis.ranked) };
      });
      return outcome.ok ? Comlink.transfer(outcome, sceneBuffers(outcome.value.scene)) : outcome;
    },
  };
  return api;
}

export type CompressWorkerApi = ReturnType<typeof createCompressWorkerApi>;

/** The scene with every array the analysis' own scene also holds (and could transfer) copied: those buffers must stay here when the rest is transferred. */
function ownArrays(scene: SplatScene, kept: SplatScene): SplatScene {
  const held = new Set<ArrayBufferLike>(sceneBuffers(kept));
  const own = (a: Float32Array): Float32Array => (held.has(a.buffer) ? a.slice() : a);
  return {
    ...scene, positions: own(scene.positions), logScales: own(scene.logScales), rotations: own(scene.rotations),
    opacities: own(scene.opacities), shDc: own(scene.shDc), shRest: own(scene.shRest),
  };
}
