/** Morton (Z-order) ordering of splat centres, so nearby splats sit together in the file. */
import { computeBounds, type SplatScene } from '../../scene/splat-scene.ts';

/** Spreads the low 10 bits of v so that bit i moves to bit 3i. */
function spread10(v: number): number {
  let x = v & 0x3ff;
  x = (x | (x << 16)) & 0x030000ff;
  x = (x | (x << 8)) & 0x0300f00f;
  x = (x | (x << 4)) & 0x030c30c3;
  x = (x | (x << 2)) & 0x09249249;
  return x;
}

/** Splat indices sorted by the 30-bit Morton code of their centres (ties keep index order). */
export function mortonOrder(scene: SplatScene): Uint32Array {
  const { min, max } = computeBounds(scene);
  const scale = [0, 1, 2].map((k) => (max[k]! > min[k]! ? 1023 / (max[k]! - min[k]!) : 0));
  const codes = new Uint32Array(scene.count);
  for (let i = 0; i < scene.count; i++) {
    let code = 0;
    for (let k = 0; k < 3; k++) code |= spread10(Math.floor((scene.positions[i * 3 + k]! - min[k]!) * scale[k]!)) << k;
    codes[i] = code >>> 0;
  }
  const order = new Uint32Array(scene.count).map((_, i) => i);
  return order.sort((a, b) => codes[a]! - codes[b]! || a - b);
}
