/** Web Worker entry: exposes the scene tasks over comlink, transferring buffers back. */
import * as Comlink from 'comlink';
import { openScene, readForDrawing, type SceneInput } from './scene-tasks.ts';

const api = {
  async openScene(input: SceneInput, onProgress: (fraction: number) => void) {
    const { result, transfer } = await openScene(input, onProgress);
    return Comlink.transfer(result, transfer);
  },
  async readForDrawing(name: string, bytes: Uint8Array) {
    const { result, transfer } = await readForDrawing(name, bytes);
    return Comlink.transfer(result, transfer);
  },
};

export type SceneWorkerApi = typeof api;

Comlink.expose(api);
