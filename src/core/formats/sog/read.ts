/**
 * Reader for PlayCanvas SOG: a meta.json plus lossless WebP images in which pixel i holds splat i
 * (docs/formats.md, "SOG"). The images are decoded by an injected `ImageDecoder` (a real WebP
 * decoder; a canvas would colour-manage and alter the bytes), so this file stays platform-free.
 */
import { unzipSync } from 'fflate';
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { type ByteSource, readAll } from '../../io/byte-source.ts';
import { placeSmallestThree } from '../../math/quaternion.ts';
import { logit } from '../../math/scalar.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import { PALETTE_ENTRIES_PER_ROW, QUAT_TAG_BASE } from './constants.ts';
import { parseSogMeta, type SogMeta } from './meta.ts';

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** 4 bytes per pixel, row-major from the top left. */
  readonly rgba: Uint8Array;
}

/** Decodes one image file (WebP for SOG) to RGBA bytes, exactly (lossless). */
export type ImageDecoder = (bytes: Uint8Array, name: string) => Promise<DecodedImage>;

/** Returns the bytes of a file named in meta.json (relative to it). */
export type SogFileLookup = (name: string) => Promise<Uint8Array>;

/** Unzipped members larger than this are refused (a zip bomb guard); real SOG images are far smaller. */
const MAX_MEMBER_BYTES = 1 << 30;

export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** Reads a bundled `.sog` (a zip holding meta.json and the images at its root). */
export async function readSogBundle(source: ByteSource, decode: ImageDecoder): Promise<SplatScene> {
  const file = source.name;
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(await readAll(source), { filter: (m) => m.originalSize <= MAX_MEMBER_BYTES });
  } catch (error) {
    throw new SplatfitError(ErrorCode.DecompressFailed, `zip archive is corrupt: ${(error as Error).message}`, { file });
  }
  const byBaseName = new Map(Object.entries(members).map(([name, bytes]) => [name.split('/').pop()!, bytes]));
  const meta = byBaseName.get('meta.json');
  if (meta === undefined) throw new SplatfitError(ErrorCode.MissingProperty, 'bundle has no meta.json', { file, field: 'meta.json' });
  return readSogFiles(file, meta, async (name) => {
    const bytes = byBaseName.get(name.split('/').pop()!);
    if (bytes === undefined) throw new SplatfitError(ErrorCode.MissingProperty, `bundle has no '${name}' named by meta.json`, { file, field: name });
    return bytes;
  }, decode);
}

/** Reads an unbundled SOG from its meta.json bytes and a lookup for the files it names. */
export async function readSogFiles(file: string, metaBytes: Uint8Array, lookup: SogFileLookup, decode: ImageDecoder): Promise<SplatScene> {
  const meta = parseSogMeta(metaBytes, file);
  /** Per-splat images need a pixel per splat; the centroid palette (`pixels` 0) is checked against the labels instead. */
  const image = async (name: string, pixels = meta.count): Promise<DecodedImage> => {
    let decoded: DecodedImage;
    try {
      decoded = await decode(await lookup(name), name);
    } catch (error) {
      if (error instanceof SplatfitError) throw error;
      throw new SplatfitError(ErrorCode.DecompressFailed, `image '${name}' did not decode: ${(error as Error).message}`, { file, field: name });
    }
    if (decoded.width * decoded.height < pixels || decoded.rgba.length < decoded.width * decoded.height * 4) {
      throw new SplatfitError(ErrorCode.BadValue, `image '${name}' is ${decoded.width}×${decoded.height}; needs at least ${pixels} pixels`, { file, field: name });
    }
    return decoded;
  };
  const shDegree = meta.shN === undefined ? 0 : meta.version === 2 ? meta.shN.bands : -1;
  const centroids = meta.shN !== undefined ? await image(meta.shN.files[0]!, 0) : undefined;
  const degree = shDegree >= 0 ? shDegree : v1Degree(centroids!.width, file);
  const scene = allocateScene(meta.count, degree);
  decodeMeans(meta, (await image(meta.means.files[0]!)).rgba, (await image(meta.means.files[1]!)).rgba, scene);
  decodeQuats((await image(meta.quats.files[0]!)).rgba, scene, file);
  decodeScalesAndColors(meta, (await image(meta.scales.files[0]!)).rgba, (await image(meta.sh0.files[0]!)).rgba, scene);
  if (meta.shN !== undefined && degree > 0) decodeShN(meta, centroids!, (await image(meta.shN.files[1]!)).rgba, scene, file);
  return scene;
}

function v1Degree(centroidWidth: number, file: string): number {
  for (let d = 1; d <= 3; d++) if (centroidWidth === PALETTE_ENTRIES_PER_ROW * shRestPerChannel(d)) return d;
  throw new SplatfitError(ErrorCode.BadValue, `shN centroid image is ${centroidWidth} wide; expected 192, 512 or 960`, { file, field: 'shN.files[0]' });
}

