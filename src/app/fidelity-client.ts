/** The page's fidelity worker: keeps scenes by key and compares a pane with the original at the current camera. */
import * as Comlink from 'comlink';
import type { Camera, SplatScene } from '../core/index.ts';
import type { ViewDifference } from '../../workers/fidelity-tasks.ts';
import type { FidelityWorkerApi } from '../../workers/fidelity-worker.ts';

export interface FidelityClient {
  keep(key: string, scene: SplatScene): Promise<void>;
  /** Keeps a result as its file, decoded when it is compared (`name` says its format). */
  keepFile(key: string, name: string, bytes: Uint8Array): Promise<void>;
  difference(reference: string, candidate: string, camera: Camera): Promise<ViewDifference>;
  /** Drops the scene kept as `key` and those kept under it (a closed scene and its results). */
  forget(key: string): Promise<void>;
}

export function createFidelityClient(): FidelityClient {
  const worker = new Worker(new URL('../../workers/fidelity-worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<FidelityWorkerApi>(worker);
  return {
    keep: (key, scene) => api.keep(key, scene),
    keepFile: (key, name, bytes) => api.keepFile(key, name, bytes),
    difference: (reference, candidate, camera) => api.difference(reference, candidate, camera),
    forget: (key) => api.forget(key),
  };
}
