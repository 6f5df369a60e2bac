/** Web Worker entry for budget fitting (compress-worker-api.ts over comlink). */
import * as Comlink from 'comlink';
import { createWebpDecoder } from '../src/platform/webp-decoder.ts';
import { createWebpEncoder } from '../src/platform/webp-encoder.ts';
import { createCompressWorkerApi } from './compress-worker-api.ts';

Comlink.expose(createCompressWorkerApi(async () => ({ encode: createWebpEncoder(), decode: createWebpDecoder() })));
