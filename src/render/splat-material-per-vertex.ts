/**
 * The splat shader for three's WebGL2 backend, in TSL, that projects in the vertex shader (each of
 * a triangle's vertices projects its splat again). Measured on SwiftShader, moving the projection to a
 * pre-pass (splat-projection.ts) made WebGL2 frames slower: there the pre-pass is a transform
 * feedback draw that cost more than the vertex work it saved. It follows the reference rasterizer (docs/rendering.md): per triangle (splat-triangle.ts), the
 * splat's centre goes to camera space with our camera model (x right, y down, z forward, focal
 * lengths in pixels), its 3D covariance is projected by the EWA Jacobian with the reference's
 * frustum clamp and 0.3 px² dilation, and its SH colour is evaluated for the view direction. The
 * triangle covers the ellipse where alpha ≥ 1/255; the fragment evaluates the Gaussian at the pixel
 * centre, alpha = min(0.99, opacity·e^power), and writes premultiplied colour, blended back to
 * front (the sort is done outside the shader).
 */
import {
  type DataTexture, type NodeMaterial, Vector3,
} from 'three/webgpu';
import {
  clamp, Discard, exp, float, Fn, If, int, log, max, min, normalize, sqrt,
  uniform, varyingProperty, vec2, vec3, vec4,
} from 'three/tsl';
import {
  type Camera, cameraPosition, FRUSTUM_CLAMP, LOW_PASS_DILATION, MAX_ALPHA, MIN_ALPHA,
} from '../core/index.ts';
import { splatSlot, triangleCorner } from './splat-triangle.ts';
import { shColor } from './sh-color.ts';
import { blendedSplatMaterial } from './splat-material.ts';
import { type SplatTextures, texelAt } from './splat-textures.ts';

export interface SplatCameraUniforms {
  set(camera: Camera): void;
}

