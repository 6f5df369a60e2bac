/**
 * Reader for Niantic SPZ versions 2, 3 (gzip-wrapped) and 4 (NGSP header + zstd streams).
 * Values are converted from SPZ's RUB axes to the PLY's RDF axes, as the SPZ specification and
 * Niantic's own loader (`to: RDF`) do, so a PLY → SPZ → PLY trip lands where it started; a file
 * written without that conversion (splat-transform 3.x) reads upside down (docs/formats.md, "SPZ").
 *
 * Memory is bounded by the scene the header declares: the gzip or zstd streams are inflated with
 * a cap at what that count needs (io/capped-inflate.ts), after counts the bytes cannot hold are refused.
 */
import { ErrorCode, type ErrorPlace, isSplatfitError, SplatfitError } from '../../errors.ts';
import { type ByteSource, readAll } from '../../io/byte-source.ts';
import { inflateCapped } from '../../io/capped-inflate.ts';
import { inflatedSizeIsPlausible, MAX_PLAUSIBLE_EXPANSION, plausibleOutputBytes } from '../../io/inflate-guard.ts';
import { logit } from '../../math/scalar.ts';
import { MAX_SH_DEGREE, shRestPerChannel } from '../../scene/sh.ts';
import { refuseHugeCount } from '../../scene/limits.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import {
  RUB_TO_RDF_POSITION, RUB_TO_RDF_SH, SPZ_COLOR_SCALE, SPZ_FLAG_HAS_EXTENSIONS, SPZ_LEGACY_HEADER_BYTES, SPZ_MAGIC, SPZ_MAX_EXTENSION_BYTES,
  SPZ_READ_VERSIONS, SPZ_ROTATION_BITS, SPZ_SCALE_OFFSET, SPZ_SCALE_STEPS, SPZ_TOC_ENTRY_BYTES, SPZ_V4_HEADER_BYTES,
} from './constants.ts';


interface SpzHeader {
  version: number;
  count: number;
  shDegree: number;
  fractionalBits: number;
  flags: number;
}

/** The six attribute arrays as stored, before conversion. */
interface SpzStreams {
  positions: Uint8Array;
  alphas: Uint8Array;
  colors: Uint8Array;
  scales: Uint8Array;
  rotations: Uint8Array;
  sh: Uint8Array;
}

export function looksLikeSpz(head: Uint8Array): boolean {
  const ngsp = head.length >= 4 && head[0] === 0x4e && head[1] === 0x47 && head[2] === 0x53 && head[3] === 0x50;
  return ngsp || (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b);
}

export async function readSpz(source: ByteSource): Promise<SplatScene> {
  const file = source.name;
  const bytes = await readAll(source);
  if (bytes.length >= 4 && readU32(bytes, 0) === SPZ_MAGIC) return decodeStreams(readV4(bytes, file), file);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return decodeStreams(readLegacy(bytes, file), file);
  throw new SplatfitError(ErrorCode.UnknownFormat, 'not an SPZ file: expected a gzip stream or the NGSP magic', { file, offset: 0 });
}

function readU32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function parseHeaderFields(b: Uint8Array, file: string): SpzHeader {
  const header = { version: readU32(b, 4), count: readU32(b, 8), shDegree: b[12]!, fractionalBits: b[13]!, flags: b[14]! };
  if (!(SPZ_READ_VERSIONS as readonly number[]).includes(header.version)) {
    throw new SplatfitError(ErrorCode.UnsupportedVersion, `SPZ version ${header.version}; this reader handles 2, 3 and 4`, { file, field: 'version', offset: 4 });
  }
  if (header.shDegree > MAX_SH_DEGREE) {
    throw new SplatfitError(ErrorCode.BadValue, `SH degree ${header.shDegree}; expected 0–3`, { file, field: 'shDegree', offset: 12 });
  }
  if (header.fractionalBits > 23) {
    throw new SplatfitError(ErrorCode.BadValue, `fractionalBits ${header.fractionalBits}; expected 0–23`, { file, field: 'fractionalBits', offset: 13 });
  }
  refuseHugeCount(header.count, { file, field: 'numPoints', offset: 8 });
  return header;
}

