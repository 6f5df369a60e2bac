/**
 * The splat shader in TSL (three.js's shading language, compiled to WGSL on the WebGPU backend and
 * to GLSL on WebGL2). Each splat was projected once this frame by the pre-pass
 * (splat-projection.ts) into the slot of its place in the back-to-front order; triangle i (vertices
 * 3i to 3i + 2, splat-triangle.ts) reads slot i and places its corner (u, v) at centre + u·A1 + v·A2
 * (the triangle around the unit disc, so around the ellipse). The
 * fragment evaluates the Gaussian at the pixel centre from the interpolated (u, v): power =
 * −½k²(u² + v²), which is the reference's −½·dᵀ·conic·d for that pixel (docs/rendering.md);
 * alpha = min(0.99, opacity·e^power), premultiplied colour, blended back to front.
 */
import { CustomBlending, DoubleSide, type Node, NodeMaterial, OneFactor, OneMinusSrcAlphaFactor } from 'three/webgpu';
import {
  Discard, exp, float, Fn, If, min, unpackHalf2x16, varyingProperty, vec2, vec4,
} from 'three/tsl';
import { MAX_ALPHA, MIN_ALPHA } from '../core/index.ts';
import { splatSlot, triangleCorner } from './splat-triangle.ts';
import type { SplatProjection } from './splat-projection.ts';

/** Two half floats from one u32 (three's typings call the result a PackFloatNode). */
const halves = (word: Node<'uint'>): Node<'vec2'> => unpackHalf2x16(word) as unknown as Node<'vec2'>;

export function createSplatMaterial(projection: SplatProjection): NodeMaterial {
  const viewport = projection.viewport;
  const vColor = varyingProperty('vec4', 'vSplatColor');
  /** (u, v)·k: the fragment's power is −½ of its squared length. */
  const vCoord = varyingProperty('vec2', 'vSplatCoord');

  const vertexNode = Fn(() => {
    // slot i holds the i-th splat back to front, projected this frame
    const screen = projection.screen.element(splatSlot);
    const look = projection.look.element(splatSlot);
    const shape = halves(look.x as unknown as Node<'uint'>); // ratio, k
    const out = vec4(0, 0, 2, 1).toVar(); // outside the clip volume: culled
    If(shape.y.greaterThan(0), () => {
      const corner = triangleCorner();
      const a1 = halves(look.w as unknown as Node<'uint'>);
      const a2 = vec2(a1.y.negate(), a1.x).mul(shape.x);
      const pixel = screen.add(a1.mul(corner.x)).add(a2.mul(corner.y));
      out.assign(vec4(pixel.x.div(viewport.x).mul(2).sub(1), float(1).sub(pixel.y.div(viewport.y).mul(2)), 0.5, 1));
      vCoord.assign(corner.mul(shape.y));
      vColor.assign(vec4(halves(look.y as unknown as Node<'uint'>), halves(look.z as unknown as Node<'uint'>)));
    });
    return out;
  })();

  const fragmentNode = Fn(() => {
    // never positive (the reference's "skip if power > 0" cannot trigger here)
    const power = vCoord.dot(vCoord).mul(-0.5);
    const alpha = min(vColor.w.mul(exp(power)), MAX_ALPHA);
    If(alpha.lessThan(MIN_ALPHA), () => { Discard(); });
    return vec4(vColor.xyz.mul(alpha), alpha);
  })();

  return blendedSplatMaterial(vertexNode, fragmentNode);
}

/**
 * Premultiplied colour blended back to front over what is drawn (the sort gives the order), with
 * no depth test and both faces drawn: the blending every splat material of ours uses.
 */
export function blendedSplatMaterial(vertexNode: Node, fragmentNode: Node): NodeMaterial {
  const material = new NodeMaterial();
  material.vertexNode = vertexNode;
  material.fragmentNode = fragmentNode;
  // the triangle's winding depends on the splat's axes and the image's y-down flip: never cull it
  material.side = DoubleSide;
  material.transparent = true;
  material.depthTest = false;
  material.depthWrite = false;
  material.blending = CustomBlending;
  material.blendSrc = OneFactor;
  material.blendDst = OneMinusSrcAlphaFactor;
  material.blendSrcAlpha = OneFactor;
  material.blendDstAlpha = OneMinusSrcAlphaFactor;
  return material;
}
