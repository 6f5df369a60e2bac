/**
 * The first view of a scene as a person wants it: the whole object in the frame with a margin,
 * upright, from the side where it shows most of itself. Stray splats far from the content
 * (floaters) are ignored by taking quantiles, never the extreme points: a pedestal or a guitar's
 * neck are many splats and stay in, a floater is a few and does not push the camera away.
 */
import { boundsFrame, robustBounds } from '../scene/robust-bounds.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

type Vec3 = [number, number, number];

export interface FramingOptions {
  /** Width over height of the view. */
  aspect: number;
  /** Vertical field of view in radians. */
  fovY: number;
  /** World "up" (trainer scenes from COLMAP are y-down, so the default is −y). */
  up?: readonly [number, number, number];
  /** Look along this direction (from the eye toward the scene) instead of choosing one. */
  direction?: readonly [number, number, number];
}

export interface Framing {
  eye: Vec3;
  target: Vec3;
  up: Vec3;
}

/** Centres looked at: a stride of count / MAX_SAMPLES, rounded down, takes fewer than twice this many. Quantiles of a strided sample are stable and cheap. */
const MAX_SAMPLES = 8192;
/** Share of the centres (floaters aside) that must fall inside the frame. */
const INSIDE = 0.998;
/** Centres farther from the centre than this many times the 90th-percentile distance are floaters. */
const FLOATER_DISTANCE = 3;
/** The content fills at most this share of the frame's half-width and half-height. */
const MARGIN = 0.88;
/** Elevations (degrees above the horizon) and azimuth steps of the directions tried. */
const ELEVATIONS = [20, 40] as const;
const AZIMUTHS = 8;
/** Another direction must show this much more of the object to replace the first one tried. */
const PREFERENCE = 1.15;

export function frameScene(scene: SplatScene, options: FramingOptions): Framing {
  return frameSample(framingSample(scene), options);
}

/**
 * What framing reads of a scene, and all of it: framing a view from it reads fewer than
 * 2 × MAX_SAMPLES centres, however large the scene. The page's scene worker takes it as it opens a scene, so the page's
 * thread never walks the scene's positions (which a scratch CPU profile of the page opening the
 * 6 M tiling put at 155 ms of one task, done again at the first frame).
 */
export interface FramingSample {
  /** Centre and radius of the robust bounds (robust-bounds.ts). */
  readonly center: Vec3;
  readonly radius: number;
  /** A strided sample of the centres (fewer than 2 × MAX_SAMPLES) relative to `center`, as x, y, z triples, floaters left out. */
  readonly points: Float64Array;
}

export function framingSample(scene: SplatScene): FramingSample {
  const { center, radius } = boundsFrame(robustBounds(scene));
  return { center, radius, points: withoutFloaters(centredSample(scene, center)) };
}

/** The view of the sampled scene for `options` (frameScene of the scene the sample was taken of). */
export function frameSample(sample: FramingSample, options: FramingOptions): Framing {
  const up = unit([...(options.up ?? [0, -1, 0])] as Vec3);
  const { center, points } = sample;
  const forward = options.direction !== undefined ? unit([...options.direction] as Vec3) : widestDirection(points, up);
  const distance = fittingDistance(points, forward, up, options);
  return { eye: [0, 1, 2].map((k) => center[k]! - forward[k]! * distance) as Vec3, target: [...center], up };
}

/** Centres relative to `center`, strided to fewer than 2 × MAX_SAMPLES, as x, y, z triples. */
function centredSample(scene: SplatScene, center: readonly number[]): Float64Array {
  const step = Math.max(1, Math.floor(scene.count / MAX_SAMPLES));
  const n = Math.ceil(scene.count / step);
  const out = new Float64Array(n * 3);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < 3; k++) out[j * 3 + k] = scene.positions[j * step * 3 + k]! - center[k]!;
  }
  return out;
}

/** The points whose distance from the centre is within FLOATER_DISTANCE × the 90th-percentile distance. */
function withoutFloaters(points: Float64Array): Float64Array {
  const n = points.length / 3;
  const distances = new Float64Array(n);
  for (let j = 0; j < n; j++) distances[j] = Math.hypot(points[j * 3]!, points[j * 3 + 1]!, points[j * 3 + 2]!);
  const limit = FLOATER_DISTANCE * distances.slice().sort()[Math.floor(0.9 * (n - 1))]!;
  const kept = new Float64Array(points.length);
  let m = 0;
  for (let j = 0; j < n; j++) {
    if (distances[j]! > limit) continue;
    kept.set(points.subarray(j * 3, j * 3 + 3), m * 3);
    m++;
  }
  return m === 0 ? points : kept.slice(0, m * 3);
}

