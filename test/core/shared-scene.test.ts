/** One decoded copy of a scene for every thread: scenes live in shared memory, and posting one shares it. */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { allocateScene, isShared, sceneBuffers, shareScene, type SplatScene } from '../../src/core/index.ts';

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

  it('shareScene puts a scene made of plain arrays into shared memory, values unchanged', () => {
    const plain: SplatScene = {
      count: 2, shDegree: 0, positions: new Float32Array([1, 2, 3, 4, 5, 6]), logScales: new Float32Array(6).fill(-1),
      rotations: new Float32Array([1, 0, 0, 0, 1, 0, 0, 0]), opacities: new Float32Array([0.5, -0.5]), shDc: new Float32Array(6).fill(0.25), shRest: new Float32Array(0),
    };
    expect(sceneBuffers(plain)).toHaveLength(6);
    const shared = shareScene(plain);
    expect(isShared(shared.positions) && isShared(shared.opacities)).toBe(true);
    expect([...shared.positions]).toEqual([...plain.positions]);
    expect([...shared.rotations]).toEqual([...plain.rotations]);
    expect([...shared.opacities]).toEqual([...plain.opacities]);
    expect(shareScene(shared)).toBe(shared);
  });
});
