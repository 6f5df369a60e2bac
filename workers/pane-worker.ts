/**
 * A pane's helper thread, one per renderer, so a large scene never blocks the page: the sorter of
 * pane-tasks.ts over comlink. The GPU layout and each order are transferred; the buffer of the
 * previous order comes back to be reused.
 */
import * as Comlink from 'comlink';
import { type DepthAxis, type DrawnScene, freeNow, gpuLayoutBuffers, sceneBuffers } from '../src/core/index.ts';
import { createPaneSorter } from './pane-tasks.ts';

const sorter = createPaneSorter();

const api = {
  setScene(scene: DrawnScene, rowTexels: number) {
    const packed = sorter.setScene(scene, rowTexels);
    // this thread's copy (or the page's, moved here): the sorter kept what it needs, the rest goes now, not at a collection
    freeNow(sceneBuffers(scene));
    return Comlink.transfer(packed, gpuLayoutBuffers(packed.layout));
  },
  order(axis: DepthAxis, budget: number, reuse?: Uint32Array) {
    const result = sorter.order(axis, budget, reuse);
    return Comlink.transfer(result, [result.order.buffer as ArrayBuffer]);
  },
};

export type PaneWorkerApi = typeof api;

Comlink.expose(api);
