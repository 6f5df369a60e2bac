/** Web Worker entry for the fidelity lab: the tasks of fidelity-tasks.ts over comlink, with cancel by job id. */
import * as Comlink from 'comlink';
import { type Camera, type DrawnScene, freeNow, readDrawnScene, sceneBuffers, type SplatScene } from '../src/core/index.ts';
import { createWebpDecoder } from '../src/platform/webp-decoder.ts';
import { type CancelToken, compareTask, renderView, significanceTask, viewDifference, type ViewSet } from './fidelity-tasks.ts';

const jobs = new Map<number, CancelToken>();
/** Scenes kept here by key, so a camera's comparison does not post whole scenes each time. */
const scenes = new Map<string, DrawnScene>();
/** Results kept as their files: decoded for each comparison, so no decoded copy outlives it. */
const files = new Map<string, { name: string; bytes: Uint8Array }>();
/** A result file of at most this many splats stays decoded once decoded (0.16 GB at SH degree 2 read whole, less as a .splatfit is), so a small scene's checks decode once. */
const KEEP_DECODED_UP_TO = 1 << 20;

/** Kept scene `key`, decoded from its file where it is kept as one; `release` gives back what was decoded for this call only. */
async function keptScene(key: string): Promise<{ scene: DrawnScene; release: () => void }> {
  const scene = scenes.get(key);
  if (scene !== undefined) return { scene, release: () => {} };
  const file = files.get(key);
  if (file === undefined) throw new Error(`scene '${key}' is not kept in the fidelity worker`);
  // a .splatfit keeps its SH rest as codebook rows (readDrawnScene)
  const decoded = await readDrawnScene(file.name, file.bytes, { decodeImage: createWebpDecoder() });
  if (decoded.count <= KEEP_DECODED_UP_TO && files.has(key)) {
    scenes.set(key, decoded);
    return { scene: decoded, release: () => {} };
  }
  // 0.23 GB for 5 % of the 6 M tiling: back at once, not at this thread's next collection (the file itself stays)
  return { scene: decoded, release: () => freeNow(sceneBuffers(decoded).filter((b) => b !== file.bytes.buffer)) };
}

async function withJob<T>(id: number, run: (token: CancelToken) => Promise<T>): Promise<T> {
  const token = { cancelled: false };
  jobs.set(id, token);
  try {
    return await run(token);
  } finally {
    jobs.delete(id);
  }
}

const api = {
  render(scene: SplatScene, view: number, width: number, height: number) {
    const { result, transfer } = renderView(scene, view, { width, height });
    return Comlink.transfer({ rgba: result, width, height }, transfer);
  },
  compare(id: number, reference: SplatScene, candidate: SplatScene, views: ViewSet, onProgress: (f: number) => void) {
    return withJob(id, (token) => compareTask(reference, candidate, views, token, onProgress));
  },
  async significance(id: number, scene: SplatScene, views: ViewSet, onProgress: (f: number) => void) {
    const weights = await withJob(id, (token) => significanceTask(scene, views, token, onProgress));
    return Comlink.transfer(weights, [weights.buffer as ArrayBuffer]);
  },
  keep(key: string, scene: SplatScene): void {
    scenes.set(key, scene);
  },
  /** Keeps a result as its file (`name` says its format). */
  keepFile(key: string, name: string, bytes: Uint8Array): void {
    files.set(key, { name, bytes });
  },
  /** Drops the scene kept as `key` and those kept under it (`key-…`: a closed scene's results). */
  forget(key: string): void {
    const under = (kept: string): boolean => kept === key || kept.startsWith(`${key}-`);
    for (const kept of [...scenes.keys()]) if (under(kept)) scenes.delete(kept);
    for (const kept of [...files.keys()]) if (under(kept)) files.delete(kept);
  },
  /** PSNR and error heat map of kept scene `candidate` against kept scene `reference` at `camera`. */
  async difference(reference: string, candidate: string, camera: Camera) {
    const a = await keptScene(reference), b = await keptScene(candidate);
    try {
      const result = viewDifference(a.scene, b.scene, camera);
      return Comlink.transfer(result, [result.heat.buffer as ArrayBuffer]);
    } finally {
      a.release();
      b.release();
    }
  },
  /** Asks job `id` to stop; it rejects with CANCELLED at its next view. */
  cancel(id: number) {
    const token = jobs.get(id);
    if (token !== undefined) token.cancelled = true;
  },
};

export type FidelityWorkerApi = typeof api;

Comlink.expose(api);
