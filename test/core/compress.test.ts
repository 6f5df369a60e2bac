/** Fitting real scenes into byte budgets: never over, at least 97 % used, quality falls with size. */
import { describe, expect, it } from 'vitest';
import { compareScenes, ErrorCode, reportViews, sampleViews } from '../../src/core/index.ts';
import { compressToBudget, MIN_FILL, smallestReachable } from '../../src/core/codec/compress.ts';
import { analyzeScene } from '../../src/core/codec/scene-analysis.ts';
import { readBytes, readShared } from '../helpers/scenes.ts';

const FAST = { views: 4, viewSize: 96, sensitivityViews: 1, sensitivitySize: 64 };

describe('compressToBudget', () => {
  for (const name of ['playbot-31k.ply', 'fruit-drops-4721-sh3.ply']) {
    it(`${name}: 10 %, 5 % and 2 % of its PLY land in [97 %, 100 %] of the budget, and PSNR falls with size`, async () => {
      const { scene, facts } = await readShared(name);
      const analysis = analyzeScene(scene, FAST);
      const views = reportViews(scene, 96);
      let previous = Infinity;
      for (const percent of [10, 5, 2]) {
        const budget = Math.floor((facts.bytes * percent) / 100);
        const result = await compressToBudget(analysis, budget);
        expect(result.bytes.length).toBeLessThanOrEqual(budget);
        expect(result.bytes.length).toBeGreaterThanOrEqual(budget * MIN_FILL);
        expect(result.lossless).toBe(false);
        const { scene: decoded } = await readBytes('fit.splatfit', result.bytes);
        expect(decoded.count).toBe(result.kept);
        const psnr = compareScenes(scene, decoded, views).meanPsnr;
        expect(psnr).toBeLessThan(previous);
        expect(psnr).toBeGreaterThan(15);
        previous = psnr;
      }
    });
  }

  it('reports progress through every stage: never backwards, ending at 1, a step per encoded group and per rendered view', async () => {
    const { scene, facts } = await readShared('playbot-31k.ply');
    const analysis = analyzeScene(scene, FAST);
    const reported: number[] = [];
    await compressToBudget(analysis, Math.floor(facts.bytes * 0.03), { onProgress: (f) => reported.push(f) });
    for (let k = 1; k < reported.length; k++) expect(reported[k]!).toBeGreaterThanOrEqual(reported[k - 1]!);
    expect(reported.at(-1)).toBe(1);
    // pruned: a measure (12 validation views), the colour re-fit (its 4 fit views here × 3 sweeps), a measure again: each view a report
    expect(new Set(reported).size).toBeGreaterThan(12 + 12 + 12);
    // no stage jumps ahead: the largest step is the measured choice's runner-up, when it is not fitted
    const steps = reported.slice(1).map((f, k) => f - reported[k]!);
    expect(Math.max(...steps)).toBeLessThanOrEqual(0.2 + 1e-9);
  });

  it('when every splat fits, the rest of the budget goes to precision (still 97–100 %)', async () => {
    const { scene, facts } = await readShared('cvlab-100-sh3.ply');
    const analysis = analyzeScene(scene, FAST);
    for (const percent of [5, 20, 40]) {
      const budget = Math.floor((facts.bytes * percent) / 100);
      const result = await compressToBudget(analysis, budget);
      expect(result.kept).toBe(scene.count);
      expect(result.bytes.length).toBeLessThanOrEqual(budget);
      expect(result.bytes.length).toBeGreaterThanOrEqual(budget * MIN_FILL);
    }
  });

  it('a budget above the lossless size returns the lossless file, and says so', async () => {
    const { scene, facts } = await readShared('cvlab-100-sh3.ply');
    const result = await compressToBudget(analyzeScene(scene, FAST), facts.bytes);
    expect(result.lossless).toBe(true);
    const { scene: decoded } = await readBytes('lossless.splatfit', result.bytes);
    const fidelity = compareScenes(scene, decoded, sampleViews(scene, 2, { width: 64, height: 64 }));
    expect(fidelity.meanPsnr).toBe(Infinity);
  });

  it('a budget below the smallest reachable size is an error that gives that size, and that size is reachable', async () => {
    for (const name of ['cvlab-100-sh3.ply', 'playbot-31k.ply']) {
      const { scene } = await readShared(name);
      const analysis = analyzeScene(scene, FAST);
      const smallest = smallestReachable(analysis);
      await expect(compressToBudget(analysis, smallest - 1)).rejects.toThrowError(new RegExp(`smallest reachable size, ${smallest} bytes`));
      await expect(compressToBudget(analysis, 50)).rejects.toMatchObject({ code: ErrorCode.BudgetTooSmall });
      for (const budget of [smallest, smallest + 27, 1000, 4000]) {
        const result = await compressToBudget(analysis, budget);
        expect(result.bytes.length, `${name} at ${budget}`).toBeLessThanOrEqual(budget);
        expect((await readBytes('tiny.splatfit', result.bytes)).scene.count).toBe(result.kept);
      }
    }
  });

  it('a larger budget never gives a lower report-view PSNR than a smaller one', async () => {
    const { scene, facts } = await readShared('playbot-31k.ply');
    const analysis = analyzeScene(scene, FAST);
    const views = reportViews(scene, 64);
    let previous = 0;
    for (const ratio of [80, 40, 20, 10]) {
      const result = await compressToBudget(analysis, Math.floor(facts.bytes / ratio));
      const psnr = compareScenes(scene, (await readBytes('fit.splatfit', result.bytes)).scene, views).meanPsnr;
      expect(psnr, `1:${ratio}`).toBeGreaterThanOrEqual(previous);
      previous = psnr;
    }
  });
});
