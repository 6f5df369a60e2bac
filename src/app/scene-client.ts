/**
 * The page's handle on scene reading: each open runs in a scene worker of its own, ended as soon as
 * the scene is back. Reading leaves garbage the worker's collector may not reach for a long time
 * (a 2 M-splat .ply's read chunks, 0.3 GB; a downloaded file's Blob, which the browser process
 * holds while any thread refers to it, as much again); ending the worker frees all of it at once.
 * The scene itself lives on: it is shared memory, or was transferred to the page.
 */
import * as Comlink from 'comlink';
import type { OpenedScene, SceneInput } from '../../workers/scene-tasks.ts';
import type { SceneWorkerApi } from '../../workers/scene-worker.ts';

export class SceneOpenError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface SceneClient {
  open(input: SceneInput, onProgress: (fraction: number) => void): Promise<OpenedScene>;
}

export function createSceneClient(): SceneClient {
  return {
    async open(input, onProgress) {
      const worker = new Worker(new URL('../../workers/scene-worker.ts', import.meta.url), { type: 'module' });
      try {
        const result = await Comlink.wrap<SceneWorkerApi>(worker).openScene(input, Comlink.proxy(onProgress));
        if (!result.ok) throw new SceneOpenError(result.code, result.message);
        return result.value;
      } finally {
        worker.terminate();
      }
    },
  };
}
