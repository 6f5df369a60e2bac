/**
 * Uploads large data textures to a WebGPU device in pieces, one at a time.
 *
 * Chromium carries the data of every `writeTexture` (and every buffer mapped at creation) to the
 * GPU process through shared memory, which stays mapped in both processes and is reused but never
 * given back: its size is the most data that was in flight at once. three uploads each texture in
 * one write, and a scene's textures in one frame, so that memory grew to the whole GPU layout (847
 * MiB mapped in the page and again in the GPU process, for the 6 M-splat tiling of playbot-500k).
 * Written a piece at a time, each piece waited for, it stays small (on a test page, 256 MiB written
 * in 8 MiB pieces left 16 MiB mapped; written at once, 256 MiB).
 */
import type { DataArrayTexture, DataTexture, WebGPURenderer } from 'three/webgpu';
import { webgpuInternals } from './webgpu-internals.ts';

/** Most bytes one write carries. */
const PIECE_BYTES = 8 * 1024 * 1024;

/**
 * Makes `texture` on the GPU without letting three write its data (`source.dataReady`), then writes
 * the data row by row in pieces of at most PIECE_BYTES, each finished before the next is sent.
 * Resolves once the last piece is on the GPU.
 */
export async function uploadInPieces(renderer: WebGPURenderer, texture: DataTexture | DataArrayTexture): Promise<void> {
  const data = texture.image.data as Float32Array | Uint16Array | Uint8Array;
  const { width, height } = texture.image as { width: number; height: number };
  const layers = 'depth' in texture.image ? (texture.image as { depth: number }).depth : 1;
  texture.source.dataReady = false;
  renderer.initTexture(texture);
  const backend = webgpuInternals(renderer);
  const target = backend.get(texture).texture;
  if (target === undefined) throw new Error('three made no GPU texture to upload into');
  const rowBytes = data.byteLength / (height * layers);
  const rowsPerPiece = Math.max(1, Math.floor(PIECE_BYTES / rowBytes));
  for (let layer = 0; layer < layers; layer++) {
    for (let row = 0; row < height; row += rowsPerPiece) {
      const rows = Math.min(rowsPerPiece, height - row);
      const offset = data.byteOffset + (layer * height + row) * rowBytes;
      backend.device.queue.writeTexture(
        { texture: target, origin: { x: 0, y: row, z: layer } },
        new Uint8Array(data.buffer, offset, rows * rowBytes),
        { bytesPerRow: rowBytes, rowsPerImage: rows },
        { width, height: rows, depthOrArrayLayers: 1 },
      );
      await backend.device.queue.onSubmittedWorkDone();
    }
  }
}
