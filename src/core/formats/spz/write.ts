/**
 * Writer for Niantic SPZ version 3 (gzip-wrapped), converting the PLY's RDF axes to SPZ's RUB.
 * Precision as the reference writer: 24-bit fixed-point positions, 8-bit scales, alpha and colour,
 * smallest-three rotations with 9-bit magnitudes, SH bytes kept to 5 bits (band 1) and 4 bits (higher).
 */
import { gzipSync } from 'fflate';
import { largestComponent, normalizedQuaternion } from '../../math/quaternion.ts';
import { sigmoid, toByte } from '../../math/scalar.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import type { SplatScene } from '../../scene/splat-scene.ts';
import {
  RUB_TO_RDF_POSITION, RUB_TO_RDF_SH, SPZ_COLOR_SCALE, SPZ_FRACTIONAL_BITS, SPZ_LEGACY_HEADER_BYTES, SPZ_MAGIC,
  SPZ_ROTATION_BITS, SPZ_SCALE_OFFSET, SPZ_SCALE_STEPS, SPZ_SH_BAND1_BITS, SPZ_SH_REST_BITS, SPZ_WRITE_VERSION,
} from './constants.ts';


export interface SpzWriteOptions {
  /** gzip level 0–9 (default 6, as the reference writer). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

export function writeSpz(scene: SplatScene, options: SpzWriteOptions = {}): Uint8Array {
  const n = scene.count;
  const perChannel = shRestPerChannel(scene.shDegree);
  const sizes = [9, 1, 3, 3, 4, 3 * perChannel];
  const raw = new Uint8Array(SPZ_LEGACY_HEADER_BYTES + n * sizes.reduce((a, b) => a + b, 0));
  const fractionalBits = fractionalBitsFor(scene.positions);
  writeHeader(raw, n, scene.shDegree, fractionalBits);
  let at = SPZ_LEGACY_HEADER_BYTES;
  encodePositions(scene.positions, fractionalBits, raw.subarray(at, (at += 9 * n)));
  const alphas = raw.subarray(at, (at += n));
  for (let i = 0; i < n; i++) alphas[i] = toByte(sigmoid(scene.opacities[i]!) * 255);
  const colors = raw.subarray(at, (at += 3 * n));
  for (let i = 0; i < 3 * n; i++) colors[i] = toByte(scene.shDc[i]! * SPZ_COLOR_SCALE * 255 + 127.5);
  const scales = raw.subarray(at, (at += 3 * n));
  for (let i = 0; i < 3 * n; i++) scales[i] = toByte((scene.logScales[i]! + SPZ_SCALE_OFFSET) * SPZ_SCALE_STEPS);
  encodeRotations(scene.rotations, raw.subarray(at, (at += 4 * n)));
  encodeSh(scene.shRest, perChannel, raw.subarray(at, (at += 3 * perChannel * n)));
  return gzipSync(raw, { level: options.level ?? 6 });
}

function writeHeader(raw: Uint8Array, count: number, shDegree: number, fractionalBits: number): void {
  const view = new DataView(raw.buffer);
  view.setUint32(0, SPZ_MAGIC, true);
  view.setUint32(4, SPZ_WRITE_VERSION, true);
  view.setUint32(8, count, true);
  raw[12] = shDegree;
  raw[13] = fractionalBits;
  raw[14] = 0; // flags: not antialiased, no extensions
  raw[15] = 0;
}

/** The reference's 12 fractional bits, fewer when the scene is too large for 24-bit integers. */
function fractionalBitsFor(positions: Float32Array): number {
  let max = 0;
  for (let i = 0; i < positions.length; i++) max = Math.max(max, Math.abs(positions[i]!));
  let bits = SPZ_FRACTIONAL_BITS;
  while (bits > 0 && max * 2 ** bits >= 2 ** 23 - 1) bits--;
  return bits;
}

function encodePositions(positions: Float32Array, fractionalBits: number, out: Uint8Array): void {
  const scale = 2 ** fractionalBits;
  const limit = 2 ** 23 - 1;
  for (let i = 0; i < positions.length; i++) {
    const fixed = Math.max(-limit, Math.min(limit, Math.round(positions[i]! * RUB_TO_RDF_POSITION[i % 3]! * scale)));
    out[i * 3] = fixed & 0xff;
    out[i * 3 + 1] = (fixed >> 8) & 0xff;
    out[i * 3 + 2] = (fixed >> 16) & 0xff;
  }
}

function encodeRotations(rotations: Float32Array, out: Uint8Array): void {
  const q = new Float64Array(4);
  const xyzw = new Float64Array(4);
  const maxMagnitude = (1 << SPZ_ROTATION_BITS) - 1;
  for (let i = 0; i < rotations.length / 4; i++) {
    normalizedQuaternion(rotations, i, q);
    // Ours is w,x,y,z in RDF axes; SPZ is x,y,z,w in RUB axes.
    xyzw[0] = q[1]!; xyzw[1] = -q[2]!; xyzw[2] = -q[3]!; xyzw[3] = q[0]!;
    const largest = largestComponent(xyzw);
    const negate = xyzw[largest]! < 0 ? 1 : 0;
    let comp = largest;
    for (let k = 0; k < 4; k++) {
      if (k === largest) continue;
      const v = xyzw[k]!;
      const sign = (v < 0 ? 1 : 0) ^ negate;
      const magnitude = Math.min(maxMagnitude, Math.floor(maxMagnitude * (Math.abs(v) / Math.SQRT1_2) + 0.5));
      comp = (comp << (SPZ_ROTATION_BITS + 1)) | (sign << SPZ_ROTATION_BITS) | magnitude;
    }
    comp >>>= 0;
    out[i * 4] = comp & 0xff;
    out[i * 4 + 1] = (comp >>> 8) & 0xff;
    out[i * 4 + 2] = (comp >>> 16) & 0xff;
    out[i * 4 + 3] = (comp >>> 24) & 0xff;
  }
}

function encodeSh(shRest: Float32Array, perChannel: number, out: Uint8Array): void {
  const perSplat = perChannel * 3;
  const count = perSplat === 0 ? 0 : shRest.length / perSplat;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < perChannel; j++) {
      const bucket = 1 << (8 - (j < 3 ? SPZ_SH_BAND1_BITS : SPZ_SH_REST_BITS));
      const sign = RUB_TO_RDF_SH[j]!;
      for (let c = 0; c < 3; c++) {
        const q = Math.round(shRest[i * perSplat + c * perChannel + j]! * sign * 128) + 128;
        out[i * perSplat + j * 3 + c] = Math.max(0, Math.min(255, Math.floor((q + bucket / 2) / bucket) * bucket));
      }
    }
  }
}
