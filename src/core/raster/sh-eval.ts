/**
 * Evaluates view-dependent colour from spherical harmonics, with the real SH basis constants of
 * the reference 3DGS renderer (degree ≤ 3): colour = Σ c_lm · Y_lm(dir) + 0.5, clamped at 0.
 */
import { SH_C0 } from '../scene/sh.ts';

export const SH_C1 = 0.4886025119029199;
export const SH_C2 = [1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396] as const;
export const SH_C3 = [
  -0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154, -0.4570457994644658, 1.445305721320277,
  -0.5900435899266435,
] as const;

/** Fills `basis` (length (d+1)²−1) with the rest basis functions for a unit direction. */
export function shRestBasis(degree: number, x: number, y: number, z: number, basis: Float64Array): void {
  if (degree < 1) return;
  basis[0] = -SH_C1 * y;
  basis[1] = SH_C1 * z;
  basis[2] = -SH_C1 * x;
  if (degree < 2) return;
  const xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
  basis[3] = SH_C2[0] * xy;
  basis[4] = SH_C2[1] * yz;
  basis[5] = SH_C2[2] * (2 * zz - xx - yy);
  basis[6] = SH_C2[3] * xz;
  basis[7] = SH_C2[4] * (xx - yy);
  if (degree < 3) return;
  basis[8] = SH_C3[0] * y * (3 * xx - yy);
  basis[9] = SH_C3[1] * xy * z;
  basis[10] = SH_C3[2] * y * (4 * zz - xx - yy);
  basis[11] = SH_C3[3] * z * (2 * zz - 3 * xx - 3 * yy);
  basis[12] = SH_C3[4] * x * (4 * zz - xx - yy);
  basis[13] = SH_C3[5] * z * (xx - yy);
  basis[14] = SH_C3[6] * x * (xx - 3 * yy);
}

/** Colour channel value: 0.5 + SH_C0·dc + Σ rest·basis, clamped at 0 (as the reference does). */
export function shChannel(dc: number, rest: Float32Array, restOffset: number, count: number, basis: Float64Array): number {
  let v = 0.5 + SH_C0 * dc;
  for (let k = 0; k < count; k++) v += rest[restOffset + k]! * basis[k]!;
  return v > 0 ? v : 0;
}
