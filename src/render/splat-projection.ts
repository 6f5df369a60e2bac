/**
 * The per-frame pre-pass: one compute invocation per splat projects it once, as the reference
 * rasterizer does (docs/rendering.md, src/core/raster/project.ts), instead of once per triangle
 * vertex: camera-space centre, EWA covariance with the frustum clamp and 0.3 px² dilation, its
 * eigen-axes (the triangle around the ellipse where alpha ≥ 1/255, 1 % wider), the SH colour for the
 * view direction. The vertex shader (splat-material.ts) only reads the result and places the triangle's corners.
 * Culled splats (behind the near plane, alpha < 1/255, degenerate, or an ellipse wholly off-screen)
 * get k = 0, which the vertex shader turns into no triangle, and cost no SH evaluation.
 *
 * Results are stored in draw order: invocation i projects the i-th splat back to front and writes
 * slot i, so triangle i reads slot i (sequential reads).
 *
 * Per slot, 24 bytes:
 * - `screen` (vec2 f32): the centre in pixels (a half float would be 2 px off at 4096);
 * - `look` (uvec4, half floats in pairs): (ratio √(λ2/λ1), k), (red, green), (blue, opacity), and
 *   the first scaled axis A1 in pixels (half precision moves a corner by 1/2048 of the axis, well
 *   within the triangle's 1 % margin; 8 bytes a splat less than A1 in 32-bit floats beside the
 *   centre, 48 MB for a 6 M-splat scene). The second axis is A1 turned 90° times the ratio. k is the ellipse's half-size in standard
 *   deviations: at triangle coordinates (u, v), the offset u·A1 + v·A2 has
 *   dᵀ·cov⁻¹·d = k²(u² + v²), so the fragment needs no conic.
 *
 * Used on WebGPU. It also ran as transform feedback on three's WebGL2 backend (each invocation
 * writes its own element once, as that requires) and passed the reference test there, but made
 * SwiftShader's WebGL2 frames slower, so WebGL2 keeps the per-vertex material.
 */
import { type ComputeNode, type Node, Vector3 } from 'three/webgpu';
import {
  clamp, Fn, If, instancedArray, instanceIndex, int, log, max, normalize, packHalf2x16, select, sqrt, uniform, uvec4, vec2, vec3,
} from 'three/tsl';
import { type Camera, FRUSTUM_CLAMP, LOW_PASS_DILATION, MIN_ALPHA } from '../core/index.ts';
import { shColor } from './sh-color.ts';
import type { SplatTextures } from './splat-textures.ts';
import { texelAt } from './splat-textures.ts';

/** The largest finite half float. */
const MAX_HALF = 65504;

/** The ellipse the triangle circumscribes is this much wider than the alpha ≥ 1/255 ellipse, so rounding never clips a pixel the blend uses. */
const ELLIPSE_MARGIN = 1.01;

/** The TSL typings lag the API (element() of typed storage arrays): the shapes used here. */
export interface ProjectedArray<T extends 'vec2' | 'vec4'> {
  element(index: unknown): Node<T>;
}
/** Splat indices back to front: the pane worker's order in a storage buffer (draw-order.ts). */
export interface SortedOrder {
  element(index: unknown): Node<'uint'>;
}

/** Two floats as half floats in one u32 (three's typings call the result a PackFloatNode). */
const halves = (pair: Node<'vec2'>): Node<'uint'> => packHalf2x16(pair) as unknown as Node<'uint'>;

export class SplatProjection {
  /** Centre (px) per sorted slot. */
  readonly screen: ProjectedArray<'vec2'>;
  /** Half-float pairs per sorted slot: (ratio, k), (red, green), (blue, opacity), first scaled axis A1 (px). */
  readonly look: ProjectedArray<'vec4'>;
  readonly #pass: ComputeNode;
  // rows of the world → camera rotation: the camera's right, down and forward axes
  readonly #r0 = uniform(new Vector3());
  readonly #r1 = uniform(new Vector3());
  readonly #r2 = uniform(new Vector3());
  readonly #translation = uniform(new Vector3());
  readonly #eye = uniform(new Vector3());
  readonly #focal = uniform(new Vector3()); // fx, fy, near plane
  readonly #principal = uniform(new Vector3()); // cx, cy, unused
  /** Width, height, unused: read by the vertex shader too, for clip coordinates. */
  readonly viewport = uniform(new Vector3());

