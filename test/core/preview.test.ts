/**
 * Previews (core/codec/preview.ts): a budget's prediction from the analysis alone is a plan the
 * exact fit could make — never over budget, its kept count and PSNR near what the exact fit then
 * measures — and its preview scene is the kept splats as that plan codes them.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/core/index.ts';
import { compressToBudget } from '../../src/core/codec/compress.ts';
import { measuredError } from '../../src/core/codec/measured-error.ts';
import { readSplatfitV2 } from '../../src/core/formats/splatfit/read-v2.ts';
import { budgetSpan, codedShRest, predictBudget, predictedCurve, previewBudget, previewBudgetHelped, type PreviewHelper } from '../../src/core/codec/preview.ts';
import { analyzeScene } from '../../src/core/codec/scene-analysis.ts';
import { readShared } from '../helpers/scenes.ts';

const ANALYSIS = { views: 16, viewSize: 64, sensitivityViews: 1, sensitivitySize: 64 } as const;

describe('budget previews', async () => {
  const { scene, facts } = await readShared('fruit-drops-4721-sh3.ply');
  const analysis = analyzeScene(scene, ANALYSIS);

  it('predicts within the budget, near the exact fit: kept count within 15 %, PSNR within 4 dB of the measured one', async () => {
    for (const fraction of [0.1, 0.03]) {
      const budget = Math.floor(facts.bytes * fraction);
      const prediction = predictBudget(analysis, budget);
      const exact = await compressToBudget(analysis, budget);
      const measured = -10 * Math.log10(measuredError(analysis, readSplatfitV2(exact.bytes, 'exact.splatfit')));
      expect(prediction.bytes).toBeLessThanOrEqual(budget);
      expect(prediction.bytes).toBeGreaterThan(0.8 * budget);
      expect(Math.abs(prediction.kept - exact.kept) / exact.kept).toBeLessThan(0.15);
      expect(Math.abs(prediction.psnr - measured)).toBeLessThan(4);
    }
  });

  it('the preview scene holds the predicted kept splats at the plan’s SH degree, coded (not the originals)', () => {
    const budget = Math.floor(facts.bytes * 0.05);
    const { prediction, scene: preview } = previewBudget(analysis, budget);
    expect(preview.count).toBe(prediction.kept);
    expect(preview.shDegree).toBe(prediction.shDegree);
    const original = analysis.keep(prediction.kept);
    expect(preview.positions).not.toEqual(original.positions);
    for (let i = 0; i < preview.positions.length; i++) expect(Math.abs(preview.positions[i]! - original.positions[i]!)).toBeLessThan(0.05);
  });

  it('a preview with its SH groups coded by a helper is the same scene, whether the helper takes them or declines', async () => {
    for (const fraction of [0.3, 0.05]) {
      const budget = Math.floor(facts.bytes * fraction);
      const alone = previewBudget(analysis, budget);
      let asked = 0;
      for (const declines of [false, true]) {
        const helper: PreviewHelper = (scene, kept, codings) => {
          asked++;
          return new Promise((resolve) => setTimeout(() => resolve(declines ? null : codedShRest(analysis, scene, kept, codings)), 0));
        };
        const helped = await previewBudgetHelped(analysis, budget, helper);
        expect(helped.prediction).toEqual(alone.prediction);
        expect(helped.scene).toEqual(alone.scene);
      }
      expect(asked).toBe(2);
    }
  });

  it('spans the smallest reachable size to the lossless size; the curve rises with the budget; below the span is BUDGET_TOO_SMALL', () => {
    const span = budgetSpan(analysis);
    expect(span.smallest).toBeGreaterThan(0);
    expect(span.lossless).toBeGreaterThan(span.smallest);
    const curve = predictedCurve(analysis, span, 12);
    expect(curve).toHaveLength(12);
    expect(curve.at(-1)!.lossless).toBe(true);
    for (let k = 1; k < curve.length; k++) {
      expect(curve[k]!.budget).toBeGreaterThan(curve[k - 1]!.budget);
      // the solver's bins follow the budget, so neighbours may differ a little the wrong way
      expect(curve[k]!.psnr).toBeGreaterThan(curve[k - 1]!.psnr - 1);
    }
    expect(() => predictBudget(analysis, span.smallest - 1)).toThrow(expect.objectContaining({ code: ErrorCode.BudgetTooSmall }));
    expect(predictBudget(analysis, span.smallest).kept).toBeGreaterThanOrEqual(1);
  });
});
