/**
 * The worker tasks run inline here (the worker entries only add comlink): progress is reported,
 * results match the core's, and a cancelled comparison stops with CANCELLED. The compress pool
 * runs real worker_threads: the same bytes as inline, progress per budget, cancel, error codes.
 */
import { describe, expect, it } from 'vitest';
import { compareScenes, ErrorCode, sampleViews, selectSplats } from '../src/core/index.ts';
import { analysisFrom, measureScene } from '../src/core/codec/scene-analysis.ts';
import { predictedCurve } from '../src/core/codec/preview.ts';
import { planningTargets } from '../src/core/codec/compress.ts';
import { createNodeCompressPool, spawnNodeCompressWorker } from '../src/cli/node-compress-pool.ts';
import { CompressPool, type CompressWorker } from '../workers/compress-pool.ts';
import { fitBudget } from '../workers/compress-tasks.ts';
import { compareTask, renderView, significanceTask } from '../workers/fidelity-tasks.ts';
import { compareReportViews, keepReportReferences, ReportReferences } from '../workers/report-fidelity.ts';
import { readShared } from './helpers/scenes.ts';

const VIEWS = { count: 4, options: { width: 64, height: 64 } };

describe('fidelity tasks', () => {
  it('compare reports progress per view and gives the core result', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const half = selectSplats(scene, Uint32Array.from({ length: scene.count / 2 }, (_, i) => i * 2));
    const progress: number[] = [];
    const result = await compareTask(scene, half, VIEWS, { cancelled: false }, (f) => progress.push(f));
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
    expect(result).toEqual(compareScenes(scene, half, sampleViews(scene, 4, VIEWS.options)));
  });

  it('a cancelled comparison stops with CANCELLED before finishing', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const token = { cancelled: false };
    const progress: number[] = [];
    const running = compareTask(scene, scene, { count: 50, options: VIEWS.options }, token, (f) => {
      progress.push(f);
      if (progress.length === 2) token.cancelled = true;
    });
    await expect(running).rejects.toMatchObject({ code: ErrorCode.Cancelled });
    expect(progress).toHaveLength(2);
  });

  it('significance and render run as tasks', async () => {
    const { scene } = await readShared('cvlab-100-sh3.ply');
    const weights = await significanceTask(scene, VIEWS, { cancelled: false }, () => undefined);
    expect(weights).toHaveLength(scene.count);
    expect(weights.some((w) => w > 0)).toBe(true);
    const { result, width, transfer } = renderView(scene, 2, { width: 40, height: 30 });
    expect(width).toBe(40);
    expect(result).toHaveLength(40 * 30 * 4);
    expect(transfer[0]).toBe(result.buffer);
  });
});

describe('report views', () => {
  it('are compared as compareScenes does, the original rendered once per view and kept, progress adding up to one a view', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const candidate = selectSplats(scene, Uint32Array.from({ length: 8000 }, (_, j) => j * 3));
    const views = sampleViews(scene, 3, { width: 48, height: 48 });
    const source = { original: scene, views, size: 48, kept: { references: new ReportReferences(), sceneKey: 'playbot' } };
    const steps: number[] = [];
    const first = compareReportViews(source, candidate, [0, 2], (v) => steps.push(v));
    // the original's two renders, then the candidate's
    expect(steps).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(first).toEqual(compareScenes(scene, candidate, [views[0]!, views[2]!]).views);
    steps.length = 0;
    const kept = compareReportViews(source, candidate, [2, 1], (v) => steps.push(v));
    // view 2's render was kept: only view 1's original is rendered (half of view 1), then the candidate's views 2 and 1
    expect(steps).toEqual([0.5, 1, 0.5]);
    expect(kept).toEqual(compareScenes(scene, candidate, [views[2]!, views[1]!]).views);
  });

  it('kept ahead (as a fit does before decoding its file), a helper keeping its share: the comparison then renders the candidate alone, to the same figures', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const candidate = selectSplats(scene, Uint32Array.from({ length: 8000 }, (_, j) => j * 3));
    const views = sampleViews(scene, 3, { width: 48, height: 48 });
    const source = { original: scene, views, size: 48, kept: { references: new ReportReferences(), sceneKey: 'playbot' } };
    const asked: number[][] = [];
    const fractions: number[] = [];
    await keepReportReferences(source, async (_size, _cameras, indices) => (asked.push([...indices]), indices.map(() => true)), (f) => fractions.push(f));
    // the helper's share is view 1; views 0 and 2 are kept here
    expect(asked).toEqual([[1]]);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    const steps: number[] = [];
    expect(compareReportViews(source, candidate, [0, 1, 2], (v) => steps.push(v))).toEqual(compareScenes(scene, candidate, views).views);
    // views 0 and 2: the candidate only; view 1 (kept by the helper, not here): the original, then the candidate
    expect(steps).toEqual([0.5, 1, 0.5, 1]);
  });
});