  constructor(readonly textures: SplatTextures, readonly order: SortedOrder) {
    this.screen = instancedArray(textures.count, 'vec2') as unknown as ProjectedArray<'vec2'>;
    this.look = instancedArray(textures.count, 'uvec4') as unknown as ProjectedArray<'vec4'>;
    this.#pass = this.#build();
  }

  /** Sets the camera for the next `run`; allocates nothing. */
  setCamera(cam: Camera): void {
    const r = cam.rotation;
    this.#r0.value.set(r[0]!, r[1]!, r[2]!);
    this.#r1.value.set(r[3]!, r[4]!, r[5]!);
    this.#r2.value.set(r[6]!, r[7]!, r[8]!);
    this.#translation.value.set(cam.translation[0], cam.translation[1], cam.translation[2]);
    // the eye, −Rᵀ·t, written out so that a frame allocates nothing
    const t = cam.translation;
    this.#eye.value.set(
      -(r[0]! * t[0] + r[3]! * t[1] + r[6]! * t[2]), -(r[1]! * t[0] + r[4]! * t[1] + r[7]! * t[2]), -(r[2]! * t[0] + r[5]! * t[1] + r[8]! * t[2]),
    );
    this.#focal.value.set(cam.fx, cam.fy, cam.near);
    this.#principal.value.set(cam.cx, cam.cy, 0);
    this.viewport.value.set(cam.width, cam.height, 0);
  }

  /**
   * Queues the pass over the first `slots` slots of the order (the ones drawn); the draw that
   * follows in the same submission reads its results.
   */
  run(renderer: { compute(node: ComputeNode): unknown }, slots: number): void {
    // three re-sizes the dispatch, and the bounds check's uniform, when the count changes
    this.#pass.count = Math.max(1, slots);
    renderer.compute(this.#pass);
  }

  #build(): ComputeNode {
    const { textures, viewport } = this;
    const r0 = this.#r0, r1 = this.#r1, r2 = this.#r2, focal = this.#focal, principal = this.#principal;
    return Fn(() => {
      const splat = int(this.order.element(instanceIndex));
      const center = texelAt(textures.centers, splat);
      const world = center.xyz, alpha = center.w;
      const view = vec3(r0.dot(world), r1.dot(world), r2.dot(world)).add(this.#translation).toVar();
      // culled unless every test below passes; written once at the end (transform feedback needs that)
      const screen = vec2(0).toVar(), look = uvec4(0).toVar();
      If(view.z.greaterThan(focal.z).and(alpha.greaterThanEqual(MIN_ALPHA)), () => {
        const covA = texelAt(textures.covA, splat), covB = texelAt(textures.covB, splat);
        const [a, b, c] = projectCovariance(view, [covA.x, covA.y, covA.z, covA.w, covB.x, covB.y], r0, r1, r2, focal, viewport);
        const det = a.mul(c).sub(b.mul(b));
        If(det.greaterThan(0), () => {
          // eigen-axes of the 2D covariance; λ2 = det/λ1 keeps the small one as exact as the conic would be
          const mid = a.add(c).mul(0.5);
          const lambda1 = mid.add(sqrt(max(a.sub(c).mul(0.5).mul(a.sub(c).mul(0.5)).add(b.mul(b)), 0)));
          const lambda2 = det.div(lambda1);
          // of the two eigenvector formulas, the one without cancellation for this ellipse
          const axis = normalize(select(a.greaterThanEqual(c), vec2(lambda1.sub(c), b), vec2(b, lambda1.sub(a))).add(vec2(1e-9, 0)));
          const k = sqrt(max(log(alpha.mul(255)).mul(2), 0)).mul(ELLIPSE_MARGIN);
          const a1 = axis.mul(sqrt(lambda1).mul(k)).toVar();
          const ratio = sqrt(lambda2.div(lambda1));
          const mean = vec2(focal.x.mul(view.x).div(view.z).add(principal.x), focal.y.mul(view.y).div(view.z).add(principal.y));
          // the ellipse's bounding box: |A1| and |A2| projected on x and y
          const extent = sqrt(a1.mul(a1).add(vec2(a1.y, a1.x).mul(ratio).mul(vec2(a1.y, a1.x).mul(ratio))));
          const onScreen = mean.add(extent).greaterThan(vec2(0)).all().and(mean.sub(extent).lessThan(viewport.xy).all());
          If(onScreen.and(k.greaterThan(0)), () => {
            const dir = normalize(world.sub(this.#eye));
            const color = max(shColor(textures, splat, dir, texelAt(textures.color, splat)), vec3(0));
            screen.assign(mean);
            // within half precision's range (an axis that long is off the screen's scale anyway)
            look.assign(uvec4(halves(vec2(ratio, k)), halves(color.xy), halves(vec2(color.z, alpha)), halves(clamp(a1, -MAX_HALF, MAX_HALF))));
          });
        });
      });
      this.screen.element(instanceIndex).assign(screen);
      this.look.element(instanceIndex).assign(look);
    })().compute(textures.count);
  }
}

/**
 * EWA: the 2D covariance J·W·Σ·Wᵀ·Jᵀ + 0.3·I as (a, b, c), with the Jacobian taken at the centre
 * clamped to 1.3 × the half field of view (the reference's rule).
 */
function projectCovariance(
  view: Node<'vec3'>, [s00, s01, s02, s11, s12, s22]: Node<'float'>[], r0: Node<'vec3'>, r1: Node<'vec3'>, r2: Node<'vec3'>,
  focal: Node<'vec3'>, viewport: Node<'vec3'>,
): [Node<'float'>, Node<'float'>, Node<'float'>] {
  const tz = view.z;
  const limX = viewport.x.div(focal.x.mul(2)).mul(FRUSTUM_CLAMP), limY = viewport.y.div(focal.y.mul(2)).mul(FRUSTUM_CLAMP);
  const cxz = clamp(view.x.div(tz), limX.negate(), limX).mul(tz), cyz = clamp(view.y.div(tz), limY.negate(), limY).mul(tz);
  const j00 = focal.x.div(tz), j02 = focal.x.negate().mul(cxz).div(tz.mul(tz));
  const j11 = focal.y.div(tz), j12 = focal.y.negate().mul(cyz).div(tz.mul(tz));
  // T = J·R (2×3)
  const t0 = r0.mul(j00).add(r2.mul(j02)).toVar(), t1 = r1.mul(j11).add(r2.mul(j12)).toVar();
  const sigmaT0 = vec3(
    t0.x.mul(s00!).add(t0.y.mul(s01!)).add(t0.z.mul(s02!)),
    t0.x.mul(s01!).add(t0.y.mul(s11!)).add(t0.z.mul(s12!)),
    t0.x.mul(s02!).add(t0.y.mul(s12!)).add(t0.z.mul(s22!)),
  );
  const sigmaT1 = vec3(
    t1.x.mul(s00!).add(t1.y.mul(s01!)).add(t1.z.mul(s02!)),
    t1.x.mul(s01!).add(t1.y.mul(s11!)).add(t1.z.mul(s12!)),
    t1.x.mul(s02!).add(t1.y.mul(s12!)).add(t1.z.mul(s22!)),
  );
  return [
    sigmaT0.dot(t0).add(LOW_PASS_DILATION).toVar(),
    sigmaT0.dot(t1).toVar(),
    sigmaT1.dot(t1).add(LOW_PASS_DILATION).toVar(),
  ] as [Node<'float'>, Node<'float'>, Node<'float'>];
}

