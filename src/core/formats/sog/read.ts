/**
 * Reader for PlayCanvas SOG: a meta.json plus lossless WebP images in which pixel i holds splat i
 * (docs/formats.md, "SOG"). The images are decoded by an injected `ImageDecoder` (a real WebP
 * decoder; a canvas would colour-manage and alter the bytes), so this file stays platform-free.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { type ByteSource, readAll } from '../../io/byte-source.ts';
import { zipMemberBytes, zipMembers } from '../../io/zip.ts';
import { placeSmallestThree } from '../../math/quaternion.ts';
import { logit } from '../../math/scalar.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import { PALETTE_ENTRIES_PER_ROW, QUAT_TAG_BASE } from './constants.ts';
import { countIsPlausible, MAX_META_BYTES, maxImageBytes, maxImagePixels, MIN_BYTES_PER_SPLAT } from './limits.ts';
import { parseSogMeta, type SogMeta } from './meta.ts';
import { webpSize } from './webp-size.ts';

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

export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/**
 * Reads a bundled `.sog` (a zip holding meta.json and the images at its root). meta.json is
 * inflated first; each image then at most to what meta.json's splat count can need.
 */
export async function readSogBundle(source: ByteSource, decode: ImageDecoder): Promise<SplatScene> {
  const file = source.name;
  const bytes = await readAll(source);
  const byBaseName = new Map(zipMembers(bytes, file).map((m) => [m.name.split('/').pop()!, m]));
  const metaMember = byBaseName.get('meta.json');
  if (metaMember === undefined) throw new SplatfitError(ErrorCode.MissingProperty, 'bundle has no meta.json', { file, field: 'meta.json' });
  const metaBytes = zipMemberBytes(bytes, metaMember, MAX_META_BYTES, file, 'a meta.json');
  const { count } = parseSogMeta(metaBytes, file);
  refuseImplausibleCount(count, bytes.length, file);
  return readSogFiles(file, metaBytes, async (name) => {
    const member = byBaseName.get(name.split('/').pop()!);
    if (member === undefined) throw new SplatfitError(ErrorCode.MissingProperty, `bundle has no '${name}' named by meta.json`, { file, field: name });
    return zipMemberBytes(bytes, member, maxImageBytes(count), file, `images of ${count} splats`);
  }, decode);
}

function refuseImplausibleCount(count: number, bytes: number, file: string): void {
  if (countIsPlausible(count, bytes)) return;
  throw new SplatfitError(
    ErrorCode.CountTooLarge,
    `meta.json declares ${count} splats but the SOG holds only ${bytes} bytes; real SOG files take 12–25 bytes a splat, and fewer than ${MIN_BYTES_PER_SPLAT} is not plausible`,
    { file, field: 'count' },
  );
}

/**
 * Reads an unbundled SOG from its meta.json bytes and a lookup for the files it names. Every file
 * is looked up first (their total size bounds the plausible splat count), and each image's declared
 * size is checked before it is decoded.
 */
export async function readSogFiles(file: string, metaBytes: Uint8Array, lookup: SogFileLookup, decode: ImageDecoder): Promise<SplatScene> {
  const meta = parseSogMeta(metaBytes, file);
  const names = [...meta.means.files.slice(0, 2), meta.quats.files[0]!, meta.scales.files[0]!, meta.sh0.files[0]!, ...(meta.shN?.files.slice(0, 2) ?? [])];
  const files = new Map<string, Uint8Array>();
  for (const name of names) files.set(name, await lookupNamed(lookup, name, file));
  refuseImplausibleCount(meta.count, metaBytes.length + [...files.values()].reduce((sum, b) => sum + b.length, 0), file);
  /** Per-splat images need a pixel per splat; the centroid palette (`perSplat` false) is checked against the labels instead. */
  const image = async (name: string, perSplat = true): Promise<DecodedImage> => {
    const bytes = files.get(name)!;
    refuseOversizedImage(bytes, name, maxImagePixels(meta.count, perSplat), file);
    let decoded: DecodedImage;
    try {
      decoded = await decode(bytes, name);
    } catch (error) {
      if (error instanceof SplatfitError) throw error;
      throw new SplatfitError(ErrorCode.DecompressFailed, `image '${name}' did not decode: ${(error as Error).message}`, { file, field: name });
    }
    const pixels = perSplat ? meta.count : 0;
    if (decoded.width * decoded.height < pixels || decoded.rgba.length < decoded.width * decoded.height * 4) {
      throw new SplatfitError(ErrorCode.BadValue, `image '${name}' is ${decoded.width}×${decoded.height}; needs at least ${pixels} pixels`, { file, field: name });
    }
    return decoded;
  };
  const shDegree = meta.shN === undefined ? 0 : meta.version === 2 ? meta.shN.bands : -1;
  const centroids = meta.shN !== undefined ? await image(meta.shN.files[0]!, false) : undefined;
  const degree = shDegree >= 0 ? shDegree : v1Degree(centroids!.width, file);
  const scene = allocateScene(meta.count, degree);
  decodeMeans(meta, (await image(meta.means.files[0]!)).rgba, (await image(meta.means.files[1]!)).rgba, scene);
  decodeQuats((await image(meta.quats.files[0]!)).rgba, scene, file);
  decodeScalesAndColors(meta, (await image(meta.scales.files[0]!)).rgba, (await image(meta.sh0.files[0]!)).rgba, scene);
  if (meta.shN !== undefined && degree > 0) decodeShN(meta, centroids!, (await image(meta.shN.files[1]!)).rgba, scene, file);
  return scene;
}

async function lookupNamed(lookup: SogFileLookup, name: string, file: string): Promise<Uint8Array> {
  try {
    return await lookup(name);
  } catch (error) {
    if (error instanceof SplatfitError) throw error;
    throw new SplatfitError(ErrorCode.MissingProperty, `'${name}', named by meta.json, could not be read: ${(error as Error).message}`, { file, field: name });
  }
}

/** An image declaring more pixels than its SOG can need is refused before its pixels are allocated. */
function refuseOversizedImage(bytes: Uint8Array, name: string, maxPixels: number, file: string): void {
  const size = webpSize(bytes);
  if (size === null || size.width * size.height <= maxPixels) return;
  throw new SplatfitError(ErrorCode.BadValue, `image '${name}' declares ${size.width}×${size.height} pixels; a SOG of this count needs at most ${maxPixels}`, { file, field: name });
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
