/**
 * A pane keeps drawing what it packed when the page hands its scene to the analysis, which puts the
 * scene in encoding order in place: the pane's sorter keeps its own centres.
 */
import { describe, expect, it } from 'vitest';
import { startAnalysis } from '../src/core/codec/scene-analysis.ts';
import { computeBounds, depthAxisOf, sampleViews } from '../src/core/index.ts';
import { createPaneSorter } from '../workers/pane-tasks.ts';
import { readShared } from './helpers/scenes.ts';

describe('pane sorter', () => {
  it('orders the splats it packed after the scene is reordered in place', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const sorter = createPaneSorter();
    sorter.setScene(scene, 2048);
    const axis = depthAxisOf(sampleViews(scene, 1)[0]!);
    const before = sorter.order(axis, scene.count).order.slice();
    const positions = scene.positions.slice();
    startAnalysis(scene, { handOver: true, views: 1, sensitivityViews: 1 });
    expect(scene.positions).not.toEqual(positions); // the scene did move under the pane
    expect(sorter.order(axis, scene.count).order).toEqual(before);
  });

  it('measures the bounds of the centres it packs, so the page does not', async () => {
    const { scene } = await readShared('playbot-31k.ply');
    const { layout, bounds } = createPaneSorter().setScene(scene, 2048);
    expect(layout.count).toBe(scene.count);
    expect(bounds).toEqual(computeBounds(scene));
  });
});
