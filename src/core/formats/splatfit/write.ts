/**
 * Writer for `.splatfit` (docs/splatfit-format.md): splats in Morton order, each attribute group
 * quantized at its own bit depth (0–16, or 32 for float32), planar, deflated when that is smaller.
 */
import { deflateSync } from 'fflate';
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { largestComponent, normalizedQuaternion } from '../../math/quaternion.ts';
import { quantize, sigmoid } from '../../math/scalar.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import { selectSplats, type SplatScene } from '../../scene/splat-scene.ts';
import {
  bandCoefficients, bandOffset, bytesPerValue, Codec, DEFAULT_CHUNK_SIZE, DESCRIPTOR_FIXED_BYTES, Encoding, FLOAT_BITS, Group, GROUP_COMPONENTS,
  GROUP_NAMES, type GroupName, MAX_BITS, ROTATION_RANGE, SPLATFIT_HEADER_BYTES, SPLATFIT_MAGIC, SPLATFIT_VERSION,
} from './constants.ts';
import { mortonOrder } from './morton.ts';

/** Bits per group used when the caller names none: visually lossless on the shared scenes. */
export const DEFAULT_BITS: Readonly<Record<GroupName, number>> = {
  positions: 16, logScales: 12, rotations: 12, opacity: 8, shDc: 10, shBand1: 8, shBand2: 6, shBand3: 6,
};

export interface SplatfitWriteOptions {
  /** Bits per group, 0–16 (0 = dropped), or 32 to store float32. */
  bits?: Partial<Record<GroupName, number>>;
  /** SH degree to keep (≤ the scene's); higher bands are not stored. */
  shDegree?: number;
  /** Splats per position chunk (default 256). */
  chunkSize?: number;
  /** Deflate level 0–9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** 'morton' (default) reorders splats spatially; 'input' keeps their order. */
  order?: 'morton' | 'input';
}

export interface EncodedStream {
  group: number;
  encoding: number;
  bits: number;
  components: number;
  ranges: Float32Array;
  raw: Uint8Array;
}

export function writeSplatfit(input: SplatScene, options: SplatfitWriteOptions = {}): Uint8Array {
  const degree = Math.min(options.shDegree ?? input.shDegree, input.shDegree);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 65535) {
    throw new SplatfitError(ErrorCode.Unwritable, `chunkSize ${chunkSize}; expected 1–65535`, { field: 'chunkSize' });
  }
  const scene = options.order === 'input' ? input : selectSplats(input, mortonOrder(input));
  const bits = { ...DEFAULT_BITS, ...options.bits };
  for (const name of GROUP_NAMES) {
    const b = bits[name];
    if (!(b === FLOAT_BITS || (Number.isInteger(b) && b >= 0 && b <= MAX_BITS))) {
      throw new SplatfitError(ErrorCode.Unwritable, `${b} bits for ${name}; expected 0–${MAX_BITS} or ${FLOAT_BITS}`, { field: name });
    }
  }
  const streams: EncodedStream[] = [];
  for (let group = 0; group <= Group.ShDc + degree; group++) {
    streams.push(encodeGroup(scene, group, bits[GROUP_NAMES[group]!], chunkSize));
  }
  return assemble(scene.count, degree, chunkSize, streams, options.level ?? 6);
}

/** Value `c` of splat `i` in a group, as the format stores it (quantized opacity as alpha). */
function groupValue(scene: SplatScene, group: number, i: number, c: number, asAlpha = true): number {
  switch (group) {
    case Group.Positions: return scene.positions[i * 3 + c]!;
    case Group.LogScales: return scene.logScales[i * 3 + c]!;
    case Group.Rotations: return scene.rotations[i * 4 + c]!;
    case Group.Opacity: return asAlpha ? sigmoid(scene.opacities[i]!) : scene.opacities[i]!;
    case Group.ShDc: return scene.shDc[i * 3 + c]!;
    default: {
      const band = group - Group.ShDc;
      const per = bandCoefficients(band);
      const rest = shRestPerChannel(scene.shDegree);
      const channel = Math.floor(c / per);
      return scene.shRest[(i * 3 + channel) * rest + bandOffset(band) + (c % per)]!;
    }
  }
}

/** One group's stream before entropy coding: what the size model measures and the sensitivity pass decodes. */
export function encodeGroup(scene: SplatScene, group: number, bits: number, chunkSize: number): EncodedStream {
  const components = GROUP_COMPONENTS[group]!;
  const n = scene.count;
  if (bits === FLOAT_BITS) {
    const raw = new Uint8Array(components * n * 4);
    const view = new DataView(raw.buffer);
    for (let c = 0; c < components; c++) for (let i = 0; i < n; i++) view.setFloat32((c * n + i) * 4, groupValue(scene, group, i, c, false), true);
    return { group, encoding: Encoding.Float32, bits, components, ranges: new Float32Array(0), raw };
  }
  if (group === Group.Rotations) return encodeRotations(scene, bits);
  if (group === Group.Positions) return encodePositions(scene, bits, chunkSize);
  const ranges = new Float32Array(2 * components);
  const width = bytesPerValue(bits);
  const raw = new Uint8Array(components * n * width);
  for (let c = 0; c < components; c++) {
    let min = Infinity, max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = groupValue(scene, group, i, c);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // Store the range as float32 and quantize against exactly what the reader will see.
    ranges[2 * c] = min;
    ranges[2 * c + 1] = max;
    if (bits === 0) continue;
    const lo = ranges[2 * c]!, hi = ranges[2 * c + 1]!;
    for (let i = 0; i < n; i++) writeQuantized(raw, (c * n + i) * width, width, quantize(groupValue(scene, group, i, c), lo, hi, bits));
  }
  return { group, encoding: Encoding.Quantized, bits, components, ranges, raw };
}

