/**
 * Fixed, deterministic cameras around a scene, the way people look at one: orbits at a few
 * heights around the centre of its percentile bounds (stray splats do not move it), closer views
 * of the whole, and detail views that come near the parts of the scene that hold splats. Each
 * kind is an endless sequence indexed by view number, so disjoint index ranges give disjoint
 * cameras (fidelity/view-sets.ts keeps the codec's decision views apart from report views).
 */
import { boundsFrame, robustBounds } from '../scene/robust-bounds.ts';
import type { SplatScene } from '../scene/splat-scene.ts';
import { type Camera, lookAt, nearPlaneFor } from './camera.ts';

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

/** Distance of a detail view from the splat it looks at, in bounds radii. */
const DETAIL_DISTANCE = 0.6;
/** How far a detail view's direction leans from "straight out from the centre" (0: not at all). */
const DETAIL_LEAN = 0.8;

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
    cameras.push(lookAt(eye, center, up, width, height, fov, nearPlaneFor(radius)));
  }
  return cameras;
}

/**
 * Close-ups of the scene's content: detail view k looks at the centre of one splat (picked by a
 * deterministic sequence among the splats inside the percentile bounds, so dense parts are looked
 * at more) from DETAIL_DISTANCE radii away, roughly from outside the scene (the direction from
 * the centre to that splat, leaned by a golden-spiral direction so views vary).
 */
export function detailViews(scene: SplatScene, count: number, options: ViewOptions = {}): Camera[] {
  const width = options.width ?? 512, height = options.height ?? 512;
  const fov = ((options.fovDegrees ?? 50) * Math.PI) / 180;
  const up = options.up ?? [0, -1, 0];
  const bounds = robustBounds(scene);
  const { center, radius } = boundsFrame(bounds);
  const inside = splatsInside(scene, bounds);
  const [side] = orthonormalBasis(up);
  const cameras: Camera[] = [];
  const first = options.firstView ?? 0;
  for (let k = first; k < first + count; k++) {
    const splat = inside.length === 0 ? -1 : inside[Math.floor(fraction(k * 0.6180339887498949 + 0.5) * inside.length)]!;
    const target: [number, number, number] = splat < 0 ? [...center] : [scene.positions[splat * 3]!, scene.positions[splat * 3 + 1]!, scene.positions[splat * 3 + 2]!];
    const outward = [0, 1, 2].map((i) => (target[i]! - center[i]!) / radius);
    const spiral = spiralDirection(k);
    const direction = [0, 1, 2].map((i) => outward[i]! + DETAIL_LEAN * spiral[i]!);
    // keep clear of the up axis, where the view's orientation is undefined: lean sideways
    const along = direction[0]! * up[0] + direction[1]! * up[1] + direction[2]! * up[2];
    if (Math.abs(along) > 0.9 * Math.hypot(direction[0]!, direction[1]!, direction[2]!)) {
      for (let i = 0; i < 3; i++) direction[i]! += Math.abs(along) * side[i]!;
    }
    const norm = Math.hypot(direction[0]!, direction[1]!, direction[2]!);
    const eye = [0, 1, 2].map((i) => target[i]! + (direction[i]! / norm) * DETAIL_DISTANCE * radius) as [number, number, number];
    cameras.push(lookAt(eye, target, up, width, height, fov, nearPlaneFor(radius)));
  }
  return cameras;
}

/** Indices of the splats whose centres lie in `bounds`. */
function splatsInside(scene: SplatScene, bounds: { min: readonly number[]; max: readonly number[] }): Uint32Array {
  const out = new Uint32Array(scene.count);
  let n = 0;
  for (let i = 0; i < scene.count; i++) {
    let inside = true;
    for (let a = 0; a < 3 && inside; a++) {
      const v = scene.positions[i * 3 + a]!;
      inside = v >= bounds.min[a]! && v <= bounds.max[a]!;
    }
    if (inside) out[n++] = i;
  }
  return out.subarray(0, n);
}

const fraction = (x: number): number => x - Math.floor(x);

/** Unit vector k of a golden spiral over the sphere (evenly spread for any count). */
function spiralDirection(k: number): [number, number, number] {
  const z = 1 - 2 * fraction(k * 0.7548776662466927 + 0.25);
  const r = Math.sqrt(Math.max(0, 1 - z * z));
  const a = k * GOLDEN_ANGLE;
  return [r * Math.cos(a), r * Math.sin(a), z];
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
