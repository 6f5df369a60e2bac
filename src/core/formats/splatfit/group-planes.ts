/**
 * An attribute group's values as the format stores them, one plane (Float32Array of `count`) per
 * component: positions, log-scales, rotations as stored, opacity as **alpha** (sigmoid of the
 * logit; `asStored = false` gives the logit, what float32 streams keep), SH DC, and each SH band's
 * coefficients channel-major (component = channel × (2n + 1) + coefficient). Planes are extracted
 * once per encode so the quantizers loop over flat arrays. `indices` extracts those splats of the
 * scene, in that order (a fit's kept splats, read in place).
 */
import { logit, sigmoid } from '../../math/scalar.ts';
import { shRestPerChannel } from '../../scene/sh.ts';
import type { SplatScene } from '../../scene/splat-scene.ts';
import { bandCoefficients, bandOffset, Group } from './constants.ts';

export function groupPlanes(scene: SplatScene, group: number, asStored = true, indices?: Uint32Array): Float32Array[] {
  const n = indices?.length ?? scene.count;
  const strided = (source: Float32Array, stride: number, components: number): Float32Array[] => {
    const planes = planeBlock(components, n);
    for (let c = 0; c < components; c++) {
      const plane = planes[c]!;
      if (indices === undefined) for (let i = 0; i < n; i++) plane[i] = source[i * stride + c]!;
      else for (let i = 0; i < n; i++) plane[i] = source[indices[i]! * stride + c]!;
    }
    return planes;
  };
  switch (group) {
    case Group.Positions: return strided(scene.positions, 3, 3);
    case Group.LogScales: return strided(scene.logScales, 3, 3);
    case Group.Rotations: return strided(scene.rotations, 4, 4);
    case Group.ShDc: return strided(scene.shDc, 3, 3);
    case Group.Opacity: {
      const plane = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const value = scene.opacities[indices?.[i] ?? i]!;
        plane[i] = asStored ? sigmoid(value) : value;
      }
      return [plane];
    }
    default: {
      const band = group - Group.ShDc, per = bandCoefficients(band), rest = shRestPerChannel(scene.shDegree);
      const planes = planeBlock(3 * per, n);
      for (let ch = 0; ch < 3; ch++) {
        for (let k = 0; k < per; k++) {
          const plane = planes[ch * per + k]!, offset = ch * rest + bandOffset(band) + k;
          for (let i = 0; i < n; i++) plane[i] = scene.shRest[(indices?.[i] ?? i) * 3 * rest + offset]!;
        }
      }
      return planes;
    }
  }
}

/**
 * `count` planes of `n` values in one block: an encode or a decode makes them for every group, and
 * a plane of a few MB each, allocated and freed apart, was left resident by the allocator's
 * per-thread heaps on multi-million-splat scenes; one block is mapped and returned whole. Zeros, in
 * `room` where it holds them (a caller's scratch, reused).
 */
export function planeBlock(count: number, n: number, room?: Float32Array): Float32Array[] {
  const block = room !== undefined && room.length >= count * n ? room.fill(0, 0, count * n) : new Float32Array(count * n);
  return Array.from({ length: count }, (_, c) => block.subarray(c * n, (c + 1) * n));
}

/** Writes planes made by groupPlanes back into the scene (alpha back to its logit unless `asStored` is false). */
export function setGroupPlanes(scene: SplatScene, group: number, planes: readonly Float32Array[], asStored = true): void {
  const n = scene.count;
  const strided = (target: Float32Array, stride: number): void => {
    planes.forEach((plane, c) => { for (let i = 0; i < n; i++) target[i * stride + c] = plane[i]!; });
  };
  switch (group) {
    case Group.Positions: return strided(scene.positions, 3);
    case Group.LogScales: return strided(scene.logScales, 3);
    case Group.Rotations: return strided(scene.rotations, 4);
    case Group.ShDc: return strided(scene.shDc, 3);
    case Group.Opacity: {
      const plane = planes[0]!;
      for (let i = 0; i < n; i++) scene.opacities[i] = asStored ? logit(plane[i]!) : plane[i]!;
      return;
    }
    default: {
      const band = group - Group.ShDc, per = bandCoefficients(band), rest = shRestPerChannel(scene.shDegree);
      planes.forEach((plane, component) => {
        const at = Math.floor(component / per) * rest + bandOffset(band) + (component % per);
        for (let i = 0; i < n; i++) scene.shRest[i * 3 * rest + at] = plane[i]!;
      });
    }
  }
}
