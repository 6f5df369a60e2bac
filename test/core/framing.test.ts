import { describe, expect, it } from 'vitest';
import { allocateScene, type Camera, frameSample, frameScene, framingSample, lookAt, type SplatScene } from '../../src/core/index.ts';

const FOV_Y = (50 * Math.PI) / 180;

/** A scene from centres `at(i)` (other attributes do not matter to framing). */
function sceneOf(count: number, at: (i: number) => [number, number, number]): SplatScene {
  const scene = allocateScene(count, 0);
  for (let i = 0; i < count; i++) scene.positions.set(at(i), i * 3);
  return scene;
}

/** Deterministic numbers in [0, 1). */
const jitter = (i: number, k: number): number => { const x = Math.sin(i * 12.9898 + k * 78.233) * 43758.5453; return x - Math.floor(x); };

/** A statue: a tall body (up is −y) on a wide pedestal (10 % of splats), and 0.2 % floaters far off. */
const statue = sceneOf(20_000, (i) => {
  if (i % 500 === 0) return [60 + jitter(i, 0), -40, 30];
  if (i % 10 === 4) return [jitter(i, 0) * 1.2 - 0.6, jitter(i, 1) * 0.3, jitter(i, 2) * 1.2 - 0.6];
  return [jitter(i, 0) * 0.5 - 0.25, -2 * jitter(i, 1), jitter(i, 2) * 0.5 - 0.25];
});

/** A ring standing upright in the x–y plane (its face looks along z). */
const ring = sceneOf(10_000, (i) => {
  const a = (2 * Math.PI * i) / 10_000;
  return [Math.cos(a), Math.sin(a), 0.02 * jitter(i, 0)];
});

function project(camera: Camera, p: ArrayLike<number>): [number, number] | null {
  const r = camera.rotation, t = camera.translation;
  const z = r[6]! * p[0]! + r[7]! * p[1]! + r[8]! * p[2]! + t[2];
  if (z <= camera.near) return null;
  const x = r[0]! * p[0]! + r[1]! * p[1]! + r[2]! * p[2]! + t[0];
  const y = r[3]! * p[0]! + r[4]! * p[1]! + r[5]! * p[2]! + t[1];
  return [camera.cx + (camera.fx * x) / z, camera.cy + (camera.fy * y) / z];
}

/** Pixel bounds of the centres for which `keep` holds, or null if one is behind the camera. */
function screenBox(scene: SplatScene, camera: Camera, keep: (i: number) => boolean): { x0: number; x1: number; y0: number; y1: number } | null {
  const box = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
  for (let i = 0; i < scene.count; i++) {
    if (!keep(i)) continue;
    const q = project(camera, scene.positions.subarray(i * 3, i * 3 + 3));
    if (q === null) return null;
    box.x0 = Math.min(box.x0, q[0]); box.x1 = Math.max(box.x1, q[0]);
    box.y0 = Math.min(box.y0, q[1]); box.y1 = Math.max(box.y1, q[1]);
  }
  return box;
}

describe('frameScene', () => {
  for (const [width, height] of [[1280, 720], [600, 600], [400, 800]] as const) {
    it(`keeps a statue and its pedestal inside a ${width}×${height} view with a margin, ignoring floaters`, () => {
      const pose = frameScene(statue, { aspect: width / height, fovY: FOV_Y });
      const camera = lookAt(pose.eye, pose.target, pose.up, width, height, FOV_Y);
      const box = screenBox(statue, camera, (i) => i % 500 !== 0)!;
      expect(box).not.toBeNull();
      expect(box.x0).toBeGreaterThan(0.02 * width);
      expect(box.x1).toBeLessThan(0.98 * width);
      expect(box.y0).toBeGreaterThan(0.02 * height);
      expect(box.y1).toBeLessThan(0.98 * height);
      // and fills the frame: the tighter dimension is mostly used (floaters did not push the camera away)
      expect(Math.max((box.x1 - box.x0) / width, (box.y1 - box.y0) / height)).toBeGreaterThan(0.6);
      // upright: the top of the body (y = −2) is above the pedestal in the image
      const top = project(camera, [0, -2, 0])!, bottom = project(camera, [0, 0.3, 0])!;
      expect(top[1]).toBeLessThan(bottom[1]);
    });
  }

  it('looks at a ring face-on rather than edge-on', () => {
    const pose = frameScene(ring, { aspect: 1, fovY: FOV_Y });
    const camera = lookAt(pose.eye, pose.target, pose.up, 512, 512, FOV_Y);
    const box = screenBox(ring, camera, () => true)!;
    const [w, h] = [box.x1 - box.x0, box.y1 - box.y0];
    expect(Math.min(w, h) / Math.max(w, h)).toBeGreaterThan(0.7);
  });

  it('keeps a given direction (fit from where the camera looks) and still frames the whole', () => {
    const direction: [number, number, number] = [1, 0, 0];
    const pose = frameScene(ring, { aspect: 1, fovY: FOV_Y, direction });
    const along = [0, 1, 2].map((k) => pose.target[k]! - pose.eye[k]!);
    const n = Math.hypot(...along);
    expect(along.map((v) => v / n)).toEqual([expect.closeTo(1, 6), expect.closeTo(0, 6), expect.closeTo(0, 6)]);
    // edge-on the ring is a line; what is there still lies in front of the camera and in frame
    const camera = lookAt(pose.eye, pose.target, pose.up, 512, 512, FOV_Y);
    const box = screenBox(ring, camera, () => true)!;
    expect(box.y0).toBeGreaterThan(0);
    expect(box.y1).toBeLessThan(512);
  });

  it('frames from a sample of bounded size, as the scene worker posts it, the same as from the scene', () => {
    const big = sceneOf(100_000, (i) => [jitter(i, 0) * 4, jitter(i, 1) * 2, jitter(i, 2)]);
    const sample = framingSample(big);
    expect(sample.points.length).toBeLessThan(3 * 2 * 8192);
    const posted = structuredClone(sample);
    for (const options of [{ aspect: 16 / 9, fovY: FOV_Y }, { aspect: 0.5, fovY: FOV_Y, direction: [0, 0, 1] as const }]) {
      expect(frameSample(posted, options)).toEqual(frameScene(big, options));
    }
  });
});
