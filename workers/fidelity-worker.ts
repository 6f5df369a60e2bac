/** Web Worker entry for the fidelity lab: the tasks of fidelity-tasks.ts over comlink, with cancel by job id. */
import * as Comlink from 'comlink';
import type { Camera, SplatScene } from '../src/core/index.ts';
import { type CancelToken, compareTask, renderView, significanceTask, viewDifference, type ViewSet } from './fidelity-tasks.ts';

const jobs = new Map<number, CancelToken>();
/** Scenes kept here by key, so a camera's comparison does not post whole scenes each time. */
const scenes = new Map<string, SplatScene>();

async function withJob<T>(id: number, run: (token: CancelToken) => Promise<T>): Promise<T> {
  const token = { cancelled: false };
  jobs.set(id, token);
  try {
    return await run(token);
  } finally {
    jobs.delete(id);
  }
}

const api = {
  render(scene: SplatScene, view: number, width: number, height: number) {
    const { result, transfer } = renderView(scene, view, { width, height });
    return Comlink.transfer({ rgba: result, width, height }, transfer);
  },
  compare(id: number, reference: SplatScene, candidate: SplatScene, views: ViewSet, onProgress: (f: number) => void) {
    return withJob(id, (token) => compareTask(reference, candidate, views, token, onProgress));
  },
  async significance(id: number, scene: SplatScene, views: ViewSet, onProgress: (f: number) => void) {
    const weights = await withJob(id, (token) => significanceTask(scene, views, token, onProgress));
    return Comlink.transfer(weights, [weights.buffer as ArrayBuffer]);
  },
  keep(key: string, scene: SplatScene): void {
    scenes.set(key, scene);
  },
  /** Drops the scene kept as `key` and those kept under it (`key-…`: a closed scene's results). */
  forget(key: string): void {
    for (const kept of [...scenes.keys()]) if (kept === key || kept.startsWith(`${key}-`)) scenes.delete(kept);
  },
  /** PSNR and error heat map of kept scene `candidate` against kept scene `reference` at `camera`. */
  difference(reference: string, candidate: string, camera: Camera) {
    const a = scenes.get(reference), b = scenes.get(candidate);
    if (a === undefined || b === undefined) throw new Error(`scene '${a === undefined ? reference : candidate}' is not kept in the fidelity worker`);
    const result = viewDifference(a, b, camera);
    return Comlink.transfer(result, [result.heat.buffer as ArrayBuffer]);
  },
  /** Asks job `id` to stop; it rejects with CANCELLED at its next view. */
  cancel(id: number) {
    const token = jobs.get(id);
    if (token !== undefined) token.cancelled = true;
  },
};

export type FidelityWorkerApi = typeof api;

Comlink.expose(api);
