/**
 * A scene with one attribute group passed through its `.splatfit` coding and back, everything
 * else untouched: exactly the loss that group's coding causes (for sensitivities and the
 * distortion model). The result shares the untouched arrays with the input.
 */
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import { Group } from '../formats/splatfit/constants.ts';
import { decodeGroup } from '../formats/splatfit/decode-group.ts';
import { type EncodeContext, encodeGroup } from '../formats/splatfit/encode-group.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

export function applyCoding(scene: SplatScene, group: number, coding: GroupCoding, context: EncodeContext): SplatScene {
  const stream = encodeGroup(scene, group, coding, context);
  const out: SplatScene = {
    ...scene,
    positions: group === Group.Positions ? new Float32Array(scene.positions.length) : scene.positions,
    logScales: group === Group.LogScales ? new Float32Array(scene.logScales.length) : scene.logScales,
    rotations: group === Group.Rotations ? new Float32Array(scene.rotations.length) : scene.rotations,
    opacities: group === Group.Opacity ? new Float32Array(scene.opacities.length) : scene.opacities,
    shDc: group === Group.ShDc ? new Float32Array(scene.shDc.length) : scene.shDc,
    // SH bands share one array: copy it, then overwrite the band's coefficients.
    shRest: group > Group.ShDc ? scene.shRest.slice() : scene.shRest,
  };
  decodeGroup(stream, stream.table, stream.sections, out, context.chunkSize);
  return out;
}
