/**
 * Reader for `.splatfit` version 1 files (docs/splatfit-format.md, "Version 1"), which earlier
 * Splatfit releases wrote. The header and every descriptor are checked
 * against the file and against each other (declared raw sizes must be what count, bits and
 * components imply; io/inflate-guard.ts bounds what deflate can produce) before anything is allocated.
 */
import { inflateSync } from 'fflate';
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { inflatedSizeIsPlausible } from '../../io/inflate-guard.ts';
import { placeSmallestThree } from '../../math/quaternion.ts';
import { logit } from '../../math/scalar.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import { readSplatfitHeader } from './header.ts';
import {
  bandCoefficients, bandOffset, bytesPerValue, Codec, DESCRIPTOR_FIXED_BYTES, Encoding, FLOAT_BITS, Group, GROUP_COMPONENTS, GROUP_NAMES, MAX_BITS,
  ROTATION_RANGE, SPLATFIT_HEADER_BYTES,
} from './constants.ts';

interface Descriptor {
  group: number;
  encoding: number;
  bits: number;
  components: number;
  codec: number;
  ranges: Float32Array;
  storedBytes: number;
  rawBytes: number;
  offset: number;
}

/** The scene in a version-1 file whose length and magic the caller has checked. */
export function readSplatfitV1(bytes: Uint8Array, file: string): SplatScene {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { count, shDegree, streamCount, chunkSize, descriptorsBytes } = readSplatfitHeader(view, file);
  const descriptors = readDescriptors(view, streamCount, descriptorsBytes, file);
  checkStreams(descriptors, count, shDegree, chunkSize, bytes.length, file);
  const scene = allocateScene(count, shDegree);
  for (const d of descriptors) decodeStream(d, inflate(bytes, d, file), scene, chunkSize);
  return scene;
}

function readDescriptors(view: DataView, streamCount: number, descriptorsBytes: number, file: string): Descriptor[] {
  const out: Descriptor[] = [];
  let at = SPLATFIT_HEADER_BYTES;
  const end = SPLATFIT_HEADER_BYTES + descriptorsBytes;
  let streamAt = end;
  for (let k = 0; k < streamCount; k++) {
    const field = `stream ${k}`;
    if (at + DESCRIPTOR_FIXED_BYTES > end) throw new SplatfitError(ErrorCode.BadHeader, 'descriptor runs past descriptorsBytes', { file, field, offset: at });
    const size = view.getUint16(at, true);
    const rangeCount = view.getUint8(at + 7);
    if (size < DESCRIPTOR_FIXED_BYTES + rangeCount * 8 || at + size > end) {
      throw new SplatfitError(ErrorCode.BadHeader, `descriptor of ${size} bytes does not fit its ${rangeCount} ranges or the descriptor area`, { file, field, offset: at });
    }
    const ranges = new Float32Array(rangeCount * 2);
    for (let r = 0; r < ranges.length; r++) ranges[r] = view.getFloat32(at + DESCRIPTOR_FIXED_BYTES + r * 4, true);
    const d: Descriptor = {
      group: view.getUint8(at + 2), encoding: view.getUint8(at + 3), bits: view.getUint8(at + 4), components: view.getUint8(at + 5),
      codec: view.getUint8(at + 6), ranges, storedBytes: view.getUint32(at + 8, true), rawBytes: view.getUint32(at + 12, true), offset: streamAt,
    };
    streamAt += d.storedBytes;
    out.push(d);
    at += size;
  }
  return out;
}

/** Expected raw bytes of a stream, or −1 when its fields do not make a valid stream. */
function expectedRawBytes(d: Descriptor, count: number, chunkSize: number): number {
  if (d.group > Group.ShBand3 || d.components !== GROUP_COMPONENTS[d.group]) return -1;
  if (d.encoding === Encoding.Float32) return d.bits === FLOAT_BITS && d.ranges.length === 0 ? count * d.components * 4 : -1;
  if (d.bits > MAX_BITS) return -1;
  const width = bytesPerValue(d.bits);
  if (d.encoding === Encoding.SmallestThree) return d.group === Group.Rotations && d.ranges.length === 0 ? count + 3 * count * width : -1;
  if (d.encoding !== Encoding.Quantized || d.group === Group.Rotations) return -1;
  if (d.group === Group.Positions) return d.ranges.length === 0 ? Math.ceil(count / chunkSize) * 24 + 3 * count * width : -1;
  return d.ranges.length === 2 * d.components ? count * d.components * width : -1;
}

