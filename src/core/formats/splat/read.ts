/**
 * Reader for antimatter15 `.splat` files; layout in ./constants.ts and docs/formats.md.
 *
 * `.splat` has no header or signature: any bytes in multiples of 32 parse. So rows are checked for
 * plausibility, and a file most of whose rows no real scene has (random bytes, another format named
 * `.splat`) is refused rather than read as noise. A file cut on a row boundary cannot be detected.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { type ByteSource, readAll } from '../../io/byte-source.ts';
import { logit } from '../../math/scalar.ts';
import { SH_C0 } from '../../scene/sh.ts';
import { allocateScene, type SplatScene } from '../../scene/splat-scene.ts';
import { SPLAT_COLOR_OFFSET, SPLAT_ROTATION_OFFSET, SPLAT_ROW_BYTES, SPLAT_SCALE_OFFSET } from './constants.ts';
import { implausibleRow, SPLAT_PLAUSIBILITY } from './plausibility.ts';

export async function readSplat(source: ByteSource): Promise<SplatScene> {
  if (source.size % SPLAT_ROW_BYTES !== 0) {
    throw new SplatfitError(ErrorCode.Truncated, `.splat size ${source.size} is not a multiple of its ${SPLAT_ROW_BYTES}-byte rows`, {
      file: source.name,
    });
  }
  const bytes = await readAll(source);
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const count = aligned.length / SPLAT_ROW_BYTES;
  const floats = new Float32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
  refuseImplausible(floats, aligned, count, source.name);
  const scene = allocateScene(count, 0);
  const rowFloats = SPLAT_ROW_BYTES / 4;
  for (let i = 0; i < count; i++) {
    const f = i * rowFloats;
    const o = i * SPLAT_ROW_BYTES;
    for (let k = 0; k < 3; k++) {
      scene.positions[i * 3 + k] = floats[f + k]!;
      const s = floats[f + SPLAT_SCALE_OFFSET / 4 + k]!;
      scene.logScales[i * 3 + k] = s > 0 ? Math.log(s) : s === 0 ? -Infinity : NaN;
      scene.shDc[i * 3 + k] = (aligned[o + SPLAT_COLOR_OFFSET + k]! / 255 - 0.5) / SH_C0;
    }
    scene.opacities[i] = logit(aligned[o + SPLAT_COLOR_OFFSET + 3]! / 255);
    for (let k = 0; k < 4; k++) scene.rotations[i * 4 + k] = (aligned[o + SPLAT_ROTATION_OFFSET + k]! - 128) / 128;
  }
  return scene;
}

/** Refuses the file (BAD_VALUE) when more than half of its rows are implausible. */
function refuseImplausible(floats: Float32Array, bytes: Uint8Array, count: number, file: string): void {
  let implausible = 0, first = -1;
  for (let i = 0; i < count; i++) {
    if (!implausibleRow(floats, bytes, i)) continue;
    implausible++;
    if (first < 0) first = i;
  }
  if (implausible <= count * SPLAT_PLAUSIBILITY.maxImplausibleShare) return;
  const { maxPosition, minScale, maxScale } = SPLAT_PLAUSIBILITY;
  throw new SplatfitError(
    ErrorCode.BadValue,
    `${implausible} of ${count} rows hold values no scene has (positions beyond ±${maxPosition}, scales outside ${minScale}–${maxScale}, or a zero rotation; `
      + `first at row ${first}): this is not a .splat file, or it is corrupt`,
    { file, offset: first * SPLAT_ROW_BYTES },
  );
}
