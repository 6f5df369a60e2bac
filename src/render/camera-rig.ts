/**
 * The shared camera of every pane: an eye, a target and an up direction, moved by orbit, pan,
 * zoom and fly steps, and turned into our camera model (src/core/raster/camera.ts) for any pane
 * size. It starts framing the whole scene (core's frameSample, from the sample the scene worker
 * took as it opened the scene) for the first pane's shape.
 */
import { type Camera, frameSample, type FramingSample, lookAt, nearPlaneFor } from '../core/index.ts';

type Vec3 = [number, number, number];

const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const length = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
const normalize = (a: Vec3): Vec3 => scale(a, 1 / (length(a) || 1));

/** Rodrigues rotation of v about unit axis k by angle a. */
function rotate(v: Vec3, k: Vec3, a: number): Vec3 {
  const c = Math.cos(a), s = Math.sin(a);
  return add(add(scale(v, c), scale(cross(k, v), s)), scale(k, dot(k, v) * (1 - c)));
}

export interface RigPose {
  readonly eye: Vec3;
  readonly target: Vec3;
  readonly up: Vec3;
}

export class CameraRig {
  #pose: RigPose;
  #home: RigPose;
  readonly #listeners = new Set<() => void>();

  /** `near`: the scene's near plane (nearPlaneFor its radius), as the fidelity views use. */
  constructor(home: RigPose, readonly near: number, readonly fovY = (50 * Math.PI) / 180) {
    this.#home = home;
    this.#pose = home;
  }

  /** Framing the sampled scene in a view of `aspect` (width / height); its robust radius sets the near plane. */
  static forSample(sample: FramingSample, aspect: number): CameraRig {
    const fovY = (50 * Math.PI) / 180;
    return new CameraRig(frameSample(sample, { aspect, fovY }), nearPlaneFor(sample.radius), fovY);
  }

  /** Makes `pose` home and goes there without telling listeners (before the first frame is drawn). */
  rehome(pose: RigPose): void {
    this.#home = pose;
    this.#pose = pose;
  }

  get pose(): RigPose {
    return this.#pose;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  camera(width: number, height: number): Camera {
    return lookAt(this.#pose.eye, this.#pose.target, this.#pose.up, width, height, this.fovY, this.near);
  }

  /** Turns the eye around the target: `yaw` about the up axis, `pitch` about the right axis (radians). */
  orbit(yaw: number, pitch: number): void {
    const { eye, target, up } = this.#pose;
    let offset = rotate(sub(eye, target), up, -yaw);
    const right = normalize(cross(scale(offset, -1), up));
    const pitched = rotate(offset, right, -pitch);
    // stop short of the poles, where up and the view direction would align
    if (Math.abs(dot(normalize(pitched), up)) < 0.98) offset = pitched;
    this.#set({ eye: add(target, offset), target, up });
  }

  /** Slides eye and target across the view by fractions of the view's height at the target. */
  pan(dx: number, dy: number): void {
    const { eye, target, up } = this.#pose;
    const forward = normalize(sub(target, eye));
    const right = normalize(cross(forward, up));
    const screenUp = cross(right, forward);
    const extent = 2 * length(sub(target, eye)) * Math.tan(this.fovY / 2);
    const move = add(scale(right, -dx * extent), scale(screenUp, dy * extent));
    this.#set({ eye: add(eye, move), target: add(target, move), up });
  }

  /** Moves the eye toward (factor < 1) or away from (factor > 1) the target. */
  zoom(factor: number): void {
    const { eye, target, up } = this.#pose;
    const offset = sub(eye, target);
    const next = Math.max(1e-3, Math.min(1e4, length(offset) * factor));
    this.#set({ eye: add(target, scale(normalize(offset), next)), target, up });
  }

  /** Flies eye and target together: forward/right/up in units of the eye–target distance. */
  fly(forwardAmount: number, rightAmount: number, upAmount = 0): void {
    const { eye, target, up } = this.#pose;
    const distance = length(sub(target, eye));
    const forward = normalize(sub(target, eye));
    const right = normalize(cross(forward, up));
    const move = add(add(scale(forward, forwardAmount * distance), scale(right, rightAmount * distance)), scale(up, upAmount * distance));
    this.#set({ eye: add(eye, move), target: add(target, move), up });
  }

  reset(): void {
    this.#set(this.#home);
  }

  /** Frames the whole of the sampled scene from the current direction, for a view of `aspect` (width / height). */
  fit(sample: FramingSample, aspect: number): void {
    const { eye, target } = this.#pose;
    this.#set(frameSample(sample, { aspect, fovY: this.fovY, up: this.#pose.up, direction: normalize(sub(target, eye)) }));
  }

  #set(pose: RigPose): void {
    this.#pose = pose;
    for (const listener of this.#listeners) listener();
  }
}
