/**
 * Node adapters for the core: ranged reads from a file on disk, the WebP decoder's wasm loaded
 * from node_modules, and the sibling-file lookup an unbundled SOG's meta.json needs.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { type ByteSource, ErrorCode, type ImageDecoder, type ImageEncoder, type ReadSceneOptions, type ReadSceneResult, readScene, SplatfitError } from '../core/index.ts';
import { createWebpDecoder } from '../platform/webp-decoder.ts';
import { createWebpEncoder } from '../platform/webp-encoder.ts';

/** A ranged-read source over a file, so large PLYs stream instead of being read whole. */
export async function fileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  const readInto = async (offset: number, target: Uint8Array): Promise<Uint8Array> => {
    const length = Math.max(0, Math.min(target.length, size - offset));
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(target, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return target.subarray(0, done);
  };
  return {
    name: basename(path),
    size,
    read: (offset, length) => readInto(offset, new Uint8Array(Math.max(0, Math.min(length, size - offset)))),
    readInto,
    close: () => handle.close(),
  };
}

let webp: Promise<ImageDecoder> | null = null;

export function nodeWebpDecoder(): Promise<ImageDecoder> {
  webp ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = join(dirname(require.resolve('@jsquash/webp/package.json')), 'codec/dec/webp_dec.wasm');
    // The emscripten glue builds an ImageData; Node has none, so give it the plain shape it needs.
    (globalThis as { ImageData?: unknown }).ImageData ??= class {
      constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {}
    };
    return createWebpDecoder(await WebAssembly.compile(await readFile(wasmPath)));
  })();
  return webp;
}

let webpEncoder: Promise<ImageEncoder> | null = null;

/** The lossless WebP encoder for writing SOG, its wasm read from node_modules. */
export function nodeWebpEncoder(): Promise<ImageEncoder> {
  webpEncoder ??= (async () => {
    const require = createRequire(import.meta.url);
    const codec = join(dirname(require.resolve('@jsquash/webp/package.json')), 'codec/enc');
    // @jsquash's init loads the SIMD glue where the engine validates SIMD code; give it the matching wasm.
    const simd = await readFile(join(codec, 'webp_enc_simd.wasm'));
    const wasm = WebAssembly.validate(simd) ? simd : await readFile(join(codec, 'webp_enc.wasm'));
    return createWebpEncoder(await WebAssembly.compile(wasm));
  })();
  return webpEncoder;
}

/** Reads a scene file (or a SOG folder / meta.json) from disk. */
export async function readSceneFile(path: string, options: ReadSceneOptions = {}): Promise<ReadSceneResult> {
  const isFolder = (await stat(path)).isDirectory();
  const metaPath = isFolder ? join(path, 'meta.json') : path;
  if (isFolder && !(await stat(metaPath).then((s) => s.isFile(), () => false))) {
    throw new SplatfitError(ErrorCode.UnknownFormat, 'a folder is read as an unbundled SOG scene, and this one has no meta.json; name a scene file, or the folder of one SOG scene', { file: path });
  }
  const source = await fileSource(metaPath);
  try {
    return await readScene(isFolder ? { ...source, name: basename(path) } : source, {
      // the decoder's wasm (16 MB of memory, for the whole run) only for a file with images to decode
      decodeImage: async (bytes, name) => (await nodeWebpDecoder())(bytes, name),
      sogFiles: (name) => readFile(join(dirname(metaPath), name)),
      ...options,
    });
  } finally {
    await source.close();
  }
}
