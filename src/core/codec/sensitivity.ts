/**
 * Sensitivity table D[group][bits]: the image error (mean squared error over the standard views,
 * RGB in [0, 1]) caused by quantizing that one group to that many bits, everything else exact.
 * The budget solver trades these against the bytes each choice costs. Views are rendered small
 * (the error ranks choices; absolute PSNR comes from the final comparison). Pass the scene in the
 * order it will be encoded (Morton), since position chunks follow that order.
 */
import type { ProgressCallback } from '../io/byte-source.ts';
import type { Camera } from '../raster/camera.ts';
import { rasterize, type RasterImage } from '../raster/rasterize.ts';
import { meanSquaredError } from '../fidelity/metrics.ts';
import { DEFAULT_CHUNK_SIZE, Group, GROUP_NAMES, type GroupName } from '../formats/splatfit/constants.ts';
import type { SplatScene } from '../scene/splat-scene.ts';
import { quantizeGroup } from './quantize-group.ts';

/** Bit depths the solver chooses among (0 only where dropping makes sense: SH bands). */
export const BIT_LADDER = [2, 3, 4, 5, 6, 8, 10, 12, 16] as const;

export type SensitivityTable = Partial<Record<GroupName, Map<number, number>>>;

export interface SensitivityOptions {
  ladder?: readonly number[];
  chunkSize?: number;
  onProgress?: ProgressCallback;
}

/** Groups a scene of this SH degree has. */
export function groupsOf(shDegree: number): GroupName[] {
  return GROUP_NAMES.slice(0, Group.ShDc + 1 + shDegree);
}

export function measureSensitivity(scene: SplatScene, cameras: readonly Camera[], options: SensitivityOptions = {}): SensitivityTable {
  const ladder = options.ladder ?? BIT_LADDER;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const references: RasterImage[] = cameras.map((camera) => rasterize(scene, camera));
  const groups = groupsOf(scene.shDegree);
  const table: SensitivityTable = {};
  let done = 0;
  const total = groups.length * (ladder.length + 1);
  for (const name of groups) {
    const group = GROUP_NAMES.indexOf(name);
    const row = new Map<number, number>();
    const depths = group > Group.ShDc ? [0, ...ladder] : ladder;
    for (const bits of depths) {
      const quantized = quantizeGroup(scene, group, bits, chunkSize);
      let sum = 0;
      cameras.forEach((camera, k) => { sum += meanSquaredError(references[k]!, rasterize(quantized, camera)); });
      row.set(bits, sum / cameras.length);
      options.onProgress?.(++done / total);
    }
    table[name] = row;
  }
  return table;
}
