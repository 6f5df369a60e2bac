/**
 * A pane's helper thread, one per renderer, so a large scene never blocks the page: it packs the
 * scene into the renderer's GPU layout (src/core/raster/gpu-layout.ts) and transfers it, then keeps
 * the scene's centres and level-of-detail weights (src/core/raster/level-of-detail.ts) and answers
 * each camera with a fresh back-to-front order of at most `budget` splats, transferred. The buffer
 * of the previous order comes back to be reused.
 */
import * as Comlink from 'comlink';
import {
  budgetedBackToFrontOrder, type DepthAxis, detailScratch, type DetailScratch, detailWeights, type GpuLayout, gpuLayout, gpuLayoutBuffers,
  type SplatScene,
} from '../src/core/index.ts';

let positions: Float32Array = new Float32Array(0);
let weights: Float32Array = new Float32Array(0);
let count = 0;
let scratch: DetailScratch = detailScratch(0);

const api = {
  /** Keeps what sorting needs of `scene` and returns its GPU layout for textures `rowTexels` wide (transferred). */
  setScene(scene: SplatScene, rowTexels: number): GpuLayout {
    // a copied scene's other arrays may share the positions' buffer: keep the centres alone
    positions = scene.positions.buffer instanceof SharedArrayBuffer ? scene.positions : scene.positions.slice();
    weights = detailWeights(scene);
    count = scene.count;
    scratch = detailScratch(count);
    const layout = gpuLayout(scene, rowTexels);
    return Comlink.transfer(layout, gpuLayoutBuffers(layout));
  },
  /** The order for `axis` of the `budget` most visible splats (all, when budget ≥ count): `drawn` entries of `order`. */
  order(axis: DepthAxis, budget: number, reuse?: Uint32Array): { order: Uint32Array; drawn: number } {
    const order = reuse !== undefined && reuse.length === count ? reuse : new Uint32Array(count);
    const drawn = budgetedBackToFrontOrder(positions, count, axis, weights, budget, order, scratch);
    return Comlink.transfer({ order, drawn }, [order.buffer as ArrayBuffer]);
  },
};

export type PaneWorkerApi = typeof api;

Comlink.expose(api);
