/** The page's handle on the scene worker: spawns it, forwards progress, unwraps results. */
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
  const worker = new Worker(new URL('../../workers/scene-worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<SceneWorkerApi>(worker);
  return {
    async open(input, onProgress) {
      const result = await api.openScene(input, Comlink.proxy(onProgress));
      if (!result.ok) throw new SceneOpenError(result.code, result.message);
      return result.value;
    },
  };
}
