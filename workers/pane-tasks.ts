/**
 * What a pane's helper thread (pane-worker.ts) does, as a plain object the tests drive inline: it
 * packs a scene into the renderer's GPU layout (src/core/raster/gpu-layout.ts), then keeps the
 * scene's centres and level-of-detail weights (src/core/raster/level-of-detail.ts) and answers each
 * camera with a back-to-front order of at most `budget` splats.
 *
 * What it keeps is its own copy: the page hands a shown scene to its analysis, which reorders it in
 * place (scene-analysis.ts startAnalysis), while the GPU keeps the layout packed before that.
 */
import {
  type Bounds, budgetedBackToFrontOrder, computeBounds, type DepthAxis, detailScratch, detailWeights, type DrawnScene, type GpuLayout, gpuLayout,
} from '../src/core/index.ts';

/** A scene packed for the GPU, with the bounds of its centres (the renderer's sort trigger scales its thresholds by them). */
export interface PackedScene {
  readonly layout: GpuLayout;
  readonly bounds: Bounds;
}

export interface PaneSorter {
  /**
   * Keeps what sorting needs of `scene` and returns its GPU layout for textures `rowTexels` wide,
   * with its bounds: measured here, so the page's thread never walks the scene (38 ms in a scratch
   * CPU profile of the page opening the 6 M tiling).
   */
  setScene(scene: DrawnScene, rowTexels: number): PackedScene;
  /** The order for `axis` of the `budget` most visible splats (all, when budget ≥ count): `drawn` entries of `order`. */
  order(axis: DepthAxis, budget: number, reuse?: Uint32Array): { order: Uint32Array; drawn: number };
}

export function createPaneSorter(): PaneSorter {
  let positions: Float32Array = new Float32Array(0), weights: Float32Array = new Float32Array(0), count = 0, scratch = detailScratch(0);
  return {
    setScene(scene, rowTexels) {
      positions = scene.positions.slice();
      weights = detailWeights(scene);
      count = scene.count;
      scratch = detailScratch(count);
      return { layout: gpuLayout(scene, rowTexels), bounds: computeBounds(scene) };
    },
    order(axis, budget, reuse) {
      const order = reuse !== undefined && reuse.length === count ? reuse : new Uint32Array(count);
      const drawn = budgetedBackToFrontOrder(positions, count, axis, weights, budget, order, scratch);
      return { order, drawn };
    },
  };
}
