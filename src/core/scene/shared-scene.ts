/**
 * One decoded copy of a scene for every thread that reads it. A scene whose arrays live in a
 * SharedArrayBuffer (allocateScene puts them there) is shared, not copied, when it is posted to a
 * worker (structured clone keeps the memory), so the page's panes, the fidelity worker and every
 * compress worker, or the CLI's workers, hold one scene between them instead of one each. Where
 * SharedArrayBuffer is missing (a page that is not cross-origin isolated) posting copies it, as
 * before. Shared scenes are read-only by convention: every stage that changes splats (selection,
 * compensation, coding) writes into arrays of its own.
 */
import type { DrawnScene } from './drawn-scene.ts';

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

/** A zeroed Uint16Array in shared memory where the platform has it (else an ordinary one). */
export function sharedUint16Array(length: number): Uint16Array {
  return canShareScenes() ? new Uint16Array(new SharedArrayBuffer(length * Uint16Array.BYTES_PER_ELEMENT)) : new Uint16Array(length);
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
export function inSharedMemory<Scene extends DrawnScene>(scene: Scene): Scene {
  if (!canShareScenes()) return scene;
  const { shRest } = scene;
  // rest bands held as a coded file holds them (drawn-scene.ts): each of their arrays shared
  const restParts = shRest instanceof Float32Array ? [] : Object.entries(shRest) as [string, ArrayBufferView][];
  const arrays = [scene.positions, scene.logScales, scene.rotations, scene.opacities, scene.shDc, ...(shRest instanceof Float32Array ? [shRest] : []), ...restParts.map(([, a]) => a)];
  const copying = arrays.filter((array) => !isShared(array));
  // widest elements first, so every array of the block is aligned
  const width = (array: ArrayBufferView): number => (array as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  copying.sort((a, b) => width(b) - width(a));
  const memory = new SharedArrayBuffer(copying.reduce((sum, array) => sum + array.byteLength, 0));
  const copies = new Map<ArrayBufferView, ArrayBufferView>();
  let offset = 0;
  for (const array of copying) {
    const Kind = array.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => ArrayBufferView & { set(from: ArrayBufferView): void };
    const copy = new Kind(memory, offset, array.byteLength / width(array));
    copy.set(array);
    copies.set(array, copy);
    offset += array.byteLength;
  }
  const shared = <T extends ArrayBufferView>(array: T): T => (copies.get(array) as T | undefined) ?? array;
  const rest = shRest instanceof Float32Array ? shared(shRest) : Object.fromEntries(restParts.map(([name, array]) => [name, shared(array)])) as unknown as typeof shRest;
  return {
    ...scene, positions: shared(scene.positions), logScales: shared(scene.logScales), rotations: shared(scene.rotations), opacities: shared(scene.opacities), shDc: shared(scene.shDc), shRest: rest,
  };
}
