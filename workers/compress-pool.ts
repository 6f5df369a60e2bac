/**
 * Fits budgets in parallel on a WorkerPool of compress workers. A scene's analysis measurements
 * are posted to a worker the first time it fits a budget of that scene, and stay there for the
 * scene's later budgets; progress comes back per budget.
 */
import * as Comlink from 'comlink';
import { type AnalysisMeasurements, sizeModelAnchor } from '../src/core/codec/scene-analysis.ts';
import type { SplatScene } from '../src/core/index.ts';
import type { BudgetJob, BudgetResult } from './compress-tasks.ts';
import { unwrapOutcome } from './compress-tasks.ts';
import { plannedKeptCounts } from '../src/core/codec/compress.ts';
import type { CompressWorkerApi } from './compress-worker-api.ts';
import { type PoolTask, type PoolWorker, WorkerPool } from './pool.ts';

export type CompressWorker = PoolWorker<Comlink.Remote<CompressWorkerApi>>;

export class CompressPool {
  readonly #pool: WorkerPool<Comlink.Remote<CompressWorkerApi>>;

  constructor(spawn: () => CompressWorker, size: number) {
    this.#pool = new WorkerPool(spawn, size);
  }

  get size(): number {
    return this.#pool.size;
  }

  /** Measures a scene once (order, significance, sensitivity) in a pool worker, which keeps it for that scene's budgets. */
  analyze(sceneKey: string, scene: SplatScene, onProgress: (fraction: number) => void = () => {}): PoolTask<AnalysisMeasurements> {
    return this.#pool.run(async (worker, loaded) => {
      const measurements = unwrapOutcome(await worker.api.measure(sceneKey, scene, Comlink.proxy(onProgress)));
      loaded.add(sceneKey);
      return measurements;
    });
  }

  /**
   * The measurements plus what every budget's plan needs — pruning errors of the planned kept
   * counts and the size models at their anchors — measured once, spread across the pool: each
   * worker would otherwise measure all of it for its first budget. Load the result under a new
   * key: workers that hold `sceneKey` have only their share.
   */
  async withSharedPlanning(sceneKey: string, measurements: AnalysisMeasurements): Promise<AnalysisMeasurements> {
    const count = measurements.ranked.count;
    const planned = plannedKeptCounts(count);
    const counts = planned.filter((c) => c < count);
    const anchors = [...new Set(planned.map((kept) => sizeModelAnchor(count, kept)))];
    const share = <T>(items: T[], k: number): T[] => items.filter((_, j) => j % this.size === k);
    const parts = await Promise.all(Array.from({ length: this.size }, (_, k) => this.#pool.run(async (worker, loaded) => {
      if (!loaded.has(sceneKey)) {
        await worker.api.load(sceneKey, measurements);
        loaded.add(sceneKey);
      }
      return unwrapOutcome(await worker.api.planning(sceneKey, share(counts, k), share(anchors, k)));
    }).result));
    return {
      ...measurements,
      pruneErrors: new Map(parts.flatMap((p) => p.pruneErrors)),
      sizeTables: new Map(parts.flatMap((p) => p.sizeTables)),
    };
  }

  /** Fits one budget of the scene known as `sceneKey` (any string naming these measurements). */
  fit(sceneKey: string, measurements: AnalysisMeasurements, job: BudgetJob, onProgress: (fraction: number) => void = () => {}): PoolTask<BudgetResult> {
    return this.#pool.run(async (worker, loaded) => {
      if (!loaded.has(sceneKey)) {
        await worker.api.load(sceneKey, measurements);
        loaded.add(sceneKey);
      }
      return unwrapOutcome(await worker.api.fit(sceneKey, job, Comlink.proxy(onProgress)));
    });
  }

  close(): void {
    this.#pool.close();
  }
}
