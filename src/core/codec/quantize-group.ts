/**
 * A scene with one attribute group passed through the `.splatfit` codec at a given bit depth and
 * everything else untouched: exactly the loss that group's quantization causes, for sensitivity.
 */
import { Group } from '../formats/splatfit/constants.ts';
import { decodeStream } from '../formats/splatfit/read.ts';
import { encodeGroup } from '../formats/splatfit/write.ts';
import type { SplatScene } from '../scene/splat-scene.ts';

export function quantizeGroup(scene: SplatScene, group: number, bits: number, chunkSize: number): SplatScene {
  const stream = encodeGroup(scene, group, bits, chunkSize);
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
  decodeStream(stream, stream.raw, out, chunkSize);
  return out;
}
