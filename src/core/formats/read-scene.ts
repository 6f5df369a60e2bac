/**
 * One entry point for reading any supported scene: detects the format, runs its reader, drops (or
 * refuses) unrenderable splats and returns the scene with the facts the UI and CLI show.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import type { ByteSource, ProgressCallback } from '../io/byte-source.ts';
import { enforceFiniteSplats, type NonFinitePolicy } from '../scene/validate.ts';
import { type Bounds, computeBounds, type SplatScene } from '../scene/splat-scene.ts';
import { readCompressedPly, isCompressedPly } from './compressed-ply/read.ts';
import { extensionOf, READABLE_EXTENSIONS, type SceneFormat, signatureOf } from './detect.ts';
import { readKsplat } from './ksplat/read.ts';
import { readPlyHeader } from './ply/header.ts';
import { readPlyScene } from './ply/read.ts';
import { type ImageDecoder, readSogBundle, readSogFiles, type SogFileLookup } from './sog/read.ts';
import { readSplat } from './splat/read.ts';
import { readSplatfit } from './splatfit/read.ts';
import { readSpz } from './spz/read.ts';

export interface ReadSceneOptions {
  onProgress?: ProgressCallback;
  signal?: { readonly aborted: boolean };
  /** What to do with splats holding NaN/Inf or a zero rotation (default 'drop', with a warning). */
  nonFinite?: NonFinitePolicy;
  /** Needed for SOG: a lossless WebP decoder. */
  decodeImage?: ImageDecoder;
  /** Needed for an unbundled SOG's meta.json: reads the images it names. */
  sogFiles?: SogFileLookup;
}

export interface SceneFacts {
  readonly name: string;
  readonly format: SceneFormat;
  readonly count: number;
  readonly shDegree: number;
  readonly bounds: Bounds;
  /** Size of the file(s) read. */
  readonly bytes: number;
  readonly bytesPerSplat: number;
  /** Things the user should know that did not stop the read (e.g. dropped splats). */
  readonly warnings: readonly string[];
}

export interface ReadSceneResult {
  readonly scene: SplatScene;
  readonly facts: SceneFacts;
}

export async function readScene(source: ByteSource, options: ReadSceneOptions = {}): Promise<ReadSceneResult> {
  const file = source.name;
  if (source.size === 0) throw new SplatfitError(ErrorCode.EmptyScene, 'file is empty', { file });
  const head = await source.read(0, Math.min(source.size, 64));
  const { format, scene: raw, bytes } = await readByFormat(source, head, options);
  if (raw.count === 0) throw new SplatfitError(ErrorCode.EmptyScene, 'file holds no splats', { file });
  const { scene, report } = enforceFiniteSplats(raw, options.nonFinite ?? 'drop', file);
  const warnings = report.invalidCount > 0
    ? [`dropped ${report.invalidCount} of ${raw.count} splats with NaN/infinite values or a zero rotation (first at splat ${report.firstInvalid})`]
    : [];
  options.onProgress?.(1);
  return {
    scene,
    facts: { name: file, format, count: scene.count, shDegree: scene.shDegree, bounds: computeBounds(scene), bytes, bytesPerSplat: bytes / scene.count, warnings },
  };
}

async function readByFormat(
  source: ByteSource, head: Uint8Array, options: ReadSceneOptions,
): Promise<{ format: SceneFormat; scene: SplatScene; bytes: number }> {
  const file = source.name;
  const ext = extensionOf(file);
  const signature = signatureOf(head);
  const plyOptions = { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  switch (signature) {
    case 'ply': {
      const header = await readPlyHeader(source);
      if (isCompressedPly(header)) return { format: 'compressed-ply', scene: await readCompressedPly(source, header), bytes: source.size };
      return { format: 'ply', scene: await readPlyScene(source, header, plyOptions), bytes: source.size };
    }
    case 'spz':
      return { format: 'spz', scene: await readSpz(source), bytes: source.size };
    case 'splatfit':
      return { format: 'splatfit', scene: await readSplatfit(source), bytes: source.size };
    case 'zip':
      return { format: 'sog', scene: await readSogBundle(source, requireDecoder(options, file)), bytes: source.size };
    case 'json': {
      if (options.sogFiles === undefined) {
        throw new SplatfitError(ErrorCode.MissingProperty, 'a SOG meta.json needs the images beside it; open the folder or all its files together', { file });
      }
      let bytes = source.size;
      const lookup: SogFileLookup = async (name) => {
        const data = await options.sogFiles!(name);
        bytes += data.length;
        return data;
      };
      const meta = await source.read(0, source.size);
      return { format: 'sog', scene: await readSogFiles(file, meta, lookup, requireDecoder(options, file)), bytes };
    }
    case 'none':
      if (ext === '.splat') return { format: 'splat', scene: await readSplat(source), bytes: source.size };
      if (ext === '.ksplat' || (head[0] === 0 && (head[1] ?? 0) >= 1 && source.size >= 4096)) {
        return { format: 'ksplat', scene: await readKsplat(source), bytes: source.size };
      }
  }
  throw new SplatfitError(ErrorCode.UnknownFormat, `unrecognized scene format; expected one of ${READABLE_EXTENSIONS.join(', ')}`, { file, offset: 0 });
}

function requireDecoder(options: ReadSceneOptions, file: string): ImageDecoder {
  if (options.decodeImage === undefined) {
    throw new SplatfitError(ErrorCode.MissingProperty, 'reading SOG needs a WebP decoder, and none was given', { file });
  }
  return options.decodeImage;
}
