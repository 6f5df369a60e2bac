/** One decoded copy of a scene for every thread: scenes live in shared memory, and posting one shares it. */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { allocateScene, isShared, sceneBuffers, type SplatScene } from '../../src/core/index.ts';
import { inSharedMemory } from '../../src/core/scene/shared-scene.ts';
import type { DrawnScene } from '../../src/core/scene/drawn-scene.ts';

function posted(scene: SplatScene): Promise<SplatScene> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (received: SplatScene) => {
      port1.close();
      resolve(received);
    });
    port1.postMessage(scene);
  });
}

describe('shared scenes', () => {
  it('a new scene lives in shared memory, and has nothing to transfer', () => {
    const scene = allocateScene(10, 2);
    for (const array of [scene.positions, scene.logScales, scene.rotations, scene.opacities, scene.shDc, scene.shRest]) expect(isShared(array)).toBe(true);
    expect(sceneBuffers(scene)).toEqual([]);
  });

  it('posting a scene to another thread shares its memory instead of copying it', async () => {
    const scene = allocateScene(4, 1);
    const received = await posted(scene);
    received.positions[5] = 42;
    received.shRest[8] = -3;
    expect(scene.positions[5]).toBe(42);
    expect(scene.shRest[8]).toBe(-3);
  });

  it('inSharedMemory copies only the arrays that are not shared yet, values unchanged', () => {
    const scene = allocateScene(5, 1);
    scene.shRest.fill(0.25);
    const colours = Float32Array.from({ length: 15 }, (_, k) => k / 10);
    const mixed = { ...scene, shDc: colours };
    const shared = inSharedMemory(mixed);
    expect(shared.positions).toBe(scene.positions);
    expect(shared.shRest).toBe(scene.shRest);
    expect(shared.shDc).not.toBe(colours);
    expect(isShared(shared.shDc)).toBe(true);
    expect(shared.shDc).toEqual(colours);
    // nothing left to copy: the same arrays again
    expect(inSharedMemory(shared).shDc).toBe(shared.shDc);
  });

  it('inSharedMemory shares rest bands held as rows of a table too, rows and table unchanged', async () => {
    const scene = allocateScene(4, 1);
    const rows = { table: Float32Array.from({ length: 18 }, (_, k) => k), rows: Uint16Array.of(2, 0, 1, 2) };
    const drawn = inSharedMemory<DrawnScene>({ ...scene, shRest: rows });
    if (!('rows' in drawn.shRest)) throw new Error('expected rows');
    expect(isShared(drawn.shRest.table) && isShared(drawn.shRest.rows)).toBe(true);
    expect(drawn.shRest.table).toEqual(rows.table);
    expect(drawn.shRest.rows).toEqual(rows.rows);
    expect(drawn.positions).toBe(scene.positions);
  });
});
