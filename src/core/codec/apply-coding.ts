/**
 * A scene with one attribute group passed through its `.splatfit` coding and back, everything
 * else untouched: exactly the loss that group's coding causes (for sensitivities, the distortion
 * model, the colour re-fit and the page's previews). The result shares the untouched arrays with
 * the input.
 */
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import { bandCoefficients, bandOffset, Group, ROTATION_RANGE } from '../formats/splatfit/constants.ts';
import { decodeGroup } from '../formats/splatfit/decode-group.ts';
import { type EncodeContext, encodeGroup } from '../formats/splatfit/encode-group.ts';
import { largestComponent, normalizedQuaternion, placeSmallestThree } from '../math/quaternion.ts';
import { quantize } from '../math/scalar.ts';
import { shRestPerChannel } from '../scene/sh.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

/** Where a coded array is made: ordinary memory, or shared memory for a result another thread will read (sharedFloat32Array). */
export type FloatAllocator = (length: number) => Float32Array;

/** Coded arrays in ordinary memory, the default. */
export const ordinaryFloat32Array: FloatAllocator = (length) => new Float32Array(length);

/**
 * `owned`: arrays of `scene` that the caller made for this result and nobody else holds (a chain
 * of codings over one scene: SH bands share one array), changed in place instead of copied again.
 * `allocate` makes the arrays that are copied or new.
 */
export function applyCoding(
  scene: SplatScene, group: number, coding: GroupCoding, context: EncodeContext, owned?: ReadonlySet<Float32Array>, allocate: FloatAllocator = ordinaryFloat32Array,
): SplatScene {
  const ranges = coding.kind === 'uniform' || coding.kind === 'chunked';
  if (ranges && group !== Group.Rotations && group !== Group.Opacity && group !== Group.ShRest) {
    return applyRanges(scene, group, coding.bits, coding.kind === 'chunked' ? context.chunkSize : scene.count, owned, allocate);
  }
  // every stored rotation coding but float32 is smallest-three at the coding's bits
  if (group === Group.Rotations && coding.kind !== 'float' && coding.kind !== 'vq') return applySmallestThree(scene, coding.bits, owned, allocate);
  return applyByStream(scene, group, coding, context, owned, allocate);
}

/**
 * Smallest-three rotations, the arithmetic of encode-group.ts's and decode-group.ts's in one pass:
 * the three smaller components of each normalized quaternion quantized over ±√½ and placed back,
 * the largest rebuilt from unit length, without symbol planes (a tenth of a 500k preview).
 */
function applySmallestThree(scene: SplatScene, bits: number, owned: ReadonlySet<Float32Array> | undefined, allocate: FloatAllocator): SplatScene {
  const source = scene.rotations;
  // in place is safe: each quaternion is read whole before its four values are written
  const out = owned?.has(source) === true ? source : allocate(source.length);
  const step = bits > 0 ? (2 * ROTATION_RANGE) / (2 ** bits - 1) : 0;
  const q = new Float64Array(4), kept = new Float64Array(3);
  for (let i = 0; i < scene.count; i++) {
    normalizedQuaternion(source, i, q);
    const big = largestComponent(q);
    const sign = q[big]! < 0 ? -1 : 1;
    for (let k = 0, slot = 0; k < 4; k++) {
      if (k === big) continue;
      // bits = 0 stores nothing: each component is its range's middle, 0
      kept[slot++] = bits > 0 ? -ROTATION_RANGE + quantize(sign * q[k]!, -ROTATION_RANGE, ROTATION_RANGE, bits) * step : 0;
    }
    placeSmallestThree(out, i * 4, big, kept[0]!, kept[1]!, kept[2]!);
  }
  return { ...scene, rotations: out };
}

