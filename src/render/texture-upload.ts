/**
 * Uploads large data textures a piece at a time, each piece finished before the next is sent, on
 * either of three's backends.
 *
 * three writes a texture's data in one call, and a scene's textures in one frame.
 * - On WebGPU, Chromium carries the data of every `writeTexture` (and every buffer mapped at
 *   creation) to the GPU process through shared memory, which stays mapped in both processes and is
 *   reused but never given back: its size is the most data that was in flight at once. Written
 *   whole, that memory grew to the whole GPU layout (847 MiB mapped in the page and again in the
 *   GPU process, for the 6 M-splat tiling of playbot-500k); in 8 MiB pieces (a test page, 256 MiB
 *   written) it stayed at 16 MiB.
 * - On WebGL2, `texSubImage2D` copies its data through the command buffer before it returns, so one
 *   call for a whole texture blocks the page: opening the 2 M tiling spent 856 ms of one 976 ms task
 *   in three's texture update (a CPU profile of the page, SwiftShader), and opening the 6 M tiling
 *   blocked the page for 3,346 ms. In pieces, each waited for by a fence, the page's other work
 *   runs between them: the 6 M tiling's open then had no task over 327 ms (bench:interaction).
 */
import type { DataArrayTexture, DataTexture, WebGPURenderer } from 'three/webgpu';
import { fenceDone } from './gl-fence.ts';
import { webglInternals } from './webgl-internals.ts';
import { onWebGPU, webgpuInternals } from './webgpu-internals.ts';

/** Most bytes one write carries. */
const PIECE_BYTES = 8 * 1024 * 1024;

type TextureData = Float32Array | Uint16Array | Uint8Array;

/** Copies rows [row, row + rows) of layer `layer` from the texture's data, `offset` elements in. */
type WriteRows = (offset: number, layer: number, row: number, rows: number) => void;
/** As WriteRows, then waits until the rows are on the GPU. */
type WritePiece = (...rows: Parameters<WriteRows>) => Promise<void>;

/**
 * Makes `texture` on the GPU without letting three write its data (`source.dataReady`), then writes
 * the data row by row in pieces of at most PIECE_BYTES, each finished before the next is sent.
 * Resolves once the last piece is on the GPU.
 */
export async function uploadInPieces(renderer: WebGPURenderer, texture: DataTexture | DataArrayTexture): Promise<void> {
  const data = texture.image.data as TextureData;
  const { height } = texture.image as { height: number };
  const layers = isLayered(texture) ? texture.image.depth : 1;
  const rowElements = data.length / (height * layers);
  texture.source.dataReady = false;
  renderer.initTexture(texture);
  const write = onWebGPU(renderer) ? webgpuPieces(renderer, texture, data, rowElements) : webglPieces(renderer, texture, data);
  const rowsPerPiece = Math.max(1, Math.floor(PIECE_BYTES / (rowElements * data.BYTES_PER_ELEMENT)));
  for (let layer = 0; layer < layers; layer++) {
    for (let row = 0; row < height; row += rowsPerPiece) {
      await write((layer * height + row) * rowElements, layer, row, Math.min(rowsPerPiece, height - row));
    }
  }
}

function webgpuPieces(renderer: WebGPURenderer, texture: DataTexture | DataArrayTexture, data: TextureData, rowElements: number): WritePiece {
  const backend = webgpuInternals(renderer);
  const target = backend.get(texture).texture;
  if (target === undefined) throw new Error('three made no GPU texture to upload into');
  const { width } = texture.image as { width: number };
  const rowBytes = rowElements * data.BYTES_PER_ELEMENT;
  return async (offset, layer, row, rows) => {
    backend.device.queue.writeTexture(
      { texture: target, origin: { x: 0, y: row, z: layer } },
      new Uint8Array(data.buffer, data.byteOffset + offset * data.BYTES_PER_ELEMENT, rows * rowBytes),
      { bytesPerRow: rowBytes, rowsPerImage: rows },
      { width, height: rows, depthOrArrayLayers: 1 },
    );
    await backend.device.queue.onSubmittedWorkDone();
  };
}

function webglPieces(renderer: WebGPURenderer, texture: DataTexture | DataArrayTexture, data: TextureData): WritePiece {
  const writeRows = glRowWriter(renderer, texture, data);
  const { gl } = webglInternals(renderer);
  return async (offset, layer, row, rows) => {
    writeRows(offset, layer, row, rows);
    await fenceDone(gl);
  };
}

/**
 * On WebGL2, a function that copies rows [row, row + rows) of layer `layer` of `texture` (made by
 * three already) from `data`, `offset` elements in, at once: the copy is made before it returns.
 */
export function glRowWriter(renderer: WebGPURenderer, texture: DataTexture | DataArrayTexture, data: TextureData): WriteRows {
  const backend = webglInternals(renderer);
  const { textureGPU, glTextureType, glFormat, glType } = backend.get(texture);
  if (textureGPU === undefined || glTextureType === undefined || glFormat === undefined || glType === undefined) throw new Error('three made no GL texture to upload into');
  const { gl } = backend;
  const { width } = texture.image as { width: number };
  const layered = isLayered(texture);
  return (offset, layer, row, rows) => {
    if (gl.isContextLost()) return;
    backend.state.bindTexture(glTextureType, textureGPU);
    // three sets these before each upload of its own; these textures are plain rows of data
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    if (layered) gl.texSubImage3D(glTextureType, 0, 0, row, layer, width, rows, 1, glFormat, glType, data, offset);
    else gl.texSubImage2D(glTextureType, 0, 0, row, width, rows, glFormat, glType, data, offset);
  };
}

// three's own flag: once three has made the texture, a 2D texture's image has a `depth` key as well (releaseData)
const isLayered = (texture: DataTexture | DataArrayTexture): texture is DataArrayTexture => (texture as DataArrayTexture).isDataArrayTexture === true;
