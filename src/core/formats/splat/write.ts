/** Writer for antimatter15 `.splat` files; layout in ./constants.ts. SH above degree 0 is dropped. */
import { normalizedQuaternion } from '../../math/quaternion.ts';
import { sigmoid, toByte } from '../../math/scalar.ts';
import { SH_C0 } from '../../scene/sh.ts';
import type { SplatScene } from '../../scene/splat-scene.ts';
import { SPLAT_COLOR_OFFSET, SPLAT_ROTATION_OFFSET, SPLAT_ROW_BYTES, SPLAT_SCALE_OFFSET } from './constants.ts';


export function writeSplat(scene: SplatScene): Uint8Array {
  const out = new Uint8Array(scene.count * SPLAT_ROW_BYTES);
  const floats = new Float32Array(out.buffer);
  const q = new Float64Array(4);
  const rowFloats = SPLAT_ROW_BYTES / 4;
  for (let i = 0; i < scene.count; i++) {
    const f = i * rowFloats;
    const o = i * SPLAT_ROW_BYTES;
    for (let k = 0; k < 3; k++) {
      floats[f + k] = scene.positions[i * 3 + k]!;
      floats[f + SPLAT_SCALE_OFFSET / 4 + k] = Math.exp(scene.logScales[i * 3 + k]!);
      out[o + SPLAT_COLOR_OFFSET + k] = toByte((0.5 + SH_C0 * scene.shDc[i * 3 + k]!) * 255);
    }
    out[o + SPLAT_COLOR_OFFSET + 3] = toByte(sigmoid(scene.opacities[i]!) * 255);
    normalizedQuaternion(scene.rotations, i, q);
    for (let k = 0; k < 4; k++) out[o + SPLAT_ROTATION_OFFSET + k] = toByte(q[k]! * 128 + 128);
  }
  return out;
}
