/**
 * A full garbage collection on demand, for Node's threads. V8 collects when a thread allocates,
 * so a thread that has finished a task and sits idle keeps that task's dead buffers (hundreds of
 * MB on a multi-million-splat scene) resident while another thread peaks. The CLI's threads call
 * this at the end of each task, so the process' peak is what is alive, not what is dead.
 *
 * Importing this module exposes V8's `gc` to every thread started afterwards (workers read it
 * from their global); this thread gets it through a fresh context, since its own global was made
 * before the flag was set.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = (globalThis as { gc?: () => void }).gc ?? (runInNewContext('gc') as () => void);

/**
 * Two collections: V8 sweeps the ArrayBuffers a collection found dead on a background thread, and
 * their memory may still be resident when the collection returns (in a scratch script a dropped
 * 100 MiB scene was gone after one collection in one run of two, after two in two runs of three,
 * the third with part of it gone), which a thread that goes on computing keeps until it next collects.
 */
export function releaseMemory(): void {
  collect();
  collect();
}

/** `api` with a collection after each of its methods settles (a worker's exposed tasks). */
export function collectingAfterEachCall<T extends object>(api: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api)) {
    wrapped[name] = typeof method !== 'function' ? method : async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => unknown).apply(api, args);
      } finally {
        releaseMemory();
      }
    };
  }
  return wrapped as T;
}

/**
 * A collection at most once every `ms`, for the CLI's main thread: it allocates little JavaScript
 * heap of its own, so V8 seldom collects it, while the workers' results it combines (significance
 * per round, images, planning shares; tens of MB each on a multi-million-splat scene) die in it.
 * At the 2 M tiling's report such a collection returned about 110 MB. Called as progress arrives.
 */
export function collectingAtMost(ms: number): () => void {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < ms) return;
    releaseMemory();
    last = performance.now();
  };
}
