/**
 * The lossless WebP encoder the SOG writer needs, from libwebp compiled to WebAssembly
 * (@jsquash/webp), the same library as the decoder (webp-decoder.ts). A canvas is not used: its
 * `toBlob` colour-manages and premultiplies, which alters the quantized values SOG stores.
 *
 * `exact` keeps the RGB of pixels whose alpha is 0: libwebp otherwise rewrites them to whatever
 * compresses best, and in sh0.webp alpha is opacity, so a fully transparent splat would lose its
 * colour indices (splat-transform's writer has that flaw; the splat is invisible, but the file
 * would not read back as written). In the browser the wasm file is found by the bundler; Node
 * passes the compiled module in (src/cli/node-platform.ts), the SIMD build where the engine has SIMD.
 */
import encode, { init } from '@jsquash/webp/encode.js';
import type { ImageEncoder } from '../core/index.ts';

export interface WebpEncoderOptions {
  /**
   * libwebp's lossless effort, 0–100 (its `quality` in lossless mode; default 75): higher is
   * smaller and slower. splat-transform's writer uses 70.
   */
  effort?: number;
  /** libwebp's `method`, 0–6 (default 4): more analysis for smaller files. */
  method?: number;
}

let ready: Promise<unknown> | null = null;

/**
 * Creates the encoder; `wasmModule` is required where the wasm cannot be fetched (Node) and must
 * be the build `init` picks there (webp_enc_simd.wasm when the engine has SIMD, webp_enc.wasm otherwise).
 */
export function createWebpEncoder(wasmModule?: WebAssembly.Module, options: WebpEncoderOptions = {}): ImageEncoder {
  ready ??= wasmModule === undefined ? Promise.resolve() : init(wasmModule);
  const settings = { lossless: 1, exact: 1, quality: options.effort ?? 75, method: options.method ?? 4 };
  return async (rgba: Uint8Array, width: number, height: number): Promise<Uint8Array> => {
    await ready;
    // The encoder reads only data, width and height: a plain object serves where ImageData is missing (Node).
    const image = { data: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, width * height * 4), width, height, colorSpace: 'srgb' } as ImageData;
    return new Uint8Array(await encode(image, settings));
  };
}
