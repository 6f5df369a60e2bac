/**
 * A scene as the reference rasterizer draws it, where SH rest bands may be rows of one table
 * instead of a copy per splat. A `.splatfit` file whose SH rest is a vector codebook decodes every
 * splat's rest bands to one of a few thousand rows; written out per splat they are two thirds of a
 * coded SH 2 scene (96 of 152 B a splat: 380 MB for the 4 M splats a 6 M scene keeps at 5 %), and
 * the fits render such scenes in every measure and re-fit. As rows they take 2 B a splat. Only the
 * renders read them (projectSplats); a scene to write or show is always a SplatScene.
 */
import { shRestPerChannel } from './sh.ts';
import type { SplatScene } from './splat-scene.ts';

export interface RestRows {
  /** Row r's 3·(coefficients per channel) values at r times that, in shRest's per-splat order. */
  readonly table: Float32Array;
  /** Each splat's row of `table`. */
  readonly rows: Uint16Array;
}

export interface DrawnScene extends Omit<SplatScene, 'shRest'> {
  /** Per splat as in SplatScene, or each splat's row of a table. */
  readonly shRest: Float32Array | RestRows;
}

/** Where splat i's rest bands start: in `values`, at `rows[i]` (or i, when null) times the row width. */
export interface RestLookup {
  readonly values: Float32Array;
  readonly rows: Uint16Array | null;
}

export function restLookup(scene: DrawnScene): RestLookup {
  const rest = scene.shRest;
  return rest instanceof Float32Array ? { values: rest, rows: null } : { values: rest.table, rows: rest.rows };
}

/** `scene` with rows of a table as its rest bands (the table's width must be the scene's degree's). */
export function withRestRows(scene: Omit<SplatScene, 'shRest'>, rest: RestRows): DrawnScene {
  const width = 3 * shRestPerChannel(scene.shDegree);
  if (width === 0 || rest.table.length % width !== 0 || rest.rows.length !== scene.count) {
    throw new RangeError(`rest rows of ${rest.rows.length} splats in a table of ${rest.table.length} values do not fit ${scene.count} splats of SH degree ${scene.shDegree}`);
  }
  return { ...scene, shRest: rest };
}
