/**
 * One attribute group of a scene turned into its `.splatfit` v2 stream (coding.ts) — what the
 * writer entropy-codes, the size model measures and the sensitivity pass decodes again. Every
 * range and level is stored as float32, and values are quantized against exactly those float32s.
 */
import { assignNested, type CodebookLabels, type NestedCodebook, learnNestedCodebook, nearestLevels, scalarCodebook } from '../../codec/codebook.ts';
import { largestComponent, normalizedQuaternion } from '../../math/quaternion.ts';
import { quantize } from '../../math/scalar.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import { selectRows, type SplatScene } from '../../scene/splat-scene.ts';
import { CENTROID_BITS, Encoding, GROUP_COMPONENTS, Group, indexBits, ROTATION_RANGE } from './constants.ts';
import type { EncodedStream, GroupCoding, SymbolSection } from './coding.ts';
import { groupPlanes } from './group-planes.ts';

export interface EncodeContext {
  /** Splats per chunk of chunked ranges. */
  readonly chunkSize: number;
  /** How much each splat matters (significance), aligned with the scene; weights codebooks and "no rest bands". */
  readonly weights?: Float32Array | undefined;
  /** The scene's nested SH codebook (learnt on the whole scene); learnt from this scene when absent. */
  readonly shCodebook?: NestedCodebook | undefined;
  /** Each splat's entry in level `level` of `shCodebook`, when known (assigning 500k vectors takes a second). */
  readonly restLabels?: ((level: number) => CodebookLabels) | undefined;
  /**
   * The splats encoded: these of the scene, in this order (default every splat). A fit encodes its
   * kept splats where they lie in the whole scene instead of copying them; `weights` and
   * `restLabels` are then the selected splats' own, in the same order.
   */
  readonly indices?: Uint32Array | undefined;
}

export function encodeGroup(scene: SplatScene, group: number, coding: GroupCoding, context: EncodeContext): EncodedStream {
  if (group === Group.ShRest) {
    if (coding.kind !== 'vq') throw new Error(`SH rest is coded by a vector codebook, not '${coding.kind}'`);
    return encodeRestVectors(scene, coding.level, coding.none, context);
  }
  if (coding.kind === 'vq') throw new Error('only SH rest takes a vector codebook');
  const { indices } = context;
  if (coding.kind === 'float') return encodeFloat(scene, group, indices);
  if (group === Group.Rotations) return encodeSmallestThree(scene, coding.bits, indices);
  const planes = groupPlanes(scene, group, true, indices);
  switch (coding.kind) {
    case 'uniform': return encodeRanges(group, planes, coding.bits, Encoding.Quantized, planes[0]!.length);
    case 'chunked': return encodeRanges(group, planes, coding.bits, Encoding.Chunked, context.chunkSize);
    case 'codebook': return encodeLevels(group, planes, coding.bits, context.weights);
  }
}

function encodeFloat(scene: SplatScene, group: number, indices: Uint32Array | undefined): EncodedStream {
  const planes = groupPlanes(scene, group, false, indices);
  const n = planes[0]!.length;
  const values = new Float32Array(planes.length * n);
  planes.forEach((plane, c) => values.set(plane, c * n));
  return {
    group, encoding: Encoding.Float32, bits: 32, components: planes.length, entries: 0, table: new Float32Array(0),
    sections: [{ bits: 32, bytes: new Uint8Array(values.buffer) }],
  };
}

/**
 * Uniform steps over (min, max) per component per run of `span` splats (Quantized: one run of the
 * whole scene; Chunked: runs of the chunk size). Table: for each run, the C minima then the C maxima.
 */
