/**
 * A fit lent a helper thread (core/codec/fit-helper.ts) writes the very file it writes alone: the
 * helper's shares of the measures and the colour re-fit are summed as this thread's would be,
 * whether the helper takes every share it is offered or declines some.
 */
import { describe, expect, it } from 'vitest';
import { compressToBudget, packRequested } from '../../src/core/codec/compress.ts';
import { refitColours, sweepCacheOf, sweepShare } from '../../src/core/codec/compensate.ts';
import type { FitHelper } from '../../src/core/codec/fit-helper.ts';
import { measuredError, measuredErrorHelped, validationErrors } from '../../src/core/codec/measured-error.ts';
import { analyzeScene, type SceneAnalysis } from '../../src/core/codec/scene-analysis.ts';
import { readShared } from '../helpers/scenes.ts';
import { withScratch } from '../../src/core/raster/prepared-splats.ts';

const FAST = { views: 4, viewSize: 96, sensitivityViews: 1, sensitivitySize: 64 };

/** A helper in this thread, answering after a turn of the event loop as a worker would; `declines(k)`: null for the k-th request. */
function inlineHelper(analysis: SceneAnalysis, declines: (request: number) => boolean) {
  // dirtyGradients: sweeps whose gradient did not come zeroed (the helper sums its share into it)
  const asked = { measures: 0, sweeps: 0, packs: 0, declined: 0, dirtyGradients: 0 };
  let requests = 0;
  const later = <T>(work: () => T): Promise<T | null> => new Promise((resolve) => setTimeout(() => {
    if (declines(requests++)) {
      asked.declined++;
      resolve(null);
    } else resolve(work());
  }, 0));
  const helper: FitHelper = {
    validationErrors: (scene, views, prepared) => {
      asked.measures++;
      return later(() => validationErrors(analysis, scene, views, undefined, withScratch(prepared)));
    },
    refitSweep: (scene, views, gradient, prepared) => {
      asked.sweeps++;
      if (gradient !== null && gradient.some((v) => v !== 0)) asked.dirtyGradients++;
      return later(() => sweepShare(scene, analysis.fitViews, analysis.fitImages, views, gradient !== null, sweepCacheOf(prepared), undefined, gradient ?? undefined));
    },
    packStreams: (splats, kept, request) => {
      asked.packs++;
      return later(() => packRequested(analysis, splats, kept, request));
    },
  };
  return { helper, asked };
}

describe('a fit with a helper', () => {
  it('re-fits the same colours, and measures the same error, as alone', async () => {
    const { scene } = await readShared('fruit-drops-4721-sh3.ply');
    const analysis = analyzeScene(scene, FAST);
    const pruned = analysis.keep(Math.floor(scene.count / 3));
    const alone = await refitColours(pruned, analysis.fitViews, analysis.fitImages);
    const longer = await refitColours(pruned, analysis.fitViews, analysis.fitImages, { iterations: 4 });
    // the re-fit moved the colours (else equality proves nothing)
    expect(alone).not.toEqual(pruned.shDc);
    for (const declines of [() => false, (k: number) => k === 1]) {
      const { helper, asked } = inlineHelper(analysis, declines);
      expect(await refitColours(pruned, analysis.fitViews, analysis.fitImages, { helper })).toEqual(alone);
      // more steps: each sweep's gradient starts from zero, in the helper's share too
      expect(await refitColours(pruned, analysis.fitViews, analysis.fitImages, { helper, iterations: 4 })).toEqual(longer);
      expect(await measuredErrorHelped(analysis, pruned, helper)).toBe(measuredError(analysis, pruned));
      expect(asked.sweeps).toBeGreaterThan(2);
      expect(asked.dirtyGradients).toBe(0);
      expect(asked.measures).toBe(1);
    }
  });

  it('writes the same bytes as alone, helped with every share or only some, pruned or with every splat kept', async () => {
    const { scene, facts } = await readShared('fruit-drops-4721-sh3.ply');
    const analysis = analyzeScene(scene, FAST);
    for (const fraction of [0.03, 0.3]) {
      const budget = Math.floor(facts.bytes * fraction);
      const alone = await compressToBudget(analysis, budget);
      const always = inlineHelper(analysis, () => false);
      const progress: number[] = [];
      expect((await compressToBudget(analysis, budget, { helper: always.helper, onProgress: (f) => progress.push(f) })).bytes).toEqual(alone.bytes);
      // helped, progress still only rises, to 1
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      expect(progress.at(-1)).toBe(1);
      expect(always.asked.measures).toBeGreaterThan(0);
      expect(always.asked.packs).toBeGreaterThan(0);
      const sometimes = inlineHelper(analysis, (k) => k % 2 === 1);
      expect((await compressToBudget(analysis, budget, { helper: sometimes.helper })).bytes).toEqual(alone.bytes);
      if (fraction < 0.1) {
        // pruned: the colour re-fit's sweeps were offered too, and some requests declined
        expect(always.asked.sweeps).toBeGreaterThan(0);
        expect(sometimes.asked.declined).toBeGreaterThan(0);
      }
    }
  }, 120_000);
});
