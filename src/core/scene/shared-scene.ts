/**
 * One decoded copy of a scene for every thread that reads it. A scene whose arrays live in a
 * SharedArrayBuffer (allocateScene puts them there) is shared, not copied, when it is posted to a
 * worker (structured clone keeps the memory), so the page's panes, the fidelity worker and every
 * compress worker, or the CLI's workers, hold one scene between them instead of one each. Where
 * SharedArrayBuffer is missing (a page that is not cross-origin isolated) posting copies it, as
 * before. Shared scenes are read-only by convention: every stage that changes splats (selection,
 * compensation, coding) writes into arrays of its own.
 */
import type { DrawnScene, RestRows } from './drawn-scene.ts';

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
export function inSharedMemory<Scene extends DrawnScene>(scene: Scene): Scene {
  if (!canShareScenes()) return scene;
  const { shRest } = scene;
  const rows = shRest instanceof Float32Array ? null : shRest;
  const floats = [scene.positions, scene.logScales, scene.rotations, scene.opacities, scene.shDc, rows === null ? shRest as Float32Array : rows.table];
  // the 16-bit rows last, so every array of the block is aligned
  const copying = [...floats, ...(rows === null ? [] : [rows.rows])].filter((array) => !isShared(array));
  const memory = new SharedArrayBuffer(copying.reduce((sum, array) => sum + array.byteLength, 0));
  let offset = 0;
  const shared = <T extends Float32Array | Uint16Array>(array: T): T => {
    if (isShared(array)) return array;
    const copy = (array instanceof Float32Array ? new Float32Array(memory, offset, array.length) : new Uint16Array(memory, offset, array.length)) as T;
    copy.set(array);
    offset += copy.byteLength;
    return copy;
  };
  const [positions, logScales, rotations, opacities, shDc, rest] = floats.map(shared) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const restOut: Float32Array | RestRows = rows === null ? rest : { table: rest, rows: shared(rows.rows) };
  return { ...scene, positions, logScales, rotations, opacities, shDc, shRest: restOut };
}
