/**
 * Writer for PlayCanvas SOG version 2 (docs/formats.md, "SOG"): meta.json plus lossless WebP
 * images in which pixel i holds splat i, either as a folder's files or bundled in a zip (`.sog`).
 * What is stored, and the image shapes, follow splat-transform's writer, so its reader, the
 * PlayCanvas engine and ours all read the files; the codebooks are learnt on the CPU in seconds
 * (significance-weighted when weights are given), where splat-transform's SH palette needs a GPU.
 *
 * The images are encoded by an injected `ImageEncoder` (libwebp in wasm: src/platform/webp-encoder.ts),
 * so this file stays platform-free. Splats are written in Morton order, as splat-transform does:
 * neighbouring pixels then hold neighbouring splats, whose values are alike and compress well.
 */
import { zipSync } from 'fflate';
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { sigmoid, quantize, toByte } from '../../math/scalar.ts';
import { largestComponent, normalizedQuaternion } from '../../math/quaternion.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import { selectSplats, type SplatScene } from '../../scene/splat-scene.ts';
import { findInvalidSplats } from '../../scene/validate.ts';
import { measuredSignificance } from '../../fidelity/significance.ts';
import { decisionViews } from '../../fidelity/view-sets.ts';
import { mortonOrder } from '../splatfit/morton.ts';
import { byteCodebook, repeatWeights } from './byte-codebook.ts';
import {
  defaultPaletteSize, MAX_IMAGE_SIDE, MAX_PALETTE_SIZE, MEANS_BITS, META_FILE, PALETTE_ENTRIES_PER_ROW, QUAT_TAG_BASE,
  SOG_FILES, SOG_VERSION, sogImageSize,
} from './constants.ts';
import type { SogMetaV2 } from './meta.ts';
import { learnPaletteTree, type PaletteTree, shPalette } from './sh-palette.ts';

/** Encodes RGBA bytes (4 per pixel, row-major from the top left) as a lossless WebP that keeps every byte, alpha 0 included. */
export type ImageEncoder = (rgba: Uint8Array, width: number, height: number) => Promise<Uint8Array> | Uint8Array;

/** A SOG's files by name: meta.json first, then its images (what an unbundled SOG's folder holds). */
export type SogFiles = Readonly<Record<string, Uint8Array>>;

export interface SogWriteOptions {
  /** Lossless WebP encoder (createWebpEncoder in src/platform/webp-encoder.ts). */
  encodeImage: ImageEncoder;
  /**
   * Weight of each splat (significance), in the scene's order: codebooks and palette favour the
   * splats that matter. Default: measured significance over 32 decision views at 64×64 (about a
   * second per 100k splats; `defaultSogWeights`).
   */
  weights?: Float32Array;
  /**
   * Most SH palette entries, 1–65536 (default splat-transform's: 1024 · a power of two ≤ count/1024,
   * at most 65536). The palette is a level of a 4-way tree, so it may hold fewer.
   */
  paletteSize?: number;
  /** A palette tree learnt beforehand on this scene's SH vectors, and its level to use (instead of learning one). */
  paletteTree?: PaletteTree;
  /** 'morton' (default): splats sorted along a Z-order curve; 'input': the scene's order (already spatially sorted). */
  order?: 'morton' | 'input';
  /** meta.json `asset.generator` (default 'splatfit'). */
  generator?: string;
}

/** Writes a bundled `.sog`: a zip of meta.json and the images (see writeSogFiles). */
export async function writeSog(scene: SplatScene, options: SogWriteOptions): Promise<Uint8Array> {
  return bundleSog(await writeSogFiles(scene, options));
}

/** Every member's time stamp: the same files give the same bundle. */
const ZIP_TIME = new Date(2020, 0, 1, 12);

/** A zip of the files at its root, stored: WebP is already compressed, and splat-transform stores too. */
export function bundleSog(files: SogFiles): Uint8Array {
  return zipSync({ ...files }, { level: 0, mtime: ZIP_TIME });
}

