/**
 * A fixed, deterministic set of cameras around a scene, the way people look at one: orbits at a
 * few heights around the centre of its percentile bounds (stray splats do not move it), plus
 * closer views. The same sampler serves metrics, significance and tests, so their numbers agree.
 */
import { boundsFrame, robustBounds } from '../scene/robust-bounds.ts';
import type { SplatScene } from '../scene/splat-scene.ts';
import { type Camera, lookAt } from './camera.ts';

export interface ViewOptions {
  width?: number;
  height?: number;
  /** Vertical field of view in degrees (default 50). */
  fovDegrees?: number;
  /** World "up" (default −y: trainer scenes from COLMAP are y-down). */
  up?: readonly [number, number, number];
  /**
   * Index of the first view in the sampler's endless sequence (default 0). View k is the same
   * for every count, so another offset gives held-out views (e.g. to check a choice made on others).
   */
  firstView?: number;
}

/** Elevations of the orbits, in degrees above the horizon. */
const ELEVATIONS = [20, 40, 5] as const;
/** Orbit distance in bounds radii; fits the bounds in a 50° view. */
const ORBIT_DISTANCE = 2.2;
/** Every fourth view comes this close (in radii), to judge detail. */
const CLOSE_DISTANCE = 1.2;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export function sampleViews(scene: SplatScene, count: number, options: ViewOptions = {}): Camera[] {
  const width = options.width ?? 512, height = options.height ?? 512;
  const fov = ((options.fovDegrees ?? 50) * Math.PI) / 180;
  const up = options.up ?? [0, -1, 0];
  const { center, radius } = boundsFrame(robustBounds(scene));
  const [e1, e2] = orthonormalBasis(up);
  const cameras: Camera[] = [];
  const first = options.firstView ?? 0;
  for (let k = first; k < first + count; k++) {
    const azimuth = k * GOLDEN_ANGLE;
    const elevation = (ELEVATIONS[k % ELEVATIONS.length]! * Math.PI) / 180;
    const distance = (k % 4 === 3 ? CLOSE_DISTANCE : ORBIT_DISTANCE) * radius;
    const horizontal = Math.cos(elevation) * distance, vertical = Math.sin(elevation) * distance;
    const eye: [number, number, number] = [0, 1, 2].map(
      (i) => center[i]! + horizontal * (Math.cos(azimuth) * e1[i]! + Math.sin(azimuth) * e2[i]!) + vertical * up[i]!,
    ) as [number, number, number];
    cameras.push(lookAt(eye, center, up, width, height, fov));
  }
  return cameras;
}

/** Two unit vectors orthogonal to `up` and to each other. */
function orthonormalBasis(up: readonly [number, number, number]): [[number, number, number], [number, number, number]] {
  const helper: [number, number, number] = Math.abs(up[0]) < 0.9 ? [1, 0, 0] : [0, 0, 1];
  const dot = helper[0] * up[0] + helper[1] * up[1] + helper[2] * up[2];
  const a = [helper[0] - dot * up[0], helper[1] - dot * up[1], helper[2] - dot * up[2]];
  const n = Math.hypot(a[0]!, a[1]!, a[2]!);
  const e1: [number, number, number] = [a[0]! / n, a[1]! / n, a[2]! / n];
  const e2: [number, number, number] = [up[1] * e1[2] - up[2] * e1[1], up[2] * e1[0] - up[0] * e1[2], up[0] * e1[1] - up[1] * e1[0]];
  return [e1, e2];
}
