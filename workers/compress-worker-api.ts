/**
 * What a compress worker exposes, the same in a Web Worker and a Node worker_thread: scenes are
 * loaded once per worker as their analysis measurements (shared by every budget of that scene),
 * then each budget is fitted against its scene's key. Results' bytes are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { ErrorCode, SplatfitError, type SplatScene } from '../src/core/index.ts';
import {
  type AnalysisMeasurements, analysisFrom, measureScene, type SceneAnalysis, type SharedPlanning,
} from '../src/core/codec/scene-analysis.ts';
import { type BudgetJob, type BudgetResult, fitBudget, type ImageCodecs, type Outcome, outcomeOf } from './compress-tasks.ts';

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
        const measurements = measureScene(scene, { onProgress });
        analyses.set(key, analysisFrom(measurements));
        return measurements;
      });
    },
    load(key: string, measurements: AnalysisMeasurements): void {
      analyses.set(key, analysisFrom(measurements));
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
  };
}

export type CompressWorkerApi = ReturnType<typeof createCompressWorkerApi>;
