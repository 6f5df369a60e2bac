/**
 * The scene worker's tasks: plain async functions of one clone-friendly argument that return
 * `{ result, transfer }`, so they run the same inline (tests) or behind comlink (the page).
 */
import {
  blobSource, type BlobLike, type DrawnScene, framingSample, type FramingSample, isSplatfitError, readDrawnScene, readScene,
  type SceneFacts, type SplatScene, sceneBuffers,
} from '../src/core/index.ts';
import { createWebpDecoder } from '../src/platform/webp-decoder.ts';

/** What the page hands over: dropped/picked files (a SOG arrives as meta.json plus its images). */
export type SceneInput =
  | { kind: 'files'; main: { name: string; blob: BlobLike }; siblings: { name: string; blob: BlobLike }[]; title?: string }
  | { kind: 'url'; url: string; name: string };

export interface OpenedScene {
  facts: SceneFacts;
  scene: SplatScene;
  /** Where a camera should look to see the scene, ignoring stray splats: the page frames its views from this, never from the scene. */
  frame: FramingSample;
}

export type TaskResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export interface TaskOutput<T> {
  result: TaskResult<T>;
  transfer: Transferable[];
}

export async function openScene(input: SceneInput, onProgress: (fraction: number) => void): Promise<TaskOutput<OpenedScene>> {
  try {
    const { main, siblings } = input.kind === 'files' ? input : await fetchInput(input);
    const byName = new Map(siblings.map((s) => [s.name, s.blob]));
    const { scene, facts } = await readScene(blobSource(main.name, main.blob), {
      onProgress: (f) => onProgress(0.9 * f),
      decodeImage: createWebpDecoder(),
      sogFiles: async (name) => {
        const blob = byName.get(name.split('/').pop()!);
        if (blob === undefined) throw new Error(`'${name}' is named by ${main.name} but was not opened with it; drop the whole SOG folder`);
        return new Uint8Array(await blob.slice(0, blob.size).arrayBuffer());
      },
    });
    onProgress(1);
    const frame = framingSample(scene);
    return { result: { ok: true, value: { facts, scene, frame } }, transfer: [...sceneBuffers(scene), frame.points.buffer as ArrayBuffer] };
  } catch (error) {
    return { result: failure(error), transfer: [] };
  }
}

/**
 * A file of ours read to be drawn (a result's pane): a `.splatfit` keeps its SH rest as the file
 * codes it (readDrawnScene), 0.23 GB instead of 0.6 GB for 5 % of the 6 M tiling of playbot-500k.
 */
export async function readForDrawing(name: string, bytes: Uint8Array): Promise<TaskOutput<DrawnScene>> {
  try {
    const scene = await readDrawnScene(name, bytes, { decodeImage: createWebpDecoder() });
    return { result: { ok: true, value: scene }, transfer: sceneBuffers(scene) };
  } catch (error) {
    return { result: failure(error), transfer: [] };
  }
}

async function fetchInput(input: { url: string; name: string }): Promise<{ main: { name: string; blob: BlobLike }; siblings: [] }> {
  const response = await fetch(input.url);
  if (!response.ok) throw new Error(`${input.name}: could not download ${input.url} (HTTP ${response.status})`);
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    // Single-page servers answer unknown paths with the app's own page.
    throw new Error(`${input.name}: no scene at ${input.url} (the server answered with a web page)`);
  }
  const blob = await response.blob();
  assertWhole(input, response, blob.size);
  return { main: { name: input.name, blob }, siblings: [] };
}

/**
 * A body shorter than the server's Content-Length is a download cut short, not a short file: said
 * so, rather than read as a file that ends early. (Chromium has handed over such a body without an
 * error: memory-check.ts.) An encoded body's length is not the file's, so it is not checked.
 */
function assertWhole(input: { url: string; name: string }, response: Response, received: number): void {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (response.headers.has('content-encoding') || !Number.isFinite(declared) || received >= declared) return;
  throw new Error(`${input.name}: the download of ${input.url} stopped after ${received} of its ${declared} bytes; open it again`);
}

function failure(error: unknown): { ok: false; code: string; message: string } {
  if (isSplatfitError(error)) return { ok: false, code: error.code, message: error.message };
  return { ok: false, code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
