/**
 * The worker tasks run inline here (the worker entries only add comlink): progress is reported,
 * results match the core's, and a cancelled comparison stops with CANCELLED.
 */
import { describe, expect, it } from 'vitest';
import { compareScenes, ErrorCode, sampleViews, selectSplats } from '../src/core/index.ts';
import { compareTask, renderView, significanceTask } from '../workers/fidelity-tasks.ts';
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
