/**
 * Fits budgets in parallel on a WorkerPool of compress workers. A scene's analysis measurements
 * are posted to a worker the first time it works on that scene, and stay there for the
 * scene's later budgets; progress comes back per budget.
 */
import * as Comlink from 'comlink';
import { type AnalysisMeasurements, joinHalves, RANKING_PROGRESS, type SharedPlanning } from '../src/core/codec/scene-analysis.ts';
import { ErrorCode, SplatfitError, type SplatScene } from '../src/core/index.ts';
import { rankingRounds, SIGNIFICANCE_SHARES, sumOfShares } from '../src/core/fidelity/iterative-ranking.ts';
import type { BudgetJob, BudgetResult } from './compress-tasks.ts';
import { unwrapOutcome } from './compress-tasks.ts';
import { planningTargets } from '../src/core/codec/compress.ts';
import type { BudgetPreview, CompressWorkerApi, PredictedCurve } from './compress-worker-api.ts';
import { type BudgetPrediction, type BudgetSpan, curveBudgets } from '../src/core/codec/preview.ts';

/** Points of the predicted curve, and how many a worker predicts per task. */
const CURVE_POINTS = 32;
const CURVE_BATCH = 8;
import { type PoolTask, type PoolWorker, type SlotWork, WorkerPool } from './pool.ts';

export type CompressWorker = PoolWorker<Comlink.Remote<CompressWorkerApi>>;

/** Posts a scene's measurements to a worker the first time it works on that scene. */
async function loadOnce(worker: CompressWorker, loaded: Set<string>, sceneKey: string, measurements: AnalysisMeasurements): Promise<void> {
  if (loaded.has(sceneKey)) return;
  await worker.api.load(sceneKey, measurements);
  loaded.add(sceneKey);
}

/**
 * Progress that ends at exactly 1 once the result is in. Progress and result travel on different
 * ports, so a progress message can arrive after the result; it is dropped, and 1 is reported when
 * the result arrives: a finished job never shows less than done, and the order is the protocol's.
 */
function progressUntilDone(onProgress: (fraction: number) => void): { report: (fraction: number) => void; done: () => void } {
  let finished = false;
  return {
    report: (fraction) => { if (!finished) onProgress(fraction); },
    done: () => {
      if (finished) return;
      finished = true;
      onProgress(1);
    },
  };
}

export class CompressPool {
  readonly #pool: WorkerPool<Comlink.Remote<CompressWorkerApi>>;

  constructor(spawn: () => CompressWorker, size: number) {
    this.#pool = new WorkerPool(spawn, size);
  }

  get size(): number {
    return this.#pool.size;
  }

  /**
   * Measures a scene once (order, significance, sensitivity): the ranking's rounds are measured in
   * shares across the pool (the same figures as one thread: core/fidelity/iterative-ranking.ts),
   * the rest in two halves side by side (core/codec/scene-analysis.ts measureHalf). `handOver`: the
   * caller gives its scene up, and it is reordered in place instead of copied.
   */
  analyze(sceneKey: string, scene: SplatScene, onProgress: (fraction: number) => void = () => {}, handOver = false): PoolTask<AnalysisMeasurements> {
    const progress = progressUntilDone(onProgress);
    const running = new Set<PoolTask<unknown>>();
    let cancelled = false;
    const step = <T>(work: SlotWork<Comlink.Remote<CompressWorkerApi>, T>): Promise<T> => {
      if (cancelled) throw new SplatfitError(ErrorCode.Cancelled, 'cancelled');
      const task = this.#pool.run(work);
      running.add(task);
      return task.result.finally(() => running.delete(task));
    };
    const startKey = `${sceneKey}\u0000ranking`;
    const result = (async () => {
      const start = await step(async (worker, loaded) => {
        const started = unwrapOutcome(await worker.api.startAnalysis(sceneKey, scene, handOver));
        loaded.add(startKey);
        return started;
      });
      const holding = async (worker: CompressWorker, loaded: Set<string>): Promise<void> => {
        if (loaded.has(startKey)) return;
        await worker.api.holdStart(sceneKey, start);
        loaded.add(startKey);
      };
      const rounds = rankingRounds(start.ranked.count);
      let next = rounds.next();
      for (let round = 0; !next.done; round++) {
        const { remaining, before, share } = next.value;
        const done = new Float64Array(SIGNIFICANCE_SHARES);
        const report = (s: number) => (f: number): void => {
          done[s] = f;
          progress.report(RANKING_PROGRESS * Math.min(1, before + (share * done.reduce((a, b) => a + b)) / SIGNIFICANCE_SHARES));
        };
        const parts = await Promise.all(Array.from({ length: SIGNIFICANCE_SHARES }, (_, s) => step(async (worker, loaded) => {
          await holding(worker, loaded);
          return unwrapOutcome(await worker.api.significanceShare(sceneKey, round, remaining, s, Comlink.proxy(report(s))));
        })));
        next = rounds.next(sumOfShares(parts));
      }
      const ranking = next.value;
      // the rest in two halves, side by side; the workers load the joined measurements when they next fit
      const halves = new Float64Array(2);
      const measured = await Promise.all((['colours', 'geometry'] as const).map((half, h) => step(async (worker, loaded) => {
        await holding(worker, loaded);
        return unwrapOutcome(await worker.api.measureHalf(sceneKey, ranking, half, Comlink.proxy((f: number) => {
          halves[h] = f;
          progress.report(RANKING_PROGRESS + (1 - RANKING_PROGRESS) * 0.5 * (halves[0]! + halves[1]!));
        })));
      })));
      const measurements = joinHalves(start, ranking, measured[0]!, measured[1]!);
      progress.done();
      return measurements;
    })();
    result.catch(() => undefined);
    return {
      result,
      cancel: () => {
        cancelled = true;
        for (const task of running) task.cancel();
      },
    };
  }

