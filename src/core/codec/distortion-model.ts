/**
 * The image error each group's coding causes (mean squared error over decision views, RGB in
 * [0, 1], that group coded, everything else exact): the D in the solver's D + λ·bytes.
 *
 * Rendering every candidate coding of every group would take minutes on large scenes, so only the
 * calibration ladder (uniform depths, coding-ladder.ts) is rendered. Every coding's *attribute*
 * error — the significance-weighted mean squared difference of the values it stores — is cheap to
 * compute; the rendered ladder gives, per group and per scene, a curve from attribute error to
 * image error, and the other codings (Lloyd–Max levels, chunked ranges, vector codebooks) are read
 * off that curve. Measured per scene: nothing here is tuned to a scene.
 */
import { meanSquaredError } from '../fidelity/metrics.ts';
import type { ProgressCallback } from '../io/byte-source.ts';
import type { Camera } from '../raster/camera.ts';
import { prepareSplats } from '../raster/prepared-splats.ts';
import { rasterize, type RasterImage } from '../raster/rasterize.ts';
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import { Group, GROUP_NAMES } from '../formats/splatfit/constants.ts';
import type { EncodeContext } from '../formats/splatfit/encode-group.ts';
import { groupPlanes } from '../formats/splatfit/group-planes.ts';
import type { CodingGroup } from '../formats/splatfit/write.ts';
import type { SplatScene } from '../scene/splat-scene.ts';
import { applyCoding } from './apply-coding.ts';
import { assignNested, type CodebookLabels } from './codebook.ts';
import { calibrationCodings, candidateCodings, codingGroups, codingKey } from './coding-ladder.ts';

/** A coding and its predicted image error. */
export interface CodingError {
  readonly coding: GroupCoding;
  readonly error: number;
}

/** Per group, every candidate coding with its image error: plain data, posted to workers. */
export type DistortionTable = Partial<Record<CodingGroup, readonly CodingError[]>>;

export interface DistortionOptions {
  onProgress?: ProgressCallback;
  /**
   * Only these groups (default every group the scene has), so threads can measure groups apart:
   * each group's row is measured on its own, except the SH rest's, which is read off the SH
   * bands' curves and so needs the bands with it.
   */
  groups?: readonly CodingGroup[];
}

/** Group number of a coding group. */
export const groupNumber = (name: CodingGroup): number => (name === 'shRest' ? Group.ShRest : GROUP_NAMES.indexOf(name));

/**
 * `scene` is the sample the errors are measured on (the most significant splats, in encoding
 * order), `weights` its significance, `context` how it is encoded (chunk size, SH codebook).
 */
export function measureDistortion(scene: SplatScene, weights: Float32Array, cameras: readonly Camera[], given: EncodeContext, options: DistortionOptions = {}): DistortionTable {
  const context = withRestLabels(scene, given);
  const original = prepareSplats(scene);
  const references: RasterImage[] = cameras.map((camera) => rasterize(scene, camera, { prepared: original }));
  const imageError = (coded: SplatScene, group: number): number => {
    // Colour groups leave the geometry the original's: its preparation serves.
    const prepared = group >= Group.ShDc ? original : prepareSplats(coded);
    return cameras.reduce((s, camera, k) => s + meanSquaredError(references[k]!, rasterize(coded, camera, { prepared })), 0) / cameras.length;
  };
  const groups = codingGroups(scene.shDegree).filter((g) => options.groups?.includes(g) ?? true);
  const vectorLevels = context.shCodebook?.levels.length ?? 0;
  const work = groups.reduce((s, g) => s + candidateCodings(g, vectorLevels).length + calibrationCodings(g).length, 0);
  let done = 0;
  const step = (): void => options.onProgress?.(++done / work);
  const table: DistortionTable = {};
  const curves = new Map<number, Curve>();
  // Calibrate every attribute group first: the vector codebook's bands are read off the bands' curves.
  for (const name of groups.filter((g) => g !== 'shRest')) {
    const group = groupNumber(name);
    const points: [number, number][] = [];
    const measured = new Map<string, number>();
    for (const coding of calibrationCodings(name)) {
      const coded = applyCoding(scene, group, coding, context);
      const error = imageError(coded, group);
      points.push([attributeError(scene, coded, group, weights), error]);
      measured.set(codingKey(coding), error);
      step();
    }
    const curve = monotoneCurve(points);
    curves.set(group, curve);
    const row: CodingError[] = [];
    for (const coding of candidateCodings(name, vectorLevels)) {
      const known = coding.kind === 'float' ? 0 : measured.get(codingKey(coding));
      row.push({ coding, error: known ?? curve(attributeError(scene, applyCoding(scene, group, coding, context), group, weights)) });
      step();
    }
    table[name] = row;
  }
  if (groups.includes('shRest')) {
    table.shRest = candidateCodings('shRest', vectorLevels).map((coding) => {
      const coded = applyCoding(scene, Group.ShRest, coding, context);
      let error = 0;
      for (let band = 1; band <= scene.shDegree; band++) error += curves.get(Group.ShDc + band)!(attributeError(scene, coded, Group.ShDc + band, weights));
      step();
      return { coding, error };
    });
  }
  return table;
}