/** Writes the files of an unbundled SOG: meta.json and the WebP images it names. */
export async function writeSogFiles(input: SplatScene, options: SogWriteOptions): Promise<SogFiles> {
  checkOptions(input, options);
  const order = options.order === 'input' ? null : mortonOrder(input);
  const scene = order === null ? input : selectSplats(input, order);
  const weights = options.weights === undefined ? defaultSogWeights(scene)
    : order === null ? options.weights : Float32Array.from(order, (i) => options.weights![i]!);
  const n = scene.count;
  const { width, height } = sogImageSize(n);
  const images: Record<string, Uint8Array> = {};
  const encode = async (name: string, rgba: Uint8Array, w = width, h = height): Promise<void> => {
    let bytes: Uint8Array;
    try {
      bytes = await options.encodeImage(rgba, w, h);
    } catch (error) {
      throw new SplatfitError(ErrorCode.Unwritable, `image '${name}' (${w}×${h}) did not encode: ${(error as Error).message}`, { field: name });
    }
    images[name] = bytes;
  };
  const image = (): Uint8Array => new Uint8Array(width * height * 4);

  const meansLow = image(), meansHigh = image();
  const means = encodeMeans(scene, meansLow, meansHigh);
  const quats = image();
  encodeQuats(scene, quats);
  const scales = byteCodebook(scene.logScales, repeatWeights(weights, 3));
  const colours = byteCodebook(scene.shDc, repeatWeights(weights, 3));
  const scalesImage = image(), sh0Image = image();
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      scalesImage[i * 4 + k] = scales.indices[i * 3 + k]!;
      sh0Image[i * 4 + k] = colours.indices[i * 3 + k]!;
    }
    scalesImage[i * 4 + 3] = 255;
    sh0Image[i * 4 + 3] = toByte(sigmoid(scene.opacities[i]!) * 255);
  }
  const meta: SogMetaV2 & { asset: { generator: string } } = {
    version: SOG_VERSION,
    asset: { generator: options.generator ?? 'splatfit' },
    count: n,
    means: { ...means, files: [SOG_FILES.meansLow, SOG_FILES.meansHigh] },
    scales: { codebook: shortestFloats(scales.levels), files: [SOG_FILES.scales] },
    quats: { files: [SOG_FILES.quats] },
    sh0: { codebook: shortestFloats(colours.levels), files: [SOG_FILES.sh0] },
  };
  // One after another: libwebp in wasm is single-threaded.
  await encode(SOG_FILES.meansLow, meansLow);
  await encode(SOG_FILES.meansHigh, meansHigh);
  await encode(SOG_FILES.quats, quats);
  await encode(SOG_FILES.scales, scalesImage);
  await encode(SOG_FILES.sh0, sh0Image);
  if (scene.shDegree > 0) {
    const shN = encodeShN(scene, weights, options, image());
    meta.shN = { count: shN.count, bands: scene.shDegree, codebook: shortestFloats(shN.codebook), files: [SOG_FILES.shNCentroids, SOG_FILES.shNLabels] };
    await encode(SOG_FILES.shNCentroids, shN.centroids, shN.centroidsWidth, shN.centroidsHeight);
    await encode(SOG_FILES.shNLabels, shN.labels);
  }
  return { [META_FILE]: new TextEncoder().encode(JSON.stringify(meta)), ...images };
}

/** Views the default weights are measured on: 16 gave 50.4 dB on luma-seal-101k, 32 gave 52.7, 64 52.9. */
const SIGNIFICANCE_VIEWS = 32;

/**
 * The weights the writer uses when given none: each splat's measured significance (Σ T·α over its
 * pixels in decision views, fidelity/significance.ts). Unweighted codebooks are not an option:
 * Lloyd–Max spends its levels where values are dense, leaving the few large splats — which cover
 * much of the image — with log-scales up to 1.5 off (luma-seal-101k: 27.6 dB instead of 52.7).
 */
export function defaultSogWeights(scene: SplatScene): Float32Array {
  const views = decisionViews(scene, { ranking: SIGNIFICANCE_VIEWS });
  return measuredSignificance(scene, views.ranking, { dilation: views.rankingDilation });
}

function checkOptions(scene: SplatScene, options: SogWriteOptions): void {
  if (typeof options.encodeImage !== 'function') {
    throw new SplatfitError(ErrorCode.Unwritable, 'writing SOG needs an image encoder (encodeImage), and none was given', { field: 'encodeImage' });
  }
  if (scene.count === 0) throw new SplatfitError(ErrorCode.EmptyScene, 'a SOG needs at least one splat; the scene has none', { field: 'count' });
  const { width, height } = sogImageSize(scene.count);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new SplatfitError(ErrorCode.Unwritable, `${scene.count} splats need ${width}×${height} images; WebP allows at most ${MAX_IMAGE_SIDE} a side`, { field: 'count' });
  }
  if (options.weights !== undefined && options.weights.length !== scene.count) {
    throw new SplatfitError(ErrorCode.BadValue, `weights has ${options.weights.length} values; expected one per splat, ${scene.count}`, { field: 'weights' });
  }
  const size = options.paletteSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > MAX_PALETTE_SIZE)) {
    throw new SplatfitError(ErrorCode.BadValue, `paletteSize ${size}; expected an integer 1–${MAX_PALETTE_SIZE} (labels are 16 bits)`, { field: 'paletteSize' });
  }
  const tree = options.paletteTree;
  if (tree !== undefined) {
    const dim = 3 * shRestPerChannel(scene.shDegree);
    const level = tree.codebook.levels[tree.level];
    if (tree.codebook.dim !== dim || level === undefined || level.size > MAX_PALETTE_SIZE) {
      throw new SplatfitError(ErrorCode.BadValue, `palette tree of ${tree.codebook.dim}-vectors at level ${tree.level}; expected ${dim}-vectors (SH degree ${scene.shDegree}) and a level of 1–${MAX_PALETTE_SIZE} entries`, { field: 'paletteTree' });
    }
  }
  const { report } = findInvalidSplats(scene);
  if (report.invalidCount > 0) {
    throw new SplatfitError(ErrorCode.NonFinite, `${report.invalidCount} splats have a non-finite value or a zero rotation (first: splat ${report.firstInvalid}); SOG cannot store them`, { field: 'splats' });
  }
}