function checkStreams(descriptors: Descriptor[], count: number, shDegree: number, chunkSize: number, fileBytes: number, file: string): void {
  const seen = new Set<number>();
  let raw = 0, stored = 0;
  for (const [k, d] of descriptors.entries()) {
    const field = `stream ${k} (${GROUP_NAMES[d.group] ?? `group ${d.group}`})`;
    const expected = expectedRawBytes(d, count, chunkSize);
    if (expected < 0) throw new SplatfitError(ErrorCode.BadHeader, `group ${d.group}, encoding ${d.encoding}, ${d.bits} bits, ${d.components} components is not a valid stream`, { file, field });
    if (d.rawBytes !== expected) throw new SplatfitError(ErrorCode.BadHeader, `declares ${d.rawBytes} raw bytes; ${count} splats need ${expected}`, { file, field });
    if (d.codec !== Codec.Stored && d.codec !== Codec.Deflate) throw new SplatfitError(ErrorCode.BadValue, `codec ${d.codec}; expected 0 or 1`, { file, field });
    if (d.codec === Codec.Stored && d.storedBytes !== d.rawBytes) throw new SplatfitError(ErrorCode.BadHeader, 'stored stream whose sizes differ', { file, field });
    if (d.group > Group.ShDc + shDegree) throw new SplatfitError(ErrorCode.BadHeader, `SH band above the header's degree ${shDegree}`, { file, field });
    if (seen.has(d.group)) throw new SplatfitError(ErrorCode.BadHeader, 'group stored twice', { file, field });
    seen.add(d.group);
    raw += d.rawBytes;
    stored += d.storedBytes;
  }
  if (descriptors.length > 0 && descriptors[descriptors.length - 1]!.offset + descriptors[descriptors.length - 1]!.storedBytes > fileBytes) {
    throw new SplatfitError(ErrorCode.Truncated, `streams need ${stored} bytes past the descriptors; the file ends first`, { file });
  }
  if (!inflatedSizeIsPlausible(stored, raw)) {
    throw new SplatfitError(ErrorCode.CountTooLarge, `${count} splats (${raw} bytes) cannot come from ${stored} stored bytes`, { file, field: 'count' });
  }
  for (let group = 0; group <= Group.ShDc + shDegree; group++) {
    if (!seen.has(group)) throw new SplatfitError(ErrorCode.MissingProperty, `no ${GROUP_NAMES[group]} stream`, { file, field: GROUP_NAMES[group]! });
  }
  if (count === 0) throw new SplatfitError(ErrorCode.EmptyScene, 'file holds no splats', { file });
}

function inflate(bytes: Uint8Array, d: Descriptor, file: string): Uint8Array {
  const stored = bytes.subarray(d.offset, d.offset + d.storedBytes);
  if (d.codec === Codec.Stored) return stored;
  try {
    const out = inflateSync(stored, { out: new Uint8Array(d.rawBytes) });
    if (out.length !== d.rawBytes) throw new Error(`gave ${out.length} bytes, expected ${d.rawBytes}`);
    return out;
  } catch (error) {
    throw new SplatfitError(ErrorCode.DecompressFailed, `deflate stream is corrupt: ${(error as Error).message}`, { file, field: GROUP_NAMES[d.group]! });
  }
}

function readQuantized(raw: Uint8Array, at: number, width: number): number {
  return width === 1 ? raw[at]! : raw[at]! | (raw[at + 1]! << 8);
}

function dequantize(q: number, min: number, max: number, bits: number): number {
  return bits === 0 ? (min + max) / 2 : min + (q / (2 ** bits - 1)) * (max - min);
}

/** Decodes one group's raw stream into the scene. */
function decodeStream(d: Pick<Descriptor, 'group' | 'encoding' | 'bits' | 'components' | 'ranges'>, raw: Uint8Array, scene: SplatScene, chunkSize: number): void {
  const n = scene.count;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const width = bytesPerValue(d.bits);
  if (d.encoding === Encoding.Float32) {
    // float32 streams hold the model's own values (opacity as its logit): exact.
    const raw32 = d.group === Group.Opacity ? (i: number, _c: number, v: number) => { scene.opacities[i] = v; } : setter(scene, d.group);
    for (let c = 0; c < d.components; c++) for (let i = 0; i < n; i++) raw32(i, c, view.getFloat32((c * n + i) * 4, true));
    return;
  }
  const set = setter(scene, d.group);
  if (d.encoding === Encoding.SmallestThree) {
    const v = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < 3; s++) v[s] = dequantize(d.bits === 0 ? 0 : readQuantized(raw, n + (s * n + i) * width, width), -ROTATION_RANGE, ROTATION_RANGE, d.bits);
      placeSmallestThree(scene.rotations, i * 4, raw[i]! & 3, v[0]!, v[1]!, v[2]!);
    }
    return;
  }
  if (d.group === Group.Positions) {
    const chunks = Math.ceil(n / chunkSize);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < n; i++) {
        const k = Math.floor(i / chunkSize);
        const min = view.getFloat32((k * 6 + c) * 4, true), max = view.getFloat32((k * 6 + 3 + c) * 4, true);
        const q = d.bits === 0 ? 0 : readQuantized(raw, chunks * 24 + (c * n + i) * width, width);
        set(i, c, dequantize(q, min, max, d.bits));
      }
    }
    return;
  }
  const isShBand = d.group > Group.ShDc;
  for (let c = 0; c < d.components; c++) {
    const min = d.ranges[2 * c]!, max = d.ranges[2 * c + 1]!;
    for (let i = 0; i < n; i++) {
      const value = d.bits === 0 && isShBand ? 0 : dequantize(d.bits === 0 ? 0 : readQuantized(raw, (c * n + i) * width, width), min, max, d.bits);
      set(i, c, value);
    }
  }
}

/** Writes component `c` of splat `i` of a group into the scene (opacity arrives as alpha). */
function setter(scene: SplatScene, group: number): (i: number, c: number, v: number) => void {
  switch (group) {
    case Group.Positions: return (i, c, v) => { scene.positions[i * 3 + c] = v; };
    case Group.LogScales: return (i, c, v) => { scene.logScales[i * 3 + c] = v; };
    case Group.Rotations: return (i, c, v) => { scene.rotations[i * 4 + c] = v; };
    case Group.Opacity: return (i, _c, v) => { scene.opacities[i] = logit(v); };
    case Group.ShDc: return (i, c, v) => { scene.shDc[i * 3 + c] = v; };
    default: {
      const band = group - Group.ShDc;
      const per = bandCoefficients(band);
      const rest = shRestPerChannel(scene.shDegree);
      return (i, c, v) => { scene.shRest[(i * 3 + Math.floor(c / per)) * rest + bandOffset(band) + (c % per)] = v; };
    }
  }
}
