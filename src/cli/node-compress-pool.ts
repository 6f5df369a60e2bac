/** The compress pool on Node worker_threads: one worker per core, at most `limit` (the scene is shared between them; each holds its own working memory: preparations, projections, a fit's kept and coded splats). */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { CompressPool, type CompressWorker } from '../../workers/compress-pool.ts';
import type { CompressWorkerApi } from '../../workers/compress-worker-api.ts';

const WORKER_ENTRY = new URL('../../workers/compress-worker-node.mjs', import.meta.url);

export function spawnNodeCompressWorker(): CompressWorker {
  const worker = new Worker(WORKER_ENTRY);
  return { api: Comlink.wrap<CompressWorkerApi>(nodeEndpoint(worker)), terminate: () => void worker.terminate() };
}

export function createNodeCompressPool(limit = 4): CompressPool {
  return new CompressPool(spawnNodeCompressWorker, Math.max(1, Math.min(limit, availableParallelism())));
}
