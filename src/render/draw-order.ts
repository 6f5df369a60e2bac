/**
 * The back-to-front order the renderer draws, kept where the GPU reads it: a storage buffer on
 * WebGPU (the projection pre-pass reads it, splat-projection.ts), a float texture on WebGL2 (the
 * per-vertex material reads it). Both start as 0, 1, 2, … and are rewritten whole each time the
 * pane's worker (workers/pane-worker.ts) returns an order.
 */
import type { DataTexture } from 'three/webgpu';
import { instancedArray } from 'three/tsl';
import type { SortedOrder } from './splat-projection.ts';
import { createOrderTexture } from './splat-textures.ts';

export interface DrawOrder {
  /** Copies order[0 .. drawn) (splat indices, back to front) to where the GPU reads it, for the next draw. */
  write(order: Uint32Array, drawn: number): void;
  dispose(): void;
}

/** The storage buffer behind an `instancedArray` node (three's typings leave it out). */
interface StorageArrayNode {
  value: { array: Uint32Array; needsUpdate: boolean };
}

export function storageOrder(count: number): DrawOrder & { readonly buffer: SortedOrder } {
  const node = instancedArray(identity(count), 'uint') as unknown as StorageArrayNode & SortedOrder;
  return {
    buffer: node,
    write(order, drawn) {
      node.value.array.set(order.subarray(0, drawn));
      node.value.needsUpdate = true;
    },
    dispose() { /* freed with the pipeline that reads it */ },
  };
}

export function textureOrder(count: number): DrawOrder & { readonly texture: DataTexture } {
  const texture = createOrderTexture(count);
  const target = texture.image.data as Float32Array;
  return {
    texture,
    write(order, drawn) {
      for (let i = 0; i < drawn; i++) target[i] = order[i]!;
      texture.needsUpdate = true;
    },
    dispose: () => texture.dispose(),
  };
}

function identity(count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}
