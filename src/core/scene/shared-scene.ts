/**
 * One decoded copy of a scene for every thread that reads it. A scene whose arrays live in a
 * SharedArrayBuffer (allocateScene puts them there) is shared, not copied, when it is posted to a
 * worker (structured clone keeps the memory), so the page's panes, the fidelity worker and every
 * compress worker, or the CLI's workers, hold one scene between them instead of one each. Where
 * SharedArrayBuffer is missing (a page that is not cross-origin isolated) posting copies it, as
 * before. Shared scenes are read-only by convention: every stage that changes splats (selection,
 * compensation, coding) writes into arrays of its own.
 */
import type { SplatScene } from './splat-scene.ts';

/** Whether this platform can share memory between threads. */
export function canShareScenes(): boolean {
  return typeof SharedArrayBuffer === 'function';
}

export function isShared(array: ArrayBufferView): boolean {
  return canShareScenes() && array.buffer instanceof SharedArrayBuffer;
}

/** A zeroed Uint32Array in shared memory where the platform has it (else an ordinary one). */
export function sharedUint32Array(length: number): Uint32Array {
  return canShareScenes() ? new Uint32Array(new SharedArrayBuffer(length * Uint32Array.BYTES_PER_ELEMENT)) : new Uint32Array(length);
}

/** A zeroed Float32Array in shared memory where the platform has it (else an ordinary one). */
export function sharedFloat32Array(length: number): Float32Array {
  return canShareScenes() ? new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT)) : new Float32Array(length);
}

/** A zeroed Float64Array in shared memory where the platform has it (else an ordinary one). */
export function sharedFloat64Array(length: number): Float64Array {
  return canShareScenes() ? new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(length);
}

/**
 * `scene` with every array in shared memory, copying those that are not (one block for them all),
 * so that posting it to another thread shares it. As is where the platform cannot share.
 */
export function inSharedMemory(scene: SplatScene): SplatScene {
  if (!canShareScenes()) return scene;
  const names = ['positions', 'logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const;
  const copied = names.filter((name) => !isShared(scene[name]));
  const memory = new SharedArrayBuffer(copied.reduce((sum, name) => sum + scene[name].byteLength, 0));
  let offset = 0;
  const out = { ...scene };
  for (const name of copied) {
    const array = new Float32Array(memory, offset, scene[name].length);
    array.set(scene[name]);
    out[name] = array;
    offset += array.byteLength;
  }
  return out;
}
