/**
 * The landing test, shared by the per-size test files (vitest runs files in parallel):
 * a scene fitted to 50 %, 10 %, 5 % and 2 % of its `.ply` size lands in [97 %, 100 %] of each
 * budget (in [94 %, 100 %] where every splat is kept and only whole precision steps are left)
 * and decodes to the kept count.
 */
import { expect, it } from 'vitest';
import { writeScene } from '../../src/core/index.ts';
import { compressToBudget, MIN_FILL } from '../../src/core/codec/compress.ts';
import { analyzeScene } from '../../src/core/codec/scene-analysis.ts';
import { readBytes, readShared } from './scenes.ts';

export const LANDING_PERCENTS = [50, 10, 5, 2] as const;

/** Least fill when every splat is kept and precision rises in whole steps. */
const ALL_KEPT_MIN_FILL = 0.94;

/** Analysis small enough for tests: where a budget lands does not depend on how finely it was measured. */
const FAST = { views: 4, viewSize: 64, sensitivityViews: 1, sensitivitySize: 48, sensitivitySplats: 16384 };

export function itLandsEveryBudget(name: string, percents: readonly number[] = LANDING_PERCENTS): void {
  it(`${name}: ${percents.join(' %, ')} % of its .ply size land in [97 %, 100 %] of the budget`, async () => {
    const { scene } = await readShared(name);
    // The size of the scene as a 3DGS PLY (the file's own size for the PLY scenes).
    const plyBytes = writeScene(scene, 'ply').length;
    const analysis = analyzeScene(scene, FAST);
    for (const percent of percents) {
      const budget = Math.floor((plyBytes * percent) / 100);
      // Where a budget lands does not depend on which of two plans is kept, or on re-fitted colours.
      const result = await compressToBudget(analysis, budget, { tools: { measuredChoice: false, compensation: false } });
      const fill = result.bytes.length / budget;
      expect(fill, `${percent} %: ${result.bytes.length} of ${budget} bytes`).toBeLessThanOrEqual(1);
      // With every splat kept, the fill is as close as whole steps of a group's precision allow
      // (on 300k splats one more bit of one attribute is ~3 % of a 5 % budget).
      const floor = result.lossless ? 0 : result.kept === scene.count ? ALL_KEPT_MIN_FILL : MIN_FILL;
      expect(fill, `${percent} %: ${result.bytes.length} of ${budget} bytes, ${result.kept} kept`).toBeGreaterThanOrEqual(floor);
      const { scene: decoded } = await readBytes('fit.splatfit', result.bytes);
      expect(decoded.count).toBe(result.kept);
    }
  }, 300_000);
}
