/** The page's compress pools: Web Workers running workers/compress-worker.ts, one per core (at most 4: the scene is shared where the page is cross-origin isolated, but each worker holds its own working memory). */
import * as Comlink from 'comlink';
import { CompressPool, type CompressWorker } from '../../workers/compress-pool.ts';
import type { CompressWorkerApi } from '../../workers/compress-worker-api.ts';

const MAX_WORKERS = 4;

function spawnCompressWorker(): CompressWorker {
  const worker = new Worker(new URL('../../workers/compress-worker.ts', import.meta.url), { type: 'module' });
  return { api: Comlink.wrap<CompressWorkerApi>(worker), terminate: () => worker.terminate() };
}

export function createBrowserCompressPool(): CompressPool {
  return new CompressPool(spawnCompressWorker, Math.max(1, Math.min(MAX_WORKERS, navigator.hardwareConcurrency || 2)));
}

/** One worker of its own for the budget slider's previews, so that fits never queue in front of them. */
export function createPreviewPool(): CompressPool {
  return new CompressPool(spawnCompressWorker, 1);
}
