/**
 * Smallest-three quaternion helpers shared by the formats that store rotations that way
 * (PlayCanvas compressed PLY, SOG, SPZ v3+): three components are stored, the largest-magnitude
 * one is rebuilt from unit length and taken as positive (q and −q are the same rotation).
 */

/**
 * Writes a quaternion into `dest[o..o+3]` (w,x,y,z order), putting `largest` at index `largestIndex`
 * and `a`, `b`, `c` into the other three slots in increasing index order.
 */
export function placeSmallestThree(
  dest: Float32Array, o: number, largestIndex: number, a: number, b: number, c: number,
): void {
  const largest = Math.sqrt(Math.max(0, 1 - (a * a + b * b + c * c)));
  switch (largestIndex) {
    case 0: dest[o] = largest; dest[o + 1] = a; dest[o + 2] = b; dest[o + 3] = c; break;
    case 1: dest[o] = a; dest[o + 1] = largest; dest[o + 2] = b; dest[o + 3] = c; break;
    case 2: dest[o] = a; dest[o + 1] = b; dest[o + 2] = largest; dest[o + 3] = c; break;
    default: dest[o] = a; dest[o + 1] = b; dest[o + 2] = c; dest[o + 3] = largest; break;
  }
}

/** Normalizes quaternion i of a w,x,y,z array into `out` (identity for a zero quaternion). */
export function normalizedQuaternion(rotations: Float32Array, i: number, out: Float64Array): void {
  const o = i * 4;
  const w = rotations[o]!, x = rotations[o + 1]!, y = rotations[o + 2]!, z = rotations[o + 3]!;
  const n = Math.sqrt(w * w + x * x + y * y + z * z);
  if (n === 0) { out[0] = 1; out[1] = 0; out[2] = 0; out[3] = 0; return; }
  out[0] = w / n; out[1] = x / n; out[2] = y / n; out[3] = z / n;
}

/** Index (w,x,y,z order) of the largest-magnitude component: the one smallest-three leaves out. */
export function largestComponent(q: Float64Array): number {
  let largest = 0;
  for (let k = 1; k < 4; k++) if (Math.abs(q[k]!) > Math.abs(q[largest]!)) largest = k;
  return largest;
}
