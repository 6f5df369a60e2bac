/** Ranking in rounds: one order over every splat, and pruning by it loses less than ranking once. */
import { describe, expect, it } from 'vitest';
import { compareScenes, decisionViews, measuredSignificance, rankBySignificance, reportViews, selectSplats } from '../../src/core/index.ts';
import { iterativeRanking } from '../../src/core/fidelity/iterative-ranking.ts';
import { readShared } from '../helpers/scenes.ts';

describe('iterative ranking', () => {
  it('orders every splat once, and keeping its first 10 % looks closer to the scene than ranking once', async () => {
    const { scene: full } = await readShared('playbot-31k.ply');
    const scene = selectSplats(full, Uint32Array.from({ length: 8000 }, (_, i) => i * 3));
    const views = decisionViews(scene, { ranking: 24, size: 48 });
    const { order } = iterativeRanking(scene, views.ranking, { dilation: views.rankingDilation });
    expect(new Set(order).size).toBe(scene.count);
    const once = rankBySignificance(measuredSignificance(scene, views.ranking, { dilation: views.rankingDilation }));
    const report = reportViews(scene, 64);
    const keep = (ranking: Uint32Array): number => compareScenes(scene, selectSplats(scene, ranking.slice(0, 800).sort()), report).meanPsnr;
    expect(keep(order)).toBeGreaterThan(keep(once));
  });
});