/** sign(v)·ln(1 + |v|): fine steps near the origin, coarse far away, where 16 bits over the whole range would not do. */
const logTransform = (v: number): number => (v < 0 ? -Math.log1p(-v) : Math.log1p(v));

function encodeMeans(scene: SplatScene, low: Uint8Array, high: Uint8Array): { mins: number[]; maxs: number[] } {
  const mins = [Infinity, Infinity, Infinity], maxs = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < scene.count; i++) {
    for (let k = 0; k < 3; k++) {
      const t = logTransform(scene.positions[i * 3 + k]!);
      if (t < mins[k]!) mins[k] = t;
      if (t > maxs[k]!) maxs[k] = t;
    }
  }
  for (let i = 0; i < scene.count; i++) {
    for (let k = 0; k < 3; k++) {
      const q = quantize(logTransform(scene.positions[i * 3 + k]!), mins[k]!, maxs[k]!, MEANS_BITS);
      low[i * 4 + k] = q & 0xff;
      high[i * 4 + k] = q >>> 8;
    }
    low[i * 4 + 3] = high[i * 4 + 3] = 255;
  }
  return { mins, maxs };
}

/** Smallest three: the largest-magnitude component made positive and left out (its index in alpha), the others ·√2 into [0, 255]. */
function encodeQuats(scene: SplatScene, out: Uint8Array): void {
  const q = new Float64Array(4);
  for (let i = 0; i < scene.count; i++) {
    normalizedQuaternion(scene.rotations, i, q);
    const largest = largestComponent(q);
    const sign = q[largest]! < 0 ? -1 : 1;
    for (let k = 0, c = 0; k < 4; k++) {
      if (k === largest) continue;
      out[i * 4 + c++] = toByte((sign * q[k]! * Math.SQRT2 * 0.5 + 0.5) * 255);
    }
    out[i * 4 + 3] = QUAT_TAG_BASE + largest;
  }
}

interface EncodedShN {
  count: number;
  codebook: Float32Array;
  centroids: Uint8Array;
  centroidsWidth: number;
  centroidsHeight: number;
  labels: Uint8Array;
}

/**
 * The palette (one entry per row group of 64, each coefficient a pixel whose r, g, b index the
 * shared 256-entry codebook for red, green, blue) and the labels image (r + 256·g).
 */
function encodeShN(scene: SplatScene, weights: Float32Array | null, options: SogWriteOptions, labelsImage: Uint8Array): EncodedShN {
  const perChannel = shRestPerChannel(scene.shDegree), dim = 3 * perChannel;
  const tree = options.paletteTree ?? (() => {
    const codebook = learnPaletteTree(scene.shRest, dim, weights, Math.min(scene.count, options.paletteSize ?? defaultPaletteSize(scene.count)));
    return { codebook, level: codebook.levels.length - 1 };
  })();
  const palette = shPalette(scene.shRest, dim, weights, tree);
  const coefficients = byteCodebook(palette.centroids, repeatWeights(palette.mass, dim));
  const centroidsWidth = PALETTE_ENTRIES_PER_ROW * perChannel, centroidsHeight = Math.ceil(palette.size / PALETTE_ENTRIES_PER_ROW);
  const centroids = new Uint8Array(centroidsWidth * centroidsHeight * 4);
  for (let e = 0; e < palette.size; e++) {
    for (let j = 0; j < perChannel; j++) {
      const p = (e * perChannel + j) * 4;
      for (let c = 0; c < 3; c++) centroids[p + c] = coefficients.indices[e * dim + c * perChannel + j]!;
      centroids[p + 3] = 255;
    }
  }
  for (let i = 0; i < scene.count; i++) {
    const label = palette.labels[i]!;
    labelsImage[i * 4] = label & 0xff;
    labelsImage[i * 4 + 1] = label >>> 8;
    labelsImage[i * 4 + 3] = 255;
  }
  return { count: palette.size, codebook: coefficients.levels, centroids, centroidsWidth, centroidsHeight, labels: labelsImage };
}

/** Each float32 as the shortest decimal that reads back as the same float32: meta.json half the size of 17-digit doubles. */
function shortestFloats(values: Float32Array): number[] {
  return Array.from(values, (v) => {
    for (let digits = 1; digits < 9; digits++) {
      const candidate = Number(v.toPrecision(digits));
      if (Math.fround(candidate) === v) return candidate;
    }
    return v;
  });
}
