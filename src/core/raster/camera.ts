/**
 * Pinhole camera in the reference 3DGS renderer's convention (docs/rendering.md): camera axes
 * x right, y down, z forward (OpenCV/COLMAP); world → camera is x_cam = R·x_world + t.
 * Pixel (i, j) covers [i, i+1) × [j, j+1); its centre (i + 0.5, j + 0.5) is where it is sampled.
 */
export interface Camera {
  readonly width: number;
  readonly height: number;
  /** Focal lengths in pixels. */
  readonly fx: number;
  readonly fy: number;
  /** Principal point in pixels (usually width/2, height/2). */
  readonly cx: number;
  readonly cy: number;
  /** World → camera rotation, row-major 3×3. */
  readonly rotation: readonly number[];
  /** World → camera translation. */
  readonly translation: readonly [number, number, number];
  /** Splats at camera depth ≤ this (world units) are culled: the near plane (see nearPlaneFor). */
  readonly near: number;
}

/** The reference renderer's near plane (0.2, in the units of a COLMAP scene some metres across). */
export const NEAR_PLANE = 0.2;
/** Near plane as a fraction of the scene's radius, for scenes too small for the reference's 0.2. */
const NEAR_FRACTION = 0.02;

/**
 * Near plane for a scene whose robust bounds have `radius`: the reference's 0.2 where the scene is
 * metres across, proportionally less where it is small (a scene 0.2 across would otherwise have its
 * close views culled from the inside). Every view of a scene (sampler, page) takes it from here.
 */
export function nearPlaneFor(radius: number): number {
  return Math.min(NEAR_PLANE, NEAR_FRACTION * radius);
}

type Vec3 = readonly [number, number, number];

const sub = (a: Vec3, b: Vec3): [number, number, number] => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): [number, number, number] => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const normalize = (a: Vec3): [number, number, number] => {
  const n = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
};

/**
 * A camera at `eye` looking at `target`, with `up` pointing up in the image. `fovY` is the
 * vertical field of view in radians; `near` is the near plane (default the reference's 0.2; views
 * of a scene pass nearPlaneFor(its radius)).
 */
export function lookAt(eye: Vec3, target: Vec3, up: Vec3, width: number, height: number, fovY: number, near = NEAR_PLANE): Camera {
  const forward = normalize(sub(target, eye));
  // (right, down, forward) is right-handed with right × down = forward; down is −up made
  // orthogonal to forward.
  const right = normalize(cross(forward, up));
  const down = cross(forward, right);
  const rotation = [...right, ...down, ...forward];
  const translation: [number, number, number] = [
    -(right[0] * eye[0] + right[1] * eye[1] + right[2] * eye[2]),
    -(down[0] * eye[0] + down[1] * eye[1] + down[2] * eye[2]),
    -(forward[0] * eye[0] + forward[1] * eye[1] + forward[2] * eye[2]),
  ];
  const fy = height / 2 / Math.tan(fovY / 2);
  return { width, height, fx: fy, fy, cx: width / 2, cy: height / 2, rotation, translation, near };
}

/**
 * What `lookAt` takes to rebuild a camera's orientation: its centre, a target one unit ahead on
 * its view axis, and the image's up direction (−down). For driving other viewers the same way.
 */
export function cameraPose(camera: Camera): { eye: [number, number, number]; target: [number, number, number]; up: [number, number, number] } {
  const r = camera.rotation;
  const eye = cameraPosition(camera);
  return {
    eye,
    target: [eye[0] + r[6]!, eye[1] + r[7]!, eye[2] + r[8]!],
    up: [-r[3]!, -r[4]!, -r[5]!],
  };
}

/** Camera centre in world coordinates: −Rᵀ·t. */
export function cameraPosition(camera: Camera): [number, number, number] {
  const r = camera.rotation, t = camera.translation;
  return [
    -(r[0]! * t[0] + r[3]! * t[1] + r[6]! * t[2]),
    -(r[1]! * t[0] + r[4]! * t[1] + r[7]! * t[2]),
    -(r[2]! * t[0] + r[5]! * t[1] + r[8]! * t[2]),
  ];
}
