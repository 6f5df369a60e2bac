/**
 * The back-to-front order the renderer draws, kept where the GPU reads it: a storage buffer on
 * WebGPU (the projection pre-pass reads it, splat-projection.ts), a float texture on WebGL2 (the
 * per-vertex material reads it). Both start as 0, 1, 2, … and are rewritten each time the pane's
 * worker (workers/pane-worker.ts) returns an order: the buffer whole, the texture's rows that
 * hold the splats drawn.
 */
import type { DataTexture, WebGPURenderer } from 'three/webgpu';
import { instancedArray } from 'three/tsl';
import type { SortedOrder } from './splat-projection.ts';
import { createOrderTexture, TEXTURE_WIDTH } from './splat-textures.ts';
import { glRowWriter, uploadInPieces } from './texture-upload.ts';

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

/** WebGL2's order: the texture the per-vertex material reads. */
export type TextureOrder = DrawOrder & { readonly texture: DataTexture };

/**
 * The order texture, on the GPU in pieces before this resolves (a scene's first frame would
 * otherwise upload it whole: 160 ms of one task on the 6 M tiling, WebGL2 on SwiftShader). Each
 * order then copies only the rows of the splats it draws, at once (while a big scene moves, its
 * level of detail draws a few of them: level-of-detail.ts).
 */
export async function textureOrder(renderer: WebGPURenderer, count: number): Promise<TextureOrder> {
  const texture = createOrderTexture(count);
  const target = texture.image.data as Float32Array;
  await uploadInPieces(renderer, texture);
  const writeRows = glRowWriter(renderer, texture, target);
  return {
    texture,
    write(order, drawn) {
      for (let i = 0; i < drawn; i++) target[i] = order[i]!;
      const rows = Math.ceil(drawn / TEXTURE_WIDTH);
      if (rows > 0) writeRows(0, 0, 0, rows);
    },
    dispose: () => texture.dispose(),
  };
}

function identity(count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}
