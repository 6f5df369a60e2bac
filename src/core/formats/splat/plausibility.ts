/**
 * What a `.splat` row of a real scene looks like, so random bytes (or another format named `.splat`)
 * are told from a scene: 100 KB of random bytes otherwise reads as hundreds of splats at ±10³⁸.
 * The bounds are far outside any captured scene (metres; trained scales stay within e^±15) and far
 * inside what random float32s give (their exponents spread over 10^±38).
 */
import { SPLAT_ROTATION_OFFSET, SPLAT_ROW_BYTES, SPLAT_SCALE_OFFSET } from './constants.ts';

export const SPLAT_PLAUSIBILITY = {
  /** |x|, |y|, |z| above this (a thousand kilometres) is no scene. */
  maxPosition: 1e6,
  /** Linear scales outside this range (e^−28 … a thousand kilometres) are no splat. */
  minScale: 1e-12,
  maxScale: 1e6,
  /** A file with more than this share of implausible rows is refused. */
  maxImplausibleShare: 0.5,
} as const;

/** The unit rotation byte: (b − 128) / 128 = 0. Four of them are a zero quaternion, no rotation. */
const ZERO_COMPONENT = 128;

/** True when row `i` has a position, scale or rotation no real scene has (NaN and infinities included). */
export function implausibleRow(floats: Float32Array, bytes: Uint8Array, i: number): boolean {
  const f = (i * SPLAT_ROW_BYTES) / 4;
  for (let k = 0; k < 3; k++) {
    const p = floats[f + k]!;
    if (!(Math.abs(p) <= SPLAT_PLAUSIBILITY.maxPosition)) return true;
    const s = floats[f + SPLAT_SCALE_OFFSET / 4 + k]!;
    if (!(s >= SPLAT_PLAUSIBILITY.minScale && s <= SPLAT_PLAUSIBILITY.maxScale)) return true;
  }
  const r = i * SPLAT_ROW_BYTES + SPLAT_ROTATION_OFFSET;
  return bytes[r] === ZERO_COMPONENT && bytes[r + 1] === ZERO_COMPONENT && bytes[r + 2] === ZERO_COMPONENT && bytes[r + 3] === ZERO_COMPONENT;
}
