/**
 * A scene's analysis spread over the compress pool: one worker puts the scene in encoding order;
 * each ranking round's significance is measured in SIGNIFICANCE_SHARES shares by whichever
 * workers are free (summed in share order, so the figures are one thread's whatever the pool's
 * size: core/fidelity/iterative-ranking.ts); the rest — the distortion table's two halves, the
 * validation images with the pruning errors, the size tables — as tasks any free worker takes
 * (measureAfterRanking), joined here into the measurements and the planning every budget needs.
 */
import * as Comlink from 'comlink';
import { planningTargets } from '../src/core/codec/compress.ts';
import { viewsOfShare } from '../src/core/codec/fit-helper.ts';
import {
  type AnalysisHalf, type AnalysisMeasurements, type HalfMeasurements, joinHalves, planningFromShares, RANKING_PROGRESS, type SharedPlanning, type StartedAnalysis,
} from '../src/core/codec/scene-analysis.ts';
import { type IterativeRanking, rankingRounds, SIGNIFICANCE_SHARES, sumOfShares } from '../src/core/fidelity/iterative-ranking.ts';
import { ErrorCode, SplatfitError, type SplatScene } from '../src/core/index.ts';
import { unwrapOutcome } from './compress-tasks.ts';
import type { CompressWorkerApi } from './compress-worker-api.ts';
import type { PoolWorker, RunStep } from './pool.ts';

type Api = Comlink.Remote<CompressWorkerApi>;

/** Where a step's worker stands: `loaded` is the pool's record of what the worker holds. */
type Holding = (worker: PoolWorker<Api>, loaded: Set<string>) => Promise<void>;

/** `analysis` numbers this run apart from earlier (cancelled) runs of the scene, whose state workers may still hold. */
export async function analyzeOnPool(
  run: RunStep<Api>, poolSize: number, sceneKey: string, analysis: number, scene: SplatScene, report: (fraction: number) => void, handOver: boolean,
): Promise<{ measurements: AnalysisMeasurements; planning: SharedPlanning }> {
  const startKey = `${sceneKey}\u0000ranking\u0000${analysis}`;
  const on = { sceneKey, analysis };
  // one channel for each other worker, on which the first posts the started analysis, preparation and all: it never passes through here
  const channels = Array.from({ length: poolSize - 1 }, () => new MessageChannel());
  const start = await run(async (worker, loaded) => {
    const ports = channels.map((c) => c.port1);
    const started = unwrapOutcome(await worker.api.startAnalysis(sceneKey, analysis, scene, handOver, Comlink.transfer(ports, ports)));
    loaded.add(startKey);
    return started;
  });
  const unclaimed = channels.map((c) => c.port2);
  // a worker other than the first takes the started analysis (shared memory: not copied) once
  const holding: Holding = async (worker, loaded) => {
    if (loaded.has(startKey)) return;
    const port = unclaimed.shift();
    if (port === undefined) throw new SplatfitError(ErrorCode.WorkerFailed, `analysis ${analysis} of '${sceneKey}': a worker that replaced one of the pool's has no started analysis to rank with`);
    await worker.api.holdStart(sceneKey, analysis, Comlink.transfer(port, [port]));
    loaded.add(startKey);
  };
  const ranking = await rankInShares(run, holding, on, start, (f) => report(RANKING_PROGRESS * f));
  return measureAfterRanking(run, holding, on, start, ranking, (f) => report(RANKING_PROGRESS + (1 - RANKING_PROGRESS) * f));
}

/** Which analysis run the steps belong to. */
interface Run {
  readonly sceneKey: string;
  readonly analysis: number;
}

async function rankInShares(run: RunStep<Api>, holding: Holding, on: Run, start: StartedAnalysis, report: (fraction: number) => void): Promise<IterativeRanking> {
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

/** Validation views are measured in this many shares, taken by whichever worker is free. */
const VALIDATION_SHARES = 4;

/**
 * What is measured once ranked, as pool tasks queued in this order: the colour half, the geometry
 * half, the validation shares (images and pruning errors), then — once both halves are in — the
 * size tables. Workers take them as they come free, so a 2-worker pool keeps both busy to the end.
 * The workers load the joined measurements when they next work on the scene (loadOnce).
 */
async function measureAfterRanking(
  run: RunStep<Api>, holding: Holding, on: Run, start: StartedAnalysis, ranking: IterativeRanking, report: (fraction: number) => void,
): Promise<{ measurements: AnalysisMeasurements; planning: SharedPlanning }> {
  const { counts, anchors } = planningTargets(start.ranked.count);
  // each task's share of the progress, about its share of the time
  const parts = { colours: 0.4, geometry: 0.25, validation: 0.25, sizes: 0.1 };
  const done = new Map<string, number>();
  const progress = (name: string, weight: number) => (f: number): void => {
    done.set(name, weight * f);
    report([...done.values()].reduce((a, b) => a + b, 0));
  };
  const half = (name: AnalysisHalf): Promise<HalfMeasurements> => run(async (worker, loaded) => {
    await holding(worker, loaded);
    return unwrapOutcome(await worker.api.measureHalf(on.sceneKey, on.analysis, ranking, name, Comlink.proxy(progress(name, parts[name]))));
  });
  const colours = half('colours'), geometry = half('geometry');
  const shares = Array.from({ length: VALIDATION_SHARES }, (_, s) => viewsOfShare(start.views.validation.length, s, VALIDATION_SHARES));
  const validation = Promise.all(shares.filter((views) => views.length > 0).map((views, s) => run(async (worker, loaded) => {
    await holding(worker, loaded);
    const onProgress = Comlink.proxy(progress(`validation ${s}`, (parts.validation * views.length) / start.views.validation.length));
    return unwrapOutcome(await worker.api.validationShare(on.sceneKey, on.analysis, ranking, views, counts, onProgress));
  })));
  const sizes = Promise.all([colours, geometry]).then(([c, g]) => run(async (worker, loaded) => {
    await holding(worker, loaded);
    const tables = unwrapOutcome(await worker.api.sizeTables(on.sceneKey, on.analysis, ranking, c, g, anchors));
    progress('sizes', parts.sizes)(1);
    return tables;
  }));
  const [c, g, v, tables] = await Promise.all([colours, geometry, validation, sizes]);
  return { measurements: joinHalves(start, ranking, c, g, v), planning: planningFromShares(counts, anchors, v, tables) };
}
