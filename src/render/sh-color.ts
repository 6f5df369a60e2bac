/**
 * View-dependent colour in TSL: the SH rest bands (degree ≤ 3) of one splat, read from the SH
 * texture's layers (each read once; their channels hold the values in turn, over the splat's SH
 * scale), times the basis for the view direction, summed onto the base colour. Bands above the scene's degree are left out
 * when the shader is built, so a degree-0 scene reads no SH texel.
 */
import type { Node } from 'three/webgpu';
import { vec3 } from 'three/tsl';
import { SH_C1, SH_C2, SH_C3, SH_ZERO_BYTE, shLayersFor } from '../core/index.ts';
import { layerTexelAt, type SplatTextures } from './splat-textures.ts';

/** `colorTexel`: the splat's texel of the colour texture, base colour then SH scale. */
export function shColor(textures: SplatTextures, splat: Node<'int'>, dir: Node<'vec3'>, colorTexel: Node<'vec4'>): Node<'vec3'> {
  const count = textures.shCoefficients;
  const color = colorTexel.xyz;
  if (count === 0) return color;
  // each layer once; coefficient k of channel c is value c·count + k (gpu-layout.ts)
  // a texel reads byte / 255; the value over the splat's scale is (byte − SH_ZERO_BYTE) / 127
  const layers = Array.from({ length: shLayersFor(count) }, (_, j) => layerTexelAt(textures.sh, splat, j).mul(255 / 127).sub(SH_ZERO_BYTE / 127).toVar());
  const value = (v: number) => {
    const texel = layers[v >> 2]!;
    return [texel.x, texel.y, texel.z, texel.w][v & 3]!;
  };
  const scale = colorTexel.w.toVar();
  const coefficient = (k: number) => vec3(value(k), value(count + k), value(2 * count + k)).mul(scale);
  const x = dir.x, y = dir.y, z = dir.z;
  let sum = color
    .add(coefficient(0).mul(y.mul(-SH_C1)))
    .add(coefficient(1).mul(z.mul(SH_C1)))
    .add(coefficient(2).mul(x.mul(-SH_C1)));
  if (count >= 8) {
    const xx = x.mul(x), yy = y.mul(y), zz = z.mul(z);
    sum = sum
      .add(coefficient(3).mul(x.mul(y).mul(SH_C2[0])))
      .add(coefficient(4).mul(y.mul(z).mul(SH_C2[1])))
      .add(coefficient(5).mul(zz.mul(2).sub(xx).sub(yy).mul(SH_C2[2])))
      .add(coefficient(6).mul(x.mul(z).mul(SH_C2[3])))
      .add(coefficient(7).mul(xx.sub(yy).mul(SH_C2[4])));
    if (count >= 15) {
      sum = sum
        .add(coefficient(8).mul(y.mul(xx.mul(3).sub(yy)).mul(SH_C3[0])))
        .add(coefficient(9).mul(x.mul(y).mul(z).mul(SH_C3[1])))
        .add(coefficient(10).mul(y.mul(zz.mul(4).sub(xx).sub(yy)).mul(SH_C3[2])))
        .add(coefficient(11).mul(z.mul(zz.mul(2).sub(xx.mul(3)).sub(yy.mul(3))).mul(SH_C3[3])))
        .add(coefficient(12).mul(x.mul(zz.mul(4).sub(xx).sub(yy)).mul(SH_C3[4])))
        .add(coefficient(13).mul(z.mul(xx.sub(yy)).mul(SH_C3[5])))
        .add(coefficient(14).mul(x.mul(xx.sub(yy.mul(3))).mul(SH_C3[6])));
    }
  }
  return sum;
}
