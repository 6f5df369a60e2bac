/** Web Worker entry for budget fitting (compress-worker-api.ts over comlink). */
import * as Comlink from 'comlink';
import { createCompressWorkerApi } from './compress-worker-api.ts';

Comlink.expose(createCompressWorkerApi());
