/**
 * Fits budgets in parallel on a WorkerPool of compress workers. A scene's analysis measurements
 * are posted to a worker the first time it works on that scene, and stay there for the
 * scene's later budgets; progress comes back per budget.
 */
import * as Comlink from 'comlink';
import { type AnalysisMeasurements, joinPlanning, type SharedPlanning } from '../src/core/codec/scene-analysis.ts';
import type { SplatScene } from '../src/core/index.ts';
import type { BudgetJob, BudgetResult, Outcome } from './compress-tasks.ts';
import { unwrapOutcome } from './compress-tasks.ts';
import { planningTargets } from '../src/core/codec/compress.ts';
import type { BudgetPreview, CompressWorkerApi, PredictedCurve } from './compress-worker-api.ts';
import { type BudgetPrediction, type BudgetSpan, curveBudgets, type PreviewHelper } from '../src/core/codec/preview.ts';
import { analyzeOnPool } from './pooled-analysis.ts';
import type { HelperLender } from './fit-loan.ts';
import { type PoolTask, type PoolWorker, taskGroup, WorkerPool } from './pool.ts';

/** Points of the predicted curve, and how many a worker predicts per task. */
const CURVE_POINTS = 32;
const CURVE_BATCH = 8;

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
  /** Analyses started, numbering each run apart (pooled-analysis.ts). */
  #analyses = 0;
  /** Fits started, numbering each apart (a helper's re-fit sweeps of one fit share their preparation). */
  #fits = 0;
  /** The planning measured with each analysis made here (sharedPlanning returns it). */
  readonly #plannings = new WeakMap<AnalysisMeasurements, SharedPlanning>();

  constructor(spawn: () => CompressWorker, size: number) {
    this.#pool = new WorkerPool(spawn, size);
  }

  get size(): number {
    return this.#pool.size;
  }

  /**
   * Starts the pool's workers now (each loads its code: about half a second), e.g. the preview
   * worker while the analysis runs, so the slider's first request does not wait for it.
   */
  warm(): void {
    this.#pool.warm();
  }

  /**
   * Measures a scene once (order, significance, sensitivity), spread over the pool's workers
   * (pooled-analysis.ts; the same figures as one thread). `handOver`: the caller gives its scene
   * up, and it is reordered in place instead of copied.
   */
  analyze(sceneKey: string, scene: SplatScene, onProgress: (fraction: number) => void = () => {}, handOver = false): PoolTask<AnalysisMeasurements> {
    const progress = progressUntilDone(onProgress);
    return taskGroup(this.#pool, async (run) => {
      const { measurements, planning } = await analyzeOnPool(run, this.size, sceneKey, ++this.#analyses, scene, progress.report, handOver);
      this.#plannings.set(measurements, planning);
      progress.done();
      return measurements;
    });
  }

  /**
   * What every budget's plan needs — pruning errors of the planned kept counts, size models at
   * their anchors: measured with the analysis when this pool made it, else once, a share per worker (validation views and anchors split, the
   * same figures as one thread: SceneAnalysis.planningShare); pass it to `fit`, or each worker
   * measures all of it for its first budget.
   */
  async sharedPlanning(sceneKey: string, measurements: AnalysisMeasurements): Promise<SharedPlanning> {
    const measured = this.#plannings.get(measurements);
    if (measured !== undefined) return measured;
    const { counts, anchors } = planningTargets(measurements.ranked.count);
    const parts = await Promise.all(Array.from({ length: this.size }, (_, k) => this.#pool.run(async (worker, loaded) => {
      await loadOnce(worker, loaded, sceneKey, measurements);
      return unwrapOutcome(await worker.api.planning(sceneKey, counts, anchors, k, this.size));
    }).result));
    return joinPlanning(counts, anchors, parts);
  }

  /**
   * Fits one budget of the scene known as `sceneKey` (any string naming these measurements). A
   * worker left idle meanwhile renders half of the fit's views (fitHelper): the same file, sooner.
   */
  fit(sceneKey: string, measurements: AnalysisMeasurements, job: BudgetJob, onProgress: (fraction: number) => void = () => {}, planning: SharedPlanning | null = null): PoolTask<BudgetResult> {
    const progress = progressUntilDone(onProgress);
    let fitEnded = (): void => {};
    const ended = new Promise<void>((resolve) => { fitEnded = resolve; });
    const lender = this.size > 1 ? Comlink.proxy(this.#lender(sceneKey, measurements, `${sceneKey}\u0000fit\u0000${++this.#fits}`, ended)) : undefined;
    const task = this.#pool.run(async (worker, loaded) => {
      await loadOnce(worker, loaded, sceneKey, measurements);
      const result = unwrapOutcome(await worker.api.fit(sceneKey, job, planning, Comlink.proxy(progress.report), lender));
      progress.done();
      return result;
    });
    void task.result.then(fitEnded, fitEnded);
    return task;
  }

  /**
   * A fit's helper on loan (fit-loan.ts): each call the fit makes comes as a channel, which goes to
   * a worker that is free right then, never queued behind other work — with none free, the fitting
   * worker is told so and does that share itself. The call's data goes over that channel, not
   * through this thread. A loan lasts until its call is answered, or until the fit ends.
   */
  #lender(sceneKey: string, measurements: AnalysisMeasurements, fit: string, fitEnded: Promise<void>): HelperLender {
    return {
      lend: async (port) => {
        let taken: () => void = () => {};
        const served = new Promise<boolean>((resolve) => { taken = () => resolve(true); });
        const loan = this.#pool.runIfIdle(async (worker, loaded) => {
          await loadOnce(worker, loaded, sceneKey, measurements);
          const answered = worker.api.serveHelp(sceneKey, fit, Comlink.transfer(port, [port]));
          taken();
          await Promise.race([answered, fitEnded]);
        });
        if (loan === null) {
          port.close();
          return false;
        }
        // a loan that failed before its worker took the channel (it could not load the scene) lends nothing
        return Promise.race([served, loan.result.then(() => false, () => false)]);
      },
    };
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
    return taskGroup(this.#pool, async (run) => {
      const points: BudgetPrediction[] = [];
      for (let from = 0; from < budgets.length; from += CURVE_BATCH) {
        const batch = budgets.slice(from, from + CURVE_BATCH);
        points.push(...await run(async (worker, loaded) => {
          await loadOnce(worker, loaded, sceneKey, measurements);
          return unwrapOutcome(await worker.api.predictions(sceneKey, planning, batch));
        }));
      }
      return { span, points };
    });
  }

  /** A budget's predicted result and its coded splats, in milliseconds to a second: no file is written. */
  /**
   * A budget's predicted result and its coded splats, in milliseconds to a second: no file is
   * written. `lender`: a pool whose idle worker codes the SH groups meanwhile (the page's compress
   * pool lends to its preview worker): the same scene, sooner.
   */
  preview(sceneKey: string, measurements: AnalysisMeasurements, budget: number, planning: SharedPlanning | null = null, lender?: CompressPool): PoolTask<BudgetPreview> {
    const helper = lender === undefined ? undefined : Comlink.proxy(lender.previewHelper(sceneKey, measurements));
    return this.#pool.run(async (worker, loaded) => {
      await loadOnce(worker, loaded, sceneKey, measurements);
      return unwrapOutcome(await worker.api.preview(sceneKey, budget, planning, helper));
    });
  }

  /** Codes a preview's SH groups on a worker of this pool that is free right then (core/codec/preview.ts); null when none is. */
  previewHelper(sceneKey: string, measurements: AnalysisMeasurements): PreviewHelper {
    return (scene, kept, codings) => this.#lend(sceneKey, measurements, (worker) => worker.api.codeShRest(sceneKey, scene, kept, codings));
  }

  /** Runs `work` on a worker free right then, the scene's measurements loaded into it; null when none is (never queued behind other work). */
  async #lend<T>(sceneKey: string, measurements: AnalysisMeasurements, work: (worker: CompressWorker) => Promise<Outcome<T>>): Promise<T | null> {
    const task = this.#pool.runIfIdle(async (worker, loaded) => {
      await loadOnce(worker, loaded, sceneKey, measurements);
      return unwrapOutcome(await work(worker));
    });
    return task === null ? null : task.result;
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
