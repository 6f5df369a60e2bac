/**
 * Refuses, before reading, a file (dropped, picked or at a `?url=`) whose scene would not fit in
 * the tab. What the tab holds for a scene, counted as the page holds it: the browser's own share
 * before any scene, the decoded scene once (the page, its panes' workers and the compress workers
 * share it), the renderer's layout of it on the GPU, the compress workers and their working memory
 * while budgets are fitted. The scene's bytes are exact where the file's head gives its splat count
 * and SH degree (core/formats/scene-shape.ts); elsewhere they are estimated from the file's size.
 */
import { type BlobLike, extensionOf, gpuLayoutBytesPerSplat, SHAPE_HEAD_BYTES, sceneByteSize, sceneShapeOf, type SceneShape } from '../core/index.ts';

/** Decoded scene bytes per file byte, by format, for files whose head does not give their shape (measured on the shared scenes, rounded up). */
const EXPANSION: Record<string, number> = { '.ply': 1.1, '.splat': 8, '.spz': 14, '.sog': 20, '.ksplat': 6, '.splatfit': 25, '.json': 20 };

/**
 * The browser's processes and the page before a scene and without compress workers, each compress
 * worker's own memory, and the workers' working memory per byte of the scene while budgets are
 * fitted. From `npm run bench:memory`'s page peaks (summed PSS, three budgets fitted): with two
 * compress workers 1.145 GiB for playbot-500k and 3.848 GiB for the 6 M tiling, which, less the
 * scene and its GPU layout (counted exactly), leave 0.90 GiB and 2.0 per scene byte; with four
 * (BENCH_CORES=4) playbot-500k peaked 0.09 GiB higher, 1.234 GiB, taken as the two more workers'
 * own. SH 2 scenes only were measured; the working memory is per scene byte, so a degree's larger
 * scene counts in proportion. The 2 M tiling, measured since (2026-12-03), peaked at 1.903 GiB
 * against this estimate's 1.883: 1 % over it, within the 6 M tiling's spread from run to run
 * (3.80 and 3.85 GiB), so the figures stay as they are.
 */
const BROWSER_BYTES = 0.8 * 1024 ** 3;
const WORKER_BYTES = 0.05 * 1024 ** 3;
const WORKING_BYTES_PER_SCENE_BYTE = 2.0;

/** The memory a tab can count on, in bytes: half the device's (navigator.deviceMemory), at most 4 GiB for one tab. */
export function tabMemoryBudget(): number {
  const deviceGiB = (navigator as { deviceMemory?: number }).deviceMemory ?? 4;
  return Math.min(4, deviceGiB / 2) * 1024 ** 3;
}

/** What a file to be opened is known to hold: its shape where its head says, else its size. */
export type SceneSize = { readonly shape: SceneShape } | { readonly fileBytes: number };

/** The tab's memory for a scene of `size` with `workers` compress workers, in bytes. */
export function neededBytes(name: string, size: SceneSize, workers: number): number {
  const scene = 'shape' in size ? sceneByteSize(size.shape.count, size.shape.shDegree) : size.fileBytes * (EXPANSION[extensionOf(name)] ?? 20);
  // no splat count: the layout counted as big as the scene, which it never exceeds
  const gpu = 'shape' in size ? size.shape.count * gpuLayoutBytesPerSplat(size.shape.shDegree) : scene;
  return BROWSER_BYTES + workers * WORKER_BYTES + scene + gpu + WORKING_BYTES_PER_SCENE_BYTE * scene;
}

/** Null when the file fits, else a message saying how much it needs and how much there is. */
export function memoryRefusal(name: string, size: SceneSize, workers: number, budget = tabMemoryBudget()): string | null {
  const needed = neededBytes(name, size, workers);
  if (needed <= budget) return null;
  // two decimals where one would show the need and the budget as the same figure
  const digits = (needed / 1024 ** 3).toFixed(1) === (budget / 1024 ** 3).toFixed(1) ? 2 : 1;
  const gib = (v: number): string => `${(v / 1024 ** 3).toFixed(digits)} GiB`;
  return `${name}: its scene needs about ${gib(needed)} of memory here (decoded, on the GPU and in the compress workers), more than this tab can count on (${gib(budget)}); use the splatfit CLI for it.`;
}

/** What a dropped or picked file holds, from its head (from its size where the head cannot be read: reading the file then says why). */
export function fileSceneSize(name: string, blob: BlobLike): Promise<SceneSize> {
  return sceneSizeOf(name, blob.size, (bytes) => blob.slice(0, bytes).arrayBuffer().then((b) => new Uint8Array(b), () => null));
}

/**
 * What the file at `url` holds, from one ranged request for its head: its size from the reply's
 * Content-Range (Content-Length where the server sends the whole file instead), its shape from the
 * head, read no further than that even where the whole file comes; null when the server does not
 * give the size (the scene is then read without the check, as before).
 */
export async function urlSceneSize(url: string, name: string): Promise<SceneSize | null> {
  const reply = await sizeAndHead(url, SHAPE_HEAD_BYTES).catch(() => null);
  return reply === null ? null : sceneSizeOf(name, reply.fileBytes, async (bytes) => reply.head?.subarray(0, bytes) ?? null);
}

async function sceneSizeOf(name: string, fileBytes: number, readHead: (bytes: number) => Promise<Uint8Array | null>): Promise<SceneSize> {
  const shape = await sceneShapeOf(name, fileBytes, readHead);
  return shape === null ? { fileBytes } : { shape };
}

/** The file's size and its first `length` bytes (null where the body could not be read); null where the reply gives no size. */
async function sizeAndHead(url: string, length: number): Promise<{ fileBytes: number; head: Uint8Array | null } | null> {
  // not stored: with this head in the browser's cache, the scene's download that follows came back
  // cut short without an error, in the third and fourth of bench:interaction's pages of playbot-125k
  // (19 MB from vite preview; 8.8 MB arrived) in each of three runs; not stored, all four opened
  const response = await fetch(url, { headers: { Range: `bytes=0-${length - 1}` }, cache: 'no-store' });
  // a cross-origin server must expose Content-Range for a page to read it: the size then takes a HEAD request
  const fileBytes = !response.ok ? null : replyFileBytes(response) ?? (response.status === 206 ? await headByteSize(url) : null);
  if (fileBytes === null) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  return { fileBytes, head: response.body === null ? null : await readAtMost(response.body, Math.min(length, fileBytes)).catch(() => null) };
}

/** A ranged reply's total from `Content-Range: bytes a-b/total`; a whole reply's Content-Length. */
function replyFileBytes(response: Response): number | null {
  return response.status === 206
    ? positiveBytes(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1])
    : positiveBytes(response.headers.get('content-length'));
}

async function headByteSize(url: string): Promise<number | null> {
  const response = await fetch(url, { method: 'HEAD' }).catch(() => null);
  return response?.ok === true ? positiveBytes(response.headers.get('content-length')) : null;
}

/** A header's count of bytes where it gives one above zero, else null. */
function positiveBytes(text: string | null | undefined): number | null {
  const bytes = Number(text ?? NaN);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : null;
}

async function readAtMost(body: ReadableStream<Uint8Array>, length: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const head = new Uint8Array(length);
  let filled = 0;
  while (filled < head.length) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.length, head.length - filled);
    head.set(value.subarray(0, take), filled);
    filled += take;
  }
  await reader.cancel().catch(() => undefined);
  return head.subarray(0, filled);
}