/**
 * Of the directions tried (looking down at the object from a few heights around it), the one
 * where the centres' spread covers the largest area on screen: a ring is seen face-on, not edge-on.
 */
function widestDirection(points: Float64Array, up: Vec3): Vec3 {
  const spread = covariance(points);
  const [e1, e2] = perpendiculars(up);
  let best: Vec3 | null = null, bestArea = 0;
  for (const elevation of ELEVATIONS) {
    for (let a = 0; a < AZIMUTHS; a++) {
      const azimuth = (2 * Math.PI * a) / AZIMUTHS, tilt = (elevation * Math.PI) / 180;
      // from the eye toward the centre: horizontal inward, and downward (against up) by the elevation
      const forward = [0, 1, 2].map((k) => -Math.cos(tilt) * (Math.cos(azimuth) * e1[k]! + Math.sin(azimuth) * e2[k]!) - Math.sin(tilt) * up[k]!) as Vec3;
      const area = projectedArea(spread, forward, up);
      if (best === null || area > PREFERENCE * bestArea) {
        best = forward;
        bestArea = area;
      }
    }
  }
  return best!;
}

/** The smallest eye distance at which INSIDE of the centres fall within the margin of the frame. */
function fittingDistance(points: Float64Array, forward: Vec3, up: Vec3, options: FramingOptions): number {
  const right = unit(cross(forward, up));
  const screenUp = cross(right, forward);
  const tanY = Math.tan(options.fovY / 2) * MARGIN, tanX = tanY * Math.max(1e-3, options.aspect);
  const n = points.length / 3;
  const needed = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const x = points[j * 3]!, y = points[j * 3 + 1]!, z = points[j * 3 + 2]!;
    const along = x * forward[0] + y * forward[1] + z * forward[2];
    const across = Math.abs(x * right[0] + y * right[1] + z * right[2]);
    const high = Math.abs(x * screenUp[0] + y * screenUp[1] + z * screenUp[2]);
    // at eye distance D this centre is D + along in front of the eye, and must fit both half-angles
    needed[j] = Math.max(across / tanX, high / tanY) - along;
  }
  needed.sort();
  const distance = needed[Math.min(n - 1, Math.floor(INSIDE * n))] ?? 1;
  // never inside the content's own depth range, where part of it would be behind the near plane
  return Math.max(distance, quantileDepth(points, forward), 1e-6);
}

/** How far the content reaches toward the eye (INSIDE-quantile of depth along −forward). */
function quantileDepth(points: Float64Array, forward: Vec3): number {
  const n = points.length / 3;
  const toward = new Float64Array(n);
  for (let j = 0; j < n; j++) toward[j] = -(points[j * 3]! * forward[0] + points[j * 3 + 1]! * forward[1] + points[j * 3 + 2]! * forward[2]);
  toward.sort();
  return Math.max(0, toward[Math.min(n - 1, Math.floor(INSIDE * n))]!) * 1.05;
}

function covariance(points: Float64Array): number[] {
  const c = [0, 0, 0, 0, 0, 0]; // xx, xy, xz, yy, yz, zz
  const n = points.length / 3;
  for (let j = 0; j < n; j++) {
    const x = points[j * 3]!, y = points[j * 3 + 1]!, z = points[j * 3 + 2]!;
    c[0]! += x * x; c[1]! += x * y; c[2]! += x * z; c[3]! += y * y; c[4]! += y * z; c[5]! += z * z;
  }
  return c.map((v) => v / Math.max(1, n));
}

/** Area (up to a constant) of the spread's ellipse seen along `forward`: √det of its 2D projection. */
function projectedArea(c: number[], forward: Vec3, up: Vec3): number {
  const right = unit(cross(forward, up));
  const screenUp = cross(right, forward);
  const quad = (a: Vec3, b: Vec3): number => a[0] * (c[0]! * b[0] + c[1]! * b[1] + c[2]! * b[2])
    + a[1] * (c[1]! * b[0] + c[3]! * b[1] + c[4]! * b[2]) + a[2] * (c[2]! * b[0] + c[4]! * b[1] + c[5]! * b[2]);
  const det = quad(right, right) * quad(screenUp, screenUp) - quad(right, screenUp) ** 2;
  return Math.sqrt(Math.max(0, det));
}

function perpendiculars(up: Vec3): [Vec3, Vec3] {
  const seed: Vec3 = Math.abs(up[0]) < 0.9 ? [1, 0, 0] : [0, 0, 1];
  const e1 = unit(cross(up, seed));
  return [e1, cross(up, e1)];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function unit(a: Vec3): Vec3 {
  const n = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
}
