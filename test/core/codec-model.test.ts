/** Inputs of the budget solver: the distortion table (image error per coding) and the size model. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SplatScene } from '../../src/core/index.ts';
import { solveCodings } from '../../src/core/codec/budget-solver.ts';
import { codingKey } from '../../src/core/codec/coding-ladder.ts';
import { encodePlan, planningTargets } from '../../src/core/codec/compress.ts';
import { monotoneCurve } from '../../src/core/codec/distortion-model.ts';
import { analysisFrom, analyzeScene, joinPlanning, type SceneAnalysis } from '../../src/core/codec/scene-analysis.ts';
import { readShared } from '../helpers/scenes.ts';

let scene: SplatScene;
let analysis: SceneAnalysis;
beforeAll(async () => {
  scene = (await readShared('playbot-31k.ply')).scene;
  analysis = analyzeScene(scene, { views: 16, viewSize: 48, sensitivityViews: 2, sensitivitySize: 64, sensitivitySplats: 16384 });
});

const errorOf = (group: string, key: string): number => {
  const row = analysis.distortion[group as 'positions'] ?? [];
  const found = row.find((c) => codingKey(c.coding) === key);
  if (found === undefined) throw new Error(`no ${key} for ${group}`);
  return found.error;
};

describe('distortion table', () => {
  it('falls as uniform depth rises, for every group, is negligible at 16 bits and 0 for float32', () => {
    for (const group of ['logScales', 'rotations', 'opacity', 'shDc', 'shBand1', 'shBand2']) {
      const d = (bits: number): number => errorOf(group, `uniform:${bits}`);
      expect(d(2), group).toBeGreaterThanOrEqual(d(4));
      expect(d(4), group).toBeGreaterThanOrEqual(d(8));
      expect(d(8), group).toBeGreaterThanOrEqual(d(16));
      expect(d(16), group).toBeLessThan(1e-5);
      expect(d(2), group).toBeGreaterThan(d(16));
      expect(errorOf(group, 'float'), group).toBe(0);
    }
    expect(errorOf('positions', 'chunked:4')).toBeGreaterThan(errorOf('positions', 'chunked:12'));
    // Dropping SH band 2 costs something, but less than crushing positions to 4 bits.
    expect(errorOf('shBand2', 'uniform:0')).toBeGreaterThan(0);
    expect(errorOf('positions', 'chunked:4')).toBeGreaterThan(errorOf('shBand2', 'uniform:0'));
  });

  it('predicts codebooks and vector codebooks with finite errors that fall with their size', () => {
    for (const group of ['logScales', 'opacity', 'shDc']) {
      expect(errorOf(group, 'codebook:2'), group).toBeGreaterThan(errorOf(group, 'codebook:8'));
      expect(Number.isFinite(errorOf(group, 'codebook:5')), group).toBe(true);
    }
    const levels = analysis.shCodebook!.levels.length;
    expect(levels).toBeGreaterThan(2);
    expect(errorOf('shRest', 'vq:1:0')).toBeGreaterThan(errorOf('shRest', `vq:${levels - 1}:0`));
    expect(errorOf('shRest', `vq:${levels - 1}:0.85`)).toBeGreaterThan(errorOf('shRest', `vq:${levels - 1}:0`));
  });

  it('reads errors off a curve that never falls as the attribute error grows', () => {
    const curve = monotoneCurve([[1e-4, 1e-6], [1e-3, 5e-7], [1e-2, 1e-4]]);
    expect(curve(0)).toBe(0);
    expect(curve(5e-4)).toBeGreaterThanOrEqual(curve(2e-4));
    expect(curve(5e-3)).toBeGreaterThan(curve(1e-3));
    expect(curve(2e-2)).toBeCloseTo(2e-4, 10);
  });
});

describe('size model', () => {
  for (const fraction of [1, 0.5, 0.2]) {
    for (const perSplat of [24, 10, 5]) {
      // A plan uses the model of the next sparser anchor, which errs on the large side.
      it(`predicts the real file from 3 % under to 8 % over (keep ${fraction * 100} %, ${perSplat} bytes a splat)`, () => {
        const kept = Math.floor(scene.count * fraction);
        const plan = solveCodings(analysis.distortion, analysis.sizeModel(kept), kept, scene.shDegree, kept * perSplat)!;
        const real = encodePlan(analysis, plan, kept).length;
        expect(plan.predictedBytes / real).toBeGreaterThan(0.97);
        expect(plan.predictedBytes / real).toBeLessThan(1.08);
      });
    }
  }
});

describe('planning in shares', () => {
  it('gives one thread\'s pruning errors and size tables, bit for bit, in 2 or 3 shares, each anchor’s table from one share', () => {
    const { counts, anchors } = planningTargets(scene.count);
    const whole = analysisFrom(analysis.measurements).planning(counts, anchors);
    for (const shares of [2, 3]) {
      const parts = Array.from({ length: shares }, (_, k) => analysisFrom(analysis.measurements).planningShare(counts, anchors, k, shares));
      expect(joinPlanning(counts, anchors, parts)).toEqual(whole);
      const measuredAnchors = parts.flatMap((p) => p.sizeTables.map(([anchor]) => anchor)).sort((a, b) => a - b);
      expect(measuredAnchors).toEqual([...anchors].sort((a, b) => a - b));
    }
    // pruning errors are real: they fall as more splats are kept
    const errors = whole.pruneErrors.map(([, e]) => e);
    expect(errors.every((e) => e > 0)).toBe(true);
    expect(Math.min(...errors)).toBeLessThan(Math.max(...errors));
  });
});