describe('compress pool (Node worker_threads)', () => {
  const ANALYSIS = { views: 4, viewSize: 64, sensitivityViews: 1, sensitivitySize: 48 } as const;
  const REPORT = { reportViews: 2, reportSize: 64 } as const;

  it('analyses a scene with its ranking rounds shared across workers: the same measurements as one thread, progress rising to 1', async () => {
    const { scene: full } = await readShared('playbot-31k.ply');
    const scene = selectSplats(full, Uint32Array.from({ length: 6000 }, (_, i) => i * 5));
    const inline = measureScene(scene);
    const pool = createNodeCompressPool(2);
    try {
      const progress: number[] = [];
      const pooled = await pool.analyze('playbot-6k', scene, (f) => progress.push(f)).result;
      expect(pooled.bySignificance).toEqual(inline.bySignificance);
      expect(pooled.significance).toEqual(inline.significance);
      expect(pooled.ranked.positions).toEqual(inline.ranked.positions);
      expect(pooled.distortion).toEqual(inline.distortion);
      expect(pooled.heldOutImages).toEqual(inline.heldOutImages);
      // the planning measured with the pooled analysis is one thread's
      const { counts, anchors } = planningTargets(scene.count);
      expect(await pool.sharedPlanning('playbot-6k', pooled)).toEqual(analysisFrom(inline).planning(counts, anchors));
      expect(progress.at(-1)).toBe(1);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      // a scene handed over is reordered in its own memory: it is the analysis' ranked scene
      const given = selectSplats(scene, Uint32Array.from(scene.positions.keys()).subarray(0, scene.count));
      const handed = await pool.analyze('handed', given, () => {}, true).result;
      expect(given.positions).toEqual(inline.ranked.positions);
      expect(handed.ranked.positions).toEqual(inline.ranked.positions);
      const cancelled = pool.analyze('cancelled', scene, (f) => { if (f > 0.05) cancelled.cancel(); });
      await expect(cancelled.result).rejects.toMatchObject({ code: ErrorCode.Cancelled });
      // the pool goes on after a cancel, and the scene's next analysis is not mixed up with the cancelled one
      expect((await pool.analyze('cancelled', scene).result).bySignificance).toEqual(inline.bySignificance);
    } finally {
      pool.close();
    }
  });

  it('passes the started analysis between workers: this thread gets it without the preparation', async () => {
    const { scene: full } = await readShared('playbot-31k.ply');
    const scene = selectSplats(full, Uint32Array.from({ length: 3000 }, (_, i) => i * 10));
    const started: unknown[] = [], held: unknown[] = [];
    const spawn = (): CompressWorker => {
      const worker = spawnNodeCompressWorker();
      const api = new Proxy(worker.api, {
        get: (target, name, receiver) => {
          const value = Reflect.get(target, name, receiver) as (...args: unknown[]) => Promise<unknown>;
          if (name === 'startAnalysis') return async (...args: unknown[]) => { const outcome = await value(...args); started.push(outcome); return outcome; };
          if (name === 'holdStart') return (...args: unknown[]) => { held.push(args[2]); return value(...args); };
          return value;
        },
      });
      return { api, terminate: () => worker.terminate() };
    };
    const pool = new CompressPool(spawn, 2);
    try {
      const pooled = await pool.analyze('small', scene).result;
      expect(pooled.bySignificance).toEqual(measureScene(scene).bySignificance);
      expect(started).toHaveLength(1);
      expect(Object.keys((started[0] as { value: object }).value).sort()).toEqual(['ranked', 'views']);
      // the other worker was given a channel, on which the first posted its start
      expect(held).toHaveLength(1);
      expect(held[0]).toBeInstanceOf(MessagePort);
    } finally {
      pool.close();
    }
  });

  it('a budget fitted alone lends the idle worker half of its views and streams, worker to worker, and gives the bytes and figures of an inline fit', async () => {
    const LENT = ['validationErrors', 'refitSweep', 'packStreams', 'keepReferences', 'compareReport'];
    // what this thread may call on a worker: loans and fits, never the lent work itself, whose data goes between the workers
    const RELAYED = ['validationErrors', 'refitSweep', 'packStreams', 'keepReportReferences', 'compareReport'];
    const { scene, facts } = await readShared('playbot-31k.ply');
    const measurements = measureScene(scene, ANALYSIS);
    const called: string[] = [];
    const workers: CompressWorker[] = [];
    const spawn = (): CompressWorker => {
      const worker = spawnNodeCompressWorker();
      workers.push(worker);
      const api = new Proxy(worker.api, {
        get: (target, name, receiver) => {
          called.push(name as string);
          return Reflect.get(target, name, receiver);
        },
      });
      return { api, terminate: () => worker.terminate() };
    };
    const pool = new CompressPool(spawn, 2);
    try {
      const planning = await pool.sharedPlanning('playbot', measurements);
      // the second budget compares against the original's report renders the workers kept
      for (const fraction of [0.02, 0.05]) {
        const job = { budget: Math.floor(facts.bytes * fraction), format: 'splatfit' as const, reportViews: 4, reportSize: 64 };
        const result = await pool.fit('playbot', measurements, job, undefined, planning).result;
        const inline = await fitBudget(analysisFrom(measurements), job);
        expect(result.bytes).toEqual(inline.bytes);
        expect([result.psnr, result.ssim]).toEqual([inline.psnr, inline.ssim]);
      }
      const answered = await Promise.all(workers.map((w) => w.api.loansAnswered()));
      for (const name of LENT) expect(answered.some((counts) => (counts[name] ?? 0) > 0), name).toBe(true);
      expect(called).toContain('serveHelp');
      for (const name of RELAYED) expect(called).not.toContain(name);
    } finally {
      pool.close();
    }
  });

  it('measures planned pruning errors and size tables across workers, then fits budgets in parallel to the same bytes as inline, with progress per budget', async () => {
    const { scene, facts } = await readShared('playbot-31k.ply');
    const measurements = measureScene(scene, ANALYSIS);
    const jobs = [0.05, 0.02].map((f) => ({ budget: Math.floor(facts.bytes * f), format: 'splatfit' as const, ...REPORT }));
    const pool = createNodeCompressPool(jobs.length);
    try {
      const progress: number[][] = jobs.map(() => []);
      const planning = await pool.sharedPlanning('playbot', measurements);
      const inlineAnalysis = analysisFrom(measurements);
      for (const [kept, error] of planning.pruneErrors) expect(error).toBe(inlineAnalysis.pruneError(kept));
      expect(planning.pruneErrors.length).toBe(10);
      expect(planning.sizeTables.length).toBeGreaterThanOrEqual(3);
      // The workers' size tables are what this thread measures at the same anchors.
      const anchors = planning.sizeTables.map(([anchor]) => anchor);
      expect(inlineAnalysis.planning([], anchors).sizeTables).toEqual(planning.sizeTables);
      const results = await Promise.all(jobs.map((job, k) => pool.fit('playbot', measurements, job, (f) => progress[k]!.push(f), planning).result));
      for (const [k, job] of jobs.entries()) {
        const inline = await fitBudget(analysisFrom(measurements), job);
        expect(results[k]!.bytes).toEqual(inline.bytes);
        expect(results[k]!.psnr).toBeCloseTo(inline.psnr, 6);
        expect(progress[k]!.length).toBeGreaterThan(3);
        expect(progress[k]!.at(-1)).toBe(1);
        expect([...progress[k]!].sort((a, b) => a - b)).toEqual(progress[k]);
      }
    } finally {
      pool.close();
    }
  });

  it('cancel stops a running fit with CANCELLED; the pool goes on; errors keep their code', async () => {
    const { scene, facts } = await readShared('fruit-drops-4721-sh3.ply');
    const measurements = measureScene(scene, ANALYSIS);
    const pool = createNodeCompressPool(1);
    try {
      const running = pool.fit('fruit', measurements, { budget: Math.floor(facts.bytes * 0.05), format: 'splatfit', ...REPORT }, () => running.cancel());
      const queued = pool.fit('fruit', measurements, { budget: Math.floor(facts.bytes * 0.1), format: 'spz', ...REPORT });
      await expect(running.result).rejects.toMatchObject({ code: ErrorCode.Cancelled });
      const after = await queued.result;
      expect(after.bytes.length).toBeLessThanOrEqual(Math.floor(facts.bytes * 0.1));
      expect(after.format).toBe('spz');
      await expect(pool.fit('fruit', measurements, { budget: 10, format: 'splatfit' }).result).rejects.toMatchObject({ code: ErrorCode.BudgetTooSmall });
      // previews: the lossless one is a copy (the worker's own scene is not transferred away), twice
      const span = await pool.span('fruit', measurements).result;
      const curve = await pool.curve('fruit', measurements, span).result;
      expect(curve.points).toEqual(predictedCurve(analysisFrom(measurements), span, 32));
      for (let k = 0; k < 2; k++) {
        const whole = await pool.preview('fruit', measurements, curve.span.lossless).result;
        expect(whole.prediction.lossless).toBe(true);
        expect(whole.scene.count).toBe(scene.count);
        expect(whole.scene.positions).toHaveLength(3 * scene.count);
      }
      const preview = await pool.preview('fruit', measurements, Math.floor(facts.bytes * 0.05)).result;
      expect(preview.scene.count).toBe(preview.prediction.kept);
      // a preview worker of its own, its SH groups coded by this pool's idle worker: the same scene
      const previews = createNodeCompressPool(1);
      try {
        const lent = await previews.preview('fruit', measurements, Math.floor(facts.bytes * 0.05), null, pool).result;
        expect(lent.scene).toEqual(preview.scene);
      } finally {
        previews.close();
      }
      // a budget that holds the whole scene, twice on the same worker: the result's bytes are transferred each time
      for (let k = 0; k < 2; k++) {
        const whole = await pool.fit('fruit', measurements, { budget: 10 * facts.bytes, format: 'splatfit', ...REPORT }).result;
        expect(whole.lossless).toBe(true);
        expect(whole.bytes.length).toBeGreaterThan(0);
      }
    } finally {
      pool.close();
    }
  });
});
