/** Fitting standard formats to a budget with the knobs they have: kept splats and SH degree. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, WRITABLE_EXTENSIONS } from '../../src/core/index.ts';
import { MIN_FILL } from '../../src/core/codec/compress.ts';
import { fitStandardFormat } from '../../src/core/codec/fit-standard-format.ts';
import { analyzeScene, type SceneAnalysis } from '../../src/core/codec/scene-analysis.ts';
import { readBytes, readShared } from '../helpers/scenes.ts';

let analysis: SceneAnalysis;
let inputBytes = 0;
beforeAll(async () => {
  const { scene, facts } = await readShared('playbot-31k.ply');
  analysis = analyzeScene(scene, { views: 4, viewSize: 96, sensitivityViews: 1, sensitivitySize: 64 });
  inputBytes = facts.bytes;
});

describe('fitStandardFormat', () => {
  for (const format of ['spz', 'splat', 'ply', 'compressed-ply'] as const) {
    it(`.${format} at 5 % and 2 % lands in [97 %, 100 %] of the budget and reads back`, async () => {
      for (const percent of [5, 2]) {
        const budget = Math.floor((inputBytes * percent) / 100);
        const fit = fitStandardFormat(analysis, budget, format);
        expect(fit.bytes.length).toBeLessThanOrEqual(budget);
        expect(fit.bytes.length).toBeGreaterThanOrEqual(budget * MIN_FILL);
        const { scene, facts } = await readBytes(`fit${WRITABLE_EXTENSIONS[format]}`, fit.bytes);
        expect(facts.format).toBe(format);
        expect(scene.count).toBe(fit.kept);
        expect(scene.shDegree).toBe(fit.shDegree);
      }
    });
  }

  it('a budget that holds the whole scene returns all of it, marked complete', () => {
    const fit = fitStandardFormat(analysis, 10 * inputBytes, 'spz');
    expect(fit.kept).toBe(analysis.ranked.count);
    expect(fit.complete).toBe(true);
  });

  it('a budget below one splat is an error that gives the smallest size', () => {
    expect(() => fitStandardFormat(analysis, 10, 'ply')).toThrowError(/smallest reachable .ply size, \d+ bytes/);
    try { fitStandardFormat(analysis, 10, 'ply'); } catch (e) { expect((e as { code: string }).code).toBe(ErrorCode.BudgetTooSmall); }
  });
});
