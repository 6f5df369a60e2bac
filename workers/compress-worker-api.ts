/**
 * What a compress worker exposes, the same in a Web Worker and a Node worker_thread: scenes are
 * loaded once per worker as their analysis measurements (shared by every budget of that scene),
 * then each budget is fitted against its scene's key. Results' bytes are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { ErrorCode, SplatfitError } from '../src/core/index.ts';
import { type AnalysisMeasurements, analysisFrom, LOSSLESS_BITS, measureScene, type SceneAnalysis } from '../src/core/codec/scene-analysis.ts';
import type { SizeTable } from '../src/core/codec/size-model.ts';
import type { GroupName } from '../src/core/formats/splatfit/constants.ts';
import type { SplatScene } from '../src/core/index.ts';
import { type BudgetJob, type BudgetResult, fitBudget, type Outcome, outcomeOf } from './compress-tasks.ts';

export function createCompressWorkerApi() {
  const analyses = new Map<string, SceneAnalysis>();
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
    unload(key: string): void {
      analyses.delete(key);
    },
    /**
     * What every budget's planning needs, for a share of the kept counts and size-model anchors:
     * pruning errors (renders of the held-out views) and size tables (encodes of samples).
     */
    planning(key: string, counts: readonly number[], anchors: readonly number[]): Outcome<{ pruneErrors: [number, number][]; sizeTables: [number, SizeTable][] }> {
      const analysis = analyses.get(key);
      if (analysis === undefined) return { ok: false, error: { code: ErrorCode.WorkerFailed, message: `scene '${key}' was not loaded into this worker` } };
      return { ok: true, value: { pruneErrors: counts.map((kept) => [kept, analysis.pruneError(kept)]), sizeTables: anchors.map((anchor) => [anchor, sizeTableAt(analysis, anchor)]) } };
    },
    async fit(key: string, job: BudgetJob, onProgress: (fraction: number) => void): Promise<Outcome<BudgetResult>> {
      const outcome = await outcomeOf(() => {
        const analysis = analyses.get(key);
        if (analysis === undefined) throw new SplatfitError(ErrorCode.WorkerFailed, `scene '${key}' was not loaded into this worker`);
        return fitBudget(analysis, job, onProgress);
      });
      return outcome.ok ? Comlink.transfer(outcome, [outcome.value.bytes.buffer as ArrayBuffer]) : outcome;
    },
  };
}

/** The size model at `anchor` measured at every depth the solver weighs (and float32 for the lossless check). */
function sizeTableAt(analysis: SceneAnalysis, anchor: number): SizeTable {
  const model = analysis.sizeModel(anchor);
  for (const [group, row] of Object.entries(analysis.sensitivity)) {
    for (const bits of [...row.keys(), LOSSLESS_BITS[group as GroupName]]) model.bytesPerSplat(group as GroupName, bits);
  }
  return model.table();
}

export type CompressWorkerApi = ReturnType<typeof createCompressWorkerApi>;
