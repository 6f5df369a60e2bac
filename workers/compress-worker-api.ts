/**
 * What a compress worker exposes, the same in a Web Worker and a Node worker_thread: scenes are
 * loaded once per worker as their analysis measurements (shared by every budget of that scene),
 * then each budget is fitted against its scene's key. Results' bytes are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { ErrorCode, sceneBuffers, SplatfitError, type SplatScene } from '../src/core/index.ts';
import {
  type AnalysisMeasurements, analysisFrom, measureScene, type SceneAnalysis, type SharedPlanning,
} from '../src/core/codec/scene-analysis.ts';
import { type BudgetPrediction, budgetSpan, type BudgetSpan, predictedCurve, previewBudget } from '../src/core/codec/preview.ts';
import { type BudgetJob, type BudgetResult, fitBudget, type ImageCodecs, type Outcome, outcomeOf } from './compress-tasks.ts';

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

/** Points of the predicted curve. */
const CURVE_POINTS = 32;

/** `images` makes the WebP codecs for SOG jobs, the way the worker's platform loads wasm (called only for those). */
export function createCompressWorkerApi(images?: () => Promise<ImageCodecs>) {
  const analyses = new Map<string, SceneAnalysis>();
  const analysisOf = (key: string): SceneAnalysis => {
    const analysis = analyses.get(key);
    if (analysis === undefined) throw new SplatfitError(ErrorCode.WorkerFailed, `scene '${key}' was not loaded into this worker`);
    return analysis;
  };
  return {
    /** Analyses a scene here (kept for its budgets) and returns the measurements for other workers. */
    async measure(key: string, scene: SplatScene, onProgress: (fraction: number) => void): Promise<Outcome<AnalysisMeasurements>> {
      return outcomeOf(async () => {
        // its scene in encoding order is allocated in shared memory (allocateScene), so posting the
        // measurements to the pool's other workers and back to the page shares it: one copy
        const measurements = measureScene(scene, { onProgress });
        analyses.set(key, analysisFrom(measurements));
        return measurements;
      });
    },
    load(key: string, measurements: AnalysisMeasurements): void {
      analyses.set(key, analysisFrom(measurements));
    },
    /** Frees a closed scene's analysis. */
    forget(key: string): void {
      analyses.delete(key);
    },
    /** This worker's share of the planning every budget needs (see SceneAnalysis.planning). */
    async planning(key: string, counts: readonly number[], anchors: readonly number[]): Promise<Outcome<SharedPlanning>> {
      return outcomeOf(async () => analysisOf(key).planning(counts, anchors));
    },
    /** Fits one budget; `planning`, measured across the pool, spares this worker measuring it again. */
    async fit(key: string, job: BudgetJob, planning: SharedPlanning | null, onProgress: (fraction: number) => void): Promise<Outcome<BudgetResult>> {
      const outcome = await outcomeOf(() => {
        const analysis = analysisOf(key);
        if (planning !== null) analysis.adopt(planning);
        return fitBudget(analysis, job, onProgress, images);
      });
      return outcome.ok ? Comlink.transfer(outcome, [outcome.value.bytes.buffer as ArrayBuffer]) : outcome;
    },
    /** The slider's span and the predicted curve over it, from the analysis alone. */
    async curve(key: string, planning: SharedPlanning | null): Promise<Outcome<PredictedCurve>> {
      return outcomeOf(async () => {
        const analysis = analysisOf(key);
        if (planning !== null) analysis.adopt(planning);
        const span = budgetSpan(analysis);
        return { span, points: predictedCurve(analysis, span, CURVE_POINTS) };
      });
    },
    /** A budget's predicted result, no file written (core/codec/preview.ts). */
    async preview(key: string, budget: number, planning: SharedPlanning | null): Promise<Outcome<BudgetPreview>> {
      const outcome = await outcomeOf(async () => {
        const analysis = analysisOf(key);
        if (planning !== null) analysis.adopt(planning);
        const { prediction, scene } = previewBudget(analysis, budget);
        return { prediction, scene: ownArrays(scene, analysis.ranked) };
      });
      return outcome.ok ? Comlink.transfer(outcome, sceneBuffers(outcome.value.scene)) : outcome;
    },
  };
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
