/**
 * Where each 3DGS PLY property lands in the scene model. The names are the reference trainer's
 * (docs/formats.md, "3DGS PLY"); any other property (normals, "transform", custom fields) is skipped.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';
import { shDegreeForRestPerChannel } from '../../scene/sh.ts';
import type { SplatScene } from '../../scene/splat-scene.ts';
import type { PlyElement, PlyProperty } from './header.ts';

export type SceneField = 'positions' | 'logScales' | 'rotations' | 'opacities' | 'shDc' | 'shRest';

/** One property's destination: array `field`, slot `slot` of `stride` per splat. */
export interface PropertyTarget {
  readonly property: PlyProperty;
  readonly field: SceneField;
  readonly slot: number;
}

const FIXED: ReadonlyArray<readonly [string, SceneField, number]> = [
  ['x', 'positions', 0], ['y', 'positions', 1], ['z', 'positions', 2],
  ['scale_0', 'logScales', 0], ['scale_1', 'logScales', 1], ['scale_2', 'logScales', 2],
  ['rot_0', 'rotations', 0], ['rot_1', 'rotations', 1], ['rot_2', 'rotations', 2], ['rot_3', 'rotations', 3],
  ['opacity', 'opacities', 0],
  ['f_dc_0', 'shDc', 0], ['f_dc_1', 'shDc', 1], ['f_dc_2', 'shDc', 2],
];

/** Names of the fixed (non-SH-rest) properties in the trainer's order, for the writer. */
export const TRAINER_ORDER = {
  head: ['x', 'y', 'z', 'nx', 'ny', 'nz', 'f_dc_0', 'f_dc_1', 'f_dc_2'],
  tail: ['opacity', 'scale_0', 'scale_1', 'scale_2', 'rot_0', 'rot_1', 'rot_2', 'rot_3'],
} as const;

export interface VertexLayout {
  readonly targets: readonly PropertyTarget[];
  readonly shDegree: number;
}

/** Maps a vertex element's properties to scene fields, refusing elements that lack a 3DGS field. */
export function mapVertexProperties(vertex: PlyElement, file: string): VertexLayout {
  const byName = new Map(vertex.properties.map((p) => [p.name, p]));
  const targets: PropertyTarget[] = [];
  for (const [name, field, slot] of FIXED) {
    const property = byName.get(name);
    if (property === undefined) {
      throw new SplatfitError(
        ErrorCode.MissingProperty,
        `vertex element has no '${name}' property; a 3DGS PLY needs x y z scale_0..2 rot_0..3 opacity f_dc_0..2`,
        { file, field: name },
      );
    }
    targets.push({ property, field, slot });
  }
  let restCount = 0;
  while (byName.has(`f_rest_${restCount}`)) restCount++;
  const shDegree = restCount % 3 === 0 ? shDegreeForRestPerChannel(restCount / 3) : -1;
  if (shDegree < 0) {
    throw new SplatfitError(
      ErrorCode.BadHeader,
      `found f_rest_0..f_rest_${restCount - 1} (${restCount} coefficients); expected 0, 9, 24 or 45 for SH degree 0–3`,
      { file, field: `f_rest_${restCount}` },
    );
  }
  for (let j = 0; j < restCount; j++) targets.push({ property: byName.get(`f_rest_${j}`)!, field: 'shRest', slot: j });
  return { targets, shDegree };
}

/** Values per splat in each scene field, for a given degree. */
export function fieldStride(field: SceneField, scene: SplatScene): number {
  if (field === 'shRest') return scene.count === 0 ? 0 : scene.shRest.length / scene.count;
  return field === 'rotations' ? 4 : field === 'opacities' ? 1 : 3;
}