function encodePositions(scene: SplatScene, bits: number, chunkSize: number): EncodedStream {
  const n = scene.count;
  const chunks = Math.ceil(n / chunkSize);
  const width = bytesPerValue(bits);
  const raw = new Uint8Array(chunks * 24 + 3 * n * width);
  const ranges = new DataView(raw.buffer, 0, chunks * 24);
  for (let k = 0; k < chunks; k++) {
    const first = k * chunkSize, end = Math.min(n, first + chunkSize);
    for (let c = 0; c < 3; c++) {
      let min = Infinity, max = -Infinity;
      for (let i = first; i < end; i++) {
        const v = scene.positions[i * 3 + c]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      // Quantize against the float32 range the reader will see.
      const lo = Math.fround(min), hi = Math.fround(max);
      ranges.setFloat32((k * 6 + c) * 4, lo, true);
      ranges.setFloat32((k * 6 + 3 + c) * 4, hi, true);
      if (bits === 0) continue;
      for (let i = first; i < end; i++) writeQuantized(raw, chunks * 24 + (c * n + i) * width, width, quantize(scene.positions[i * 3 + c]!, lo, hi, bits));
    }
  }
  return { group: Group.Positions, encoding: Encoding.Quantized, bits, components: 3, ranges: new Float32Array(0), raw };
}

function encodeRotations(scene: SplatScene, bits: number): EncodedStream {
  const n = scene.count;
  const width = bytesPerValue(bits);
  const raw = new Uint8Array(n + 3 * n * width);
  const q = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    normalizedQuaternion(scene.rotations, i, q);
    const largest = largestComponent(q);
    const sign = q[largest]! < 0 ? -1 : 1;
    raw[i] = largest;
    for (let k = 0, slot = 0; k < 4; k++) {
      if (k === largest) continue;
      if (bits > 0) writeQuantized(raw, n + (slot * n + i) * width, width, quantize(sign * q[k]!, -ROTATION_RANGE, ROTATION_RANGE, bits));
      slot++;
    }
  }
  return { group: Group.Rotations, encoding: Encoding.SmallestThree, bits, components: 4, ranges: new Float32Array(0), raw };
}


function writeQuantized(out: Uint8Array, at: number, width: number, q: number): void {
  out[at] = q & 0xff;
  if (width === 2) out[at + 1] = q >>> 8;
}

function assemble(count: number, shDegree: number, chunkSize: number, streams: EncodedStream[], level: SplatfitWriteOptions['level'] & number): Uint8Array {
  const stored = streams.map((s) => {
    const deflated = s.raw.length > 0 ? deflateSync(s.raw, { level }) : s.raw;
    return deflated.length < s.raw.length ? { codec: Codec.Deflate, bytes: deflated } : { codec: Codec.Stored, bytes: s.raw };
  });
  const descriptorsBytes = streams.reduce((sum, s) => sum + DESCRIPTOR_FIXED_BYTES + s.ranges.length * 4, 0);
  const total = SPLATFIT_HEADER_BYTES + descriptorsBytes + stored.reduce((sum, s) => sum + s.bytes.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(SPLATFIT_MAGIC, 0);
  view.setUint16(4, SPLATFIT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, count, true);
  out[12] = shDegree;
  out[13] = streams.length;
  view.setUint16(14, chunkSize, true);
  view.setUint32(16, descriptorsBytes, true);
  view.setUint32(20, 0, true);
  let at = SPLATFIT_HEADER_BYTES;
  streams.forEach((s, k) => {
    const size = DESCRIPTOR_FIXED_BYTES + s.ranges.length * 4;
    view.setUint16(at, size, true);
    out[at + 2] = s.group;
    out[at + 3] = s.encoding;
    out[at + 4] = s.bits;
    out[at + 5] = s.components;
    out[at + 6] = stored[k]!.codec;
    out[at + 7] = s.ranges.length / 2;
    view.setUint32(at + 8, stored[k]!.bytes.length, true);
    view.setUint32(at + 12, s.raw.length, true);
    for (let r = 0; r < s.ranges.length; r++) view.setFloat32(at + DESCRIPTOR_FIXED_BYTES + r * 4, s.ranges[r]!, true);
    at += size;
  });
  for (const s of stored) {
    out.set(s.bytes, at);
    at += s.bytes.length;
  }
  return out;
}
