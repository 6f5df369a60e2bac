/**
 * Test-only page: renders `?scene=URL` (a PLY) with @mkkellogg/gaussian-splats-3d from the camera
 * in the query (`eye`, `target`, `up` as x,y,z; `fov` vertical degrees; `w`, `h` pixels; `sh`
 * the SH degree to render, default 2), so the
 * browser test can compare it with our reference rasterizer. Sets `window.gs3dPixels` to the
 * RGBA bytes (top row first) when done, or `window.gs3dError`.
 */
import * as GaussianSplats3D from '@mkkellogg/gaussian-splats-3d';
import { threeViewFromQuery } from './three-view.ts';

declare global {
  interface Window { gs3dPixels?: number[]; gs3dError?: string; gs3dFrameMs?: number }
}

const query = new URLSearchParams(location.search);

async function main(): Promise<void> {
  const { root, renderer, camera, width, height } = threeViewFromQuery(query, { preserveDrawingBuffer: true });
  const viewer = new GaussianSplats3D.Viewer({
    renderer, camera, rootElement: root, selfDrivenMode: true, useBuiltInControls: false,
    sharedMemoryForWorkers: false, integerBasedSort: false, gpuAcceleratedSort: false,
    sphericalHarmonicsDegree: Number(query.get('sh') ?? 2), antialiased: false, kernel2DSize: 0.3,
    // No fade-in animation: compare the finished picture.
    sceneRevealMode: GaussianSplats3D.SceneRevealMode.Instant,
  } as Record<string, unknown>) as unknown as {
    addSplatScene(url: string, options: Record<string, unknown>): Promise<void>;
    start(): void;
    runSplatSort(force: boolean, forceSortAll: boolean): Promise<boolean>;
    sortRunning: boolean;
    sortPromise: Promise<void> | null;
  };
  await viewer.addSplatScene(query.get('scene')!, { format: GaussianSplats3D.SceneFormat.Ply, showLoadingUI: false, progressiveLoad: false, splatAlphaRemovalThreshold: 0 });
  // The library sorts in a worker and re-sorts only after the view turns by ~8° or moves by one
  // world unit, so a first sort made before this camera settled can stay; and a forced sort asked
  // while another runs is dropped. So: wait for any running sort to end, force a full sort for
  // this camera, wait for it to be done, then let the viewer's own loop (which applies a finished
  // sort in its update step) draw a few frames with it. Frames are counted, no timing is assumed.
  // The loop's first frames set the camera's matrices, which the sort reads.
  viewer.start();
  await animationFrames(3);
  await sortedFor(viewer);
  await animationFrames(3);
  const gl = renderer.getContext();
  const pixels = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  const flipped = new Uint8Array(pixels.length);
  for (let y = 0; y < height; y++) flipped.set(pixels.subarray((height - 1 - y) * width * 4, (height - y) * width * 4), y * width * 4);
  window.gs3dPixels = Array.from(flipped);
  // Frame timing for bench:render-web: `frames` synchronous draws, each waited for by a pixel read.
  const frames = Number(query.get('frames') ?? 0);
  if (frames > 0) {
    const draw = viewer as unknown as { render(): void };
    const started = performance.now();
    for (let k = 0; k < frames; k++) {
      draw.render();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    }
    window.gs3dFrameMs = (performance.now() - started) / frames;
  }
}

async function animationFrames(count: number): Promise<void> {
  for (let k = 0; k < count; k++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
}

/** Resolves once a full sort started after every earlier one ended is done. */
async function sortedFor(viewer: { runSplatSort(force: boolean, forceSortAll: boolean): Promise<boolean>; sortRunning: boolean; sortPromise: Promise<void> | null }): Promise<void> {
  const idle = async (): Promise<void> => {
    while (viewer.sortRunning) await (viewer.sortPromise ?? new Promise<void>((r) => requestAnimationFrame(() => r())));
  };
  await idle();
  await viewer.runSplatSort(true, true);
  await idle();
}

main().catch((error: unknown) => { window.gs3dError = String(error); });
