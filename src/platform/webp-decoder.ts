/**
 * The lossless WebP decoder SOG needs, from libwebp compiled to WebAssembly (@jsquash/webp).
 * A canvas is not used: browsers colour-manage and premultiply canvas pixels, which alters the
 * quantized values SOG stores. In the browser the wasm file is found by the bundler; Node passes
 * the compiled module in (see src/cli/node-platform.ts).
 */
import decode, { init } from '@jsquash/webp/decode.js';
import type { DecodedImage, ImageDecoder } from '../core/index.ts';

let ready: Promise<void> | null = null;

/** Creates the decoder; `wasmModule` is required where the wasm cannot be fetched (Node). */
export function createWebpDecoder(wasmModule?: WebAssembly.Module): ImageDecoder {
  ready ??= wasmModule === undefined ? Promise.resolve() : init(wasmModule);
  return async (bytes: Uint8Array): Promise<DecodedImage> => {
    await ready;
    const image = await decode(bytes.slice().buffer);
    return { width: image.width, height: image.height, rgba: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
  };
}
