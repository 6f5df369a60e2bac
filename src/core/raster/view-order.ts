/**
 * Back-to-front drawing order for a GPU splat renderer: one counting sort over camera depth
 * quantized to 16 bits between the nearest and farthest splat. One pass over 65,536 buckets is a
 * few milliseconds for a million splats; the quantization only reorders splats whose depths differ
 * by less than 1/65,536 of the scene's depth range, where blending order barely shows.
 */

const BUCKETS = 65536;

export interface DepthAxis {
  /** Third row of the world → camera rotation: depth = row · p + offset. */
  readonly row: readonly [number, number, number];
  readonly offset: number;
}

/** The depth axis of a camera (x right, y down, z forward): its rotation's third row and t_z. */
export function depthAxisOf(camera: { readonly rotation: ArrayLike<number>; readonly translation: readonly [number, number, number] }): DepthAxis {
  const r = camera.rotation;
  return { row: [r[6]!, r[7]!, r[8]!], offset: camera.translation[2] };
}

/** Fills `order` (length ≥ count) with splat indices, farthest first. `depth` is scratch of length ≥ count. */
export function backToFrontOrder(positions: Float32Array, count: number, axis: DepthAxis, order: Uint32Array, depth: Float32Array): void {
  cameraDepths(positions, count, axis, depth);
  sortBackToFront(null, count, depth, order);
}

/** depth[i] = camera depth of splat i (positive in front of the camera). */
export function cameraDepths(positions: Float32Array, count: number, axis: DepthAxis, depth: Float32Array): void {
  const [rx, ry, rz] = axis.row;
  for (let i = 0; i < count; i++) depth[i] = rx * positions[i * 3]! + ry * positions[i * 3 + 1]! + rz * positions[i * 3 + 2]! + axis.offset;
}

/**
 * Fills order[0 .. n) with the splats of `subset` (its first n entries; every splat 0 .. n when
 * null), farthest first by `depth`, quantized to 16 bits between the subset's nearest and farthest.
 */
export function sortBackToFront(subset: Uint32Array | null, n: number, depth: Float32Array, order: Uint32Array): void {
  let near = Infinity, far = -Infinity;
  for (let k = 0; k < n; k++) {
    const d = depth[subset === null ? k : subset[k]!]!;
    if (d < near) near = d;
    if (d > far) far = d;
  }
  const scale = far > near ? (BUCKETS - 1) / (far - near) : 0;
  const starts = new Uint32Array(BUCKETS + 1);
  // bucket 0 is the farthest
  for (let k = 0; k < n; k++) starts[((far - depth[subset === null ? k : subset[k]!]!) * scale) | 0]!++;
  let sum = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const c = starts[b]!;
    starts[b] = sum;
    sum += c;
  }
  for (let k = 0; k < n; k++) {
    const i = subset === null ? k : subset[k]!;
    order[starts[((far - depth[i]!) * scale) | 0]!++] = i;
  }
}