/** Positions: 16 bits per axis (low byte, high byte images) over [min, max] of sign(x)·ln(1+|x|). */
function decodeMeans(meta: SogMeta, low: Uint8Array, high: Uint8Array, scene: SplatScene): void {
  const { mins, maxs } = meta.means;
  for (let i = 0; i < scene.count; i++) {
    for (let k = 0; k < 3; k++) {
      const q = low[i * 4 + k]! | (high[i * 4 + k]! << 8);
      const v = mins[k]! + (maxs[k]! - mins[k]!) * (q / 65535);
      const magnitude = Math.exp(Math.abs(v)) - 1;
      scene.positions[i * 3 + k] = v < 0 ? -magnitude : magnitude;
    }
  }
}

/** Rotations: three smallest components (w,x,y,z order) over [-1/√2, 1/√2]; alpha = 252 + largest index. */
function decodeQuats(rgba: Uint8Array, scene: SplatScene, file: string): void {
  for (let i = 0; i < scene.count; i++) {
    const o = i * 4;
    const largest = rgba[o + 3]! - QUAT_TAG_BASE;
    if (largest < 0 || largest > 3) {
      throw new SplatfitError(ErrorCode.BadValue, `splat ${i} has rotation tag ${rgba[o + 3]}; expected 252–255`, { file, field: 'quats' });
    }
    placeSmallestThree(scene.rotations, o, largest, unpackComponent(rgba[o]!), unpackComponent(rgba[o + 1]!), unpackComponent(rgba[o + 2]!));
  }
}

const unpackComponent = (b: number): number => ((b / 255) * 2 - 1) * Math.SQRT1_2;

function decodeScalesAndColors(meta: SogMeta, scales: Uint8Array, sh0: Uint8Array, scene: SplatScene): void {
  for (let i = 0; i < scene.count; i++) {
    for (let k = 0; k < 3; k++) {
      const s = scales[i * 4 + k]!, c = sh0[i * 4 + k]!;
      if (meta.version === 2) {
        scene.logScales[i * 3 + k] = meta.scales.codebook[s]!;
        scene.shDc[i * 3 + k] = meta.sh0.codebook[c]!;
      } else {
        scene.logScales[i * 3 + k] = lerp255(meta.scales.mins[k]!, meta.scales.maxs[k]!, s);
        scene.shDc[i * 3 + k] = lerp255(meta.sh0.mins[k]!, meta.sh0.maxs[k]!, c);
      }
    }
    const a = sh0[i * 4 + 3]!;
    scene.opacities[i] = meta.version === 2 ? logit(a / 255) : lerp255(meta.sh0.mins[3]!, meta.sh0.maxs[3]!, a);
  }
}

const lerp255 = (min: number, max: number, b: number): number => min + (max - min) * (b / 255);

/** SH rest: a 16-bit palette label per splat; palette entries are rows of RGB coefficient pixels. */
function decodeShN(meta: SogMeta, centroids: DecodedImage, labels: Uint8Array, scene: SplatScene, file: string): void {
  const perChannel = shRestPerChannel(scene.shDegree);
  const expectedWidth = PALETTE_ENTRIES_PER_ROW * perChannel;
  if (centroids.width !== expectedWidth) {
    throw new SplatfitError(ErrorCode.BadValue, `shN centroid image is ${centroids.width} wide; expected ${expectedWidth}`, { file, field: 'shN.files[0]' });
  }
  const paletteSize = centroids.width / perChannel * centroids.height;
  const value = new Float32Array(256);
  for (let b = 0; b < 256; b++) value[b] = meta.version === 2 ? meta.shN!.codebook[b]! : lerp255(meta.shN!.mins, meta.shN!.maxs, b);
  const perSplat = perChannel * 3;
  for (let i = 0; i < scene.count; i++) {
    const label = labels[i * 4]! | (labels[i * 4 + 1]! << 8);
    if (label >= paletteSize) {
      throw new SplatfitError(ErrorCode.BadValue, `splat ${i} has SH label ${label}; the palette has ${paletteSize} entries`, { file, field: 'shN.files[1]' });
    }
    const rowStart = Math.floor(label / PALETTE_ENTRIES_PER_ROW) * centroids.width + (label % PALETTE_ENTRIES_PER_ROW) * perChannel;
    for (let j = 0; j < perChannel; j++) {
      const p = (rowStart + j) * 4;
      for (let c = 0; c < 3; c++) scene.shRest[i * perSplat + c * perChannel + j] = value[centroids.rgba[p + c]!]!;
    }
  }
}
