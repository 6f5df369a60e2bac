/**
 * The page's handle on scene reading: each open runs in a scene worker of its own, ended as soon as
 * the scene is back. Reading leaves garbage the worker's collector may not reach for a long time
 * (a 2 M-splat .ply's read chunks, 0.3 GB; a downloaded file's Blob, which the browser process
 * holds while any thread refers to it, as much again); ending the worker frees all of it at once.
 * The scene itself lives on: it is shared memory, or was transferred to the page.
 */
import * as Comlink from 'comlink';
import { type DrawnScene, ErrorCode } from '../core/index.ts';
import type { OpenedScene, SceneInput, TaskResult } from '../../workers/scene-tasks.ts';
import type { SceneWorkerApi } from '../../workers/scene-worker.ts';

export class SceneOpenError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface SceneClient {
  /** `signal`: aborting it ends the read at once (its worker is ended) and rejects with code CANCELLED. */
  open(input: SceneInput, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<OpenedScene>;
  /** A file of ours (a result) read only to be drawn (scene-tasks.ts readForDrawing). */
  readForDrawing(name: string, bytes: Uint8Array): Promise<DrawnScene>;
}

export function createSceneClient(): SceneClient {
  return {
    open: (input, onProgress, signal) => inOwnWorker((api) => api.openScene(input, Comlink.proxy(onProgress)), signal),
    readForDrawing: (name, bytes) => inOwnWorker((api) => api.readForDrawing(name, bytes)),
  };
}

/** Runs one read in a scene worker of its own, ended once the read is back, or at once when `signal` aborts. */
async function inOwnWorker<T>(read: (api: Comlink.Remote<SceneWorkerApi>) => Promise<TaskResult<T>>, signal?: AbortSignal): Promise<T> {
  const worker = new Worker(new URL('../../workers/scene-worker.ts', import.meta.url), { type: 'module' });
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new SceneOpenError(ErrorCode.Cancelled, 'opening was cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    if (signal?.aborted === true) onAbort();
    const result = await Promise.race([read(Comlink.wrap<SceneWorkerApi>(worker)), aborted]);
    if (!result.ok) throw new SceneOpenError(result.code, result.message);
    return result.value;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}
