/**
 * SH bands coded by a uniform range each, held as each coefficient's step in its range
 * (drawn-scene.ts SteppedRest) instead of as decoded floats: 1 B a coefficient up to 8 bits
 * instead of 4. The arithmetic is applyRanges' (apply-coding.ts) on the kept splats, read where
 * they lie in the scene, so the values drawn are the decoded file's bit for bit.
 */
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import type { CodingGroup } from '../formats/splatfit/write.ts';
import { quantizeToLevels } from '../math/scalar.ts';
import type { SteppedRest } from '../scene/drawn-scene.ts';
import { canShareScenes } from '../scene/shared-scene.ts';
import { shRestPerChannel } from '../scene/sh.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

const BAND_GROUPS = ['shBand1', 'shBand2', 'shBand3'] as const;

/**
 * The bands up to `degree` of the splats `indices` of `source` (every splat when null), stepped as
 * `codings` code them; null when a band is coded otherwise (float32: nothing to step) or missing.
 * `shared`: the steps in shared memory, for a scene another thread will render too.
 */
export function steppedRest(
  source: SplatScene, indices: Uint32Array | null, codings: ReadonlyMap<CodingGroup, GroupCoding>, degree: number, shared = false,
): SteppedRest | null {
  const bits: number[] = [];
  for (const group of BAND_GROUPS.slice(0, degree)) {
    const coding = codings.get(group);
    if (coding?.kind !== 'uniform') return null;
    bits.push(coding.bits);
  }
  if (bits.length === 0) return null;
  const count = indices?.length ?? source.count;
  const per = shRestPerChannel(degree), width = 3 * per, sourceWidth = 3 * shRestPerChannel(source.shDegree);
  const wide = bits.some((b) => b > 8), length = count * width;
  const memory = shared && canShareScenes() ? new SharedArrayBuffer(length * (wide ? 2 : 1)) : new ArrayBuffer(length * (wide ? 2 : 1));
  const steps = wide ? new Uint16Array(memory) : new Uint8Array(memory);
  // where drawn column c sits in a source row (which holds the source's degree), and its band's bits
  const from = new Uint32Array(width), depth = new Uint8Array(width);
  for (let c = 0; c < width; c++) {
    const channel = Math.floor(c / per), k = c % per;
    from[c] = channel * (sourceWidth / 3) + k;
    // coefficient k of a channel is in band ⌊√(k + 1)⌋
    depth[c] = bits[Math.floor(Math.sqrt(k + 1)) - 1]!;
  }
  const { low, high } = extremes(source.shRest, sourceWidth, from, indices, count);
  const ranges = new Float64Array(2 * width);
  for (let c = 0; c < width; c++) {
    // no bits: a dropped band, no view-dependent colour at all (0 + 0 · 0)
    if (depth[c] === 0) continue;
    ranges[2 * c] = low[c]!;
    ranges[2 * c + 1] = (high[c]! - low[c]!) / (2 ** depth[c]! - 1);
  }
  // row by row, every column at once: a pass per column would stride through the rows each time
  stepRows(source.shRest, sourceWidth, from, depth, low, high, indices, count, steps);
  return { steps, ranges };
}

/** Each column's least and greatest value over the splats (float32, as the coding stores its range). */
function extremes(rest: Float32Array, sourceWidth: number, from: Uint32Array, indices: Uint32Array | null, count: number): { low: Float64Array; high: Float64Array } {
  const width = from.length;
  const low = new Float64Array(width).fill(Infinity), high = new Float64Array(width).fill(-Infinity);
  for (let i = 0; i < count; i++) {
    const row = (indices === null ? i : indices[i]!) * sourceWidth;
    for (let c = 0; c < width; c++) {
      const v = rest[row + from[c]!]!;
      if (v < low[c]!) low[c] = v;
      if (v > high[c]!) high[c] = v;
    }
  }
  for (let c = 0; c < width; c++) {
    low[c] = Math.fround(low[c]!);
    high[c] = Math.fround(high[c]!);
  }
  return { low, high };
}

/** Each splat's columns stepped in their ranges, each column's level count found once (a power per value made this four times slower). */
function stepRows(
  rest: Float32Array, sourceWidth: number, from: Uint32Array, depth: Uint8Array, low: Float64Array, high: Float64Array, indices: Uint32Array | null, count: number,
  steps: Uint8Array | Uint16Array,
): void {
  const width = from.length;
  const levels = Float64Array.from(depth, (bits) => 2 ** bits - 1);
  for (let i = 0; i < count; i++) {
    const row = (indices === null ? i : indices[i]!) * sourceWidth;
    for (let c = 0; c < width; c++) {
      // no bits: a dropped band, step 0 as the steps start
      if (levels[c] !== 0) steps[i * width + c] = quantizeToLevels(rest[row + from[c]!]!, low[c]!, high[c]!, levels[c]!);
    }
  }
}