/** Bytes per splat of each stream, in file order. */
function streamSizes(h: SpzHeader): number[] {
  return [9, 1, 3, 3, h.version >= 3 ? 4 : 3, 3 * shRestPerChannel(h.shDegree)];
}

/**
 * v1–3: the header is inside the gzip stream, so the cap is set once its 16 bytes are out: what the
 * declared splats need (plus room for extension records when flagged), refused first when the
 * compressed bytes could not inflate to that much.
 */
function readLegacy(bytes: Uint8Array, file: string): { header: SpzHeader; streams: SpzStreams } {
  let header: SpzHeader | undefined;
  let need = 0;
  const data = inflateCapped(bytes, {
    kind: 'gzip', headBytes: SPZ_LEGACY_HEADER_BYTES, place: { file }, capReason: 'the splat count in its header',
    cap: (head) => {
      header = parseLegacyHeader(head, file);
      need = SPZ_LEGACY_HEADER_BYTES + header.count * streamSizes(header).reduce((a, b) => a + b, 0);
      if (!inflatedSizeIsPlausible(bytes.length, need)) {
        throw new SplatfitError(ErrorCode.CountTooLarge, `header declares ${header.count} splats (${need} bytes); ${bytes.length} gzip bytes cannot inflate to that much`, {
          file, field: 'numPoints', offset: 8,
        });
      }
      return need + ((header.flags & SPZ_FLAG_HAS_EXTENSIONS) !== 0 ? SPZ_MAX_EXTENSION_BYTES : 0);
    },
  });
  const h = header!;
  if (data.length < need) {
    throw new SplatfitError(ErrorCode.CountTooLarge, `header declares ${h.count} splats (${need} bytes) but its complete gzip stream holds ${data.length}`, {
      file, field: 'numPoints', offset: 8,
    });
  }
  // Extension records, when flagged, sit between the header and the attributes (without the flag the cap left no room for them).
  const extensionBytes = data.length - need;
  let at = SPZ_LEGACY_HEADER_BYTES + extensionBytes;
  const parts = streamSizes(h).map((size) => data.subarray(at, (at += size * h.count)));
  return { header: h, streams: toStreams(parts) };
}

function parseLegacyHeader(head: Uint8Array, file: string): SpzHeader {
  if (head.length < SPZ_LEGACY_HEADER_BYTES || readU32(head, 0) !== SPZ_MAGIC) {
    throw new SplatfitError(ErrorCode.BadHeader, 'gzip content does not start with the SPZ magic NGSP', { file, field: 'magic' });
  }
  const header = parseHeaderFields(head, file);
  if (header.version === 4) throw new SplatfitError(ErrorCode.BadHeader, 'version 4 inside gzip; v4 files are not gzip-wrapped', { file, field: 'version' });
  return header;
}

/** v4: the table of contents gives every stream's sizes, so all of them are checked before any is inflated. */
function readV4(bytes: Uint8Array, file: string): { header: SpzHeader; streams: SpzStreams } {
  if (bytes.length < SPZ_V4_HEADER_BYTES) throw new SplatfitError(ErrorCode.Truncated, `${bytes.length} bytes; the v4 header alone is 32`, { file });
  const header = parseHeaderFields(bytes, file);
  if (header.version !== 4) throw new SplatfitError(ErrorCode.BadHeader, `uncompressed NGSP header with version ${header.version}; expected 4`, { file, field: 'version' });
  const sizes = streamSizes(header).filter((s) => s > 0);
  const streamCount = bytes[15]!;
  const tocOffset = readU32(bytes, 16);
  if (streamCount !== sizes.length) {
    throw new SplatfitError(ErrorCode.BadHeader, `${streamCount} streams; expected ${sizes.length} for SH degree ${header.shDegree}`, { file, field: 'numStreams', offset: 15 });
  }
  if (tocOffset < SPZ_V4_HEADER_BYTES) throw new SplatfitError(ErrorCode.BadHeader, `table of contents at ${tocOffset}, inside the 32-byte header`, { file, field: 'tocByteOffset', offset: 16 });
  const frames = tableOfContents(bytes, header, sizes, tocOffset, file);
  const parts = frames.map((frame, s) => unzstd(frame, sizes[s]! * header.count, { file, field: `stream ${s}` }));
  if (header.shDegree === 0) parts.push(new Uint8Array(0));
  return { header, streams: toStreams(parts) };
}