  /**
   * What every budget's plan needs — pruning errors of the planned kept counts, size models at
   * their anchors — measured once, in shares across the pool; pass it to `fit`, or each worker
   * measures all of it for its first budget.
   */
  async sharedPlanning(sceneKey: string, measurements: AnalysisMeasurements): Promise<SharedPlanning> {
    const { counts, anchors } = planningTargets(measurements.ranked.count);
    const share = <T>(items: T[], k: number): T[] => items.filter((_, j) => j % this.size === k);
    const parts = await Promise.all(Array.from({ length: this.size }, (_, k) => this.#pool.run(async (worker, loaded) => {
      await loadOnce(worker, loaded, sceneKey, measurements);
      return unwrapOutcome(await worker.api.planning(sceneKey, share(counts, k), share(anchors, k)));
    }).result));
    return { pruneErrors: parts.flatMap((p) => p.pruneErrors), sizeTables: parts.flatMap((p) => p.sizeTables) };
  }

  /** Fits one budget of the scene known as `sceneKey` (any string naming these measurements). */
  fit(sceneKey: string, measurements: AnalysisMeasurements, job: BudgetJob, onProgress: (fraction: number) => void = () => {}, planning: SharedPlanning | null = null): PoolTask<BudgetResult> {
    const progress = progressUntilDone(onProgress);
    return this.#pool.run(async (worker, loaded) => {
      await loadOnce(worker, loaded, sceneKey, measurements);
      const result = unwrapOutcome(await worker.api.fit(sceneKey, job, planning, Comlink.proxy(progress.report)));
      progress.done();
      return result;
    });
  }

  /** The span of budgets a scene's slider covers (smallest reachable to lossless), from its analysis alone: quick. */
  span(sceneKey: string, measurements: AnalysisMeasurements, planning: SharedPlanning | null = null): PoolTask<BudgetSpan> {
    return this.#pool.run(async (worker, loaded) => {
      await loadOnce(worker, loaded, sceneKey, measurements);
      return unwrapOutcome(await worker.api.span(sceneKey, planning));
    });
  }

  /**
   * The predicted quality-versus-size curve over `span`, in batches of CURVE_BATCH points queued one
   * after another: a preview asked for meanwhile waits for one batch, not for the whole curve.
   */
  curve(sceneKey: string, measurements: AnalysisMeasurements, span: BudgetSpan, planning: SharedPlanning | null = null): PoolTask<PredictedCurve> {
    const budgets = curveBudgets(span, CURVE_POINTS);
    let current: PoolTask<BudgetPrediction[]> | null = null, cancelled = false;
    const result = (async () => {
      const points: BudgetPrediction[] = [];
      for (let from = 0; from < budgets.length; from += CURVE_BATCH) {
        if (cancelled) throw new SplatfitError(ErrorCode.Cancelled, 'cancelled');
        const batch = budgets.slice(from, from + CURVE_BATCH);
        current = this.#pool.run(async (worker, loaded) => {
          await loadOnce(worker, loaded, sceneKey, measurements);
          return unwrapOutcome(await worker.api.predictions(sceneKey, planning, batch));
        });
        points.push(...await current.result);
      }
      return { span, points };
    })();
    result.catch(() => undefined);
    return { result, cancel: () => { cancelled = true; current?.cancel(); } };
  }

  /** A budget's predicted result and its coded splats, in milliseconds to a second: no file is written. */
  preview(sceneKey: string, measurements: AnalysisMeasurements, budget: number, planning: SharedPlanning | null = null): PoolTask<BudgetPreview> {
    return this.#pool.run(async (worker, loaded) => {
      await loadOnce(worker, loaded, sceneKey, measurements);
      return unwrapOutcome(await worker.api.preview(sceneKey, budget, planning));
    });
  }

  /** Every worker drops the scene's analysis (its tab was closed). */
  forget(sceneKey: string): void {
    this.#pool.broadcast((worker, loaded) => {
      if (!loaded.delete(sceneKey)) return;
      void Promise.resolve(worker.api.forget(sceneKey)).catch(() => undefined);
    });
  }

  close(): void {
    this.#pool.close();
  }
}