/** `order` (createOrderTexture) holds the pane worker's back-to-front order: triangle i draws splat order[i]. */
export function createPerVertexSplatMaterial(textures: SplatTextures, order: DataTexture): { material: NodeMaterial; camera: SplatCameraUniforms } {
  // rows of the world → camera rotation: the camera's right, down and forward axes
  const r0 = uniform(new Vector3()), r1 = uniform(new Vector3()), r2 = uniform(new Vector3());
  const translation = uniform(new Vector3());
  const eye = uniform(new Vector3());
  const focal = uniform(new Vector3()); // fx, fy, near plane
  const principal = uniform(new Vector3()); // cx, cy, unused
  const viewport = uniform(new Vector3()); // width, height, unused

  const vColor = varyingProperty('vec4', 'vSplatColor');
  const vConic = varyingProperty('vec3', 'vSplatConic');
  const vOffset = varyingProperty('vec2', 'vSplatOffset');

  const vertexNode = Fn(() => {
    const splat = int(texelAt(order, int(splatSlot)).x);
    const center = texelAt(textures.centers, splat);
    const world = center.xyz;
    const view = vec3(r0.dot(world), r1.dot(world), r2.dot(world)).add(translation).toVar();
    const out = vec4(0, 0, 2, 1).toVar(); // outside the clip volume: culled
    If(view.z.greaterThan(focal.z), () => {
      const covA = texelAt(textures.covA, splat), covB = texelAt(textures.covB, splat);
      const s00 = covA.x, s01 = covA.y, s02 = covA.z, s11 = covA.w, s12 = covB.x, s22 = covB.y;
      const tz = view.z;
      const limX = viewport.x.div(focal.x.mul(2)).mul(FRUSTUM_CLAMP), limY = viewport.y.div(focal.y.mul(2)).mul(FRUSTUM_CLAMP);
      const cxz = clamp(view.x.div(tz), limX.negate(), limX).mul(tz), cyz = clamp(view.y.div(tz), limY.negate(), limY).mul(tz);
      const j00 = focal.x.div(tz), j02 = focal.x.negate().mul(cxz).div(tz.mul(tz));
      const j11 = focal.y.div(tz), j12 = focal.y.negate().mul(cyz).div(tz.mul(tz));
      // T = J·R (2×3)
      const t0 = r0.mul(j00).add(r2.mul(j02)), t1 = r1.mul(j11).add(r2.mul(j12));
      const sigmaT0 = vec3(
        t0.x.mul(s00).add(t0.y.mul(s01)).add(t0.z.mul(s02)),
        t0.x.mul(s01).add(t0.y.mul(s11)).add(t0.z.mul(s12)),
        t0.x.mul(s02).add(t0.y.mul(s12)).add(t0.z.mul(s22)),
      );
      const sigmaT1 = vec3(
        t1.x.mul(s00).add(t1.y.mul(s01)).add(t1.z.mul(s02)),
        t1.x.mul(s01).add(t1.y.mul(s11)).add(t1.z.mul(s12)),
        t1.x.mul(s02).add(t1.y.mul(s12)).add(t1.z.mul(s22)),
      );
      const a = sigmaT0.dot(t0).add(LOW_PASS_DILATION), b = sigmaT0.dot(t1), c = sigmaT1.dot(t1).add(LOW_PASS_DILATION);
      const det = a.mul(c).sub(b.mul(b));
      const alpha = center.w;
      If(det.greaterThan(0).and(alpha.greaterThanEqual(MIN_ALPHA)), () => {
        // eigen-axes of the 2D covariance; the triangle spans the alpha ≥ 1/255 ellipse along them
        const mid = a.add(c).mul(0.5);
        const spread = sqrt(max(a.sub(c).mul(0.5).mul(a.sub(c).mul(0.5)).add(b.mul(b)), 0));
        const lambda1 = mid.add(spread), lambda2 = max(mid.sub(spread), 1e-6);
        const axis = normalize(vec2(b, lambda1.sub(a)).add(vec2(1e-9, 0)));
        const sigmas = sqrt(max(log(alpha.mul(255)).mul(2), 0));
        const corner = triangleCorner();
        const offset = axis.mul(corner.x.mul(sqrt(lambda1))).add(vec2(axis.y.negate(), axis.x).mul(corner.y.mul(sqrt(lambda2)))).mul(sigmas).mul(1.01);
        const mean = vec2(focal.x.mul(view.x).div(tz).add(principal.x), focal.y.mul(view.y).div(tz).add(principal.y));
        const pixel = mean.add(offset);
        out.assign(vec4(pixel.x.div(viewport.x).mul(2).sub(1), float(1).sub(pixel.y.div(viewport.y).mul(2)), 0.5, 1));
        vOffset.assign(offset);
        vConic.assign(vec3(c, b.negate(), a).div(det));
        const dir = normalize(world.sub(eye));
        vColor.assign(vec4(max(shColor(textures, splat, dir, texelAt(textures.color, splat)), vec3(0)), alpha));
      });
    });
    return out;
  })();

  const fragmentNode = Fn(() => {
    const d = vOffset;
    const power = vConic.x.mul(d.x.mul(d.x)).add(vConic.z.mul(d.y.mul(d.y))).mul(-0.5).sub(vConic.y.mul(d.x).mul(d.y));
    If(power.greaterThan(0), () => { Discard(); });
    const alpha = min(vColor.w.mul(exp(power)), MAX_ALPHA);
    If(alpha.lessThan(MIN_ALPHA), () => { Discard(); });
    return vec4(vColor.xyz.mul(alpha), alpha);
  })();

  const material = blendedSplatMaterial(vertexNode, fragmentNode);

  return {
    material,
    camera: {
      set(cam: Camera) {
        const r = cam.rotation;
        r0.value.set(r[0]!, r[1]!, r[2]!);
        r1.value.set(r[3]!, r[4]!, r[5]!);
        r2.value.set(r[6]!, r[7]!, r[8]!);
        translation.value.set(...cam.translation);
        eye.value.set(...cameraPosition(cam));
        focal.value.set(cam.fx, cam.fy, cam.near);
        principal.value.set(cam.cx, cam.cy, 0);
        viewport.value.set(cam.width, cam.height, 0);
      },
    },
  };
}