/** Each stream's frame, after checking the declared sizes: the count's, inside the file, and plausible in total. */
function tableOfContents(bytes: Uint8Array, header: SpzHeader, sizes: readonly number[], tocOffset: number, file: string): Uint8Array[] {
  const tocEnd = tocOffset + sizes.length * SPZ_TOC_ENTRY_BYTES;
  if (tocEnd > bytes.length) {
    throw new SplatfitError(ErrorCode.Truncated, `the file ends (${bytes.length} bytes) before its table of contents does (${tocEnd})`, { file, field: 'tocByteOffset', offset: 16 });
  }
  let at = tocEnd;
  const frames = sizes.map((perSplat, s) => {
    const entry = tocOffset + s * SPZ_TOC_ENTRY_BYTES;
    const compressed = readU32(bytes, entry) + readU32(bytes, entry + 4) * 2 ** 32;
    const uncompressed = readU32(bytes, entry + 8) + readU32(bytes, entry + 12) * 2 ** 32;
    if (uncompressed !== perSplat * header.count) {
      throw new SplatfitError(ErrorCode.BadHeader, `stream ${s} declares ${uncompressed} bytes; ${header.count} splats need ${perSplat * header.count}`, {
        file, field: `toc[${s}]`, offset: entry,
      });
    }
    const frame = bytes.subarray(at, at + compressed);
    at += compressed;
    return frame;
  });
  if (at > bytes.length) {
    throw new SplatfitError(ErrorCode.Truncated, `the file ends (${bytes.length} bytes) before the streams its table of contents declares (${at}): truncated, or the table is wrong`, {
      file, field: 'toc',
    });
  }
  const total = sizes.reduce((sum, perSplat) => sum + perSplat * header.count, 0);
  if (total > plausibleOutputBytes(bytes.length)) {
    throw new SplatfitError(
      ErrorCode.CountTooLarge,
      `header declares ${header.count} splats (${total} bytes) in a ${bytes.length}-byte file, more than ${MAX_PLAUSIBLE_EXPANSION}:1; no real SPZ compresses that well (a decompression bomb?)`,
      { file, field: 'numPoints', offset: 8 },
    );
  }
  return frames;
}

/** A zstd frame inflated to exactly `size` bytes; its bytes are all in the file, so a short frame is corrupt, not truncated. */
function unzstd(frame: Uint8Array, size: number, place: ErrorPlace): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflateCapped(frame, { kind: 'zstd', cap: size, plausible: false, capReason: 'its table of contents', place });
  } catch (error) {
    if (isSplatfitError(error) && error.code === ErrorCode.Truncated) {
      throw new SplatfitError(ErrorCode.DecompressFailed, `zstd ${place.field} ends inside its frame: the frame is corrupt`, place);
    }
    throw error;
  }
  if (out.length !== size) throw new SplatfitError(ErrorCode.DecompressFailed, `zstd ${place.field} gave ${out.length} bytes, expected ${size}`, place);
  return out;
}

function toStreams(parts: Uint8Array[]): SpzStreams {
  const [positions, alphas, colors, scales, rotations, sh] = parts as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  return { positions, alphas, colors, scales, rotations, sh };
}