/** Any coding, the long way: the group's stream encoded, then decoded into copies of its arrays. */
export function applyByStream(
  scene: SplatScene, group: number, coding: GroupCoding, context: EncodeContext, owned?: ReadonlySet<Float32Array>, allocate: FloatAllocator = ordinaryFloat32Array,
): SplatScene {
  const stream = encodeGroup(scene, group, coding, context);
  const out: SplatScene = {
    ...scene,
    positions: group === Group.Positions ? allocate(scene.positions.length) : scene.positions,
    logScales: group === Group.LogScales ? allocate(scene.logScales.length) : scene.logScales,
    rotations: group === Group.Rotations ? allocate(scene.rotations.length) : scene.rotations,
    opacities: group === Group.Opacity ? allocate(scene.opacities.length) : scene.opacities,
    shDc: group === Group.ShDc ? allocate(scene.shDc.length) : scene.shDc,
    // SH bands share one array: copy it, then overwrite the band's coefficients.
    shRest: group > Group.ShDc && owned?.has(scene.shRest) !== true ? copyOf(scene.shRest, allocate) : scene.shRest,
  };
  decodeGroup(stream, stream.table, stream.sections, out, context.chunkSize);
  return out;
}

/**
 * Uniform steps over each run's (min, max) — a whole-scene run or chunks of `span` splats — done
 * in place on a copy of the group's array: the arithmetic of encode-group.ts's ranges (float32
 * bounds, quantize) and decode-group.ts's steps, without symbol planes or a second pass. Five
 * times faster on an SH band of 500k splats, where the previews spend most of their time.
 */
function applyRanges(scene: SplatScene, group: number, bits: number, span: number, owned: ReadonlySet<Float32Array> | undefined, allocate: FloatAllocator): SplatScene {
  const { values, stride, offsets, name } = groupArray(scene, group, owned, allocate);
  const n = scene.count, levels = 2 ** bits - 1, components = offsets.length;
  const low = new Float64Array(components), high = new Float64Array(components), step = new Float64Array(components);
  // row by row, every component at once: a pass per component would stride through the whole array each time
  for (let first = 0; first < n; first += span) {
    const end = Math.min(n, first + span);
    low.fill(Infinity);
    high.fill(-Infinity);
    for (let row = first * stride; row < end * stride; row += stride) {
      for (let c = 0; c < components; c++) {
        const v = values[row + offsets[c]!]!;
        if (v < low[c]!) low[c] = v;
        if (v > high[c]!) high[c] = v;
      }
    }
    for (let c = 0; c < components; c++) {
      low[c] = Math.fround(low[c]!);
      high[c] = Math.fround(high[c]!);
      step[c] = (high[c]! - low[c]!) / levels;
    }
    for (let c = 0; c < components; c++) {
      // no bits: the range's middle, except a dropped SH band, which is no view-dependent colour at all
      if (bits === 0) for (let at = first * stride + offsets[c]!; at < end * stride; at += stride) values[at] = group > Group.ShDc ? 0 : (low[c]! + high[c]!) / 2;
    }
    if (bits === 0) continue;
    for (let row = first * stride; row < end * stride; row += stride) {
      for (let c = 0; c < components; c++) {
        const at = row + offsets[c]!;
        values[at] = low[c]! + quantize(values[at]!, low[c]!, high[c]!, bits) * step[c]!;
      }
    }
  }
  return { ...scene, [name]: values };
}

/**
 * The array holding `group` (a copy, unless `owned` holds it), where its components sit (offsets,
 * one row of `stride` values per splat).
 */
function groupArray(
  scene: SplatScene, group: number, owned: ReadonlySet<Float32Array> | undefined, allocate: FloatAllocator,
): { values: Float32Array; stride: number; offsets: number[]; name: 'positions' | 'logScales' | 'shDc' | 'shRest' } {
  const own = (array: Float32Array): Float32Array => (owned?.has(array) === true ? array : copyOf(array, allocate));
  switch (group) {
    case Group.Positions: return { values: own(scene.positions), stride: 3, offsets: [0, 1, 2], name: 'positions' };
    case Group.LogScales: return { values: own(scene.logScales), stride: 3, offsets: [0, 1, 2], name: 'logScales' };
    case Group.ShDc: return { values: own(scene.shDc), stride: 3, offsets: [0, 1, 2], name: 'shDc' };
    default: {
      const band = group - Group.ShDc, per = bandCoefficients(band), rest = shRestPerChannel(scene.shDegree);
      const offsets = [0, 1, 2].flatMap((channel) => Array.from({ length: per }, (_, k) => channel * rest + bandOffset(band) + k));
      return { values: own(scene.shRest), stride: 3 * rest, offsets, name: 'shRest' };
    }
  }
}

function copyOf(array: Float32Array, allocate: FloatAllocator): Float32Array {
  const out = allocate(array.length);
  out.set(array);
  return out;
}
