/** Node worker_threads entry for budget fitting: the same API as the Web Worker, over comlink's Node adapter. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { nodeWebpDecoder, nodeWebpEncoder } from '../src/cli/node-platform.ts';
import { collectingAfterEachCall, releaseMemory } from '../src/cli/release-memory.ts';
import { createCompressWorkerApi } from './compress-worker-api.ts';

if (parentPort === null) throw new Error('compress-worker-node.ts must run in a worker thread');
// Each task's dead buffers are collected when it ends, not when this worker next allocates.
const api = createCompressWorkerApi(async () => ({ encode: await nodeWebpEncoder(), decode: await nodeWebpDecoder() }), releaseMemory);
Comlink.expose(collectingAfterEachCall(api), nodeEndpoint(parentPort));
