/**
 * A `.splatfit` v2 stream (its table and decoded sections) written back into a scene: the inverse
 * of encode-group.ts. Callers have checked the stream's shape (stream-layout.ts) first, so every
 * table and section here has the size its encoding implies.
 */
import { placeSmallestThree } from '../../math/quaternion.ts';
import type { RestRows, SteppedRest } from '../../scene/drawn-scene.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import type { SplatScene } from '../../scene/splat-scene.ts';
import { bandCoefficients, bandOffset, CENTROID_BITS, Encoding, Group, ROTATION_RANGE } from './constants.ts';
import { isByteSection, type Section } from './coding.ts';
import { planeBlock, setGroupPlanes } from './group-planes.ts';

export interface StreamShape {
  readonly group: number;
  readonly encoding: number;
  readonly bits: number;
  readonly components: number;
  readonly entries: number;
}

const dequantize = (q: number, min: number, max: number, bits: number): number => (bits === 0 ? (min + max) / 2 : min + (q / (2 ** bits - 1)) * (max - min));

/** Whether decodeGroup decodes this stream's values into planes first (float32, smallest-three rotations and rest vectors are written directly). */
export function decodesToPlanes(shape: StreamShape): boolean {
  return shape.group !== Group.ShRest && shape.encoding !== Encoding.Float32 && shape.encoding !== Encoding.SmallestThree;
}

/**
 * Writes the stream into `scene`. `room`: memory for the planes the values are decoded into before
 * they are written (a reader's scratch, reused from stream to stream), where it holds them.
 */
export function decodeGroup(shape: StreamShape, table: Float32Array, sections: readonly Section[], scene: SplatScene, chunkSize: number, room?: Float32Array): void {
  const n = scene.count;
  if (shape.group === Group.ShRest) return decodeRestVectors(shape, table, sections, scene);
  if (shape.encoding === Encoding.Float32) {
    const section = sections[0]!;
    if (!isByteSection(section)) throw new Error('float32 stream without bytes');
    const values = new Float32Array(section.bytes.slice().buffer);
    setGroupPlanes(scene, shape.group, Array.from({ length: shape.components }, (_, c) => values.subarray(c * n, (c + 1) * n)), false);
    return;
  }
  if (shape.encoding === Encoding.SmallestThree) return decodeSmallestThree(shape.bits, sections, scene);
  const planes = planeBlock(shape.components, n, room);
  const symbols = sections.length === 0 ? null : (sections[0] as { symbols: Uint16Array }).symbols;
  const C = shape.components;
  for (let c = 0; c < C; c++) {
    const plane = planes[c]!;
    if (shape.encoding === Encoding.Codebook) {
      const e = shape.entries;
      for (let i = 0; i < n; i++) plane[i] = table[c * e + symbols![c * n + i]!]!;
      continue;
    }
    // A dropped SH band (0 bits) is no view-dependent colour at all, not its range's middle.
    if (shape.bits === 0 && shape.group > Group.ShDc) continue;
    const span = shape.encoding === Encoding.Chunked ? chunkSize : n;
    const levels = 2 ** shape.bits - 1;
    for (let r = 0, first = 0; first < n; r++, first += span) {
      const min = table[r * 2 * C + c]!, max = table[(r * 2 + 1) * C + c]!;
      const end = Math.min(n, first + span);
      if (symbols === null) {
        plane.fill((min + max) / 2, first, end);
        continue;
      }
      const step = (max - min) / levels;
      for (let i = first; i < end; i++) plane[i] = min + symbols[c * n + i]! * step;
    }
  }
  setGroupPlanes(scene, shape.group, planes);
}

function decodeSmallestThree(bits: number, sections: readonly Section[], scene: SplatScene): void {
  const n = scene.count;
  const largest = (sections[0] as { symbols: Uint16Array }).symbols;
  const others = bits > 0 ? (sections[1] as { symbols: Uint16Array }).symbols : null;
  const step = bits > 0 ? (2 * ROTATION_RANGE) / (2 ** bits - 1) : 0;
  for (let i = 0; i < n; i++) {
    // bits = 0 stores nothing: each component is its range's middle, 0.
    const a = others === null ? 0 : -ROTATION_RANGE + others[i]! * step;
    const b = others === null ? 0 : -ROTATION_RANGE + others[n + i]! * step;
    const c = others === null ? 0 : -ROTATION_RANGE + others[2 * n + i]! * step;
    placeSmallestThree(scene.rotations, i * 4, largest[i]! & 3, a, b, c);
  }
}

function decodeRestVectors(shape: StreamShape, table: Float32Array, sections: readonly Section[], scene: SplatScene): void {
  const dim = shape.components, n = scene.count;
  const { table: vectors, rows } = restVectorRows(shape, table, sections);
  // Row 0 ("no rest bands") is all zeros, written too: the scene may not start as zeros.
  const rest = scene.shRest;
  for (let i = 0; i < n; i++) {
    const from = rows[i]! * dim;
    for (let d = 0, to = i * dim; d < dim; d++) rest[to + d] = vectors[from + d]!;
  }
}

/**
 * A vector-codebook SH rest stream as rows of a table, without writing each splat's bands
 * (drawn-scene.ts): row 0 is "no rest bands" (zeros), rows 1…K the stored vectors; `rows` is the
 * stream's own index section, each splat's row.
 */
export function restVectorRows(shape: StreamShape, table: Float32Array, sections: readonly Section[]): RestRows {
  const dim = shape.components, entries = shape.entries;
  const stored = (sections[0] as { symbols: Uint16Array }).symbols, rows = (sections[1] as { symbols: Uint16Array }).symbols;
  const vectors = new Float32Array((entries + 1) * dim);
  for (let d = 0; d < dim; d++) {
    for (let e = 0; e < entries; e++) vectors[(e + 1) * dim + d] = dequantize(stored[d * entries + e]!, table[d]!, table[dim + d]!, CENTROID_BITS);
  }
  return { table: vectors, rows };
}

/**
 * Room for the SH bands of a file of `count` splats at `degree` held as steps of their ranges
 * (drawn-scene.ts SteppedRest), which stepBands fills band by band: 1 B a coefficient when no
 * band takes more than 8 bits.
 */
export function steppedRestFor(count: number, degree: number, bits: readonly number[]): SteppedRest {
  const width = 3 * shRestPerChannel(degree);
  return { steps: bits.some((b) => b > 8) ? new Uint16Array(count * width) : new Uint8Array(count * width), ranges: new Float64Array(2 * width) };
}

/** A uniformly quantized SH band's stream written into `rest` as its steps and ranges: what decodeGroup would write as min + q·step. */
export function stepBands(shape: StreamShape, table: Float32Array, sections: readonly Section[], rest: SteppedRest, degree: number): void {
  // a dropped band (0 bits) is no view-dependent colour at all: steps and ranges stay 0
  if (shape.bits === 0 || sections.length === 0) return;
  const band = shape.group - Group.ShDc, per = bandCoefficients(band), perChannel = shRestPerChannel(degree), width = 3 * perChannel;
  const n = rest.steps.length / width, C = shape.components, levels = 2 ** shape.bits - 1;
  const symbols = (sections[0] as { symbols: Uint16Array }).symbols, { steps, ranges } = rest;
  for (let c = 0; c < C; c++) {
    const column = Math.floor(c / per) * perChannel + bandOffset(band) + (c % per);
    const min = table[c]!, max = table[C + c]!;
    ranges[2 * column] = min;
    ranges[2 * column + 1] = (max - min) / levels;
    for (let i = 0; i < n; i++) steps[i * width + column] = symbols[c * n + i]!;
  }
}

