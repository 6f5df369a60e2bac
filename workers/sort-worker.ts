/**
 * Web Worker for the renderer's back-to-front order (src/core/raster/view-order.ts): it keeps a
 * scene's centres and level-of-detail weights (src/core/raster/level-of-detail.ts) and answers each
 * camera with a fresh order of at most `budget` splats, transferred, so a large scene's sort never
 * blocks the page. The buffer of the previous order comes back to be reused.
 */
import * as Comlink from 'comlink';
import { budgetedBackToFrontOrder, type DepthAxis, detailScratch, type DetailScratch } from '../src/core/index.ts';

let positions: Float32Array = new Float32Array(0);
let weights: Float32Array = new Float32Array(0);
let count = 0;
let scratch: DetailScratch = detailScratch(0);

const api = {
  setScene(nextPositions: Float32Array, nextWeights: Float32Array): void {
    positions = nextPositions;
    weights = nextWeights;
    count = nextWeights.length;
    scratch = detailScratch(count);
  },
  /** The order for `axis` of the `budget` most visible splats (all, when budget ≥ count): `drawn` entries of `order`. */
  order(axis: DepthAxis, budget: number, reuse?: Uint32Array): { order: Uint32Array; drawn: number } {
    const order = reuse !== undefined && reuse.length === count ? reuse : new Uint32Array(count);
    const drawn = budgetedBackToFrontOrder(positions, count, axis, weights, budget, order, scratch);
    return Comlink.transfer({ order, drawn }, [order.buffer as ArrayBuffer]);
  },
};

export type SortWorkerApi = typeof api;

Comlink.expose(api);