function encodeRanges(group: number, planes: Float32Array[], bits: number, encoding: number, span: number): EncodedStream {
  const n = planes[0]!.length, components = planes.length;
  const runs = Math.max(1, Math.ceil(n / span));
  const table = new Float32Array(runs * components * 2);
  const symbols = new Uint16Array(components * n);
  for (let r = 0; r < runs; r++) {
    const first = r * span, end = Math.min(n, first + span);
    for (let c = 0; c < components; c++) {
      const plane = planes[c]!;
      let min = Infinity, max = -Infinity;
      for (let i = first; i < end; i++) {
        const v = plane[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (end === first) min = max = 0;
      table[(r * 2) * components + c] = min;
      table[(r * 2 + 1) * components + c] = max;
      const lo = table[(r * 2) * components + c]!, hi = table[(r * 2 + 1) * components + c]!;
      if (bits === 0) continue;
      for (let i = first; i < end; i++) symbols[c * n + i] = quantize(plane[i]!, lo, hi, bits);
    }
  }
  const sections: SymbolSection[] = bits === 0 ? [] : [{ bits, planes: components, count: n, symbols }];
  return { group, encoding, bits, components, entries: 0, table, sections };
}

/** Lloyd–Max levels per component (weighted by significance); table: C × entries ascending levels. */
function encodeLevels(group: number, planes: Float32Array[], bits: number, weights: Float32Array | undefined): EncodedStream {
  const n = planes[0]!.length, components = planes.length;
  const levels = planes.map((plane) => scalarCodebook(plane, weights ?? null, 2 ** bits));
  const entries = Math.max(1, ...levels.map((l) => l.length));
  const table = new Float32Array(components * entries);
  const symbols = new Uint16Array(components * n);
  levels.forEach((own, c) => {
    // A component with fewer distinct values repeats its last level, so every row has `entries`.
    for (let e = 0; e < entries; e++) table[c * entries + e] = own.length === 0 ? 0 : own[Math.min(e, own.length - 1)]!;
    const stored = table.subarray(c * entries, c * entries + Math.max(1, own.length));
    nearestLevels(planes[c]!, stored, symbols.subarray(c * n, (c + 1) * n));
  });
  const sectionBits = indexBits(entries);
  return { group, encoding: Encoding.Codebook, bits: sectionBits, components, entries, table, sections: [{ bits: sectionBits, planes: components, count: n, symbols }] };
}

/** Smallest-three: a 2-bit plane of the largest component's index, then three planes of the others. */
function encodeSmallestThree(scene: SplatScene, bits: number, indices: Uint32Array | undefined): EncodedStream {
  const n = indices?.length ?? scene.count;
  const largest = new Uint16Array(n), others = new Uint16Array(3 * n);
  const q = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    normalizedQuaternion(scene.rotations, indices?.[i] ?? i, q);
    const big = largestComponent(q);
    const sign = q[big]! < 0 ? -1 : 1;
    largest[i] = big;
    for (let k = 0, slot = 0; k < 4; k++) {
      if (k === big) continue;
      if (bits > 0) others[slot * n + i] = quantize(sign * q[k]!, -ROTATION_RANGE, ROTATION_RANGE, bits);
      slot++;
    }
  }
  const sections: SymbolSection[] = [{ bits: 2, planes: 1, count: n, symbols: largest }];
  if (bits > 0) sections.push({ bits, planes: 3, count: n, symbols: others });
  return { group: Group.Rotations, encoding: Encoding.SmallestThree, bits, components: 4, entries: 0, table: new Float32Array(0), sections };
}

/**
 * SH rest bands as one vector per splat. Entries 1…K are level `level` of the nested codebook,
 * stored at CENTROID_BITS per coefficient over a (min, max) per coefficient (the table); index 0
 * means "no rest bands", given to the `none` fraction of splats whose rest bands show least
 * (weight × Σ coefficient², the mean square of their view-dependent colour over all directions).
 */
function encodeRestVectors(scene: SplatScene, level: number, none: number, context: EncodeContext): EncodedStream {
  const { indices } = context;
  const n = indices?.length ?? scene.count, dim = 3 * shRestPerChannel(scene.shDegree);
  // a codebook or labels made here are of the encoded splats' own vectors, gathered once (a fit passes both: it never gets here)
  let selected: Float32Array | undefined;
  const vectors = (): Float32Array => (indices === undefined ? scene.shRest : (selected ??= selectRows(scene.shRest, indices, dim)));
  const codebook = context.shCodebook ?? learnNestedCodebook(vectors(), dim, context.weights ?? null);
  const at = Math.max(0, Math.min(level, codebook.levels.length - 1));
  const { size: entries, centroids } = codebook.levels[at]!;
  const labels = context.restLabels?.(at) ?? assignNested(codebook, at, vectors());
  const index = new Uint16Array(n);
  for (let i = 0; i < n; i++) index[i] = labels[i]! + 1;
  for (const i of leastShown(scene.shRest, dim, indices, context.weights, Math.round(none * n))) index[i] = 0;
  const table = new Float32Array(dim * 2);
  const stored = new Uint16Array(dim * entries);
  for (let d = 0; d < dim; d++) {
    let min = Infinity, max = -Infinity;
    for (let e = 0; e < entries; e++) {
      const v = centroids[e * dim + d]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    table[d] = min;
    table[dim + d] = max;
    for (let e = 0; e < entries; e++) stored[d * entries + e] = quantize(centroids[e * dim + d]!, table[d]!, table[dim + d]!, CENTROID_BITS);
  }
  const bits = indexBits(entries + 1);
  return {
    group: Group.ShRest, encoding: Encoding.VectorCodebook, bits, components: dim, entries, table,
    sections: [{ bits: CENTROID_BITS, planes: dim, count: entries, symbols: stored }, { bits, planes: 1, count: n, symbols: index }],
  };
}

/** The `count` encoded splats (rows `indices` of `rest`, or all of them) whose rest bands show least. */
function leastShown(rest: Float32Array, dim: number, indices: Uint32Array | undefined, weights: Float32Array | undefined, count: number): Uint32Array {
  if (count <= 0) return new Uint32Array(0);
  const n = indices?.length ?? rest.length / dim;
  const score = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const row = (indices?.[i] ?? i) * dim;
    let energy = 0;
    for (let d = 0; d < dim; d++) energy += rest[row + d]! ** 2;
    score[i] = energy * (weights === undefined ? 1 : weights[i]!);
  }
  return lowestScores(score, Math.min(count, n));
}

/**
 * Indices of the `count` lowest scores, ties to the lower index, in index order: the k-th lowest
 * from a native numeric sort of a copy, then one pass (an index sort with a comparator closure
 * took a second on 500k splats).
 */
function lowestScores(score: Float32Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  if (count === 0) return out;
  const threshold = score.slice().sort()[count - 1]!;
  let below = 0;
  for (let i = 0; i < score.length; i++) if (score[i]! < threshold) below++;
  let n = 0, ties = count - below;
  for (let i = 0; i < score.length && n < count; i++) {
    const s = score[i]!;
    if (s < threshold) out[n++] = i;
    else if (s === threshold && ties > 0) { out[n++] = i; ties--; }
  }
  return out;
}

export const componentsOf = (group: number, shDegree: number): number => (group === Group.ShRest ? 3 * shRestPerChannel(shDegree) : GROUP_COMPONENTS[group]!);
