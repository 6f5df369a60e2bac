/**
 * Writer for PlayCanvas's compressed PLY (docs/formats.md, "PlayCanvas compressed PLY"), following
 * the reader's field table: splats in Morton order so each chunk of 256 is spatially tight, one
 * `chunk` row of float ranges per chunk (position, log-scale, colour), four packed uint32 words per
 * splat, and SH rest coefficients as bytes in an `sh` element.
 */
import { largestComponent, normalizedQuaternion } from '../../math/quaternion.ts';
import { quantize, sigmoid } from '../../math/scalar.ts';
import { SH_C0, shRestPerChannel } from '../../scene/sh.ts';
import { selectSplats, type SplatScene } from '../../scene/splat-scene.ts';
import { mortonOrder } from '../splatfit/morton.ts';
import { CHUNK_BOUNDS, CHUNK_COLOR_BOUNDS, COMPRESSED_CHUNK_SIZE, PACKED_VERTEX } from './constants.ts';

/** Log-scales are clamped to this range, as PlayCanvas's writer does: beyond it a splat is invisible or fills the view. */
const LOG_SCALE_LIMIT = 20;
const CHUNK_FLOATS = CHUNK_BOUNDS.length + CHUNK_COLOR_BOUNDS.length;

export function writeCompressedPly(input: SplatScene): Uint8Array {
  const scene = selectSplats(input, mortonOrder(input));
  const n = scene.count;
  const chunks = Math.ceil(n / COMPRESSED_CHUNK_SIZE);
  const restCount = 3 * shRestPerChannel(scene.shDegree);
  const header = new TextEncoder().encode(headerText(n, chunks, restCount));
  const out = new Uint8Array(header.length + chunks * CHUNK_FLOATS * 4 + n * 16 + n * restCount);
  out.set(header, 0);
  // The header's length is arbitrary, so the float and word tables are built aligned, then copied in.
  const chunkTable = new Float32Array(chunks * CHUNK_FLOATS);
  const words = new Uint32Array(n * 4);
  const colours = chunkColours(scene);
  for (let c = 0; c < chunks; c++) {
    const first = c * COMPRESSED_CHUNK_SIZE, end = Math.min(n, first + COMPRESSED_CHUNK_SIZE);
    const bounds = chunkTable.subarray(c * CHUNK_FLOATS, (c + 1) * CHUNK_FLOATS);
    fillChunkBounds(scene, colours, first, end, bounds);
    packChunk(scene, colours, first, end, bounds, words);
  }
  out.set(new Uint8Array(chunkTable.buffer), header.length);
  out.set(new Uint8Array(words.buffer), header.length + chunkTable.byteLength);
  packSh(scene, restCount, out.subarray(header.length + chunkTable.byteLength + words.byteLength));
  return out;
}

function headerText(count: number, chunks: number, restCount: number): string {
  const lines = ['ply', 'format binary_little_endian 1.0', `element chunk ${chunks}`];
  for (const name of [...CHUNK_BOUNDS, ...CHUNK_COLOR_BOUNDS]) lines.push(`property float ${name}`);
  lines.push(`element vertex ${count}`);
  for (const name of PACKED_VERTEX) lines.push(`property uint ${name}`);
  if (restCount > 0) {
    lines.push(`element sh ${count}`);
    for (let j = 0; j < restCount; j++) lines.push(`property uchar f_rest_${j}`);
  }
  lines.push('end_header', '');
  return lines.join('\n');
}

/** Base colour (0.5 + C0·dc) of every splat, three per splat. */
function chunkColours(scene: SplatScene): Float32Array {
  const colours = new Float32Array(scene.count * 3);
  for (let k = 0; k < colours.length; k++) colours[k] = 0.5 + SH_C0 * scene.shDc[k]!;
  return colours;
}

const clampLogScale = (v: number): number => Math.max(-LOG_SCALE_LIMIT, Math.min(LOG_SCALE_LIMIT, v));

/** Writes min/max of position, log-scale and colour over splats [first, end) in CHUNK_BOUNDS then CHUNK_COLOR_BOUNDS order. */
function fillChunkBounds(scene: SplatScene, colours: Float32Array, first: number, end: number, bounds: Float32Array): void {
  const sources = [scene.positions, scene.logScales, colours];
  for (let s = 0; s < 3; s++) {
    const values = sources[s]!;
    // position min ×3, max ×3, then scale, then colour: blocks of six in the chunk row
    for (let axis = 0; axis < 3; axis++) {
      let lo = Infinity, hi = -Infinity;
      for (let i = first; i < end; i++) {
        const v = s === 1 ? clampLogScale(values[i * 3 + axis]!) : values[i * 3 + axis]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      bounds[s * 6 + axis] = lo;
      bounds[s * 6 + 3 + axis] = hi;
    }
  }
}

/** 11-10-11 bits of three values over their chunk ranges at bounds[at..at+5] (min ×3, max ×3). */
function pack111011(values: Float32Array, i: number, bounds: Float32Array, at: number, clamp: (v: number) => number): number {
  const x = quantize(clamp(values[i * 3]!), bounds[at]!, bounds[at + 3]!, 11);
  const y = quantize(clamp(values[i * 3 + 1]!), bounds[at + 1]!, bounds[at + 4]!, 10);
  const z = quantize(clamp(values[i * 3 + 2]!), bounds[at + 2]!, bounds[at + 5]!, 11);
  return ((x << 21) | (y << 11) | z) >>> 0;
}

const identity = (v: number): number => v;

function packChunk(scene: SplatScene, colours: Float32Array, first: number, end: number, bounds: Float32Array, words: Uint32Array): void {
  const q = new Float64Array(4);
  for (let i = first; i < end; i++) {
    words[i * 4] = pack111011(scene.positions, i, bounds, 0, identity);
    words[i * 4 + 1] = packRotation(scene.rotations, i, q);
    words[i * 4 + 2] = pack111011(scene.logScales, i, bounds, 6, clampLogScale);
    const r = quantize(colours[i * 3]!, bounds[12]!, bounds[15]!, 8);
    const g = quantize(colours[i * 3 + 1]!, bounds[13]!, bounds[16]!, 8);
    const b = quantize(colours[i * 3 + 2]!, bounds[14]!, bounds[17]!, 8);
    const alpha = quantize(sigmoid(scene.opacities[i]!), 0, 1, 8);
    words[i * 4 + 3] = ((r << 24) | (g << 16) | (b << 8) | alpha) >>> 0;
  }
}

/** Largest component's index in bits 31–30; the other three (sign-flipped so the largest is positive) as 10-bit unorms over ±1/√2. */
function packRotation(rotations: Float32Array, i: number, q: Float64Array): number {
  normalizedQuaternion(rotations, i, q);
  const largest = largestComponent(q);
  const sign = q[largest]! < 0 ? -1 : 1;
  let word = largest;
  for (let k = 0; k < 4; k++) {
    if (k === largest) continue;
    word = (word << 10) | quantize(sign * q[k]!, -Math.SQRT1_2, Math.SQRT1_2, 10);
  }
  return word >>> 0;
}

/** SH rest as bytes over [−4, 4], in the PLY's f_rest order (the reader's inverse: b → ((b + 0.5)/256 − 0.5)·8). */
function packSh(scene: SplatScene, restCount: number, out: Uint8Array): void {
  const { shRest } = scene;
  for (let k = 0; k < scene.count * restCount; k++) {
    const b = Math.floor((shRest[k]! / 8 + 0.5) * 256);
    out[k] = b < 0 ? 0 : b > 255 ? 255 : b;
  }
}
