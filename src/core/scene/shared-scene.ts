/**
 * One decoded copy of a scene for every thread that reads it. A scene whose arrays live in a
 * SharedArrayBuffer is shared, not copied, when it is posted to a worker (structured clone keeps
 * the memory), so the page's panes, the fidelity worker and every compress worker, or the CLI's
 * workers, hold one scene between them instead of one each. Where SharedArrayBuffer is missing (a
 * page that is not cross-origin isolated) the scene is returned as it is and posting copies it, as
 * before. Shared scenes are read-only by convention: every stage that changes splats (selection,
 * compensation, coding) writes into arrays of its own.
 */
import type { SplatScene } from './splat-scene.ts';

const ARRAYS = ['positions', 'logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const;

/** Whether this platform can share memory between threads. */
export function canShareScenes(): boolean {
  return typeof SharedArrayBuffer === 'function';
}

/** The scene in one SharedArrayBuffer (a copy of its arrays), or the scene itself where that cannot be done or is done already. */
export function shareScene(scene: SplatScene): SplatScene {
  if (!canShareScenes() || ARRAYS.every((name) => isShared(scene[name]))) return scene;
  const total = ARRAYS.reduce((sum, name) => sum + scene[name].length, 0);
  const memory = new SharedArrayBuffer(total * Float32Array.BYTES_PER_ELEMENT);
  let offset = 0;
  const place = (source: Float32Array): Float32Array => {
    const target = new Float32Array(memory, offset * Float32Array.BYTES_PER_ELEMENT, source.length);
    target.set(source);
    offset += source.length;
    return target;
  };
  return {
    ...scene, positions: place(scene.positions), logScales: place(scene.logScales), rotations: place(scene.rotations),
    opacities: place(scene.opacities), shDc: place(scene.shDc), shRest: place(scene.shRest),
  };
}

export function isShared(array: ArrayBufferView): boolean {
  return canShareScenes() && array.buffer instanceof SharedArrayBuffer;
}

/** A zeroed Uint32Array in shared memory where the platform has it (else an ordinary one). */
export function sharedUint32Array(length: number): Uint32Array {
  return canShareScenes() ? new Uint32Array(new SharedArrayBuffer(length * Uint32Array.BYTES_PER_ELEMENT)) : new Uint32Array(length);
}
