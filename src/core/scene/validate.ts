/**
 * Finds splats that cannot be rendered: any NaN or infinite value, or a zero-length rotation.
 *
 * Readers call this after decoding. Such splats are reported and then dropped (the default) or the
 * whole file is refused; they are never passed on silently, since one NaN centre can blank a frame.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import { selectSplats, type SplatScene } from './splat-scene.ts';
import { shRestPerChannel } from './sh.ts';

export type NonFinitePolicy = 'drop' | 'refuse';

export interface InvalidSplatReport {
  /** How many splats had a non-finite value or a zero rotation. */
  readonly invalidCount: number;
  /** Index (in the file) of the first such splat, or -1. */
  readonly firstInvalid: number;
}

/** Marks invalid splats in a byte mask (1 = invalid) and counts them. */
export function findInvalidSplats(scene: SplatScene): { mask: Uint8Array; report: InvalidSplatReport } {
  const mask = new Uint8Array(scene.count);
  markNonFinite(scene.positions, 3, mask);
  markNonFinite(scene.logScales, 3, mask);
  markNonFinite(scene.rotations, 4, mask);
  markNonFinite(scene.opacities, 1, mask);
  markNonFinite(scene.shDc, 3, mask);
  const rest = shRestPerChannel(scene.shDegree) * 3;
  if (rest > 0) markNonFinite(scene.shRest, rest, mask);
  markZeroRotations(scene.rotations, mask);
  let invalidCount = 0;
  let firstInvalid = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 1) {
      if (firstInvalid < 0) firstInvalid = i;
      invalidCount++;
    }
  }
  return { mask, report: { invalidCount, firstInvalid } };
}

function markNonFinite(values: Float32Array, stride: number, mask: Uint8Array): void {
  for (let splat = 0, i = 0; splat < mask.length; splat++) {
    // x − x is 0 for finite x and NaN for NaN and ±Infinity, so a sum of them is 0 only when all
    // are finite: one test per splat instead of one per value.
    let sum = 0;
    for (const end = i + stride; i < end; i++) sum += values[i]! - values[i]!;
    if (sum !== 0) mask[splat] = 1;
  }
}

function markZeroRotations(rotations: Float32Array, mask: Uint8Array): void {
  for (let i = 0; i < mask.length; i++) {
    const o = i * 4;
    const w = rotations[o]!, x = rotations[o + 1]!, y = rotations[o + 2]!, z = rotations[o + 3]!;
    if (w * w + x * x + y * y + z * z === 0) mask[i] = 1;
  }
}

/**
 * Applies the policy: returns the scene unchanged when all splats are valid, a scene without the
 * invalid ones under 'drop', and throws under 'refuse'. Throws EMPTY_SCENE when nothing is left.
 */
export function enforceFiniteSplats(
  scene: SplatScene,
  policy: NonFinitePolicy,
  file: string,
): { scene: SplatScene; report: InvalidSplatReport } {
  const { mask, report } = findInvalidSplats(scene);
  if (report.invalidCount === 0) return { scene, report };
  if (policy === 'refuse') {
    throw new SplatfitError(
      ErrorCode.NonFinite,
      `${report.invalidCount} of ${scene.count} splats have NaN/infinite values or a zero rotation; expected finite values (first at splat ${report.firstInvalid})`,
      { file },
    );
  }
  if (report.invalidCount === scene.count) {
    throw new SplatfitError(ErrorCode.EmptyScene, `all ${scene.count} splats have NaN/infinite values or a zero rotation`, { file });
  }
  const keep = new Uint32Array(scene.count - report.invalidCount);
  let k = 0;
  for (let i = 0; i < scene.count; i++) if (mask[i] === 0) keep[k++] = i;
  return { scene: selectSplats(scene, keep), report };
}
