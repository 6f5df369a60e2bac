/**
 * A scene's analysis spread over the compress pool: one worker puts the scene in encoding order;
 * each ranking round's significance is measured in SIGNIFICANCE_SHARES shares by whichever
 * workers are free (summed in share order, so the figures are one thread's whatever the pool's
 * size: core/fidelity/iterative-ranking.ts); the rest is measured in two halves side by side
 * (core/codec/scene-analysis.ts measureHalf) and joined here.
 */
import * as Comlink from 'comlink';
import { type AnalysisMeasurements, type AnalysisStart, joinHalves, RANKING_PROGRESS } from '../src/core/codec/scene-analysis.ts';
import { type IterativeRanking, rankingRounds, SIGNIFICANCE_SHARES, sumOfShares } from '../src/core/fidelity/iterative-ranking.ts';
import type { SplatScene } from '../src/core/index.ts';
import { unwrapOutcome } from './compress-tasks.ts';
import type { CompressWorkerApi } from './compress-worker-api.ts';
import type { PoolWorker, RunStep } from './pool.ts';

type Api = Comlink.Remote<CompressWorkerApi>;

/** Where a step's worker stands: `loaded` is the pool's record of what the worker holds. */
type Holding = (worker: PoolWorker<Api>, loaded: Set<string>) => Promise<void>;

/** `analysis` numbers this run apart from earlier (cancelled) runs of the scene, whose state workers may still hold. */
export async function analyzeOnPool(
  run: RunStep<Api>, sceneKey: string, analysis: number, scene: SplatScene, report: (fraction: number) => void, handOver: boolean,
): Promise<AnalysisMeasurements> {
  const startKey = `${sceneKey}\u0000ranking\u0000${analysis}`;
  const on = { sceneKey, analysis };
  const start = await run(async (worker, loaded) => {
    const started = unwrapOutcome(await worker.api.startAnalysis(sceneKey, analysis, scene, handOver));
    loaded.add(startKey);
    return started;
  });
  // a worker other than the first is given the started analysis (shared memory: not copied) once
  const holding: Holding = async (worker, loaded) => {
    if (loaded.has(startKey)) return;
    await worker.api.holdStart(sceneKey, analysis, start);
    loaded.add(startKey);
  };
  const ranking = await rankInShares(run, holding, on, start, (f) => report(RANKING_PROGRESS * f));
  return measureHalves(run, holding, on, start, ranking, (f) => report(RANKING_PROGRESS + (1 - RANKING_PROGRESS) * f));
}

/** Which analysis run the steps belong to. */
interface Run {
  readonly sceneKey: string;
  readonly analysis: number;
}

async function rankInShares(run: RunStep<Api>, holding: Holding, on: Run, start: AnalysisStart, report: (fraction: number) => void): Promise<IterativeRanking> {
  const rounds = rankingRounds(start.ranked.count);
  let next = rounds.next();
  for (let round = 0; !next.done; round++) {
    const { remaining, before, share } = next.value;
    const done = new Float64Array(SIGNIFICANCE_SHARES);
    const parts = await Promise.all(Array.from({ length: SIGNIFICANCE_SHARES }, (_, s) => run(async (worker, loaded) => {
      await holding(worker, loaded);
      const onProgress = (f: number): void => {
        done[s] = f;
        report(Math.min(1, before + (share * done.reduce((a, b) => a + b)) / SIGNIFICANCE_SHARES));
      };
      return unwrapOutcome(await worker.api.significanceShare(on.sceneKey, on.analysis, round, remaining, s, Comlink.proxy(onProgress)));
    })));
    next = rounds.next(sumOfShares(parts));
  }
  return next.value;
}

/** The workers load the joined measurements when they next work on the scene (loadOnce). */
async function measureHalves(
  run: RunStep<Api>, holding: Holding, on: Run, start: AnalysisStart, ranking: IterativeRanking, report: (fraction: number) => void,
): Promise<AnalysisMeasurements> {
  const done = new Float64Array(2);
  const [colours, geometry] = await Promise.all((['colours', 'geometry'] as const).map((half, h) => run(async (worker, loaded) => {
    await holding(worker, loaded);
    const onProgress = (f: number): void => {
      done[h] = f;
      report(0.5 * (done[0]! + done[1]!));
    };
    return unwrapOutcome(await worker.api.measureHalf(on.sceneKey, on.analysis, ranking, half, Comlink.proxy(onProgress)));
  })));
  return joinHalves(start, ranking, colours!, geometry!);
}
