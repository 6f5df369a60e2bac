/** A splat's 3D covariance, Σ = M·Mᵀ with M = R(q)·diag(e^s), as the reference 3DGS renderer builds it. */

/** Writes Σ00, Σ01, Σ02, Σ11, Σ12, Σ22 of splat i into out[o..o+5]; the quaternion (w,x,y,z) is normalized first. */
export function covariance3d(rotations: Float32Array, logScales: Float32Array, i: number, out: Float64Array | Float32Array, o = 0): void {
  let qw = rotations[i * 4]!, qx = rotations[i * 4 + 1]!, qy = rotations[i * 4 + 2]!, qz = rotations[i * 4 + 3]!;
  const qn = Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz) || 1;
  qw /= qn; qx /= qn; qy /= qn; qz /= qn;
  const sx = Math.exp(logScales[i * 3]!), sy = Math.exp(logScales[i * 3 + 1]!), sz = Math.exp(logScales[i * 3 + 2]!);
  const m00 = (1 - 2 * (qy * qy + qz * qz)) * sx, m01 = 2 * (qx * qy - qw * qz) * sy, m02 = 2 * (qx * qz + qw * qy) * sz;
  const m10 = 2 * (qx * qy + qw * qz) * sx, m11 = (1 - 2 * (qx * qx + qz * qz)) * sy, m12 = 2 * (qy * qz - qw * qx) * sz;
  const m20 = 2 * (qx * qz - qw * qy) * sx, m21 = 2 * (qy * qz + qw * qx) * sy, m22 = (1 - 2 * (qx * qx + qy * qy)) * sz;
  out[o] = m00 * m00 + m01 * m01 + m02 * m02;
  out[o + 1] = m00 * m10 + m01 * m11 + m02 * m12;
  out[o + 2] = m00 * m20 + m01 * m21 + m02 * m22;
  out[o + 3] = m10 * m10 + m11 * m11 + m12 * m12;
  out[o + 4] = m10 * m20 + m11 * m21 + m12 * m22;
  out[o + 5] = m20 * m20 + m21 * m21 + m22 * m22;
}
