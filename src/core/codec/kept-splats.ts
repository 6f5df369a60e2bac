/**
 * The splats a fit encodes and measures, named where they lie instead of copied out: `indices` of
 * `scene`, in that order, or every splat of `scene` (null). A fit at 5 % of a 6 M-splat scene keeps
 * about two thirds of it, and a copy of those splats held through the fit was the largest thing
 * the CLI held beside the scene itself; the encoder reads them in place (SplatfitWriteOptions.indices)
 * and the coded scene gathers them once into the arrays it codes (compress.ts codedScene).
 */
import type { SplatScene } from '../scene/splat-scene.ts';

export interface KeptSplats {
  readonly scene: SplatScene;
  readonly indices: Uint32Array | null;
}

/** Every splat of `scene`, in its order. */
export const allSplats = (scene: SplatScene): KeptSplats => ({ scene, indices: null });

export const keptCount = (splats: KeptSplats): number => splats.indices?.length ?? splats.scene.count;