function decodeStreams({ header, streams }: { header: SpzHeader; streams: SpzStreams }, _file: string): SplatScene {
  const scene = allocateScene(header.count, header.shDegree);
  decodePositions(streams.positions, header.fractionalBits, scene.positions);
  for (let i = 0; i < header.count; i++) scene.opacities[i] = logit(streams.alphas[i]! / 255);
  for (let i = 0; i < header.count * 3; i++) {
    scene.shDc[i] = (streams.colors[i]! / 255 - 0.5) / SPZ_COLOR_SCALE;
    scene.logScales[i] = streams.scales[i]! / SPZ_SCALE_STEPS - SPZ_SCALE_OFFSET;
  }
  if (header.version >= 3) decodeSmallestThree(streams.rotations, scene.rotations);
  else decodeFirstThree(streams.rotations, scene.rotations);
  decodeSh(streams.sh, shRestPerChannel(header.shDegree), scene.shRest);
  return scene;
}

function decodePositions(src: Uint8Array, fractionalBits: number, dest: Float32Array): void {
  const scale = 1 / 2 ** fractionalBits;
  for (let i = 0; i < dest.length; i++) {
    const o = i * 3;
    // Shift the 24-bit value to the top of an int32 and back down to sign-extend it.
    const fixed = ((src[o]! | (src[o + 1]! << 8) | (src[o + 2]! << 16)) << 8) >> 8;
    dest[i] = fixed * scale * RUB_TO_RDF_POSITION[i % 3]!;
  }
}

/** v3+: 2 bits index of the largest of x,y,z,w, then per other component 1 sign + 9 magnitude bits. */
function decodeSmallestThree(src: Uint8Array, dest: Float32Array): void {
  const mask = (1 << SPZ_ROTATION_BITS) - 1;
  const xyzw = new Float64Array(4);
  for (let i = 0; i < dest.length / 4; i++) {
    let comp = readU32(src, i * 4);
    const largest = comp >>> 30;
    let sumSquares = 0;
    for (let k = 3; k >= 0; k--) {
      if (k === largest) continue;
      const magnitude = comp & mask;
      const negative = (comp >>> SPZ_ROTATION_BITS) & 1;
      comp >>>= SPZ_ROTATION_BITS + 1;
      const v = (Math.SQRT1_2 * magnitude) / mask;
      xyzw[k] = negative === 1 ? -v : v;
      sumSquares += v * v;
    }
    xyzw[largest] = Math.sqrt(Math.max(0, 1 - sumSquares));
    // SPZ orders x,y,z,w; ours is w,x,y,z. Flipping the y and z axes negates the y and z parts.
    const o = i * 4;
    dest[o] = xyzw[3]!;
    dest[o + 1] = xyzw[0]!;
    dest[o + 2] = -xyzw[1]!;
    dest[o + 3] = -xyzw[2]!;
  }
}

/** v2: x,y,z bytes of the quaternion with w ≥ 0; w rebuilt from unit length. */
function decodeFirstThree(src: Uint8Array, dest: Float32Array): void {
  for (let i = 0; i < dest.length / 4; i++) {
    const x = src[i * 3]! / 127.5 - 1, y = src[i * 3 + 1]! / 127.5 - 1, z = src[i * 3 + 2]! / 127.5 - 1;
    const o = i * 4;
    dest[o] = Math.sqrt(Math.max(0, 1 - (x * x + y * y + z * z)));
    dest[o + 1] = x;
    dest[o + 2] = -y;
    dest[o + 3] = -z;
  }
}

/** SPZ SH: per splat, coefficient-major with the colour channel fastest; ours is channel-major. */
function decodeSh(src: Uint8Array, perChannel: number, dest: Float32Array): void {
  const perSplat = perChannel * 3;
  for (let i = 0; i < dest.length / Math.max(1, perSplat); i++) {
    for (let j = 0; j < perChannel; j++) {
      const sign = RUB_TO_RDF_SH[j]!;
      for (let c = 0; c < 3; c++) dest[i * perSplat + c * perChannel + j] = ((src[i * perSplat + j * 3 + c]! - 128) / 128) * sign;
    }
  }
}