/**
 * The context with each level's codebook labels of the sample assigned once: every vector-codebook
 * coding of a level (four "none" fractions) would otherwise walk the tree for every splat again.
 */
function withRestLabels(scene: SplatScene, context: EncodeContext): EncodeContext {
  const codebook = context.shCodebook;
  if (codebook === undefined || context.restLabels !== undefined) return context;
  const labels = new Map<number, CodebookLabels>();
  return {
    ...context,
    restLabels: (level) => {
      let found = labels.get(level);
      if (found === undefined) labels.set(level, (found = assignNested(codebook, level, scene.shRest)));
      return found;
    },
  };
}

/**
 * Significance-weighted mean over splats of the squared difference of a group's stored values
 * (rotations: of the unit quaternions, sign-aligned, since q and −q are one rotation).
 */
export function attributeError(original: SplatScene, coded: SplatScene, group: number, weights: Float32Array): number {
  const a = groupPlanes(original, group), b = groupPlanes(coded, group);
  const n = original.count;
  let total = 0, mass = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    if (group === Group.Rotations) {
      const na = norm4(a, i) || 1, nb = norm4(b, i) || 1;
      let dot = 0;
      for (let c = 0; c < 4; c++) dot += a[c]![i]! * b[c]![i]!;
      const sign = dot < 0 ? -1 : 1;
      for (let c = 0; c < 4; c++) sum += (a[c]![i]! / na - (sign * b[c]![i]!) / nb) ** 2;
    } else {
      for (let c = 0; c < a.length; c++) sum += (a[c]![i]! - b[c]![i]!) ** 2;
    }
    total += weights[i]! * sum;
    mass += weights[i]!;
  }
  return mass > 0 ? total / mass : 0;
}

type Curve = (attribute: number) => number;

/**
 * Image error as a function of attribute error through measured points: sorted, made
 * non-decreasing, interpolated on log–log axes, and proportional beyond the ends.
 */
export function monotoneCurve(points: readonly (readonly [number, number])[]): Curve {
  const sorted = points.filter(([a, d]) => a > 0 && d >= 0).map(([a, d]) => [a, d] as [number, number]).sort((p, q) => p[0] - q[0]);
  for (let k = 1; k < sorted.length; k++) sorted[k]![1] = Math.max(sorted[k]![1], sorted[k - 1]![1]);
  if (sorted.length === 0) return () => 0;
  const tiny = 1e-30;
  return (attribute) => {
    if (attribute <= 0) return 0;
    const first = sorted[0]!, last = sorted[sorted.length - 1]!;
    if (attribute <= first[0]) return first[1] * (attribute / first[0]);
    if (attribute >= last[0]) return last[1] * (attribute / last[0]);
    let k = 1;
    while (sorted[k]![0] < attribute) k++;
    const [a0, d0] = sorted[k - 1]!, [a1, d1] = sorted[k]!;
    const t = (Math.log(attribute) - Math.log(a0)) / (Math.log(a1) - Math.log(a0));
    return Math.exp((1 - t) * Math.log(Math.max(tiny, d0)) + t * Math.log(Math.max(tiny, d1)));
  };
}

/** Image error of dropping SH band `band` (1–3) altogether, as measured (0 if the scene has no such band). */
export function droppedBandError(table: DistortionTable, band: number): number {
  const row = table[`shBand${band}` as 'shBand1'] ?? [];
  return row.find(({ coding }) => coding.kind === 'uniform' && coding.bits === 0)?.error ?? 0;
}

/** Length of the 4-vector at splat i of four planes (Math.hypot is several times slower in V8). */
function norm4(planes: readonly Float32Array[], i: number): number {
  const w = planes[0]![i]!, x = planes[1]![i]!, y = planes[2]![i]!, z = planes[3]![i]!;
  return Math.sqrt(w * w + x * x + y * y + z * z);
}
