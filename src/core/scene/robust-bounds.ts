/**
 * Bounds that ignore stray splats: per-axis percentiles of the centres. Trained scenes often have
 * a few floaters far away, which would make min/max framing show a speck.
 */
import type { Bounds, SplatScene } from './splat-scene.ts';

/** Centres sampled at most; percentiles of a strided sample are stable and cheap. */
const MAX_SAMPLES = 65536;

export function robustBounds(scene: SplatScene, low = 0.02, high = 0.98): Bounds {
  const step = Math.max(1, Math.floor(scene.count / MAX_SAMPLES));
  const n = Math.ceil(scene.count / step);
  const min: [number, number, number] = [0, 0, 0];
  const max: [number, number, number] = [0, 0, 0];
  const values = new Float32Array(n);
  for (let axis = 0; axis < 3; axis++) {
    for (let j = 0; j < n; j++) values[j] = scene.positions[j * step * 3 + axis]!;
    values.sort();
    min[axis] = values[Math.floor(low * (n - 1))]!;
    max[axis] = values[Math.ceil(high * (n - 1))]!;
  }
  return { min, max };
}

/** Centre and enclosing radius of a box. */
export function boundsFrame(bounds: Bounds): { center: [number, number, number]; radius: number } {
  const center: [number, number, number] = [0, 1, 2].map((k) => (bounds.min[k]! + bounds.max[k]!) / 2) as [number, number, number];
  const radius = Math.max(1e-6, Math.hypot(...[0, 1, 2].map((k) => bounds.max[k]! - bounds.min[k]!)) / 2);
  return { center, radius };
}
