/**
 * A storage buffer that the GPU fills before anything reads it (the projection pre-pass's output),
 * made empty on the device rather than by three. three makes every storage buffer mapped at
 * creation and copies its array in, and Chromium carries that copy to the GPU process through
 * shared memory that stays mapped in both processes (texture-upload.ts): 144 MB of zeros for the
 * two projection buffers of a 6 M-splat scene (24 B a splat). WebGPU gives a new buffer zeroed.
 */
import type { WebGPURenderer } from 'three/webgpu';
import { webgpuInternals } from './webgpu-internals.ts';

/**
 * The usage three gives a storage attribute's buffer (WebGPUBackend.createStorageAttribute): the
 * spec's GPUBufferUsage flags STORAGE | VERTEX | COPY_SRC | COPY_DST, written out because the
 * typings of this project's DOM library lack that global.
 */
const STORAGE_USAGE = 0x80 | 0x20 | 0x04 | 0x08;

/** Gives `node`'s storage attribute an empty GPU buffer of its size, which three then uses as its own. */
export function emptyStorageOnDevice(renderer: WebGPURenderer, node: unknown): void {
  const attribute = (node as { value: { array: ArrayBufferView } }).value;
  const backend = webgpuInternals(renderer);
  const record = backend.get(attribute);
  if (record.buffer !== undefined) return;
  const bytes = attribute.array.byteLength;
  record.buffer = backend.device.createBuffer({ size: bytes + ((4 - (bytes % 4)) % 4), usage: STORAGE_USAGE });
}
