/**
 * Web Worker for the renderer's back-to-front order (src/core/raster/view-order.ts): it keeps a
 * scene's centres and answers each camera with a fresh order, transferred, so a large scene's sort
 * never blocks the page. The buffer of the previous order comes back to be reused.
 */
import * as Comlink from 'comlink';
import { backToFrontOrder, type DepthAxis } from '../src/core/index.ts';

let positions: Float32Array = new Float32Array(0);
let count = 0;
let depth = new Float32Array(0);

const api = {
  setPositions(next: Float32Array): void {
    positions = next;
    count = next.length / 3;
    depth = new Float32Array(count);
  },
  order(axis: DepthAxis, reuse?: Uint32Array): Uint32Array {
    const order = reuse !== undefined && reuse.length === count ? reuse : new Uint32Array(count);
    backToFrontOrder(positions, count, axis, order, depth);
    return Comlink.transfer(order, [order.buffer as ArrayBuffer]);
  },
};

export type SortWorkerApi = typeof api;

Comlink.expose(api);
